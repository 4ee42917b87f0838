//! The control panel on the simulated cloud: a customer's actions on their VPS run as jobs,
//! follow the machine's state, refuse what does not fit it, one at a time; rebuild and
//! delete need the host name typed; nobody else can see or touch the VPS.

mod common;

use app::db::Engine;
use app::provisioning::simulated::Fault;
use app::services::ActionStatus;
use common::shop::{Shop, service_detail as detail, shop};

/// The first dashboard page of the customer's services.
async fn my_services(shop: &Shop, cookie: &str) -> Vec<app::services::ServiceLine> {
    let list: app::services::ServiceList = shop
        .app
        .post_fn("/api/services/mine", Some(cookie), &[])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list.page, 1);
    list.services
}

async fn act(shop: &Shop, cookie: &str, form: &[(&str, &str)]) -> reqwest::StatusCode {
    shop.app
        .post_fn("/api/services/action", Some(cookie), form)
        .await
        .status()
}

/// Asks for `action` and lets the simulated cloud carry it out.
async fn act_and_settle(shop: &Shop, cookie: &str, service: &str, action: &str) {
    assert_eq!(
        act(shop, cookie, &[("id", service), ("action", action)]).await,
        200,
        "{action}"
    );
    shop.wait(15).await;
}

async fn power_actions_follow_the_machine(engine: Engine) {
    let shop = shop(engine).await;
    let cookie = shop.customer("rina@webrana.test").await;
    let service = shop.active_service(&cookie, "k").await;
    let listed = my_services(&shop, &cookie).await;
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].power_state, "running");
    assert!(
        listed[0]
            .ipv4
            .as_deref()
            .is_some_and(|ip| ip.starts_with("203.0.113."))
    );

    // Not while it runs: power on.
    assert_eq!(
        act(&shop, &cookie, &[("id", &service), ("action", "power_on")]).await,
        422
    );
    // Reboot: queued, then running while the machine is busy, then done.
    assert_eq!(
        act(&shop, &cookie, &[("id", &service), ("action", "reboot")]).await,
        200
    );
    let queued = detail(&shop, &cookie, &service).await;
    assert_eq!(
        queued.open_action.as_ref().map(|a| a.status),
        Some(ActionStatus::Queued)
    );
    assert!(
        !queued.can(app::services::ActionKind::PowerOff),
        "buttons wait for it"
    );
    // A second action while one is open: refused, nothing queued.
    assert_eq!(
        act(&shop, &cookie, &[("id", &service), ("action", "power_off")]).await,
        422
    );
    shop.app.run_jobs().await;
    let busy = detail(&shop, &cookie, &service).await;
    assert_eq!(
        busy.open_action.as_ref().map(|a| a.status),
        Some(ActionStatus::Running)
    );
    shop.wait(2).await;
    assert_eq!(detail(&shop, &cookie, &service).await.service.power_state, "busy");
    shop.wait(15).await;
    let rebooted = detail(&shop, &cookie, &service).await;
    assert_eq!(rebooted.open_action, None);
    assert_eq!(rebooted.service.power_state, "running");
    assert_eq!(
        rebooted.recent_actions.len(),
        1,
        "the refused power-off left no trace"
    );
    assert_eq!(rebooted.recent_actions[0].status, ActionStatus::Done);

    act_and_settle(&shop, &cookie, &service, "power_off").await;
    assert_eq!(detail(&shop, &cookie, &service).await.service.power_state, "off");
    assert_eq!(
        act(&shop, &cookie, &[("id", &service), ("action", "reboot")]).await,
        422
    );
    act_and_settle(&shop, &cookie, &service, "power_on").await;
    assert_eq!(
        detail(&shop, &cookie, &service).await.service.power_state,
        "running"
    );
}

async fn rebuild_and_delete_need_the_host_name(engine: Engine) {
    let shop = shop(engine).await;
    let cookie = shop.customer("rina@webrana.test").await;
    let service = shop.active_service(&cookie, "k").await;
    let before = detail(&shop, &cookie, &service).await;
    let debian = before
        .images
        .iter()
        .find(|i| i.label.starts_with("Debian"))
        .unwrap()
        .id
        .clone();
    let other_provider_image = app::catalog::store::load_orderable(&shop.app.state.db)
        .await
        .unwrap()
        .images
        .into_iter()
        .find(|i| i.provider_slug == "digitalocean")
        .unwrap()
        .id;
    let rebuild = |image: &str, confirm: &str| {
        let form = [
            ("id", service.clone()),
            ("action", "rebuild".to_string()),
            ("image", image.to_string()),
            ("confirm", confirm.to_string()),
        ];
        let (shop, cookie) = (&shop, cookie.clone());
        async move {
            let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            act(shop, &cookie, &form).await
        }
    };
    assert_eq!(rebuild(&debian, "web-02").await, 422, "wrong host name");
    assert_eq!(
        rebuild(&other_provider_image, "web-01").await,
        422,
        "another provider's image"
    );
    assert_eq!(rebuild(&debian, "web-01").await, 200);
    shop.wait(20).await;
    let rebuilt = detail(&shop, &cookie, &service).await;
    assert_eq!(rebuilt.service.image_label, "Debian 12");
    assert_eq!(rebuilt.service.power_state, "running");

    let delete = |confirm: &'static str| {
        let (shop, cookie, service) = (&shop, cookie.clone(), service.clone());
        async move {
            act(
                shop,
                &cookie,
                &[("id", &service), ("action", "delete"), ("confirm", confirm)],
            )
            .await
        }
    };
    assert_eq!(delete("").await, 422);
    assert_eq!(delete(" web-01 ").await, 200, "surrounding spaces are forgiven");
    shop.wait(10).await;
    let gone = detail(&shop, &cookie, &service).await;
    assert_eq!(gone.service.status, app::services::ServiceStatus::Terminated);
    assert_eq!(gone.service.power_state, "deleted");
    let listed = my_services(&shop, &cookie).await;
    assert!(listed.is_empty(), "terminated services leave the dashboard");
    assert_eq!(
        shop.scalar(
            "SELECT COUNT(*) FROM simulated_instances WHERE state <> $1",
            "deleted"
        )
        .await,
        0,
        "deleted at the provider"
    );
    assert_eq!(delete("web-01").await, 422, "nothing left to act on");
}

async fn a_timed_out_action_is_retried_and_a_refused_one_fails(engine: Engine) {
    let shop = shop(engine).await;
    let cookie = shop.customer("rina@webrana.test").await;
    let service = shop.active_service(&cookie, "k").await;
    let cloud = shop.cloud();
    cloud.inject(Fault::ActionTimesOut, 1).await.unwrap();
    assert_eq!(
        act(&shop, &cookie, &[("id", &service), ("action", "power_off")]).await,
        200
    );
    shop.wait(120).await;
    let after = detail(&shop, &cookie, &service).await;
    assert_eq!(
        after.recent_actions[0].status,
        ActionStatus::Done,
        "retried after the timeout"
    );
    assert_eq!(after.service.power_state, "off");
    // The instance vanished at the provider: the action fails, the error kept for staff.
    on_simulated(&shop, "UPDATE simulated_instances SET state = 'deleted'").await;
    assert_eq!(
        act(&shop, &cookie, &[("id", &service), ("action", "power_on")]).await,
        200
    );
    shop.wait(10).await;
    let failed = detail(&shop, &cookie, &service).await;
    assert_eq!(failed.recent_actions[0].status, ActionStatus::Failed);
    assert!(
        shop.text("SELECT error FROM service_actions WHERE status = $1", "failed")
            .await
            .contains("no such instance")
    );
}

async fn on_simulated(shop: &Shop, sql: &str) {
    app::on_db!(&shop.app.state.db, pool => sqlx::query(sql).execute(pool).await.map(|_| ()).unwrap());
}

async fn nobody_else_sees_or_touches_a_service(engine: Engine) {
    let shop = shop(engine).await;
    let owner = shop.customer("rina@webrana.test").await;
    let other = shop.customer("budi@webrana.test").await;
    let service = shop.active_service(&owner, "k").await;
    let get = [("id", service.as_str())];
    let reboot = [("id", service.as_str()), ("action", "reboot")];
    assert_eq!(
        shop.app
            .post_fn("/api/services/get", Some(&other), &get)
            .await
            .status(),
        404
    );
    assert_eq!(
        shop.app
            .post_fn("/api/services/action", Some(&other), &reboot)
            .await
            .status(),
        404
    );
    assert_eq!(
        shop.app.post_fn("/api/services/get", None, &get).await.status(),
        401
    );
    assert_eq!(
        shop.app
            .post_fn("/api/services/action", None, &reboot)
            .await
            .status(),
        401
    );
    let theirs = my_services(&shop, &other).await;
    assert!(theirs.is_empty());
    assert_eq!(
        shop.scalar(
            "SELECT COUNT(*) FROM service_actions WHERE service_id = $1",
            &service
        )
        .await,
        0
    );
    // The pages: the owner's renders, the other's is a 404 page.
    let page = shop
        .app
        .get_with(&format!("/services/{service}"), &[("cookie", &owner)])
        .await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("data-testid=\"service-detail\""), "{html}");
    assert!(html.contains("ssh root@203.0.113."));
    let dashboard = shop
        .app
        .get_with("/dashboard", &[("cookie", &owner)])
        .await
        .text()
        .await
        .unwrap();
    assert!(dashboard.contains(&format!("/services/{service}")));
    let theirs = shop
        .app
        .get_with(&format!("/services/{service}"), &[("cookie", &other)])
        .await;
    assert_eq!(theirs.status(), 404);
}

async fn the_owner_sees_the_root_password_the_machine_got_once(engine: Engine) {
    let shop = shop(engine).await;
    let owner = shop.customer("rina@webrana.test").await;
    let other = shop.customer("budi@webrana.test").await;
    let service = shop.active_service(&owner, "k").await;
    let reveal_with = |cookie: String, password: &'static str| {
        let (shop, service) = (&shop, service.clone());
        async move {
            let form = [("id", service.as_str()), ("current_password", password)];
            shop.app
                .post_fn("/api/services/root-password", Some(&cookie), &form)
                .await
        }
    };
    let reveal = |cookie: String| reveal_with(cookie, common::shop::PASSWORD);
    let machine_password = || async {
        shop.text(
            "SELECT root_password FROM simulated_instances WHERE id = (SELECT provider_instance_id FROM services WHERE id = $1)",
            &service,
        )
        .await
    };
    let stored = shop
        .text(
            "SELECT root_password_sealed FROM services WHERE id = $1",
            &service,
        )
        .await;
    assert_eq!(reveal(other.clone()).await.status(), 404, "someone else's");
    let wrong = reveal_with(owner.clone(), "bukan-kata-sandinya").await;
    assert_eq!(wrong.status(), 422, "the account password is asked again");
    assert!(wrong.text().await.unwrap().contains("CurrentPasswordWrong"));
    let first: String = reveal(owner.clone()).await.json().await.unwrap();
    assert_eq!(first.len(), 24);
    assert_eq!(
        first,
        machine_password().await,
        "the password the instance was created with"
    );
    assert!(!stored.contains(&first), "stored sealed, not in the clear");
    assert_eq!(reveal(owner.clone()).await.status(), 404, "shown once");
    assert!(!detail(&shop, &owner, &service).await.has_root_password);
    let copies = shop
        .scalar(
            "SELECT (SELECT COUNT(*) FROM services WHERE root_password_sealed IS NOT NULL) \
             + (SELECT COUNT(*) FROM provisioning_tasks WHERE root_password_sealed IS NOT NULL) \
             + (SELECT COUNT(*) FROM service_actions WHERE root_password_sealed IS NOT NULL) \
             WHERE $1 <> ''",
            &service,
        )
        .await;
    assert_eq!(copies, 0, "no sealed copy left anywhere");
    assert_eq!(
        shop.scalar(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'service.root_password_revealed' AND target_id = $1",
            &service
        )
        .await,
        1
    );

    // A rebuild installs a new password, which the owner then sees.
    let image = detail(&shop, &owner, &service).await.images[1].id.clone();
    let form = [
        ("id", service.as_str()),
        ("action", "rebuild"),
        ("image", &image),
        ("confirm", "web-01"),
    ];
    assert_eq!(act(&shop, &owner, &form).await, 200);
    shop.wait(20).await;
    let second: String = reveal(owner.clone()).await.json().await.unwrap();
    assert_ne!(second, first);
    assert_eq!(second, machine_password().await);
    assert_eq!(reveal(owner).await.status(), 404, "shown once as well");
}

/// The usage charts over each range: CPU, network in/out, disk read/write from the
/// simulated cloud, readings inside the range; the simulated cloud has no console.
async fn usage_charts_cover_the_chosen_range(engine: Engine) {
    use app::services::metrics::{ChartKind, MetricsRange, ServiceMetrics};
    let shop = shop(engine).await;
    let cookie = shop.customer("rina@webrana.test").await;
    let service = shop.active_service(&cookie, "k").await;
    for range in MetricsRange::ALL {
        let metrics: ServiceMetrics = shop
            .app
            .post_fn(
                "/api/services/metrics",
                Some(&cookie),
                &[("id", &service), ("range", range.code())],
            )
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(metrics.range, range);
        assert_eq!(metrics.end - metrics.start, range.seconds());
        assert_eq!(metrics.note, None);
        let kinds: Vec<_> = metrics
            .charts
            .iter()
            .map(|chart| (chart.kind, chart.series.len()))
            .collect();
        assert_eq!(
            kinds,
            [(ChartKind::Cpu, 1), (ChartKind::Network, 2), (ChartKind::Disk, 2)]
        );
        for series in metrics.charts.iter().flat_map(|chart| &chart.series) {
            assert!(series.points.len() >= 50, "{range:?}: {}", series.points.len());
            assert!(
                series
                    .points
                    .iter()
                    .all(|(at, value)| *at >= metrics.start - range.seconds() / 60
                        && *at <= metrics.end
                        && *value >= 0.0)
            );
        }
        let cpu = &metrics.charts[0].series[0].points;
        assert!(cpu.iter().all(|(_, percent)| *percent <= 100.0));
    }
    let detail = detail(&shop, &cookie, &service).await;
    assert!(!detail.console_available);
    let console: Option<String> = shop
        .app
        .post_fn("/api/services/console", Some(&cookie), &[("id", &service)])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(console, None);
}

/// Charts come from the provider at most once a minute per service and range, and only
/// those live calls count against the owner's limit; console links are limited per user
/// (issue 20, item 6: one customer's refreshing must not use up the provider's rate limit).
async fn charts_are_cached_and_live_provider_calls_limited_per_user(engine: Engine) {
    use app::services::metrics::ServiceMetrics;
    let shop = shop(engine).await;
    let cookie = shop.customer("rina@webrana.test").await;
    let service = shop.active_service(&cookie, "k").await;
    let user = shop
        .text("SELECT user_id FROM services WHERE id = $1", &service)
        .await;
    let charts = |range: &'static str| {
        let (shop, cookie, service) = (&shop, &cookie, &service);
        async move {
            let form = [("id", service.as_str()), ("range", range)];
            let response = shop
                .app
                .post_fn("/api/services/metrics", Some(cookie), &form)
                .await;
            assert_eq!(response.status(), 200);
            response.json::<ServiceMetrics>().await.unwrap()
        }
    };
    let bucket = format!("metrics:{user}");
    let live_calls = || {
        shop.scalar(
            "SELECT CAST(COALESCE(SUM(hits), 0) AS BIGINT) FROM rate_limit_hits WHERE bucket = $1",
            &bucket,
        )
    };
    let first = charts("1h").await;
    shop.clock.advance(std::time::Duration::from_secs(30));
    let again = charts("1h").await;
    assert_eq!(again.end, first.end, "from the cache");
    assert_eq!(again.charts, first.charts);
    charts("24h").await;
    assert_eq!(live_calls().await, 2, "one per range");
    shop.clock.advance(std::time::Duration::from_secs(31));
    let later = charts("1h").await;
    assert_eq!(later.end, first.end + 61, "a minute on, asked again");
    assert_eq!(live_calls().await, 3);

    let form = [("id", service.as_str())];
    let console = || shop.app.post_fn("/api/services/console", Some(&cookie), &form);
    for _ in 0..app::security::Limit::CONSOLE_PER_USER.max {
        assert_eq!(console().await.status(), 200);
    }
    let refused = console().await;
    assert_eq!(refused.status(), 429);
    let wait: i64 = refused.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&wait), "{wait}");
}

/// The simulated cloud resizes like DigitalOcean: refused while the machine runs, done
/// (a busy spell, then off at the new size) once it is off.
async fn the_simulated_cloud_resizes_a_machine_that_is_off(engine: Engine) {
    use app::provisioning::InstanceAction;
    let shop = shop(engine).await;
    let cookie = shop.customer("rina@webrana.test").await;
    let service = shop.active_service(&cookie, "k").await;
    let instance = shop
        .text(
            "SELECT provider_instance_id FROM services WHERE id = $1",
            &service,
        )
        .await;
    let cloud = shop.app.services.providers.get("simulated").unwrap();
    let resize = InstanceAction::Resize {
        size: "lab-2c-2gb".into(),
    };
    assert!(cloud.act(&instance, &resize).await.is_err(), "not while running");
    act_and_settle(&shop, &cookie, &service, "power_off").await;
    cloud.act(&instance, &resize).await.unwrap();
    assert_eq!(
        cloud.get(&instance).await.unwrap().unwrap().state,
        app::provisioning::InstanceState::Busy
    );
    shop.wait(5).await;
    assert_eq!(
        cloud.get(&instance).await.unwrap().unwrap().state,
        app::provisioning::InstanceState::Off
    );
    assert_eq!(
        shop.text("SELECT size FROM simulated_instances WHERE id = $1", &instance)
            .await,
        "lab-2c-2gb"
    );
}

/// An account that still holds a VPS (or a paid order being provisioned) cannot be deleted:
/// nobody would be left to pay for the machine or to be told about it.
async fn an_account_with_a_server_cannot_be_deleted(engine: Engine) {
    let shop = shop(engine).await;
    let cookie = shop.customer("rina@webrana.test").await;
    let form = [
        ("current_password", common::shop::PASSWORD),
        ("confirm", "rina@webrana.test"),
    ];
    let paid = shop.paid_order(&cookie, "first").await;
    let refused = shop
        .app
        .post_fn("/api/account/delete", Some(&cookie), &form)
        .await;
    assert_eq!(refused.status(), 422, "paid and being provisioned ({paid})");
    let errors: serde_json::Value = refused.json().await.unwrap();
    assert_eq!(errors["Validation"]["confirm"], "HasActiveServices");
    shop.wait(40).await;
    let refused = shop
        .app
        .post_fn("/api/account/delete", Some(&cookie), &form)
        .await;
    assert_eq!(refused.status(), 422, "an active service");
    assert_ne!(
        shop.app.me(Some(&cookie)).await,
        serde_json::Value::Null,
        "still signed in"
    );
}

async fn the_api_lists_a_server_and_reboots_it(engine: Engine) {
    use serde_json::{Value, json};
    let shop = shop(engine).await;
    let cookie = shop.customer("rina@webrana.test").await;
    let service = shop.active_service(&cookie, "k").await;
    let key = shop.app.api_key(&cookie, &[("services", "write")]).await;
    let get = |path: String| {
        let (app, key) = (&shop.app, &key);
        async move { app.api_get(key, &path).await }
    };
    let actions = format!("/api/v1/services/{service}/actions");
    let act = |body: Value| {
        let (app, key, actions) = (&shop.app, &key, &actions);
        async move { app.api_post(key, actions, &body).await }
    };

    let listed: Value = get("/api/v1/services".into()).await.json().await.unwrap();
    assert_eq!(listed["items"][0]["id"], service.as_str());
    assert_eq!(listed["items"][0]["status"], "ACTIVE");
    assert_eq!(listed["items"][0]["power_state"], "running");
    assert!(listed["next_cursor"].is_null());

    let refused = act(json!({"action": "power_on"})).await;
    assert_eq!(refused.status(), 422);
    let refused = act(json!({"action": "rebuild", "image_id": "nope"})).await;
    assert_eq!(refused.status(), 422);
    let queued = act(json!({"action": "reboot"})).await;
    assert_eq!(queued.status(), 202);
    assert_eq!(
        queued.headers()["location"],
        format!("/api/v1/services/{service}").as_str()
    );
    let queued: Value = queued.json().await.unwrap();
    assert_eq!(queued["actions"][0]["action"], "reboot");
    assert_eq!(queued["actions"][0]["status"], "queued");
    // One action at a time.
    assert_eq!(act(json!({"action": "power_off"})).await.status(), 422);
    shop.app.run_jobs().await;
    shop.wait(17).await;
    let done: Value = get(format!("/api/v1/services/{service}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(done["actions"][0]["status"], "done");
    assert_eq!(done["power_state"], "running");

    // The charts' readings, by range; a range we do not know is refused by name.
    let week: Value = get(format!("/api/v1/services/{service}/metrics?range=7d"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(week["range"], "7d");
    assert!(week["note"].is_null());
    let kinds: Vec<&str> = week["charts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|chart| chart["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["cpu", "network", "disk"]);
    assert_eq!(week["charts"][1]["series"][0]["kind"], "in");
    let point = &week["charts"][0]["series"][0]["points"][0];
    assert!(point["at"].is_i64() && point["value"].is_f64(), "{point}");
    let day: Value = get(format!("/api/v1/services/{service}/metrics"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(day["range"], "24h", "the default");
    let unknown = get(format!("/api/v1/services/{service}/metrics?range=1y")).await;
    assert_eq!(unknown.status(), 422);
    let problem: Value = unknown.json().await.unwrap();
    assert_eq!(problem["errors"]["range"], "unknown", "{problem}");
    // The simulated cloud has no console: said plainly, not a broken link.
    let console_path = format!("/api/v1/services/{service}/console");
    let console = shop.app.api_post(&key, &console_path, &Value::Null).await;
    assert_eq!(console.status(), 422);

    let other = shop.customer("sari@webrana.test").await;
    let other_key = shop.app.api_key(&other, &[("services", "write")]).await;
    let theirs = shop
        .app
        .api_get(&other_key, &format!("/api/v1/services/{service}"))
        .await;
    assert_eq!(theirs.status(), 404);
}

/// A console link on the API is the provider's own: Vultr's `kvm` address of the instance,
/// read from the mock served from Vultr's OpenAPI description.
async fn the_api_gives_the_providers_console_link(engine: Engine) {
    use common::shop::{Choice, record_service, shop_with};
    let Some(vultr) = common::prism::mock("vultr") else {
        return;
    };
    let env = vec![
        ("WEBRANA_VULTR_TOKEN", "test-token".to_string()),
        ("WEBRANA_VULTR_API_URL", vultr),
    ];
    let mut shop = shop_with(engine, env).await;
    shop.choose("vhf-1c-1gb", "sgp", "2284").await;
    let cookie = shop.customer("rina@webrana.test").await;
    let order = shop.order_id(&cookie, "k").await;
    let user = shop
        .text("SELECT user_id FROM orders WHERE id = $1", &order)
        .await;
    let choice = Choice {
        provider: "vultr".into(),
        plan: shop.plan.clone(),
        region: shop.region.clone(),
        image: shop.image.clone(),
    };
    let service = record_service(&shop.app, &user, &order, &choice).await;
    let key = shop.app.api_key(&cookie, &[("services", "write")]).await;
    let path = format!("/api/v1/services/{service}/console");
    let console = shop.app.api_post(&key, &path, &serde_json::Value::Null).await;
    assert_eq!(console.status(), 200);
    let console: serde_json::Value = console.json().await.unwrap();
    let url = console["url"].as_str().unwrap();
    assert!(url.starts_with("https://") && url.contains("novnc"), "{url}");
}

/// A customer with more servers than a page holds pages through them, newest first, and the
/// dashboard links the next page and the one before.
async fn the_dashboard_pages_through_many_servers(engine: Engine) {
    use app::services::{SERVICES_PER_PAGE, ServiceList};
    use common::shop::{Choice, record_service, shop_with, unlimited_purchases};
    let shop = shop_with(engine, unlimited_purchases()).await;
    let cookie = shop.customer("rina@webrana.test").await;
    let choice = Choice::first(&shop.app).await;
    let total = SERVICES_PER_PAGE as usize + 1;
    let mut services = Vec::new();
    for n in 0..total {
        let order = shop.order_id(&cookie, &format!("k{n}")).await;
        let user = shop
            .text("SELECT user_id FROM orders WHERE id = $1", &order)
            .await;
        services.push(record_service(&shop.app, &user, &order, &choice).await);
        shop.clock.advance(std::time::Duration::from_secs(1));
    }
    let page = |n: &'static str| {
        let cookie = cookie.clone();
        let shop = &shop;
        async move {
            let response = shop
                .app
                .post_fn("/api/services/mine", Some(&cookie), &[("page", n)])
                .await;
            response.json::<ServiceList>().await.unwrap()
        }
    };
    let (first, second) = (page("1").await, page("2").await);
    let newest_first: Vec<String> = services.iter().rev().cloned().collect();
    let listed: Vec<String> = first
        .services
        .iter()
        .chain(&second.services)
        .map(|line| line.id.clone())
        .collect();
    assert_eq!(listed, newest_first);
    assert_eq!(first.services.len(), SERVICES_PER_PAGE as usize);
    assert!(first.has_more && !second.has_more);
    assert_eq!(second.page, 2);

    let html = |path: &'static str| {
        let cookie = cookie.clone();
        let shop = &shop;
        async move {
            let headers = [("accept", "text/html"), ("cookie", cookie.as_str())];
            shop.app.get_with(path, &headers).await.text().await.unwrap()
        }
    };
    let first_page = html("/dashboard").await;
    assert_eq!(
        first_page.matches("data-testid=\"service-row\"").count(),
        SERVICES_PER_PAGE as usize
    );
    assert!(first_page.contains("href=\"/dashboard?page=2\" rel=\"next\""));
    assert!(!first_page.contains("rel=\"prev\""));
    let second_page = html("/dashboard?page=2").await;
    assert_eq!(second_page.matches("data-testid=\"service-row\"").count(), 1);
    assert!(second_page.contains("href=\"/dashboard?page=1\" rel=\"prev\""));
    assert!(!second_page.contains("rel=\"next\""));
}

on_both_engines!(
    the_dashboard_pages_through_many_servers,
    the_api_gives_the_providers_console_link,
    charts_are_cached_and_live_provider_calls_limited_per_user,
    an_account_with_a_server_cannot_be_deleted,
    the_simulated_cloud_resizes_a_machine_that_is_off,
    usage_charts_cover_the_chosen_range,
    the_owner_sees_the_root_password_the_machine_got_once,
    power_actions_follow_the_machine,
    rebuild_and_delete_need_the_host_name,
    a_timed_out_action_is_retried_and_a_refused_one_fails,
    nobody_else_sees_or_touches_a_service,
    the_api_lists_a_server_and_reboots_it,
);
