//! The signed-in session: tokens and the current user, kept in localStorage so a reload stays
//! signed in, and shared by every tab of the app.
//!
//! Refresh tokens are single use, and the server ends the whole session when a used one comes
//! back. So a tab must never refresh with a token another tab has already spent: each tab
//! follows the stored session (the `storage` event), and the client refreshes under a
//! browser-wide lock after reading the stored session again (`api::refresh_session`).

pub mod lock;

use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;
use salesops_domain::auth::TokenResponse;
use salesops_domain::users::UserDto;
use salesops_domain::{Capability, Role};
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

    /// The signed-in user's roles (none when signed out).
    pub fn roles(&self) -> Vec<Role> {
        self.session
            .with(|s| s.as_ref().map(|s| s.user.roles.clone()))
            .unwrap_or_default()
    }

    pub fn has_role(&self, role: Role) -> bool {
        self.session
            .with(|s| s.as_ref().is_some_and(|s| s.user.has_role(role)))
    }

    /// Whether the signed-in user holds `capability` (the domain's capability table).
    pub fn can(&self, capability: Capability) -> bool {
        self.session
            .with(|s| s.as_ref().is_some_and(|s| capability.allows(&s.user.roles)))
    }

    /// The current session without subscribing to it (for the HTTP client).
    pub fn current(&self) -> Option<Session> {
        self.session.get_untracked()
    }

    /// The session as stored for every tab, read now (another tab may have renewed it).
    pub fn stored(&self) -> Option<Session> {
        LocalStorage::get(STORAGE_KEY).ok()
    }

    pub fn store(&self, session: Session) {
        let _ = LocalStorage::set(STORAGE_KEY, &session);
        self.session.set(Some(session));
    }

    /// Takes over what another tab stored (renewed tokens, another user, or signed out).
    pub fn adopt(&self, stored: Option<Session>) {
        if self.session.with_untracked(|s| *s != stored) {
            self.session.set(stored);
        }
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
    // Another tab renewed the tokens, signed in or signed out: follow it.
    let listener = window_event_listener(leptos::ev::storage, move |ev| {
        // `key` is absent when the whole storage was cleared.
        if ev.key().is_none_or(|k| k == STORAGE_KEY) {
            auth.adopt(auth.stored());
        }
    });
    on_cleanup(move || listener.remove());
    provide_context(auth);
    auth
}

pub fn use_auth() -> Auth {
    expect_context::<Auth>()
}
