-- The recency indexes searches walk (party, service resource or org, newest content first) carry
-- every column a search filters on, so that a walk is an index-only scan that stops after the
-- page: a filter that skips many rows then reads no table pages for them.
drop index dialogs_party_recent_idx;
create index dialogs_party_recent_idx on dialogs (party, content_updated_at desc, id desc)
    include (service_resource, org, status, system_label, deleted_at, visible_from, expires_at, due_at,
             created_at, updated_at, is_api_only, marked_as_unopened, sent, is_seen_since_last_content_update);

drop index dialogs_service_resource_recent_idx;
create index dialogs_service_resource_recent_idx on dialogs (service_resource, content_updated_at desc, id desc)
    include (party, org, status, system_label, deleted_at, visible_from, expires_at, due_at,
             created_at, updated_at, is_api_only, marked_as_unopened, sent, is_seen_since_last_content_update);

drop index dialogs_org_recent_idx;
create index dialogs_org_recent_idx on dialogs (org, content_updated_at desc, id desc)
    include (party, service_resource, status, system_label, deleted_at, visible_from, expires_at, due_at,
             created_at, updated_at, is_api_only, marked_as_unopened, sent, is_seen_since_last_content_update);
