//! The service owner as tests drive it: the demo's authorization data, test tokens, and the
//! create and get calls most tests start with.

use serde_json::{Value, json};
use server::{
    authz::{
        Authorizer,
        model::{AuthorizationData, Format},
    },
    router,
    state::AppState,
};
use sqlx::PgPool;

use super::{TestResponse, call, state_with};

const DEMO: &str = include_str!("../../../demo/authorization.yaml");
pub(crate) const DIALOGS: &str = "/api/v1/serviceowner/dialogs";
pub(crate) const SKATTEETATEN: (&str, &str) = ("skd", "974761076");
pub(crate) const NAV: (&str, &str) = ("nav", "889640782");
pub(crate) struct ServiceOwnerApi {
    pub(crate) app: axum::Router,
    pub(crate) state: AppState,
}

impl ServiceOwnerApi {
    pub(crate) async fn new(pool: PgPool) -> Self {
        let data = AuthorizationData::parse(DEMO, Format::Yaml).expect("valid");
        Authorizer::new(pool.clone())
            .replace_all(&data)
            .await
            .expect("imports");
        let state = state_with(pool, &["--mode", "dev"]);
        Self {
            app: router::build(state.clone()),
            state,
        }
    }

    pub(crate) fn token(&self, (org, number): (&str, &str), scopes: &str) -> String {
        let issuer = self.state.test_tokens.as_ref().expect("enabled");
        let number = server::domain::party::OrganizationNumber::parse(number).expect("valid");
        issuer
            .enterprise_token(org, &number, scopes, 600)
            .expect("signs")
    }

    pub(crate) async fn create_as(
        &self,
        owner: (&str, &str),
        scopes: &str,
        body: &Value,
    ) -> TestResponse {
        let token = self.token(owner, scopes);
        call(
            &self.app,
            "POST",
            DIALOGS,
            Some(&token),
            Some(("application/json", body.to_string())),
        )
        .await
    }

    pub(crate) async fn create(&self, owner: (&str, &str), body: &Value) -> TestResponse {
        self.create_as(owner, "digdir:dialogporten.serviceprovider", body)
            .await
    }

    pub(crate) async fn get(&self, owner: (&str, &str), id: &str) -> TestResponse {
        let token = self.token(owner, "digdir:dialogporten.serviceprovider");
        call(
            &self.app,
            "GET",
            &format!("{DIALOGS}/{id}"),
            Some(&token),
            None,
        )
        .await
    }
}

pub(crate) fn in_days(days: i64) -> String {
    (chrono::Utc::now() + chrono::Duration::days(days)).to_rfc3339()
}

/// A minimal valid dialog for Kari under Skatteetaten's tax return.
pub(crate) fn minimal() -> Value {
    json!({
        "serviceResource": "urn:altinn:resource:demo-skattemelding",
        "party": "urn:altinn:person:identifier-no:01018012371",
        "content": { "title": { "value": [{ "languageCode": "nb", "value": "Skattemeldingen din er klar" }] } }
    })
}

pub(crate) fn id_of(response: &TestResponse) -> String {
    response
        .json()
        .as_str()
        .expect("the body is the id as a JSON string")
        .to_owned()
}
