//! Smaller security items (issue 20, items 5 and 10): security headers on every response,
//! announcement links pass the same local-path check as a sign-in's `next`, list pages are
//! clamped, and oversized bodies get a clear 413.

mod common;

use app::db::Engine;
use common::personas::{Persona, Personas};
use common::spawn_app;

async fn announcement_links_go_to_our_pages_or_https_only(engine: Engine) {
    let app = spawn_app(engine).await;
    let personas = Personas::sign_up_all(&app).await;
    let admin = personas.cookie(Persona::Admin);
    let preview = |link: &'static str| {
        let app = &app;
        async move {
            let form = [
                ("title_id", "Perawatan jaringan"),
                ("title_en", "Network maintenance"),
                ("body_id", "Jaringan Jakarta dirawat malam ini."),
                ("body_en", "The Jakarta network is serviced tonight."),
                ("severity", "info"),
                ("audience", "all"),
                ("link", link),
            ];
            app.post_fn("/api/admin/announcements/preview", admin, &form)
                .await
        }
    };
    for outside in [
        "/\\evil.example",
        "//evil.example",
        "javascript:alert(1)",
        "http://plain.example",
        "https://status.example/a b",
        "/status\nSet-Cookie: x",
    ] {
        let refused = preview(outside).await;
        assert_eq!(refused.status(), 422, "{outside:?}");
        assert!(
            refused.text().await.unwrap().contains("LinkInvalid"),
            "{outside:?}"
        );
    }
    for fine in [
        "",
        "/plans?provider=vultr",
        "https://status.webrana.example/insiden/12",
    ] {
        assert!(preview(fine).await.status().is_success(), "{fine:?}");
    }
}

async fn huge_page_numbers_are_clamped(engine: Engine) {
    let app = spawn_app(engine).await;
    let personas = Personas::sign_up_all(&app).await;
    let admin = personas.cookie(Persona::Admin);
    let huge = i64::MAX.to_string();
    for list in ["/api/admin/users", "/api/admin/orders", "/api/admin/services"] {
        let response = app.post_fn(list, admin, &[("page", huge.as_str())]).await;
        assert_eq!(response.status(), 200, "{list}");
        assert!(
            response.text().await.unwrap().contains("[]"),
            "{list}: an empty page"
        );
    }
    let customer = personas.cookie(Persona::Customer);
    let mine = app
        .post_fn("/api/services/mine", customer, &[("page", &u32::MAX.to_string())])
        .await;
    assert_eq!(mine.status(), 200);
}

async fn oversized_bodies_are_refused_with_413(engine: Engine) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let app = spawn_app(engine).await;
    let address = app.address.trim_start_matches("http://").to_string();
    for path in [
        "/api/auth/login",
        "/api/orders/checkout",
        "/webhooks/payments/simulated",
        "/api/v1/notifications/read-all",
    ] {
        // Only the head, announcing 3 MiB: the answer must come before any body is read
        // (a client still sending would otherwise see the connection closed under it).
        let mut stream = tokio::net::TcpStream::connect(&address).await.unwrap();
        let head = format!(
            "POST {path} HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/x-www-form-urlencoded\r\n\
             Content-Length: {}\r\nConnection: close\r\n\r\n",
            3 * 1024 * 1024
        );
        stream.write_all(head.as_bytes()).await.unwrap();
        let mut answer = String::new();
        tokio::time::timeout(
            std::time::Duration::from_secs(10),
            stream.read_to_string(&mut answer),
        )
        .await
        .expect("answered without waiting for the body")
        .unwrap();
        assert!(answer.starts_with("HTTP/1.1 413"), "{path}: {answer}");
        assert!(answer.ends_with("length limit exceeded"), "{path}: {answer}");
    }
}

async fn unconfirmed_accounts_cannot_create_api_keys_or_link_telegram(engine: Engine) {
    use app::accounts::store::{NewUser, create_user};
    let app = spawn_app(engine).await;
    let password = common::personas::PASSWORD;
    let unconfirmed = NewUser {
        email: app::accounts::Email::parse("belum@webrana.test").unwrap(),
        name: "Belum Konfirmasi".into(),
        password_hash: app::accounts::password::hash_password(password.into())
            .await
            .unwrap(),
        role: app::accounts::Role::Customer,
        email_verified: false,
        language: app::i18n::Lang::Id,
    };
    create_user(&app.state.db, app.state.clock.as_ref(), unconfirmed)
        .await
        .unwrap();
    let cookie = app.sign_in("belum@webrana.test", password).await;
    for (path, form) in [
        ("/api/account/api-keys/create", vec![("name", "ci")]),
        ("/api/notifications/telegram-code", vec![]),
        ("/api/notifications/telegram-test", vec![("chat_id", "12345")]),
        ("/api/notifications/telegram-confirm", vec![("code", "123456")]),
    ] {
        let refused = app.post_fn(path, Some(&cookie), &form).await;
        assert_eq!(refused.status(), 403, "{path}");
        assert_eq!(refused.text().await.unwrap(), "\"EmailNotVerified\"", "{path}");
    }
    let keys = app
        .scalar("SELECT COUNT(*) FROM api_keys WHERE name = $1", "ci")
        .await;
    assert_eq!(keys, 0);
}

/// Every script of a page carries the nonce of that response's policy, and no other script
/// may run; every other kind of response allows none; HSTS only where we serve https.
async fn every_response_carries_the_security_headers(engine: Engine) {
    let app = spawn_app(engine).await;
    let page = app.get("/plans").await;
    assert_eq!(page.status(), 200);
    assert_common_headers(&page, false);
    let policy = header(&page, "content-security-policy");
    let nonce = common::policy_nonce(&policy);
    assert!(nonce.len() >= 22, "128 bits at least: {nonce}");
    assert!(!policy.contains("unsafe-inline"), "{policy}");
    let html = page.text().await.unwrap();
    let scripts: Vec<&str> = html.split("<script").skip(1).collect();
    assert!(scripts.len() >= 2, "theme and hydration scripts: {html}");
    for script in scripts {
        let tag = script.split('>').next().unwrap();
        assert!(tag.contains(&format!("nonce=\"{nonce}\"")), "<script{tag}>");
    }
    let again = header(&app.get("/plans").await, "content-security-policy");
    assert_ne!(again, policy, "a fresh nonce per response");

    let not_page = [
        app.get("/health").await,
        app.get("/api/v1/notifications").await,
        app.post_fn("/api/auth/login", None, &[("email", "x")]).await,
        app.client
            .post(app.url("/api/auth/login"))
            .header("sec-fetch-site", "cross-site")
            .send()
            .await
            .unwrap(),
    ];
    assert_eq!(not_page[3].status(), 403, "refused cross-site");
    for response in &not_page {
        assert_common_headers(response, false);
    }
    assert_eq!(
        header(&not_page[1], "content-security-policy"),
        app::security::headers::NON_PAGE_POLICY
    );
    let missing = app.get("/no-such-page").await;
    assert_eq!(missing.status(), 404);
    assert!(header(&missing, "content-security-policy").contains("'nonce-"));

    let https = common::spawn_app_with_env(
        engine,
        vec![
            ("WEBRANA_PUBLIC_URL", "https://webrana.example".into()),
            ("WEBRANA_SMTP_URL", "smtp://127.0.0.1:2525".into()),
        ],
    )
    .await;
    for path in ["/", "/health"] {
        let response = https.get(path).await;
        assert_common_headers(&response, true);
    }
}

fn header(response: &reqwest::Response, name: &str) -> String {
    response
        .headers()
        .get(name)
        .unwrap_or_else(|| panic!("{name} on {}", response.url()))
        .to_str()
        .unwrap()
        .to_string()
}

fn assert_common_headers(response: &reqwest::Response, https: bool) {
    assert_eq!(header(response, "x-content-type-options"), "nosniff");
    assert_eq!(header(response, "x-frame-options"), "DENY");
    assert_eq!(
        header(response, "referrer-policy"),
        "strict-origin-when-cross-origin"
    );
    assert!(header(response, "permissions-policy").contains("camera=()"));
    assert!(header(response, "content-security-policy").contains("frame-ancestors 'none'"));
    assert_eq!(
        response.headers().contains_key("strict-transport-security"),
        https,
        "{}",
        response.url()
    );
}

on_both_engines!(
    every_response_carries_the_security_headers,
    unconfirmed_accounts_cannot_create_api_keys_or_link_telegram,
    oversized_bodies_are_refused_with_413,
    announcement_links_go_to_our_pages_or_https_only,
    huge_page_numbers_are_clamped,
);
