//! Receipts: what is accepted (from the bytes), the limits, duplicates, who may see them.

use reqwest::StatusCode;
use salesops::db::Backend;
use serde_json::json;

use super::{Money, line, png};
use crate::on_both_backends;

on_both_backends!(
    receipts_are_recognised_and_limited,
    duplicates_and_who_sees_them
);

async fn receipts_are_recognised_and_limited(b: Backend) {
    let m = Money::new(b).await;
    let t = &m.t;
    m.upload(&t.sp1, "empty.jpg", Vec::new(), None)
        .await
        .assert_problem(422, "validation_failed");
    let text = m
        .upload(
            &t.sp1,
            "photo.jpg",
            b"just some text, not a photo".to_vec(),
            None,
        )
        .await;
    text.assert_problem(422, "validation_failed");
    assert_eq!(text.error_fields(), ["file"]);
    assert_eq!(text.body["errors"][0]["code"], "unsupported_type");
    let mut big = png(7);
    big.resize(11 * 1024 * 1024, 0);
    let res = m.upload(&t.sp1, "big.png", big, None).await;
    res.assert_problem(413, "file_too_large");
    assert_eq!(res.error_fields(), ["file"]);
    // Exactly 10 MiB is accepted.
    let mut max = png(8);
    max.resize(10 * 1024 * 1024, 0);
    let res = m.upload(&t.sp1, "max.png", max, None).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    assert_eq!(res.body["size"], 10 * 1024 * 1024);
    // JPEG and PDF by their bytes, whatever the name says.
    let mut jpeg = vec![0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, b'J', b'F', b'I', b'F', 0];
    jpeg.extend_from_slice(b"seed-1");
    let res = m
        .upload(&t.sp1, "receipt.pdf", jpeg, Some("  INV-001  "))
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    assert_eq!(res.body["content_type"], "image/jpeg");
    assert_eq!(res.body["invoice_number"], "INV-001");
    assert_eq!(res.body["sha256"].as_str().map(str::len), Some(64));
    let res = m
        .upload(&t.sp1, "scan.png", b"%PDF-1.7\n%seed-2".to_vec(), None)
        .await;
    assert_eq!(res.body["content_type"], "application/pdf", "{}", res.text);
    // Not a form, or a form with other parts.
    let raw = m
        .app
        .client
        .post(m.app.url("/api/v1/receipts"))
        .bearer_auth(&t.sp1)
        .json(&json!({"file": "x"}))
        .send()
        .await
        .unwrap();
    assert_eq!(raw.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let form = reqwest::multipart::Form::new()
        .text("comment", "hi")
        .part("file", reqwest::multipart::Part::bytes(png(9)));
    let res = m
        .app
        .client
        .post(m.app.url("/api/v1/receipts"))
        .bearer_auth(&t.sp1)
        .multipart(form)
        .send()
        .await
        .unwrap();
    let res = crate::support::Resp::from(res).await;
    res.assert_problem(422, "validation_failed");
    assert_eq!(res.error_fields(), ["comment"]);
    // Finance and HR do not upload receipts.
    m.upload(&m.fin, "r.png", png(10), None)
        .await
        .assert_problem(403, "forbidden");
}

async fn duplicates_and_who_sees_them(b: Backend) {
    let m = Money::new(b).await;
    let (app, t) = (&m.app, &m.t);
    let first = m.upload(&t.sp1, "a.png", png(1), Some("FP-1")).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.text);
    let id = first.id();
    // The same file again, by its owner: named. By someone else: refused, not named.
    let again = m.upload(&t.sp1, "a-copy.png", png(1), None).await;
    again.assert_problem(409, "duplicate_receipt");
    assert_eq!(again.body["existing_receipt_id"], id);
    assert_eq!(again.error_fields(), ["file"]);
    let other = m.upload(&t.sp2, "b.png", png(1), None).await;
    other.assert_problem(409, "duplicate_receipt");
    assert!(
        other.body.get("existing_receipt_id").is_none(),
        "{}",
        other.text
    );
    // The same invoice number on another file.
    let number = m.upload(&t.sp2, "c.png", png(2), Some("FP-1")).await;
    number.assert_problem(409, "duplicate_receipt");
    assert_eq!(number.error_fields(), ["invoice_number"]);
    // On a claim: the duplicate names the claim to those who may see it.
    m.budget(t.sp1_id, "2026-12", "travel", 1_000_000).await;
    let mut l = line("2026-12-01", "travel", 60000);
    l["receipt_ids"] = json!([id]);
    let claim = m.claim(&t.sp1, json!({"lines": [l]})).await;
    let again = m.upload(&t.sp1, "a.png", png(1), None).await;
    assert_eq!(again.body["existing_claim_id"], claim["id"]);
    let other = m.upload(&t.sp2, "a.png", png(1), None).await;
    assert!(
        other.body.get("existing_claim_id").is_none(),
        "{}",
        other.text
    );
    // The file: to its uploader, their manager and finance, as uploaded; nobody else.
    for token in [&t.sp1, &t.boss, &m.fin] {
        let res = app
            .client
            .get(app.url(&format!("/api/v1/receipts/{id}")))
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(res.headers()["content-type"], "image/png");
        assert!(
            res.headers()["content-security-policy"]
                .to_str()
                .unwrap()
                .contains("sandbox")
        );
        assert_eq!(res.bytes().await.unwrap().to_vec(), png(1));
    }
    app.get(&format!("/api/v1/receipts/{id}"), &t.sp2)
        .await
        .assert_problem(404, "not_found");
    app.get("/api/v1/receipts/999999", &t.sp1)
        .await
        .assert_problem(404, "not_found");
}
