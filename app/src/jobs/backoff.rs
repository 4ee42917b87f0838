use std::hash::{Hash, Hasher};
use std::time::Duration;

/// Exponential backoff with deterministic jitter: `base · 2^(attempt-1)`, capped at `max`,
/// then scaled by a factor in [0.8, 1.2) derived from the job id, so jobs that failed
/// together do not all retry in the same instant, yet a given job's schedule is reproducible.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    pub base: Duration,
    pub max: Duration,
}

impl Default for Backoff {
    fn default() -> Self {
        Backoff {
            base: Duration::from_secs(5),
            max: Duration::from_secs(60 * 60),
        }
    }
}

impl Backoff {
    /// Delay before the attempt after `attempt` (1-based) failed.
    pub fn delay(&self, attempt: i32, job_id: &str) -> Duration {
        let exponent = u32::try_from(attempt.saturating_sub(1)).unwrap_or(0).min(30);
        let raw = self.base.saturating_mul(1u32 << exponent).min(self.max);
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        (job_id, attempt).hash(&mut hasher);
        let permille = 800 + (hasher.finish() % 400) as u32;
        raw * permille / 1000
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubles_each_attempt_within_jitter_and_caps() {
        let backoff = Backoff {
            base: Duration::from_secs(10),
            max: Duration::from_secs(100),
        };
        for (attempt, nominal) in [
            (1, 10.0),
            (2, 20.0),
            (3, 40.0),
            (4, 80.0),
            (5, 100.0),
            (40, 100.0),
        ] {
            let delay = backoff.delay(attempt, "job-1").as_secs_f64();
            assert!(
                (nominal * 0.8..nominal * 1.2).contains(&delay),
                "attempt {attempt}: {delay}s not within 20% of {nominal}s"
            );
        }
    }

    #[test]
    fn jitter_differs_between_jobs_but_not_between_calls() {
        let backoff = Backoff::default();
        assert_eq!(backoff.delay(3, "a"), backoff.delay(3, "a"));
        let spread: std::collections::HashSet<_> =
            (0..20).map(|i| backoff.delay(3, &format!("job-{i}"))).collect();
        assert!(spread.len() > 10, "jitter should spread jobs apart");
    }
}
