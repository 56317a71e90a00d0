//! The submission of a form, on leptos' `Action`: one request at a time (`pending()` replaces
//! the hand-made busy flags), the domain's validators run before anything is sent, and a
//! refusal is shown as the form's errors (field errors beside their fields, the rest in the
//! banner). What follows a success is the `send` function's own business (it gets the input
//! and returns the answer), and `value()` holds the last answer.

use leptos::prelude::*;
use validator::Validate;

use super::errors::FormErrors;
use crate::api::ApiError;

pub struct Submit<I: 'static, O: 'static> {
    action: Action<I, Result<O, ApiError>>,
    pending: Memo<bool>,
    input: MappedSignal<Option<I>>,
    value: MappedSignal<Option<Result<O, ApiError>>>,
    errors: FormErrors,
    /// The fields the form shows: their errors go beside them.
    known: &'static [&'static str],
}

impl<I, O> Clone for Submit<I, O> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<I, O> Copy for Submit<I, O> {}

impl<I: Clone + 'static, O: 'static> Submit<I, O> {
    pub fn new<F, Fut>(errors: FormErrors, known: &'static [&'static str], send: F) -> Self
    where
        F: Fn(I) -> Fut + 'static,
        Fut: Future<Output = Result<O, ApiError>> + 'static,
    {
        let action = Action::new_local(move |input: &I| {
            let sent = send(input.clone());
            async move {
                let result = sent.await;
                if let Err(e) = &result {
                    errors.show(e, known);
                }
                result
            }
        });
        Submit {
            action,
            pending: action.pending(),
            input: action.input(),
            value: action.value(),
            errors,
            known,
        }
    }

    /// Whether a request is on its way.
    pub fn pending(&self) -> Memo<bool> {
        self.pending
    }

    /// What is being sent, while it is on its way.
    pub fn input(&self) -> MappedSignal<Option<I>> {
        self.input
    }

    /// The last answer.
    pub fn value(&self) -> MappedSignal<Option<Result<O, ApiError>>> {
        self.value
    }

    /// Sends `input` unless a request is on its way; the form's errors are cleared first.
    pub fn send(&self, input: I) {
        if self.pending.get_untracked() {
            return;
        }
        self.errors.clear();
        self.action.dispatch_local(input);
    }

    /// Runs the request's validators (the server's own), then sends it when they pass.
    pub fn submit(&self, request: I)
    where
        I: Validate,
    {
        if self.check(&request) {
            self.send(request);
        }
    }

    /// Runs the validators of `request` (a part of the input) and shows what fails; true when
    /// it may be sent.
    pub fn check(&self, request: &impl Validate) -> bool {
        if self.pending.get_untracked() {
            return false;
        }
        self.errors.clear();
        self.errors.check(request, self.known)
    }

    /// Shows field errors found before anything could be validated (text that is not a
    /// number, say).
    pub fn invalid(&self, fields: Vec<salesops_domain::FieldError>) {
        self.errors.invalid(fields, self.known);
    }
}

/// What a form that both creates and changes a record sends: the new record, or the change
/// of the record with this id. Valid when the request in it is.
#[derive(Debug, Clone)]
pub enum Write<C, U> {
    Create(C),
    Update(i64, U),
}

impl<C: Validate, U: Validate> Validate for Write<C, U> {
    fn validate(&self) -> Result<(), validator::ValidationErrors> {
        match self {
            Write::Create(r) => r.validate(),
            Write::Update(_, r) => r.validate(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use salesops_domain::teams::{CreateTeamRequest, UpdateTeamRequest};

    #[test]
    fn a_write_is_valid_when_its_request_is() {
        let create = |name: &str| CreateTeamRequest {
            name: name.to_owned(),
            region: None,
            manager_id: None,
            parent_id: None,
        };
        let ok: Write<CreateTeamRequest, UpdateTeamRequest> = Write::Create(create("华东"));
        assert!(ok.validate().is_ok());
        let blank: Write<CreateTeamRequest, UpdateTeamRequest> = Write::Create(create("  "));
        let fields = blank
            .validate()
            .map_err(|e| salesops_domain::problem::field_errors(&e))
            .err()
            .unwrap_or_default();
        assert!(fields.iter().any(|f| f.field == "name"), "{fields:?}");
    }
}
