-- The free-text vector's helpers as PL/pgSQL. As SQL functions that cannot be inlined, each
-- call was parsed and planned again in every transaction (eight times per dialog): a profile
-- of creates at 8 clients spent a quarter of all CPU there. PL/pgSQL keeps their plans for the
-- session. The results, and so the stored vectors, are unchanged.
create or replace function dialog_localized_text(content jsonb, field text, languages text[]) returns text
language plpgsql immutable parallel safe as $$
begin
    return (
        select coalesce(string_agg(localization ->> 'value', ' '), '')
        from jsonb_array_elements(coalesce(content -> field -> 'value', '[]'::jsonb)) as localization
        where languages is null or localization ->> 'languageCode' = any (languages)
    );
end
$$;

create or replace function dialog_attachment_names(attachments jsonb) returns text
language plpgsql immutable parallel safe as $$
begin
    return (
        select coalesce(string_agg(name ->> 'value', ' '), '')
        from jsonb_array_elements(attachments) as attachment,
             jsonb_array_elements(coalesce(attachment -> 'displayName', '[]'::jsonb)) as name
    );
end
$$;
