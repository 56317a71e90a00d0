//! "Edit details" on the client page: the client's contact details, tier and source, sent as
//! one PATCH with the version that was read (only the fields that changed).

use leptos::prelude::*;
use salesops_domain::client_changes::UpdateClientRequest;
use salesops_domain::clients::ClientDto;

use crate::api::{ApiError, use_api};
use crate::components::{
    ErrorBanner, Field, FormErrors, SelectField, Submit, non_empty, text_choices,
};
use crate::i18n::clients::CMsg;
use crate::i18n::use_i18n;
use crate::pages::clients::card::{Duplicate, DuplicateNotice, duplicate_of};
use crate::pages::clients::parts::{source_choices, tier_choices};

/// The fields of this form, as the API names them (its field errors are shown beside them).
pub const EDIT_FIELDS: &[&str] = &[
    "name",
    "company",
    "position",
    "phone",
    "phone2",
    "email",
    "address",
    "region",
    "industry",
    "source",
    "tier",
    "needs",
    "interests",
];

/// What the user typed, as plain strings.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EditValues {
    pub name: String,
    pub company: String,
    pub position: String,
    pub phone: String,
    pub phone2: String,
    pub email: String,
    pub address: String,
    pub region: String,
    pub industry: String,
    pub source: String,
    pub tier: String,
    pub needs: String,
    pub interests: String,
}

impl EditValues {
    pub fn of(c: &ClientDto) -> Self {
        let s = |v: &Option<String>| v.clone().unwrap_or_default();
        EditValues {
            name: c.name.clone(),
            company: s(&c.company),
            position: s(&c.position),
            phone: s(&c.phone),
            phone2: s(&c.phone2),
            email: s(&c.email),
            address: s(&c.address),
            region: s(&c.region),
            industry: s(&c.industry),
            source: c.source.as_str().to_owned(),
            tier: c.tier.as_str().to_owned(),
            needs: s(&c.needs),
            interests: s(&c.interests),
        }
    }
}

/// `Some(new value)` when a nullable text changed (an emptied field clears it), else `None`.
fn changed(new: &str, old: &Option<String>) -> Option<Option<String>> {
    let new = non_empty(new);
    (new != *old).then_some(new)
}

/// The PATCH for what changed against `client`; `None` when nothing did.
pub fn update_request(client: &ClientDto, v: &EditValues) -> Option<UpdateClientRequest> {
    let name = v.name.trim();
    let request = UpdateClientRequest {
        name: (name != client.name).then(|| name.to_owned()),
        company: changed(&v.company, &client.company),
        position: changed(&v.position, &client.position),
        phone: changed(&v.phone, &client.phone),
        phone2: changed(&v.phone2, &client.phone2),
        email: changed(&v.email, &client.email),
        address: changed(&v.address, &client.address),
        region: changed(&v.region, &client.region),
        industry: changed(&v.industry, &client.industry),
        source: v.source.parse().ok().filter(|s| *s != client.source),
        tier: v.tier.parse().ok().filter(|t| *t != client.tier),
        needs: changed(&v.needs, &client.needs),
        interests: changed(&v.interests, &client.interests),
        version: Some(client.version),
        ..Default::default()
    };
    let nothing = UpdateClientRequest {
        version: Some(client.version),
        ..Default::default()
    };
    // UpdateClientRequest has no PartialEq: compare what would be sent.
    let same = serde_json::to_string(&request).ok() == serde_json::to_string(&nothing).ok();
    (!same).then_some(request)
}

/// A 409 `stale_version`: the client changed since the page read it.
pub fn is_stale(err: &ApiError) -> bool {
    err.status() == Some(409) && err.code() == Some("stale_version")
}

/// The field a 409 `duplicate_client` names (`phone` or `company`), and its detail.
fn duplicate_field(err: &ApiError) -> (&'static str, Option<String>) {
    let field = match err.field_errors().first().map(|e| e.field.as_str()) {
        Some("company" | "name") => "company",
        _ => "phone",
    };
    let detail = match err {
        ApiError::Problem { problem, .. } => problem.detail.clone(),
        _ => None,
    };
    (field, detail)
}

/// The edit form. `on_saved` runs after the server accepted the change; `refresh` reloads
/// the page's client (after a stale-version refusal).
#[component]
pub fn EditDetailsForm(
    client: ClientDto,
    on_saved: Callback<()>,
    on_cancel: Callback<()>,
    refresh: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let start = EditValues::of(&client);
    let name = RwSignal::new(start.name);
    let company = RwSignal::new(start.company);
    let position = RwSignal::new(start.position);
    let phone = RwSignal::new(start.phone);
    let phone2 = RwSignal::new(start.phone2);
    let email = RwSignal::new(start.email);
    let address = RwSignal::new(start.address);
    let region = RwSignal::new(start.region);
    let industry = RwSignal::new(start.industry);
    let source = RwSignal::new(start.source);
    let tier = RwSignal::new(start.tier);
    let needs = RwSignal::new(start.needs);
    let interests = RwSignal::new(start.interests);
    let errors = FormErrors::new();
    let stale = RwSignal::new(false);
    let unchanged = RwSignal::new(false);
    // A duplicate (撞单): the field it concerns, what the server says, and the client on file.
    let duplicate = RwSignal::new(None::<(&'static str, Option<String>, Duplicate)>);
    let id = client.id;
    let original = StoredValue::new(client);
    let save = Submit::new(
        errors,
        EDIT_FIELDS,
        move |request: UpdateClientRequest| async move {
            match api.update_client(id, &request).await {
                Ok(_) => {
                    on_saved.run(());
                    Ok(())
                }
                Err(e) if is_stale(&e) => {
                    stale.set(true);
                    Ok(())
                }
                Err(e) => match duplicate_of(&e) {
                    Some(d) => {
                        let (field, detail) = duplicate_field(&e);
                        // The field turns red with its message; the notice sits beside it.
                        errors.show(&e, EDIT_FIELDS);
                        errors.banner.set(None);
                        duplicate.set(Some((field, detail, d)));
                        Ok(())
                    }
                    None => Err(e),
                },
            }
        },
    );
    let busy = save.pending();

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        stale.set(false);
        unchanged.set(false);
        duplicate.set(None);
        let values = EditValues {
            name: name.get_untracked(),
            company: company.get_untracked(),
            position: position.get_untracked(),
            phone: phone.get_untracked(),
            phone2: phone2.get_untracked(),
            email: email.get_untracked(),
            address: address.get_untracked(),
            region: region.get_untracked(),
            industry: industry.get_untracked(),
            source: source.get_untracked(),
            tier: tier.get_untracked(),
            needs: needs.get_untracked(),
            interests: interests.get_untracked(),
        };
        match original.with_value(|c| update_request(c, &values)) {
            Some(request) => save.submit(request),
            None => unchanged.set(true),
        }
    };

    let dup_beside = move |field: &'static str| {
        move || {
            duplicate
                .get()
                .filter(|(f, _, _)| *f == field)
                .map(|(_, detail, d)| {
                    view! {
                        <div class="span-all" data-testid=format!("client-edit-duplicate-{field}")>
                            <DuplicateNotice dup=d />
                            {detail.map(|t| view! { <p class="field-error">{t}</p> })}
                        </div>
                    }
                })
        }
    };

    view! {
        <form class="form-grid edit-details" on:submit=submit data-testid="client-edit-form" novalidate>
            <div class="span-all">
                <ErrorBanner errors=errors />
                <Show when=move || stale.get()>
                    <div class="banner banner-error" role="alert" data-testid="client-edit-stale">
                        <span>{move || i18n.t(CMsg::StaleClient)}</span>
                        <button type="button" class="small" data-testid="client-edit-reload" on:click=move |_| refresh.run(())>
                            {move || i18n.t(CMsg::Reload)}
                        </button>
                    </div>
                </Show>
                <Show when=move || unchanged.get()>
                    <p class="muted" role="status" data-testid="client-edit-unchanged">{move || i18n.t(CMsg::NoChanges)}</p>
                </Show>
            </div>
            <Field label=CMsg::Name name="name" testid="client-edit-name" value=name errors=errors required=true />
            <Field label=CMsg::Company name="company" testid="client-edit-company" value=company errors=errors />
            {dup_beside("company")}
            <Field label=CMsg::Position name="position" testid="client-edit-position" value=position errors=errors />
            <Field label=CMsg::Phone name="phone" testid="client-edit-phone" value=phone errors=errors kind="tel" />
            {dup_beside("phone")}
            <Field label=CMsg::Phone2 name="phone2" testid="client-edit-phone2" value=phone2 errors=errors kind="tel" />
            <Field label=CMsg::Email name="email" testid="client-edit-email" value=email errors=errors kind="email" />
            <Field label=CMsg::Region name="region" testid="client-edit-region" value=region errors=errors />
            <Field label=CMsg::Industry name="industry" testid="client-edit-industry" value=industry errors=errors />
            <SelectField label=CMsg::Source name="source" testid="client-edit-source" value=source choices=text_choices(source_choices(), None) errors=errors />
            <SelectField label=CMsg::Tier name="tier" testid="client-edit-tier" value=tier choices=text_choices(tier_choices(), None) errors=errors />
            <div class="span-all">
                <Field label=CMsg::Address name="address" testid="client-edit-address" value=address errors=errors />
            </div>
            <div class="span-all">
                <Field label=CMsg::Needs name="needs" testid="client-edit-needs" value=needs errors=errors kind="textarea" />
            </div>
            <div class="span-all">
                <Field label=CMsg::Interests name="interests" testid="client-edit-interests" value=interests errors=errors kind="textarea" />
            </div>
            <div class="form-actions span-all sticky-actions">
                <button type="submit" class="primary" data-testid="client-edit-save" disabled=move || busy.get()>
                    {move || if busy.get() { i18n.t(CMsg::Saving) } else { i18n.t(CMsg::Save) }}
                </button>
                <button type="button" data-testid="client-edit-cancel" on:click=move |_| on_cancel.run(())>
                    {move || i18n.t(CMsg::Cancel)}
                </button>
            </div>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use salesops_domain::clients::Tier;

    fn client() -> Option<ClientDto> {
        serde_json::from_value(serde_json::json!({
            "id": 7, "name": "张伟", "company": "华通", "position": null, "phone": "13900000000",
            "phone2": null, "email": null, "address": null, "region": null, "industry": null,
            "source": "other", "tier": "general", "stage": "prospect", "credit": "normal",
            "needs": null, "interests": null, "owner_id": 1, "owner_name": "S",
            "next_follow_up_date": null, "last_follow_up_at": null, "overdue": false,
            "satisfaction_latest": null, "satisfaction_average": null, "satisfaction_count": 0,
            "latitude": null, "longitude": null, "archived": false,
            "created_at": "2030-01-01T00:00:00Z", "updated_at": "2030-01-01T00:00:00Z",
            "version": 3
        }))
        .ok()
    }

    #[test]
    fn only_changed_fields_are_sent_with_the_version() {
        let Some(c) = client() else {
            panic!("the test client no longer matches ClientDto");
        };
        let mut v = EditValues::of(&c);
        assert!(update_request(&c, &v).is_none());

        v.company = "  新公司 ".to_owned();
        v.phone = String::new();
        v.tier = "key".to_owned();
        let Some(r) = update_request(&c, &v) else {
            panic!("a change makes a request");
        };
        assert_eq!(r.company, Some(Some("新公司".to_owned())));
        assert_eq!(r.phone, Some(None), "an emptied field is cleared");
        assert_eq!(r.tier, Some(Tier::Key));
        assert_eq!(r.name, None);
        assert_eq!(r.email, None);
        assert_eq!(r.source, None);
        assert_eq!(r.version, Some(3));
    }
}
