//! Import clients from a CSV file: check it (dry run: row errors and duplicates), confirm,
//! see the result.

use leptos::prelude::*;
use leptos_router::components::A;
use salesops_domain::client_changes::ImportReport;
use wasm_bindgen::JsCast;

use crate::api::use_api;
use crate::components::{ErrorBanner, FormErrors, Submit};
use crate::i18n::clients::CMsg;
use crate::i18n::{I18n, field_error_msg, use_i18n};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Busy {
    Idle,
    Checking,
    Importing,
}

#[component]
pub fn ImportPage() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let file = StoredValue::new_local(None::<web_sys::File>);
    let file_name = RwSignal::new(String::new());
    let report = RwSignal::new(None::<ImportReport>);
    let done = RwSignal::new(None::<ImportReport>);
    let errors = FormErrors::new();
    let missing = RwSignal::new(false);

    let on_file = move |ev: leptos::ev::Event| {
        let chosen = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            .and_then(|input| input.files())
            .and_then(|files| files.get(0));
        file_name.set(chosen.as_ref().map(|f| f.name()).unwrap_or_default());
        file.set_value(chosen);
        report.set(None);
        done.set(None);
        missing.set(false);
        errors.clear();
    };

    // Sends the chosen file: `true` only checks it.
    let send = Submit::new(errors, &[], move |dry_run: bool| async move {
        let Some(f) = file.get_value() else {
            return Ok(());
        };
        let r = api.import_clients(f.into(), dry_run).await?;
        if dry_run {
            report.set(Some(r));
        } else {
            report.set(None);
            done.set(Some(r));
        }
        Ok(())
    });
    let input = send.input();
    // What is on its way: a check (dry run) or the import.
    let busy = Memo::new(move |_| match input.get() {
        None => Busy::Idle,
        Some(true) => Busy::Checking,
        Some(false) => Busy::Importing,
    });
    let run = move |dry_run: bool| {
        if file.with_value(Option::is_some) {
            send.send(dry_run);
        } else {
            missing.set(true);
        }
    };

    view! {
        <section class="panel">
            <div class="panel-head">
                <h1>{move || i18n.t(CMsg::ImportTitle)}</h1>
                <A href="/clients" attr:class="small-link">{move || i18n.t(CMsg::BackToClients)}</A>
            </div>
            <p class="muted">{move || i18n.t(CMsg::ImportHelp)}</p>
            <ErrorBanner errors=errors />
            <form class="import-form" on:submit=move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                run(true);
            }>
                <label class="file-pick">
                    <span class="button">{move || i18n.t(CMsg::ChooseFile)}</span>
                    <input type="file" accept=".csv,text/csv" data-testid="import-file" on:change=on_file />
                    <span class="file-name" data-testid="import-file-name">{move || file_name.get()}</span>
                </label>
                <Show when=move || missing.get()>
                    <p class="field-error">{move || i18n.t(CMsg::NoFile)}</p>
                </Show>
                <button type="submit" class="primary" data-testid="import-check" disabled=move || busy.get() != Busy::Idle>
                    {move || if busy.get() == Busy::Checking { i18n.t(CMsg::Checking) } else { i18n.t(CMsg::Check) }}
                </button>
            </form>
            <Show when=move || busy.get() == Busy::Importing>
                <div class="progress" role="progressbar" data-testid="import-progress">
                    <div class="progress-bar"></div>
                    <span>{move || i18n.t(CMsg::Importing)}</span>
                </div>
            </Show>
            {move || report.get().map(|r| {
                let can_import = r.valid > 0;
                view! {
                    <div class="card" data-testid="import-report">
                        <ReportSummary report=r.clone() />
                        <RowErrors report=r />
                        <button type="button" class="primary wide" data-testid="import-confirm"
                            disabled=move || !can_import || busy.get() != Busy::Idle
                            on:click=move |_| run(false)>
                            {move || if busy.get() == Busy::Importing { i18n.t(CMsg::Importing) } else { i18n.t(CMsg::ImportConfirm) }}
                        </button>
                    </div>
                }
            })}
            {move || done.get().map(|r| view! {
                <div class="banner banner-ok" role="status" data-testid="import-done">
                    <div>
                        <strong>{move || i18n.t(CMsg::ImportDone)}</strong>
                        <p>
                            {move || i18n.t(CMsg::ImportedCount)} " "
                            <strong data-testid="import-imported">{r.imported}</strong>
                            " · " {move || i18n.t(CMsg::ImportSkipped)} " " {r.skipped}
                        </p>
                        <A href="/clients">{move || i18n.t(CMsg::BackToClients)}</A>
                    </div>
                </div>
                <RowErrors report=r.clone() />
            })}
        </section>
    }
}

#[component]
fn ReportSummary(report: ImportReport) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="import-summary" data-testid="import-summary">
            <span><strong>{report.rows}</strong> " " {move || i18n.t(CMsg::ImportRows)}</span>
            <span class="ok"><strong data-testid="import-valid">{report.valid}</strong> " " {move || i18n.t(CMsg::ImportValid)}</span>
            <span class="bad"><strong data-testid="import-skipped">{report.skipped}</strong> " " {move || i18n.t(CMsg::ImportSkipped)}</span>
            <span class="muted">{move || i18n.t(CMsg::Encoding)} " " {report.encoding.clone()}</span>
        </p>
    }
}

/// The row errors and duplicates of a report, as tables.
#[component]
fn RowErrors(report: ImportReport) -> impl IntoView {
    let i18n = use_i18n();
    let errors = (!report.errors.is_empty()).then(|| {
        let rows = report
            .errors
            .iter()
            .map(|e| {
                let field = e.field.clone();
                let code = e.code.clone();
                let message = e.message.clone();
                view! {
                    <tr data-testid="import-error-row">
                        <td class="num">{e.row}</td>
                        <td>{move || field_text(i18n, &field)}</td>
                        <td>
                            {move || match field_error_msg(&code) {
                                Some(m) => i18n.t(m).to_owned(),
                                None => message.clone(),
                            }}
                        </td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <div class="table-scroll">
                <table class="plain-table" data-testid="import-errors">
                    <thead>
                        <tr>
                            <th class="num">{move || i18n.t(CMsg::Row)}</th>
                            <th>{move || i18n.t(CMsg::Field)}</th>
                            <th>{move || i18n.t(CMsg::Problem)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
    });
    let dups = (!report.duplicates.is_empty()).then(|| {
        let rows = report
            .duplicates
            .iter()
            .map(|d| {
                let existing = d.existing_client_id.map(|id| {
                    view! { <A href=format!("/clients/{id}")>{format!("#{id}")}</A> }
                });
                let field = d.field.clone();
                let of_row = d.duplicate_of_row;
                view! {
                    <tr data-testid="import-duplicate-row">
                        <td class="num">{d.row}</td>
                        <td>{move || field_text(i18n, &field)}</td>
                        <td>
                            {existing}
                            {move || of_row.map(|r| format!("{} {r}", i18n.t(CMsg::DuplicateOfRow)))}
                        </td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <h3>{move || i18n.t(CMsg::DuplicateRows)}</h3>
            <div class="table-scroll">
                <table class="plain-table" data-testid="import-duplicates">
                    <thead>
                        <tr>
                            <th class="num">{move || i18n.t(CMsg::Row)}</th>
                            <th>{move || i18n.t(CMsg::Field)}</th>
                            <th>{move || i18n.t(CMsg::ExistingClient)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
    });
    let none = (report.errors.is_empty() && report.duplicates.is_empty())
        .then(|| view! { <p class="muted">{move || i18n.t(CMsg::NoRowErrors)}</p> });
    view! { {none} {errors} {dups} }
}

/// A field of the import file, in the current language (the key when unknown).
fn field_text(i18n: I18n, field: &str) -> String {
    let msg = match field {
        "name" => CMsg::Name,
        "company" | "company_name" => CMsg::Company,
        "position" => CMsg::Position,
        "phone" => CMsg::Phone,
        "phone2" => CMsg::Phone2,
        "email" => CMsg::Email,
        "address" => CMsg::Address,
        "region" => CMsg::Region,
        "industry" => CMsg::Industry,
        "source" => CMsg::Source,
        "tier" => CMsg::Tier,
        "stage" => CMsg::Stage,
        "credit" => CMsg::Credit,
        "needs" => CMsg::Needs,
        "interests" => CMsg::Interests,
        "owner_id" => CMsg::Owner,
        _ => return field.to_owned(),
    };
    i18n.t(msg).to_owned()
}
