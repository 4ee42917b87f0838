//! The services admin: the list with its filters, a service with the provider's own word on
//! the machine, force sync, and suspending / unsuspending / terminating with a reason —
//! each audited, each refused when it does not fit.

mod common;

use app::admin::services::{AdminServiceDetail, AdminServiceLine};
use app::db::Engine;
use app::services::ServiceStatus;
use common::personas::{Persona, Personas};
use common::shop::shop;

async fn staff_manage_services(engine: Engine) {
    let shop = shop(engine).await;
    let personas = Personas::sign_up_all(&shop.app).await;
    let admin = personas.cookie(Persona::Admin).unwrap();
    let support = personas.cookie(Persona::Support).unwrap();
    let owner = personas.cookie(Persona::Customer).unwrap();
    let service = shop.active_service(owner, "a").await;
    let post = |cookie: &str, path: &'static str, form: Vec<(&'static str, String)>| {
        let cookie = cookie.to_string();
        let app = &shop.app;
        async move {
            let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.post_fn(path, Some(&cookie), &form).await
        }
    };
    let list = |form: Vec<(&'static str, String)>| async {
        let response = post(support, "/api/admin/services", form).await;
        assert_eq!(response.status(), 200);
        response.json::<Vec<AdminServiceLine>>().await.unwrap()
    };
    let detail = || async {
        let response = post(support, "/api/admin/services/get", vec![("id", service.clone())]).await;
        assert_eq!(response.status(), 200);
        response.json::<AdminServiceDetail>().await.unwrap()
    };

    // The list and its filters.
    let all = list(vec![]).await;
    assert_eq!(all.len(), 1);
    assert!(all[0].customer_email.contains('@'));
    let ip = all[0].service.ipv4.clone().unwrap();
    assert_eq!(
        list(vec![("q", "WEB-01".into())]).await.len(),
        1,
        "host name, any case"
    );
    assert_eq!(list(vec![("q", ip.clone())]).await.len(), 1, "IP address");
    assert_eq!(list(vec![("q", "nobody-here".into())]).await.len(), 0);
    assert_eq!(list(vec![("status", "SUSPENDED".into())]).await.len(), 0);
    assert_eq!(list(vec![("provider", "digitalocean".into())]).await.len(), 0);
    assert_eq!(list(vec![("provider", "simulated".into())]).await.len(), 1);
    assert_eq!(
        list(vec![("expiring", "7".into())]).await.len(),
        0,
        "a month left"
    );
    assert_eq!(list(vec![("expiring", "40".into())]).await.len(), 1);
    assert_eq!(
        post(support, "/api/admin/services", vec![("expiring", "soon".into())])
            .await
            .status(),
        422
    );

    // The provider's own description of the machine.
    let raw: Option<String> = post(
        support,
        "/api/admin/services/provider-state",
        vec![("id", service.clone())],
    )
    .await
    .json()
    .await
    .unwrap();
    let raw: serde_json::Value = serde_json::from_str(&raw.expect("the machine is known")).unwrap();
    assert_eq!(raw["state"], "running");
    assert_eq!(raw["ipv4"], ip.as_str());

    // Force sync: the machine was switched off behind our back; sync brings the page in line.
    app::on_db!(&shop.app.state.db, pool => sqlx::query("UPDATE simulated_instances SET state = 'off'")
        .execute(pool).await.map(|_| ()).unwrap());
    assert_eq!(
        post(support, "/api/admin/services/sync", vec![("id", service.clone())])
            .await
            .status(),
        403,
        "support staff read only"
    );
    assert_eq!(
        post(admin, "/api/admin/services/sync", vec![("id", service.clone())])
            .await
            .status(),
        200
    );
    assert_eq!(detail().await.line.service.power_state, "off");
    app::on_db!(&shop.app.state.db, pool => sqlx::query("UPDATE simulated_instances SET state = 'running'")
        .execute(pool).await.map(|_| ()).unwrap());
    assert_eq!(
        post(admin, "/api/admin/services/sync", vec![("id", service.clone())])
            .await
            .status(),
        200
    );

    // Suspend with a reason: powered off, the reason kept; paying does not lift it.
    let standing = |step: &str, reason: &str, confirm: &str| {
        vec![
            ("id", service.clone()),
            ("step", step.to_string()),
            ("reason", reason.to_string()),
            ("confirm", confirm.to_string()),
        ]
    };
    assert_eq!(
        post(
            admin,
            "/api/admin/services/standing",
            standing("suspend", " ", "")
        )
        .await
        .status(),
        422
    );
    assert_eq!(
        post(
            admin,
            "/api/admin/services/standing",
            standing("unsuspend", "not suspended", "")
        )
        .await
        .status(),
        409
    );
    let suspended = post(
        admin,
        "/api/admin/services/standing",
        standing("suspend", "abuse report #12", ""),
    )
    .await;
    assert_eq!(suspended.status(), 200);
    shop.wait(15).await;
    let seen = detail().await;
    assert_eq!(seen.line.service.status, ServiceStatus::Suspended);
    assert_eq!(seen.line.service.power_state, "off");
    assert_eq!(seen.suspension.as_deref(), Some("admin"));
    assert_eq!(seen.suspension_note.as_deref(), Some("abuse report #12"));
    assert_eq!(seen.actions[0].action, app::services::ActionKind::PowerOff);
    assert_eq!(seen.actions[0].requested_by, None, "the system acted");
    let customer_view: app::services::ServiceDetail = shop
        .app
        .post_fn("/api/services/get", Some(owner), &[("id", &service)])
        .await
        .json()
        .await
        .unwrap();
    assert!(customer_view.lifecycle.suspended_by_staff);
    assert_eq!(
        shop.app
            .post_fn("/api/services/renew", Some(owner), &[("id", &service)])
            .await
            .status(),
        200,
        "paying in advance stays possible"
    );
    let invoice = shop
        .text(
            "SELECT invoice_id FROM service_renewals WHERE service_id = $1",
            &service,
        )
        .await;
    let invoice = app::billing::invoices::find(&shop.app.state.db, &invoice.as_str().into())
        .await
        .unwrap()
        .unwrap();
    let secret = shop.app.simulated_gateway_secret();
    assert_eq!(
        shop.post_webhook(&shop.paid_event(&invoice, "trx-renew").await, &secret)
            .await,
        200
    );
    let after_payment = detail().await;
    assert_eq!(
        after_payment.line.service.status,
        ServiceStatus::Suspended,
        "staff's suspension stays"
    );
    assert_ne!(
        after_payment.line.service.expires_at, seen.line.service.expires_at,
        "but the month is added"
    );

    // Unsuspend: active again and powered on.
    assert_eq!(
        post(
            admin,
            "/api/admin/services/standing",
            standing("unsuspend", "resolved", "")
        )
        .await
        .status(),
        200
    );
    shop.app.run_jobs().await;
    shop.wait(15).await;
    let back = detail().await;
    assert_eq!(back.line.service.status, ServiceStatus::Active);
    assert_eq!(back.line.service.power_state, "running");

    // Lifted again while the suspension's power-off is still under way: the machine ends
    // up running, not left off by a resume that came too early.
    for (step, reason) in [("suspend", "second report"), ("unsuspend", "a mistake")] {
        let response = post(admin, "/api/admin/services/standing", standing(step, reason, "")).await;
        assert_eq!(response.status(), 200, "{step}");
        shop.app.run_jobs().await;
    }
    shop.wait(60).await;
    let quick = detail().await;
    assert_eq!(quick.line.service.status, ServiceStatus::Active);
    assert_eq!(quick.line.service.power_state, "running");

    // Terminate: only with the host name typed; deleted at the provider.
    assert_eq!(
        post(
            admin,
            "/api/admin/services/standing",
            standing("terminate", "customer asked", "web-02")
        )
        .await
        .status(),
        422
    );
    assert_eq!(
        post(
            admin,
            "/api/admin/services/standing",
            standing("terminate", "customer asked", "web-01")
        )
        .await
        .status(),
        200
    );
    shop.wait(15).await;
    let gone = detail().await;
    assert_eq!(gone.line.service.status, ServiceStatus::Terminated);
    assert!(gone.termination_requested);
    assert_eq!(
        post(
            admin,
            "/api/admin/services/standing",
            standing("terminate", "again", "web-01")
        )
        .await
        .status(),
        409
    );
    assert_eq!(
        list(vec![]).await.len(),
        0,
        "terminated services only when filtered for"
    );
    assert_eq!(list(vec![("status", "TERMINATED".into())]).await.len(), 1);

    for (action, count) in [
        ("admin.service_synced", 2),
        ("admin.service_suspended", 2),
        ("admin.service_unsuspended", 2),
        ("admin.service_terminated", 1),
    ] {
        assert_eq!(
            shop.scalar("SELECT COUNT(*) FROM audit_log WHERE action = $1", action)
                .await,
            count,
            "{action}"
        );
    }
    let timeline = shop
        .scalar(
            "SELECT COUNT(*) FROM order_events e JOIN services s ON s.order_id = e.order_id \
             WHERE s.id = $1 AND (e.note LIKE '%abuse report #12%' OR e.note LIKE '%customer asked%')",
            &service,
        )
        .await;
    assert_eq!(timeline, 2, "the reasons are in the order's timeline");
}

/// A job that died shows in the queue view with its error; an admin puts it back (audited),
/// once.
async fn an_admin_retries_a_dead_job(engine: Engine) {
    use app::admin::provisioning::ProvisioningOverview;
    let shop = shop(engine).await;
    let personas = Personas::sign_up_all(&shop.app).await;
    let admin = personas.cookie(Persona::Admin).unwrap();
    let job = app::jobs::NewJob::new("lifecycle.step", serde_json::json!({ "broken": true })).unwrap();
    let queue = app::jobs::JobQueue::new(shop.app.state.db.clone(), shop.app.state.clock.clone());
    let id = queue.enqueue(job).await.unwrap();
    shop.app.run_jobs().await;
    let overview: ProvisioningOverview = shop
        .app
        .post_fn("/api/admin/provisioning", Some(admin), &[])
        .await
        .json()
        .await
        .unwrap();
    let dead = overview.jobs.iter().find(|line| line.id == id).expect("listed");
    assert_eq!(dead.status, "dead");
    assert!(
        dead.last_error
            .as_deref()
            .is_some_and(|error| error.contains("bad payload"))
    );
    let form = [("id", id.as_str())];
    let retry = || shop.app.post_fn("/api/admin/jobs/retry", Some(admin), &form);
    assert_eq!(retry().await.status(), 200);
    assert_eq!(
        queue.get(&id).await.unwrap().unwrap().status,
        app::jobs::JobStatus::Queued
    );
    assert_eq!(retry().await.status(), 409, "only a dead job");
    assert_eq!(
        shop.scalar(
            "SELECT COUNT(*) FROM audit_log WHERE action = $1",
            "admin.job_requeued"
        )
        .await,
        1
    );
}

on_both_engines!(staff_manage_services, an_admin_retries_a_dead_job);
