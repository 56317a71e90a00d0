//! Teams (admin): list, create, edit.

use leptos::prelude::*;
use salesops_domain::Role;
use salesops_domain::teams::{CreateTeamRequest, TeamDto, UpdateTeamRequest};
use salesops_domain::users::{UserDto, UserListQuery};

use crate::api::use_api;
use crate::components::{
    Choice, ErrorBanner, Field, FormErrors, InlineError, ListNote, Notice, SelectField, Submit,
    Write, after_empty, non_empty, parse_id,
};
use crate::i18n::{AnyText, Msg, use_i18n};
use crate::pages::admin::options::{all_teams, team_choices};

#[component]
pub fn TeamsPage() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let teams = LocalResource::new(move || async move { api.all_teams().await });
    // Only managers may lead a team.
    let people = LocalResource::new(move || async move {
        let filter = UserListQuery {
            role: Some(Role::Manager),
            disabled: Some(false),
            ..UserListQuery::default()
        };
        api.all_users(&filter)
            .await
            .map(|l| l.items)
            .unwrap_or_default()
    });
    let notice = RwSignal::new(None::<AnyText>);
    let creating = RwSignal::new(false);
    let editing = RwSignal::new(None::<TeamDto>);
    let team_list = all_teams(api);
    let on_saved = Callback::new(move |msg: Msg| {
        creating.set(false);
        editing.set(None);
        notice.set(Some(msg.into()));
        teams.refetch();
        team_list.refetch();
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
            Err(e) => view! { <InlineError error=e /> }.into_any(),
            Ok(l) if l.items.is_empty() => {
                view! { <p class="muted" data-testid="teams-empty">{move || i18n.t(Msg::Empty)}</p> }
                    .into_any()
            }
            Ok(l) => {
                let info = l.info();
                let all = l.items.clone();
                let items = l
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
                                <td data-label=move || i18n.t(Msg::Region)>{t.region.clone().unwrap_or_default()}</td>
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
                    <p class="muted">{move || i18n.t(Msg::TotalRows)} " " {info.total}</p>
                    <ListNote info=info />
                }
                .into_any()
            }
        })
    };

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
            <Notice notice=notice />
            <Show when=move || creating.get()>
                <TeamForm existing=None teams=team_list people=people on_saved=on_saved on_cancel=on_cancel />
            </Show>
            {move || editing.get().map(|t| view! {
                <TeamForm existing=Some(t) teams=team_list people=people on_saved=on_saved on_cancel=on_cancel />
            })}
            <Transition fallback=move || view! { <p class="muted">{move || i18n.t(Msg::Loading)}</p> }>
                {rows}
            </Transition>
        </section>
    }
}

const FIELDS: &[&str] = &["name", "region", "manager_id", "parent_id"];

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
    let text = |f: fn(&TeamDto) -> Option<String>| {
        RwSignal::new(existing.as_ref().and_then(f).unwrap_or_default())
    };
    let name = text(|t| Some(t.name.clone()));
    let region = text(|t| t.region.clone());
    let manager = text(|t| t.manager_id.map(|m| m.to_string()));
    let parent = text(|t| t.parent_id.map(|p| p.to_string()));
    let errors = FormErrors::new();
    let save = Submit::new(
        errors,
        FIELDS,
        move |write: Write<CreateTeamRequest, UpdateTeamRequest>| async move {
            let msg = match write {
                Write::Create(request) => {
                    api.create_team(&request).await?;
                    Msg::TeamCreated
                }
                Write::Update(id, request) => {
                    api.update_team(id, &request).await?;
                    Msg::TeamSaved
                }
            };
            on_saved.run(msg);
            Ok(())
        },
    );
    let busy = save.pending();

    let manager_choices = Signal::derive(move || {
        let mut ps = people.get().unwrap_or_default();
        ps.sort_by(|a, b| a.display_name.cmp(&b.display_name));
        after_empty(
            i18n,
            Some(Msg::NoneOption.into()),
            ps.into_iter()
                .map(|p| Choice::new(p.id, format!("{} ({})", p.display_name, p.username))),
        )
    });
    let all_parents = team_choices(teams, Some(Msg::NoneOption.into()));
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
        let name_v = name.get_untracked().trim().to_owned();
        let region_v = non_empty(&region.get_untracked());
        let manager_v = parse_id(&manager.get_untracked());
        let parent_v = parse_id(&parent.get_untracked());
        let write = match id {
            None => Write::Create(CreateTeamRequest {
                name: name_v,
                region: region_v,
                manager_id: manager_v,
                parent_id: parent_v,
            }),
            Some(id) => Write::Update(
                id,
                UpdateTeamRequest {
                    name: Some(name_v),
                    region: Some(region_v),
                    manager_id: Some(manager_v),
                    parent_id: Some(parent_v),
                },
            ),
        };
        save.submit(write);
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
            <Field label=Msg::TeamName name="name" testid=format!("{prefix}-name") value=name errors=errors required=true />
            <Field label=Msg::Region name="region" testid=format!("{prefix}-region") value=region errors=errors />
            <SelectField label=Msg::Manager name="manager_id" testid=format!("{prefix}-manager") value=manager choices=manager_choices errors=errors />
            <SelectField label=Msg::ParentTeam name="parent_id" testid=format!("{prefix}-parent") value=parent choices=parent_choices errors=errors />
            <div class="form-actions span-all">
                <button type="submit" class="primary" data-testid=format!("{prefix}-submit") disabled=move || busy.get()>
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
                <button type="button" data-testid=format!("{prefix}-cancel") on:click=move |_| on_cancel.run(())>
                    {move || i18n.t(Msg::Cancel)}
                </button>
            </div>
        </form>
    }
}
