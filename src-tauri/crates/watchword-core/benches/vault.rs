//! Vault costs: unlock by passphrase (default Argon2id) and by keyring, and
//! load/save with 10,000 accounts. The keyring case needs a Secret Service:
//! `make bench` runs inside scripts/desktop-session.sh.

use std::hint::black_box;

use criterion::{Criterion, criterion_main};
use watchword_core::{CreateOptions, KdfParams, OtpAccount, Passphrase, Unlock, Vault, VaultDir};

fn accounts(count: usize) -> Vec<OtpAccount> {
    (0..count)
        .map(|i| {
            OtpAccount::parse(&format!(
                "otpauth://totp/Issuer{i}:user{i}%40example.com?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&period=30"
            ))
            .expect("valid URI")
        })
        .collect()
}

pub(crate) fn vault(c: &mut Criterion) {
    let folder = tempfile::tempdir().expect("temp dir");
    let mut group = c.benchmark_group("vault");
    group.sample_size(10);

    let by_passphrase = VaultDir::new(folder.path().join("passphrase"));
    Vault::create(
        &by_passphrase,
        &CreateOptions {
            keyring: false,
            passphrase: Some(Passphrase::new("benchmark")),
            kdf: KdfParams::default(),
        },
    )
    .expect("create");
    let unlock = Unlock {
        keyring: false,
        passphrase: Some(Passphrase::new("benchmark")),
    };
    group.bench_function("unlock/passphrase-default-argon2id", |b| {
        b.iter(|| black_box(Vault::open(&by_passphrase, &unlock).expect("opens")))
    });

    let by_keyring = VaultDir::new(folder.path().join("keyring"));
    let mut big = Vault::create(
        &by_keyring,
        &CreateOptions {
            keyring: true,
            passphrase: None,
            kdf: KdfParams::default(),
        },
    )
    .expect("create with the keyring (run inside scripts/desktop-session.sh)");
    let keyring = Unlock {
        keyring: true,
        passphrase: None,
    };
    group.bench_function("unlock/keyring-empty", |b| {
        b.iter(|| black_box(Vault::open(&by_keyring, &keyring).expect("opens")))
    });

    big.add_many(accounts(10_000)).expect("add");
    group.bench_function("load/10000-accounts-keyring", |b| {
        b.iter(|| black_box(Vault::open(&by_keyring, &keyring).expect("opens")))
    });
    group.bench_function("save/10000-accounts", |b| {
        b.iter(|| big.rename("Issuer0", None, "renamed".into()).expect("save"))
    });
    group.finish();
}

#[allow(missing_docs)]
mod harness {
    criterion::criterion_group!(benches, super::vault);
}
criterion_main!(harness::benches);
