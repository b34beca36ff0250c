-- What end users do with dialogs: who has seen them (seen log) and how their system labels
-- changed (label log), each read per dialog in time order; and free-text search.

create table dialog_seen_log (
    id uuid primary key,
    dialog_id uuid not null references dialogs (id) on delete cascade,
    created_at timestamptz not null,
    is_via_service_owner boolean not null,
    -- The seeing actor as written to clients ({actorType, actorId, actorName}).
    seen_by jsonb not null
);
create index dialog_seen_log_dialog_idx on dialog_seen_log (dialog_id, created_at, id);

create table dialog_label_log (
    id uuid primary key,
    dialog_id uuid not null references dialogs (id) on delete cascade,
    created_at timestamptz not null,
    -- e.g. systemlabel:Bin
    name text not null,
    action text not null check (action in ('set', 'remove')),
    performed_by jsonb not null
);
create index dialog_label_log_dialog_idx on dialog_label_log (dialog_id, created_at, id);

-- Free text: title, summary and sender name in each of their languages, stemmed as Norwegian
-- (nb, nn) or English (en), plus every word unstemmed ('simple') so that other languages, names
-- and stop words match too; search tags and attachment names unstemmed. Title and tags weigh most.
create function dialog_localized_text(content jsonb, field text, languages text[]) returns text
language sql immutable parallel safe as $$
    select coalesce(string_agg(localization ->> 'value', ' '), '')
    from jsonb_array_elements(coalesce(content -> field -> 'value', '[]'::jsonb)) as localization
    where languages is null or localization ->> 'languageCode' = any (languages)
$$;

create function dialog_attachment_names(attachments jsonb) returns text
language sql immutable parallel safe as $$
    select coalesce(string_agg(name ->> 'value', ' '), '')
    from jsonb_array_elements(attachments) as attachment,
         jsonb_array_elements(coalesce(attachment -> 'displayName', '[]'::jsonb)) as name
$$;

create function dialog_search_vector(content jsonb, search_tags text[], attachments jsonb) returns tsvector
language sql immutable parallel safe as $$
    select setweight(to_tsvector('pg_catalog.norwegian', dialog_localized_text(content, 'title', array['nb', 'nn'])), 'A')
        || setweight(to_tsvector('pg_catalog.english', dialog_localized_text(content, 'title', array['en'])), 'A')
        || setweight(to_tsvector('pg_catalog.simple', dialog_localized_text(content, 'title', null)), 'A')
        || setweight(to_tsvector('pg_catalog.simple', array_to_string(search_tags, ' ')), 'A')
        || setweight(to_tsvector('pg_catalog.norwegian', dialog_localized_text(content, 'summary', array['nb', 'nn'])), 'B')
        || setweight(to_tsvector('pg_catalog.english', dialog_localized_text(content, 'summary', array['en'])), 'B')
        || setweight(to_tsvector('pg_catalog.simple', dialog_localized_text(content, 'summary', null)), 'B')
        || setweight(to_tsvector('pg_catalog.simple', dialog_localized_text(content, 'senderName', null)), 'C')
        || setweight(to_tsvector('pg_catalog.simple', dialog_attachment_names(attachments)), 'D')
        -- File names whole (kvittering.pdf) and in parts (kvittering, pdf).
        || setweight(to_tsvector('pg_catalog.simple', regexp_replace(dialog_attachment_names(attachments), '[._]+', ' ', 'g')), 'D')
$$;

alter table dialogs add column search_vector tsvector
    generated always as (dialog_search_vector(content, search_tags, attachments)) stored;
create index dialogs_search_vector_idx on dialogs using gin (search_vector);
