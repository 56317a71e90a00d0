//! The form that creates a user or changes one (admin).

use leptos::prelude::*;
use salesops_domain::Role;
use salesops_domain::teams::TeamDto;
use salesops_domain::users::{CreateUserRequest, UpdateUserRequest, UserDto};

use crate::api::use_api;
use crate::components::{
    ErrorBanner, Field, FieldErrors, FormErrors, SelectField, Submit, Write, non_empty, parse_id,
};
use crate::i18n::{Msg, role_msg, use_i18n};
use crate::pages::admin::options::team_choices;

const FIELDS: &[&str] = &[
    "username",
    "display_name",
    "password",
    "roles",
    "team_id",
    "phone",
    "email",
];

/// The create form (`existing` is `None`) or the edit form of one user.
#[component]
pub fn UserForm(
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
    let text = |f: fn(&UserDto) -> Option<String>| {
        RwSignal::new(existing.as_ref().and_then(f).unwrap_or_default())
    };
    let username = text(|u| Some(u.username.clone()));
    let display_name = text(|u| Some(u.display_name.clone()));
    let team = text(|u| u.team_id.map(|t| t.to_string()));
    let phone = text(|u| u.phone.clone());
    let email = text(|u| u.email.clone());
    let password = RwSignal::new(String::new());
    let roles = RwSignal::new(
        existing
            .as_ref()
            .map(|u| u.roles.clone())
            .unwrap_or_else(|| vec![Role::Salesperson]),
    );
    let errors = FormErrors::new();
    let save = Submit::new(
        errors,
        FIELDS,
        move |write: Write<CreateUserRequest, UpdateUserRequest>| async move {
            let msg = match write {
                Write::Create(request) => {
                    api.create_user(&request).await?;
                    Msg::UserCreated
                }
                Write::Update(id, request) => {
                    api.update_user(id, &request).await?;
                    Msg::UserSaved
                }
            };
            on_saved.run(msg);
            Ok(())
        },
    );
    let busy = save.pending();

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut chosen = roles.get_untracked();
        chosen.sort();
        let team_id = parse_id(&team.get_untracked());
        let phone_v = non_empty(&phone.get_untracked());
        let email_v = non_empty(&email.get_untracked());
        let display = display_name.get_untracked().trim().to_owned();
        let write = match id {
            None => Write::Create(CreateUserRequest {
                username: username.get_untracked().trim().to_owned(),
                display_name: display,
                password: password.get_untracked(),
                roles: chosen,
                team_id,
                phone: phone_v,
                email: email_v,
            }),
            Some(id) => Write::Update(
                id,
                UpdateUserRequest {
                    display_name: Some(display),
                    roles: Some(chosen),
                    team_id: Some(team_id),
                    phone: Some(phone_v),
                    email: Some(email_v),
                },
            ),
        };
        save.submit(write);
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
            {id.is_none().then(|| view! {
                <Field label=Msg::Username name="username" testid=format!("{prefix}-username") value=username errors=errors required=true />
            })}
            <Field label=Msg::DisplayName name="display_name" testid=format!("{prefix}-display-name") value=display_name errors=errors required=true />
            {id.is_none().then(|| view! {
                <Field
                    label=Msg::Password
                    name="password"
                    testid=format!("{prefix}-password")
                    value=password
                    errors=errors
                    kind="password"
                    autocomplete="new-password"
                    required=true
                />
            })}
            <SelectField
                label=Msg::Team
                name="team_id"
                testid=format!("{prefix}-team")
                value=team
                choices=team_choices(teams, Some(Msg::NoTeam.into()))
                errors=errors
            />
            <Field label=Msg::Phone name="phone" testid=format!("{prefix}-phone") value=phone errors=errors kind="tel" />
            <Field label=Msg::Email name="email" testid=format!("{prefix}-email") value=email errors=errors kind="email" />
            <fieldset class="field span-all">
                <legend>{move || i18n.t(Msg::Roles)}</legend>
                <div class="checks">{role_boxes}</div>
                <FieldErrors name="roles" errors=errors />
            </fieldset>
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
