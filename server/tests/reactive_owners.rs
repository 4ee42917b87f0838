//! Leptos' owner tree under a request that goes away mid-render (vendor/README.md): one thread
//! looks a context up from deep in the tree while another drops the tree's owners. With
//! reactive_graph 0.2.16 as released, the looking thread deadlocks on itself within the first
//! rounds; the patched copy in vendor/ must finish every round.

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
