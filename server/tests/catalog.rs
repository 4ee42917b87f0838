//! The public catalog: landing page pricing and `/plans` with its URL filters, rendered on
//! the server (what a visitor without JavaScript gets).

mod common;

use app::db::Engine;
use common::{TestApp, spawn_app_with_catalog};

async fn page(app: &TestApp, path: &str) -> String {
    let response = app.get(path).await;
    assert_eq!(response.status(), 200, "GET {path}");
    response.text().await.unwrap()
}

fn plan_ids(html: &str) -> Vec<String> {
    html.split(r#"data-plan-id=""#)
        .skip(1)
        .map(|rest| rest[..rest.find('"').unwrap()].to_string())
        .collect()
}

/// The monthly prices shown, in page order.
fn prices(html: &str) -> Vec<&str> {
    html.split(r#"data-testid="plan-price""#)
        .skip(1)
        .map(|rest| {
            let text = &rest[rest.find('>').unwrap() + 1..];
            &text[..text.find('<').unwrap()]
        })
        .collect()
}

async fn landing_page_prices_come_from_the_catalog(engine: Engine) {
    let app = spawn_app_with_catalog(engine).await;
    let html = page(&app, "/").await;
    assert!(html.contains(r#"data-testid="pricing""#), "{html}");
    // Cheapest per size: 1 GB lab, 2 GB Linode, 4 GB lab, 8 GB Linode.
    assert_eq!(
        prices(&html),
        ["Rp 49.000", "Rp 189.000", "Rp 149.000", "Rp 759.000"]
    );
    assert!(html.contains(r#"property="og:title""#));
    // Crawlers need an absolute picture address (the file is public/og-image.png).
    let image = format!(
        r#"property="og:image" content="{}/og-image.png""#,
        app.state.settings.public_url.trim_end_matches('/')
    );
    assert!(html.contains(&image), "{image} missing");
    assert!(html.contains(r#"href="/order?plan="#));
}

async fn plans_are_filtered_by_the_url(engine: Engine) {
    let app = spawn_app_with_catalog(engine).await;
    let all = plan_ids(&page(&app, "/plans").await);
    assert_eq!(all.len(), 18, "every orderable plan");

    let html = page(&app, "/plans?provider=linode&location=Jakarta").await;
    let ids = plan_ids(&html);
    assert_eq!(ids.len(), 4, "the 16 GB Linode plan is not offered in Jakarta");
    assert!(
        html.contains(r#"<option value="linode" selected"#),
        "the form keeps the filter"
    );

    let html = page(&app, "/plans?max_price=200000&ram=2&sort=price-desc").await;
    assert_eq!(
        prices(&html),
        ["Rp 195.000", "Rp 193.000", "Rp 189.000", "Rp 149.000"]
    );

    let html = page(&app, "/plans?cpu=64").await;
    assert!(html.contains(r#"data-testid="no-plans""#));
}

async fn inactive_providers_and_regions_are_not_offered(engine: Engine) {
    let app = spawn_app_with_catalog(engine).await;
    app::on_db!(&app.state.db, pool => {
        sqlx::query("UPDATE providers SET active = FALSE WHERE slug = 'vultr'").execute(pool).await.unwrap();
        sqlx::query("UPDATE regions SET active = FALSE WHERE slug = 'id-cgk'").execute(pool).await.unwrap();
    });
    let html = page(&app, "/plans").await;
    assert_eq!(plan_ids(&html).len(), 13, "Vultr's five plans are gone");
    assert!(
        !html.contains(">Vultr<"),
        "not in the cards nor the provider filter"
    );
    let html = page(&app, "/plans?provider=linode&location=Jakarta").await;
    assert!(
        html.contains(r#"data-testid="no-plans""#),
        "no Linode region in Jakarta left"
    );
}

async fn seeding_twice_changes_nothing(engine: Engine) {
    let app = spawn_app_with_catalog(engine).await;
    let before = plan_ids(&page(&app, "/plans").await);
    server::seed::seed_catalog(&app.state.db, app.state.clock.as_ref())
        .await
        .unwrap();
    assert_eq!(plan_ids(&page(&app, "/plans").await), before);
}

/// The order wizard prices the choices in the URL, or says in its summary what is wrong
/// with them (an unknown promo code), and keeps doing so with many renders at once: its
/// quote was once read from two suspense boundaries, which hung server rendering for good
/// under a scan (leptos-rs/leptos#4673). Every body must arrive complete.
async fn the_order_wizard_renders_its_summary_under_concurrent_load(engine: Engine) {
    let app = spawn_app_with_catalog(engine).await;
    let plan = plan_ids(&page(&app, "/plans").await).remove(0);
    let priced = format!("/order?plan={plan}");
    let refused = format!("/order?plan={plan}&promo=TIDAKADA");
    let priced_html = page(&app, &priced).await;
    assert!(
        priced_html.contains(r#"data-testid="price-total""#),
        "{priced_html}"
    );
    // Invalid input in the form's GET: the page explains it, answering 422.
    let response = app.get(&refused).await;
    assert_eq!(response.status(), 422);
    let refused_html = response.text().await.unwrap();
    assert!(
        refused_html.contains(r#"data-testid="quote-problems""#),
        "{refused_html}"
    );
    assert!(refused_html.contains("Kode promo tidak dikenal."));

    let renders = (0..48).map(|i| {
        let (app, path, status) = match i % 2 {
            0 => (&app, &priced, 200),
            _ => (&app, &refused, 422),
        };
        async move {
            let response = app.get(path).await;
            assert_eq!(response.status(), status, "GET {path}");
            let body = tokio::time::timeout(common::REQUEST_TIMEOUT, response.text())
                .await
                .unwrap_or_else(|_| panic!("GET {path}: the body stalled"))
                .unwrap();
            assert!(
                body.contains("</html>") && body.trim_end().ends_with("__INCOMPLETE_CHUNKS=[];</script>"),
                "GET {path}: every suspense chunk arrives: {}",
                &body[body.len().saturating_sub(300)..]
            );
        }
    });
    futures::future::join_all(renders).await;
}

on_both_engines!(
    the_order_wizard_renders_its_summary_under_concurrent_load,
    landing_page_prices_come_from_the_catalog,
    plans_are_filtered_by_the_url,
    inactive_providers_and_regions_are_not_offered,
    seeding_twice_changes_nothing,
);
