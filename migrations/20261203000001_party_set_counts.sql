-- The portal's folder counts over a stored party set (an accountant's 50,000 clients), kept
-- for a minute. Counting them walks every resource through the set: about 25 ms per folder,
-- five folders per page. A count is forgotten as soon as a dialog of one of the set's parties
-- is written (created, changed, moved between folders, deleted or purged), so the person's own
-- changes and everyone else's show on the next page. What changes by itself within the minute
-- (a dialog reaching its visibleFrom or expiresAt) shows within the minute.
create table search_party_set_counts (
    set_id uuid not null references search_party_sets (id) on delete cascade,
    -- The resources, filters and cap counted (a hash of them).
    key uuid not null,
    counts int8[] not null,
    counted_at timestamptz not null,
    primary key (set_id, key)
);

-- The sets a written dialog's party belongs to.
create index search_party_set_members_party_idx on search_party_set_members (party);

create function forget_party_set_counts() returns trigger
language plpgsql as $$
begin
    if tg_op <> 'INSERT' then
        delete from search_party_set_counts counted
        using search_party_set_members member
        where member.party = old.party and counted.set_id = member.set_id;
    end if;
    if tg_op = 'INSERT' or (tg_op = 'UPDATE' and new.party <> old.party) then
        delete from search_party_set_counts counted
        using search_party_set_members member
        where member.party = new.party and counted.set_id = member.set_id;
    end if;
    return null;
end
$$;

create trigger dialogs_forget_party_set_counts
after insert or update or delete on dialogs
for each row execute function forget_party_set_counts();
