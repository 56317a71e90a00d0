//! The client screens (SPEC §2): the client list and page, today's follow-ups, the team view,
//! handover and import; plus the pieces they share (badges, fields, the follow-up form).

pub mod case_actions;
pub mod detail;
pub mod edit;
pub mod export;
pub mod handover;
pub mod import;
pub mod list;
pub mod team;
pub mod today;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use salesops_domain::Role;
use salesops_domain::clients::{Credit, Stage, Tier};
use salesops_domain::follow_ups::{CreateFollowUpRequest, FollowUpKind};
use salesops_domain::users::{UserDto, UserListQuery};

use crate::api::{Api, use_api};
use crate::app::is_signed_out;
use crate::auth::use_auth;
use crate::components::{ErrorBanner, FieldErrors, FormErrors};
use crate::i18n::clients::{CMsg, credit_msg, kind_msg, stage_msg, tier_msg};
use crate::i18n::use_i18n;

/// The roles that work with clients.
pub const CLIENT_ROLES: &[Role] = &[Role::Salesperson, Role::Manager, Role::Admin];

/// A browser-local date and time.
pub fn local_time(at: chrono::DateTime<chrono::Utc>) -> String {
    // The browser's offset from UTC (minutes, positive east).
    let offset = -(js_sys::Date::new_0().get_timezone_offset() as i64);
    (at + chrono::Duration::minutes(offset))
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

pub fn non_empty(value: &str) -> Option<String> {
    let v = value.trim();
    (!v.is_empty()).then(|| v.to_owned())
}

pub fn parse_id(value: &str) -> Option<i64> {
    value.trim().parse().ok()
}

pub fn parse_date(value: &str) -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d").ok()
}

/// Users the caller may see (admin and HR: everyone; a manager: their teams), for selects.
pub fn visible_users(api: Api, role: Option<Role>) -> LocalResource<Vec<UserDto>> {
    LocalResource::new(move || async move {
        let filter = UserListQuery {
            role,
            ..Default::default()
        };
        api.list_users(&filter, 1, salesops_domain::page::MAX_PER_PAGE)
            .await
            .map(|p| p.items)
            .unwrap_or_default()
    })
}

#[component]
pub fn TierBadge(tier: Tier) -> impl IntoView {
    let i18n = use_i18n();
    let class = match tier {
        Tier::Key => "badge badge-key",
        Tier::General => "badge",
    };
    view! { <span class=class data-testid="badge-tier">{move || i18n.t(tier_msg(tier))}</span> }
}

#[component]
pub fn StageBadge(stage: Stage) -> impl IntoView {
    let i18n = use_i18n();
    let class = format!("badge stage-{}", stage.as_str());
    view! { <span class=class data-testid="badge-stage">{move || i18n.t(stage_msg(stage))}</span> }
}

/// Shows nothing for a normal credit rating.
#[component]
pub fn CreditBadge(credit: Credit) -> impl IntoView {
    let i18n = use_i18n();
    (credit != Credit::Normal).then(|| {
        let class = format!("badge credit-{}", credit.as_str());
        view! { <span class=class data-testid="badge-credit">{move || i18n.t(credit_msg(credit))}</span> }
    })
}

#[component]
pub fn OverdueBadge() -> impl IntoView {
    let i18n = use_i18n();
    view! { <span class="badge badge-overdue" data-testid="badge-overdue">{move || i18n.t(CMsg::Overdue)}</span> }
}

/// A labelled text input (or textarea) of a client form, with the API's errors beneath.
#[component]
pub fn CField(
    label: CMsg,
    name: &'static str,
    #[prop(into)] testid: String,
    value: RwSignal<String>,
    errors: FormErrors,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] multiline: bool,
    #[prop(optional)] required: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = format!("f-{testid}");
    let invalid = move || {
        errors.fields.with(|f| {
            f.iter()
                .any(|e| e.field.split(['[', '.']).next() == Some(name))
        })
    };
    let input = if multiline {
        view! {
            <textarea
                id=id.clone()
                name=name
                rows="3"
                data-testid=testid
                aria-invalid=move || invalid().to_string()
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            ></textarea>
        }
        .into_any()
    } else {
        view! {
            <input
                id=id.clone()
                type=kind
                name=name
                autocomplete="off"
                required=required
                data-testid=testid
                aria-invalid=move || invalid().to_string()
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            />
        }
        .into_any()
    };
    view! {
        <div class="field" class:invalid=invalid>
            <label for=id>{move || i18n.t(label)}</label>
            {input}
            <FieldErrors name=name errors=errors />
        </div>
    }
}

/// A labelled select over `(value, text)` choices of a client form.
#[component]
pub fn CSelect(
    label: CMsg,
    name: &'static str,
    #[prop(into)] testid: String,
    value: RwSignal<String>,
    /// The choices: the value sent and the text shown.
    choices: Vec<(&'static str, CMsg)>,
    errors: FormErrors,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = format!("f-{testid}");
    let options = choices
        .into_iter()
        .map(|(v, m)| {
            view! {
                <option value=v prop:selected=move || value.get() == v>
                    {move || i18n.t(m)}
                </option>
            }
        })
        .collect_view();
    view! {
        <div class="field">
            <label for=id.clone()>{move || i18n.t(label)}</label>
            <select
                id=id
                name=name
                data-testid=testid
                on:change=move |ev| value.set(event_target_value(&ev))
            >
                {options}
            </select>
            <FieldErrors name=name errors=errors />
        </div>
    }
}

pub fn tier_choices() -> Vec<(&'static str, CMsg)> {
    Tier::ALL
        .iter()
        .map(|t| (t.as_str(), tier_msg(*t)))
        .collect()
}

pub fn stage_choices() -> Vec<(&'static str, CMsg)> {
    Stage::ALL
        .iter()
        .map(|s| (s.as_str(), stage_msg(*s)))
        .collect()
}

pub fn credit_choices() -> Vec<(&'static str, CMsg)> {
    Credit::ALL
        .iter()
        .map(|c| (c.as_str(), credit_msg(*c)))
        .collect()
}

/// The one short follow-up form: kind, summary, next follow-up date; a complaint (and whether
/// to open a case for it) folded away. `on_saved` runs after the API accepted it.
#[component]
pub fn FollowUpForm(
    client_id: i64,
    kind: FollowUpKind,
    on_saved: Callback<()>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let kind_v = RwSignal::new(kind.as_str().to_owned());
    let summary = RwSignal::new(String::new());
    let next_date = RwSignal::new(String::new());
    let complaint = RwSignal::new(String::new());
    let open_case = RwSignal::new(false);
    let errors = FormErrors::new();
    let busy = RwSignal::new(false);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        errors.clear();
        let complaint_v = non_empty(&complaint.get_untracked());
        let request = CreateFollowUpRequest {
            kind: kind_v.get_untracked().parse().unwrap_or(kind),
            occurred_at: None,
            summary: summary.get_untracked().trim().to_owned(),
            needs: None,
            open_case: open_case.get_untracked() && complaint_v.is_some(),
            complaint: complaint_v,
            next_step: None,
            next_follow_up_date: parse_date(&next_date.get_untracked()),
        };
        busy.set(true);
        spawn_local(async move {
            match api.create_follow_up(client_id, &request).await {
                Ok(_) => on_saved.run(()),
                Err(e) if is_signed_out(&e) => {}
                Err(e) => errors.show(
                    &e,
                    &[
                        "kind",
                        "summary",
                        "complaint",
                        "next_follow_up_date",
                        "open_case",
                    ],
                ),
            }
            busy.set(false);
        });
    };

    let kind_buttons = FollowUpKind::ALL
        .iter()
        .map(|k| {
            let k = *k;
            view! {
                <label class="chip" class:chip-on=move || kind_v.get() == k.as_str()>
                    <input
                        type="radio"
                        name=format!("kind-{client_id}")
                        value=k.as_str()
                        data-testid=format!("follow-up-kind-{}", k.as_str())
                        prop:checked=move || kind_v.get() == k.as_str()
                        on:change=move |_| kind_v.set(k.as_str().to_owned())
                    />
                    <span>{move || i18n.t(kind_msg(k))}</span>
                </label>
            }
        })
        .collect_view();

    view! {
        <form class="card follow-up-form" on:submit=submit data-testid="follow-up-form" novalidate>
            <ErrorBanner errors=errors />
            <fieldset class="field">
                <legend>{move || i18n.t(CMsg::Kind)}</legend>
                <div class="chips">{kind_buttons}</div>
                <FieldErrors name="kind" errors=errors />
            </fieldset>
            <CField
                label=CMsg::Summary
                name="summary"
                testid="follow-up-summary"
                value=summary
                errors=errors
                multiline=true
                required=true
            />
            <CField
                label=CMsg::NextFollowUpDate
                name="next_follow_up_date"
                testid="follow-up-next-date"
                value=next_date
                errors=errors
                kind="date"
            />
            <details class="more">
                <summary>{move || i18n.t(CMsg::Complaint)}</summary>
                <CField
                    label=CMsg::Complaint
                    name="complaint"
                    testid="follow-up-complaint"
                    value=complaint
                    errors=errors
                    multiline=true
                />
                <label class="check">
                    <input
                        type="checkbox"
                        data-testid="follow-up-open-case"
                        prop:checked=move || open_case.get()
                        on:change=move |ev| open_case.set(event_target_checked(&ev))
                    />
                    <span>{move || i18n.t(CMsg::OpenCase)}</span>
                </label>
            </details>
            <div class="form-actions">
                <button
                    type="submit"
                    class="primary"
                    data-testid="follow-up-submit"
                    disabled=move || busy.get()
                >
                    {move || if busy.get() { i18n.t(CMsg::Saving) } else { i18n.t(CMsg::Save) }}
                </button>
                <button type="button" data-testid="follow-up-cancel" on:click=move |_| on_cancel.run(())>
                    {move || i18n.t(CMsg::Cancel)}
                </button>
            </div>
        </form>
    }
}

/// The client-screen entries of the home page's to-do list, by role.
#[component]
pub fn ClientTodos() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let api = use_api();
    // How many clients are due or overdue today (the due list holds only those).
    let due = LocalResource::new(move || async move {
        if !auth.has_any_role(&[Role::Salesperson]) {
            return None;
        }
        let me = auth.current().map(|s| s.user.id);
        let filter = salesops_domain::client_changes::DueQuery {
            owner_id: me,
            ..Default::default()
        };
        api.due_follow_ups(&filter, 1).await.ok().map(|p| p.total)
    });
    move || {
        let mut links: Vec<(CMsg, &'static str)> = Vec::new();
        if auth.has_any_role(&[Role::Salesperson, Role::Admin]) {
            links.push((CMsg::TodoToday, "/today"));
        }
        if auth.has_any_role(&[Role::Salesperson]) {
            links.push((CMsg::TodoClients, "/clients"));
        }
        if auth.has_any_role(&[Role::Manager, Role::Admin]) {
            links.push((CMsg::TodoTeam, "/clients/team"));
        }
        if auth.has_any_role(CLIENT_ROLES) {
            links.push((CMsg::TodoImport, "/clients/import"));
        }
        links
            .into_iter()
            .map(|(msg, href)| {
                let is_today = msg == CMsg::TodoToday;
                let count = move || {
                    due.get()
                        .flatten()
                        .filter(|n| is_today && *n > 0)
                        .map(|n| view! { <span class="badge badge-overdue" data-testid="todo-due-count">{n}</span> })
                };
                view! {
                    <li class="todo" data-testid="todo">
                        <A href=href>{move || i18n.t(msg)}</A>
                        {count}
                    </li>
                }
            })
            .collect_view()
    }
}

/// A success message of the client screens that the user can dismiss.
#[component]
pub fn CNotice(notice: RwSignal<Option<CMsg>>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        notice.get().map(|m| {
            view! {
                <div class="banner banner-ok" role="status" data-testid="notice">
                    <span>{move || i18n.t(m)}</span>
                    <button
                        type="button"
                        class="banner-close"
                        title=move || i18n.t(crate::i18n::Msg::Dismiss)
                        on:click=move |_| notice.set(None)
                    >
                        "×"
                    </button>
                </div>
            }
        })
    }
}

/// The client screens' entries of the header navigation, by role.
#[component]
pub fn ClientNav() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    view! {
        <Show when=move || auth.has_any_role(&[Role::Salesperson, Role::Admin])>
            <A href="/today" attr:data-testid="nav-today">{move || i18n.t(CMsg::NavToday)}</A>
        </Show>
        <Show when=move || auth.has_any_role(CLIENT_ROLES)>
            <A href="/clients" exact=true attr:data-testid="nav-clients">{move || i18n.t(CMsg::NavClients)}</A>
        </Show>
        <Show when=move || auth.has_any_role(&[Role::Manager, Role::Admin])>
            <A href="/clients/team" attr:data-testid="nav-team-clients">{move || i18n.t(CMsg::NavTeam)}</A>
        </Show>
        <Show when=move || auth.has_any_role(&[Role::Hr, Role::Admin])>
            <A href="/handovers" attr:data-testid="nav-handover">{move || i18n.t(CMsg::NavHandover)}</A>
        </Show>
    }
}
