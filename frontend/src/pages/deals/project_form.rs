//! A new project: the client (picked), its name, the expected amount in 元, the bid date and
//! the expected close. It starts in the design stage; the owner is the client's.

use leptos::prelude::*;
use salesops_domain::deals::{ProjectDto, ProjectRequest};

use crate::api::use_api;
use crate::components::{
    ErrorBanner, Field, FormErrors, Submit, local_error, non_empty, parse_date, parse_id,
};
use crate::i18n::deals::D;
use crate::i18n::use_i18n;
use crate::pages::deals::client_pick::ClientPick;
use crate::pages::deals::parts::typed_fen;

const FIELDS: &[&str] = &[
    "client_id",
    "name",
    "expected_amount_fen",
    "bid_date",
    "expected_close",
    "notes",
];

#[component]
pub fn NewProjectForm(
    /// The client named by the page, if any.
    client: Option<i64>,
    on_created: Callback<ProjectDto>,
) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let errors = FormErrors::new();
    let text = || RwSignal::new(String::new());
    let (client_id, name, amount, bid, close, notes) =
        (text(), text(), text(), text(), text(), text());
    let save = Submit::new(errors, FIELDS, move |request: ProjectRequest| async move {
        let project = api.create_project(&request).await?;
        for s in [name, amount, bid, close, notes] {
            s.set(String::new());
        }
        on_created.run(project);
        Ok(())
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(client_id) = parse_id(&client_id.get_untracked()) else {
            save.invalid(vec![local_error(i18n, "client_id", D::ChooseClient)]);
            return;
        };
        let typed = amount.get_untracked();
        let expected = if typed.trim().is_empty() {
            Some(0)
        } else {
            typed_fen(&typed)
        };
        let Some(expected_amount_fen) = expected else {
            save.invalid(vec![local_error(
                i18n,
                "expected_amount_fen",
                D::AmountInvalid,
            )]);
            return;
        };
        save.submit(ProjectRequest {
            client_id,
            name: name.get_untracked().trim().to_owned(),
            expected_amount_fen,
            bid_date: parse_date(&bid.get_untracked()),
            expected_close: parse_date(&close.get_untracked()),
            notes: non_empty(&notes.get_untracked()),
            version: None,
        });
    };
    view! {
        <form class="form-grid" data-testid="project-form" on:submit=submit novalidate>
            <div class="span-all"><ErrorBanner errors=errors /></div>
            <ClientPick value=client_id errors=errors testid="project-client" fixed=client />
            <Field label=D::ProjectName name="name" testid="project-name" value=name errors=errors required=true />
            <Field label=D::ExpectedAmount name="expected_amount_fen" testid="project-amount" value=amount errors=errors inputmode="decimal" />
            <Field label=D::BidDate name="bid_date" testid="project-bid-date" value=bid errors=errors kind="date" />
            <Field label=D::ExpectedClose name="expected_close" testid="project-close" value=close errors=errors kind="date" />
            <Field label=D::Notes name="notes" testid="project-notes" value=notes errors=errors kind="textarea" rows=2 />
            <div class="form-actions span-all">
                <button type="submit" class="primary" data-testid="project-create" disabled=move || save.pending().get()>
                    {move || i18n.t(D::NewProject)}
                </button>
            </div>
        </form>
    }
}
