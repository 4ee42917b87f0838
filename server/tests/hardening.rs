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
    let app = spawn_app(engine).await;
    let huge = "a".repeat(3 * 1024 * 1024);
    for path in [
        "/api/auth/login",
        "/api/orders/checkout",
        "/webhooks/payments/simulated",
        "/api/v1/notifications/read-all",
    ] {
        let response = app
            .client
            .post(app.url(path))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!("email=a%40b.id&password={huge}"))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 413, "{path}");
        assert_eq!(response.text().await.unwrap(), "length limit exceeded", "{path}");
    }
}

on_both_engines!(
    oversized_bodies_are_refused_with_413,
    announcement_links_go_to_our_pages_or_https_only,
    huge_page_numbers_are_clamped,
);
