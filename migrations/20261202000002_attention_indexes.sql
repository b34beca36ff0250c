-- "Needs your attention" lists inbox dialogs that require attention (status 5) or have a due
-- date soon or passed. They are a small share of a big party's inbox and rarely its newest,
-- so a recency walk over all of its dialogs skipped thousands of rows to find ten. These
-- partial recency indexes hold just the candidates (an inbox dialog that requires attention
-- or has a due date); a walk filtered on `status = 5 or due_at < ...` reads them instead.
create index dialogs_party_attention_idx on dialogs (party, content_updated_at desc, id desc)
    include (service_resource, org, status, deleted_at, visible_from, expires_at, due_at,
             created_at, updated_at, is_api_only, marked_as_unopened, sent, is_seen_since_last_content_update)
    where system_label = 1 and (status = 5 or due_at is not null);

create index dialogs_service_resource_attention_idx on dialogs (service_resource, content_updated_at desc, id desc)
    include (party, org, status, deleted_at, visible_from, expires_at, due_at,
             created_at, updated_at, is_api_only, marked_as_unopened, sent, is_seen_since_last_content_update)
    where system_label = 1 and (status = 5 or due_at is not null);
