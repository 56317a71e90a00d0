//! A contract's collection letter (催款函): fetched with the session's token (a plain link could
//! not send it) and shown in a sandboxed frame, with a print button.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use crate::api::{ApiError, use_api};
use crate::components::InlineError;
use crate::i18n::deals::D;
use crate::i18n::use_i18n;
use crate::pages::reports::print::PRINT_SANDBOX;

#[component]
pub fn LetterView(contract_id: i64) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let html = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<ApiError>);
    let frame_id = format!("letter-frame-{contract_id}");
    let open = move |_| {
        error.set(None);
        spawn_local(async move {
            match api.collection_letter(contract_id).await {
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
            <button type="button" data-testid="letter-open" on:click=open>
                {move || i18n.t(D::PrintLetter)}
            </button>
            {move || error.get().map(|e| view! { <InlineError error=e /> })}
            {
                let frame_id = frame_id.clone();
                move || html.get().map(|h| {
                    let print = print.clone();
                    view! {
                        <div class="print-box">
                            <div class="form-actions">
                                <button type="button" class="primary" data-testid="letter-print" on:click=print>
                                    {move || i18n.t(D::PrintNow)}
                                </button>
                                <button type="button" data-testid="letter-close" on:click=move |_| html.set(None)>
                                    {move || i18n.t(D::ClosePrint)}
                                </button>
                            </div>
                            <iframe
                                id=frame_id.clone()
                                class="print-frame"
                                data-testid="letter-frame"
                                sandbox=PRINT_SANDBOX
                                srcdoc=h
                                title="letter"
                            ></iframe>
                        </div>
                    }
                })
            }
        </div>
    }
}
