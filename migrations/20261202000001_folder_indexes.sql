-- The folders besides the inbox (drafts, sent, archive, bin) and "needs your attention" hold a
-- small share of a party's dialogs. These partial recency indexes hold just those rows, so that
-- a count or a page of such a folder reads its own rows and not the whole of a big party's or
-- resource's inbox. Most new dialogs (in the inbox, not sent by the party) never enter them.
-- Statuses: 3 is Draft, 5 RequiresAttention; system label 1 is the inbox (Default).
create index dialogs_party_folder_idx on dialogs (party, system_label, content_updated_at desc, id desc)
    include (service_resource, org, status, deleted_at, visible_from, expires_at, due_at,
             created_at, updated_at, is_api_only, marked_as_unopened, sent, is_seen_since_last_content_update)
    where system_label <> 1 or sent or status in (3, 5);

create index dialogs_service_resource_folder_idx on dialogs (service_resource, system_label, content_updated_at desc, id desc)
    include (party, org, status, deleted_at, visible_from, expires_at, due_at,
             created_at, updated_at, is_api_only, marked_as_unopened, sent, is_seen_since_last_content_update)
    where system_label <> 1 or sent or status in (3, 5);
