//! Teams (admin): list, create, edit.

use leptos::prelude::*;
use leptos::task::spawn_local;
use salesops_domain::Role;
use salesops_domain::teams::{CreateTeamRequest, TeamDto, UpdateTeamRequest};
use salesops_domain::users::{UserDto, UserListQuery};

use crate::api::use_api;
use crate::app::is_signed_out;
use crate::components::{
    Choice, ErrorBanner, FormErrors, InlineError, SelectField, SuccessBanner, TextField,
};
use crate::i18n::{Msg, use_i18n};
use crate::pages::admin::users::{all_teams, team_choices};

#[component]
pub fn TeamsPage() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let teams = LocalResource::new(move || async move {
        api.list_teams(1, salesops_domain::page::MAX_PER_PAGE).await
    });
    // Only managers may lead a team.
    let people = LocalResource::new(move || async move {
        let filter = UserListQuery {
            role: Some(Role::Manager),
            disabled: Some(false),
            ..UserListQuery::default()
        };
        api.list_users(&filter, 1, salesops_domain::page::MAX_PER_PAGE)
            .await
            .map(|p| p.items)
            .unwrap_or_default()
    });
    let notice = RwSignal::new(None::<Msg>);
    let creating = RwSignal::new(false);
    let editing = RwSignal::new(None::<TeamDto>);
    let on_saved = Callback::new(move |msg: Msg| {
        creating.set(false);
        editing.set(None);
        notice.set(Some(msg));
        teams.refetch();
    });
    let on_cancel = Callback::new(move |()| {
        creating.set(false);
        editing.set(None);
    });

    let person_name = move |id: Option<i64>| -> String {
        id.map(|id| {
            people
                .get()
                .and_then(|ps| ps.into_iter().find(|p| p.id == id).map(|p| p.display_name))
                .unwrap_or_else(|| format!("#{id}"))
        })
        .unwrap_or_default()
    };

    let rows = move || {
        let result = teams.get()?;
        Some(match result {
            Err(e) if is_signed_out(&e) => ().into_any(),
            Err(e) => view! { <InlineError error=e /> }.into_any(),
            Ok(p) if p.items.is_empty() => {
                view! { <p class="muted" data-testid="teams-empty">{move || i18n.t(Msg::Empty)}</p> }
                    .into_any()
            }
            Ok(p) => {
                let all = p.items.clone();
                let items = p
                    .items
                    .into_iter()
                    .map(|t| {
                        let parent = t
                            .parent_id
                            .and_then(|pid| all.iter().find(|x| x.id == pid).map(|x| x.name.clone()))
                            .unwrap_or_default();
                        let manager = person_name(t.manager_id);
                        let for_edit = t.clone();
                        view! {
                            <tr data-testid="team-row" data-team=t.name.clone()>
                                <td data-label=move || i18n.t(Msg::TeamName)>{t.name.clone()}</td>
                                <td data-label=move || i18n.t(Msg::Region)>
                                    {t.region.clone().unwrap_or_default()}
                                </td>
                                <td data-label=move || i18n.t(Msg::Manager)>{manager}</td>
                                <td data-label=move || i18n.t(Msg::ParentTeam)>{parent}</td>
                                <td class="actions">
                                    <button
                                        type="button"
                                        class="small"
                                        data-testid="team-edit"
                                        on:click=move |_| {
                                            creating.set(false);
                                            editing.set(Some(for_edit.clone()));
                                        }
                                    >
                                        {move || i18n.t(Msg::Edit)}
                                    </button>
                                </td>
                            </tr>
                        }
                    })
                    .collect_view();
                view! {
                    <table class="list" data-testid="teams-table">
                        <thead>
                            <tr>
                                <th>{move || i18n.t(Msg::TeamName)}</th>
                                <th>{move || i18n.t(Msg::Region)}</th>
                                <th>{move || i18n.t(Msg::Manager)}</th>
                                <th>{move || i18n.t(Msg::ParentTeam)}</th>
                                <th>{move || i18n.t(Msg::Actions)}</th>
                            </tr>
                        </thead>
                        <tbody>{items}</tbody>
                    </table>
                    <p class="muted">{move || i18n.t(Msg::TotalRows)} " " {p.total}</p>
                }
                .into_any()
            }
        })
    };

    let team_list = all_teams(api);
    view! {
        <section class="panel">
            <div class="panel-head">
                <h1>{move || i18n.t(Msg::TeamsTitle)}</h1>
                <button
                    type="button"
                    class="primary"
                    data-testid="teams-new"
                    on:click=move |_| {
                        editing.set(None);
                        creating.set(true);
                    }
                >
                    {move || i18n.t(Msg::NewTeam)}
                </button>
            </div>
            <SuccessBanner notice=notice />
            <Show when=move || creating.get()>
                <TeamForm
                    existing=None
                    teams=team_list
                    people=people
                    on_saved=on_saved
                    on_cancel=on_cancel
                />
            </Show>
            {move || {
                editing
                    .get()
                    .map(|t| {
                        view! {
                            <TeamForm
                                existing=Some(t)
                                teams=team_list
                                people=people
                                on_saved=on_saved
                                on_cancel=on_cancel
                            />
                        }
                    })
            }}
            <Transition fallback=move || view! { <p class="muted">{move || i18n.t(Msg::Loading)}</p> }>
                {rows}
            </Transition>
        </section>
    }
}

#[component]
fn TeamForm(
    existing: Option<TeamDto>,
    teams: LocalResource<Vec<TeamDto>>,
    people: LocalResource<Vec<UserDto>>,
    on_saved: Callback<Msg>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let id = existing.as_ref().map(|t| t.id);
    let prefix = if id.is_some() {
        "edit-team"
    } else {
        "create-team"
    };
    let name = RwSignal::new(
        existing
            .as_ref()
            .map(|t| t.name.clone())
            .unwrap_or_default(),
    );
    let region = RwSignal::new(
        existing
            .as_ref()
            .and_then(|t| t.region.clone())
            .unwrap_or_default(),
    );
    let manager = RwSignal::new(
        existing
            .as_ref()
            .and_then(|t| t.manager_id)
            .map(|m| m.to_string())
            .unwrap_or_default(),
    );
    let parent = RwSignal::new(
        existing
            .as_ref()
            .and_then(|t| t.parent_id)
            .map(|m| m.to_string())
            .unwrap_or_default(),
    );
    let errors = FormErrors::new();
    let busy = RwSignal::new(false);

    let manager_choices = Signal::derive(move || {
        let mut ps = people.get().unwrap_or_default();
        ps.sort_by(|a, b| a.display_name.cmp(&b.display_name));
        ps.into_iter()
            .map(|p| Choice {
                value: p.id.to_string(),
                label: format!("{} ({})", p.display_name, p.username),
            })
            .collect::<Vec<_>>()
    });
    let all_parents = team_choices(teams);
    // A team cannot be its own parent.
    let parent_choices = Signal::derive(move || {
        let own = id.map(|i| i.to_string());
        all_parents
            .get()
            .into_iter()
            .filter(|c| Some(&c.value) != own.as_ref())
            .collect::<Vec<_>>()
    });

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        errors.clear();
        let known = ["name", "region", "manager_id", "parent_id"];
        let name_v = name.get_untracked().trim().to_owned();
        let region_v = Some(region.get_untracked().trim().to_owned()).filter(|r| !r.is_empty());
        let manager_v = manager.get_untracked().parse::<i64>().ok();
        let parent_v = parent.get_untracked().parse::<i64>().ok();
        spawn_local(async move {
            let result = match id {
                None => {
                    let request = CreateTeamRequest {
                        name: name_v,
                        region: region_v,
                        manager_id: manager_v,
                        parent_id: parent_v,
                    };
                    api.create_team(&request).await.map(|_| Msg::TeamCreated)
                }
                Some(id) => {
                    let request = UpdateTeamRequest {
                        name: Some(name_v),
                        region: Some(region_v),
                        manager_id: Some(manager_v),
                        parent_id: Some(parent_v),
                    };
                    api.update_team(id, &request).await.map(|_| Msg::TeamSaved)
                }
            };
            match result {
                Ok(msg) => {
                    teams.refetch();
                    on_saved.run(msg);
                }
                Err(e) if is_signed_out(&e) => {}
                Err(e) => errors.show(&e, &known),
            }
            busy.set(false);
        });
    };

    let title = if id.is_some() {
        Msg::EditTeam
    } else {
        Msg::NewTeam
    };
    view! {
        <form class="card form-grid" on:submit=submit data-testid=format!("{prefix}-form") novalidate>
            <h2 class="span-all">{move || i18n.t(title)}</h2>
            <div class="span-all">
                <ErrorBanner errors=errors />
            </div>
            <TextField
                label=Msg::TeamName
                name="name"
                testid=format!("{prefix}-name")
                value=name
                errors=errors
                required=true
            />
            <TextField
                label=Msg::Region
                name="region"
                testid=format!("{prefix}-region")
                value=region
                errors=errors
            />
            <SelectField
                label=Msg::Manager
                name="manager_id"
                testid=format!("{prefix}-manager")
                value=manager
                empty=Msg::NoneOption
                choices=manager_choices
                errors=errors
            />
            <SelectField
                label=Msg::ParentTeam
                name="parent_id"
                testid=format!("{prefix}-parent")
                value=parent
                empty=Msg::NoneOption
                choices=parent_choices
                errors=errors
            />
            <div class="form-actions span-all">
                <button
                    type="submit"
                    class="primary"
                    data-testid=format!("{prefix}-submit")
                    disabled=move || busy.get()
                >
                    {move || {
                        if busy.get() {
                            i18n.t(Msg::Saving)
                        } else if id.is_some() {
                            i18n.t(Msg::Save)
                        } else {
                            i18n.t(Msg::Create)
                        }
                    }}
                </button>
                <button
                    type="button"
                    data-testid=format!("{prefix}-cancel")
                    on:click=move |_| on_cancel.run(())
                >
                    {move || i18n.t(Msg::Cancel)}
                </button>
            </div>
        </form>
    }
}
