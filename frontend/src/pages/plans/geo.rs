//! The browser's position, for a visit completed on the spot.

use wasm_bindgen::JsCast;

/// The browser's position, when it has one and the user allows it; `None` otherwise (also
/// after 15 s without an answer).
pub async fn current_position() -> Option<(f64, f64)> {
    use std::cell::RefCell;
    use std::rc::Rc;
    use wasm_bindgen::JsValue;
    use wasm_bindgen::closure::Closure;

    let window = web_sys::window()?;
    let geo = window.navigator().geolocation().ok()?;
    let (tx, rx) = futures::channel::oneshot::channel::<Option<(f64, f64)>>();
    let tx = Rc::new(RefCell::new(Some(tx)));
    let ok_tx = tx.clone();
    let on_ok = Closure::once_into_js(move |pos: JsValue| {
        let num = |obj: &JsValue, key: &str| {
            js_sys::Reflect::get(obj, &JsValue::from_str(key))
                .ok()
                .and_then(|v| v.as_f64())
        };
        let coords = js_sys::Reflect::get(&pos, &JsValue::from_str("coords")).ok();
        let at = coords.and_then(|c| num(&c, "latitude").zip(num(&c, "longitude")));
        if let Some(t) = ok_tx.borrow_mut().take() {
            let _ = t.send(at);
        }
    });
    // A permission prompt left unanswered does not count against the options' timeout.
    let late_tx = tx.clone();
    let give_up = Closure::once_into_js(move || {
        if let Some(t) = late_tx.borrow_mut().take() {
            let _ = t.send(None);
        }
    });
    let _ = window
        .set_timeout_with_callback_and_timeout_and_arguments_0(give_up.unchecked_ref(), 15_000);
    let err_tx = tx.clone();
    let on_err = Closure::once_into_js(move |_e: JsValue| {
        if let Some(t) = err_tx.borrow_mut().take() {
            let _ = t.send(None);
        }
    });
    let options = web_sys::PositionOptions::new();
    options.set_timeout(10_000);
    options.set_maximum_age(60_000);
    geo.get_current_position_with_error_callback_and_options(
        on_ok.unchecked_ref(),
        Some(on_err.unchecked_ref()),
        &options,
    )
    .ok()?;
    rx.await.ok().flatten()
}
