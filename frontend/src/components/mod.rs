//! The pieces every page is built from: fields that show the API's field errors beside them,
//! the error banner and the success notice, the submit helper (on leptos' `Action`), autosave,
//! the week switcher, the debounced search box, the note of a list cut short, a document's
//! history (timeline) and the print frame.

mod autosave;
mod bell;
mod errors;
mod field;
mod notice;
mod pager;
mod print_frame;
mod search;
mod submit;
mod timeline;
mod week;

pub use autosave::{Autosave, SaveIndicator};
pub use bell::Bell;
pub use errors::{ErrorBanner, FieldErrors, FormErrors, InlineError, local_error};
pub use field::{
    Choice, Field, SelectField, after_empty, non_empty, parse_date, parse_id, text_choices,
};
pub use notice::{ListNote, Notice};
pub use pager::{FilterSelect, Growing, MorePager};
pub use print_frame::{PrintFrame, PrintLabels, PrintTestIds};
pub use search::{Debounced, SearchInput};
pub use submit::{Submit, Write};
pub use timeline::Timeline;
pub use week::WeekSwitcher;
