//! Machine metrics: the simulated cloud's readings (plausible, reproducible), and turning
//! what the real providers send into the same series.

use super::provider::{InstanceMetrics, Points};
use serde_json::Value;
use std::hash::{Hash, Hasher};

/// Readings per chart: enough for a smooth line, few enough for a small response.
pub const POINTS_PER_CHART: i64 = 60;

/// A number in [0, 1) that depends only on its inputs.
fn noise(seed: &str, step: i64, series: u8) -> f64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    (seed, step, series).hash(&mut hasher);
    (hasher.finish() % 10_000) as f64 / 10_000.0
}

/// The simulated machine's use: a base load of its own, a daily rhythm (busier in the
/// Indonesian evening) and noise; the same machine and time always give the same reading.
/// A machine that is not running reads zero at the end of the period.
pub fn simulated(id: &str, start: i64, end: i64, running: bool) -> InstanceMetrics {
    let step = ((end - start) / POINTS_PER_CHART).max(60);
    let base = 5.0 + noise(id, 0, 0) * 25.0;
    let mut metrics = InstanceMetrics::default();
    let (mut cpu, mut net_in, mut net_out, mut read, mut write) = (vec![], vec![], vec![], vec![], vec![]);
    let mut at = start - start.rem_euclid(step);
    while at <= end {
        let bucket = at / step;
        // Peak at 20:00 WIB (13:00 UTC).
        let daily = ((at - 13 * 3600) as f64 / 86_400.0 * std::f64::consts::TAU).cos();
        let busy = if running || at < end - step { 1.0 } else { 0.0 };
        let load = (base * (1.0 + 0.6 * daily) + noise(id, bucket, 1) * 12.0).clamp(0.0, 100.0) * busy;
        cpu.push((at, (load * 10.0).round() / 10.0));
        net_in.push((
            at,
            (load * 40_000.0 * (0.5 + noise(id, bucket, 2))).round() * busy,
        ));
        net_out.push((
            at,
            (load * 90_000.0 * (0.5 + noise(id, bucket, 3))).round() * busy,
        ));
        read.push((at, (load * 8.0 * noise(id, bucket, 4)).round() * busy));
        write.push((at, (load * 15.0 * noise(id, bucket, 5)).round() * busy));
        at += step;
    }
    metrics.cpu_percent = Some(cpu);
    metrics.network_in = Some(net_in);
    metrics.network_out = Some(net_out);
    metrics.disk_read = Some(read);
    metrics.disk_write = Some(write);
    metrics
}

/// A `[[timestamp, value], …]` array; timestamps in seconds or (`millis`) milliseconds,
/// values as numbers or numeric strings (Prometheus style). Unreadable pairs are skipped.
pub fn pairs(value: Option<&Value>, millis: bool) -> Points {
    let number = |value: &Value| match value {
        Value::Number(number) => number.as_f64(),
        Value::String(text) => text.parse().ok(),
        _ => None,
    };
    value
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|pair| {
            let pair = pair.as_array()?;
            let at = number(pair.first()?)?;
            let at = if millis { at / 1000.0 } else { at };
            Some((at as i64, number(pair.get(1)?)?))
        })
        .collect()
}

/// CPU use in percent from per-mode cumulative CPU seconds (DigitalOcean's `cpu` metric:
/// one series per mode): the share of time not idle between consecutive readings.
pub fn cpu_percent_from_counters(modes: &[(String, Points)]) -> Points {
    let Some((_, first)) = modes.first() else {
        return Vec::new();
    };
    let total_at = |index: usize| -> Option<(f64, f64)> {
        let mut total = 0.0;
        let mut idle = 0.0;
        for (mode, points) in modes {
            let value = points.get(index)?.1;
            total += value;
            if mode == "idle" {
                idle += value;
            }
        }
        Some((total, idle))
    };
    (1..first.len())
        .filter_map(|index| {
            let (total, idle) = total_at(index)?;
            let (previous_total, previous_idle) = total_at(index - 1)?;
            let spent = total - previous_total;
            (spent > 0.0).then(|| {
                let busy = 100.0 * (1.0 - (idle - previous_idle) / spent);
                (first[index].0, (busy.clamp(0.0, 100.0) * 10.0).round() / 10.0)
            })
        })
        .collect()
}

/// Keeps the readings between `start` and `end`.
pub fn within(points: Points, start: i64, end: i64) -> Points {
    points
        .into_iter()
        .filter(|(at, _)| (start..=end).contains(at))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn simulated_readings_are_plausible_and_reproducible() {
        let a = simulated("sim-1", 1_800_000_000, 1_800_086_400, true);
        let b = simulated("sim-1", 1_800_000_000, 1_800_086_400, true);
        assert_eq!(a, b);
        let cpu = a.cpu_percent.unwrap();
        assert!((55..=62).contains(&cpu.len()), "{}", cpu.len());
        assert!(cpu.iter().all(|(_, value)| (0.0..=100.0).contains(value)));
        assert!(cpu.iter().any(|(_, value)| *value > 1.0));
        let off = simulated("sim-1", 1_800_000_000, 1_800_003_600, false);
        assert_eq!(off.cpu_percent.unwrap().last().unwrap().1, 0.0);
    }

    #[test]
    fn counters_become_percentages() {
        let modes = vec![
            ("idle".to_string(), vec![(0, 100.0), (60, 145.0), (120, 190.0)]),
            ("user".to_string(), vec![(0, 10.0), (60, 25.0), (120, 25.0)]),
        ];
        // 60 s: 45 idle of 60 → 25 %; then 45 idle of 45 → 0 %.
        assert_eq!(cpu_percent_from_counters(&modes), vec![(60, 25.0), (120, 0.0)]);
    }

    #[test]
    fn reads_pairs_in_both_styles() {
        let prometheus = json!([[1_636_051_668, "0.5"], [1_636_051_728, "1.5"]]);
        assert_eq!(
            pairs(Some(&prometheus), false),
            vec![(1_636_051_668, 0.5), (1_636_051_728, 1.5)]
        );
        let linode = json!([[1_521_483_600_000_i64, 0.42], ["x"]]);
        assert_eq!(pairs(Some(&linode), true), vec![(1_521_483_600, 0.42)]);
    }
}
