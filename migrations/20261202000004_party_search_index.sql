-- Free text for one party (or a few) by a rare term. The text index alone returns every match in
-- the table, and PostgreSQL then intersected it with a bitmap of all of a big party's rows (30
-- ms for 73,000 dialogs, growing with the table). With the party in the same GIN index
-- (btree_gin), one index scan finds the party's matches only; a search without a party
-- condition (a service owner's, many parties') uses its text column alone, as it used the
-- text index it replaces.
create extension if not exists btree_gin;

create index dialogs_party_search_idx on dialogs using gin (party, search_vector);

drop index dialogs_search_vector_idx;
