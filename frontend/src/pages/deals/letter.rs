//! A contract's collection letter (催款函), in the print frame.

use leptos::prelude::*;

use crate::api::use_api;
use crate::components::{PrintFrame, PrintLabels, PrintTestIds};
use crate::i18n::deals::D;

#[component]
pub fn LetterView(contract_id: i64) -> impl IntoView {
    let api = use_api();
    view! {
        <PrintFrame
            fetch=move || async move { api.collection_letter(contract_id).await }
            frame_id=format!("letter-frame-{contract_id}")
            labels=PrintLabels {
                open: D::PrintLetter.into(),
                print: D::PrintNow.into(),
                close: D::ClosePrint.into(),
            }
            testids=PrintTestIds {
                open: "letter-open",
                print: "letter-print",
                close: "letter-close",
                frame: "letter-frame",
            }
            title="letter"
        />
    }
}
