//! Users (admin and HR): search and filter, create, edit (admin), disable and enable.

use leptos::prelude::*;
use salesops_domain::Role;
use salesops_domain::users::{UserDto, UserListQuery};

use crate::api::use_api;
use crate::auth::use_auth;
use crate::components::{
    Choice, Debounced, ErrorBanner, FilterSelect, FormErrors, InlineError, Notice, SearchInput,
    Submit, parse_id,
};
use crate::i18n::{AnyText, Msg, role_msg, use_i18n};
use crate::pages::admin::options::{all_teams, team_choices, team_name};
use crate::pages::admin::user_form::UserForm;

const PER_PAGE: u32 = 20;

#[component]
pub fn UsersPage() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let auth = use_auth();
    // Only admin changes a user (the server refuses HR).
    let is_admin = move || auth.has_role(Role::Admin);
    let me = auth.current().map(|s| s.user.id);

    let search = Debounced::new();
    let role_filter = RwSignal::new(String::new());
    let team_filter = RwSignal::new(String::new());
    let status_filter = RwSignal::new(String::new());
    let page = RwSignal::new(1u32);

    let teams = all_teams(api);
    let users = LocalResource::new(move || {
        let filter = UserListQuery {
            q: Some(search.value.get()),
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
    // A new search or filter starts from the first page again.
    Effect::new(move |_| {
        search.value.track();
        role_filter.track();
        team_filter.track();
        status_filter.track();
        if page.get_untracked() != 1 {
            page.set(1);
        }
    });

    let page_errors = FormErrors::new();
    let notice = RwSignal::new(None::<AnyText>);
    let creating = RwSignal::new(false);
    let editing = RwSignal::new(None::<UserDto>);

    let toggle = Submit::new(
        page_errors,
        &[],
        move |(id, disabled): (i64, bool)| async move {
            api.set_user_disabled(id, disabled).await?;
            let msg = if disabled {
                Msg::UserDisabled
            } else {
                Msg::UserEnabled
            };
            notice.set(Some(msg.into()));
            users.refetch();
            Ok(())
        },
    );
    let set_disabled = move |id: i64, disabled: bool| {
        notice.set(None);
        toggle.send((id, disabled));
    };

    let on_saved = Callback::new(move |msg: Msg| {
        creating.set(false);
        editing.set(None);
        notice.set(Some(msg.into()));
        users.refetch();
    });
    let on_cancel = Callback::new(move |()| {
        creating.set(false);
        editing.set(None);
    });

    let role_choices = Signal::derive(move || {
        Role::ALL
            .iter()
            .map(|r| Choice::new(r.as_str(), i18n.t(role_msg(*r))))
            .collect::<Vec<_>>()
    });

    let row = move |u: UserDto| {
        let roles = u
            .roles
            .iter()
            .map(|r| {
                let r = *r;
                view! { <span class="tag">{move || i18n.t(role_msg(r))}</span> }
            })
            .collect_view();
        let team = move || team_name(teams, u.team_id);
        let for_edit = u.clone();
        let id = u.id;
        let disabled = u.disabled;
        // Nobody disables their own account here.
        let own = me == Some(u.id);
        let toggle_button = if own {
            ().into_any()
        } else if disabled {
            view! {
                <button type="button" class="small" data-testid="user-enable" on:click=move |_| set_disabled(id, false)>
                    {move || i18n.t(Msg::Enable)}
                </button>
            }
            .into_any()
        } else {
            view! {
                <button type="button" class="small danger" data-testid="user-disable" on:click=move |_| set_disabled(id, true)>
                    {move || i18n.t(Msg::Disable)}
                </button>
            }
            .into_any()
        };
        view! {
            <tr data-testid="user-row" data-username=u.username.clone() class:row-disabled=disabled>
                <td data-label=move || i18n.t(Msg::Username) data-testid="user-username">{u.username.clone()}</td>
                <td data-label=move || i18n.t(Msg::DisplayName) data-testid="user-display-name">{u.display_name.clone()}</td>
                <td data-label=move || i18n.t(Msg::Roles)>{roles}</td>
                <td data-label=move || i18n.t(Msg::Team)>{team}</td>
                <td data-label=move || i18n.t(Msg::Phone)>{u.phone.clone().unwrap_or_default()}</td>
                <td data-label=move || i18n.t(Msg::Status) data-testid="user-status">
                    {move || if disabled { i18n.t(Msg::Disabled) } else { i18n.t(Msg::Active) }}
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
                    {toggle_button}
                </td>
            </tr>
        }
    };

    let rows = move || {
        let result = users.get()?;
        Some(match result {
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
                let items = p.items.into_iter().map(row).collect_view();
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

    let status_choices = Signal::derive(move || {
        vec![
            Choice::new("active", i18n.t(Msg::Active)),
            Choice::new("disabled", i18n.t(Msg::Disabled)),
        ]
    });

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
            <Notice notice=notice />
            <ErrorBanner errors=page_errors />
            <Show when=move || creating.get()>
                <UserForm existing=None teams=teams on_saved=on_saved on_cancel=on_cancel />
            </Show>
            {move || editing.get().map(|u| view! {
                <UserForm existing=Some(u) teams=teams on_saved=on_saved on_cancel=on_cancel />
            })}
            <form
                class="filters"
                role="search"
                on:submit=move |ev: leptos::ev::SubmitEvent| {
                    ev.prevent_default();
                    search.flush();
                }
            >
                <SearchInput search=search testid="users-search" placeholder=Msg::SearchPlaceholder label=Msg::Search />
                <FilterSelect label=Msg::Roles all=Msg::AllRoles value=role_filter testid="users-filter-role" choices=role_choices />
                <FilterSelect label=Msg::Team all=Msg::AllTeams value=team_filter testid="users-filter-team" choices=team_choices(teams, None) />
                <FilterSelect label=Msg::Status all=Msg::AllStatuses value=status_filter testid="users-filter-status" choices=status_choices />
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
