-- The services each party has dialogs of, so that the inbox's sender filter offers only the
-- senders a person has dialogs from. A trigger notes a pair when a party gets its first dialog
-- of a service; the pair stays when those dialogs are deleted or purged (choosing the sender
-- then finds nothing, as it would for a filter that matches nothing).
create table party_resources (
    party text collate "C" not null,
    service_resource text collate "C" not null,
    primary key (party, service_resource)
);

insert into party_resources (party, service_resource)
select distinct party, service_resource from dialogs;

-- The services of a stored party set's parties (an accountant's 50,000 clients: about a
-- tenth of a second to gather), kept beside the set for a minute or until one of its parties
-- gets a dialog of a service it had none of.
create table search_party_set_resources (
    set_id uuid primary key references search_party_sets (id) on delete cascade,
    resources text[] not null,
    kept_at timestamptz not null
);

create function note_party_resource() returns trigger
language plpgsql as $$
begin
    insert into party_resources (party, service_resource)
    values (new.party, new.service_resource)
    on conflict do nothing;
    return null;
end
$$;

create trigger dialogs_note_party_resource
after insert on dialogs
for each row execute function note_party_resource();

create function forget_party_set_resources() returns trigger
language plpgsql as $$
begin
    delete from search_party_set_resources kept
    using search_party_set_members member
    where member.party = new.party and kept.set_id = member.set_id;
    return null;
end
$$;

create trigger party_resources_forget_party_set_resources
after insert on party_resources
for each row execute function forget_party_set_resources();
