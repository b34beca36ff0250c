//! Every route of the server, wired in one place.

use std::{any::Any, sync::Arc, time::Duration};

use app::{backend::Backend, bundle::Bundle};
use axum::{
    Router, middleware,
    response::Response,
    routing::{MethodRouter, get, get_service, post},
};
use http::StatusCode;
use leptos::prelude::provide_context;
use leptos_axum::{LeptosRoutes, generate_route_list};
use tower::Layer;
use tower_http::{
    catch_panic::CatchPanicLayer,
    compression::{CompressionLayer, CompressionLevel},
    normalize_path::NormalizePathLayer,
    services::ServeDir,
    set_header::SetResponseHeaderLayer,
    timeout::TimeoutLayer,
};

use crate::{
    api, api::problem::Problem, auth::test_tokens, health, portal, request_context, state::AppState,
};

const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// How hard pages are compressed as they are sent: the fastest level. Brotli's default is for
/// files compressed once; on each page it cost a quarter of the org inbox's throughput, and the
/// fastest level still takes a page to about a sixth of its size (see bench/RESULTS.md).
const PAGE_COMPRESSION: CompressionLevel = CompressionLevel::Fastest;

/// The whole application: probes, the REST API, the portal and its static files. A path with a
/// trailing slash is routed as the path without it, as upstream routes it.
pub fn build(state: AppState) -> Router {
    Router::new().fallback_service(NormalizePathLayer::trim_trailing_slash().layer(routes(state)))
}

/// The portal's server functions, with the backend in their context.
fn server_functions(backend: Arc<dyn Backend>) -> MethodRouter<AppState> {
    post(move |request: axum::extract::Request| {
        let backend = backend.clone();
        leptos_axum::handle_server_fns_with_context(
            move || provide_context(backend.clone()),
            request,
        )
    })
}

/// The service owner's preview of a pasted dialog, rendered as the end user would see it.
fn preview(backend: Arc<dyn Backend>, state: &AppState) -> MethodRouter<AppState> {
    let options = state.leptos_options.clone();
    let bundle = Bundle::clone(&state.bundle);
    post(move |request: axum::extract::Request| {
        portal::render_preview(request, backend.clone(), options.clone(), bundle.clone())
    })
}

fn routes(state: AppState) -> Router {
    let routes = generate_route_list(app::App);
    let backend = portal::backend::PortalBackend::shared(state.clone());
    Router::new()
        .route("/health/live", get(health::live))
        .route("/health/ready", get(health::ready))
        .nest("/api", api::router())
        .merge(portal::router())
        .merge(
            state
                .test_tokens
                .is_some()
                .then(test_tokens::router)
                .unwrap_or_default(),
        )
        .route("/portal/fn/{*name}", server_functions(backend.clone()))
        .route("/preview", preview(backend.clone(), &state))
        .leptos_routes_with_context(
            &state,
            routes,
            {
                let backend = backend.clone();
                move || provide_context(backend.clone())
            },
            {
                let options = state.leptos_options.clone();
                let bundle = Bundle::clone(&state.bundle);
                move || app::shell(options.clone(), bundle.clone())
            },
        )
        .nest_service("/pkg", static_files(&state))
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>({
            let bundle = Bundle::clone(&state.bundle);
            move |options| app::shell(options, bundle.clone())
        }))
        .layer(CatchPanicLayer::custom(panic_response))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            REQUEST_TIMEOUT,
        ))
        .layer(
            CompressionLayer::new()
                .quality(PAGE_COMPRESSION)
                .compress_when(compressible()),
        )
        .layer(middleware::from_fn(security_headers))
        .layer(middleware::from_fn(request_context::track))
        .with_state(state)
}

/// The built stylesheet, fonts and browser bundle under `/pkg/`. Their names carry a hash of
/// their content, so browsers may keep them for a year without asking again; each is sent in its
/// precompressed brotli or gzip form when the browser takes it.
fn static_files(state: &AppState) -> MethodRouter {
    let directory = std::path::Path::new(state.leptos_options.site_root.as_ref()).join("pkg");
    let files = ServeDir::new(directory)
        .precompressed_br()
        .precompressed_gzip();
    get_service(
        SetResponseHeaderLayer::if_not_present(http::header::CACHE_CONTROL, immutable_when_found)
            .layer(files),
    )
}

/// `Cache-Control` for a static file that was found (not for a 404).
fn immutable_when_found<B>(response: &http::Response<B>) -> Option<http::HeaderValue> {
    response
        .status()
        .is_success()
        .then(|| http::HeaderValue::from_static("public, max-age=31536000, immutable"))
}

/// What the server compresses as it answers: the portal's pages (HTML) and its other text,
/// except the API's JSON, which clients already handle as upstream sends it, and what is
/// compressed already (the static files come precompressed; images and fonts are).
fn compressible() -> impl tower_http::compression::Predicate {
    use tower_http::compression::predicate::{NotForContentType, Predicate, SizeAbove};
    SizeAbove::new(1024)
        .and(NotForContentType::GRPC)
        .and(NotForContentType::IMAGES)
        .and(NotForContentType::const_new("application/json"))
        .and(NotForContentType::const_new("application/problem+json"))
        .and(NotForContentType::const_new("application/wasm"))
        .and(NotForContentType::const_new("font/"))
        .and(NotForContentType::const_new("text/event-stream"))
}

/// Headers every response gets: no MIME sniffing, no framing, no full referrers to other sites,
/// and for HTML that is not a portal page (which sets its own, with a nonce) a policy that allows
/// no scripts at all. Pages, the portal's server functions and sign-in are never stored by a
/// browser or a proxy (unless the handler says otherwise): they show a signed-in user's data, and
/// Back after signing out must not bring it back.
async fn security_headers(request: axum::extract::Request, next: middleware::Next) -> Response {
    use http::{HeaderValue, header};
    let private_path = ["/portal/fn/", "/auth/", "/inbox", "/preview"]
        .iter()
        .any(|prefix| request.uri().path().starts_with(prefix));
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    let html = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("text/html"));
    if (html || private_path) && !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if html && !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; frame-ancestors 'none'",
            ),
        );
    }
    response
}

/// A panic is a bug: log it, and answer a plain 500 problem without any of its text.
fn panic_response(panic: Box<dyn Any + Send + 'static>) -> Response {
    let message = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("unknown panic");
    tracing::error!(panic = message, "request handler panicked");
    axum::response::IntoResponse::into_response(Problem::new(StatusCode::INTERNAL_SERVER_ERROR))
}
