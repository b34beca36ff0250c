-- Free text also finds a dialog by its additional info, as upstream's search matches every
-- content value. The vector is a stored generated column, so it is added again for every
-- dialog's vector to be computed anew (PostgreSQL 15 cannot change a generated expression in
-- place), and its index with it.
create or replace function dialog_search_vector(content jsonb, search_tags text[], attachments jsonb) returns tsvector
language plpgsql immutable parallel safe as $$
declare
    attachment_names text := dialog_attachment_names(attachments);
begin
    return setweight(to_tsvector('pg_catalog.norwegian', dialog_localized_text(content, 'title', array['nb', 'nn'])), 'A')
        || setweight(to_tsvector('pg_catalog.english', dialog_localized_text(content, 'title', array['en'])), 'A')
        || setweight(to_tsvector('pg_catalog.simple', dialog_localized_text(content, 'title', null)), 'A')
        || setweight(to_tsvector('pg_catalog.simple', array_to_string(search_tags, ' ')), 'A')
        || setweight(to_tsvector('pg_catalog.norwegian', dialog_localized_text(content, 'summary', array['nb', 'nn'])), 'B')
        || setweight(to_tsvector('pg_catalog.english', dialog_localized_text(content, 'summary', array['en'])), 'B')
        || setweight(to_tsvector('pg_catalog.simple', dialog_localized_text(content, 'summary', null)), 'B')
        || setweight(to_tsvector('pg_catalog.simple', dialog_localized_text(content, 'senderName', null)), 'C')
        || setweight(to_tsvector('pg_catalog.norwegian', dialog_localized_text(content, 'additionalInfo', array['nb', 'nn'])), 'D')
        || setweight(to_tsvector('pg_catalog.english', dialog_localized_text(content, 'additionalInfo', array['en'])), 'D')
        || setweight(to_tsvector('pg_catalog.simple', dialog_localized_text(content, 'additionalInfo', null)), 'D')
        || setweight(to_tsvector('pg_catalog.simple', attachment_names), 'D')
        || setweight(to_tsvector('pg_catalog.simple', regexp_replace(attachment_names, '[._]+', ' ', 'g')), 'D');
end
$$;

alter table dialogs drop column search_vector;
alter table dialogs add column search_vector tsvector
    generated always as (dialog_search_vector(content, search_tags, attachments)) stored;
create index dialogs_party_search_idx on dialogs using gin (party, search_vector);
