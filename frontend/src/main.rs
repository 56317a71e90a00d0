//! The salesops browser app: a Leptos client-side rendered single-page app over `/api/v1`.

mod api;
mod app;
mod auth;
mod clock;
mod components;
mod i18n;
mod layout;
mod pages;
mod routes;

fn main() {
    console_error_panic_hook::set_once();
    // index.html shows "loading" until the app is here.
    if let Some(boot) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("boot"))
    {
        boot.remove();
    }
    leptos::mount::mount_to_body(app::App);
}
