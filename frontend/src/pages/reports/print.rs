//! The print view of a weekly report, in the print frame.

use leptos::prelude::*;

use crate::api::use_api;
use crate::components::{PrintFrame, PrintLabels, PrintTestIds};
use crate::i18n::reports::R;

#[component]
pub fn PrintView(id: i64) -> impl IntoView {
    let api = use_api();
    view! {
        <PrintFrame
            fetch=move || async move { api.weekly_report_html(id).await }
            frame_id=format!("print-frame-{id}")
            labels=PrintLabels {
                open: R::Print.into(),
                print: R::PrintNow.into(),
                close: R::ClosePrint.into(),
            }
            testids=PrintTestIds {
                open: "report-print",
                print: "report-print-now",
                close: "report-print-close",
                frame: "print-frame",
            }
            title="print"
            open_class="r-button"
        />
    }
}
