-- Dialogs. Every list the APIs serve is led by party, service resource or org with recency
-- (content_updated_at desc, id desc: the default order), each with its own index. Content, attachments and actions are
-- replaced as a whole with the dialog and live in it as JSONB; transmissions and activities are
-- appended on their own and have tables of their own.

create table dialogs (
    id uuid primary key,
    revision uuid not null,
    org text not null,
    service_resource text collate "C" not null,
    service_resource_type text not null,
    party text collate "C" not null,
    idempotent_key text,
    status smallint not null,
    progress smallint check (progress between 0 and 100),
    extended_status text,
    external_reference text,
    process text,
    preceding_process text,
    visible_from timestamptz,
    due_at timestamptz,
    expires_at timestamptz,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    content_updated_at timestamptz not null,
    deleted_at timestamptz,
    is_api_only boolean not null,
    frozen boolean not null default false,
    has_unopened_content boolean not null,
    is_seen_since_last_content_update boolean not null,
    from_service_owner_transmissions_count smallint not null,
    from_party_transmissions_count smallint not null,
    -- Default (1), Bin (2) or Archive (3); the flags beside them are columns of their own.
    system_label smallint not null default 1 check (system_label in (1, 2, 3)),
    marked_as_unopened boolean not null default false,
    sent boolean not null default false,
    end_user_context_revision uuid not null,
    service_owner_context_revision uuid not null,
    service_owner_labels text[] not null default '{}',
    search_tags text[] not null default '{}',
    content jsonb not null,
    attachments jsonb not null default '[]',
    gui_actions jsonb not null default '[]',
    api_actions jsonb not null default '[]'
);

create unique index dialogs_org_idempotent_key_idx on dialogs (org, idempotent_key) where idempotent_key is not null;
create index dialogs_party_recent_idx on dialogs (party, content_updated_at desc, id desc);
create index dialogs_service_resource_recent_idx on dialogs (service_resource, content_updated_at desc, id desc);
create index dialogs_org_recent_idx on dialogs (org, content_updated_at desc, id desc);

create table dialog_transmissions (
    id uuid primary key,
    dialog_id uuid not null references dialogs (id) on delete cascade,
    idempotent_key text,
    created_at timestamptz not null,
    type smallint not null,
    related_transmission_id uuid,
    -- The transmission as written to clients (camelCase JSON).
    document jsonb not null
);
create index dialog_transmissions_dialog_idx on dialog_transmissions (dialog_id, created_at, id);
create unique index dialog_transmissions_idempotent_key_idx on dialog_transmissions (dialog_id, idempotent_key)
    where idempotent_key is not null;

create table dialog_activities (
    id uuid primary key,
    dialog_id uuid not null references dialogs (id) on delete cascade,
    created_at timestamptz not null,
    type smallint not null,
    transmission_id uuid,
    document jsonb not null
);
create index dialog_activities_dialog_idx on dialog_activities (dialog_id, created_at, id);
