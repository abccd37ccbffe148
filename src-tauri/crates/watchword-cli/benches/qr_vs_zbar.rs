//! Watchword's QR reader against `zbarimg` (Debian zbar-tools) on the same
//! files, in one run: which corpus cases each reads exactly, and how long a 4K
//! screenshot with one code takes, file read included, as whole commands.
//!
//! `make bench-qr` installs zbar-tools if needed and runs this.

#[path = "../../watchword-core/tests/corpus/mod.rs"]
#[allow(missing_docs, unreachable_pub)]
mod corpus;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

const RUNS: u32 = 10;

/// Texts a command prints for a file, one per line (none on failure).
fn texts(program: &str, args: &[&str], file: &Path) -> Vec<String> {
    let out = Command::new(program)
        .args(args)
        .arg(file)
        .output()
        .expect("runs");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_owned)
        .collect()
}

fn timed(program: &str, args: &[&str], file: &Path) -> Duration {
    let mut total = Duration::ZERO;
    for _ in 0..RUNS {
        let start = Instant::now();
        let status = Command::new(program)
            .args(args)
            .arg(file)
            .output()
            .expect("runs")
            .status;
        total += start.elapsed();
        assert!(status.success(), "{program} failed on {}", file.display());
    }
    total / RUNS
}

fn main() {
    let watchword = env!("CARGO_BIN_EXE_watchword");
    if Command::new("zbarimg").arg("--version").output().is_err() {
        eprintln!("zbarimg is not installed: `make bench-qr` installs zbar-tools");
        std::process::exit(1);
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut ours, mut theirs, mut total) = (0, 0, 0);
    let mut screenshot = None;
    println!("| case | watchword | zbarimg |");
    println!("| --- | --- | --- |");
    for (index, case) in corpus::cases().into_iter().enumerate() {
        let file = dir.path().join(format!("case-{index}.png"));
        case.image.save(&file).expect("png");
        let sorted = |mut v: Vec<String>| {
            v.sort();
            v
        };
        let expected = sorted(case.expected.clone());
        // Reading order differs between tools; compare the sets of texts.
        let w = sorted(texts(watchword, &["scan"], &file)) == expected;
        let z = sorted(texts("zbarimg", &["--raw", "-q"], &file)) == expected;
        ours += usize::from(w);
        theirs += usize::from(z);
        total += 1;
        let mark = |ok: bool| if ok { "read" } else { "missed" };
        println!("| {} | {} | {} |", case.name, mark(w), mark(z));
        if case.name.contains("4K") {
            screenshot = Some(file);
        }
    }
    println!("| **total** | **{ours}/{total}** | **{theirs}/{total}** |");
    let file = screenshot.expect("the corpus has a 4K screenshot");
    let w = timed(watchword, &["scan"], &file);
    let z = timed("zbarimg", &["--raw", "-q"], &file);
    println!();
    println!(
        "4K screenshot, one code, whole command incl. file read (mean of {RUNS}): watchword {:.1} ms, zbarimg {:.1} ms, {:.2}× faster",
        w.as_secs_f64() * 1000.0,
        z.as_secs_f64() * 1000.0,
        z.as_secs_f64() / w.as_secs_f64()
    );
}
