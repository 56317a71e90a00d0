//! Leaving (离职, seed 000 §06): the person or HR files it, the person's manager approves it,
//! HR works a checklist — the handover to a successor, company property returned, outstanding
//! advances settled — and closes it once the checklist is complete ([`checklist`]); closing
//! disables the account. The leaving month's payroll line is the final settlement.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use validator::Validate;

use crate::text_enum;
use crate::workflow::{Flow, Party, Step};

text_enum! {
    pub enum LeavingState {
        /// Filed, waiting for the person's manager.
        Submitted = "submitted",
        /// Approved; HR works the checklist.
        Approved = "approved",
        Rejected = "rejected",
        Cancelled = "cancelled",
        /// Checklist complete, the account disabled.
        Closed = "closed",
    }
}

text_enum! {
    pub enum LeavingAction {
        Approve = "approve",
        Reject = "reject",
        Cancel = "cancel",
        Close = "close",
    }
}

text_enum! {
    /// How the leaver's outstanding advance balance is settled.
    pub enum AdvancesSettlement {
        /// The final payroll line deducts the balance (扣工资).
        Offset = "offset",
        /// The person pays it back (finance records the repayments); settled once the
        /// balance is 0.
        Repaid = "repaid",
    }
}

impl LeavingState {
    /// Open: filed and not yet decided, or approved and not yet closed (one per person).
    pub fn is_open(self) -> bool {
        matches!(self, LeavingState::Submitted | LeavingState::Approved)
    }
}

/// The leaving's workflow: the person's manager chain (or an admin, for someone without a
/// manager) approves or rejects; the person, HR or an admin withdraws it while it waits, HR or
/// an admin also after approval; HR or an admin closes it. Nobody decides their own leaving.
pub const LEAVING_FLOW: Flow<LeavingState, LeavingAction> = Flow {
    document: "leaving",
    label: "leaving",
    steps: &[
        Step {
            action: LeavingAction::Approve,
            from: &[LeavingState::Submitted],
            to: LeavingState::Approved,
            by: &[Party::Manager, Party::Admin],
        },
        Step {
            action: LeavingAction::Reject,
            from: &[LeavingState::Submitted],
            to: LeavingState::Rejected,
            by: &[Party::Manager, Party::Admin],
        },
        Step {
            action: LeavingAction::Cancel,
            from: &[LeavingState::Submitted],
            to: LeavingState::Cancelled,
            by: &[Party::Owner],
        },
        Step {
            action: LeavingAction::Cancel,
            from: &[LeavingState::Submitted, LeavingState::Approved],
            to: LeavingState::Cancelled,
            by: &[Party::Hr, Party::Admin],
        },
        Step {
            action: LeavingAction::Close,
            from: &[LeavingState::Approved],
            to: LeavingState::Closed,
            by: &[Party::Hr, Party::Admin],
        },
    ],
};

/// One item of company property the leaver holds (laptop, samples, badge …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PropertyItem {
    #[validate(
        length(min = 1, max = 200),
        custom(function = "crate::validation::not_blank")
    )]
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 200, pattern = r"\S")
    )]
    pub item: String,
    pub returned: bool,
}

/// The checklist HR works before closing; `complete` is [`checklist`]'s verdict.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LeavingChecklist {
    /// A handover of the person's records to a successor has been made.
    pub handover_done: bool,
    /// The latest handover from the person.
    pub handover_id: Option<i64>,
    /// Its successor.
    pub successor_id: Option<i64>,
    /// The successor's display name, so HR need not be able to list users to read it.
    pub successor_name: Option<String>,
    pub property: Vec<PropertyItem>,
    /// Every property item is returned (true when none is listed).
    pub property_returned: bool,
    /// The person's advances: paid − offset − repaid, now.
    pub advances_outstanding_fen: i64,
    pub advances_settlement: Option<AdvancesSettlement>,
    /// No balance, or `offset` chosen (the final payroll line deducts it).
    pub advances_settled: bool,
    /// Every item done: the leaving may be closed.
    pub complete: bool,
}

/// What the checklist is computed from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChecklistFacts<'a> {
    /// The latest handover from the person: (handover id, successor id).
    pub handover: Option<(i64, i64)>,
    /// The successor's display name.
    pub successor_name: Option<&'a str>,
    pub property: &'a [PropertyItem],
    pub advances_outstanding_fen: i64,
    pub settlement: Option<AdvancesSettlement>,
}

/// Whether an outstanding advance balance counts as settled: nothing is owed, or the final
/// payroll line deducts it (`offset`); `repaid` settles only once the balance is actually 0.
pub fn advances_settled(outstanding_fen: i64, settlement: Option<AdvancesSettlement>) -> bool {
    outstanding_fen <= 0 || settlement == Some(AdvancesSettlement::Offset)
}

/// The checklist: complete iff the handover is done ∧ every property item is returned ∧ the
/// advances are settled.
pub fn checklist(facts: &ChecklistFacts<'_>) -> LeavingChecklist {
    let handover_done = facts.handover.is_some();
    let property_returned = facts.property.iter().all(|p| p.returned);
    let settled = advances_settled(facts.advances_outstanding_fen, facts.settlement);
    LeavingChecklist {
        handover_done,
        handover_id: facts.handover.map(|h| h.0),
        successor_id: facts.handover.map(|h| h.1),
        successor_name: facts.handover.and(facts.successor_name).map(str::to_owned),
        property: facts.property.to_vec(),
        property_returned,
        advances_outstanding_fen: facts.advances_outstanding_fen,
        advances_settlement: facts.settlement,
        advances_settled: settled,
        complete: handover_done && property_returned && settled,
    }
}

impl LeavingChecklist {
    /// What is still missing, in the business's words (for the refusal to close).
    pub fn missing(&self) -> Vec<String> {
        let mut out = Vec::new();
        if !self.handover_done {
            out.push("the handover to a successor".to_owned());
        }
        let unreturned: Vec<&str> = self
            .property
            .iter()
            .filter(|p| !p.returned)
            .map(|p| p.item.as_str())
            .collect();
        if !unreturned.is_empty() {
            out.push(format!("property not returned: {}", unreturned.join(", ")));
        }
        if !self.advances_settled {
            let how = match self.advances_settlement {
                Some(AdvancesSettlement::Repaid) => "repaid in full",
                _ => "settled (offset from the final pay, or repaid)",
            };
            out.push(format!(
                "an outstanding advance balance of {} to be {how}",
                crate::Fen(self.advances_outstanding_fen)
            ));
        }
        out
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LeavingDto {
    pub id: i64,
    /// The person leaving.
    pub user_id: i64,
    pub user_name: String,
    /// The last working day; its month's payroll line is the final settlement.
    pub leaving_on: NaiveDate,
    pub reason: String,
    pub state: LeavingState,
    pub version: i64,
    pub checklist: LeavingChecklist,
    pub created_by: i64,
    pub closed_by: Option<i64>,
    pub closed_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// `POST /leavings`: one's own leaving, or (HR, admin) anyone's.
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateLeavingRequest {
    /// The person leaving: the caller, or anyone when the caller is HR or an admin.
    pub user_id: i64,
    #[validate(custom(function = "crate::dates::in_range"))]
    #[cfg_attr(
        feature = "openapi",
        schema(pattern = r"^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")
    )]
    pub leaving_on: NaiveDate,
    #[validate(
        length(min = 1, max = 2000),
        custom(function = "crate::validation::not_blank")
    )]
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 2000, pattern = r"\S")
    )]
    pub reason: String,
}

/// `PATCH /leavings/{id}/checklist` (HR, admin): what is sent replaces what is stored.
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ChecklistRequest {
    pub version: i64,
    /// The whole list of property items with their checkmarks.
    #[serde(default)]
    #[validate(length(max = 100), nested)]
    #[cfg_attr(feature = "openapi", schema(max_items = 100))]
    pub property: Option<Vec<PropertyItem>>,
    /// How an outstanding advance balance is settled; `null` clears the choice.
    #[serde(default, deserialize_with = "crate::serde_helpers::double_option")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<AdvancesSettlement>))]
    pub advances_settlement: Option<Option<AdvancesSettlement>>,
}

/// `GET /leavings`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct LeavingListQuery {
    #[cfg_attr(feature = "openapi", param(inline))]
    pub state: Option<LeavingState>,
    pub user_id: Option<i64>,
    /// `true`: only the submitted leavings the caller may approve (of the people they manage,
    /// or anyone's for an admin; never their own).
    pub to_approve: Option<bool>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Role;
    use crate::workflow::Standing;

    fn item(name: &str, returned: bool) -> PropertyItem {
        PropertyItem {
            item: name.to_owned(),
            returned,
        }
    }

    /// (handover, property, outstanding, settlement, settled, complete)
    type Case<'a> = (
        Option<(i64, i64)>,
        &'a [PropertyItem],
        i64,
        Option<AdvancesSettlement>,
        bool,
        bool,
    );

    #[test]
    fn the_checklist_is_complete_only_when_every_item_is_done() {
        use AdvancesSettlement::{Offset, Repaid};
        let laptop = [item("笔记本电脑", true), item("样品", true)];
        let unreturned = [item("笔记本电脑", true), item("样品", false)];
        let handover = Some((3, 9));
        // (handover, property, outstanding, settlement) → (settled, complete)
        let cases: &[Case<'_>] = &[
            (handover, &laptop, 0, None, true, true),
            (handover, &[], 0, None, true, true),
            (None, &laptop, 0, None, true, false),
            (handover, &unreturned, 0, None, true, false),
            (handover, &laptop, 50_000, None, false, false),
            (handover, &laptop, 50_000, Some(Offset), true, true),
            (handover, &laptop, 50_000, Some(Repaid), false, false),
            (handover, &laptop, 0, Some(Repaid), true, true),
            (handover, &laptop, 0, Some(Offset), true, true),
            (None, &unreturned, 1, Some(Repaid), false, false),
        ];
        for (i, (h, property, outstanding, settlement, settled, complete)) in
            cases.iter().enumerate()
        {
            let c = checklist(&ChecklistFacts {
                handover: *h,
                successor_name: h.map(|_| "李娜"),
                property,
                advances_outstanding_fen: *outstanding,
                settlement: *settlement,
            });
            assert_eq!(c.advances_settled, *settled, "case {i}");
            assert_eq!(c.complete, *complete, "case {i}");
            assert_eq!(
                c.missing().is_empty(),
                *complete,
                "case {i}: {:?}",
                c.missing()
            );
        }
    }

    #[test]
    fn the_missing_items_are_named() {
        let property = [
            item("笔记本电脑", false),
            item("工牌", true),
            item("样品", false),
        ];
        let c = checklist(&ChecklistFacts {
            handover: None,
            successor_name: None,
            property: &property,
            advances_outstanding_fen: 12_345,
            settlement: Some(AdvancesSettlement::Repaid),
        });
        let missing = c.missing();
        assert_eq!(missing.len(), 3, "{missing:?}");
        assert!(missing[0].contains("handover"));
        assert_eq!(missing[1], "property not returned: 笔记本电脑, 样品");
        assert!(missing[2].contains("123.45") && missing[2].contains("repaid in full"));
    }

    #[test]
    fn nobody_decides_their_own_leaving() {
        let hr_owner = Standing {
            is_owner: true,
            manages_owner: false,
            roles: &[Role::Hr, Role::Manager, Role::Admin],
        };
        for action in [LeavingAction::Approve, LeavingAction::Close] {
            let state = if action == LeavingAction::Close {
                LeavingState::Approved
            } else {
                LeavingState::Submitted
            };
            assert!(LEAVING_FLOW.decide(state, action, &hr_owner).is_err());
        }
        assert_eq!(
            LEAVING_FLOW.decide(LeavingState::Submitted, LeavingAction::Cancel, &hr_owner),
            Ok(LeavingState::Cancelled)
        );
        // The owner withdraws only while it waits; HR also after approval.
        assert!(
            LEAVING_FLOW
                .decide(LeavingState::Approved, LeavingAction::Cancel, &hr_owner)
                .is_err()
        );
        let hr = Standing {
            is_owner: false,
            manages_owner: false,
            roles: &[Role::Hr],
        };
        assert_eq!(
            LEAVING_FLOW.decide(LeavingState::Approved, LeavingAction::Cancel, &hr),
            Ok(LeavingState::Cancelled)
        );
        assert!(
            LEAVING_FLOW
                .decide(LeavingState::Submitted, LeavingAction::Approve, &hr)
                .is_err(),
            "HR does not approve: the manager does"
        );
        let manager = Standing {
            is_owner: false,
            manages_owner: true,
            roles: &[Role::Manager],
        };
        assert_eq!(
            LEAVING_FLOW.decide(LeavingState::Submitted, LeavingAction::Approve, &manager),
            Ok(LeavingState::Approved)
        );
        assert!(
            LEAVING_FLOW
                .decide(LeavingState::Approved, LeavingAction::Close, &manager)
                .is_err()
        );
    }
}
