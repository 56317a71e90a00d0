//! A new rubric version: a copy of the latest version's items, edited (added, removed,
//! changed), with the sum of the maximum points shown as it is typed. Before sending, the
//! request's validators and the domain's `check_items` (unique codes, a deduction within the
//! maximum, monthly-report items coded by section, the sum of 100) run as the server runs them.

use leptos::prelude::*;
use salesops_domain::FieldError;
use salesops_domain::period::Month;
use salesops_domain::scoring::rubric::{
    Metric, RubricDto, RubricItem, RubricRequest, RubricRole, Source, check_items,
};

use crate::api::use_api;
use crate::clock::today;
use crate::components::{ErrorBanner, FieldErrors, FormErrors, Submit, local_error};
use crate::i18n::rubrics::{RbMsg, source_msg};
use crate::i18n::use_i18n;

/// One row being edited; `key` keeps the row's inputs when rows above it go.
#[derive(Debug, Clone, Copy)]
struct Row {
    key: u64,
    code: RwSignal<String>,
    title_zh: RwSignal<String>,
    title_en: RwSignal<String>,
    group: RwSignal<String>,
    max: RwSignal<String>,
    per: RwSignal<String>,
    source: RwSignal<String>,
}

impl Row {
    fn new(key: u64, item: Option<&RubricItem>) -> Row {
        let text = |f: fn(&RubricItem) -> String| RwSignal::new(item.map(f).unwrap_or_default());
        Row {
            key,
            code: text(|i| i.code.clone()),
            title_zh: text(|i| i.title_zh.clone()),
            title_en: text(|i| i.title_en.clone()),
            group: text(|i| i.group.clone()),
            max: text(|i| i.max_points.to_string()),
            per: RwSignal::new(
                item.map(|i| i.deduction_per_occurrence.to_string())
                    .unwrap_or_else(|| "0".into()),
            ),
            source: RwSignal::new(
                item.map(|i| i.source.to_string())
                    .unwrap_or_else(|| Source::Manual.to_string()),
            ),
        }
    }
}

/// Every source, in the order the select offers them.
fn sources() -> Vec<Source> {
    std::iter::once(Source::Manual)
        .chain(Metric::ALL.iter().map(|m| Source::Computed(*m)))
        .collect()
}

/// A whole number typed in a cell (`None` when it is not one).
fn whole(text: &str) -> Option<i64> {
    text.trim().parse().ok()
}

#[component]
pub fn RubricForm(
    role: RubricRole,
    latest: Option<RubricDto>,
    saved: Callback<()>,
    cancel: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let errors = FormErrors::new();
    let next_key = StoredValue::new(0_u64);
    let fresh = move |item: Option<&RubricItem>| {
        let key = next_key.get_value();
        next_key.set_value(key + 1);
        Row::new(key, item)
    };
    let items = latest.as_ref().map(|l| l.items.clone()).unwrap_or_default();
    let rows = RwSignal::new(items.iter().map(|i| fresh(Some(i))).collect::<Vec<_>>());
    // The month after this one, or after the latest version's first month when that is later.
    let after_latest = latest
        .as_ref()
        .and_then(|l| l.effective_from.parse::<Month>().ok())
        .map(Month::next);
    let next_month = Month::of(today()).next();
    let from = RwSignal::new(
        after_latest
            .filter(|m| *m > next_month)
            .unwrap_or(next_month)
            .to_string(),
    );
    let sum = Memo::new(move |_| {
        rows.get()
            .iter()
            .map(|r| r.max.with(|m| whole(m).unwrap_or(0)))
            .sum::<i64>()
    });
    let create = Submit::new(
        errors,
        &["role", "effective_from", "items"],
        move |r: RubricRequest| async move {
            api.create_rubric(&r).await?;
            saved.run(());
            Ok(())
        },
    );
    let send = move |_| {
        let mut bad: Vec<FieldError> = Vec::new();
        let mut out = Vec::new();
        for (i, r) in rows.get_untracked().iter().enumerate() {
            let source = r.source.get_untracked().parse::<Source>().ok();
            let (max, per) = (whole(&r.max.get_untracked()), whole(&r.per.get_untracked()));
            if max.is_none() {
                bad.push(local_error(
                    i18n,
                    &format!("items[{i}].max_points"),
                    RbMsg::NumberInvalid,
                ));
            }
            if per.is_none() {
                bad.push(local_error(
                    i18n,
                    &format!("items[{i}].deduction_per_occurrence"),
                    RbMsg::NumberInvalid,
                ));
            }
            if let (Some(max), Some(per), Some(source)) = (max, per, source) {
                out.push(RubricItem {
                    code: r.code.get_untracked().trim().to_owned(),
                    title_zh: r.title_zh.get_untracked(),
                    title_en: r.title_en.get_untracked(),
                    group: r.group.get_untracked().trim().to_owned(),
                    max_points: max,
                    deduction_per_occurrence: per,
                    source,
                });
            }
        }
        if !bad.is_empty() {
            create.invalid(bad);
            return;
        }
        let request = RubricRequest {
            role,
            effective_from: from.get_untracked().trim().to_owned(),
            items: out,
        };
        if !create.check(&request) {
            return;
        }
        if let Err((field, code, message)) = check_items(&request.items) {
            create.invalid(vec![FieldError::new(field, code, message)]);
            return;
        }
        create.send(request);
    };
    let add = move |_| {
        let row = fresh(None);
        rows.update(|rs| rs.push(row));
    };
    view! {
        <div class="card" data-testid="rubric-form">
            <h2>{move || i18n.t(RbMsg::NewVersionTitle)}</h2>
            <ErrorBanner errors=errors />
            <div class="field">
                <label for="f-rubric-from">{move || i18n.t(RbMsg::EffectiveFrom)}</label>
                <input id="f-rubric-from" type="month" data-testid="rubric-from"
                    prop:value=move || from.get() on:input=move |ev| from.set(event_target_value(&ev)) />
                <FieldErrors name="effective_from" errors=errors />
            </div>
            <div class="table-scroll">
                <table class="diff line-grid" data-testid="rubric-items">
                    <thead>
                        <tr>
                            <th>{move || i18n.t(RbMsg::Code)}</th>
                            <th>{move || i18n.t(RbMsg::TitleZh)}</th>
                            <th>{move || i18n.t(RbMsg::TitleEn)}</th>
                            <th>{move || i18n.t(RbMsg::Group)}</th>
                            <th>{move || i18n.t(RbMsg::MaxPoints)}</th>
                            <th>{move || i18n.t(RbMsg::Deduction)}</th>
                            <th>{move || i18n.t(RbMsg::Source)}</th>
                            <th></th>
                        </tr>
                    </thead>
                    <tbody>
                        <For
                            each=move || rows.get().into_iter().enumerate()
                            key=|(i, r)| (*i, r.key)
                            children=move |(i, row)| view! {
                                <ItemRow index=i row=row errors=errors
                                    remove=Callback::new(move |()| rows.update(|rs| rs.retain(|r| r.key != row.key))) />
                            }
                        />
                    </tbody>
                    <tfoot>
                        <tr>
                            <td colspan="4">{move || i18n.t(RbMsg::Sum)}</td>
                            <td data-testid="rubric-sum" class:text-danger=move || sum.get() != 100>{move || sum.get()} " / 100"</td>
                            <td colspan="3">
                                <Show when=move || sum.get() != 100>
                                    <span class="muted small" data-testid="rubric-sum-warning">{move || i18n.t(RbMsg::SumMustBe100)}</span>
                                </Show>
                            </td>
                        </tr>
                    </tfoot>
                </table>
            </div>
            <FieldErrors name="items" errors=errors exact=true />
            <div class="form-actions">
                <button type="button" class="small" data-testid="rubric-add-item" on:click=add>
                    {move || i18n.t(RbMsg::AddItem)}
                </button>
                <button type="button" class="primary" data-testid="rubric-save"
                    disabled=move || create.pending().get() on:click=send>
                    {move || i18n.t(RbMsg::Create)}
                </button>
                <button type="button" data-testid="rubric-cancel" on:click=move |_| cancel.run(())>
                    {move || i18n.t(RbMsg::Cancel)}
                </button>
            </div>
        </div>
    }
}

/// The cells of one item, each with the errors reported for it (`items[i].code` …).
#[component]
fn ItemRow(index: usize, row: Row, errors: FormErrors, remove: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let cell = move |name: &'static str, value: RwSignal<String>, mode: Option<&'static str>| {
        let field = format!("items[{index}].{name}");
        view! {
            <td>
                <input type="text" inputmode=mode data-testid=format!("rubric-item-{name}")
                    aria-label=name
                    prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev)) />
                <FieldErrors name=field errors=errors />
            </td>
        }
    };
    let choices = sources();
    view! {
        <tr data-testid="rubric-edit-item" data-index=index>
            {cell("code", row.code, None)}
            {cell("title_zh", row.title_zh, None)}
            {cell("title_en", row.title_en, None)}
            {cell("group", row.group, None)}
            {cell("max_points", row.max, Some("numeric"))}
            {cell("deduction_per_occurrence", row.per, Some("numeric"))}
            <td>
                <select data-testid="rubric-item-source" on:change=move |ev| row.source.set(event_target_value(&ev))>
                    {choices.into_iter().map(|s| {
                        let v = s.to_string();
                        let selected = v.clone();
                        view! {
                            <option value=v prop:selected=move || row.source.get() == selected>
                                {move || i18n.t(source_msg(s))}
                            </option>
                        }
                    }).collect_view()}
                </select>
                <FieldErrors name=format!("items[{index}].source") errors=errors />
            </td>
            <td>
                <button type="button" class="small" data-testid="rubric-remove-item" on:click=move |_| remove.run(())>
                    {move || i18n.t(RbMsg::RemoveItem)}
                </button>
            </td>
        </tr>
    }
}
