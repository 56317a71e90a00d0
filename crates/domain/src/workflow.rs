//! The one approval workflow (审批流程): every document that someone submits and someone else
//! decides on (plans, reports, spot-check results; claims, advances, supplements, contract
//! reviews and scores to come) is declared here as data — its states, its actions, and who
//! may take each action — and checked by one function, [`Flow::decide`].
//!
//! Separation of duties is the engine's, not each document's: the owner of a document only
//! ever takes the owner's steps (edit, submit, cancel, acknowledge …). Whatever other roles
//! they hold, nobody approves, rejects, reviews or pays their own document.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::Role;
use crate::text_enum::TextEnum;

/// One step a document took: who did what, from which state to which, why, and when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HistoryEntry {
    /// The action's name (`submit`, `approve` …).
    pub action: String,
    pub from_state: String,
    pub to_state: String,
    pub actor_id: Option<i64>,
    /// The actor's display name (`null` for the system).
    pub actor_name: Option<String>,
    /// The comment or reason given with the action.
    pub comment: Option<String>,
    pub at: DateTime<Utc>,
}

/// Who may take a step, relative to the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Party {
    /// The person the document belongs to (its author, or whose work it is about).
    Owner,
    /// A manager of the owner: the owner's team is among the teams they manage, directly or
    /// through child teams (上级).
    Manager,
    /// Anyone holding the finance role (财务).
    Finance,
    /// Anyone holding the HR role (人力资源).
    Hr,
    /// Anyone holding the admin role.
    Admin,
}

impl Party {
    pub fn as_str(self) -> &'static str {
        match self {
            Party::Owner => "owner",
            Party::Manager => "owner's manager",
            Party::Finance => "finance",
            Party::Hr => "hr",
            Party::Admin => "admin",
        }
    }
}

/// Where the actor stands towards one document; the server gathers it from the principal.
#[derive(Debug, Clone, Copy)]
pub struct Standing<'a> {
    pub is_owner: bool,
    /// The actor manages the owner (never true of the owner themself).
    pub manages_owner: bool,
    pub roles: &'a [Role],
}

impl Standing<'_> {
    /// Whether the actor counts as `party`. The owner counts only as the owner.
    pub fn is(&self, party: Party) -> bool {
        if self.is_owner {
            return party == Party::Owner;
        }
        match party {
            Party::Owner => false,
            Party::Manager => self.manages_owner,
            Party::Finance => self.roles.contains(&Role::Finance),
            Party::Hr => self.roles.contains(&Role::Hr),
            Party::Admin => self.roles.contains(&Role::Admin),
        }
    }

    fn is_any(&self, parties: &[Party]) -> bool {
        parties.iter().any(|p| self.is(*p))
    }
}

/// One step: `action` takes the document from any of `from` to `to`, taken by any of `by`.
#[derive(Debug)]
pub struct Step<S: 'static, A: 'static> {
    pub action: A,
    pub from: &'static [S],
    pub to: S,
    pub by: &'static [Party],
}

/// A document's workflow.
#[derive(Debug)]
pub struct Flow<S: 'static, A: 'static> {
    /// The document's name as the API and the audit trail spell it (`plan`, `weekly_report`).
    pub document: &'static str,
    /// The document's name for messages (`plan`, `weekly report`).
    pub label: &'static str,
    pub steps: &'static [Step<S, A>],
}

/// Why an action was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal<S, A> {
    /// 403: the actor may not take this action on this document in any state.
    Forbidden(String),
    /// 409: the action does not apply to the current state; `allowed` is what the actor may do.
    InvalidState { from: S, action: A, allowed: Vec<A> },
}

impl<S: TextEnum, A: TextEnum> Flow<S, A> {
    /// The state `action` leads to from `state`, for the actor standing as `who`.
    ///
    /// First who (403: no step of this action is theirs), then when (409: not from this
    /// state), in that order, so a salesperson learns they may never approve rather than that
    /// the plan is not submitted yet.
    pub fn decide(&self, state: S, action: A, who: &Standing<'_>) -> Result<S, Refusal<S, A>> {
        let mut steps = self.steps.iter().filter(|s| s.action == action).peekable();
        if steps.peek().is_none() {
            return Err(Refusal::InvalidState {
                from: state,
                action,
                allowed: self.actions(state, who),
            });
        }
        let mine: Vec<&Step<S, A>> = steps.filter(|s| who.is_any(s.by)).collect();
        if mine.is_empty() {
            return Err(Refusal::Forbidden(self.forbidden_reason(action, who)));
        }
        mine.iter()
            .find(|s| s.from.contains(&state))
            .map(|s| s.to)
            .ok_or_else(|| Refusal::InvalidState {
                from: state,
                action,
                allowed: self.actions(state, who),
            })
    }

    /// What the actor may do to a document in `state` (the buttons a screen offers).
    pub fn actions(&self, state: S, who: &Standing<'_>) -> Vec<A> {
        let mut out: Vec<A> = Vec::new();
        for s in self.steps {
            if s.from.contains(&state) && who.is_any(s.by) && !out.contains(&s.action) {
                out.push(s.action);
            }
        }
        out
    }

    /// The state `action` leads to from `state` for someone allowed to take it; `None` when
    /// no step starts there (whoever asks).
    pub fn next(&self, state: S, action: A) -> Option<S> {
        self.steps
            .iter()
            .find(|s| s.action == action && s.from.contains(&state))
            .map(|s| s.to)
    }

    /// The parties that may take `action` at all.
    pub fn parties(&self, action: A) -> Vec<Party> {
        let mut out: Vec<Party> = Vec::new();
        for s in self.steps.iter().filter(|s| s.action == action) {
            for p in s.by {
                if !out.contains(p) {
                    out.push(*p);
                }
            }
        }
        out
    }

    fn forbidden_reason(&self, action: A, who: &Standing<'_>) -> String {
        let parties = self.parties(action);
        if who.is_owner && !parties.contains(&Party::Owner) {
            return format!(
                "nobody may {} their own {} (separation of duties)",
                action.name(),
                self.label
            );
        }
        let names: Vec<&str> = parties.iter().map(|p| p.as_str()).collect();
        format!(
            "only the {} may {} a {}",
            names.join(" or "),
            action.name(),
            self.label
        )
    }
}

/// The flow of a document that is paid out (claims, advances), written once: the owner writes
/// and submits; the owner's manager (or an admin) approves first, finance second; a rejection
/// at either approval returns it to the owner; finance pays; the owner cancels before any
/// approval. The state and action enums must have these variants (`Draft` … `Cancelled`,
/// `Edit` … `Cancel`).
#[macro_export]
macro_rules! payment_flow {
    ($state:ident, $action:ident, $document:literal, $label:literal) => {
        $crate::workflow::Flow {
            document: $document,
            label: $label,
            steps: &[
                $crate::workflow::Step {
                    action: $action::Edit,
                    from: &[$state::Draft, $state::Rejected],
                    to: $state::Draft,
                    by: &[$crate::workflow::Party::Owner],
                },
                $crate::workflow::Step {
                    action: $action::Submit,
                    from: &[$state::Draft, $state::Rejected],
                    to: $state::Submitted,
                    by: &[$crate::workflow::Party::Owner],
                },
                $crate::workflow::Step {
                    action: $action::Approve,
                    from: &[$state::Submitted],
                    to: $state::ManagerApproved,
                    by: &[
                        $crate::workflow::Party::Manager,
                        $crate::workflow::Party::Admin,
                    ],
                },
                $crate::workflow::Step {
                    action: $action::Approve,
                    from: &[$state::ManagerApproved],
                    to: $state::FinanceApproved,
                    by: &[$crate::workflow::Party::Finance],
                },
                $crate::workflow::Step {
                    action: $action::Reject,
                    from: &[$state::Submitted],
                    to: $state::Rejected,
                    by: &[
                        $crate::workflow::Party::Manager,
                        $crate::workflow::Party::Admin,
                    ],
                },
                $crate::workflow::Step {
                    action: $action::Reject,
                    from: &[$state::ManagerApproved],
                    to: $state::Rejected,
                    by: &[$crate::workflow::Party::Finance],
                },
                $crate::workflow::Step {
                    action: $action::Pay,
                    from: &[$state::FinanceApproved],
                    to: $state::Paid,
                    by: &[$crate::workflow::Party::Finance],
                },
                $crate::workflow::Step {
                    action: $action::Cancel,
                    from: &[$state::Draft, $state::Submitted, $state::Rejected],
                    to: $state::Cancelled,
                    by: &[$crate::workflow::Party::Owner],
                },
            ],
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text_enum;

    text_enum! {
        pub enum DocState { Draft = "draft", Submitted = "submitted", Approved = "approved", Paid = "paid" }
    }
    text_enum! {
        pub enum DocAction { Submit = "submit", Approve = "approve", Pay = "pay" }
    }

    const FLOW: Flow<DocState, DocAction> = Flow {
        document: "claim",
        label: "claim",
        steps: &[
            Step {
                action: DocAction::Submit,
                from: &[DocState::Draft],
                to: DocState::Submitted,
                by: &[Party::Owner],
            },
            Step {
                action: DocAction::Approve,
                from: &[DocState::Submitted],
                to: DocState::Approved,
                by: &[Party::Manager, Party::Admin],
            },
            Step {
                action: DocAction::Pay,
                from: &[DocState::Approved],
                to: DocState::Paid,
                by: &[Party::Finance],
            },
        ],
    };

    fn standing(is_owner: bool, manages_owner: bool, roles: &[Role]) -> Standing<'_> {
        Standing {
            is_owner,
            manages_owner,
            roles,
        }
    }

    #[test]
    fn the_owner_never_decides_whatever_their_roles() {
        let all = Role::ALL;
        let me = standing(true, false, &all);
        assert_eq!(
            FLOW.decide(DocState::Draft, DocAction::Submit, &me),
            Ok(DocState::Submitted)
        );
        for action in [DocAction::Approve, DocAction::Pay] {
            match FLOW.decide(DocState::Submitted, action, &me) {
                Err(Refusal::Forbidden(why)) => assert!(why.contains("own claim"), "{why}"),
                other => panic!("{other:?}"),
            }
        }
        assert!(FLOW.actions(DocState::Submitted, &me).is_empty());
    }

    #[test]
    fn who_is_checked_before_when() {
        let sales = [Role::Salesperson];
        let stranger = standing(false, false, &sales);
        assert!(matches!(
            FLOW.decide(DocState::Draft, DocAction::Approve, &stranger),
            Err(Refusal::Forbidden(_))
        ));
        let manager = standing(false, true, &[Role::Manager]);
        assert_eq!(
            FLOW.decide(DocState::Draft, DocAction::Approve, &manager),
            Err(Refusal::InvalidState {
                from: DocState::Draft,
                action: DocAction::Approve,
                allowed: vec![],
            })
        );
        assert_eq!(
            FLOW.decide(DocState::Submitted, DocAction::Approve, &manager),
            Ok(DocState::Approved)
        );
        assert_eq!(
            FLOW.actions(DocState::Submitted, &manager),
            vec![DocAction::Approve]
        );
    }

    #[test]
    fn roles_count_only_for_their_steps() {
        let finance = [Role::Finance];
        let f = standing(false, false, &finance);
        assert!(matches!(
            FLOW.decide(DocState::Submitted, DocAction::Approve, &f),
            Err(Refusal::Forbidden(_))
        ));
        assert_eq!(
            FLOW.decide(DocState::Approved, DocAction::Pay, &f),
            Ok(DocState::Paid)
        );
        assert_eq!(FLOW.next(DocState::Paid, DocAction::Pay), None);
        assert_eq!(
            FLOW.parties(DocAction::Approve),
            [Party::Manager, Party::Admin]
        );
    }
}
