use reqwest::StatusCode;
use salesops::db::Backend;
use serde_json::json;

use crate::clients::{new_client, org};
use crate::on_both_backends;
use crate::support::{Resp, TestApp};

on_both_backends!(
    a_dry_run_reports_and_a_real_run_imports,
    gbk_files_from_excel_are_read,
    unusable_files_are_refused
);

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
