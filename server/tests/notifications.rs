//! Notifications end to end on both engines: the inbox filled by ordering, paying and
//! provisioning; the REST endpoints and their ownership checks; preferences per channel;
//! e-mail with unsubscribe links; Telegram against a mock Bot API (delivery, retries,
//! permanent failures, linking); the WebSocket push with catch-up after a reconnect; and
//! (PostgreSQL) push across two app instances.

mod common;

use app::db::Engine;
use app::notifications::service::notify;
use app::notifications::templates::Notice;
use common::shop::{PASSWORD, Shop, shop, shop_with};
use common::{TestApp, TestAppOptions, TestDatabase, decode_quoted_printable, spawn_app_on};
use futures::{SinkExt, StreamExt};
use serde_json::{Value, json};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

const PUSH_TIMEOUT: Duration = Duration::from_secs(1);

async fn user_id(app: &TestApp, email: &str) -> String {
    let email = app::accounts::Email::parse(email).unwrap();
    app::accounts::store::find_by_email(&app.state.db, &email)
        .await
        .unwrap()
        .unwrap()
        .id
        .into()
}

fn announcement(n: u32) -> Notice {
    Notice::Announcement {
        announcement_id: format!("a-{n}"),
        title: app::notifications::templates::Bilingual::new(
            format!("Pengumuman {n}"),
            format!("Announcement {n}"),
        ),
        message: app::notifications::templates::Bilingual::new(
            "Pemeliharaan jaringan malam ini.",
            "Network maintenance tonight.",
        ),
        link: None,
    }
}

async fn api(app: &TestApp, method: reqwest::Method, path: &str, cookie: Option<&str>) -> reqwest::Response {
    let mut request = app.client.request(method, app.url(path));
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    tokio::time::timeout(common::REQUEST_TIMEOUT, request.send())
        .await
        .expect("answered in time")
        .expect("request sent")
}

/// Notifies `user` as domain code does; the new notification's id.
async fn tell(app: &TestApp, user: &str, notice: &Notice) -> Option<String> {
    notify(&app.state.db, app.state.clock.as_ref(), &user.into(), notice)
        .await
        .unwrap()
}

/// Posts to a server function as the page would; the status.
async fn call(app: &TestApp, cookie: &str, path: &str, form: &[(&str, &str)]) -> u16 {
    app.post_fn(path, Some(cookie), form).await.status().as_u16()
}

async fn list(app: &TestApp, cookie: &str, query: &str) -> Value {
    let response = api(
        app,
        reqwest::Method::GET,
        &format!("/api/v1/notifications{query}"),
        Some(cookie),
    )
    .await;
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

fn types(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["type"].as_str().unwrap().to_string())
        .collect()
}

async fn deliveries(shop: &Shop, user: &str, channel: &str, status: &str) -> i64 {
    let db = &shop.app.state.db;
    app::on_db!(db, pool => sqlx::query_scalar(
        "SELECT COUNT(*) FROM notification_deliveries WHERE user_id = $1 AND channel = $2 AND status = $3",
    )
    .bind(user)
    .bind(channel)
    .bind(status)
    .fetch_one(pool)
    .await)
    .unwrap()
}

async fn ordering_paying_and_provisioning_fill_the_inbox(engine: Engine) {
    let shop = shop(engine).await;
    let cookie = shop.customer("sari@example.co.id").await;
    let user = user_id(&shop.app, "sari@example.co.id").await;
    shop.active_service(&cookie, "n-1").await;
    shop.app.run_jobs().await;

    let page = list(&shop.app, &cookie, "").await;
    assert_eq!(types(&page), ["VPS_ACTIVE", "PAYMENT_CONFIRMED", "ORDER_CREATED"]);
    assert_eq!(page["unread"], 3);
    let active = &page["items"][0];
    assert!(
        active["title"].as_str().unwrap().ends_with("aktif"),
        "rendered in Indonesian: {active}"
    );
    assert!(active["action_url"].as_str().unwrap().starts_with("/services/"));

    // E-mail by default for payments and servers, not for order receipts.
    let mails: Vec<String> = shop
        .app
        .sent_mail()
        .iter()
        .map(|m| decode_quoted_printable(m))
        .collect();
    let about = |needle: &str| mails.iter().filter(|mail| mail.contains(needle)).count();
    assert_eq!(about("Subject: Pembayaran diterima"), 1, "{mails:?}");
    assert_eq!(about("aktif"), 1);
    assert_eq!(about("dibuat"), 0, "order receipts are opt-in by e-mail");
    let mail = mails
        .iter()
        .find(|mail| mail.contains("Pembayaran diterima"))
        .unwrap();
    assert!(mail.contains("List-Unsubscribe: <http"), "{mail}");
    assert!(mail.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"));
    assert!(mail.contains("/unsubscribe?token="));
    assert_eq!(deliveries(&shop, &user, "email", "sent").await, 2);

    // A webhook delivered twice notifies once.
    let order = shop.order_id(&cookie, "n-1").await;
    let invoice = shop.invoice_of(&order).await;
    let secret = shop.app.simulated_gateway_secret();
    shop.post_webhook(&shop.paid_event(&invoice, "trx-n-1").await, &secret)
        .await;
    shop.app.run_jobs().await;
    assert_eq!(
        list(&shop.app, &cookie, "").await["items"]
            .as_array()
            .unwrap()
            .len(),
        3
    );
}

async fn endpoints_work_on_the_callers_own_notifications_only(engine: Engine) {
    let shop = shop(engine).await;
    let app = &shop.app;
    let ana = shop.customer("ana@example.co.id").await;
    let budi = shop.customer("budi@example.co.id").await;
    let ana_id = user_id(app, "ana@example.co.id").await;
    for n in 0..25 {
        tell(app, &ana_id, &announcement(n)).await;
    }
    let security = Notice::SecurityAlert {
        alert: app::notifications::templates::SecurityEvent::PasswordChanged,
    };
    tell(app, &ana_id, &security).await;
    // The same announcement twice is one notification.
    tell(app, &ana_id, &announcement(3)).await;

    // Cursor pagination: every notification once, newest first.
    let mut seen = Vec::new();
    let mut cursor = String::new();
    loop {
        let page = list(app, &ana, &format!("?limit=10&cursor={cursor}")).await;
        seen.extend(
            page["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|i| i["id"].as_str().unwrap().to_string()),
        );
        match page["next_cursor"].as_str() {
            Some(next) => cursor = next.to_string(),
            None => break,
        }
    }
    assert_eq!(seen.len(), 26);
    let mut sorted = seen.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    sorted.dedup();
    assert_eq!(sorted, seen, "newest first, no repeats");

    let alerts = list(app, &ana, "?type=SECURITY_ALERT").await;
    assert_eq!(types(&alerts), ["SECURITY_ALERT"]);
    assert_eq!(
        api(
            app,
            reqwest::Method::GET,
            "/api/v1/notifications?type=NOPE",
            Some(&ana)
        )
        .await
        .status(),
        422
    );

    // Budi sees none of Ana's and cannot touch them.
    assert!(list(app, &budi, "").await["items"].as_array().unwrap().is_empty());
    let target = &seen[0];
    for (method, path) in [
        (
            reqwest::Method::POST,
            format!("/api/v1/notifications/{target}/read"),
        ),
        (reqwest::Method::DELETE, format!("/api/v1/notifications/{target}")),
    ] {
        assert_eq!(
            api(app, method.clone(), &path, Some(&budi)).await.status(),
            404,
            "{path}"
        );
        assert_eq!(api(app, method, &path, None).await.status(), 401, "{path}");
    }
    assert_eq!(
        api(app, reqwest::Method::GET, "/api/v1/notifications", None)
            .await
            .status(),
        401
    );

    let count = |cookie: String| async move {
        let response = api(
            app,
            reqwest::Method::GET,
            "/api/v1/notifications/unread-count",
            Some(&cookie),
        )
        .await;
        response.json::<Value>().await.unwrap()["count"].as_i64().unwrap()
    };
    assert_eq!(count(ana.clone()).await, 26);
    let read = api(
        app,
        reqwest::Method::POST,
        &format!("/api/v1/notifications/{target}/read"),
        Some(&ana),
    )
    .await;
    assert_eq!(read.status(), 204);
    assert_eq!(count(ana.clone()).await, 25);
    assert_eq!(
        list(app, &ana, "?unread=true&limit=100").await["items"]
            .as_array()
            .unwrap()
            .len(),
        25
    );
    let deleted = api(
        app,
        reqwest::Method::DELETE,
        &format!("/api/v1/notifications/{}", seen[1]),
        Some(&ana),
    )
    .await;
    assert_eq!(deleted.status(), 204);
    assert_eq!(count(ana.clone()).await, 24);
    let all = api(
        app,
        reqwest::Method::POST,
        "/api/v1/notifications/read-all",
        Some(&ana),
    )
    .await;
    assert_eq!(all.json::<Value>().await.unwrap()["updated"], 24);
    assert_eq!(count(ana.clone()).await, 0);
    assert_eq!(
        list(app, &ana, "?limit=100").await["items"]
            .as_array()
            .unwrap()
            .len(),
        25
    );
}

async fn preferences_decide_each_channel(engine: Engine) {
    let shop = shop(engine).await;
    let app = &shop.app;
    let cookie = shop.customer("citra@example.co.id").await;
    let user = user_id(app, "citra@example.co.id").await;
    let set = |kind: &'static str, channel: &'static str, enabled: &'static str| {
        let cookie = cookie.clone();
        async move {
            app.post_fn(
                "/api/notifications/preference",
                Some(&cookie),
                &[("kind", kind), ("channel", channel), ("enabled", enabled)],
            )
            .await
            .status()
        }
    };
    assert_eq!(set("SYSTEM_ANNOUNCEMENT", "email", "true").await, 200);
    assert_eq!(set("SYSTEM_ANNOUNCEMENT", "in_app", "false").await, 200);
    assert_eq!(
        set("SECURITY_ALERT", "in_app", "false").await,
        403,
        "security alerts stay in the inbox"
    );
    tell(app, &user, &announcement(1)).await;
    app.run_jobs().await;
    let page = list(app, &cookie, "").await;
    assert_eq!(
        page["items"][0]["is_read"], true,
        "muted in the app: kept, not badged"
    );
    assert_eq!(page["unread"], 0);
    assert_eq!(
        deliveries(&shop, &user, "email", "sent").await,
        1,
        "opted in by e-mail"
    );

    // The e-mail's unsubscribe link works without signing in.
    // Raw: `token_in_mail` undoes the transfer encoding itself.
    let mail = app
        .sent_mail()
        .into_iter()
        .find(|m| m.contains("Subject: Pengumuman 1"))
        .unwrap();
    let token = common::token_in_mail(&mail, "/unsubscribe");
    let done = app
        .post_fn("/api/notifications/unsubscribe", None, &[("token", &token)])
        .await;
    assert_eq!(done.status(), 200);
    assert_eq!(done.json::<String>().await.unwrap(), "SYSTEM_ANNOUNCEMENT");
    let forged = app
        .post_fn("/api/notifications/unsubscribe", None, &[("token", "forged")])
        .await;
    assert_eq!(forged.status(), 404);
    tell(app, &user, &announcement(2)).await;
    app.run_jobs().await;
    assert_eq!(
        deliveries(&shop, &user, "email", "sent").await,
        1,
        "unsubscribed: no second e-mail"
    );
    // One-click (RFC 8058) works the same.
    let one_click = app
        .client
        .post(app.url(&format!("/api/v1/unsubscribe?token={token}")))
        .form(&[("List-Unsubscribe", "One-Click")])
        .send()
        .await
        .unwrap();
    assert_eq!(one_click.status(), 200);

    // Quiet hours hold outside messages (not security alerts) until they end.
    // From an hour ago to two hours ahead (WIB), whatever time the test runs.
    let wib_hour = (app.state.clock.now() + chrono::Duration::hours(7))
        .format("%H")
        .to_string();
    let hour: u32 = wib_hour.parse().unwrap();
    let (start, end) = (
        format!("{:02}:00", (hour + 23) % 24),
        format!("{:02}:00", (hour + 2) % 24),
    );
    assert_eq!(
        call(
            app,
            &cookie,
            "/api/notifications/quiet-hours",
            &[("quiet_start", &start), ("quiet_end", &end)]
        )
        .await,
        200
    );
    assert_eq!(
        call(
            app,
            &cookie,
            "/api/notifications/quiet-hours",
            &[("quiet_start", "25:00"), ("quiet_end", "")]
        )
        .await,
        422
    );
    let paid = Notice::PaymentConfirmed {
        invoice_id: "inv-q".into(),
        invoice_number: "INV/Q".into(),
        amount: app::money::Rupiah(1000),
        path: "/invoices".into(),
    };
    tell(app, &user, &paid).await;
    let security = Notice::SecurityAlert {
        alert: app::notifications::templates::SecurityEvent::TwoFactorDisabled,
    };
    tell(app, &user, &security).await;
    app.run_jobs().await;
    assert_eq!(
        deliveries(&shop, &user, "email", "sent").await,
        2,
        "the alert went, the receipt waits"
    );
    assert_eq!(deliveries(&shop, &user, "email", "pending").await, 1);
}

/// A Bot API stand-in: records `sendMessage` calls and fails as told.
#[derive(Clone, Default)]
struct BotApi {
    sent: Arc<Mutex<Vec<Value>>>,
    /// Answers to give before succeeding, e.g. `[502, 429]`.
    failures: Arc<Mutex<Vec<u16>>>,
}

impl BotApi {
    async fn start(&self) -> String {
        use axum::routing::post;
        let state = self.clone();
        let router = axum::Router::new().route(
            "/{bot}/sendMessage",
            post(move |axum::extract::Path(bot): axum::extract::Path<String>, axum::Json(body): axum::Json<Value>| {
                let state = state.clone();
                async move {
                    assert_eq!(bot, "botTEST-TOKEN", "the token is in the path");
                    assert!(body["chat_id"].is_string() && body["text"].is_string(), "{body}");
                    let failure = {
                        let mut failures = state.failures.lock().unwrap();
                        (!failures.is_empty()).then(|| failures.remove(0))
                    };
                    let (status, reply) = match failure {
                        Some(429) => (429, json!({"ok": false, "error_code": 429, "description": "Too Many Requests: retry after 1", "parameters": {"retry_after": 1}})),
                        Some(403) => (403, json!({"ok": false, "error_code": 403, "description": "Forbidden: bot was blocked by the user"})),
                        Some(code) => (code, json!({"ok": false, "error_code": code, "description": "Bad Gateway"})),
                        None => {
                            state.sent.lock().unwrap().push(body.clone());
                            (200, json!({"ok": true, "result": {"message_id": 1, "chat": {"id": 1}, "date": 0}}))
                        }
                    };
                    (axum::http::StatusCode::from_u16(status).unwrap(), axum::Json(reply))
                }
            }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, router).await });
        address
    }

    fn texts(&self) -> Vec<String> {
        self.sent
            .lock()
            .unwrap()
            .iter()
            .map(|m| m["text"].as_str().unwrap().to_string())
            .collect()
    }
}

const WEBHOOK_SECRET: &str = "webhook-secret-0123456789";

async fn telegram_links_delivers_and_retries(engine: Engine) {
    let bot = BotApi::default();
    let api_url = bot.start().await;
    let shop = shop_with(
        engine,
        vec![
            ("WEBRANA_TELEGRAM_BOT_TOKEN", "TEST-TOKEN".into()),
            ("WEBRANA_TELEGRAM_BOT_USERNAME", "webrana_bot".into()),
            ("WEBRANA_TELEGRAM_WEBHOOK_SECRET", WEBHOOK_SECRET.into()),
            ("WEBRANA_TELEGRAM_API_URL", api_url),
        ],
    )
    .await;
    let app = &shop.app;
    let cookie = shop.customer("dodi@example.co.id").await;
    let user = user_id(app, "dodi@example.co.id").await;

    // Linking by sending the code to the bot.
    let code: String = app
        .post_fn("/api/notifications/telegram-code", Some(&cookie), &[])
        .await
        .json()
        .await
        .unwrap();
    let update = |text: String, secret: &'static str| {
        app.client
            .post(app.url("/api/v1/telegram/webhook"))
            .header("x-telegram-bot-api-secret-token", secret)
            .json(&json!({"update_id": 1, "message": {"message_id": 5, "date": 0, "chat": {"id": 777001, "type": "private"}, "text": text}}))
            .send()
    };
    assert_eq!(
        update(format!("/start {code}"), "wrong-secret-wrong")
            .await
            .unwrap()
            .status(),
        401
    );
    assert_eq!(
        update(format!("/start {code}"), WEBHOOK_SECRET)
            .await
            .unwrap()
            .status(),
        200
    );
    let settings: Value = app
        .post_fn("/api/notifications/settings", Some(&cookie), &[])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(settings["telegram"]["Linked"]["chat_id"], "777001", "{settings}");
    assert_eq!(bot.texts().len(), 1, "the chat is told it is linked");
    // A used code links nothing again.
    assert_eq!(
        update(format!("/start {code}"), WEBHOOK_SECRET)
            .await
            .unwrap()
            .status(),
        200
    );

    // Delivery, with passing failures retried.
    bot.failures.lock().unwrap().extend([502, 429]);
    tell(
        app,
        &user,
        &Notice::VpsActive {
            service_id: "s-1".into(),
            hostname: "web-1".into(),
            ipv4: Some("203.0.113.9".into()),
        },
    )
    .await;
    for _ in 0..6 {
        shop.wait(30).await;
    }
    let texts = bot.texts();
    assert_eq!(texts.len(), 2, "{texts:?}");
    assert!(
        texts[1].contains("web-1") && texts[1].contains("203.0.113.9"),
        "{}",
        texts[1]
    );
    let attempts: i32 = app::on_db!(&app.state.db, pool => sqlx::query_scalar(
        "SELECT attempts FROM notification_deliveries WHERE user_id = $1 AND channel = 'telegram'",
    )
    .bind(&user)
    .fetch_one(pool)
    .await)
    .unwrap();
    assert_eq!(attempts, 3);

    // A blocked bot is a permanent failure, kept in the delivery log for admins.
    bot.failures.lock().unwrap().push(403);
    tell(app, &user, &announcement(9)).await;
    assert_eq!(
        call(
            app,
            &cookie,
            "/api/notifications/preference",
            &[
                ("kind", "VPS_SUSPENDED"),
                ("channel", "telegram"),
                ("enabled", "true"),
            ]
        )
        .await,
        200
    );
    tell(
        app,
        &user,
        &Notice::VpsSuspended {
            service_id: "s-1".into(),
            hostname: "web-1".into(),
            by_staff: Some("abuse report".into()),
            terminate_on: None,
        },
    )
    .await;
    app.run_jobs().await;
    assert_eq!(deliveries(&shop, &user, "telegram", "failed").await, 1);
    let log = app::notifications::store::delivery_log(&app.state.db, true, 10)
        .await
        .unwrap();
    assert_eq!(log.len(), 1);
    assert!(
        log[0].last_error.as_deref().unwrap().contains("blocked"),
        "{:?}",
        log[0]
    );

    // Linking by chat id: a test message brings a code, typed back it links.
    assert_eq!(
        call(app, &cookie, "/api/notifications/telegram-unlink", &[]).await,
        200
    );
    assert_eq!(
        call(
            app,
            &cookie,
            "/api/notifications/telegram-test",
            &[("chat_id", "abc")]
        )
        .await,
        422
    );
    assert_eq!(
        call(
            app,
            &cookie,
            "/api/notifications/telegram-test",
            &[("chat_id", "424242")]
        )
        .await,
        200
    );
    let message = bot.sent.lock().unwrap().last().unwrap().clone();
    assert_eq!(message["chat_id"], "424242");
    let code = message["text"]
        .as_str()
        .unwrap()
        .rsplit(' ')
        .next()
        .unwrap()
        .to_string();
    assert_eq!(
        call(
            app,
            &cookie,
            "/api/notifications/telegram-confirm",
            &[("code", "AAAAAAAA")]
        )
        .await,
        422
    );
    assert_eq!(
        call(
            app,
            &cookie,
            "/api/notifications/telegram-confirm",
            &[("code", &code)]
        )
        .await,
        200
    );
    let settings: Value = app
        .post_fn("/api/notifications/settings", Some(&cookie), &[])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(settings["telegram"]["Linked"]["chat_id"], "424242");
}

type Socket = tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

async fn connect(app: &TestApp, cookie: &str, after: Option<&str>) -> Socket {
    let mut url = app.url(app::notifications::SOCKET_PATH).replacen("http", "ws", 1);
    if let Some(after) = after {
        url.push_str(&format!("?after={after}"));
    }
    let mut request = url.into_client_request().unwrap();
    request.headers_mut().insert("cookie", cookie.parse().unwrap());
    let (socket, _) = tokio_tungstenite::connect_async(request)
        .await
        .expect("socket opens");
    socket
}

/// A new API key of the signed-in user, in full.
async fn create_key(app: &TestApp, cookie: &str, name: &str) -> String {
    app.post_fn(
        "/api/account/api-keys/create",
        Some(cookie),
        &[("name", name), ("notifications", "write")],
    )
    .await
    .json()
    .await
    .unwrap()
}

/// A socket opened with an API key instead of a session.
async fn connect_with_key(app: &TestApp, key: &str) -> Socket {
    let mut request = app
        .url(app::notifications::SOCKET_PATH)
        .replacen("http", "ws", 1)
        .into_client_request()
        .unwrap();
    request
        .headers_mut()
        .insert("authorization", format!("Bearer {key}").parse().unwrap());
    let (socket, _) = tokio_tungstenite::connect_async(request)
        .await
        .expect("the key opens the socket");
    socket
}

/// The next JSON message that is not a ping.
async fn next_event(socket: &mut Socket) -> Value {
    loop {
        let message = tokio::time::timeout(PUSH_TIMEOUT, socket.next())
            .await
            .expect("a message within a second")
            .expect("socket open")
            .expect("socket healthy");
        if let Message::Text(text) = message {
            let value: Value = serde_json::from_str(&text).unwrap();
            if value["event"] != "ping" {
                return value;
            }
        }
    }
}

async fn the_socket_pushes_and_catches_up_after_a_reconnect(engine: Engine) {
    let shop = shop(engine).await;
    let app = &shop.app;
    let cookie = shop.customer("eka@example.co.id").await;
    let other = shop.customer("fajar@example.co.id").await;
    let user = user_id(app, "eka@example.co.id").await;

    let mut socket = connect(app, &cookie, None).await;
    assert_eq!(
        next_event(&mut socket).await,
        json!({"event": "unread_count", "count": 0})
    );
    let mut bystander = connect(app, &other, None).await;
    next_event(&mut bystander).await;

    let first = tell(app, &user, &announcement(1)).await.unwrap();
    let pushed = next_event(&mut socket).await;
    assert_eq!(pushed["event"], "notification:new");
    assert_eq!(pushed["notification"]["id"], first);
    assert_eq!(pushed["notification"]["title"], "Pengumuman 1");
    assert_eq!(
        next_event(&mut socket).await,
        json!({"event": "unread_count", "count": 1})
    );

    // Read elsewhere (REST, another tab): this socket hears it.
    api(
        app,
        reqwest::Method::POST,
        &format!("/api/v1/notifications/{first}/read"),
        Some(&cookie),
    )
    .await;
    assert_eq!(
        next_event(&mut socket).await,
        json!({"event": "notification:read", "ids": [first], "all": false})
    );
    assert_eq!(
        next_event(&mut socket).await,
        json!({"event": "unread_count", "count": 0})
    );
    // Nobody else's socket heard a thing.
    assert!(
        tokio::time::timeout(Duration::from_millis(300), bystander.next())
            .await
            .is_err()
    );

    // Offline: two notifications; reconnecting with the newest held sends what was missed.
    socket.close(None).await.unwrap();
    drop(socket);
    let missed: Vec<String> = {
        let mut ids = Vec::new();
        for n in 2..4 {
            ids.push(tell(app, &user, &announcement(n)).await.unwrap());
        }
        ids
    };
    let mut socket = connect(app, &cookie, Some(&first)).await;
    let mut received = Vec::new();
    loop {
        let event = next_event(&mut socket).await;
        if event["event"] == "unread_count" {
            assert_eq!(event["count"], 2);
            break;
        }
        received.push(event["notification"]["id"].as_str().unwrap().to_string());
    }
    received.retain(|id| *id != first); // the client already holds it (resent: recent)
    assert_eq!(received, missed, "each missed notification once, oldest first");

    // Not signed in: refused. Another site's page: refused.
    let anonymous = app.url(app::notifications::SOCKET_PATH).replacen("http", "ws", 1);
    assert!(tokio_tungstenite::connect_async(anonymous.clone()).await.is_err());
    let mut cross = anonymous.into_client_request().unwrap();
    cross.headers_mut().insert("cookie", cookie.parse().unwrap());
    cross
        .headers_mut()
        .insert("origin", "https://evil.example".parse().unwrap());
    assert!(tokio_tungstenite::connect_async(cross).await.is_err());
    // A bounded number of sockets per user.
    let mut more = Vec::new();
    for _ in 1..app::notifications::push::MAX_SOCKETS_PER_USER {
        more.push(connect(app, &cookie, None).await);
    }
    let mut extra = app
        .url(app::notifications::SOCKET_PATH)
        .replacen("http", "ws", 1)
        .into_client_request()
        .unwrap();
    extra.headers_mut().insert("cookie", cookie.parse().unwrap());
    assert!(
        tokio_tungstenite::connect_async(extra).await.is_err(),
        "over the per-user limit"
    );
    socket.send(Message::Close(None)).await.ok();
}

async fn old_notifications_are_pruned(engine: Engine) {
    let shop = shop(engine).await;
    let app = &shop.app;
    shop.customer("gita@example.co.id").await;
    let user = user_id(app, "gita@example.co.id").await;
    tell(app, &user, &announcement(1)).await;
    shop.clock.advance(Duration::from_secs(200 * 24 * 3600));
    tell(app, &user, &announcement(2)).await;
    let cookie = app.sign_in("gita@example.co.id", PASSWORD).await;
    let cutoff = app.state.clock.now() - app.config.notification_retention;
    let pruned = app::notifications::store::prune_before(&app.state.db, cutoff)
        .await
        .unwrap();
    assert_eq!(pruned, 1);
    let page = list(app, &cookie, "").await;
    assert_eq!(page["items"][0]["title"], "Pengumuman 2");
    assert_eq!(page["items"].as_array().unwrap().len(), 1);
}

/// Waits for the socket to be closed by the server; returns the close code.
async fn close_code(socket: &mut Socket) -> u16 {
    loop {
        let message = tokio::time::timeout(Duration::from_secs(5), socket.next())
            .await
            .expect("closed within 5 s");
        match message {
            Some(Ok(Message::Close(Some(frame)))) => return u16::from(frame.code),
            Some(Ok(_)) => continue,
            other => panic!("expected a close frame, got {other:?}"),
        }
    }
}

async fn signing_out_everywhere_else_revokes_keys_telegram_and_closes_their_sockets(engine: Engine) {
    let shop = shop(engine).await;
    let app = &shop.app;
    let laptop = shop.customer("lia@example.co.id").await;
    let phone = app.sign_in("lia@example.co.id", PASSWORD).await;
    let key = create_key(app, &laptop, "cadangan").await;
    let mut on_laptop = connect(app, &laptop, None).await;
    let mut on_phone = connect(app, &phone, None).await;
    let mut with_key = connect_with_key(app, &key).await;
    for socket in [&mut on_laptop, &mut on_phone, &mut with_key] {
        assert_eq!(next_event(socket).await["event"], "unread_count");
    }

    // A Telegram chat linked (by whoever had the account) is unlinked with the rest.
    let user = user_id(app, "lia@example.co.id").await;
    let user_key = app::ids::UserId::from(user.clone());
    app::on_db!(&app.state.db, pool => sqlx::query(
        "INSERT INTO notification_settings (user_id, telegram_chat_id, telegram_linked_at, updated_at) \
         VALUES ($1, $2, $3, $3) ON CONFLICT (user_id) DO UPDATE SET telegram_chat_id = $2",
    )
    .bind(&user)
    .bind("424242")
    .bind(chrono::Utc::now())
    .execute(pool)
    .await
    .map(|_| ())
    .unwrap());
    let linked = || app::notifications::linking::linked_chat(&app.state.db, &user_key);
    assert_eq!(linked().await.unwrap().as_deref(), Some("424242"));
    assert_eq!(
        call(app, &laptop, "/api/account/sessions/revoke-others", &[]).await,
        200
    );
    app.run_jobs().await;
    assert_eq!(linked().await.unwrap(), None, "Telegram unlinked");
    let close = app::notifications::push::CLOSE_SIGNED_OUT;
    assert_eq!(
        close_code(&mut on_phone).await,
        close,
        "the other session's socket closes"
    );
    assert_eq!(close_code(&mut with_key).await, close, "the key's socket closes");
    let refused = app
        .client
        .get(app.url("/api/v1/notifications"))
        .header("authorization", format!("Bearer {key}"))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 401, "the key is revoked");

    // This session and its socket carry on.
    let id = tell(app, &user, &announcement(7)).await.unwrap();
    assert_eq!(
        next_event(&mut on_laptop).await["notification"]["id"],
        id.as_str()
    );
}

on_both_engines!(
    signing_out_everywhere_else_revokes_keys_telegram_and_closes_their_sockets,
    ordering_paying_and_provisioning_fill_the_inbox,
    endpoints_work_on_the_callers_own_notifications_only,
    preferences_decide_each_channel,
    telegram_links_delivers_and_retries,
    the_socket_pushes_and_catches_up_after_a_reconnect,
    old_notifications_are_pruned,
);

/// Two instances on one PostgreSQL database: a notification written by one reaches a
/// socket open on the other (LISTEN/NOTIFY).
async fn push_crosses_instances() {
    let database = Arc::new(TestDatabase::create(Engine::Postgres).await);
    let a = spawn_app_on(database.clone(), TestAppOptions::default()).await;
    let b = spawn_app_on(database.clone(), TestAppOptions::default()).await;
    common::create_account(
        &a,
        "hana@example.co.id",
        "Hana",
        PASSWORD,
        app::accounts::Role::Customer,
    )
    .await;
    let cookie = b.sign_in("hana@example.co.id", PASSWORD).await;
    let user = user_id(&a, "hana@example.co.id").await;
    let mut socket = connect(&b, &cookie, None).await;
    next_event(&mut socket).await;
    let id = tell(&a, &user, &announcement(1)).await.unwrap();
    let pushed = next_event(&mut socket).await;
    assert_eq!(pushed["notification"]["id"], id);
    assert_eq!(next_event(&mut socket).await["event"], "unread_count");
    // Read on A: B's socket hears it.
    let cookie_a = a.sign_in("hana@example.co.id", PASSWORD).await;
    api(
        &a,
        reqwest::Method::POST,
        "/api/v1/notifications/read-all",
        Some(&cookie_a),
    )
    .await;
    assert_eq!(next_event(&mut socket).await["event"], "notification:read");
    assert_eq!(
        next_event(&mut socket).await,
        json!({"event": "unread_count", "count": 0})
    );
}

on_postgres!(push_crosses_instances);

/// Creates `count` customers straight in the database (fast: no password hashing).
async fn many_customers(app: &TestApp, count: usize) {
    let mut tx = app.state.db.begin().await.unwrap();
    let now = app.state.clock.now();
    for n in 0..count {
        app::on_tx!(&mut tx, conn => sqlx::query(
            "INSERT INTO users (id, email, name, password_hash, role, created_at, updated_at, language) \
             VALUES ($1, $2, $3, 'x', 'customer', $4, $4, $5)",
        )
        .bind(uuid::Uuid::now_v7().to_string())
        .bind(format!("massal-{n}@example.co.id"))
        .bind(format!("Pelanggan {n}"))
        .bind(now)
        .bind(if n % 2 == 0 { "id" } else { "en" })
        .execute(&mut *conn)
        .await
        .map(|_| ()))
        .unwrap();
    }
    tx.commit().await.unwrap();
}

async fn announcements_reach_their_audience_in_batches(engine: Engine) {
    use app::notifications::announcements::{self, NewAnnouncement};
    use app::notifications::templates::Bilingual;
    use app::notifications::{Audience, Severity};
    let shop = shop(engine).await;
    let app = &shop.app;
    let with_server = shop.customer("indah@example.co.id").await;
    shop.active_service(&with_server, "ann-1").await;
    let without = shop.customer("joko@example.co.id").await;
    many_customers(app, 1_100).await;
    // Choices the batch must honour, in the first batch and in the second: one customer muted
    // announcements in the inbox; another wants them by e-mail, and it is their quiet hour.
    let muted = user_id(app, "massal-3@example.co.id").await;
    let by_mail = user_id(app, "massal-600@example.co.id").await;
    {
        use app::notifications::{Channel, NotificationKind, store};
        let now = app.state.clock.now();
        let minute = ((now.timestamp() + 7 * 3600).rem_euclid(86_400) / 60) as i32;
        let mut tx = app.state.db.begin().await.unwrap();
        let announcement = NotificationKind::SystemAnnouncement;
        store::set_preference_in(
            &mut tx,
            &muted.as_str().into(),
            announcement,
            Channel::InApp,
            false,
        )
        .await
        .unwrap();
        store::set_preference_in(
            &mut tx,
            &by_mail.as_str().into(),
            announcement,
            Channel::Email,
            true,
        )
        .await
        .unwrap();
        store::set_quiet_hours_in(
            &mut tx,
            &by_mail.as_str().into(),
            Some((minute, (minute + 60) % 1440)),
            now,
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
    }
    let admin = user_id(app, "indah@example.co.id").await;
    let send = |audience: Audience, title: &'static str| {
        let admin = admin.clone();
        async move {
            let new = NewAnnouncement {
                title: Bilingual::new(title, format!("{title} (en)")),
                body: Bilingual::new(
                    "Jaringan Jakarta dipelihara pukul 01.00 WIB.",
                    "Jakarta network maintenance at 01:00 WIB.",
                ),
                severity: Severity::Warning,
                link: Some("/dashboard".into()),
                audience,
                banner_until: Some(app.state.clock.now() + chrono::Duration::days(2)),
            };
            let mut tx = app.state.db.begin().await.unwrap();
            let id = announcements::create_in(&mut tx, app.state.clock.as_ref(), &admin, &new)
                .await
                .unwrap();
            tx.commit().await.unwrap();
            id
        }
    };
    assert_eq!(
        announcements::audience_size(&app.state.db, &Audience::ActiveServices)
            .await
            .unwrap(),
        1
    );
    let to_active = send(Audience::ActiveServices, "Pemeliharaan").await;
    let to_provider = send(Audience::Provider("vultr".into()), "Vultr").await;
    let to_all = send(Audience::All, "Untuk semua").await;

    // The banner waits for the sending to finish.
    let banner: Value = app
        .post_fn("/api/notifications/announcements", None, &[])
        .await
        .json()
        .await
        .unwrap();
    assert!(banner.as_array().unwrap().is_empty());
    let mut socket = connect(app, &without, None).await;
    next_event(&mut socket).await;
    app.run_jobs().await;

    let find = |id: String| async move { announcements::find(&app.state.db, &id).await.unwrap().unwrap() };
    assert_eq!(find(to_active).await.recipients, 1);
    assert_eq!(find(to_provider).await.recipients, 0);
    let all = find(to_all.clone()).await;
    assert_eq!(
        all.recipients,
        1_102,
        "in three batches of at most {}",
        announcements::BATCH
    );
    assert!(all.sent_at.is_some());
    assert_eq!(
        types(&list(app, &with_server, "?type=SYSTEM_ANNOUNCEMENT").await).len(),
        2
    );
    let joko = list(app, &without, "?type=SYSTEM_ANNOUNCEMENT").await;
    assert_eq!(joko["items"].as_array().unwrap().len(), 1);
    assert_eq!(joko["items"][0]["title"], "Untuk semua");
    // The open socket heard about its batch.
    let pushed = next_event(&mut socket).await;
    assert_eq!(pushed["notification"]["title"], "Untuk semua");
    // English readers get the English text.
    let english: i64 = app::on_db!(&app.state.db, pool => sqlx::query_scalar(
        "SELECT COUNT(*) FROM in_app_notifications WHERE title = 'Untuk semua (en)'",
    )
    .fetch_one(pool)
    .await)
    .unwrap();
    assert_eq!(english, 550);
    let scalar = |sql: &'static str, user: String| async move {
        let n: i64 =
            app::on_db!(&app.state.db, pool => sqlx::query_scalar(sql).bind(&user).fetch_one(pool).await)
                .unwrap();
        n
    };
    assert_eq!(
        scalar(
            "SELECT COUNT(*) FROM in_app_notifications WHERE user_id = $1 AND type = 'SYSTEM_ANNOUNCEMENT' AND is_read = FALSE",
            muted.clone()
        )
        .await,
        0,
        "muted in the inbox: kept, never badged"
    );
    assert_eq!(
        scalar(
            "SELECT COUNT(*) FROM in_app_notifications WHERE user_id = $1 AND type = 'SYSTEM_ANNOUNCEMENT'",
            muted
        )
        .await,
        1
    );
    // Only the customer who asked gets it by e-mail, after their quiet hour.
    assert_eq!(
        scalar(
            "SELECT COUNT(*) FROM notification_deliveries d JOIN in_app_notifications n ON n.id = d.notification_id \
             WHERE n.type = 'SYSTEM_ANNOUNCEMENT' AND d.channel = 'email' AND d.user_id = $1",
            by_mail.clone()
        )
        .await,
        1
    );
    let deliveries: i64 = app::on_db!(&app.state.db, pool => sqlx::query_scalar(
        "SELECT COUNT(*) FROM notification_deliveries d JOIN in_app_notifications n ON n.id = d.notification_id \
         WHERE n.type = 'SYSTEM_ANNOUNCEMENT'",
    )
    .fetch_one(pool)
    .await)
    .unwrap();
    assert_eq!(
        deliveries, 1,
        "announcements reach outside channels only on request"
    );
    let delivery: String = app::on_db!(&app.state.db, pool => sqlx::query_scalar(
        "SELECT id FROM notification_deliveries WHERE user_id = $1 AND channel = 'email'",
    )
    .bind(&by_mail)
    .fetch_one(pool)
    .await)
    .unwrap();
    let queued: Vec<(sqlx::types::Json<Value>, chrono::DateTime<chrono::Utc>)> =
        app::on_db!(&app.state.db, pool => sqlx::query_as(
        "SELECT payload, run_at FROM jobs WHERE kind = 'notifications.deliver' AND status = 'queued'",
    )
    .fetch_all(pool)
    .await)
        .unwrap();
    let (_, run_at) = queued
        .iter()
        .find(|(payload, _)| payload.0["delivery_id"] == delivery.as_str())
        .expect("the e-mail's delivery job waits");
    assert!(
        *run_at > app.state.clock.now(),
        "the e-mail waits for the end of the quiet hour"
    );
    // Running the job again sends nothing twice.
    let mut tx = app.state.db.begin().await.unwrap();
    let job = app::jobs::NewJob::new(
        announcements::ANNOUNCE_JOB,
        json!({ "announcement_id": to_all, "after": null }),
    )
    .unwrap();
    app::jobs::enqueue_in(&mut tx, app.state.clock.as_ref(), job)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    app.run_jobs().await;
    assert_eq!(find(to_all).await.recipients, 1_102);

    let banner: Value = app
        .post_fn("/api/notifications/announcements", None, &[])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(banner.as_array().unwrap().len(), 3);
    assert_eq!(banner[0][0]["title"], "Untuk semua");
    assert_eq!(banner[0][1]["title"], "Untuk semua (en)");
    shop.clock.advance(Duration::from_secs(3 * 24 * 3600));
    let banner: Value = app
        .post_fn("/api/notifications/announcements", None, &[])
        .await
        .json()
        .await
        .unwrap();
    assert!(banner.as_array().unwrap().is_empty(), "banners end");
}

on_both_engines!(announcements_reach_their_audience_in_batches);

/// A program acts as its user with an API key: REST and the socket accept `Authorization:
/// Bearer`; a revoked or made-up key is refused (never silently ignored).
async fn api_keys_open_the_api_to_programs(engine: Engine) {
    let shop = shop(engine).await;
    let app = &shop.app;
    let cookie = shop.customer("kiki@example.co.id").await;
    let user = user_id(app, "kiki@example.co.id").await;
    let id = tell(app, &user, &announcement(1)).await.unwrap();
    let key = create_key(app, &cookie, "monitoring").await;
    assert!(key.starts_with("wbr_"), "{key}");
    let with_key = |key: String, method: reqwest::Method, path: String| {
        app.client
            .request(method, app.url(&path))
            .header("authorization", format!("Bearer {key}"))
            .send()
    };
    let page: Value = with_key(key.clone(), reqwest::Method::GET, "/api/v1/notifications".into())
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(page["items"][0]["id"], id.as_str());
    let read = with_key(
        key.clone(),
        reqwest::Method::POST,
        format!("/api/v1/notifications/{id}/read"),
    )
    .await
    .unwrap();
    assert_eq!(read.status(), 204);

    // The socket too.
    let mut socket = connect_with_key(app, &key).await;
    assert_eq!(
        next_event(&mut socket).await,
        json!({"event": "unread_count", "count": 0})
    );

    // Listed without the secret; revoked, it stops working; made-up keys never work.
    let keys: Value = app
        .post_fn("/api/account/api-keys", Some(&cookie), &[])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(keys.as_array().unwrap().len(), 1);
    assert!(
        !keys.to_string().contains(&key[8..]),
        "the key itself is never shown again"
    );
    let key_id = keys[0]["id"].as_str().unwrap().to_string();
    assert_eq!(
        call(app, &cookie, "/api/account/api-keys/revoke", &[("id", &key_id)]).await,
        200
    );
    for bad in [key.clone(), "wbr_made-up".to_string(), "nonsense".to_string()] {
        let refused = with_key(bad, reqwest::Method::GET, "/api/v1/notifications".into())
            .await
            .unwrap();
        assert_eq!(refused.status(), 401);
    }
    let other = shop.customer("lala@example.co.id").await;
    assert_eq!(
        call(app, &other, "/api/account/api-keys/revoke", &[("id", &key_id)]).await,
        404
    );
}

on_both_engines!(api_keys_open_the_api_to_programs);
