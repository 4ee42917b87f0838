//! Checkout: the order summary (`quote_order`) and placing the order (`place_order`).
//! Both validate the whole draft against the live catalog; prices are computed here only.

#[cfg(feature = "ssr")]
use super::OrderDraft;
use super::pricing::Quote;
use crate::error::AppError;
use leptos::prelude::*;

/// Prices a draft for the wizard's summary. Public (visitors see prices before signing
/// up); a promo code is checked as far as it can be without knowing the customer.
#[server(endpoint = "orders/quote")]
pub async fn quote_order(
    #[server(default)] plan: String,
    #[server(default)] region: String,
    #[server(default)] image: String,
    #[server(default)] cycle: String,
    #[server(default)] promo: String,
) -> Result<Quote, AppError> {
    let state = crate::state::AppState::from_context()?;
    // The price does not depend on the host name; it is checked when the order is placed.
    let draft = OrderDraft {
        plan,
        region,
        image,
        hostname: "host".into(),
        cycle,
        promo,
    };
    let client = crate::security::client_ip().await?;
    let user = crate::accounts::auth::ssr::optional_user().await?;
    let catalog = crate::catalog::storefront_catalog().await?;
    ssr::price(&state, &catalog, &draft, user.as_ref().map(|u| &u.id), &client).await
}

/// Places the order: one order per `checkout` key (a double click or a resent form gets
/// the same order), with its invoice, in one transaction. Redirects to the order.
#[allow(clippy::too_many_arguments)]
#[server(endpoint = "orders/place")]
pub async fn place_order(
    #[server(default)] plan: String,
    #[server(default)] region: String,
    #[server(default)] image: String,
    #[server(default)] hostname: String,
    #[server(default)] cycle: String,
    #[server(default)] promo: String,
    checkout: String,
) -> Result<String, AppError> {
    use crate::accounts::auth::ssr::{require_user_row, require_verified_user};
    require_verified_user().await?;
    let (state, customer) = require_user_row().await?;
    let settings = crate::state::use_server::<super::OrderSettings>()?;
    let draft = OrderDraft {
        plan,
        region,
        image,
        hostname,
        cycle,
        promo,
    };
    let id = match ssr::place(&state, settings, &customer, &draft, &checkout).await? {
        ssr::Placed::New(id) => id,
        ssr::Placed::Existing(order) => order.id,
    };
    leptos_axum::redirect(&format!("/orders/{id}"));
    Ok(id.into())
}

#[cfg(feature = "ssr")]
pub(crate) mod ssr {
    use super::super::pricing::{Quote, quote};
    use super::super::store::{OrderRow, has_previous_order, insert, record_event};
    use super::super::{OrderDraft, OrderStatus, valid_hostname};
    use crate::accounts::store::UserRow;
    use crate::accounts::validation::{Checks, field_error};
    use crate::audit::Actor;
    use crate::billing::InvoicePurpose;
    use crate::billing::invoices::{NewInvoice, issue};
    use crate::catalog::{BillingCycle, Catalog, OsImage, Plan, Region};
    use crate::error::AppError;
    use crate::ids::OrderId;
    use crate::promos::store::{PromoContext, PromoRow, eligibility, find_by_code, redeem};
    use crate::state::AppState;
    use crate::ui::FormText;

    /// The longest checkout (idempotency) key accepted.
    pub const MAX_KEY_LEN: usize = 100;

    /// What placing an order did.
    pub enum Placed {
        New(OrderId),
        /// The key had placed this order already (a double click, a retried request).
        Existing(Box<OrderRow>),
    }

    /// Prices a draft (the order summary). A promo code is checked as far as it can be
    /// without a customer; each such quote counts against the client's promo-guessing limit.
    pub async fn price(
        state: &AppState,
        catalog: &Catalog,
        draft: &OrderDraft,
        customer: Option<&crate::ids::UserId>,
        client: &crate::security::client_ip::ClientIp,
    ) -> Result<Quote, AppError> {
        if !draft.promo.trim().is_empty() {
            // A quote tells whether a promo code exists: no guessing codes by the thousand.
            state
                .enforce_limit(
                    &format!("promo-quote:{}", client.bucket()),
                    crate::security::Limit::PROMO_QUOTE_PER_CLIENT,
                )
                .await?;
        }
        Ok(check_draft(state, catalog, draft, customer).await?.quote)
    }

    /// Places an order for `customer`: one order per checkout `key`, whoever asks again
    /// (a double click, a resent form, a retried API call) gets that order back.
    pub async fn place(
        state: &AppState,
        settings: super::super::OrderSettings,
        customer: &UserRow,
        draft: &OrderDraft,
        key: &str,
    ) -> Result<Placed, AppError> {
        let key = key.trim();
        if key.is_empty() || key.len() > MAX_KEY_LEN {
            return Err(AppError::Conflict("checkout".into()).with_status());
        }
        if let Some(order) = super::super::store::find_by_checkout(&state.db, &customer.id, key)
            .await
            .map_err(AppError::internal)?
        {
            return Ok(Placed::Existing(Box::new(order)));
        }
        // The price charged comes from the database, never from the storefront's cached copy.
        let catalog = crate::catalog::store::load_orderable(&state.db)
            .await
            .map_err(AppError::internal)?;
        let checked = check_draft(state, &catalog, draft, Some(&customer.id)).await?;
        // A new, valid order (a repeated key found its order above; a draft with a mistake
        // costs nothing) counts against the checkout tier.
        state
            .enforce_limit(
                &format!("checkout:{}", customer.id),
                state.settings.rate_limits.checkout,
            )
            .await?;
        create_order(state, settings, customer, checked, key).await
    }

    /// A draft that passed every check, with its price.
    pub struct CheckedDraft {
        pub provider_name: String,
        pub plan: Plan,
        pub region: Region,
        pub image: OsImage,
        pub hostname: String,
        pub cycle: BillingCycle,
        pub promo: Option<PromoRow>,
        pub quote: Quote,
    }

    /// Validates every step of the wizard again and prices the result. `customer` enables
    /// the per-customer promo checks (first order).
    pub async fn check_draft(
        state: &AppState,
        catalog: &Catalog,
        draft: &OrderDraft,
        customer: Option<&crate::ids::UserId>,
    ) -> Result<CheckedDraft, AppError> {
        let mut checks = Checks::default();
        let plan = catalog.plan(draft.plan.trim()).cloned();
        if plan.is_none() {
            checks.fail("plan", FormText::PlanRequired);
        }
        let region = catalog
            .region(draft.region.trim())
            .filter(|region| plan.as_ref().is_some_and(|plan| plan.available_in(&region.id)))
            .cloned();
        if plan.is_some() && region.is_none() {
            checks.fail("region", FormText::RegionUnavailable);
        }
        let image = catalog
            .image(draft.image.trim())
            .filter(|image| {
                plan.as_ref()
                    .is_some_and(|plan| plan.provider_slug == image.provider_slug)
            })
            .cloned();
        if image.is_none() {
            checks.fail("image", FormText::ImageRequired);
        }
        let hostname = valid_hostname(&draft.hostname);
        if hostname.is_none() {
            checks.fail("hostname", FormText::HostnameInvalid);
        }
        let cycle = draft
            .cycle
            .trim()
            .parse()
            .ok()
            .and_then(BillingCycle::from_months);
        if cycle.is_none() {
            checks.fail("cycle", FormText::CycleInvalid);
        }
        checks.finish()?;
        let (Some(plan), Some(region), Some(image), Some(hostname), Some(cycle)) =
            (plan, region, image, hostname, cycle)
        else {
            unreachable!("every missing part failed a check above");
        };
        let cycle_percent = plan.discount_percent(cycle);
        let base = quote(plan.monthly_price, cycle.months(), cycle_percent, None);
        let code = crate::promos::normalize_code(&draft.promo);
        let promo = if code.is_empty() {
            None
        } else {
            let promo = find_by_code(&state.db, &code)
                .await
                .map_err(AppError::internal)?
                .ok_or_else(|| field_error("promo", FormText::PromoUnknown))?;
            let has_previous_order = match customer {
                Some(user_id) => has_previous_order(&state.db, user_id)
                    .await
                    .map_err(AppError::internal)?,
                None => false,
            };
            let context = PromoContext {
                now: state.clock.now(),
                provider_slug: &plan.provider_slug,
                plan_id: &plan.id,
                months: cycle.months(),
                amount: base.subtotal - base.cycle_discount,
                has_previous_order,
            };
            eligibility(&promo, &context).map_err(|problem| field_error("promo", problem))?;
            Some(promo)
        };
        let quote = quote(
            plan.monthly_price,
            cycle.months(),
            cycle_percent,
            promo.as_ref().map(|promo| (promo.code.as_str(), promo.value())),
        );
        Ok(CheckedDraft {
            provider_name: catalog.provider_name(&plan.provider_slug),
            plan,
            region,
            image,
            hostname,
            cycle,
            promo,
            quote,
        })
    }

    /// Writes the order, its first timeline entry, the promo use, the invoice and the
    /// expiry job in one transaction.
    async fn create_order(
        state: &AppState,
        settings: super::super::OrderSettings,
        customer: &UserRow,
        checked: CheckedDraft,
        key: &str,
    ) -> Result<Placed, AppError> {
        let clock = state.clock.as_ref();
        let now = clock.now();
        let due = now + settings.payment_window;
        let quote = &checked.quote;
        let order = OrderRow {
            id: OrderId::generate(),
            user_id: customer.id.clone(),
            status: OrderStatus::PendingPayment,
            provider_slug: checked.plan.provider_slug.clone(),
            plan_id: checked.plan.id.clone(),
            region_id: checked.region.id.clone(),
            image_id: checked.image.id.clone(),
            hostname: checked.hostname.clone(),
            cycle_months: checked.cycle.months(),
            plan_name: checked.plan.name.clone(),
            region_label: checked.region.label(),
            image_label: checked.image.label(),
            monthly_price: quote.monthly_price,
            subtotal: quote.subtotal,
            cycle_discount: quote.cycle_discount,
            promo_discount: quote.promo_discount,
            tax: quote.tax,
            total: quote.total,
            promo_id: checked.promo.as_ref().map(|promo| promo.id.clone()),
            promo_code: quote.promo_code.clone(),
            idempotency_key: key.to_string(),
            payment_due_at: due,
            created_at: now,
            updated_at: now,
        };
        let mut tx = state.db.begin().await.map_err(AppError::internal)?;
        if let Err(error) = insert(&mut tx, &order).await {
            let _ = tx.rollback().await;
            if crate::db::is_unique_violation(&error) {
                // The same checkout won a race with itself (double click): use that order.
                let existing = super::super::store::find_by_checkout(&state.db, &customer.id, key)
                    .await
                    .map_err(AppError::internal)?
                    .ok_or_else(|| AppError::internal("checkout conflict without an order"))?;
                return Ok(Placed::Existing(Box::new(existing)));
            }
            return Err(AppError::internal(error));
        }
        if let Some(promo) = &checked.promo
            && let Err(problem) = redeem(&mut tx, promo, &customer.id)
                .await
                .map_err(AppError::internal)?
        {
            let _ = tx.rollback().await;
            return Err(field_error("promo", problem));
        }
        let actor = Actor::user(&customer.id, &customer.email);
        record_event(
            &mut tx,
            clock,
            &order.id,
            None,
            Some(OrderStatus::PendingPayment),
            &actor,
            "",
        )
        .await
        .map_err(AppError::internal)?;
        let lines = super::super::pricing::invoice_lines(
            &order,
            &checked.provider_name,
            &checked.quote,
            customer.language(),
            None,
        );
        issue(
            &mut tx,
            clock,
            NewInvoice::for_order(InvoicePurpose::Order, &order.id, customer, lines, quote, due),
        )
        .await
        .map_err(AppError::internal)?;
        super::super::expiry::schedule(&mut tx, state, &order.id, due)
            .await
            .map_err(AppError::internal)?;
        let notice = crate::notifications::templates::Notice::OrderCreated {
            order_id: order.id.clone(),
            hostname: order.hostname.clone(),
            total: order.total,
            due_at: due,
        };
        crate::notifications::service::notify_in(&mut tx, clock, &customer.id, &notice)
            .await
            .map_err(AppError::internal)?;
        tx.commit().await.map_err(AppError::internal)?;
        tracing::info!(order = %order.id, total = order.total.get(), "order placed");
        Ok(Placed::New(order.id))
    }
}

/// A fresh key for one checkout. The wizard puts it in its form; the server keeps one order
/// per key, so a double click or a resent form cannot order twice.
#[server(endpoint = "orders/checkout-key")]
pub async fn new_checkout_key() -> Result<String, AppError> {
    Ok(uuid::Uuid::new_v4().to_string())
}
