//! The OpenAPI document of our API, generated from the handlers' and types' annotations, served
//! as JSON at `/api/v1/openapi.json` and as a readable page at `/api/docs` that needs no script.

use axum::{
    Json, Router,
    extract::State,
    response::{Html, IntoResponse, Response},
    routing::get,
};
use http::header;
use utoipa::{
    Modify, OpenApi,
    openapi::security::{Http, HttpAuthScheme, SecurityScheme},
};

use super::{admin, enduser, metadata, problem::Problem, schemas, serviceowner, well_known};
use crate::state::AppState;

mod page;

struct BearerTokens;

impl Modify for BearerTokens {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        let mut scheme = Http::new(HttpAuthScheme::Bearer);
        scheme.bearer_format = Some("JWT".into());
        scheme.description = Some(
            "A Maskinporten token (or one exchanged through Altinn) with the scopes the operation names.".into(),
        );
        components.add_security_scheme("maskinporten", SecurityScheme::Http(scheme));
        let mut end_users = Http::new(HttpAuthScheme::Bearer);
        end_users.bearer_format = Some("JWT".into());
        end_users.description = Some(
            "An ID-porten token (or one exchanged through Altinn) with the scope digdir:dialogporten.".into(),
        );
        components.add_security_scheme("idporten", SecurityScheme::Http(end_users));
    }
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Dialog hub API",
        description = "Dialogs for service owners and end users, wire-compatible with Dialogporten's v1 API.",
    ),
    modifiers(&BearerTokens),
    paths(
        metadata::get_limits,
        metadata::get_service_resources,
        admin::export_authorization,
        admin::replace_authorization,
        well_known::jwks,
        well_known::authorization_server,
    ),
    components(schemas(Problem, schemas::JsonPatchOperation))
)]
pub struct ApiDoc;

/// The document, built once.
pub fn document() -> &'static utoipa::openapi::OpenApi {
    static DOCUMENT: std::sync::OnceLock<utoipa::openapi::OpenApi> = std::sync::OnceLock::new();
    DOCUMENT.get_or_init(|| {
        let mut document = ApiDoc::openapi();
        document.merge(serviceowner::Docs::openapi());
        document.merge(enduser::Docs::openapi());
        document
    })
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/v1/openapi.json", get(openapi_json))
        .route("/docs", get(docs_page))
}

async fn openapi_json() -> Json<&'static utoipa::openapi::OpenApi> {
    Json(document())
}

async fn docs_page(State(state): State<AppState>) -> Response {
    (
        [(header::CACHE_CONTROL, "public, max-age=300")],
        Html(page::render(document(), &state.bundle.stylesheet_href())),
    )
        .into_response()
}
