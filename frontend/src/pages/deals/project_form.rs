//! A new project: the client (picked), its name, the expected amount in 元, the bid date and
//! the expected close. It starts in the design stage; the owner is the client's. And the edit
//! of an open project's details (its client stays; the stage moves with the stage buttons).

use leptos::prelude::*;
use salesops_domain::FieldError;
use salesops_domain::deals::{ProjectDto, ProjectRequest};

use crate::api::use_api;
use crate::components::{
    ErrorBanner, Field, FormErrors, Submit, local_error, non_empty, parse_date, parse_id,
};
use crate::i18n::deals::D;
use crate::i18n::{I18n, Msg, use_i18n};
use crate::pages::deals::client_pick::ClientPick;
use crate::pages::deals::parts::{fen_text, typed_fen};

const FIELDS: &[&str] = &[
    "client_id",
    "name",
    "expected_amount_fen",
    "bid_date",
    "expected_close",
    "notes",
];

/// The fields of the edit form (the client is not one: an error on it shows in the banner).
const EDIT_FIELDS: &[&str] = &[
    "name",
    "expected_amount_fen",
    "bid_date",
    "expected_close",
    "notes",
];

/// What is typed in a project's detail fields (all but the client).
#[derive(Debug, Clone, Copy)]
struct Details {
    name: RwSignal<String>,
    amount: RwSignal<String>,
    bid: RwSignal<String>,
    close: RwSignal<String>,
    notes: RwSignal<String>,
}

impl Details {
    /// Empty, or filled with a project's details.
    fn new(project: Option<&ProjectDto>) -> Self {
        let text = |s: Option<String>| RwSignal::new(s.unwrap_or_default());
        let date = |d: Option<chrono::NaiveDate>| text(d.map(|d| d.to_string()));
        Details {
            name: text(project.map(|p| p.name.clone())),
            amount: text(
                project
                    .filter(|p| p.expected_amount_fen > 0)
                    .map(|p| fen_text(p.expected_amount_fen)),
            ),
            bid: date(project.and_then(|p| p.bid_date)),
            close: date(project.and_then(|p| p.expected_close)),
            notes: text(project.and_then(|p| p.notes.clone())),
        }
    }

    fn clear(&self) {
        for s in [self.name, self.amount, self.bid, self.close, self.notes] {
            s.set(String::new());
        }
    }

    /// The request for the client, with `version` on an edit; the amount's error otherwise.
    fn request(
        &self,
        i18n: I18n,
        client_id: i64,
        version: Option<i64>,
    ) -> Result<ProjectRequest, FieldError> {
        let Some(expected_amount_fen) = expected_fen(&self.amount.get_untracked()) else {
            return Err(local_error(i18n, "expected_amount_fen", D::AmountInvalid));
        };
        Ok(ProjectRequest {
            client_id,
            name: self.name.get_untracked().trim().to_owned(),
            expected_amount_fen,
            bid_date: parse_date(&self.bid.get_untracked()),
            expected_close: parse_date(&self.close.get_untracked()),
            notes: non_empty(&self.notes.get_untracked()),
            version,
        })
    }
}

/// The detail fields; their `data-testid`s are `{prefix}-name`, `-amount`, `-bid-date`,
/// `-close` and `-notes`.
#[component]
fn DetailFields(details: Details, errors: FormErrors, prefix: &'static str) -> impl IntoView {
    let Details {
        name,
        amount,
        bid,
        close,
        notes,
    } = details;
    view! {
        <Field label=D::ProjectName name="name" testid=format!("{prefix}-name") value=name errors=errors required=true />
        <Field label=D::ExpectedAmount name="expected_amount_fen" testid=format!("{prefix}-amount") value=amount errors=errors inputmode="decimal" />
        <Field label=D::BidDate name="bid_date" testid=format!("{prefix}-bid-date") value=bid errors=errors kind="date" />
        <Field label=D::ExpectedClose name="expected_close" testid=format!("{prefix}-close") value=close errors=errors kind="date" />
        <Field label=D::Notes name="notes" testid=format!("{prefix}-notes") value=notes errors=errors kind="textarea" rows=2 />
    }
}

#[component]
pub fn NewProjectForm(
    /// The client named by the page, if any.
    client: Option<i64>,
    on_created: Callback<ProjectDto>,
) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let errors = FormErrors::new();
    let client_id = RwSignal::new(String::new());
    let details = Details::new(None);
    let save = Submit::new(errors, FIELDS, move |request: ProjectRequest| async move {
        let project = api.create_project(&request).await?;
        details.clear();
        on_created.run(project);
        Ok(())
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(client_id) = parse_id(&client_id.get_untracked()) else {
            save.invalid(vec![local_error(i18n, "client_id", D::ChooseClient)]);
            return;
        };
        match details.request(i18n, client_id, None) {
            Ok(request) => save.submit(request),
            Err(e) => save.invalid(vec![e]),
        }
    };
    view! {
        <form class="form-grid" data-testid="project-form" on:submit=submit novalidate>
            <div class="span-all"><ErrorBanner errors=errors /></div>
            <ClientPick value=client_id errors=errors testid="project-client" fixed=client />
            <DetailFields details=details errors=errors prefix="project" />
            <div class="form-actions span-all">
                <button type="submit" class="primary" data-testid="project-create" disabled=move || save.pending().get()>
                    {move || i18n.t(D::NewProject)}
                </button>
            </div>
        </form>
    }
}

/// The expected amount typed, in 分: empty is 0, otherwise an amount above zero.
fn expected_fen(typed: &str) -> Option<i64> {
    if typed.trim().is_empty() {
        Some(0)
    } else {
        typed_fen(typed)
    }
}

/// An open project's details, sent with its `version` (a change by someone else meanwhile is
/// refused as stale and shown in the banner).
#[component]
pub fn EditProjectForm(
    project: ProjectDto,
    on_saved: Callback<ProjectDto>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let errors = FormErrors::new();
    let (id, client_id, version) = (project.id, project.client_id, project.version);
    let details = Details::new(Some(&project));
    let save = Submit::new(
        errors,
        EDIT_FIELDS,
        move |request: ProjectRequest| async move {
            let project = api.update_project(id, &request).await?;
            on_saved.run(project);
            Ok(())
        },
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match details.request(i18n, client_id, Some(version)) {
            Ok(request) => save.submit(request),
            Err(e) => save.invalid(vec![e]),
        }
    };
    view! {
        <form class="form-grid" data-testid="project-edit-form" on:submit=submit novalidate>
            <div class="span-all"><ErrorBanner errors=errors /></div>
            <div class="span-all">
                <span class="muted small">{move || i18n.t(D::Client)}</span> " "
                <strong data-testid="project-edit-client">{project.client_name.clone()}</strong>
            </div>
            <DetailFields details=details errors=errors prefix="project-edit" />
            <div class="form-actions span-all">
                <button type="submit" class="primary" data-testid="project-edit-save" disabled=move || save.pending().get()>
                    {move || i18n.t(Msg::Save)}
                </button>
                <button type="button" data-testid="project-edit-cancel" on:click=move |_| on_cancel.run(())>
                    {move || i18n.t(Msg::Cancel)}
                </button>
            </div>
        </form>
    }
}
