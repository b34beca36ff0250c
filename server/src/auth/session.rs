//! Portal sessions: a random id in a Secure, HttpOnly, SameSite=Lax cookie, and the session in
//! PostgreSQL under the id's SHA-256. Sessions end after 30 idle minutes or 8 hours in all.

use axum::extract::{FromRef, FromRequestParts};
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use chrono::{Duration, Utc};
use http::{HeaderMap, HeaderValue, header, request::Parts};
use sha2::{Digest, Sha256};
use sqlx::PgPool;

use crate::{
    authz::EndUser,
    domain::party::{NationalIdentityNumber, Party},
    error::{Error, Result},
};

pub const COOKIE: &str = "dialoghub_session";
pub const IDLE_TIMEOUT: Duration = Duration::minutes(30);
pub const ABSOLUTE_TIMEOUT: Duration = Duration::hours(8);

/// 32 random bytes, base64url: a session id, CSRF token, OIDC state or nonce.
pub fn random_token() -> Result<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|error| anyhow::anyhow!("no random source: {error}"))?;
    Ok(URL_SAFE_NO_PAD.encode(bytes))
}

pub fn hash(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

/// A signed-in person.
#[derive(Debug, Clone)]
pub struct PortalSession {
    pub user: EndUser,
    pub name: Option<String>,
    pub csrf_token: String,
    pub id_token: Option<String>,
    id_hash: Vec<u8>,
}

impl PortalSession {
    /// Checks a form's CSRF token against the session's, in constant time.
    pub fn check_csrf(&self, token: &str) -> Result<()> {
        let expected = self.csrf_token.as_bytes();
        let given = token.as_bytes();
        let same = expected.len() == given.len()
            && expected
                .iter()
                .zip(given)
                .fold(0u8, |acc, (a, b)| acc | (a ^ b))
                == 0;
        if same {
            Ok(())
        } else {
            Err(Error::Forbidden(Error::field(
                "csrf",
                "The form is out of date; reload the page and try again.",
            )))
        }
    }
}

/// What a new session is made of.
pub struct NewSession {
    /// The user's own party: a person, or an ID-porten e-mail user.
    pub party: Party,
    pub name: Option<String>,
    pub authentication_level: u8,
    pub id_token: Option<String>,
}

/// Stores a session; returns the cookie value (the session id).
pub async fn create(pool: &PgPool, session: &NewSession) -> Result<String> {
    let id = random_token()?;
    let now = Utc::now();
    sqlx::query!(
        "insert into portal_sessions (id_hash, person, name, authentication_level, id_token, csrf_token, created_at, last_seen_at)
         values ($1, $2, $3, $4, $5, $6, $7, $7)",
        hash(&id),
        stored_party(&session.party),
        session.name,
        i16::from(session.authentication_level),
        session.id_token,
        random_token()?,
        now,
    )
    .execute(pool)
    .await?;
    Ok(id)
}

/// A session's last use is written when it is older than this: a page view then only reads
/// (no commit to wait for), and the idle timeout is kept to within this much.
pub const TOUCH_EVERY: Duration = Duration::minutes(1);

/// The live session behind a cookie value, touched; expired ones are deleted.
pub async fn find(pool: &PgPool, id: &str) -> Result<Option<PortalSession>> {
    let now = Utc::now();
    let id_hash = hash(id);
    let row = sqlx::query!(
        "with live as (
             select id_hash, person, name, authentication_level, id_token, csrf_token, last_seen_at
             from portal_sessions
             where id_hash = $1 and last_seen_at > $3 and created_at > $4
         ), touched as (
             update portal_sessions s set last_seen_at = $2
             from live where s.id_hash = live.id_hash and live.last_seen_at < $5
         )
         select person, name, authentication_level, id_token, csrf_token from live",
        &id_hash,
        now,
        now - IDLE_TIMEOUT,
        now - ABSOLUTE_TIMEOUT,
        now - TOUCH_EVERY,
    )
    .fetch_optional(pool)
    .await?;
    let Some(row) = row else {
        end(pool, id).await?;
        return Ok(None);
    };
    let Some(party) = read_party(&row.person) else {
        return Ok(None);
    };
    Ok(Some(PortalSession {
        user: EndUser {
            party,
            authentication_level: u8::try_from(row.authentication_level).unwrap_or(0),
            system_user: None,
        },
        name: row.name,
        csrf_token: row.csrf_token,
        id_token: row.id_token,
        id_hash,
    }))
}

/// How a session names its user: a person by number (as sessions always have), anyone else by URN.
fn stored_party(party: &Party) -> String {
    match party {
        Party::Person(number) => number.as_str().to_owned(),
        other => other.to_string(),
    }
}

fn read_party(stored: &str) -> Option<Party> {
    if stored.starts_with("urn:") {
        Party::parse(stored).ok()
    } else {
        NationalIdentityNumber::parse(stored)
            .ok()
            .map(Party::Person)
    }
}

/// Ends a session (sign-out, or expiry).
pub async fn end(pool: &PgPool, id: &str) -> Result<()> {
    sqlx::query!("delete from portal_sessions where id_hash = $1", hash(id))
        .execute(pool)
        .await?;
    Ok(())
}

pub async fn end_found(pool: &PgPool, session: &PortalSession) -> Result<()> {
    sqlx::query!(
        "delete from portal_sessions where id_hash = $1",
        &session.id_hash
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// Removes sessions and pending logins nobody can use any more.
pub async fn sweep(pool: &PgPool) -> Result<()> {
    let now = Utc::now();
    sqlx::query!(
        "delete from portal_sessions where last_seen_at <= $1 or created_at <= $2",
        now - IDLE_TIMEOUT,
        now - ABSOLUTE_TIMEOUT
    )
    .execute(pool)
    .await?;
    sqlx::query!(
        "delete from portal_logins where created_at <= $1",
        now - Duration::minutes(10)
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// A cookie's value from the request.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
}

/// The session behind a request's cookie, if any.
pub async fn from_headers(pool: &PgPool, headers: &HeaderMap) -> Result<Option<PortalSession>> {
    match cookie(headers, COOKIE) {
        Some(id) => find(pool, id).await,
        None => Ok(None),
    }
}

/// `Set-Cookie` for a value (or, with `None`, its removal). `secure` when the portal is served
/// over https.
pub fn set_cookie(name: &str, value: Option<&str>, secure: bool) -> HeaderValue {
    match value {
        Some(value) => locked_cookie(&format!("{name}={value}"), "", secure),
        None => locked_cookie(&format!("{name}="), "; Max-Age=0", secure),
    }
}

/// `Set-Cookie` for a value the browser keeps for `seconds` only.
pub fn set_brief_cookie(name: &str, value: &str, seconds: u32, secure: bool) -> HeaderValue {
    locked_cookie(
        &format!("{name}={value}"),
        &format!("; Max-Age={seconds}"),
        secure,
    )
}

/// `pair` for the whole site, out of scripts' reach and other sites' requests, then `tail`.
fn locked_cookie(pair: &str, tail: &str, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    let text = format!("{pair}; Path=/; HttpOnly; SameSite=Lax{secure}{tail}");
    HeaderValue::from_str(&text).unwrap_or(HeaderValue::from_static(""))
}

/// The signed-in person, if any.
pub struct MaybeSession(pub Option<PortalSession>);

impl<S: Send + Sync> FromRequestParts<S> for MaybeSession
where
    PgPool: FromRef<S>,
{
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self> {
        Ok(Self(
            from_headers(&PgPool::from_ref(state), &parts.headers).await?,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_are_read_by_name_and_written_locked_down() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; dialoghub_session=xyz; b=2"),
        );
        assert_eq!(cookie(&headers, COOKIE), Some("xyz"));
        assert_eq!(cookie(&headers, "c"), None);
        let set = set_cookie(COOKIE, Some("v"), true);
        assert_eq!(
            set,
            "dialoghub_session=v; Path=/; HttpOnly; SameSite=Lax; Secure"
        );
        assert!(
            set_cookie(COOKIE, None, false)
                .to_str()
                .expect("text")
                .contains("Max-Age=0")
        );
    }

    #[test]
    fn tokens_are_random_and_hashes_fixed_length() {
        let (a, b) = (random_token().expect("a"), random_token().expect("b"));
        assert_ne!(a, b);
        assert_eq!(hash(&a).len(), 32);
    }

    fn session(csrf: &str) -> PortalSession {
        PortalSession {
            user: EndUser {
                party: Party::Person(NationalIdentityNumber::parse("01018012371").expect("valid")),
                authentication_level: 3,
                system_user: None,
            },
            name: None,
            csrf_token: csrf.into(),
            id_token: None,
            id_hash: Vec::new(),
        }
    }

    #[test]
    fn csrf_tokens_must_match_exactly() {
        assert!(session("abc").check_csrf("abc").is_ok());
        assert!(session("abc").check_csrf("abd").is_err());
        assert!(session("abc").check_csrf("").is_err());
    }
}
