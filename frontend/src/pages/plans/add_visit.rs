//! Plans a visit: a client picked from the list, a day of the week, a time window, purpose
//! and place.

use leptos::prelude::*;
use salesops_domain::clients::ClientDto;
use salesops_domain::period::IsoWeek;
use salesops_domain::visits::PlanVisitRequest;

use crate::api::{ApiError, use_api};
use crate::components::{
    ErrorBanner, Field, FieldErrors, FormErrors, InlineError, Submit, local_error, non_empty,
};
use crate::i18n::plans::P;
use crate::i18n::{Msg, use_i18n};
use crate::pages::plans::parts::{DaySelect, week_days};

const FIELDS: &[&str] = &[
    "client_id",
    "planned_date",
    "time_from",
    "time_to",
    "purpose",
    "place",
];

#[component]
pub fn AddVisitForm(plan_id: i64, week: IsoWeek, on_added: Callback<P>) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let open = RwSignal::new(false);
    let search = RwSignal::new(String::new());
    let chosen = RwSignal::new(None::<ClientDto>);
    let (days, first) = week_days(week);
    let day = RwSignal::new(first.to_string());
    let text = || RwSignal::new(String::new());
    let (time_from, time_to, purpose, place) = (text(), text(), text(), text());
    let errors = FormErrors::new();

    let clients = LocalResource::new(move || {
        let q = search.get();
        let wanted = open.get() && chosen.with(Option::is_none);
        async move {
            if wanted {
                api.plan_client_choices(&q).await.map(Some)
            } else {
                Ok::<_, ApiError>(None)
            }
        }
    });

    let add = Submit::new(
        errors,
        FIELDS,
        move |request: PlanVisitRequest| async move {
            api.add_plan_visit(plan_id, &request).await?;
            // Ready for the next one: same day, nothing else kept.
            chosen.set(None);
            search.set(String::new());
            for s in [time_from, time_to, purpose, place] {
                s.set(String::new());
            }
            open.set(false);
            on_added.run(P::VisitAdded);
            Ok(())
        },
    );
    let busy = add.pending();

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(client) = chosen.get_untracked() else {
            add.invalid(vec![local_error(i18n, "client_id", P::ChooseClient)]);
            return;
        };
        let Ok(date) = day.get_untracked().parse() else {
            return;
        };
        let opt = |s: RwSignal<String>| non_empty(&s.get_untracked());
        add.submit(PlanVisitRequest {
            client_id: client.id,
            planned_date: date,
            time_from: opt(time_from),
            time_to: opt(time_to),
            purpose: opt(purpose),
            place: opt(place),
        });
    };

    let options = move |list: Vec<ClientDto>| {
        list.into_iter()
            .map(|c| {
                let name = c.name.clone();
                let name_attr = name.clone();
                let company = c.company.clone().unwrap_or_default();
                view! {
                    <li>
                        <button
                            type="button"
                            class="client-option"
                            data-testid="client-option"
                            data-name=name_attr
                            on:click=move |_| chosen.set(Some(c.clone()))
                        >
                            <strong>{name}</strong>
                            <span class="muted">{company}</span>
                        </button>
                    </li>
                }
            })
            .collect_view()
    };
    let picker = move || {
        if let Some(c) = chosen.get() {
            let label = match &c.company {
                Some(co) if !co.is_empty() => format!("{} · {co}", c.name),
                _ => c.name.clone(),
            };
            return view! {
                <div class="chosen-client" data-testid="visit-client-chosen">
                    <strong>{label}</strong>
                    <button type="button" class="small" data-testid="visit-client-change" on:click=move |_| chosen.set(None)>
                        {move || i18n.t(P::Change)}
                    </button>
                </div>
            }
            .into_any();
        }
        view! {
            <input
                type="search"
                data-testid="visit-client-search"
                placeholder=move || i18n.t(P::ClientSearch)
                bind:value=search
            />
            <Transition fallback=|| ()>
                {move || {
                    clients
                        .get()
                        .map(|r| match r {
                            Ok(Some(list)) if list.is_empty() => {
                                view! { <p class="muted">{move || i18n.t(P::NoClients)}</p> }.into_any()
                            }
                            Ok(Some(list)) => view! { <ul class="client-options">{options(list)}</ul> }.into_any(),
                            Ok(None) => ().into_any(),
                            Err(e) => view! { <InlineError error=e /> }.into_any(),
                        })
                }}
            </Transition>
        }
        .into_any()
    };

    view! {
        <Show
            when=move || open.get()
            fallback=move || view! {
                <button type="button" class="primary wide" data-testid="visit-add-open" on:click=move |_| open.set(true)>
                    {move || i18n.t(P::AddVisit)}
                </button>
            }
        >
            <form class="card" on:submit=submit data-testid="visit-add-form" novalidate>
                <h3>{move || i18n.t(P::AddVisit)}</h3>
                <ErrorBanner errors=errors />
                <div class="field">
                    <label>{move || i18n.t(P::Client)}</label>
                    {picker}
                    <FieldErrors name="client_id" errors=errors />
                </div>
                <DaySelect label=P::Day name="planned_date" testid="visit-day" id="f-visit-day" days=days.clone() value=day errors=errors />
                <div class="plan-grid two">
                    <Field label=P::TimeFrom name="time_from" testid="visit-time-from" value=time_from errors=errors kind="time" />
                    <Field label=P::TimeTo name="time_to" testid="visit-time-to" value=time_to errors=errors kind="time" />
                </div>
                <Field label=P::Purpose name="purpose" testid="visit-purpose" value=purpose errors=errors />
                <Field label=P::Place name="place" testid="visit-place" value=place errors=errors />
                <div class="form-actions">
                    <button type="submit" class="primary" data-testid="visit-add-submit" disabled=move || busy.get()>
                        {move || i18n.t(P::AddVisit)}
                    </button>
                    <button type="button" data-testid="visit-add-cancel" on:click=move |_| open.set(false)>
                        {move || i18n.t(Msg::Cancel)}
                    </button>
                </div>
            </form>
        </Show>
    }
}
