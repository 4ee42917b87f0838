//! The durable job queue, on both engines: transactional enqueue, leases and crash
//! recovery, retries with backoff, dead jobs, exactly-once claiming under concurrency.

mod common;

use app::clock::{Clock, ManualClock};
use app::db::Engine;
use app::jobs::{
    Backoff, JobError, JobQueue, JobRegistry, JobStatus, NewJob, Outcome, Worker, WorkerSettings,
};
use common::{ClockedDb, TestAppOptions, TestDatabase, spawn_app_on};
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

const LEASE: Duration = Duration::from_secs(30);
const BACKOFF: Backoff = Backoff {
    base: Duration::from_secs(10),
    max: Duration::from_secs(600),
};

struct Fixture {
    queue: JobQueue,
    clock: ManualClock,
    _db: ClockedDb,
}

async fn fixture(engine: Engine) -> Fixture {
    let db = ClockedDb::create(engine).await;
    Fixture {
        queue: JobQueue::new(db.db.clone(), db.shared_clock()),
        clock: db.clock.clone(),
        _db: db,
    }
}

fn worker(queue: &JobQueue, registry: JobRegistry) -> Worker {
    let settings = WorkerSettings {
        lease: LEASE,
        poll_interval: Duration::from_millis(10),
        backoff: BACKOFF,
    };
    Worker::new(queue.clone(), Arc::new(registry), settings)
}

fn counting_handler(counter: Arc<AtomicUsize>) -> JobRegistry {
    let mut registry = JobRegistry::default();
    registry.register("count", move |_job| {
        let counter = counter.clone();
        async move {
            counter.fetch_add(1, Ordering::SeqCst);
            Ok(())
        }
    });
    registry
}

async fn enqueue_is_part_of_the_callers_transaction(engine: Engine) {
    let f = fixture(engine).await;
    let mut tx = f.queue.db().begin().await.unwrap();
    let rolled_back = f
        .queue
        .enqueue_in(&mut tx, NewJob::new("count", ()).unwrap())
        .await
        .unwrap();
    tx.rollback().await.unwrap();
    assert!(
        f.queue.get(&rolled_back).await.unwrap().is_none(),
        "rolled back with the transaction"
    );

    let mut tx = f.queue.db().begin().await.unwrap();
    let committed = f
        .queue
        .enqueue_in(&mut tx, NewJob::new("count", ()).unwrap())
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let job = f
        .queue
        .get(&committed)
        .await
        .unwrap()
        .expect("committed job exists");
    assert_eq!(job.status, JobStatus::Queued);
}

async fn a_unique_key_enqueues_once(engine: Engine) {
    let f = fixture(engine).await;
    let first = f
        .queue
        .enqueue(NewJob::new("count", 1).unwrap().unique_key("provision:order-1"))
        .await
        .unwrap();
    let second = f
        .queue
        .enqueue(NewJob::new("count", 2).unwrap().unique_key("provision:order-1"))
        .await
        .unwrap();
    assert_eq!(first, second);
    assert_eq!(f.queue.counts().await.unwrap().queued, 1);
}

async fn jobs_run_once_and_succeed(engine: Engine) {
    let f = fixture(engine).await;
    let counter = Arc::new(AtomicUsize::new(0));
    let worker = worker(&f.queue, counting_handler(counter.clone()));
    let id = f.queue.enqueue(NewJob::new("count", ()).unwrap()).await.unwrap();
    assert_eq!(
        worker.try_execute_next().await.unwrap(),
        Outcome::Succeeded { id: id.clone() }
    );
    assert_eq!(worker.try_execute_next().await.unwrap(), Outcome::Idle);
    assert_eq!(counter.load(Ordering::SeqCst), 1);
    let job = f.queue.get(&id).await.unwrap().unwrap();
    assert_eq!(job.status, JobStatus::Succeeded);
    assert_eq!(job.attempts, 1);
    assert!(job.finished_at.is_some() && job.locked_by.is_none());
}

async fn future_jobs_wait_for_their_time(engine: Engine) {
    let f = fixture(engine).await;
    let counter = Arc::new(AtomicUsize::new(0));
    let worker = worker(&f.queue, counting_handler(counter.clone()));
    let later = f.clock.now() + chrono::Duration::minutes(5);
    f.queue
        .enqueue(NewJob::new("count", ()).unwrap().run_at(later))
        .await
        .unwrap();
    assert_eq!(worker.try_execute_next().await.unwrap(), Outcome::Idle);
    f.clock.advance(Duration::from_secs(5 * 60));
    assert!(matches!(
        worker.try_execute_next().await.unwrap(),
        Outcome::Succeeded { .. }
    ));
}

/// What the queue-age alert reads: the longest a due job has waited, a future job not
/// counting until its time, a job of a dead worker counting from its lease's end.
async fn the_queue_tells_how_long_its_oldest_due_job_waited(engine: Engine) {
    let f = fixture(engine).await;
    assert_eq!(f.queue.oldest_wait().await.unwrap(), Duration::ZERO);
    let later = f.clock.now() + chrono::Duration::minutes(5);
    f.queue
        .enqueue(NewJob::new("count", ()).unwrap().run_at(later))
        .await
        .unwrap();
    f.clock.advance(Duration::from_secs(60));
    assert_eq!(
        f.queue.oldest_wait().await.unwrap(),
        Duration::ZERO,
        "not due yet"
    );
    f.queue.enqueue(NewJob::new("count", ()).unwrap()).await.unwrap();
    f.clock.advance(Duration::from_secs(90));
    assert_eq!(f.queue.oldest_wait().await.unwrap(), Duration::from_secs(90));

    // Taken by a worker that then dies: waiting again once its lease ran out.
    f.queue
        .claim("crashed-worker", LEASE)
        .await
        .unwrap()
        .expect("claimed");
    assert_eq!(f.queue.oldest_wait().await.unwrap(), Duration::ZERO);
    f.clock.advance(LEASE + Duration::from_secs(30));
    assert_eq!(f.queue.oldest_wait().await.unwrap(), Duration::from_secs(30));
    // The future job is due now too, since less long.
    f.clock.advance(Duration::from_secs(90));
    assert_eq!(f.queue.oldest_wait().await.unwrap(), Duration::from_secs(120));
}

async fn a_crashed_workers_job_is_resumed_after_its_lease_expires(engine: Engine) {
    let f = fixture(engine).await;
    let id = f.queue.enqueue(NewJob::new("count", ()).unwrap()).await.unwrap();

    // Worker A claims the job and then "crashes": it never completes nor renews the lease.
    let claimed = f
        .queue
        .claim("crashed-worker", LEASE)
        .await
        .unwrap()
        .expect("job claimed");
    assert_eq!(claimed.id, id);

    let counter = Arc::new(AtomicUsize::new(0));
    let survivor = worker(&f.queue, counting_handler(counter.clone()));
    assert_eq!(
        survivor.try_execute_next().await.unwrap(),
        Outcome::Idle,
        "lease still valid"
    );

    f.clock.advance(LEASE + Duration::from_secs(1));
    assert_eq!(
        survivor.try_execute_next().await.unwrap(),
        Outcome::Succeeded { id: id.clone() }
    );
    assert_eq!(counter.load(Ordering::SeqCst), 1);
    let job = f.queue.get(&id).await.unwrap().unwrap();
    assert_eq!(job.status, JobStatus::Succeeded);
    assert_eq!(job.attempts, 2, "the crashed attempt counts");

    // The crashed worker coming back cannot overwrite the outcome.
    assert!(!f.queue.complete(&claimed, "crashed-worker").await.unwrap());
}

async fn failures_retry_with_exponential_backoff_then_die(engine: Engine) {
    let f = fixture(engine).await;
    let mut registry = JobRegistry::default();
    registry.register("flaky", |_job| async {
        Err(JobError::Retryable("provider returned 503".into()))
    });
    let worker = worker(&f.queue, registry);
    let id = f
        .queue
        .enqueue(NewJob::new("flaky", ()).unwrap().max_attempts(3))
        .await
        .unwrap();

    let mut delays = Vec::new();
    for attempt in 1..=2 {
        let before = f.clock.now();
        let Outcome::Retrying { at, .. } = worker.try_execute_next().await.unwrap() else {
            panic!("attempt {attempt} should be retried");
        };
        let delay = (at - before).to_std().unwrap();
        delays.push(delay);
        let job = f.queue.get(&id).await.unwrap().unwrap();
        assert_eq!(job.status, JobStatus::Queued);
        assert_eq!(job.last_error.as_deref(), Some("provider returned 503"));
        // Not due before its backoff has passed.
        assert_eq!(worker.try_execute_next().await.unwrap(), Outcome::Idle);
        f.clock.advance(delay);
    }
    let nominal = [10.0, 20.0];
    for (delay, nominal) in delays.iter().zip(nominal) {
        let secs = delay.as_secs_f64();
        assert!(
            (nominal * 0.8..nominal * 1.2).contains(&secs),
            "delay {secs}s vs nominal {nominal}s"
        );
    }

    assert_eq!(
        worker.try_execute_next().await.unwrap(),
        Outcome::Dead { id: id.clone() }
    );
    let dead = f.queue.list(Some(JobStatus::Dead), 10).await.unwrap();
    assert_eq!(dead.len(), 1);
    assert_eq!(dead[0].id, id);
    assert_eq!(dead[0].attempts, 3);
    assert_eq!(f.queue.counts().await.unwrap().dead, 1);

    // An admin can put it back.
    assert!(f.queue.requeue_dead(&id).await.unwrap());
    assert_eq!(f.queue.get(&id).await.unwrap().unwrap().status, JobStatus::Queued);
}

async fn permanent_errors_and_panics_are_handled(engine: Engine) {
    let f = fixture(engine).await;
    let mut registry = JobRegistry::default();
    registry.register("refused", |_job| async {
        Err(JobError::Permanent("size not offered in region".into()))
    });
    registry.register("panics", |_job| async { panic!("bug in handler") });
    let worker = worker(&f.queue, registry);

    let refused = f
        .queue
        .enqueue(NewJob::new("refused", ()).unwrap())
        .await
        .unwrap();
    assert_eq!(
        worker.try_execute_next().await.unwrap(),
        Outcome::Dead { id: refused }
    );

    let panics = f.queue.enqueue(NewJob::new("panics", ()).unwrap()).await.unwrap();
    assert!(matches!(worker.try_execute_next().await.unwrap(), Outcome::Retrying { id, .. } if id == panics));
    let job = f.queue.get(&panics).await.unwrap().unwrap();
    assert_eq!(job.last_error.as_deref(), Some("job handler panicked"));

    let unknown = f
        .queue
        .enqueue(NewJob::new("from-a-newer-release", ()).unwrap())
        .await
        .unwrap();
    assert!(
        matches!(worker.try_execute_next().await.unwrap(), Outcome::Retrying { id, .. } if id == unknown)
    );
}

async fn a_job_whose_final_attempt_crashed_is_buried_not_rerun(engine: Engine) {
    let f = fixture(engine).await;
    let id = f
        .queue
        .enqueue(NewJob::new("count", ()).unwrap().max_attempts(1))
        .await
        .unwrap();
    f.queue
        .claim("crashed-worker", LEASE)
        .await
        .unwrap()
        .expect("claimed");
    f.clock.advance(LEASE * 2);
    let counter = Arc::new(AtomicUsize::new(0));
    let survivor = worker(&f.queue, counting_handler(counter.clone()));
    assert_eq!(survivor.try_execute_next().await.unwrap(), Outcome::Dead { id });
    assert_eq!(counter.load(Ordering::SeqCst), 0);
}

async fn concurrent_workers_run_every_job_exactly_once(engine: Engine) {
    let f = fixture(engine).await;
    let runs: Arc<Mutex<HashMap<String, usize>>> = Arc::default();
    let mut registry = JobRegistry::default();
    let seen = runs.clone();
    registry.register("record", move |job: app::jobs::Job| {
        let seen = seen.clone();
        async move {
            *seen.lock().unwrap().entry(job.id.clone()).or_default() += 1;
            tokio::time::sleep(Duration::from_millis(2)).await;
            Ok(())
        }
    });
    const JOBS: usize = 60;
    for i in 0..JOBS {
        f.queue.enqueue(NewJob::new("record", i).unwrap()).await.unwrap();
    }
    let registry = Arc::new(registry);
    let tasks: Vec<_> = (0..4)
        .map(|_| {
            let worker = Worker::new(
                f.queue.clone(),
                registry.clone(),
                WorkerSettings {
                    lease: LEASE,
                    poll_interval: Duration::from_millis(5),
                    backoff: BACKOFF,
                },
            );
            tokio::spawn(async move {
                while worker.try_execute_next().await.expect("queue works") != Outcome::Idle {}
            })
        })
        .collect();
    for task in tasks {
        task.await.unwrap();
    }
    let runs = runs.lock().unwrap().clone();
    assert_eq!(runs.len(), JOBS, "every job ran");
    assert!(runs.values().all(|&n| n == 1), "no job ran twice: {runs:?}");
    assert_eq!(f.queue.counts().await.unwrap().succeeded, JOBS as i64);
}

/// A job due now wakes an idle worker through the event bus when its transaction commits:
/// with an hour between polls, each of these jobs could only run by being woken.
async fn an_idle_worker_is_woken_when_a_job_is_due(engine: Engine) {
    let f = fixture(engine).await;
    let shutdown = tokio_util::sync::CancellationToken::new();
    let events = app::events::EventBus::for_database(&f.queue.db().clone(), shutdown.clone())
        .await
        .unwrap();
    let runs = Arc::new(AtomicUsize::new(0));
    let settings = WorkerSettings {
        lease: LEASE,
        poll_interval: Duration::from_secs(3600),
        backoff: BACKOFF,
    };
    let worker = Worker::new(
        f.queue.clone(),
        Arc::new(counting_handler(runs.clone())),
        settings,
    )
    .waking_on(&events);
    let running = tokio::spawn(worker.run(shutdown.clone()));
    for expected in 1..=3 {
        f.queue
            .enqueue(NewJob::new("count", expected).unwrap())
            .await
            .unwrap();
        tokio::time::timeout(Duration::from_secs(30), async {
            while runs.load(Ordering::SeqCst) < expected {
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
        })
        .await
        .unwrap_or_else(|_| panic!("job {expected} was not started by a wake-up"));
    }
    shutdown.cancel();
    running.await.unwrap();
}

/// Jobs due now, enqueued together (an announcement to 500 customers), wake the workers with
/// one event: on SQLite one outbox row per transaction, not one per job.
async fn jobs_enqueued_together_wake_the_workers_once(engine: Engine) {
    let f = fixture(engine).await;
    let mut tx = f.queue.db().begin().await.unwrap();
    for n in 0..5 {
        f.queue
            .enqueue_in(&mut tx, NewJob::new("count", n).unwrap())
            .await
            .unwrap();
    }
    if let app::db::Tx::Sqlite(conn, _) = &mut tx {
        let wake_ups: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM event_outbox WHERE payload LIKE '%jobs:ready%'")
                .fetch_one(&mut **conn)
                .await
                .unwrap();
        assert_eq!(wake_ups, 1);
    }
    tx.commit().await.unwrap();
    assert_eq!(f.queue.counts().await.unwrap().queued, 5);
}

async fn the_apps_own_workers_drain_the_queue_and_stop_gracefully(engine: Engine) {
    let database = Arc::new(TestDatabase::create(engine).await);
    let done = Arc::new(AtomicUsize::new(0));
    let mut registry = JobRegistry::default();
    let finished = done.clone();
    registry.register("slow-step", move |_job| {
        let finished = finished.clone();
        async move {
            tokio::time::sleep(Duration::from_millis(300)).await;
            finished.fetch_add(1, Ordering::SeqCst);
            Ok(())
        }
    });
    let app = spawn_app_on(
        database,
        TestAppOptions {
            job_workers: 1,
            registry,
            ..Default::default()
        },
    )
    .await;
    let queue = JobQueue::new(app.state.db.clone(), app.state.clock.clone());
    let id = queue
        .enqueue(NewJob::new("slow-step", ()).unwrap())
        .await
        .unwrap();

    // Wait until the worker has started the job, then ask the app to stop.
    for _ in 0..2000 {
        if queue.get(&id).await.unwrap().unwrap().status == JobStatus::Running {
            break;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let db = app.state.db.clone();
    app.stop().await.expect("graceful stop");
    assert_eq!(
        done.load(Ordering::SeqCst),
        1,
        "the running step finished before exit"
    );
    assert!(db.ping().await.is_err(), "pool closed after shutdown");
}

async fn job_outcomes_appear_on_metrics(engine: Engine) {
    let database = Arc::new(TestDatabase::create(engine).await);
    let counter = Arc::new(AtomicUsize::new(0));
    let options = TestAppOptions {
        job_workers: 1,
        registry: counting_handler(counter.clone()),
        ..Default::default()
    };
    let app = spawn_app_on(database, options).await;
    let queue = JobQueue::new(app.state.db.clone(), app.state.clock.clone());
    queue.enqueue(NewJob::new("count", ()).unwrap()).await.unwrap();
    // The worker records the run just after marking the job done, and a scrape reads the
    // queue's depths before it renders the counters: one scrape may count the run while its
    // depths are from just before. Wait for a scrape that shows both.
    let expected = r#"webrana_job_runs_total{kind="count",outcome="succeeded"} 1"#;
    let succeeded = |text: &str| -> i64 {
        text.lines()
            .find_map(|line| line.strip_prefix(r#"webrana_jobs{status="succeeded"} "#))
            .and_then(|n| n.parse().ok())
            .expect("queue depth gauge")
    };
    let mut text = String::new();
    for _ in 0..400 {
        text = app.get("/metrics").await.text().await.unwrap();
        if counter.load(Ordering::SeqCst) == 1 && text.contains(expected) && succeeded(&text) >= 1 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    assert!(text.contains(expected), "{text}");
    // The app's own hourly maintenance job may have succeeded too.
    assert!(succeeded(&text) >= 1, "{text}");
    assert!(
        text.contains(r#"webrana_job_duration_seconds_count{kind="count"} 1"#),
        "{text}"
    );
}

on_both_engines!(
    job_outcomes_appear_on_metrics,
    the_queue_tells_how_long_its_oldest_due_job_waited,
    enqueue_is_part_of_the_callers_transaction,
    a_unique_key_enqueues_once,
    jobs_run_once_and_succeed,
    future_jobs_wait_for_their_time,
    a_crashed_workers_job_is_resumed_after_its_lease_expires,
    failures_retry_with_exponential_backoff_then_die,
    permanent_errors_and_panics_are_handled,
    a_job_whose_final_attempt_crashed_is_buried_not_rerun,
    concurrent_workers_run_every_job_exactly_once,
    the_apps_own_workers_drain_the_queue_and_stop_gracefully,
    an_idle_worker_is_woken_when_a_job_is_due,
    jobs_enqueued_together_wake_the_workers_once,
);
