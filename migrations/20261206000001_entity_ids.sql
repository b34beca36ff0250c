-- The ids of what a dialog keeps inside its documents (attachments, GUI and API actions, API
-- action endpoints, transmissions' attachments) are unique across all dialogs, as upstream's
-- tables key them: an id another dialog holds is refused. This table claims each id for its dialog.
-- No foreign key and no index but the key: a create claims its ids in the statement that
-- inserts the dialog, and each would cost every create a lookup; ids are released by id (an
-- update's, and a purge's, which reads them from the dialog's documents).
create table dialog_entity_ids (
    id uuid primary key,
    dialog_id uuid not null,
    -- 1 attachment, 2 GUI action, 3 API action, 4 API action endpoint, 5 a transmission's attachment
    entity smallint not null
);

-- What the dialogs hold already; an id two dialogs share stays with the older dialog.
insert into dialog_entity_ids (id, dialog_id, entity)
select id, dialog_id, entity from (
    select (a ->> 'id')::uuid as id, d.id as dialog_id, 1::smallint as entity, d.created_at
    from dialogs d, jsonb_array_elements(d.attachments) a
    union all
    select (g ->> 'id')::uuid, d.id, 2::smallint, d.created_at
    from dialogs d, jsonb_array_elements(d.gui_actions) g
    union all
    select (p ->> 'id')::uuid, d.id, 3::smallint, d.created_at
    from dialogs d, jsonb_array_elements(d.api_actions) p
    union all
    select (e ->> 'id')::uuid, d.id, 4::smallint, d.created_at
    from dialogs d, jsonb_array_elements(d.api_actions) p, jsonb_array_elements(p -> 'endpoints') e
    union all
    select (a ->> 'id')::uuid, t.dialog_id, 5::smallint, t.created_at
    from dialog_transmissions t, jsonb_array_elements(t.document -> 'attachments') a
) held
order by created_at
on conflict (id) do nothing;
