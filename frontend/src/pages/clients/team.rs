//! The manager's view: overdue and due follow-ups per person, the team's clients (search,
//! by person) and reassigning a client within the manager's scope.

use std::collections::BTreeMap;

use leptos::prelude::*;
use salesops_domain::cadence::DueStatus;
use salesops_domain::client_changes::{ClientListQuery, ClientSort, DueQuery, UpdateClientRequest};
use salesops_domain::clients::ClientDto;
use salesops_domain::users::UserListQuery;
use salesops_domain::{Capability, Role};

use crate::api::{Api, use_api};
use crate::auth::{Auth, use_auth};
use crate::components::{
    Debounced, ErrorBanner, FormErrors, Growing, InlineError, ListNote, MorePager, Notice,
    SearchInput, Submit, parse_id,
};
use crate::i18n::clients::CMsg;
use crate::i18n::{AnyText, Msg, use_i18n};
use crate::pages::clients::card::ClientCard;

const PER_PAGE: u32 = 30;

#[component]
pub fn TeamPage() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let notice = RwSignal::new(None::<AnyText>);
    let search = Debounced::new();
    let owner = RwSignal::new(String::new());
    let overdue_only = RwSignal::new(false);
    let auth = use_auth();
    let people = LocalResource::new(move || async move { team_people(api, auth).await });
    let list_size = Growing::new(PER_PAGE);

    let due =
        LocalResource::new(move || async move { api.due_follow_ups(&DueQuery::default()).await });
    let clients = LocalResource::new(move || {
        let filter = ClientListQuery {
            q: Some(search.value.get()),
            owner_id: parse_id(&owner.get()),
            overdue: overdue_only.get().then_some(true),
            ..Default::default()
        };
        let per_page = list_size.limit.get();
        async move { api.list_clients(&filter, 1, per_page).await }
    });
    // A new filter starts from the first page again.
    Effect::new(move |_| {
        search.value.track();
        owner.track();
        overdue_only.track();
        list_size.reset();
    });
    let on_moved = Callback::new(move |()| {
        notice.set(Some(CMsg::Reassigned.into()));
        clients.refetch();
        due.refetch();
    });

    // Overdue and due-today counts per owner.
    let per_person = move || {
        let result = due.get()?;
        Some(match result {
            Err(e) => view! { <InlineError error=e /> }.into_any(),
            Ok(p) => {
                let info = p.info();
                let mut counts: BTreeMap<(String, i64), (usize, usize)> = BTreeMap::new();
                for d in p.items {
                    let entry = counts
                        .entry((d.owner_name.clone(), d.owner_id))
                        .or_default();
                    match d.status {
                        DueStatus::Overdue => entry.0 += 1,
                        DueStatus::DueToday => entry.1 += 1,
                        DueStatus::Upcoming => {}
                    }
                }
                counts.retain(|_, (o, t)| *o + *t > 0);
                if counts.is_empty() {
                    return Some(
                        view! { <p class="muted">{move || i18n.t(CMsg::NoOverdue)}</p> }.into_any(),
                    );
                }
                let rows = counts
                    .into_iter()
                    .map(|((name, id), (o, t))| {
                        view! {
                            <tr data-testid="team-person" data-owner-id=id.to_string()>
                                <td>
                                    <button type="button" class="link-like" on:click=move |_| {
                                        owner.set(id.to_string());
                                        overdue_only.set(true);
                                    }>{name}</button>
                                </td>
                                <td class="num" data-testid="team-person-overdue">
                                    <span class:text-danger={ o > 0 }>{o}</span>
                                </td>
                                <td class="num">{t}</td>
                            </tr>
                        }
                    })
                    .collect_view();
                view! {
                    <table class="plain-table" data-testid="team-overdue">
                        <thead>
                            <tr>
                                <th>{move || i18n.t(CMsg::Owner)}</th>
                                <th class="num">{move || i18n.t(CMsg::OverdueCount)}</th>
                                <th class="num">{move || i18n.t(CMsg::DueTodayCount)}</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                    <ListNote info=info />
                }
                .into_any()
            }
        })
    };

    let list = move || {
        let result = clients.get()?;
        Some(match result {
            Err(e) => view! { <InlineError error=e /> }.into_any(),
            Ok(p) if p.items.is_empty() => view! {
                <p class="muted" data-testid="clients-empty">{move || i18n.t(CMsg::NoClients)}</p>
            }
            .into_any(),
            Ok(p) => {
                let (shown, total) = (p.items.len(), p.total);
                let items = p
                    .items
                    .into_iter()
                    .map(|c| view! { <TeamClient client=c people=people on_moved=on_moved /> })
                    .collect_view();
                view! {
                    <ul class="client-list" data-testid="team-clients">{items}</ul>
                    <MorePager list=list_size shown=shown total=total />
                }
                .into_any()
            }
        })
    };

    view! {
        <section class="panel">
            <h1>{move || i18n.t(CMsg::TeamTitle)}</h1>
            <Notice notice=notice />
            <h2>{move || i18n.t(CMsg::OverduePerPerson)}</h2>
            <Transition fallback=move || view! { <p class="muted">{move || i18n.t(Msg::Loading)}</p> }>
                {per_person}
            </Transition>
        </section>
        <section class="panel">
            <form class="filters" role="search" on:submit=move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                search.flush();
            }>
                <SearchInput search=search testid="team-search" placeholder=CMsg::SearchClients label=CMsg::SearchClients />
                <select
                    data-testid="team-filter-owner"
                    aria-label=move || i18n.t(CMsg::Owner)
                    on:change=move |ev| owner.set(event_target_value(&ev))
                >
                    <option value="" prop:selected=move || owner.get().is_empty()>{move || i18n.t(CMsg::AllOwners)}</option>
                    {move || people.get().unwrap_or_default().into_iter().map(|u| {
                        let v = u.id.to_string();
                        let v2 = v.clone();
                        view! { <option value=v prop:selected=move || owner.get() == v2>{u.display_name}</option> }
                    }).collect_view()}
                </select>
                <label class="check">
                    <input
                        type="checkbox"
                        data-testid="team-filter-overdue"
                        prop:checked=move || overdue_only.get()
                        on:change=move |ev| overdue_only.set(event_target_checked(&ev))
                    />
                    <span>{move || i18n.t(CMsg::OverdueOnly)}</span>
                </label>
            </form>
            <Transition fallback=move || view! { <p class="muted">{move || i18n.t(Msg::Loading)}</p> }>
                {list}
            </Transition>
        </section>
    }
}

/// Someone who may own the team's clients.
#[derive(Debug, Clone, PartialEq)]
pub struct Person {
    pub id: i64,
    pub display_name: String,
}

/// The salespeople a client may be given to. Whoever manages users lists them; a manager's
/// people are the owners of the clients and follow-ups in their scope.
async fn team_people(api: Api, auth: Auth) -> Vec<Person> {
    let mut people: BTreeMap<i64, String> = BTreeMap::new();
    if auth.can(Capability::UsersManage) {
        let filter = UserListQuery {
            role: Some(Role::Salesperson),
            disabled: Some(false),
            ..Default::default()
        };
        if let Ok(l) = api.all_users(&filter).await {
            people.extend(l.items.into_iter().map(|u| (u.id, u.display_name)));
        }
    } else {
        let filter = ClientListQuery {
            sort: Some(ClientSort::Name),
            ..Default::default()
        };
        if let Ok(l) = api.all_clients(&filter).await {
            people.extend(l.items.into_iter().map(|c| (c.owner_id, c.owner_name)));
        }
        if let Ok(l) = api.due_follow_ups(&DueQuery::default()).await {
            people.extend(l.items.into_iter().map(|d| (d.owner_id, d.owner_name)));
        }
    }
    let mut list: Vec<Person> = people
        .into_iter()
        .map(|(id, display_name)| Person { id, display_name })
        .collect();
    list.sort_by(|a, b| a.display_name.cmp(&b.display_name));
    list
}

/// A client of the team with its owner and a reassign control.
#[component]
fn TeamClient(
    client: ClientDto,
    people: LocalResource<Vec<Person>>,
    on_moved: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let target = RwSignal::new(String::new());
    let errors = FormErrors::new();
    let id = client.id;
    let version = client.version;
    let owner_id = client.owner_id;
    let reassign = Submit::new(
        errors,
        &[],
        move |request: UpdateClientRequest| async move {
            api.update_client(id, &request).await?;
            on_moved.run(());
            Ok(())
        },
    );
    let busy = reassign.pending();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Some(to) = parse_id(&target.get_untracked()) {
            reassign.submit(UpdateClientRequest {
                owner_id: Some(to),
                version: Some(version),
                ..Default::default()
            });
        }
    };
    view! {
        <ClientCard client=client show_owner=true>
            <form class="reassign" on:submit=submit data-testid="reassign-form">
                <ErrorBanner errors=errors />
                <select
                    data-testid="reassign-owner"
                    aria-label=move || i18n.t(CMsg::Reassign)
                    on:change=move |ev| target.set(event_target_value(&ev))
                >
                    <option value="">{move || i18n.t(CMsg::Reassign)} "…"</option>
                    {move || people.get().unwrap_or_default().into_iter().filter(|u| u.id != owner_id).map(|u| {
                        view! { <option value=u.id.to_string()>{u.display_name}</option> }
                    }).collect_view()}
                </select>
                <button type="submit" class="small" data-testid="reassign-submit"
                    disabled=move || busy.get() || target.get().is_empty()>
                    {move || i18n.t(CMsg::ReassignDo)}
                </button>
            </form>
        </ClientCard>
    }
}
