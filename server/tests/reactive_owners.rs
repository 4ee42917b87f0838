//! Leptos' owner tree under a request that goes away mid-render (vendor/README.md). One thread
//! looks a context up from deep in the tree while another drops the tree's owners: with
//! reactive_graph 0.2.16 as released, the looking thread deadlocks on itself within the first
//! rounds; the patched copy in vendor/ must finish every round. And a `<Suspense/>`'s effect
//! running while the request goes away: as released, its owners are torn down under it and it
//! goes on without the contexts and values its view reads, and panics (seen in CI's
//! vulnerability scan); patched, it keeps them until it returns.

use any_spawner::Executor;
use leptos::prelude::Effect;
use leptos::reactive::owner::{Owner, provide_context, use_context};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Barrier, mpsc};
use std::thread;
use std::time::Duration;

/// Enough rounds that the released crate failed in every run (10 of 10, by round 142 at most).
const ROUNDS: usize = 500;
/// Levels between the owner that provides the context and the one that looks it up, as
/// between the app shell and a component inside a `Suspense`.
const DEPTH: usize = 6;

#[derive(Clone)]
struct PageLang;

#[test]
fn a_context_lookup_survives_its_ancestors_being_dropped_on_another_thread() {
    for round in 0..ROUNDS {
        let root = Owner::new();
        root.with(|| provide_context(PageLang));
        let mut ancestors = vec![root];
        for _ in 0..DEPTH {
            let child = ancestors.last().expect("the root is there").child();
            ancestors.push(child);
        }
        let leaf = ancestors.pop().expect("the deepest owner");

        let start = Arc::new(Barrier::new(2));
        let stop = Arc::new(AtomicBool::new(false));
        let (found_tx, found_rx) = mpsc::channel();
        let (done_tx, done_rx) = mpsc::channel();
        thread::spawn({
            let (start, stop) = (Arc::clone(&start), Arc::clone(&stop));
            move || {
                found_tx
                    .send(leaf.with(use_context::<PageLang>).is_some())
                    .expect("the test waits");
                start.wait();
                while !stop.load(Ordering::Relaxed) {
                    leaf.with(use_context::<PageLang>);
                }
                drop(leaf);
                done_tx.send(()).expect("the test waits");
            }
        });
        assert!(
            found_rx.recv().expect("the looking thread reports"),
            "the context is found from the leaf"
        );

        start.wait();
        // Vary the moment so the drops meet the walk at different ancestors.
        thread::sleep(Duration::from_micros((round % 50) as u64));
        // Nearest ancestor first, as a view tree is torn down: each drop can then be the one
        // whose cleanup reaches the leaf.
        while let Some(owner) = ancestors.pop() {
            drop(owner);
        }
        stop.store(true, Ordering::Relaxed);
        assert!(
            done_rx.recv_timeout(Duration::from_secs(10)).is_ok(),
            "round {round}: the thread looking up the context never finished (deadlocked)"
        );
    }
}

/// Lookups the effect below makes after its owners were dropped.
const LOOKUPS_AFTER_DROP: usize = 10_000;

#[test]
fn a_running_effect_keeps_its_owners_until_it_returns() {
    // Effects run on tokio's worker threads, as in the server; this thread plays the request
    // that goes away.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .build()
        .expect("a runtime");
    let _entered = runtime.enter();
    Executor::init_tokio().expect("one executor per test process (nextest)");

    let root = Owner::new();
    root.with(|| provide_context(PageLang));
    let suspense = root.child();
    let dropped = Arc::new(AtomicBool::new(false));
    let (started_tx, started_rx) = mpsc::channel();
    let (done_tx, done_rx) = mpsc::channel();
    suspense.with(|| {
        let dropped = Arc::clone(&dropped);
        // As a `<Suspense/>`'s effect walks its view: context lookups, for as long as it takes.
        Effect::new_isomorphic(move || {
            let found_at_start = use_context::<PageLang>().is_some();
            started_tx.send(found_at_start).expect("the test waits");
            while !dropped.load(Ordering::SeqCst) {
                std::hint::spin_loop();
            }
            let missing = (0..LOOKUPS_AFTER_DROP)
                .filter(|_| use_context::<PageLang>().is_none())
                .count();
            done_tx.send(missing).expect("the test waits");
        });
    });

    assert!(
        started_rx
            .recv_timeout(Duration::from_secs(10))
            .expect("the effect runs"),
        "the effect finds the page's context while its owners are there"
    );
    // The request goes away while the effect runs.
    drop(suspense);
    drop(root);
    dropped.store(true, Ordering::SeqCst);
    let missing = done_rx
        .recv_timeout(Duration::from_secs(10))
        .expect("the effect finishes");
    assert_eq!(
        missing, 0,
        "{missing} of {LOOKUPS_AFTER_DROP} context lookups failed in an effect whose owners were dropped while it ran"
    );
}
