//! Assembles the application: routes of every feature under `/api/v1`, operations endpoints,
//! interactive docs, middleware and the fallback.

use std::net::TcpListener;

use actix_web::dev::Server;
use actix_web::middleware::from_fn;
use actix_web::web::{self, Data};
use actix_web::{App, HttpResponse, HttpServer};
use utoipa::OpenApi as _;
use utoipa::openapi::OpenApi;
use utoipa_actix_web::{AppExt, scope};
use utoipa_swagger_ui::SwaggerUi;

use crate::error::AppError;
use crate::http::fallback::{self, RouteTable};
use crate::http::metrics::Metrics;
use crate::openapi::ApiDoc;
use crate::request_id;
use crate::state::AppState;
use crate::{
    advances, attendance, audit, auth, budgets, cases, clients, contracts, daily_logs, expenses,
    finance, follow_ups, handovers, ops, plans, projects, receipts, receivables, reports,
    spot_checks, teams, trainings, users, visits,
};

/// Every feature's routes. A new feature adds one line here.
fn api_routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.configure(auth::routes::configure)
        .configure(users::routes::configure)
        .configure(teams::routes::configure)
        .configure(audit::routes::configure)
        .configure(clients::routes::configure)
        .configure(follow_ups::routes::configure)
        .configure(cases::routes::configure)
        .configure(handovers::routes::configure)
        .configure(plans::routes::configure)
        .configure(visits::routes::configure)
        .configure(spot_checks::routes::configure)
        .configure(daily_logs::routes::configure)
        .configure(reports::routes::configure)
        .configure(reports::monthly_routes::configure)
        .configure(budgets::routes::configure)
        .configure(receipts::routes::configure)
        .configure(advances::routes::configure)
        .configure(expenses::routes::configure)
        .configure(finance::routes::configure)
        .configure(projects::routes::configure)
        .configure(contracts::routes::configure)
        .configure(receivables::routes::configure)
        .configure(crate::leavings::routes::configure)
        .configure(attendance::routes::configure)
        .configure(trainings::routes::configure)
        .configure(crate::rubrics::routes::configure)
        .configure(crate::scores::routes::configure)
        .configure(crate::improvement_plans::routes::configure)
        .configure(crate::pay::routes::configure)
        .configure(crate::api_keys::routes::configure)
        .configure(crate::notifications::routes::configure)
        .configure(crate::jobs::routes::configure)
        .configure(crate::inbox::routes::configure)
        .configure(crate::changes::routes::configure)
        .configure(crate::webhooks::routes::configure);
}

/// The OpenAPI document the routes produce (what `openapi/openapi.json` must equal).
pub fn openapi() -> OpenApi {
    let (_, api) = App::new()
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .service(scope("/api/v1").configure(api_routes))
        .split_for_parts();
    api
}

/// The document as committed: pretty JSON with a final newline.
pub fn openapi_json() -> String {
    let mut s = openapi().to_pretty_json().unwrap_or_default();
    s.push('\n');
    s
}

/// A path whose parameter does not parse (`/clients/abc`) names no resource (404), unless
/// it names another route that refuses this method (`PATCH /clients/export`: 405).
fn path_error(err: actix_web::error::PathError, req: &actix_web::HttpRequest) -> actix_web::Error {
    tracing::debug!(error = %err, "path parameter rejected");
    let allowed = req
        .app_data::<Data<RouteTable>>()
        .and_then(|t| t.allowed(req.path()));
    match allowed {
        Some(allow) if !allow.iter().any(|m| m == req.method().as_str()) => {
            AppError::MethodNotAllowed { allow }.into()
        }
        _ => AppError::NotFound("resource").into(),
    }
}

fn json_error(
    err: actix_web::error::JsonPayloadError,
    _req: &actix_web::HttpRequest,
) -> actix_web::Error {
    use actix_web::error::JsonPayloadError as E;
    match err {
        E::Overflow { .. } | E::OverflowKnownLength { .. } => AppError::PayloadTooLarge.into(),
        E::ContentType => {
            AppError::UnsupportedMediaType("send the body as application/json".to_owned()).into()
        }
        other => AppError::BadRequest {
            detail: format!("malformed JSON: {other}"),
            errors: Vec::new(),
        }
        .into(),
    }
}

fn query_error(
    err: actix_web::error::QueryPayloadError,
    _req: &actix_web::HttpRequest,
) -> actix_web::Error {
    AppError::BadRequest {
        detail: format!("query: {err}"),
        errors: Vec::new(),
    }
    .into()
}

/// Starts the server on `listener`. Used by `main` and by the tests (on port 0).
pub fn serve(listener: TcpListener, state: AppState) -> std::io::Result<Server> {
    let api = openapi();
    let routes = Data::new(RouteTable::from_openapi(&api));
    let metrics = Data::new(Metrics::default());
    let state = Data::new(state);
    let server = HttpServer::new(move || {
        let api = api.clone();
        // The spec and docs are registered before the `/api/v1` scope, which would otherwise
        // claim `/api/v1/openapi.json`.
        let (app, _) = App::new()
            .into_utoipa_app()
            .map(|app| app.service(SwaggerUi::new("/docs/{_:.*}").url("/api/v1/openapi.json", api)))
            .app_data(state.clone())
            .app_data(routes.clone())
            .app_data(metrics.clone())
            .app_data(web::PathConfig::default().error_handler(path_error))
            .app_data(
                web::JsonConfig::default()
                    .limit(crate::http::extract::BODY_LIMIT)
                    .error_handler(json_error),
            )
            .app_data(web::QueryConfig::default().error_handler(query_error))
            .service(scope("/api/v1").configure(api_routes))
            .split_for_parts();
        app.service(ops::healthz)
            .service(ops::readyz)
            .service(ops::metrics)
            .service(web::resource("/docs").to(|| async {
                HttpResponse::PermanentRedirect()
                    .insert_header(("location", "/docs/"))
                    .finish()
            }))
            .default_service(web::to(fallback::handle))
            .wrap(from_fn(crate::http::metrics::middleware))
            .wrap(from_fn(request_id::middleware))
            .wrap(from_fn(crate::http::security_headers::middleware))
            .wrap(from_fn(crate::http::compress::middleware))
    })
    .shutdown_timeout(10)
    .listen(listener)?
    .run();
    Ok(server)
}

#[cfg(test)]
mod tests {
    #[test]
    fn route_table_knows_methods() {
        let table = super::RouteTable::from_openapi(&super::openapi());
        assert_eq!(
            table.allowed("/api/v1/users/12"),
            Some(vec!["GET".to_owned(), "PATCH".to_owned()])
        );
        assert_eq!(table.allowed("/api/v1/nothing"), None);
    }

    /// Every `$ref` names a schema the document holds (a query parameter's enum once did not:
    /// schemathesis skipped `GET /jobs?kind=`).
    #[test]
    fn every_reference_resolves() {
        fn refs<'a>(v: &'a serde_json::Value, out: &mut Vec<&'a str>) {
            match v {
                serde_json::Value::Object(m) => {
                    if let Some(serde_json::Value::String(r)) = m.get("$ref") {
                        out.push(r);
                    }
                    m.values().for_each(|v| refs(v, out));
                }
                serde_json::Value::Array(a) => a.iter().for_each(|v| refs(v, out)),
                _ => {}
            }
        }
        let doc: serde_json::Value =
            serde_json::from_str(&super::openapi_json()).unwrap_or_default();
        let mut found = Vec::new();
        refs(&doc, &mut found);
        assert!(
            found.len() > 100,
            "the document's references were not found"
        );
        let missing: Vec<&&str> = found
            .iter()
            .filter(|r| {
                let name = r.trim_start_matches("#/components/schemas/");
                doc["components"]["schemas"].get(name).is_none()
            })
            .collect();
        assert!(missing.is_empty(), "references to nothing: {missing:?}");
    }
}
