-- Kept folder counts (see party_set_counts) are forgotten only by a write that can change a
-- folder count: a dialog created, deleted or purged, or one whose party, resource, status,
-- folder (system label, sent), deletion or visibility changed. Opening a dialog, a new
-- transmission or a changed title leaves them: the portal now keeps every page's counts,
-- and a citizen reading a new dialog should not make the next inbox page count again.
drop trigger dialogs_forget_party_set_counts on dialogs;

create trigger dialogs_forget_party_set_counts
after insert or delete on dialogs
for each row execute function forget_party_set_counts();

create trigger dialogs_forget_party_set_counts_on_change
after update on dialogs
for each row
when (old.party is distinct from new.party
    or old.service_resource is distinct from new.service_resource
    or old.status is distinct from new.status
    or old.system_label is distinct from new.system_label
    or old.sent is distinct from new.sent
    or old.deleted_at is distinct from new.deleted_at
    or old.visible_from is distinct from new.visible_from
    or old.expires_at is distinct from new.expires_at)
execute function forget_party_set_counts();
