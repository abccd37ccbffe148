//! Watchword's QR reader against every decoder a user could pick instead, on
//! the same files, in one run (`make bench-qr`):
//! - the corpus (`watchword-core/tests/corpus`): which cases `watchword scan`,
//!   `zbarimg` (Debian zbar-tools) and each candidate decoder alone read to
//!   exactly their texts (rqrr with Watchword's former passes, rxing,
//!   zxing-cpp), how many texts were wrong, how long each took, and the
//!   combinations "one decoder, the other only when it found nothing";
//! - busy 4K desktops (several seeds): `watchword scan` against `zbarimg` as
//!   whole commands with the file read, mean of `RUNS`, and the ratio;
//! - the picture decoding apart (`image`'s PNG decoder against `qr::load`,
//!   which turns rows grey as they come) and zxing-cpp's detection alone;
//! - the app's "Scan the screen" on a 4K X server (Xvfb) showing a desktop.
//!
//! `make bench-qr` installs zbar-tools if needed and runs this;
//! `WATCHWORD_QR_SET=DIR make bench-qr` reads another seed's set instead of the
//! corpus (tests/corpus/README.md, Regenerating).

#[path = "qr/candidates.rs"]
mod candidates;
#[path = "../../watchword-core/tests/corpus/mod.rs"]
#[allow(missing_docs, unreachable_pub)]
mod corpus;
#[path = "qr/rqrr_before.rs"]
#[allow(missing_docs, unreachable_pub, dead_code)]
mod rqrr_before;
#[path = "qr/screen.rs"]
mod screen;

use std::collections::BTreeMap;
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

/// Mean wall time of a whole command over `RUNS` runs (one warm-up first),
/// and whether it printed a text.
fn timed(program: &str, args: &[&str], file: &Path) -> (Duration, bool) {
    let run = || {
        let start = Instant::now();
        let out = Command::new(program)
            .args(args)
            .arg(file)
            .output()
            .expect("runs");
        (start.elapsed(), out.stdout)
    };
    let (_, first) = run();
    let mean = (0..RUNS).map(|_| run().0).sum::<Duration>() / RUNS;
    (mean, !first.is_empty())
}

/// Mean time of `f` over `RUNS` calls.
fn mean<T>(mut f: impl FnMut() -> T) -> Duration {
    let start = Instant::now();
    for _ in 0..RUNS {
        std::hint::black_box(f());
    }
    start.elapsed() / RUNS
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".into())
}

/// What one reader made of one case.
#[derive(Clone, Copy, PartialEq)]
enum Outcome {
    /// Exactly the expected texts (nothing, for a picture without a code).
    Read,
    /// Some expected text missing, none wrong.
    Missed,
    /// A text that is not one of the expected texts.
    Wrong,
}

fn judge(got: &[String], expected: &[String]) -> Outcome {
    if got.iter().any(|t| !expected.contains(t)) {
        return Outcome::Wrong;
    }
    let (mut a, mut b) = (got.to_vec(), expected.to_vec());
    a.sort();
    a.dedup();
    b.sort();
    if a == b {
        Outcome::Read
    } else {
        Outcome::Missed
    }
}

const READERS: [&str; 5] = [
    "watchword",
    "zbarimg",
    "rqrr (before)",
    "rxing",
    "zxing-cpp",
];
/// Combinations: the first decoder, the second only when the first found nothing.
const COMBINATIONS: [(usize, usize); 4] = [(4, 3), (4, 2), (3, 4), (2, 4)];

#[derive(Default)]
struct Tally {
    read: [usize; READERS.len()],
    wrong: [usize; READERS.len()],
    combined: [usize; COMBINATIONS.len()],
    positives: usize,
}

fn main() {
    let watchword = env!("CARGO_BIN_EXE_watchword");
    if Command::new("zbarimg").arg("--version").output().is_err() {
        eprintln!("zbarimg is not installed: `make bench-qr` installs zbar-tools");
        std::process::exit(1);
    }
    let zbar_version = Command::new("zbarimg")
        .arg("--version")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default();
    println!(
        "load average at start: {} ({} cores); zbarimg {zbar_version}",
        load_average(),
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    let dir = tempfile::tempdir().expect("temp dir");
    let mut groups: BTreeMap<String, Tally> = BTreeMap::new();
    let mut total = Tally::default();
    let mut decode_time = [Duration::ZERO; 3];
    let (mut own_time, mut own_read) = (Duration::ZERO, 0);
    let mut combined_time = [Duration::ZERO; COMBINATIONS.len()];
    let mut desktops = Vec::new();

    println!();
    println!("| case | {} |", READERS.join(" | "));
    println!("|{}", " --- |".repeat(READERS.len() + 1));
    // Another seed's set (`generate.sh --seed N --preview-dir DIR`), read
    // instead of the corpus: the check on pictures the reader was not tuned on.
    let cases = match std::env::var_os("WATCHWORD_QR_SET") {
        Some(set) => {
            let set = Path::new(&set);
            println!("set: {} (not the corpus)", set.display());
            corpus::pictures_in(&set.join("cases.json"), set)
        }
        None => corpus::cases(),
    };
    for (index, case) in cases.into_iter().enumerate() {
        let file = dir
            .path()
            .join(format!("case-{index}.{}", case.extension()));
        std::fs::write(&file, case.bytes()).expect("write");
        // Each candidate decoder gets the picture as `image` decodes it, grey.
        let image = case.image();
        let gray = image.to_luma8();
        let mut results: Vec<Vec<String>> = vec![
            texts(watchword, &["scan"], &file),
            texts("zbarimg", &["--raw", "-q"], &file),
        ];
        let mut times = [Duration::ZERO; 3];
        for (i, decode) in [
            &(|_: &image::GrayImage| {
                rqrr_before::scan_image(&image)
                    .into_iter()
                    .map(|f| f.text)
                    .collect()
            }) as &dyn Fn(&image::GrayImage) -> Vec<String>,
            &candidates::rxing,
            &candidates::zxing_cpp,
        ]
        .into_iter()
        .enumerate()
        {
            let start = Instant::now();
            results.push(decode(&gray));
            times[i] = start.elapsed();
            decode_time[i] += times[i];
        }
        // Watchword's reader in this process too, on the picture `image` decoded.
        let start = Instant::now();
        let own: Vec<String> = watchword_core::qr::scan_image(&image)
            .into_iter()
            .map(|f| f.text)
            .collect();
        own_time += start.elapsed();
        own_read +=
            usize::from(!case.expected.is_empty() && judge(&own, &case.expected) == Outcome::Read);
        let outcomes: Vec<Outcome> = results.iter().map(|r| judge(r, &case.expected)).collect();
        let positive = !case.expected.is_empty();
        for tally in [&mut total, groups.entry(case.group.clone()).or_default()] {
            tally.positives += usize::from(positive);
            for (i, o) in outcomes.iter().enumerate() {
                tally.read[i] += usize::from(positive && *o == Outcome::Read);
                tally.wrong[i] += usize::from(*o == Outcome::Wrong);
            }
            for (c, &(first, second)) in COMBINATIONS.iter().enumerate() {
                let got = if results[first].is_empty() {
                    &results[second]
                } else {
                    &results[first]
                };
                tally.combined[c] +=
                    usize::from(positive && judge(got, &case.expected) == Outcome::Read);
            }
        }
        for (c, &(first, second)) in COMBINATIONS.iter().enumerate() {
            combined_time[c] += times[first - 2];
            if results[first].is_empty() {
                combined_time[c] += times[second - 2];
            }
        }
        let mark = |o: &Outcome| match (o, positive) {
            (Outcome::Read, true) => "read",
            (Outcome::Read, false) => "nothing (right)",
            (Outcome::Missed, _) => "missed",
            (Outcome::Wrong, _) => "**WRONG TEXT**",
        };
        println!(
            "| {}: {} | {} |",
            case.group,
            case.name,
            outcomes.iter().map(mark).collect::<Vec<_>>().join(" | ")
        );
        if case.group == "4K desktop" {
            desktops.push((case.name.clone(), file, image));
        }
    }

    println!();
    println!("| group (cases with a code) | {} |", READERS.join(" | "));
    println!("|{}", " --- |".repeat(READERS.len() + 1));
    for (group, tally) in groups.iter().chain([(&"**total**".to_owned(), &total)]) {
        let cells: Vec<String> = (0..READERS.len())
            .map(|i| format!("{}/{}", tally.read[i], tally.positives))
            .collect();
        println!("| {group} | {} |", cells.join(" | "));
    }
    let wrong: Vec<String> = total.wrong.iter().map(|w| w.to_string()).collect();
    println!("| wrong texts (any case) | {} |", wrong.join(" | "));
    println!();
    println!("Decoders alone, in this process over the whole corpus (grey pixels from `image`):");
    for (i, name) in READERS[2..].iter().enumerate() {
        println!(
            "- {name}: {}/{} read, {} wrong, {}",
            total.read[i + 2],
            total.positives,
            total.wrong[i + 2],
            ms(decode_time[i])
        );
    }
    println!(
        "- watchword (qr::scan_image): {own_read}/{} read, {}",
        total.positives,
        ms(own_time)
    );
    println!("Combinations (the second decoder only when the first found nothing):");
    for (c, &(first, second)) in COMBINATIONS.iter().enumerate() {
        println!(
            "- {} then {}: {}/{} read, {}",
            READERS[first],
            READERS[second],
            total.combined[c],
            total.positives,
            ms(combined_time[c])
        );
    }

    if desktops.is_empty() {
        return;
    }
    println!();
    println!(
        "Busy 4K desktops (3840×2160 PNG, one small code), whole commands with the file read, mean of {RUNS}:"
    );
    println!();
    println!(
        "| desktop | PNG | watchword scan | zbarimg | zbarimg, QR only | ratio (zbarimg / watchword) |"
    );
    println!("| --- | --- | --- | --- | --- | --- |");
    let (mut worst, mut worst_qr) = (f64::MAX, f64::MAX);
    for (name, file, _) in &desktops {
        let (w, read) = timed(watchword, &["scan"], file);
        assert!(read, "watchword scan read nothing in {name}");
        let (z, zread) = timed("zbarimg", &["--raw", "-q"], file);
        let qr_only = ["--raw", "-q", "-Sdisable", "-Sqrcode.enable"];
        let (zq, _) = timed("zbarimg", &qr_only, file);
        let ratio = z.as_secs_f64() / w.as_secs_f64();
        let ratio_qr = zq.as_secs_f64() / w.as_secs_f64();
        worst = worst.min(ratio);
        worst_qr = worst_qr.min(ratio_qr);
        let size = std::fs::metadata(file).map_or(0, |m| m.len());
        println!(
            "| {name} | {} KB | {} | {}{} | {} | {ratio:.2}× (QR only: {ratio_qr:.2}×) |",
            size / 1024,
            ms(w),
            ms(z),
            if zread { "" } else { " (found nothing)" },
            ms(zq),
        );
    }
    println!();
    println!(
        "Slowest ratio: {worst:.2}× faster than zbarimg ({worst_qr:.2}× than zbarimg with QR only)."
    );
    println!();
    println!("Picture decoding and detection apart (in process, mean of {RUNS}):");
    println!();
    println!(
        "| desktop | image (png crate) to RGB | + image's to_luma8 | qr::load (grey rows) | zxing-cpp detection | qr::scan_image on grey |"
    );
    println!("| --- | --- | --- | --- | --- | --- |");
    for (name, file, image) in &desktops {
        let bytes = std::fs::read(file).expect("read");
        let decode = mean(|| image::load_from_memory(&bytes).expect("png"));
        let luma = mean(|| image.to_luma8());
        let load = mean(|| watchword_core::qr::load(&bytes, "desktop").expect("png"));
        let gray = image.to_luma8();
        let detect = mean(|| candidates::zxing_cpp(&gray));
        let grey = image::DynamicImage::ImageLuma8(gray.clone());
        let scan = mean(|| watchword_core::qr::scan_image(&grey));
        println!(
            "| {name} | {} | {} | {} | {} | {} |",
            ms(decode),
            ms(luma),
            ms(load),
            ms(detect),
            ms(scan)
        );
    }
    println!();
    match desktops
        .first()
        .and_then(|(_, _, image)| screen::time_screen_scan(&image.to_rgb8(), RUNS))
    {
        Some((capture, read, (w, h), found)) => println!(
            "Scan the screen ({w}×{h} X server, the first desktop shown full screen; capture + Findings::from_picture, mean of {RUNS}): {} = capture {} + read {}{}",
            ms(capture + read),
            ms(capture),
            ms(read),
            if found {
                ""
            } else {
                " (**the code was not found**)"
            }
        ),
        None => {
            println!("Scan the screen: no X server (`make bench-qr` runs this under a 4K Xvfb)")
        }
    }
    println!();
    println!("load average at end: {}", load_average());
}
