-- The portal keeps every page's folder counts with a stored party set (a citizen's own party
-- among them), so there are as many sets as people who used the portal in a day. Each new
-- set removes the day-old ones: by this index rather than a scan of them all.
create index search_party_sets_touched_idx on search_party_sets (touched_at);
