use reqwest::StatusCode;
use salesops::db::Backend;
use serde_json::json;

use crate::clients::{ids, new_client, org};
use crate::on_both_backends;
use crate::support::{Resp, TestApp};

on_both_backends!(
    a_dry_run_reports_and_a_real_run_imports,
    gbk_files_from_excel_are_read,
    unusable_files_are_refused,
    a_quote_inside_an_unquoted_cell_keeps_the_rows_after_it,
    excel_workbooks_are_read,
    files_over_the_row_limit_are_refused,
    a_large_file_is_imported_in_batches_in_one_transaction,
    a_dry_run_writes_nothing_and_takes_no_write_lock,
    a_claim_made_while_an_import_is_checked_is_not_imported_again,
);

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

async fn upload(
    app: &TestApp,
    token: &str,
    query: &str,
    body: Vec<u8>,
    content_type: &str,
) -> Resp {
    let res = app
        .client
        .post(app.url(&format!("/api/v1/clients/import{query}")))
        .bearer_auth(token)
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap();
    Resp::from(res).await
}

const FILE: &str = "\u{feff}姓名,公司,电话,邮箱,级别,来源,阶段\r\n\
王一,一号公司,138 0000 0001,wang1@example.cn,大客户,展会,意向\r\n\
李二,二号公司,13800000002,not-an-email,一般客户,online,prospect\r\n\
张三,三号公司,13800000003,,vip,,\r\n\
,四号公司,13800000004,,,,\r\n\
赵五,五号公司,+86 138 0000 0001,,,,\r\n\
钱六,六号公司,13900000000,,,,\r\n\
孙七,\"七号公司, 上海\",13800000007,,general,peer_referral,customer\r\n";

async fn a_dry_run_reports_and_a_real_run_imports(b: Backend) {
    let app = TestApp::spawn(b).await;
    let o = org(&app).await;
    // 钱六's number is already on file with another salesperson.
    new_client(
        &app,
        &o.s4.token,
        json!({"name": "早已存在", "phone": "139-0000-0000"}),
    )
    .await;
    let dry = upload(
        &app,
        &o.s1.token,
        "?dry_run=true",
        FILE.as_bytes().to_vec(),
        "text/csv",
    )
    .await;
    assert_eq!(dry.status, StatusCode::OK, "{}", dry.text);
    let r = &dry.body;
    assert_eq!(r["dry_run"], true);
    assert_eq!(r["encoding"], "utf-8");
    assert_eq!(r["rows"], 7);
    assert_eq!(r["valid"], 2);
    assert_eq!(r["skipped"], 5);
    assert_eq!(r["imported"], 0);
    let errors: Vec<(u64, String)> = r["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["row"].as_u64().unwrap(),
                e["field"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        errors,
        vec![
            (3, "email".to_owned()),
            (4, "tier".to_owned()),
            (5, "name".to_owned())
        ]
    );
    let dups: Vec<(u64, serde_json::Value, serde_json::Value)> = r["duplicates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["row"].as_u64().unwrap(),
                d["duplicate_of_row"].clone(),
                d["existing_client_id"].clone(),
            )
        })
        .collect();
    // Row 6 repeats row 2's phone; row 7's client is someone else's, so no id is shown.
    assert_eq!(
        dups,
        vec![(6, json!(2), json!(null)), (7, json!(null), json!(null))]
    );
    assert_eq!(
        app.get("/api/v1/clients", &o.s1.token).await.body["total"],
        0
    );

    let real = upload(
        &app,
        &o.s1.token,
        "?dry_run=false",
        FILE.as_bytes().to_vec(),
        "text/csv; charset=utf-8",
    )
    .await;
    assert_eq!(real.body["imported"], 2, "{}", real.text);
    assert_eq!(real.body["skipped"], 5);
    let listed = app.get("/api/v1/clients?sort=name", &o.s1.token).await;
    assert_eq!(listed.body["total"], 2);
    let first = &listed.body["items"][1];
    assert_eq!(first["name"], "王一");
    assert_eq!(first["tier"], "key");
    assert_eq!(first["source"], "trade_fair");
    assert_eq!(first["stage"], "intent");
    assert_eq!(listed.body["items"][0]["company"], "七号公司, 上海");
    // Running it again imports nothing new: every row is now a duplicate or an error.
    let again = upload(
        &app,
        &o.s1.token,
        "?dry_run=false",
        FILE.as_bytes().to_vec(),
        "text/csv",
    )
    .await;
    assert_eq!(again.body["imported"], 0);
    assert_eq!(again.body["duplicates"].as_array().unwrap().len(), 4);
    let audit = app
        .get(
            "/api/v1/audit-events?entity_type=client&entity_id=import",
            &o.admin.token,
        )
        .await;
    assert_eq!(audit.body["total"], 2);
    // A manager may name owners in scope, by an owner_id column.
    let file = format!(
        "name,phone,owner_id\n经理导入,13700000001,{}\n越权,13700000002,{}\n",
        o.s3.user_id, o.s4.user_id
    );
    let res = upload(
        &app,
        &o.east_boss.token,
        "?dry_run=false",
        file.into_bytes(),
        "text/csv",
    )
    .await;
    assert_eq!(res.body["imported"], 1, "{}", res.text);
    assert_eq!(res.body["errors"][0]["field"], "owner_id");
    assert_eq!(
        app.get("/api/v1/clients", &o.s3.token).await.body["total"],
        1
    );
}

async fn gbk_files_from_excel_are_read(b: Backend) {
    let app = TestApp::spawn(b).await;
    let o = org(&app).await;
    let text = "姓名,公司,手机,区域,信用\r\n周欣,华南贸易有限公司,13600000001,华南,异常\r\n";
    let (gbk, _, _) = encoding_rs::GBK.encode(text);
    assert!(std::str::from_utf8(&gbk).is_err());
    let res = upload(
        &app,
        &o.s1.token,
        "?dry_run=false",
        gbk.into_owned(),
        "text/csv",
    )
    .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(res.body["encoding"], "gbk");
    assert_eq!(res.body["imported"], 1);
    let c = app.get("/api/v1/clients?q=%E5%91%A8", &o.s1.token).await;
    assert_eq!(c.body["items"][0]["name"], "周欣");
    assert_eq!(c.body["items"][0]["company"], "华南贸易有限公司");
    assert_eq!(c.body["items"][0]["region"], "华南");
    assert_eq!(c.body["items"][0]["credit"], "abnormal");
}

async fn unusable_files_are_refused(b: Backend) {
    let app = TestApp::spawn(b).await;
    let o = org(&app).await;
    let res = upload(
        &app,
        &o.s1.token,
        "",
        b"company,phone\nx,13800000000\n".to_vec(),
        "text/csv",
    )
    .await;
    res.assert_problem(422, "validation_failed");
    assert_eq!(res.error_fields(), vec!["header"]);
    upload(&app, &o.s1.token, "", Vec::new(), "text/csv")
        .await
        .assert_problem(422, "validation_failed");
    upload(
        &app,
        &o.s1.token,
        "",
        b"name\nx\n".to_vec(),
        "application/json",
    )
    .await
    .assert_problem(415, "unsupported_media_type");
    upload(&app, &o.fin.token, "", b"name\nx\n".to_vec(), "text/csv")
        .await
        .assert_problem(403, "forbidden");
    // The default is a dry run.
    let res = upload(&app, &o.s1.token, "", b"name\nx\n".to_vec(), "text/csv").await;
    assert_eq!(res.body["dry_run"], true);
    assert_eq!(
        app.get("/api/v1/clients", &o.s1.token).await.body["total"],
        0
    );
}

/// Excel's inch mark in an unquoted cell: the hand-written reader took it for the start of a
/// quoted field and swallowed every row after it.
async fn a_quote_inside_an_unquoted_cell_keeps_the_rows_after_it(b: Backend) {
    let app = TestApp::spawn(b).await;
    let o = org(&app).await;
    let file = "姓名,公司,电话,需求\r\n\
                张伟,华通,13800000001,27\" 显示器\r\n\
                李娜,华通二,13800000002,\"32\"\" 显示器, 两台\"\r\n\
                王五,华通三,13800000003,投影仪\r\n";
    let res = upload(
        &app,
        &o.s1.token,
        "?dry_run=false",
        file.as_bytes().to_vec(),
        "text/csv",
    )
    .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(res.body["rows"], 3, "{}", res.text);
    assert_eq!(res.body["imported"], 3, "{}", res.text);
    let listed = app.get("/api/v1/clients?sort=name", &o.s1.token).await;
    let needs: Vec<(&str, &str)> = listed.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["name"].as_str().unwrap(), c["needs"].as_str().unwrap()))
        .collect();
    assert_eq!(
        needs,
        vec![
            ("张伟", "27\" 显示器"),
            ("李娜", "32\" 显示器, 两台"),
            ("王五", "投影仪")
        ]
    );
}

/// A workbook as Excel users save their client lists: Chinese headers, phones typed as
/// numbers, a blank row, a second sheet that is not read.
fn workbook() -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (col, h) in ["姓名", "公司", "手机", "级别", "阶段", "纬度"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, col as u16, *h).unwrap();
    }
    sheet.write_string(1, 0, "表格一").unwrap();
    sheet.write_string(1, 1, "表格公司").unwrap();
    sheet.write_number(1, 2, 13_600_000_001.0).unwrap();
    sheet.write_string(1, 3, "大客户").unwrap();
    sheet.write_string(1, 4, "意向").unwrap();
    sheet.write_number(1, 5, 31.25).unwrap();
    // Row 3 left blank; row 4 has a bad tier; row 5 repeats row 2's phone as text.
    sheet.write_string(3, 0, "表格二").unwrap();
    sheet.write_string(3, 3, "vip").unwrap();
    sheet.write_string(4, 0, "表格三").unwrap();
    sheet.write_string(4, 2, "+86 136 0000 0001").unwrap();
    sheet.write_string(5, 0, "表格四").unwrap();
    sheet.write_string(5, 2, "010-6552 1234").unwrap();
    book.add_worksheet()
        .write_string(0, 0, "姓名")
        .unwrap()
        .write_string(1, 0, "别的表")
        .unwrap();
    book.save_to_buffer().unwrap()
}

async fn excel_workbooks_are_read(b: Backend) {
    let app = TestApp::spawn(b).await;
    let o = org(&app).await;
    let bytes = workbook();
    assert!(bytes.starts_with(b"PK\x03\x04"));
    // Told by its bytes even when sent as text/csv (as the browser app sends every file).
    for content_type in [XLSX, "text/csv"] {
        let dry = upload(&app, &o.s1.token, "", bytes.clone(), content_type).await;
        assert_eq!(dry.status, StatusCode::OK, "{}", dry.text);
        let r = &dry.body;
        assert_eq!(r["encoding"], "xlsx");
        assert_eq!(r["rows"], 4, "{r}");
        assert_eq!(r["valid"], 2, "{r}");
        assert_eq!(r["errors"][0]["row"], 4, "{r}");
        assert_eq!(r["errors"][0]["field"], "tier", "{r}");
        assert_eq!(r["duplicates"][0]["row"], 5, "{r}");
        assert_eq!(r["duplicates"][0]["duplicate_of_row"], 2, "{r}");
    }
    let real = upload(&app, &o.s1.token, "?dry_run=false", bytes, XLSX).await;
    assert_eq!(real.body["imported"], 2, "{}", real.text);
    let listed = app.get("/api/v1/clients?sort=name", &o.s1.token).await;
    assert_eq!(listed.body["total"], 2);
    let first = &listed.body["items"][0];
    assert_eq!(first["name"], "表格一");
    assert_eq!(first["company"], "表格公司");
    assert_eq!(first["phone"], "13600000001");
    assert_eq!(first["tier"], "key");
    assert_eq!(first["stage"], "intent");
    assert_eq!(first["latitude"], 31.25);
    assert_eq!(listed.body["items"][1]["phone"], "010-6552 1234");
    // An imported client is due like one entered by hand, and found by its number.
    let by_hand = new_client(
        &app,
        &o.s1.token,
        json!({"name": "手工", "tier": "key", "stage": "intent"}),
    )
    .await;
    let by_hand = app
        .get(&format!("/api/v1/clients/{by_hand}"), &o.s1.token)
        .await;
    assert_eq!(
        first["next_follow_up_date"], by_hand.body["next_follow_up_date"],
        "{first}"
    );
    assert_eq!(
        ids(&app.get("/api/v1/clients?q=1360000", &o.s1.token).await),
        vec![first["id"].as_i64().unwrap()]
    );
    // A zip that is no workbook, a workbook type on CSV bytes, the old .xls: 422 on `body`.
    for (bytes, content_type) in [
        (b"PK\x03\x04garbage".to_vec(), "text/csv"),
        (b"name\nx\n".to_vec(), XLSX),
        (
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1xls".to_vec(),
            "application/vnd.ms-excel",
        ),
    ] {
        let res = upload(&app, &o.s1.token, "", bytes, content_type).await;
        res.assert_problem(422, "validation_failed");
        assert_eq!(res.error_fields(), vec!["body"], "{}", res.text);
    }
}

/// `name` and `rows` data rows of unique numbers.
fn big_file(rows: usize) -> Vec<u8> {
    let mut file = String::from("name,phone\n");
    for i in 0..rows {
        file.push_str(&format!("客户{i},1390{i:07}\n"));
    }
    file.into_bytes()
}

async fn files_over_the_row_limit_are_refused(b: Backend) {
    let app = TestApp::spawn(b).await;
    let o = org(&app).await;
    let limit = salesops::clients::import::MAX_ROWS;
    let res = upload(&app, &o.s1.token, "", big_file(limit + 1), "text/csv").await;
    res.assert_problem(422, "too_many_rows");
    assert_eq!(res.error_fields(), vec!["body"]);
    assert!(res.str("detail").contains("20000"), "{}", res.text);
    // The file of the issue: 4 MiB, two million rows. Refused at once, the rest never read.
    let mut huge = b"name\n".to_vec();
    huge.extend(b"a\n".repeat(2_000_000));
    assert!(huge.len() <= salesops::clients::csv::UPLOAD_LIMIT);
    let started = std::time::Instant::now();
    let res = upload(&app, &o.s1.token, "?dry_run=false", huge, "text/csv").await;
    res.assert_problem(422, "too_many_rows");
    assert!(started.elapsed().as_secs() < 10, "{:?}", started.elapsed());
    // At the limit it is read.
    let res = upload(&app, &o.s1.token, "", big_file(limit), "text/csv").await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(res.body["rows"], limit);
    assert_eq!(res.body["valid"], limit);
    assert_eq!(
        app.get("/api/v1/clients", &o.s1.token).await.body["total"],
        0
    );
}

/// 5,000 rows: 20 batches of multi-row INSERTs in one transaction, well within its time
/// limit (a full file of 20,000 takes 1.7 s on SQLite and 7.7 s on PostgreSQL in a release
/// build on a 2-core machine; the limit is `WRITE_TIME_LIMIT`, 20 s).
async fn a_large_file_is_imported_in_batches_in_one_transaction(b: Backend) {
    let app = TestApp::spawn(b).await;
    let o = org(&app).await;
    let rows = 5_000;
    let res = upload(
        &app,
        &o.s1.token,
        "?dry_run=false",
        big_file(rows),
        "text/csv",
    )
    .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(res.body["imported"], rows, "{}", res.body["errors"]);
    let created: Vec<i64> = res.body["created_ids"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_i64().unwrap())
        .collect();
    assert!(created.windows(2).all(|w| w[0] < w[1]));
    assert_eq!(
        app.get("/api/v1/clients?per_page=1", &o.s1.token)
            .await
            .body["total"],
        rows
    );
    // Every client has its search keys, history and audit event.
    let last = format!("1390{:07}", rows - 1);
    let found = app
        .get(&format!("/api/v1/clients?q={last}"), &o.s1.token)
        .await;
    assert_eq!(found.body["total"], 1, "{}", found.text);
    let id = found.body["items"][0]["id"].as_i64().unwrap();
    // Ids follow the rows: the history and audit events below are this row's.
    assert_eq!(Some(&id), created.last());
    let history = app
        .get(&format!("/api/v1/clients/{id}/history"), &o.s1.token)
        .await;
    assert_eq!(
        history.body.as_array().unwrap().len(),
        2,
        "{}",
        history.text
    );
    let audit = app
        .get(
            &format!("/api/v1/audit-events?entity_type=client&entity_id={id}"),
            &o.admin.token,
        )
        .await;
    assert_eq!(audit.body["total"], 1, "{}", audit.text);
    assert_eq!(
        audit.body["items"][0]["after"]["name"],
        format!("客户{}", rows - 1)
    );
    // A second run finds every row on file.
    let again = upload(&app, &o.s1.token, "", big_file(rows), "text/csv").await;
    assert_eq!(again.body["valid"], 0);
    assert_eq!(again.body["duplicates"].as_array().unwrap().len(), rows);
}

/// A dry run only reads: it succeeds while another connection holds the write lock (SQLite)
/// or blocks every write to `clients` (PostgreSQL), and leaves no trace.
async fn a_dry_run_writes_nothing_and_takes_no_write_lock(b: Backend) {
    use diesel::connection::SimpleConnection;
    let app = TestApp::spawn(b).await;
    let o = org(&app).await;
    new_client(
        &app,
        &o.s2.token,
        json!({"name": "已有", "phone": "13800000009"}),
    )
    .await;
    let audit_before = app.get("/api/v1/audit-events", &o.admin.token).await.body["total"].clone();
    let writer = salesops::db::Db::connect(&app.settings.database_url, 1).unwrap();
    let mut lock = writer.get().unwrap();
    match b {
        Backend::Sqlite => lock.batch_execute("BEGIN IMMEDIATE").unwrap(),
        Backend::Postgres => lock
            .batch_execute("BEGIN; LOCK TABLE clients IN EXCLUSIVE MODE")
            .unwrap(),
    }
    let file = "name,phone\n甲,13800000001\n乙,13800000009\n";
    let res = tokio::time::timeout(
        std::time::Duration::from_secs(4),
        upload(
            &app,
            &o.s1.token,
            "?dry_run=true",
            file.as_bytes().to_vec(),
            "text/csv",
        ),
    )
    .await
    .expect("the dry run waited for the write lock");
    lock.batch_execute("ROLLBACK").unwrap();
    drop(lock);
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(res.body["valid"], 1);
    assert_eq!(res.body["duplicates"][0]["row"], 3);
    assert_eq!(
        app.get("/api/v1/clients", &o.admin.token).await.body["total"],
        1
    );
    assert_eq!(
        app.get("/api/v1/audit-events", &o.admin.token).await.body["total"],
        audit_before
    );
}

/// A real run checks for duplicates again inside its transaction: a client claimed after the
/// import's first check (here: committed while the import waits for the lock) is not imported
/// a second time.
async fn a_claim_made_while_an_import_is_checked_is_not_imported_again(b: Backend) {
    use diesel::RunQueryDsl;
    use diesel::connection::SimpleConnection;
    let app = TestApp::spawn(b).await;
    let o = org(&app).await;
    let claimer = salesops::db::Db::connect(&app.settings.database_url, 1).unwrap();
    let mut claim = claimer.get().unwrap();
    let at = match b {
        Backend::Sqlite => {
            claim.batch_execute("BEGIN IMMEDIATE").unwrap();
            "'2026-01-05 08:00:00'"
        }
        Backend::Postgres => {
            // What a single claim does first (`clients::service::lock_keys`).
            claim
                .batch_execute("BEGIN; LOCK TABLE clients IN ROW EXCLUSIVE MODE")
                .unwrap();
            "TIMESTAMP '2026-01-05 08:00:00'"
        }
    };
    diesel::sql_query(format!(
        "INSERT INTO clients (name, phone, phone_norm, source, tier, stage, credit, owner_id, \
         created_at, updated_at) VALUES ('先到', '13800000001', '13800000001', 'other', \
         'general', 'prospect', 'normal', {}, {at}, {at})",
        o.s4.user_id
    ))
    .execute(&mut *claim)
    .unwrap();
    let import = {
        let client = app.client.clone();
        let url = app.url("/api/v1/clients/import?dry_run=false");
        let token = o.s1.token.clone();
        actix_web::rt::spawn(async move {
            let res = client
                .post(url)
                .bearer_auth(token)
                .header("content-type", "text/csv")
                .body("name,phone\n甲,13800000001\n乙,13800000002\n")
                .send()
                .await
                .unwrap();
            Resp::from(res).await
        })
    };
    // The import checks (the claim is not committed yet), then waits for the lock.
    actix_web::rt::time::sleep(std::time::Duration::from_millis(700)).await;
    claim.batch_execute("COMMIT").unwrap();
    drop(claim);
    let res = import.await.unwrap();
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(res.body["imported"], 1, "{}", res.text);
    assert_eq!(res.body["valid"], 1, "{}", res.text);
    assert_eq!(res.body["duplicates"][0]["row"], 2, "{}", res.text);
    assert_eq!(res.body["duplicates"][0]["field"], "phone", "{}", res.text);
    assert!(res.body["duplicates"][0]["existing_client_id"].is_null());
    let total = app.get("/api/v1/clients", &o.admin.token).await;
    assert_eq!(total.body["total"], 2, "{}", total.text);
}
