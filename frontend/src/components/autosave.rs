//! Saving as the user types: a debounced send, one request at a time, and a copy of every
//! keystroke on the device (localStorage) until the server has it. A dropped connection loses
//! nothing: the state says "offline — saved on this device", the save is retried every few
//! seconds and when the browser is back online, and a reload restores the device's copy when
//! it is newer than the server's.

use std::rc::Rc;
use std::time::Duration;

use futures::future::LocalBoxFuture;
use gloo_storage::Storage as _;
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::errors::FormErrors;
use crate::api::ApiError;
use crate::clock::now_ms;
use crate::i18n::{Msg, use_i18n};

type Device = gloo_storage::LocalStorage;

/// How long typing must pause before the value is sent.
const DEBOUNCE: Duration = Duration::from_millis(700);
/// How often a failed save is tried again (besides the browser's `online` event).
const RETRY: Duration = Duration::from_secs(10);

/// Where the typed value stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SaveState {
    Saved,
    Pending,
    Saving,
    Offline,
    Failed,
}

impl SaveState {
    fn code(self) -> &'static str {
        match self {
            SaveState::Saved => "saved",
            SaveState::Pending => "pending",
            SaveState::Saving => "saving",
            SaveState::Offline => "offline",
            SaveState::Failed => "failed",
        }
    }

    fn msg(self) -> Msg {
        match self {
            SaveState::Saved => Msg::SaveSaved,
            SaveState::Pending => Msg::SavePending,
            SaveState::Saving => Msg::SaveSaving,
            SaveState::Offline => Msg::SaveOffline,
            SaveState::Failed => Msg::SaveFailed,
        }
    }
}

/// What is kept on the device until the server has it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct LocalCopy<T> {
    value: T,
    /// Browser clock, milliseconds since the epoch.
    edited_at: f64,
}

type ReadFn<T> = Rc<dyn Fn() -> Option<T>>;
type SendFn<T> = Rc<dyn Fn(T) -> LocalBoxFuture<'static, Result<(), ApiError>>>;

/// The autosave of one value (a form's content) kept under `key` on the device.
pub struct Autosave<T: 'static> {
    key: StoredValue<String>,
    read: StoredValue<ReadFn<T>, LocalStorage>,
    send: StoredValue<SendFn<T>, LocalStorage>,
    state: RwSignal<SaveState>,
    dirty: RwSignal<bool>,
    errors: FormErrors,
    known: &'static [&'static str],
    busy: StoredValue<bool>,
    again: StoredValue<bool>,
    generation: StoredValue<u64>,
}

impl<T> Clone for Autosave<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Autosave<T> {}

impl<T> Autosave<T>
where
    T: Clone + PartialEq + Serialize + DeserializeOwned + 'static,
{
    /// `read` gives the value as typed (`None` once the page is gone); `send` stores it on the
    /// server. A refusal is shown in `errors` (fields in `known` beside them).
    pub fn new<F, Fut>(
        key: String,
        errors: FormErrors,
        known: &'static [&'static str],
        read: impl Fn() -> Option<T> + 'static,
        send: F,
    ) -> Self
    where
        F: Fn(T) -> Fut + 'static,
        Fut: Future<Output = Result<(), ApiError>> + 'static,
    {
        let send: SendFn<T> = Rc::new(move |v| Box::pin(send(v)));
        let read: ReadFn<T> = Rc::new(read);
        let saver = Autosave {
            key: StoredValue::new(key),
            read: StoredValue::new_local(read),
            send: StoredValue::new_local(send),
            state: RwSignal::new(SaveState::Saved),
            dirty: RwSignal::new(false),
            errors,
            known,
            busy: StoredValue::new(false),
            again: StoredValue::new(false),
            generation: StoredValue::new(0),
        };
        saver.watch_connection();
        saver
    }

    /// The device's copy under `key` when the value may still be edited, and the copy is
    /// newer than the server's (`server`, last changed at `server_ms`) and says something
    /// else; otherwise the copy is forgotten.
    pub fn restore(key: &str, editable: bool, server: &T, server_ms: f64) -> Option<T> {
        match Device::get::<LocalCopy<T>>(key).ok() {
            Some(c) if editable && c.value != *server && c.edited_at > server_ms => Some(c.value),
            Some(_) => {
                Device::delete(key);
                None
            }
            None => None,
        }
    }

    pub fn state(&self) -> RwSignal<SaveState> {
        self.state
    }

    /// Whether something typed has not reached the server.
    pub fn is_dirty(&self) -> bool {
        self.dirty.get_untracked()
    }

    fn current(self) -> Option<T> {
        self.read.try_with_value(|r| r()).flatten()
    }

    fn keep_local(self) {
        if let (Some(value), Some(key)) = (self.current(), self.key.try_get_value()) {
            let copy = LocalCopy {
                value,
                edited_at: now_ms(),
            };
            // A full storage only means the local copy is missing; the save goes on.
            let _ = Device::set(key, &copy);
        }
    }

    fn saved(self) {
        self.dirty.set(false);
        if let Some(key) = self.key.try_get_value() {
            Device::delete(key);
        }
        self.state.set(SaveState::Saved);
    }

    /// A restored copy waits to be sent: send it now.
    pub fn resume(self) {
        self.dirty.set(true);
        self.state.set(SaveState::Pending);
        self.flush();
    }

    /// Called on every keystroke.
    pub fn edited(self) {
        self.dirty.set(true);
        self.keep_local();
        if self.state.get_untracked() != SaveState::Offline {
            self.state.set(SaveState::Pending);
        }
        let generation = self.generation.get_value() + 1;
        self.generation.set_value(generation);
        set_timeout(
            move || {
                if self.generation.try_get_value() == Some(generation) {
                    self.flush();
                }
            },
            DEBOUNCE,
        );
    }

    /// Sends the unsaved value now (one request at a time).
    pub fn flush(self) {
        if self.dirty.try_get_untracked() != Some(true) {
            return;
        }
        if self.busy.get_value() {
            self.again.set_value(true);
            return;
        }
        let Some(sent) = self.current() else {
            return;
        };
        let Some(request) = self.send.try_with_value(|s| s(sent.clone())) else {
            return;
        };
        self.busy.set_value(true);
        self.state.set(SaveState::Saving);
        spawn_local(async move {
            let result = request.await;
            if self.busy.try_set_value(false).is_some() {
                // The page is gone; the local copy waits for the next visit.
                return;
            }
            match result {
                Ok(()) if self.current().as_ref() == Some(&sent) => self.saved(),
                Ok(()) => self.again.set_value(true),
                Err(e) => self.failed(&e),
            }
            if self.again.get_value() {
                self.again.set_value(false);
                self.flush();
            }
        });
    }

    /// Sends what is typed and waits for the answer (before a submission); nothing to do
    /// when it is saved already.
    pub async fn save_now(self) -> Result<(), ApiError> {
        if !self.is_dirty() {
            return Ok(());
        }
        let Some(value) = self.current() else {
            return Ok(());
        };
        let Some(request) = self.send.try_with_value(|s| s(value.clone())) else {
            return Ok(());
        };
        let result = request.await;
        match &result {
            Ok(()) if self.current().as_ref() == Some(&value) => self.saved(),
            Ok(()) => {}
            Err(ApiError::Network(_)) => self.state.set(SaveState::Offline),
            Err(_) => {}
        }
        result
    }

    fn failed(self, e: &ApiError) {
        match e {
            ApiError::SignedOut => {}
            ApiError::Network(_) => {
                self.state.set(SaveState::Offline);
                self.retry_later();
            }
            e => {
                self.state.set(SaveState::Failed);
                self.errors.show(e, self.known);
                // A server in trouble may recover; a refusal will not.
                if e.status().is_some_and(|s| s >= 500) {
                    self.retry_later();
                }
            }
        }
    }

    fn retry_later(self) {
        set_timeout(
            move || {
                if matches!(
                    self.state.try_get_untracked(),
                    Some(SaveState::Offline | SaveState::Failed)
                ) {
                    self.flush();
                }
            },
            RETRY,
        );
    }

    /// Back online: send what waited on the device. Offline: say so at once.
    fn watch_connection(self) {
        let on_online = window_event_listener(leptos::ev::online, move |_| self.flush());
        let on_offline = window_event_listener(leptos::ev::offline, move |_| {
            if self.dirty.try_get_untracked() == Some(true) {
                self.state.set(SaveState::Offline);
            }
        });
        on_cleanup(move || {
            on_online.remove();
            on_offline.remove();
        });
    }
}

/// Where the autosave stands ("saved", "offline — saved on this device" …).
#[component]
pub fn SaveIndicator(state: RwSignal<SaveState>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <span
            class=move || format!("save-state save-{}", state.get().code())
            data-testid="save-state"
            data-state=move || state.get().code()
            role="status"
        >
            {move || i18n.t(state.get().msg())}
        </span>
    }
}
