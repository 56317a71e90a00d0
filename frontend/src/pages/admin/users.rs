//! Users (admin and HR): search and filter, create, edit (admin), disable and enable.

use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use salesops_domain::Role;
use salesops_domain::teams::TeamDto;
use salesops_domain::users::{CreateUserRequest, UpdateUserRequest, UserDto, UserListQuery};

use crate::api::{Api, use_api};
use crate::app::is_signed_out;
use crate::auth::use_auth;
use crate::components::{
    Choice, ErrorBanner, FieldErrors, FormErrors, InlineError, SelectField, SuccessBanner,
    TextField,
};
use crate::i18n::{Msg, role_msg, use_i18n};

const PER_PAGE: u32 = 20;

/// Every team, for names and selects. Roles that may not list teams just see ids.
pub fn all_teams(api: Api) -> LocalResource<Vec<TeamDto>> {
    LocalResource::new(move || async move {
        api.list_teams(1, salesops_domain::page::MAX_PER_PAGE)
            .await
            .map(|p| p.items)
            .unwrap_or_default()
    })
}

pub fn team_choices(teams: LocalResource<Vec<TeamDto>>) -> Signal<Vec<Choice>> {
    Signal::derive(move || {
        teams
            .get()
            .unwrap_or_default()
            .into_iter()
            .map(|t| Choice {
                value: t.id.to_string(),
                label: t.name,
            })
            .collect()
    })
}

fn parse_id(value: &str) -> Option<i64> {
    value.trim().parse().ok()
}

fn non_empty(value: String) -> Option<String> {
    let v = value.trim();
    (!v.is_empty()).then(|| v.to_owned())
}

#[component]
pub fn UsersPage() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let auth = use_auth();
    let is_admin = move || auth.has_role(Role::Admin);
    let me = auth.current().map(|s| s.user.id);

    let q_input = RwSignal::new(String::new());
    let q = RwSignal::new(String::new());
    let role_filter = RwSignal::new(String::new());
    let team_filter = RwSignal::new(String::new());
    let status_filter = RwSignal::new(String::new());
    let page = RwSignal::new(1u32);
    let typing = StoredValue::new(0u64);

    let teams = all_teams(api);
    let users = LocalResource::new(move || {
        let filter = UserListQuery {
            q: Some(q.get()),
            role: role_filter.get().parse().ok(),
            team_id: parse_id(&team_filter.get()),
            disabled: match status_filter.get().as_str() {
                "active" => Some(false),
                "disabled" => Some(true),
                _ => None,
            },
        };
        let page = page.get();
        async move { api.list_users(&filter, page, PER_PAGE).await }
    });

    let page_errors = FormErrors::new();
    let notice = RwSignal::new(None::<Msg>);
    let creating = RwSignal::new(false);
    let editing = RwSignal::new(None::<UserDto>);

    // Searching while typing, once the typing pauses.
    let on_search_input = move |ev: leptos::ev::Event| {
        q_input.set(event_target_value(&ev));
        let ticket = typing.get_value() + 1;
        typing.set_value(ticket);
        set_timeout(
            move || {
                if typing.try_get_value() == Some(ticket) {
                    page.set(1);
                    q.set(q_input.get_untracked());
                }
            },
            Duration::from_millis(300),
        );
    };
    let on_search_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        typing.update_value(|t| *t += 1);
        page.set(1);
        q.set(q_input.get_untracked());
    };

    let team_name = move |id: Option<i64>| -> String {
        match id {
            None => String::new(),
            Some(id) => teams
                .get()
                .and_then(|ts| ts.into_iter().find(|t| t.id == id).map(|t| t.name))
                .unwrap_or_else(|| format!("#{id}")),
        }
    };

    let set_disabled = move |user: UserDto, disabled: bool| {
        page_errors.clear();
        notice.set(None);
        spawn_local(async move {
            match api.set_user_disabled(user.id, disabled).await {
                Ok(_) => {
                    notice.set(Some(if disabled {
                        Msg::UserDisabled
                    } else {
                        Msg::UserEnabled
                    }));
                    users.refetch();
                }
                Err(e) if is_signed_out(&e) => {}
                Err(e) => page_errors.show(&e, &[]),
            }
        });
    };

    let on_saved = Callback::new(move |msg: Msg| {
        creating.set(false);
        editing.set(None);
        notice.set(Some(msg));
        users.refetch();
    });
    let on_cancel = Callback::new(move |()| {
        creating.set(false);
        editing.set(None);
    });

    let role_choices = Signal::derive(move || {
        Role::ALL
            .iter()
            .map(|r| Choice {
                value: r.as_str().to_owned(),
                label: i18n.t(role_msg(*r)).to_owned(),
            })
            .collect::<Vec<_>>()
    });

    let rows = move || {
        let result = users.get()?;
        Some(match result {
            Err(e) if is_signed_out(&e) => ().into_any(),
            Err(e) => view! { <InlineError error=e /> }.into_any(),
            Ok(p) if p.items.is_empty() => {
                view! { <p class="muted" data-testid="users-empty">{move || i18n.t(Msg::Empty)}</p> }
                    .into_any()
            }
            Ok(p) => {
                let total = p.total;
                let last_page = u32::try_from((total + i64::from(PER_PAGE) - 1) / i64::from(PER_PAGE))
                    .unwrap_or(1)
                    .max(1);
                let items = p
                    .items
                    .into_iter()
                    .map(|u| {
                        let roles = u
                            .roles
                            .iter()
                            .map(|r| {
                                let r = *r;
                                view! { <span class="tag">{move || i18n.t(role_msg(r))}</span> }
                            })
                            .collect_view();
                        let team = team_name(u.team_id);
                        let for_edit = u.clone();
                        let for_toggle = u.clone();
                        let disabled = u.disabled;
                        // Nobody disables their own account here.
                        let own = me == Some(u.id);
                        view! {
                            <tr
                                data-testid="user-row"
                                data-username=u.username.clone()
                                class:row-disabled=disabled
                            >
                                <td data-label=move || i18n.t(Msg::Username) data-testid="user-username">
                                    {u.username.clone()}
                                </td>
                                <td data-label=move || i18n.t(Msg::DisplayName) data-testid="user-display-name">
                                    {u.display_name.clone()}
                                </td>
                                <td data-label=move || i18n.t(Msg::Roles)>{roles}</td>
                                <td data-label=move || i18n.t(Msg::Team)>{team}</td>
                                <td data-label=move || i18n.t(Msg::Phone)>
                                    {u.phone.clone().unwrap_or_default()}
                                </td>
                                <td data-label=move || i18n.t(Msg::Status) data-testid="user-status">
                                    {move || {
                                        if disabled { i18n.t(Msg::Disabled) } else { i18n.t(Msg::Active) }
                                    }}
                                </td>
                                <td class="actions">
                                    <Show when=is_admin>
                                        {
                                            let for_edit = for_edit.clone();
                                            view! {
                                                <button
                                                    type="button"
                                                    class="small"
                                                    data-testid="user-edit"
                                                    on:click=move |_| {
                                                        creating.set(false);
                                                        editing.set(Some(for_edit.clone()));
                                                    }
                                                >
                                                    {move || i18n.t(Msg::Edit)}
                                                </button>
                                            }
                                        }
                                    </Show>
                                    {if own {
                                        ().into_any()
                                    } else if disabled {
                                        view! {
                                            <button
                                                type="button"
                                                class="small"
                                                data-testid="user-enable"
                                                on:click=move |_| set_disabled(for_toggle.clone(), false)
                                            >
                                                {move || i18n.t(Msg::Enable)}
                                            </button>
                                        }
                                        .into_any()
                                    } else {
                                        view! {
                                            <button
                                                type="button"
                                                class="small danger"
                                                data-testid="user-disable"
                                                on:click=move |_| set_disabled(for_toggle.clone(), true)
                                            >
                                                {move || i18n.t(Msg::Disable)}
                                            </button>
                                        }
                                        .into_any()
                                    }}
                                </td>
                            </tr>
                        }
                    })
                    .collect_view();
                view! {
                    <table class="list" data-testid="users-table">
                        <thead>
                            <tr>
                                <th>{move || i18n.t(Msg::Username)}</th>
                                <th>{move || i18n.t(Msg::DisplayName)}</th>
                                <th>{move || i18n.t(Msg::Roles)}</th>
                                <th>{move || i18n.t(Msg::Team)}</th>
                                <th>{move || i18n.t(Msg::Phone)}</th>
                                <th>{move || i18n.t(Msg::Status)}</th>
                                <th>{move || i18n.t(Msg::Actions)}</th>
                            </tr>
                        </thead>
                        <tbody>{items}</tbody>
                    </table>
                    <div class="pager">
                        <span data-testid="users-total">{move || i18n.t(Msg::TotalRows)} " " {total}</span>
                        <button
                            type="button"
                            class="small"
                            disabled=move || { page.get() <= 1 }
                            on:click=move |_| page.update(|p| *p = p.saturating_sub(1).max(1))
                        >
                            {move || i18n.t(Msg::PrevPage)}
                        </button>
                        <span>{move || page.get()} " / " {last_page}</span>
                        <button
                            type="button"
                            class="small"
                            disabled=move || { page.get() >= last_page }
                            on:click=move |_| page.update(|p| *p += 1)
                        >
                            {move || i18n.t(Msg::NextPage)}
                        </button>
                    </div>
                }
                .into_any()
            }
        })
    };

    view! {
        <section class="panel">
            <div class="panel-head">
                <h1>{move || i18n.t(Msg::UsersTitle)}</h1>
                <button
                    type="button"
                    class="primary"
                    data-testid="users-new"
                    on:click=move |_| {
                        editing.set(None);
                        creating.set(true);
                    }
                >
                    {move || i18n.t(Msg::NewUser)}
                </button>
            </div>
            <SuccessBanner notice=notice />
            <ErrorBanner errors=page_errors />
            <Show when=move || creating.get()>
                <UserForm existing=None teams=teams on_saved=on_saved on_cancel=on_cancel />
            </Show>
            {move || {
                editing
                    .get()
                    .map(|u| {
                        view! {
                            <UserForm existing=Some(u) teams=teams on_saved=on_saved on_cancel=on_cancel />
                        }
                    })
            }}
            <form class="filters" on:submit=on_search_submit role="search">
                <input
                    type="search"
                    data-testid="users-search"
                    placeholder=move || i18n.t(Msg::SearchPlaceholder)
                    aria-label=move || i18n.t(Msg::Search)
                    prop:value=move || q_input.get()
                    on:input=on_search_input
                />
                <select
                    data-testid="users-filter-role"
                    aria-label=move || i18n.t(Msg::Roles)
                    on:change=move |ev| {
                        page.set(1);
                        role_filter.set(event_target_value(&ev));
                    }
                >
                    <option value="">{move || i18n.t(Msg::AllRoles)}</option>
                    <For each=move || role_choices.get() key=|c| (c.value.clone(), c.label.clone()) let:c>
                        <option value=c.value.clone()>{c.label.clone()}</option>
                    </For>
                </select>
                <select
                    data-testid="users-filter-team"
                    aria-label=move || i18n.t(Msg::Team)
                    on:change=move |ev| {
                        page.set(1);
                        team_filter.set(event_target_value(&ev));
                    }
                >
                    <option value="">{move || i18n.t(Msg::AllTeams)}</option>
                    <For each=move || team_choices(teams).get() key=|c| (c.value.clone(), c.label.clone()) let:c>
                        <option value=c.value.clone()>{c.label.clone()}</option>
                    </For>
                </select>
                <select
                    data-testid="users-filter-status"
                    aria-label=move || i18n.t(Msg::Status)
                    on:change=move |ev| {
                        page.set(1);
                        status_filter.set(event_target_value(&ev));
                    }
                >
                    <option value="">{move || i18n.t(Msg::AllStatuses)}</option>
                    <option value="active">{move || i18n.t(Msg::Active)}</option>
                    <option value="disabled">{move || i18n.t(Msg::Disabled)}</option>
                </select>
                <button type="submit" class="small" data-testid="users-search-submit">
                    {move || i18n.t(Msg::Search)}
                </button>
            </form>
            <Transition fallback=move || view! { <p class="muted">{move || i18n.t(Msg::Loading)}</p> }>
                {rows}
            </Transition>
        </section>
    }
}

/// The create form (`existing` is `None`) or the edit form of one user.
#[component]
fn UserForm(
    existing: Option<UserDto>,
    teams: LocalResource<Vec<TeamDto>>,
    on_saved: Callback<Msg>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let id = existing.as_ref().map(|u| u.id);
    let prefix = if id.is_some() {
        "edit-user"
    } else {
        "create-user"
    };
    let username = RwSignal::new(
        existing
            .as_ref()
            .map(|u| u.username.clone())
            .unwrap_or_default(),
    );
    let display_name = RwSignal::new(
        existing
            .as_ref()
            .map(|u| u.display_name.clone())
            .unwrap_or_default(),
    );
    let password = RwSignal::new(String::new());
    let roles = RwSignal::new(
        existing
            .as_ref()
            .map(|u| u.roles.clone())
            .unwrap_or_else(|| vec![Role::Salesperson]),
    );
    let team = RwSignal::new(
        existing
            .as_ref()
            .and_then(|u| u.team_id)
            .map(|t| t.to_string())
            .unwrap_or_default(),
    );
    let phone = RwSignal::new(
        existing
            .as_ref()
            .and_then(|u| u.phone.clone())
            .unwrap_or_default(),
    );
    let email = RwSignal::new(
        existing
            .as_ref()
            .and_then(|u| u.email.clone())
            .unwrap_or_default(),
    );
    let errors = FormErrors::new();
    let busy = RwSignal::new(false);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        errors.clear();
        let mut chosen = roles.get_untracked();
        chosen.sort();
        let team_id = parse_id(&team.get_untracked());
        let phone_v = non_empty(phone.get_untracked());
        let email_v = non_empty(email.get_untracked());
        let known = [
            "username",
            "display_name",
            "password",
            "roles",
            "team_id",
            "phone",
            "email",
        ];
        let display = display_name.get_untracked().trim().to_owned();
        match id {
            None => {
                let request = CreateUserRequest {
                    username: username.get_untracked().trim().to_owned(),
                    display_name: display,
                    password: password.get_untracked(),
                    roles: chosen,
                    team_id,
                    phone: phone_v,
                    email: email_v,
                };
                spawn_local(async move {
                    match api.create_user(&request).await {
                        Ok(_) => on_saved.run(Msg::UserCreated),
                        Err(e) if is_signed_out(&e) => {}
                        Err(e) => errors.show(&e, &known),
                    }
                    busy.set(false);
                });
            }
            Some(id) => {
                let request = UpdateUserRequest {
                    display_name: Some(display),
                    roles: Some(chosen),
                    team_id: Some(team_id),
                    phone: Some(phone_v),
                    email: Some(email_v),
                };
                spawn_local(async move {
                    match api.update_user(id, &request).await {
                        Ok(_) => on_saved.run(Msg::UserSaved),
                        Err(e) if is_signed_out(&e) => {}
                        Err(e) => errors.show(&e, &known),
                    }
                    busy.set(false);
                });
            }
        }
    };

    let role_boxes = Role::ALL
        .iter()
        .map(|r| {
            let r = *r;
            view! {
                <label class="check">
                    <input
                        type="checkbox"
                        data-testid=format!("{prefix}-role-{}", r.as_str())
                        prop:checked=move || roles.with(|rs| rs.contains(&r))
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            roles.update(|rs| {
                                rs.retain(|x| *x != r);
                                if on {
                                    rs.push(r);
                                }
                            });
                        }
                    />
                    <span>{move || i18n.t(role_msg(r))}</span>
                </label>
            }
        })
        .collect_view();

    let title = if id.is_some() {
        Msg::EditUser
    } else {
        Msg::NewUser
    };
    view! {
        <form class="card form-grid" on:submit=submit data-testid=format!("{prefix}-form") novalidate>
            <h2 class="span-all">{move || i18n.t(title)}</h2>
            <div class="span-all">
                <ErrorBanner errors=errors />
            </div>
            {id
                .is_none()
                .then(|| {
                    view! {
                        <TextField
                            label=Msg::Username
                            name="username"
                            testid=format!("{prefix}-username")
                            value=username
                            errors=errors
                            required=true
                        />
                    }
                })}
            <TextField
                label=Msg::DisplayName
                name="display_name"
                testid=format!("{prefix}-display-name")
                value=display_name
                errors=errors
                required=true
            />
            {id
                .is_none()
                .then(|| {
                    view! {
                        <TextField
                            label=Msg::Password
                            name="password"
                            testid=format!("{prefix}-password")
                            value=password
                            errors=errors
                            kind="password"
                            autocomplete="new-password"
                            required=true
                        />
                    }
                })}
            <SelectField
                label=Msg::Team
                name="team_id"
                testid=format!("{prefix}-team")
                value=team
                empty=Msg::NoTeam
                choices=team_choices(teams)
                errors=errors
            />
            <TextField
                label=Msg::Phone
                name="phone"
                testid=format!("{prefix}-phone")
                value=phone
                errors=errors
                kind="tel"
            />
            <TextField
                label=Msg::Email
                name="email"
                testid=format!("{prefix}-email")
                value=email
                errors=errors
                kind="email"
            />
            <fieldset class="field span-all">
                <legend>{move || i18n.t(Msg::Roles)}</legend>
                <div class="checks">{role_boxes}</div>
                <FieldErrors name="roles" errors=errors />
            </fieldset>
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
