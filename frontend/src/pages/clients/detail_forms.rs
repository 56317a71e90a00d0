//! The two small forms of the client page: stage and credit changed in place, and a
//! satisfaction rating.

use leptos::prelude::*;
use salesops_domain::client_changes::{SatisfactionRequest, UpdateClientRequest};
use salesops_domain::clients::ClientDto;

use crate::api::use_api;
use crate::components::{
    ErrorBanner, Field, FormErrors, SelectField, Submit, non_empty, text_choices,
};
use crate::i18n::clients::CMsg;
use crate::i18n::{AnyText, use_i18n};
use crate::pages::clients::parts::{credit_choices, stage_choices};

/// Stage and credit, changed in place (recorded in the client's history by the server).
#[component]
pub fn StageCredit(
    client: ClientDto,
    refresh: Callback<()>,
    notice: RwSignal<Option<AnyText>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let stage = RwSignal::new(client.stage.as_str().to_owned());
    let credit = RwSignal::new(client.credit.as_str().to_owned());
    let errors = FormErrors::new();
    let changed = Memo::new(move |_| {
        stage.get() != client.stage.as_str() || credit.get() != client.credit.as_str()
    });
    let id = client.id;
    let version = client.version;
    let save = Submit::new(
        errors,
        &["stage", "credit"],
        move |request: UpdateClientRequest| async move {
            api.update_client(id, &request).await?;
            notice.set(Some(CMsg::StageChanged.into()));
            refresh.run(());
            Ok(())
        },
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.submit(UpdateClientRequest {
            stage: stage.get_untracked().parse().ok(),
            credit: credit.get_untracked().parse().ok(),
            version: Some(version),
            ..Default::default()
        });
    };
    view! {
        <form class="form-grid stage-credit" on:submit=submit data-testid="stage-credit-form">
            <div class="span-all"><ErrorBanner errors=errors /></div>
            <SelectField label=CMsg::Stage name="stage" testid="client-edit-stage" value=stage choices=text_choices(stage_choices(), None) errors=errors />
            <SelectField label=CMsg::Credit name="credit" testid="client-edit-credit" value=credit choices=text_choices(credit_choices(), None) errors=errors />
            <Show when=move || changed.get()>
                <div class="form-actions span-all">
                    <button type="submit" class="primary" data-testid="stage-credit-save" disabled=move || save.pending().get()>
                        {move || i18n.t(CMsg::Save)}
                    </button>
                </div>
            </Show>
        </form>
    }
}

/// The client's satisfaction: latest and average, and the form to add a rating.
#[component]
pub fn Satisfaction(
    client: ClientDto,
    refresh: Callback<()>,
    notice: RwSignal<Option<AnyText>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let score = RwSignal::new(0i32);
    let comment = RwSignal::new(String::new());
    let errors = FormErrors::new();
    let id = client.id;
    let save = Submit::new(
        errors,
        &["score", "comment"],
        move |request: SatisfactionRequest| async move {
            api.add_satisfaction(id, &request).await?;
            notice.set(Some(CMsg::SatSaved.into()));
            refresh.run(());
            Ok(())
        },
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.submit(SatisfactionRequest {
            score: score.get_untracked(),
            comment: non_empty(&comment.get_untracked()),
        });
    };
    let summary = match (client.satisfaction_latest, client.satisfaction_average) {
        (Some(latest), Some(avg)) => {
            let count = client.satisfaction_count;
            view! {
                <p class="sat-summary" data-testid="satisfaction-summary">
                    <span>{move || i18n.t(CMsg::SatLatest)} " " <strong>{stars(latest)}</strong></span>
                    <span>{move || i18n.t(CMsg::SatAverage)} " " <strong data-testid="satisfaction-average">{format!("{avg:.1}")}</strong></span>
                    <span class="muted">{count} " " {move || i18n.t(CMsg::SatCount)}</span>
                </p>
            }
            .into_any()
        }
        _ => view! { <p class="muted" data-testid="satisfaction-summary">{move || i18n.t(CMsg::SatNone)}</p> }.into_any(),
    };
    let buttons = (1..=5)
        .map(|n| {
            view! {
                <button
                    type="button"
                    class="star"
                    class:star-on=move || { score.get() >= n }
                    data-testid=format!("satisfaction-score-{n}")
                    aria-label=n.to_string()
                    on:click=move |_| score.set(n)
                >
                    "★"
                </button>
            }
        })
        .collect_view();
    view! {
        <section class="panel">
            <h2>{move || i18n.t(CMsg::Satisfaction)}</h2>
            {summary}
            <form class="sat-form" on:submit=submit data-testid="satisfaction-form">
                <ErrorBanner errors=errors />
                <div class="stars" role="group" aria-label=move || i18n.t(CMsg::SatScore)>{buttons}</div>
                <Show when=move || { score.get() > 0 }>
                    <Field label=CMsg::SatComment name="comment" testid="satisfaction-comment" value=comment errors=errors />
                    <button type="submit" class="primary" data-testid="satisfaction-submit" disabled=move || save.pending().get()>
                        {move || i18n.t(CMsg::SatAdd)}
                    </button>
                </Show>
            </form>
        </section>
    }
}

fn stars(n: i32) -> String {
    let n = n.clamp(0, 5) as usize;
    format!("{}{}", "★".repeat(n), "☆".repeat(5 - n))
}
