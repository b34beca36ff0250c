-- Portal sign-in: pending OpenID Connect logins (state, nonce, PKCE verifier) and sessions.
-- Only hashes of the browser-held secrets are stored, so a leaked table signs no one in.

create table portal_logins (
    state_hash bytea primary key,
    nonce text not null,
    pkce_verifier text not null,
    return_to text not null,
    created_at timestamptz not null
);
create index portal_logins_created_idx on portal_logins (created_at);

create table portal_sessions (
    id_hash bytea primary key,
    person text not null,
    name text,
    authentication_level smallint not null,
    -- For logout at the provider (id_token_hint).
    id_token text,
    csrf_token text not null,
    created_at timestamptz not null,
    last_seen_at timestamptz not null
);
create index portal_sessions_last_seen_idx on portal_sessions (last_seen_at);
