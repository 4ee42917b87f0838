//! Smaller security items (issue 20, item 10): announcement links pass the same local-path
//! check as a sign-in's `next`, list pages are clamped, and oversized bodies get a clear 413.

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

on_both_engines!(
    unconfirmed_accounts_cannot_create_api_keys_or_link_telegram,
    oversized_bodies_are_refused_with_413,
    announcement_links_go_to_our_pages_or_https_only,
    huge_page_numbers_are_clamped,
);
