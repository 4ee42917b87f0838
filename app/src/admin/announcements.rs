//! Admin: announcements (written in both languages, previewed with the number of users they
//! reach, then sent by a job in batches) and the notification delivery log (failures first).
// Form handlers take one argument per form field, so the forms post without JavaScript.
#![allow(clippy::too_many_arguments)]

use crate::error::AppError;
use crate::notifications::{BannerView, Severity};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A sent (or sending) announcement in the admin list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnnouncementItem {
    pub id: String,
    pub title: String,
    pub severity: Severity,
    /// `all`, `active` or the provider's slug.
    pub audience: String,
    pub created_at: String,
    pub sent: bool,
    pub recipients: i32,
}

/// A delivery that failed (or is still being retried after failing).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliveryItem {
    pub id: String,
    pub channel: crate::notifications::Channel,
    pub status: crate::notifications::DeliveryStatus,
    pub attempts: i32,
    pub error: String,
    pub title: String,
    pub kind: String,
    pub email: String,
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationsOverview {
    pub announcements: Vec<AnnouncementItem>,
    pub failed_deliveries: Vec<DeliveryItem>,
}

/// What an announcement will look like, and how many users it reaches now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnnouncementPreview {
    pub id: BannerView,
    pub en: BannerView,
    pub recipients: i64,
}

#[server(endpoint = "admin/notifications")]
pub async fn admin_notifications() -> Result<NotificationsOverview, AppError> {
    use crate::accounts::Role;
    use crate::accounts::auth::ssr::require_staff;
    use crate::clock::rfc3339;
    require_staff(Role::Support).await?;
    let state = crate::state::AppState::from_context()?;
    let rows = crate::notifications::announcements::recent(&state.db, 20)
        .await
        .map_err(AppError::internal)?;
    let log = crate::notifications::store::delivery_log(&state.db, true, 50)
        .await
        .map_err(AppError::internal)?;
    Ok(NotificationsOverview {
        announcements: rows
            .into_iter()
            .map(|row| AnnouncementItem {
                title: row.title_id.clone(),
                severity: Severity::from_code(&row.severity).unwrap_or(Severity::Info),
                audience: row.provider_slug.clone().unwrap_or_else(|| row.audience.clone()),
                created_at: rfc3339(&row.created_at),
                sent: row.sent_at.is_some(),
                recipients: row.recipients,
                id: row.id,
            })
            .collect(),
        failed_deliveries: log
            .into_iter()
            .map(|row| DeliveryItem {
                id: row.id,
                channel: row.channel,
                status: row.status,
                attempts: row.attempts,
                error: row.last_error.unwrap_or_default(),
                title: row.title,
                kind: row.kind,
                email: row.email,
                updated_at: rfc3339(&row.updated_at),
            })
            .collect(),
    })
}

/// Shows the announcement as the banner will, in both languages, with its reach.
#[server(endpoint = "admin/announcements/preview")]
pub async fn preview_announcement(
    #[server(default)] title_id: String,
    #[server(default)] title_en: String,
    #[server(default)] body_id: String,
    #[server(default)] body_en: String,
    #[server(default)] severity: String,
    #[server(default)] link: String,
    #[server(default)] audience: String,
    #[server(default)] provider: String,
    #[server(default)] banner_days: String,
) -> Result<AnnouncementPreview, AppError> {
    use crate::accounts::Role;
    use crate::accounts::auth::ssr::require_staff;
    require_staff(Role::Support).await?;
    let state = crate::state::AppState::from_context()?;
    let draft = ssr::checked(
        &state,
        [&title_id, &title_en, &body_id, &body_en],
        &severity,
        &link,
        &audience,
        &provider,
        &banner_days,
    )
    .await?;
    let recipients = crate::notifications::announcements::audience_size(&state.db, &draft.audience)
        .await
        .map_err(AppError::internal)?;
    let banner = |title: &str, body: &str| BannerView {
        id: String::new(),
        title: title.to_string(),
        body: body.to_string(),
        severity: draft.severity,
        link: draft.link.clone(),
    };
    Ok(AnnouncementPreview {
        id: banner(&draft.title.id, &draft.body.id),
        en: banner(&draft.title.en, &draft.body.en),
        recipients,
    })
}

/// Sends the announcement: written now, delivered to every user of the audience by a job.
#[server(endpoint = "admin/announcements/send")]
pub async fn send_announcement(
    #[server(default)] title_id: String,
    #[server(default)] title_en: String,
    #[server(default)] body_id: String,
    #[server(default)] body_en: String,
    #[server(default)] severity: String,
    #[server(default)] link: String,
    #[server(default)] audience: String,
    #[server(default)] provider: String,
    #[server(default)] banner_days: String,
) -> Result<String, AppError> {
    use crate::audit::AuditAction;
    let mut change = super::change::AdminChange::begin().await?;
    let draft = ssr::checked(
        &change.state,
        [&title_id, &title_en, &body_id, &body_en],
        &severity,
        &link,
        &audience,
        &provider,
        &banner_days,
    )
    .await?;
    let clock = change.state.clock.clone();
    let admin_id = change.admin.id.clone();
    let id =
        crate::notifications::announcements::create_in(&mut change.tx, clock.as_ref(), &admin_id, &draft)
            .await
            .map_err(AppError::internal)?;
    let (kind, provider) = draft.audience.parts();
    let details = serde_json::json!({ "title": draft.title.id, "audience": kind, "provider": provider });
    change
        .finish(AuditAction::AnnouncementSent, ("announcement", &id), details)
        .await?;
    Ok(id)
}

#[cfg(feature = "ssr")]
mod ssr {
    use crate::accounts::validation::Checks;
    use crate::error::AppError;
    use crate::notifications::announcements::NewAnnouncement;
    use crate::notifications::templates::Bilingual;
    use crate::notifications::{Audience, Severity};
    use crate::state::AppState;
    use crate::ui::FormText;

    /// The form, checked: texts present and not too long, a link to our site or https,
    /// an audience (a provider we sell), a banner of 0–30 days.
    pub async fn checked(
        state: &AppState,
        [title_id, title_en, body_id, body_en]: [&str; 4],
        severity: &str,
        link: &str,
        audience: &str,
        provider: &str,
        banner_days: &str,
    ) -> Result<NewAnnouncement, AppError> {
        let mut checks = Checks::default();
        let text = |checks: &mut Checks, field: &str, value: &str, max: usize| {
            let value = checks.optional_text(field, value, max);
            if value.is_empty() {
                checks.fail(field, FormText::Required);
            }
            value
        };
        let title = Bilingual::new(
            text(&mut checks, "title_id", title_id, 120),
            text(&mut checks, "title_en", title_en, 120),
        );
        let body = Bilingual::new(
            text(&mut checks, "body_id", body_id, 1000),
            text(&mut checks, "body_en", body_en, 1000),
        );
        let link = checks.optional_text("link", link, 500);
        // The same check as a sign-in's `next` for our own paths ("/\\evil" is not ours).
        let ours = crate::url::safe_next(&link, "") == link;
        let https = link.starts_with("https://")
            && !link
                .chars()
                .any(|c| c.is_control() || c.is_whitespace() || c == '\\');
        if !(link.is_empty() || ours || https) {
            checks.fail("link", FormText::LinkInvalid);
        }
        let audience = match audience {
            "active" => Audience::ActiveServices,
            "provider" => {
                let catalog = crate::catalog::storefront_catalog().await?;
                if !catalog.providers.iter().any(|known| known.slug == provider) {
                    checks.fail("provider", FormText::ProviderRequired);
                }
                Audience::Provider(provider.to_string())
            }
            _ => Audience::All,
        };
        let days = checks
            .optional_number("banner_days", banner_days, 0, 30)
            .unwrap_or(0);
        checks.finish()?;
        Ok(NewAnnouncement {
            title,
            body,
            severity: Severity::from_code(severity).unwrap_or(Severity::Info),
            link: (!link.is_empty()).then_some(link),
            audience,
            banner_until: (days > 0).then(|| state.clock.now() + chrono::Duration::days(days)),
        })
    }
}
