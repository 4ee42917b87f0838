//! Server functions of the control panel. Each checks who calls it: a customer only ever
//! sees and acts on their own services (another's is "not found").

use super::{ServiceDetail, ServiceList};
use crate::error::AppError;
use leptos::prelude::*;

/// One page of the signed-in customer's services (not the terminated ones), newest first.
#[server(endpoint = "services/mine")]
pub async fn list_my_services(#[server(default)] page: u32) -> Result<ServiceList, AppError> {
    use super::SERVICES_PER_PAGE;
    let user = crate::accounts::auth::ssr::require_user().await?;
    let state = crate::state::AppState::from_context()?;
    let page = page.clamp(1, crate::db::MAX_PAGE as u32);
    let filter = super::store::ServiceFilter {
        user_id: Some(user.id),
        limit: SERVICES_PER_PAGE + 1,
        offset: crate::db::page_offset(i64::from(page) - 1, SERVICES_PER_PAGE),
        ..Default::default()
    };
    let mut rows = super::store::lines(&state.db, &filter)
        .await
        .map_err(AppError::internal)?;
    let has_more = rows.len() as i64 > SERVICES_PER_PAGE;
    rows.truncate(SERVICES_PER_PAGE as usize);
    Ok(ServiceList {
        services: rows.into_iter().map(|row| row.line()).collect(),
        page,
        has_more,
    })
}

/// One service with its recent actions and the images it can be rebuilt with.
#[server(endpoint = "services/get")]
pub async fn get_service(id: String) -> Result<ServiceDetail, AppError> {
    let id = crate::ids::ServiceId::from(id);
    let user = crate::accounts::auth::ssr::require_user().await?;
    let state = crate::state::AppState::from_context()?;
    let row = ssr::owned(&state, &id, &user).await?;
    ssr::detail(&state, row).await
}

/// Asks for an action on one's own service; returns the action's id. The action must fit
/// the service's state, a rebuild needs an image of the same provider, rebuild and delete
/// need the host name typed as confirmation, and only one action runs at a time.
#[server(endpoint = "services/action")]
pub async fn request_service_action(
    id: String,
    action: String,
    #[server(default)] image: String,
    #[server(default)] confirm: String,
) -> Result<String, AppError> {
    let id = crate::ids::ServiceId::from(id);
    let user = crate::accounts::auth::ssr::require_user().await?;
    let state = crate::state::AppState::from_context()?;
    let catalog = crate::catalog::storefront_catalog().await?;
    let request = ssr::ActionRequest {
        action: &action,
        image: &image,
        confirm: &confirm,
    };
    let action_id = ssr::request_action(&state, &catalog, &user, &id, &request)
        .await
        .map_err(AppError::with_status)?;
    leptos_axum::redirect(&format!("/services/{id}"));
    Ok(action_id)
}

/// The charts of one's own service over the last hour, day or week (`1h`, `24h`, `7d`).
/// A provider without metrics, or one that does not answer, gives a note instead of charts.
#[server(endpoint = "services/metrics")]
pub async fn get_service_metrics(
    id: String,
    #[server(default)] range: String,
) -> Result<super::metrics::ServiceMetrics, AppError> {
    let user = crate::accounts::auth::ssr::require_user().await?;
    let state = crate::state::AppState::from_context()?;
    let row = ssr::owned(&state, &crate::ids::ServiceId::from(id), &user).await?;
    let cache = crate::state::use_server::<super::metrics_cache::MetricsCache>()?;
    let providers = crate::state::use_server::<crate::provisioning::Providers>()?;
    let range = super::metrics::MetricsRange::from_code(&range);
    super::metrics::ssr::read(&state, &cache, &providers, &row, range).await
}

/// Where the provider offers one: a browser console for one's own running service (the
/// provider's short-lived link, asked for when the customer opens it; the browser is sent
/// there).
#[server(endpoint = "services/console")]
pub async fn open_console(id: String) -> Result<Option<String>, AppError> {
    let user = crate::accounts::auth::ssr::require_user().await?;
    let state = crate::state::AppState::from_context()?;
    let row = ssr::owned(&state, &crate::ids::ServiceId::from(id), &user).await?;
    let providers = crate::state::use_server::<crate::provisioning::Providers>()?;
    let url = ssr::console(&state, &providers, &row).await?;
    if let Some(url) = &url {
        leptos_axum::redirect(url);
    }
    Ok(url)
}

/// Issues the renewal invoice of one's own service now, ahead of the schedule (or returns
/// the one already issued for the period); the service page then offers to pay it.
#[server(endpoint = "services/renew")]
pub async fn renew_service(id: String) -> Result<String, AppError> {
    let id = crate::ids::ServiceId::from(id);
    use crate::accounts::validation::field_error;
    use crate::ui::FormText;
    let user = crate::accounts::auth::ssr::require_user().await?;
    let state = crate::state::AppState::from_context()?;
    let row = ssr::owned(&state, &id, &user).await?;
    let service = Some(row)
        .filter(|service| service.renewable())
        .ok_or_else(|| field_error("id", FormText::ActionNotAllowed).with_status())?;
    let invoice = crate::lifecycle::renewal::issue_once(&state.db, state.clock.as_ref(), &service)
        .await
        .map_err(AppError::internal)?
        .ok_or_else(|| AppError::NotFound.with_status())?;
    leptos_axum::redirect(&format!("/services/{}", service.id));
    Ok(invoice.into())
}

/// Asks to move one's own service to a bigger plan (one of the page's choices): the invoice
/// for the rest of the paid period is issued (the same one when asked again), which the
/// service page then offers to pay; when nothing is due the resize starts at once.
#[server(endpoint = "services/upgrade")]
pub async fn upgrade_service(
    id: String,
    #[server(default)] plan: String,
) -> Result<Option<String>, AppError> {
    let id = crate::ids::ServiceId::from(id);
    let user = crate::accounts::auth::ssr::require_user().await?;
    let state = crate::state::AppState::from_context()?;
    let row = ssr::owned(&state, &id, &user).await?;
    let catalog = crate::catalog::storefront_catalog().await?;
    let invoice = super::upgrade::request::request(&state, &catalog, &user, &row, &plan)
        .await
        .map_err(AppError::with_status)?;
    leptos_axum::redirect(&format!("/services/{id}"));
    Ok(invoice.map(String::from))
}

/// The service's root password, shown to its owner once: it asks for the account's password
/// again (wrong guesses count towards the lockout), and the stored copy is deleted as it is
/// shown (audited). 404 when none is stored (already shown, or a service built before
/// passwords were kept); a rebuild installs and keeps a new one.
#[server(endpoint = "services/root-password")]
pub async fn reveal_root_password(
    id: String,
    #[server(default)] current_password: String,
) -> Result<String, AppError> {
    let id = crate::ids::ServiceId::from(id);
    use crate::audit::{Actor, AuditAction, AuditEntry, record_in};
    // Whose service comes first: someone else's answers 404 whatever the password.
    let user = crate::accounts::auth::ssr::require_user().await?;
    let state = crate::state::AppState::from_context()?;
    let service = ssr::owned(&state, &id, &user).await?;
    crate::accounts::profile::ssr::reauthenticate(current_password).await?;
    let gone = || AppError::NotFound.with_status();
    let sealed = service.root_password_sealed.as_deref().ok_or_else(gone)?;
    let password = state
        .secrets
        .open(sealed, &service.order_id)
        .map_err(AppError::internal)?;
    let ip = crate::security::client_ip().await?.to_string();
    let entry = AuditEntry::new(
        Actor::user(&user.id, &user.email),
        AuditAction::RootPasswordRevealed,
    )
    .target("service", &service.id)
    .ip(ip);
    let clock = state.clock.as_ref();
    let mut tx = state.db.begin().await.map_err(AppError::internal)?;
    let forgotten = super::store::forget_root_password_in(&mut tx, clock, &service.id, sealed)
        .await
        .map_err(AppError::internal)?;
    if !forgotten {
        return Err(gone());
    }
    record_in(&mut tx, clock, entry)
        .await
        .map_err(AppError::internal)?;
    tx.commit().await.map_err(AppError::internal)?;
    Ok(password)
}

#[cfg(feature = "ssr")]
pub(crate) mod ssr {
    use super::super::store::{self, ServiceRow};
    use super::super::{ImageChoice, ServiceDetail};
    use crate::accounts::User;
    use crate::catalog::Catalog;
    use crate::error::AppError;
    use crate::state::{AppState, use_server};

    /// The service if `user` owns it; anyone else's (or none) is "not found".
    pub async fn owned(
        state: &AppState,
        id: &crate::ids::ServiceId,
        user: &User,
    ) -> Result<ServiceRow, AppError> {
        store::find(&state.db, id)
            .await
            .map_err(AppError::internal)?
            .filter(|row| row.user_id == user.id)
            .ok_or_else(|| AppError::NotFound.with_status())
    }

    /// The active images of a provider, in catalog order.
    pub fn images_for(catalog: &Catalog, provider: &str) -> Vec<ImageChoice> {
        catalog
            .images
            .iter()
            .filter(|image| image.provider_slug == provider)
            .map(|image| ImageChoice {
                id: image.id.clone(),
                label: image.label(),
            })
            .collect()
    }

    /// What the customer asks of their service (the form's fields, the API's body).
    pub struct ActionRequest<'a> {
        /// `power_on`, `power_off`, `reboot`, `rebuild` or `delete`.
        pub action: &'a str,
        /// For a rebuild: the image's id.
        pub image: &'a str,
        /// For a rebuild or delete: the host name, typed.
        pub confirm: &'a str,
    }

    /// Queues an action on `user`'s own service; the action's id. The action must fit the
    /// service's state, a rebuild needs an image of the same provider, rebuild and delete
    /// need the host name typed as confirmation, and only one action runs at a time.
    pub async fn request_action(
        state: &AppState,
        catalog: &Catalog,
        user: &User,
        id: &crate::ids::ServiceId,
        request: &ActionRequest<'_>,
    ) -> Result<String, AppError> {
        use super::super::ActionKind;
        use crate::accounts::validation::field_error;
        use crate::ui::FormText;
        let row = owned(state, id, user).await?;
        let kind = ActionKind::from_code(request.action)
            .filter(|kind| kind.requested_alone())
            .ok_or_else(|| field_error("action", FormText::ActionNotAllowed))?;
        if !kind.allowed(row.status, &row.power_state) {
            return Err(field_error("action", FormText::ActionNotAllowed));
        }
        let image_id = match kind {
            ActionKind::Rebuild => {
                let images = images_for(catalog, &row.provider_slug);
                if !images.iter().any(|choice| choice.id == request.image) {
                    return Err(field_error("image", FormText::ChooseImage));
                }
                Some(request.image)
            }
            _ => None,
        };
        if kind.needs_confirmation() && request.confirm.trim() != row.hostname {
            return Err(field_error("confirm", FormText::ConfirmHostname));
        }
        let mut tx = state.db.begin().await.map_err(AppError::internal)?;
        let clock = state.clock.as_ref();
        let action_id = store::insert_action(&mut tx, clock, &row.id, kind, image_id, Some(&user.id))
            .await
            .map_err(AppError::internal)?
            .ok_or_else(|| field_error("action", FormText::ActionInProgress))?;
        super::super::actions::enqueue_in(&mut tx, clock, &action_id)
            .await
            .map_err(AppError::internal)?;
        tx.commit().await.map_err(AppError::internal)?;
        Ok(action_id)
    }

    /// A browser console link for `row` from its provider (short-lived, asked for when the
    /// customer opens it), counted against the owner's console limit; `None` when the
    /// service is not active or its provider offers no console.
    pub async fn console(
        state: &AppState,
        providers: &crate::provisioning::Providers,
        row: &ServiceRow,
    ) -> Result<Option<String>, AppError> {
        if row.status != super::super::ServiceStatus::Active {
            return Ok(None);
        }
        let Some(provider) = providers.get(&row.provider_slug) else {
            return Ok(None);
        };
        state
            .enforce_limit(
                &format!("console:{}", row.user_id),
                crate::security::Limit::CONSOLE_PER_USER,
            )
            .await?;
        provider
            .console_url(&row.provider_instance_id)
            .await
            .map_err(AppError::internal)
    }

    pub async fn detail(state: &AppState, row: ServiceRow) -> Result<ServiceDetail, AppError> {
        let actions = store::actions_of(&state.db, &row.id, 10)
            .await
            .map_err(AppError::internal)?;
        let views: Vec<_> = actions
            .iter()
            .map(crate::services::store::ActionRow::view)
            .collect();
        let settings = use_server::<crate::lifecycle::schedule::LifecycleSettings>()?;
        let catalog = crate::catalog::storefront_catalog().await?;
        let providers = use_server::<crate::provisioning::Providers>()?;
        let (service, lifecycle) =
            crate::lifecycle::view::current(&state.db, &settings, &row.id, state.clock.now())
                .await
                .map_err(AppError::internal)?
                .ok_or_else(|| AppError::NotFound.with_status())?;
        // The page's expiry and status come from the same row as its renewal box, so a
        // renewal paid between the reads never shows as "no invoice, old expiry".
        let mut summary = row.summary();
        summary.expires_at = crate::clock::rfc3339(&service.expires_at);
        summary.status = service.status;
        Ok(ServiceDetail {
            service: summary,
            vcpu: row.vcpu,
            memory_mb: row.memory_mb,
            disk_gb: row.disk_gb,
            cycle_months: row.cycle_months,
            open_action: views.iter().find(|action| action.status.is_open()).cloned(),
            recent_actions: views,
            images: images_for(&catalog, &row.provider_slug),
            has_root_password: row.root_password_sealed.is_some(),
            console_available: providers
                .get(&row.provider_slug)
                .is_some_and(|provider| provider.offers_console()),
            lifecycle,
            upgrade_choices: crate::services::upgrade::request::choices(
                &state.db,
                &catalog,
                &service,
                state.clock.now(),
            )
            .await
            .map_err(AppError::internal)?,
            upgrade: crate::services::upgrade::request::latest(&state.db, &row.id)
                .await
                .map_err(AppError::internal)?,
        })
    }
}
