//! A contract drafted or changed: client and project, number, title, amount in 元 and the
//! payment schedule, which must add up to the amount before it can be saved or submitted.
//! `/contracts/new?client_id=&project_id=` starts one for a client (and project);
//! `/contracts/{id}/edit` changes one (a signed contract's change is a new revision).

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use salesops_domain::deals::{ContractDto, ContractRequest};

use crate::api::deals::ProjectFilter;
use crate::api::use_api;
use crate::components::{
    ErrorBanner, Field, FormErrors, InlineError, Submit, local_error, parse_id,
};
use crate::i18n::deals::D;
use crate::i18n::{Msg, use_i18n};
use crate::pages::deals::client_pick::ClientPick;
use crate::pages::deals::parts::{fen_text, typed_fen};
use crate::pages::deals::schedule::{RowDraft, ScheduleEditor, Tally};

const FIELDS: &[&str] = &[
    "client_id",
    "project_id",
    "number",
    "title",
    "amount_fen",
    "schedule",
];

#[component]
pub fn ContractFormPage() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let params = use_params_map();
    let query = use_query_map();
    let id = params.with_untracked(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()));
    let q = |name: &str| query.with_untracked(|q| q.get(name).and_then(|v| v.parse::<i64>().ok()));
    let (client, project) = (q("client_id"), q("project_id"));
    let existing = LocalResource::new(move || async move {
        match id {
            Some(id) => api.contract(id).await.map(Some),
            None => Ok(None),
        }
    });
    view! {
        <Transition fallback=move || view! { <p class="muted">{move || i18n.t(Msg::Loading)}</p> }>
            {move || existing.get().map(|r| match r {
                Err(e) => view! { <section class="panel"><InlineError error=e /></section> }.into_any(),
                Ok(c) => view! { <ContractForm contract=c client=client project=project /> }.into_any(),
            })}
        </Transition>
    }
}

/// What the form sends: the contract, and whether to submit it for review once saved.
#[derive(Debug, Clone)]
struct Send {
    request: ContractRequest,
    submit: bool,
}

impl validator::Validate for Send {
    fn validate(&self) -> Result<(), validator::ValidationErrors> {
        self.request.validate()
    }
}

#[component]
fn ContractForm(
    contract: Option<ContractDto>,
    client: Option<i64>,
    project: Option<i64>,
) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let navigate = use_navigate();
    let errors = FormErrors::new();
    let editing = contract.as_ref().map(|c| (c.id, c.version));
    let fixed_client = contract.as_ref().map(|c| c.client_id).or(client);
    let text = |v: Option<String>| RwSignal::new(v.unwrap_or_default());
    let client_id = RwSignal::new(fixed_client.map(|c| c.to_string()).unwrap_or_default());
    let project_id = text(
        contract
            .as_ref()
            .and_then(|c| c.project_id)
            .or(project)
            .map(|p| p.to_string()),
    );
    let number = text(contract.as_ref().map(|c| c.number.clone()));
    let title = text(contract.as_ref().map(|c| c.title.clone()));
    let amount = text(contract.as_ref().map(|c| fen_text(c.amount_fen)));
    let next_key = StoredValue::new(0u32);
    let initial: Vec<RowDraft> = match &contract {
        Some(c) if !c.schedule.is_empty() => c
            .schedule
            .iter()
            .enumerate()
            .map(|(i, s)| RowDraft::of(i as u32, s))
            .collect(),
        _ => vec![RowDraft::blank(0)],
    };
    next_key.set_value(initial.len() as u32);
    let rows = RwSignal::new(initial);
    let tally = Memo::new(move |_| {
        let items: Vec<_> = rows.get().iter().map(RowDraft::item).collect();
        Tally::of(typed_fen(&amount.get()), &items)
    });

    // The chosen client's projects, for the project select.
    let projects = LocalResource::new(move || {
        let client = parse_id(&client_id.get());
        async move {
            match client {
                Some(c) => api
                    .projects(&ProjectFilter {
                        client_id: Some(c),
                        ..Default::default()
                    })
                    .await
                    .map(|l| l.items),
                None => Ok(Vec::new()),
            }
        }
    });

    let save = Submit::new(errors, FIELDS, move |send: Send| {
        let navigate = navigate.clone();
        async move {
            let saved = match editing {
                Some((id, _)) => api.update_contract(id, &send.request).await?,
                None => api.create_contract(&send.request).await?,
            };
            let id = saved.id;
            // Saved: the contract's page follows either way. A submission refused now is
            // tried again from there (its button), where the contract shows as a draft.
            if send.submit {
                let _ = api.submit_contract(id, saved.version).await;
            }
            navigate(&format!("/contracts/{id}"), Default::default());
            Ok(())
        }
    });
    let busy = save.pending();
    let send = move |submit: bool| {
        let Some(client) = parse_id(&client_id.get_untracked()) else {
            save.invalid(vec![local_error(i18n, "client_id", D::ChooseClient)]);
            return;
        };
        let Some(amount_fen) = typed_fen(&amount.get_untracked()) else {
            save.invalid(vec![local_error(i18n, "amount_fen", D::AmountInvalid)]);
            return;
        };
        let mut schedule = Vec::new();
        let mut wrong = Vec::new();
        for (i, row) in rows.get_untracked().iter().enumerate() {
            match row.item() {
                Some(item) => schedule.push(item),
                None => wrong.push(local_error(
                    i18n,
                    &format!("schedule[{i}]"),
                    D::AmountInvalid,
                )),
            }
        }
        if !wrong.is_empty() {
            save.invalid(wrong);
            return;
        }
        save.submit(Send {
            request: ContractRequest {
                client_id: client,
                project_id: parse_id(&project_id.get_untracked()),
                number: number.get_untracked().trim().to_owned(),
                title: title.get_untracked().trim().to_owned(),
                amount_fen,
                schedule,
                version: editing.map(|(_, v)| v),
            },
            submit,
        });
    };
    let blocked = move || busy.get() || !tally.get().adds_up();
    let project_choices = move || {
        let mut out = vec![(String::new(), i18n.t(D::NoProject).to_owned())];
        if let Some(Ok(list)) = projects.get() {
            out.extend(list.into_iter().map(|p| (p.id.to_string(), p.name)));
        }
        out
    };
    let heading = if editing.is_some() {
        D::EditContract
    } else {
        D::NewContract
    };
    view! {
        <section class="panel">
            <h1>{move || i18n.t(heading)}</h1>
            <form class="form-grid" data-testid="contract-form" on:submit=move |ev| { ev.prevent_default(); send(false); } novalidate>
                <div class="span-all"><ErrorBanner errors=errors /></div>
                <ClientPick value=client_id errors=errors testid="contract-client" fixed=fixed_client />
                <label class="field">
                    <span>{move || i18n.t(D::Project)}</span>
                    <select data-testid="contract-project" on:change=move |ev| project_id.set(event_target_value(&ev))>
                        {move || project_choices().into_iter().map(|(v, label)| {
                            let value = v.clone();
                            view! { <option value=v prop:selected=move || project_id.get() == value>{label}</option> }
                        }).collect_view()}
                    </select>
                </label>
                <Field label=D::ContractNumber name="number" testid="contract-number" value=number errors=errors required=true />
                <Field label=D::ContractTitle name="title" testid="contract-title" value=title errors=errors required=true />
                <Field label=D::ContractAmount name="amount_fen" testid="contract-amount" value=amount errors=errors inputmode="decimal" required=true />
                <ScheduleEditor rows=rows next_key=next_key tally=tally errors=errors />
                <div class="form-actions span-all">
                    <button type="submit" data-testid="contract-save" disabled=blocked>
                        {move || i18n.t(D::SaveDraft)}
                    </button>
                    <button type="button" class="primary" data-testid="contract-submit" disabled=blocked on:click=move |_| send(true)>
                        {move || i18n.t(D::SaveAndSubmit)}
                    </button>
                </div>
            </form>
        </section>
    }
}
