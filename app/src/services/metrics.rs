//! The service page's charts: CPU, bandwidth and disk I/O over the last hour, day or week,
//! drawn as SVG from the provider's readings (the simulated cloud makes its own).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum MetricsRange {
    Hour,
    Day,
    Week,
}

impl MetricsRange {
    pub const ALL: [MetricsRange; 3] = [MetricsRange::Hour, MetricsRange::Day, MetricsRange::Week];

    pub fn code(self) -> &'static str {
        match self {
            MetricsRange::Hour => "1h",
            MetricsRange::Day => "24h",
            MetricsRange::Week => "7d",
        }
    }

    /// Unknown codes read as the day view (the default).
    pub fn from_code(code: &str) -> MetricsRange {
        MetricsRange::ALL
            .into_iter()
            .find(|range| range.code() == code)
            .unwrap_or(MetricsRange::Day)
    }

    pub fn seconds(self) -> i64 {
        match self {
            MetricsRange::Hour => 3_600,
            MetricsRange::Day => 86_400,
            MetricsRange::Week => 7 * 86_400,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ChartKind {
    Cpu,
    Network,
    Disk,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SeriesKind {
    Cpu,
    In,
    Out,
    Read,
    Write,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Series {
    pub kind: SeriesKind,
    /// (UNIX seconds, value), oldest first.
    pub points: Vec<(i64, f64)>,
}

/// One chart; no series means the provider does not offer this metric.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Chart {
    pub kind: ChartKind,
    pub series: Vec<Series>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MetricsNote {
    /// The provider has no metrics for machines.
    NotOffered,
    /// The provider did not answer; try again later.
    Unavailable,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServiceMetrics {
    pub range: MetricsRange,
    /// UNIX seconds, and the same as RFC 3339 for the axis labels.
    pub start: i64,
    pub end: i64,
    pub start_at: String,
    pub end_at: String,
    pub charts: Vec<Chart>,
    pub note: Option<MetricsNote>,
}

/// The largest reading of a chart, rounded up to a "nice" axis maximum (1, 2 or 5 × 10ⁿ);
/// at least 1 so an idle machine still draws a flat line at the bottom.
pub fn axis_max(chart: &Chart) -> f64 {
    let max = chart
        .series
        .iter()
        .flat_map(|series| series.points.iter().map(|(_, value)| *value))
        .fold(0.0_f64, f64::max);
    if max <= 1.0 {
        return 1.0;
    }
    let magnitude = 10_f64.powf(max.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|step| step * magnitude)
        .find(|candidate| *candidate >= max)
        .unwrap_or(10.0 * magnitude)
}

/// An SVG polyline's `points` for readings between `start` and `end` in a `width` ×
/// `height` box (y grows downwards, `max` at the top).
pub fn polyline(points: &[(i64, f64)], start: i64, end: i64, max: f64, width: f64, height: f64) -> String {
    let span = (end - start).max(1) as f64;
    points
        .iter()
        .map(|(at, value)| {
            let x = ((*at - start) as f64 / span * width).clamp(0.0, width);
            let y = height - (value / max).clamp(0.0, 1.0) * height;
            format!("{x:.1},{y:.1}")
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A reading with its unit, scaled for people: `12.5 %`, `3.4 Mbit/s`, `820 KB/s`.
pub fn format_value(kind: ChartKind, value: f64) -> String {
    match kind {
        ChartKind::Cpu => format!("{value:.0} %"),
        ChartKind::Network if value >= 1_000_000.0 => format!("{:.1} Mbit/s", value / 1_000_000.0),
        ChartKind::Network if value >= 1_000.0 => format!("{:.0} kbit/s", value / 1_000.0),
        ChartKind::Network => format!("{value:.0} bit/s"),
        ChartKind::Disk if value >= 1_000.0 => format!("{:.1} MB/s", value / 1_000.0),
        ChartKind::Disk => format!("{value:.0} KB/s"),
    }
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use super::{Chart, ChartKind, MetricsNote, MetricsRange, Series, SeriesKind, ServiceMetrics};
    use crate::error::AppError;
    use crate::provisioning::{Points, Providers};
    use crate::services::metrics_cache::MetricsCache;
    use crate::services::store::ServiceRow;
    use crate::state::AppState;

    /// The charts of `row` over `range`: from the cache while fresh, else from its provider
    /// (counted against the owner's metrics limit). A provider without metrics, or one that
    /// does not answer, gives a note instead of charts.
    pub async fn read(
        state: &AppState,
        cache: &MetricsCache,
        providers: &Providers,
        row: &ServiceRow,
        range: MetricsRange,
    ) -> Result<ServiceMetrics, AppError> {
        let now = state.clock.now();
        if let Some(cached) = cache.get(&row.id, range, now) {
            return Ok(cached);
        }
        // Only calls that reach the provider count.
        state
            .enforce_limit(
                &format!("metrics:{}", row.user_id),
                crate::security::Limit::METRICS_PER_USER,
            )
            .await?;
        let (end, start) = (now.timestamp(), now.timestamp() - range.seconds());
        let mut metrics = ServiceMetrics {
            range,
            start,
            end,
            start_at: crate::clock::rfc3339(&(now - chrono::Duration::seconds(range.seconds()))),
            end_at: crate::clock::rfc3339(&now),
            charts: Vec::new(),
            note: None,
        };
        let Some(provider) = providers.get(&row.provider_slug) else {
            metrics.note = Some(MetricsNote::Unavailable);
            return Ok(metrics);
        };
        let readings = match provider.metrics(&row.provider_instance_id, start, end).await {
            Ok(Some(readings)) => readings,
            Ok(None) => {
                metrics.note = Some(MetricsNote::NotOffered);
                cache.put(&row.id, range, now, metrics.clone());
                return Ok(metrics);
            }
            Err(error) => {
                tracing::warn!(service = %row.id, %error, "metrics unavailable");
                metrics.note = Some(MetricsNote::Unavailable);
                return Ok(metrics);
            }
        };
        let chart = |kind: ChartKind, series: Vec<(SeriesKind, Option<Points>)>| Chart {
            kind,
            series: series
                .into_iter()
                .filter_map(|(kind, points)| points.map(|points| Series { kind, points }))
                .collect(),
        };
        metrics.charts = vec![
            chart(ChartKind::Cpu, vec![(SeriesKind::Cpu, readings.cpu_percent)]),
            chart(
                ChartKind::Network,
                vec![
                    (SeriesKind::In, readings.network_in),
                    (SeriesKind::Out, readings.network_out),
                ],
            ),
            chart(
                ChartKind::Disk,
                vec![
                    (SeriesKind::Read, readings.disk_read),
                    (SeriesKind::Write, readings.disk_write),
                ],
            ),
        ];
        cache.put(&row.id, range, now, metrics.clone());
        Ok(metrics)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axes_end_on_round_numbers() {
        let chart = |values: &[f64]| Chart {
            kind: ChartKind::Cpu,
            series: vec![Series {
                kind: SeriesKind::Cpu,
                points: values.iter().enumerate().map(|(i, v)| (i as i64, *v)).collect(),
            }],
        };
        assert_eq!(axis_max(&chart(&[0.0, 0.2])), 1.0);
        assert_eq!(axis_max(&chart(&[3.0, 17.0])), 20.0);
        assert_eq!(axis_max(&chart(&[42.0])), 50.0);
        assert_eq!(axis_max(&chart(&[2_300_000.0])), 5_000_000.0);
    }

    #[test]
    fn readings_map_into_the_box() {
        let line = polyline(&[(0, 0.0), (50, 10.0), (100, 20.0)], 0, 100, 20.0, 200.0, 100.0);
        assert_eq!(line, "0.0,100.0 100.0,50.0 200.0,0.0");
    }

    #[test]
    fn values_read_with_units() {
        assert_eq!(format_value(ChartKind::Network, 3_400_000.0), "3.4 Mbit/s");
        assert_eq!(format_value(ChartKind::Disk, 820.0), "820 KB/s");
        assert_eq!(format_value(ChartKind::Cpu, 12.4), "12 %");
        assert_eq!(MetricsRange::from_code("7d"), MetricsRange::Week);
        assert_eq!(MetricsRange::from_code("x"), MetricsRange::Day);
    }
}
