//! A training: date, topic, kind (onboarding | product | skills | industry | legal), trainer,
//! attendees chosen from the team, notes. New, or (`editing`) a change of one recorded, sent
//! with the version read so a change made meanwhile is refused rather than overwritten.

use leptos::prelude::*;
use salesops_domain::trainings::{TrainingDto, TrainingKind, TrainingRequest};

use crate::api::use_api;
use crate::auth::use_auth;
use crate::clock::today;
use crate::components::{
    Choice, ErrorBanner, Field, FieldErrors, FormErrors, SelectField, Submit, local_error,
    non_empty, parse_date, text_choices,
};
use crate::i18n::scores::{S, training_kind_msg};
use crate::i18n::{Msg, use_i18n};

#[component]
pub fn TrainingForm(
    people: LocalResource<Vec<(i64, String)>>,
    on_created: Callback<()>,
    #[prop(optional)] editing: Option<TrainingDto>,
) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let auth = use_auth();
    let errors = FormErrors::new();
    let me = auth.user();
    let my_id = me.as_ref().map(|u| u.id).unwrap_or_default();
    let my_name = me.map(|u| u.display_name).unwrap_or_default();
    let editing_id = editing.as_ref().map(|t| (t.id, t.version));
    let (date, topic, kind, trainer, notes, attendees) = match &editing {
        Some(t) => (
            RwSignal::new(t.date.to_string()),
            RwSignal::new(t.topic.clone()),
            RwSignal::new(t.kind.as_str().to_owned()),
            RwSignal::new(t.trainer_id.to_string()),
            RwSignal::new(t.notes.clone().unwrap_or_default()),
            RwSignal::new(t.attendee_ids.clone()),
        ),
        None => (
            RwSignal::new(today().to_string()),
            RwSignal::new(String::new()),
            RwSignal::new(TrainingKind::Product.as_str().to_owned()),
            RwSignal::new(my_id.to_string()),
            RwSignal::new(String::new()),
            RwSignal::new(Vec::<i64>::new()),
        ),
    };
    // The trainer recorded may be someone outside the caller's team list (HR recorded it).
    let recorded_trainer = editing
        .as_ref()
        .filter(|t| t.trainer_id != my_id)
        .map(|t| (t.trainer_id, t.trainer_name.clone()));
    let kinds = text_choices(
        TrainingKind::ALL
            .iter()
            .map(|k| (k.as_str(), training_kind_msg(*k)))
            .collect(),
        None,
    );
    let trainers = Signal::derive(move || {
        let mut out = vec![Choice::new(my_id, my_name.clone())];
        if let Some(list) = people.get() {
            out.extend(list.into_iter().map(|(id, n)| Choice::new(id, n)));
        }
        if let Some((id, name)) = recorded_trainer.clone()
            && !out.iter().any(|c| c.value == id.to_string())
        {
            out.push(Choice::new(id, name));
        }
        out
    });
    let create = Submit::new(
        errors,
        &[
            "date",
            "topic",
            "kind",
            "trainer_id",
            "attendee_ids",
            "notes",
        ],
        move |r: TrainingRequest| async move {
            if let Some((id, _)) = editing_id {
                return api
                    .update_training(id, &r)
                    .await
                    .map(|_| on_created.run(()));
            }
            api.create_training(&r).await.map(|_| {
                topic.set(String::new());
                notes.set(String::new());
                attendees.set(Vec::new());
                on_created.run(());
            })
        },
    );
    let send = move |_| {
        let Some(d) = parse_date(&date.get_untracked()) else {
            return create.invalid(vec![local_error(i18n, "date", Msg::ErrRequired)]);
        };
        let ids = attendees.get_untracked();
        if ids.is_empty() {
            return create.invalid(vec![local_error(
                i18n,
                "attendee_ids",
                S::AttendeesRequired,
            )]);
        }
        create.submit(TrainingRequest {
            date: d,
            topic: topic.get_untracked().trim().to_owned(),
            kind: kind
                .get_untracked()
                .parse()
                .unwrap_or(TrainingKind::Product),
            trainer_id: trainer.get_untracked().parse().unwrap_or(my_id),
            attendee_ids: ids,
            notes: non_empty(&notes.get_untracked()),
            version: editing_id.map(|(_, v)| v),
        });
    };
    let boxes = move || {
        people.get().map(|list| {
            list.into_iter()
                .map(|(id, name)| {
                    view! {
                        <label class="check" data-testid="training-attendee" data-user-id=id>
                            <input type="checkbox"
                                prop:checked=move || attendees.with(|a| a.contains(&id))
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    attendees.update(|a| {
                                        a.retain(|x| *x != id);
                                        if on { a.push(id); }
                                    });
                                } />
                            " " {name}
                        </label>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <div class="card" data-testid="training-form" data-editing=editing_id.map(|(id, _)| id)>
            <h3>{move || i18n.t(if editing_id.is_some() { S::EditTraining } else { S::NewTraining })}</h3>
            <ErrorBanner errors=errors />
            <Field label=S::Date name="date" testid="training-date" value=date errors=errors kind="date" required=true />
            <Field label=S::Topic name="topic" testid="training-topic" value=topic errors=errors required=true />
            <SelectField label=S::Kind name="kind" testid="training-kind" value=kind choices=kinds errors=errors />
            <SelectField label=S::Trainer name="trainer_id" testid="training-trainer" value=trainer choices=trainers errors=errors />
            <fieldset class="field">
                <legend>{move || i18n.t(S::Attendees)}</legend>
                <div class="checks">{boxes}</div>
                <FieldErrors name="attendee_ids" errors=errors />
            </fieldset>
            <Field label=S::Notes name="notes" testid="training-notes" value=notes errors=errors kind="textarea" rows=2 />
            <button type="button" class="primary" data-testid="training-create" disabled=move || create.pending().get() on:click=send>
                {move || i18n.t(if editing_id.is_some() { Msg::Save } else { Msg::Create })}
            </button>
        </div>
    }
}
