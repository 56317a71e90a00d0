//! A leaving's checklist: the handover (done, or a link to the handover screen with the
//! person chosen), the company property with its checkmarks, and the outstanding advances
//! with how they are settled (offset from the final pay, or repaid). HR works it while the
//! leaving is open; everyone else reads it.

use leptos::prelude::*;
use leptos_router::components::A;
use salesops_domain::Capability;
use salesops_domain::leavings::{AdvancesSettlement, ChecklistRequest, LeavingDto, PropertyItem};

use crate::api::use_api;
use crate::auth::use_auth;
use crate::components::{ErrorBanner, FieldErrors, FormErrors, Submit};
use crate::i18n::leavings::{LMsg, settlement_msg};
use crate::i18n::use_i18n;
use crate::pages::money::parts::money;

/// One property item being edited; `key` keeps its inputs when items above it go.
#[derive(Debug, Clone, Copy)]
struct Item {
    key: u64,
    name: RwSignal<String>,
    returned: RwSignal<bool>,
}

#[component]
pub fn Checklist(
    leaving: LeavingDto,
    changed: Callback<LMsg>,
    reload: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let auth = use_auth();
    let errors = FormErrors::new();
    let list = leaving.checklist.clone();
    let (id, version, user_id) = (leaving.id, leaving.version, leaving.user_id);
    let works = auth.can(Capability::LeavingsManage) && leaving.state.is_open();
    let hands_over = auth.can(Capability::HandoversManage);
    let next_key = StoredValue::new(0_u64);
    let fresh = move |p: &PropertyItem| {
        let key = next_key.get_value();
        next_key.set_value(key + 1);
        Item {
            key,
            name: RwSignal::new(p.item.clone()),
            returned: RwSignal::new(p.returned),
        }
    };
    let items = RwSignal::new(list.property.iter().map(fresh).collect::<Vec<_>>());
    let settlement = RwSignal::new(
        list.advances_settlement
            .map(|s| s.as_str().to_owned())
            .unwrap_or_default(),
    );
    let successor_name = list.successor_name.clone();
    let save = Submit::new(
        errors,
        &["property", "advances_settlement"],
        move |r: ChecklistRequest| async move {
            let result = api.leaving_checklist(id, &r).await;
            if matches!(&result, Err(e) if e.code() == Some("stale_version")) {
                reload.run(());
            }
            result?;
            changed.run(LMsg::ChecklistSaved);
            Ok(())
        },
    );
    let send = move |_| {
        let property = items
            .get_untracked()
            .iter()
            .map(|i| PropertyItem {
                item: i.name.get_untracked(),
                returned: i.returned.get_untracked(),
            })
            .collect();
        let chosen = settlement.get_untracked();
        save.submit(ChecklistRequest {
            version,
            property: Some(property),
            advances_settlement: Some(
                AdvancesSettlement::ALL
                    .iter()
                    .copied()
                    .find(|s| s.as_str() == chosen),
            ),
        });
    };
    let add = move |_| {
        let item = fresh(&PropertyItem {
            item: String::new(),
            returned: false,
        });
        items.update(|is| is.push(item));
    };
    let done = move |ok: bool| {
        view! {
            <span class="badge" class:badge-warn=!ok data-done=ok.to_string()>
                {move || i18n.t(if ok { LMsg::Done } else { LMsg::NotDone })}
            </span>
        }
    };
    let complete = list.complete;
    view! {
        <div class="card" data-testid="leaving-checklist" data-complete=complete.to_string()>
            <h2>{move || i18n.t(LMsg::Checklist)}</h2>
            <p data-testid="checklist-verdict" class:text-danger=!complete>
                {move || i18n.t(if complete { LMsg::Complete } else { LMsg::Incomplete })}
            </p>
            <ErrorBanner errors=errors />

            <h3>{move || i18n.t(LMsg::Handover)} " " {done(list.handover_done)}</h3>
            <p data-testid="checklist-handover" data-done=list.handover_done.to_string()>
                {move || i18n.t(if list.handover_done { LMsg::HandoverDone } else { LMsg::HandoverMissing })}
                {move || successor_name.clone().map(|n| format!(" · {}: {n}", i18n.t(LMsg::Successor)))}
                {(hands_over && !list.handover_done).then(|| view! {
                    " " <A href=format!("/handovers?from={user_id}") attr:class="small-link" attr:data-testid="checklist-go-handover">
                        {move || i18n.t(LMsg::GoHandover)}
                    </A>
                })}
            </p>

            <h3>{move || i18n.t(LMsg::Property)} " " {done(list.property_returned)}</h3>
            <ul class="plain-list" data-testid="checklist-property">
                <For
                    each=move || items.get().into_iter().enumerate()
                    key=|(i, it)| (*i, it.key)
                    children=move |(i, it): (usize, Item)| view! {
                    <li data-testid="property-item">
                        <label class="check">
                            <input type="checkbox" data-testid="property-returned" disabled=!works
                                prop:checked=move || it.returned.get()
                                on:change=move |ev| it.returned.set(event_target_checked(&ev)) />
                            {move || i18n.t(LMsg::Returned)}
                        </label>
                        " "
                        <input type="text" data-testid="property-name" readonly=!works aria-label=move || i18n.t(LMsg::PropertyItem)
                            prop:value=move || it.name.get() on:input=move |ev| it.name.set(event_target_value(&ev)) />
                        {works.then(|| view! {
                            <button type="button" class="small" data-testid="property-remove"
                                on:click=move |_| items.update(|is| is.retain(|x| x.key != it.key))>
                                {move || i18n.t(LMsg::RemoveProperty)}
                            </button>
                        })}
                        <FieldErrors name=format!("property[{i}]") errors=errors />
                    </li>
                    }
                />
            </ul>
            <Show when=move || items.with(Vec::is_empty)>
                <p class="muted small">{move || i18n.t(LMsg::NoProperty)}</p>
            </Show>
            {works.then(|| view! {
                <button type="button" class="small" data-testid="property-add" on:click=add>{move || i18n.t(LMsg::AddProperty)}</button>
            })}

            <h3>{move || i18n.t(LMsg::Advances)} " " {done(list.advances_settled)}</h3>
            <p>
                {move || i18n.t(LMsg::Outstanding)} ": "
                <strong data-testid="checklist-outstanding">{money(list.advances_outstanding_fen)}</strong>
            </p>
            <div class="field">
                <label for="f-settlement">{move || i18n.t(LMsg::Settlement)}</label>
                <select id="f-settlement" data-testid="checklist-settlement" disabled=!works
                    on:change=move |ev| settlement.set(event_target_value(&ev))>
                    <option value="" prop:selected=move || settlement.get().is_empty()>{move || i18n.t(LMsg::SettleNone)}</option>
                    {AdvancesSettlement::ALL.iter().map(|s| {
                        let s = *s;
                        view! {
                            <option value=s.as_str() prop:selected=move || settlement.get() == s.as_str()>
                                {move || i18n.t(settlement_msg(s))}
                            </option>
                        }
                    }).collect_view()}
                </select>
                <FieldErrors name="advances_settlement" errors=errors />
            </div>
            {works.then(|| view! {
                <button type="button" class="primary" data-testid="checklist-save" disabled=move || save.pending().get() on:click=send>
                    {move || i18n.t(LMsg::SaveProperty)}
                </button>
            })}
        </div>
    }
}
