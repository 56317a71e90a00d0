//! A browser-wide lock (the Web Locks API, `navigator.locks`): one holder at a time across
//! every tab of the app. web-sys offers the API only behind an unstable flag, so it is called
//! through `js_sys::Reflect`.

use std::time::Duration;

use futures::channel::oneshot;
use futures::future::Either;
use js_sys::{Function, Promise, Reflect};
use leptos::prelude::set_timeout;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

/// How long to wait for the lock before going on without it (a tab stuck holding it must not
/// stop the others for good).
const WAIT: Duration = Duration::from_secs(10);

/// Runs `work` while holding the lock `name`. Where the browser has no Web Locks (a page not
/// served from a secure origin), or the lock does not come within [`WAIT`], runs it anyway.
pub async fn with_lock<T, F>(name: &str, work: impl FnOnce() -> F) -> T
where
    F: Future<Output = T>,
{
    let release = acquire(name).await;
    let out = work().await;
    if let Some(release) = release {
        let _ = release.call0(&JsValue::NULL);
    }
    out
}

/// Waits for the lock; returns the function that releases it.
async fn acquire(name: &str) -> Option<Function> {
    let navigator = web_sys::window()?.navigator();
    let locks = Reflect::get(&navigator, &JsValue::from_str("locks"))
        .ok()
        .filter(|l| l.is_object())?;
    let request: Function = Reflect::get(&locks, &JsValue::from_str("request"))
        .ok()?
        .dyn_into()
        .ok()?;
    let (tx, rx) = oneshot::channel::<Function>();
    // Called once the lock is granted; the lock is held until the promise it returns settles,
    // which is when the receiver calls `resolve`.
    let granted = Closure::once_into_js(move |_lock: JsValue| -> JsValue {
        let mut resolve = None;
        let held = Promise::new(&mut |res, _rej| resolve = Some(res));
        if let Some(resolve) = resolve
            && let Err(resolve) = tx.send(resolve)
        {
            // Nobody waits any more (timed out): give the lock back at once.
            let _ = resolve.call0(&JsValue::NULL);
        }
        held.into()
    });
    request
        .call2(&locks, &JsValue::from_str(name), &granted)
        .ok()?;
    let (timeout_tx, timeout_rx) = oneshot::channel::<()>();
    set_timeout(
        move || {
            let _ = timeout_tx.send(());
        },
        WAIT,
    );
    match futures::future::select(rx, timeout_rx).await {
        Either::Left((release, _)) => release.ok(),
        Either::Right(_) => None,
    }
}
