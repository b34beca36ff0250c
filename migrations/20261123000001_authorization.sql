-- The authorization model: service owners, service resources with policies, parties and the
-- roles and access packages people hold for organisations. Replaced as a whole by an import.

create table service_owners (
    org_code text primary key,
    organization_number text not null unique,
    name jsonb not null
);

create table service_resources (
    id text primary key collate "C",
    title jsonb not null,
    resource_type text not null,
    owner_org text not null references service_owners (org_code),
    minimum_authentication_level smallint not null check (minimum_authentication_level between 0 and 4)
);
create index service_resources_owner_idx on service_resources (owner_org);

-- One row per (subject, action, attribute) a resource's policy grants. A null attribute grants
-- the action on the resource and on every authorization attribute of it.
create table policy_rules (
    resource_id text not null references service_resources (id) on delete cascade,
    subject text not null,
    action text not null,
    attribute text,
    unique nulls not distinct (resource_id, subject, action, attribute)
);

create table parties (
    urn text primary key collate "C",
    name text not null,
    parent_urn text references parties (urn)
);
create index parties_parent_idx on parties (parent_urn) where parent_urn is not null;

-- A role code (DAGL, ...) or access package a person holds for an organisation. Through a main
-- unit it reaches that unit's sub-units too.
create table party_relations (
    person_urn text collate "C" not null references parties (urn),
    organization_urn text collate "C" not null references parties (urn),
    subject text not null,
    primary key (person_urn, organization_urn, subject)
);
create index party_relations_organization_idx on party_relations (organization_urn);

-- Bumped by every import, so that every server instance knows when its cached decisions are stale.
create table authorization_generation (
    singleton boolean primary key default true check (singleton),
    generation bigint not null
);
insert into authorization_generation (generation) values (0);
