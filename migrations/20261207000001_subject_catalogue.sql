-- The roles and access packages Access Management describes: names for the service-resource
-- metadata, and a role's id for its metadata link. Replaced with the rest of the authorization data.
create table subject_catalogue (
    urn text primary key,
    id uuid,
    name jsonb not null
);
