//! The signed-in session: tokens and the current user, kept in localStorage so a reload stays
//! signed in.

use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;
use salesops_domain::Role;
use salesops_domain::auth::TokenResponse;
use salesops_domain::users::UserDto;
use serde::{Deserialize, Serialize};

const STORAGE_KEY: &str = "salesops.session";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Session {
    pub access_token: String,
    pub refresh_token: String,
    pub user: UserDto,
}

impl From<TokenResponse> for Session {
    fn from(t: TokenResponse) -> Self {
        Session {
            access_token: t.access_token,
            refresh_token: t.refresh_token,
            user: t.user,
        }
    }
}

/// The session context: read it with `use_auth()`.
#[derive(Debug, Clone, Copy)]
pub struct Auth {
    session: RwSignal<Option<Session>>,
}

impl Auth {
    pub fn is_signed_in(&self) -> bool {
        self.session.with(Option::is_some)
    }

    pub fn user(&self) -> Option<UserDto> {
        self.session.with(|s| s.as_ref().map(|s| s.user.clone()))
    }

    pub fn has_role(&self, role: Role) -> bool {
        self.session
            .with(|s| s.as_ref().is_some_and(|s| s.user.has_role(role)))
    }

    pub fn has_any_role(&self, roles: &[Role]) -> bool {
        roles.iter().any(|r| self.has_role(*r))
    }

    /// The current session without subscribing to it (for the HTTP client).
    pub fn current(&self) -> Option<Session> {
        self.session.get_untracked()
    }

    pub fn store(&self, session: Session) {
        let _ = LocalStorage::set(STORAGE_KEY, &session);
        self.session.set(Some(session));
    }

    pub fn set_user(&self, user: UserDto) {
        if let Some(mut s) = self.current()
            && s.user != user
        {
            s.user = user;
            self.store(s);
        }
    }

    pub fn clear(&self) {
        LocalStorage::delete(STORAGE_KEY);
        self.session.set(None);
    }
}

pub fn provide_auth() -> Auth {
    let stored: Option<Session> = LocalStorage::get(STORAGE_KEY).ok();
    let auth = Auth {
        session: RwSignal::new(stored),
    };
    provide_context(auth);
    auth
}

pub fn use_auth() -> Auth {
    expect_context::<Auth>()
}
