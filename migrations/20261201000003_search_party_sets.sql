-- Large sets of parties a search is limited to (such as an accountant's clients), stored once and
-- named by a hash of their members, so that searches refer to them by id instead of carrying tens
-- of thousands of values in every statement (planned anew each time). Servers touch the sets they
-- use at least hourly; a set nobody has touched for a day is removed.
create table search_party_sets (
    id uuid primary key,
    touched_at timestamptz not null
);

create table search_party_set_members (
    set_id uuid not null references search_party_sets (id) on delete cascade,
    party text collate "C" not null,
    primary key (set_id, party)
);
