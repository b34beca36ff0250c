-- The same vector as before, with the additional info read only when a dialog has one: reading
-- it from every dialog (three text searches configurations over an empty text) added a seventh
-- to the vector's cost, on every create and update. Existing vectors are unchanged.
create or replace function dialog_search_vector(content jsonb, search_tags text[], attachments jsonb) returns tsvector
language plpgsql immutable parallel safe as $$
declare
    attachment_names text := dialog_attachment_names(attachments);
    vector tsvector;
begin
    vector := setweight(to_tsvector('pg_catalog.norwegian', dialog_localized_text(content, 'title', array['nb', 'nn'])), 'A')
        || setweight(to_tsvector('pg_catalog.english', dialog_localized_text(content, 'title', array['en'])), 'A')
        || setweight(to_tsvector('pg_catalog.simple', dialog_localized_text(content, 'title', null)), 'A')
        || setweight(to_tsvector('pg_catalog.simple', array_to_string(search_tags, ' ')), 'A')
        || setweight(to_tsvector('pg_catalog.norwegian', dialog_localized_text(content, 'summary', array['nb', 'nn'])), 'B')
        || setweight(to_tsvector('pg_catalog.english', dialog_localized_text(content, 'summary', array['en'])), 'B')
        || setweight(to_tsvector('pg_catalog.simple', dialog_localized_text(content, 'summary', null)), 'B')
        || setweight(to_tsvector('pg_catalog.simple', dialog_localized_text(content, 'senderName', null)), 'C');
    if content ? 'additionalInfo' then
        vector := vector
            || setweight(to_tsvector('pg_catalog.norwegian', dialog_localized_text(content, 'additionalInfo', array['nb', 'nn'])), 'D')
            || setweight(to_tsvector('pg_catalog.english', dialog_localized_text(content, 'additionalInfo', array['en'])), 'D')
            || setweight(to_tsvector('pg_catalog.simple', dialog_localized_text(content, 'additionalInfo', null)), 'D');
    end if;
    return vector
        || setweight(to_tsvector('pg_catalog.simple', attachment_names), 'D')
        || setweight(to_tsvector('pg_catalog.simple', regexp_replace(attachment_names, '[._]+', ' ', 'g')), 'D');
end
$$;
