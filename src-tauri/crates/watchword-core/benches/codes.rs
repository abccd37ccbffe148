//! Code generation throughput per hash: how many codes a second one core makes.
//!
//! Run with `make bench`; figures go in the README.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_main};
use std::hint::black_box;
use watchword_core::{Algorithm, Kind, Secret, Token};

pub(crate) fn codes(c: &mut Criterion) {
    let secret = Secret::from_base32("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP").expect("valid base32");
    let mut group = c.benchmark_group("code");
    group.throughput(Throughput::Elements(1));
    for algorithm in Algorithm::ALL {
        let token = Token::new(Kind::Totp { period: 30 }, algorithm, 6, secret.clone())
            .expect("valid parameters");
        group.bench_with_input(BenchmarkId::new("totp", algorithm), &token, |b, token| {
            let mut t = 1_700_000_000u64;
            b.iter(|| {
                t += 30;
                black_box(token.code_at(black_box(t)))
            });
        });
    }
    let steam = Token::new(
        Kind::Steam { period: 30 },
        Algorithm::Sha1,
        5,
        secret.clone(),
    )
    .expect("valid parameters");
    group.bench_function("steam/SHA1", |b| {
        let mut t = 1_700_000_000u64;
        b.iter(|| {
            t += 30;
            black_box(steam.code_at(black_box(t)))
        });
    });
    let ten = Token::new(Kind::Hotp { counter: 0 }, Algorithm::Sha1, 10, secret)
        .expect("valid parameters");
    group.bench_function("hotp-10-digits/SHA1", |b| {
        let mut counter = 0u64;
        b.iter(|| {
            counter += 1;
            black_box(ten.code_for_factor(black_box(counter)))
        });
    });
    group.finish();
}

// criterion's macros define undocumented public functions.
#[allow(missing_docs)]
mod harness {
    criterion::criterion_group!(benches, super::codes);
}
criterion_main!(harness::benches);
