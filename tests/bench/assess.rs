//! `cargo bench`: time per assessment natively (median of batches). Reports numbers only; the
//! targets (10 µs natively, 50 µs through WebAssembly) are checked by reading them, not by CI.

use ai_security_navigator::{assess, assessment, builtin_catalog, layout, report};
use std::hint::black_box;
use std::time::{Duration, Instant};

fn median_per_call(mut batch: impl FnMut(), calls: u32) -> Duration {
    for _ in 0..3 {
        batch(); // warm up
    }
    let mut samples: Vec<Duration> = (0..21)
        .map(|_| {
            let start = Instant::now();
            batch();
            start.elapsed() / calls
        })
        .collect();
    samples.sort();
    samples[samples.len() / 2]
}

fn main() {
    let catalog = builtin_catalog();
    let text = include_str!("../../examples/mail-agent.json");
    let (file, problems) = assessment::read(text, catalog);
    assert!(problems.is_empty());
    const CALLS: u32 = 200;
    let rows = [
        (
            "assess (answers already read)",
            median_per_call(
                || {
                    for _ in 0..CALLS {
                        black_box(assess(catalog, black_box(&file)));
                    }
                },
                CALLS,
            ),
        ),
        (
            "read + assess + result JSON",
            median_per_call(
                || {
                    for _ in 0..CALLS {
                        let (f, _) = assessment::read(black_box(text), catalog);
                        black_box(assess(catalog, &f).to_json());
                    }
                },
                CALLS,
            ),
        ),
        (
            "read the file",
            median_per_call(
                || {
                    for _ in 0..CALLS {
                        black_box(assessment::read(black_box(text), catalog));
                    }
                },
                CALLS,
            ),
        ),
        ("result JSON", {
            let result = assess(catalog, &file);
            median_per_call(
                || {
                    for _ in 0..CALLS {
                        black_box(result.to_json());
                    }
                },
                CALLS,
            )
        }),
        (
            "Markdown report",
            median_per_call(
                || {
                    for _ in 0..CALLS {
                        let result = assess(catalog, &file);
                        black_box(report::markdown(catalog, &file, &result, "2026-01-01"));
                    }
                },
                CALLS,
            ),
        ),
    ];
    println!("\nnative, full answer set (examples/mail-agent.json), median of 21 batches of {CALLS}:");
    for (name, d) in rows {
        println!("  {name:<32} {:>8.1} µs", d.as_secs_f64() * 1e6);
    }

    // Diagram layouts: the real catalog and a synthetic one ten times larger.
    let large = catalog.scaled(10);
    println!("\nnative, diagram layout (+ its JSON), median of 21 batches:");
    for view in layout::VIEWS {
        let real = median_per_call(
            || {
                for _ in 0..20 {
                    black_box(layout::layout(catalog, view).unwrap().to_json());
                }
            },
            20,
        );
        let big = median_per_call(
            || {
                black_box(layout::layout(&large, view).unwrap().to_json());
            },
            1,
        );
        println!("  {view:<16} {:>8.1} µs   10× catalog {:>9.1} µs", real.as_secs_f64() * 1e6, big.as_secs_f64() * 1e6);
    }
}
