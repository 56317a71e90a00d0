//! A project's stage buttons: one per stage it may move to next (the domain's `next_stages`);
//! `lost` first asks why. The move carries the version read; when someone else moved the
//! project first, the buttons say so.

use leptos::prelude::*;
use salesops_domain::deals::{ProjectDto, ProjectStage, StageRequest, next_stages};

use crate::api::use_api;
use crate::components::{ErrorBanner, Field, FormErrors, Submit, local_error};
use crate::i18n::deals::{D, project_stage_msg};
use crate::i18n::use_i18n;
use crate::pages::money::decision::decided_elsewhere;

#[component]
pub fn StageButtons(project: ProjectDto, on_moved: Callback<ProjectDto>) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let errors = FormErrors::new();
    let id = project.id;
    let version = project.version;
    let asking_lost = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let stale = RwSignal::new(false);
    let move_to = Submit::new(errors, &["note"], move |request: StageRequest| async move {
        match api.move_project(id, &request).await {
            Ok(p) => {
                on_moved.run(p);
                Ok(())
            }
            Err(e) if decided_elsewhere(&e) || e.code() == Some("invalid_stage") => {
                stale.set(true);
                Ok(())
            }
            Err(e) => Err(e),
        }
    });
    let busy = move_to.pending();
    let send = move |stage: ProjectStage| {
        stale.set(false);
        let note = reason.get_untracked().trim().to_owned();
        if stage == ProjectStage::Lost && note.is_empty() {
            move_to.invalid(vec![local_error(i18n, "note", D::LostReasonRequired)]);
            return;
        }
        move_to.submit(StageRequest {
            stage,
            version,
            note: (!note.is_empty()).then_some(note),
        });
    };
    let buttons = next_stages(project.stage)
        .into_iter()
        .map(|stage| {
            let class = match stage {
                ProjectStage::Won => "small primary",
                ProjectStage::Lost => "small danger",
                _ => "small",
            };
            view! {
                <button
                    type="button"
                    class=class
                    data-testid=format!("stage-{}", stage.as_str())
                    disabled=move || busy.get()
                    on:click=move |_| {
                        if stage == ProjectStage::Lost {
                            asking_lost.set(true);
                        } else {
                            send(stage);
                        }
                    }
                >
                    {move || i18n.t(project_stage_msg(stage))}
                </button>
            }
        })
        .collect_view();
    view! {
        <div class="stage-moves" data-testid="stage-moves">
            <Show when=move || stale.get()>
                <p class="field-error" role="alert" data-testid="stage-stale">{move || i18n.t(D::StaleProject)}</p>
            </Show>
            <ErrorBanner errors=errors />
            <div class="form-actions">{buttons}</div>
            <Show when=move || asking_lost.get()>
                <div class="card" data-testid="lost-form">
                    <Field label=D::LostReason name="note" testid="lost-reason" value=reason errors=errors kind="textarea" rows=2 required=true />
                    <div class="form-actions">
                        <button type="button" class="small danger" data-testid="lost-confirm" disabled=move || busy.get()
                            on:click=move |_| send(ProjectStage::Lost)>
                            {move || i18n.t(D::ConfirmLost)}
                        </button>
                        <button type="button" class="small" data-testid="lost-cancel" on:click=move |_| asking_lost.set(false)>
                            {move || i18n.t(D::Cancel)}
                        </button>
                    </div>
                </div>
            </Show>
        </div>
    }
}
