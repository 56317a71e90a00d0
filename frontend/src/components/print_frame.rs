//! A page the server renders for printing (a weekly report, a collection letter): fetched with
//! the session's token (a plain link could not send it) and shown in a sandboxed frame, with a
//! print button.

use std::future::Future;

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use crate::api::ApiError;
use crate::components::InlineError;
use crate::i18n::{AnyText, use_i18n};

/// What the frame may do: nothing but render the server's page and print it. The page has no
/// scripts, so none may run (no `allow-scripts`); `allow-same-origin` lets this page call the
/// frame's `print()` (without it the frame is another origin, and a script-less frame with the
/// same origin cannot reach out of its sandbox); `allow-modals` lets `print()` open the dialog.
/// No forms, popups, navigation of the top window or downloads.
pub const PRINT_SANDBOX: &str = "allow-same-origin allow-modals";

/// The `data-testid`s of the frame's buttons and of the frame (each page's browser tests look
/// for their own).
#[derive(Debug, Clone, Copy)]
pub struct PrintTestIds {
    pub open: &'static str,
    pub print: &'static str,
    pub close: &'static str,
    pub frame: &'static str,
}

/// The labels of the three buttons.
#[derive(Debug, Clone, Copy)]
pub struct PrintLabels {
    pub open: AnyText,
    pub print: AnyText,
    pub close: AnyText,
}

/// An "open" button that fetches the page (`fetch`) and shows it in a frame with "print" and
/// "close"; `frame_id` is the frame's element id (unique on the page).
#[component]
pub fn PrintFrame<F, Fut>(
    fetch: F,
    frame_id: String,
    labels: PrintLabels,
    testids: PrintTestIds,
    /// The frame's `title` (for screen readers).
    title: &'static str,
    /// The open button's class.
    #[prop(optional)]
    open_class: &'static str,
) -> impl IntoView
where
    F: Fn() -> Fut + Copy + 'static,
    Fut: Future<Output = Result<String, ApiError>> + 'static,
{
    let i18n = use_i18n();
    let html = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<ApiError>);
    let open = move |_| {
        error.set(None);
        spawn_local(async move {
            match fetch().await {
                Ok(text) => html.set(Some(text)),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let fid = frame_id.clone();
    let print = move |_| {
        let frame = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(&fid));
        if let Some(frame) = frame {
            let win = js_sys::Reflect::get(&frame, &"contentWindow".into()).ok();
            let print_fn = win
                .as_ref()
                .and_then(|w| js_sys::Reflect::get(w, &"print".into()).ok())
                .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
            if let (Some(w), Some(f)) = (win, print_fn) {
                let _ = f.call0(&w);
            }
        }
    };
    view! {
        <div class="print-view">
            <button type="button" class=open_class data-testid=testids.open on:click=open>
                {move || i18n.t(labels.open)}
            </button>
            {move || error.get().map(|e| view! { <InlineError error=e /> })}
            {
                let frame_id = frame_id.clone();
                move || html.get().map(|h| {
                    let print = print.clone();
                    view! {
                        <div class="print-box">
                            <div class="form-actions">
                                <button type="button" class="primary" data-testid=testids.print on:click=print>
                                    {move || i18n.t(labels.print)}
                                </button>
                                <button type="button" data-testid=testids.close on:click=move |_| html.set(None)>
                                    {move || i18n.t(labels.close)}
                                </button>
                            </div>
                            <iframe
                                id=frame_id.clone()
                                class="print-frame"
                                data-testid=testids.frame
                                sandbox=PRINT_SANDBOX
                                srcdoc=h
                                title=title
                            ></iframe>
                        </div>
                    }
                })
            }
        </div>
    }
}
