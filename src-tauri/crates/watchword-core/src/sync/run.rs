//! One sync run: read the other computers' files, merge them into the vault
//! in one change, write this computer's file, record what happened.

use std::path::Path;

use super::device::{SyncConfig, SyncError, io, write_own};
use super::folder::{self, Name};
use super::format::{self, FileError};
use super::merge::{Outcome, merge};
use super::stamp::Tombstones;
use super::status::{Change, Problem, Status};
use crate::account::Account;
use crate::vault::Vault;

/// What one other computer's file (or a conflict copy of it) changed here.
#[derive(Debug, Clone)]
pub struct PeerReport {
    /// Its device id.
    pub device: String,
    /// The file's name in the folder.
    pub file: String,
    /// Whether it was a sync engine's conflict copy.
    pub conflict_copy: bool,
    /// When that computer wrote it (its clock).
    pub written: u64,
    /// What merging it changed here.
    pub outcome: Outcome,
}

/// What a run did.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Every file read, in name order.
    pub peers: Vec<PeerReport>,
    /// Every file skipped, with its reason.
    pub problems: Vec<Problem>,
    /// Whether this computer's file was written.
    pub wrote_own: bool,
}

impl Report {
    /// Whether the vault's accounts changed.
    pub fn changed(&self) -> bool {
        self.peers.iter().any(|p| !p.outcome.is_empty())
    }
}

struct Read {
    device: String,
    file: String,
    conflict_copy: bool,
    written: u64,
    accounts: Vec<Account>,
    tombstones: Tombstones,
}

/// Reads every other computer's file in the sync folder, merges them into
/// `vault` (one write, none if nothing changed), writes this computer's file
/// and records the run in `sync-status.json`. A file that cannot be read
/// whole and authentic is reported and changes nothing.
pub fn sync_now(vault: &mut Vault, now: u64) -> Result<Report, SyncError> {
    let config = SyncConfig::of(vault)?;
    let key = config.key()?;
    let mut report = Report::default();
    let mut read = Vec::new();
    let entries = folder::entries(&config.folder).map_err(io("read", &config.folder))?;
    for (path, file, name) in entries {
        let (device, conflict_copy) = match name {
            Name::Sync(device) if device == config.device => continue,
            Name::Sync(device) => (device, false),
            Name::Conflict(device) => (device, true),
            Name::Temporary => {
                report.problems.push(Problem {
                    file,
                    reason: "a sync engine's temporary file: not read".into(),
                });
                continue;
            }
            Name::Unknown | Name::Other => {
                report.problems.push(Problem {
                    file,
                    reason: "not a name Watchword writes: not read".into(),
                });
                continue;
            }
        };
        match read_file(&path, &device, &config, &key) {
            Ok((written, accounts, tombstones)) => read.push(Read {
                device,
                file,
                conflict_copy,
                written,
                accounts,
                tombstones,
            }),
            Err(problem) => report.problems.push(Problem {
                file,
                reason: problem.to_string(),
            }),
        }
    }
    let outcomes = vault.merge_sync(|accounts, tombstones, _| {
        let mut touched = false;
        let outcomes: Vec<Outcome> = read
            .iter()
            .map(|r| {
                let outcome = merge(accounts, tombstones, &r.accounts, &r.tombstones, now);
                touched |= outcome.touched;
                outcome
            })
            .collect();
        (outcomes, touched)
    })?;
    report.wrote_own = write_own(&config, vault.accounts(), vault.tombstones(), now)?;
    for (r, outcome) in read.into_iter().zip(outcomes) {
        report.peers.push(PeerReport {
            device: r.device,
            file: r.file,
            conflict_copy: r.conflict_copy,
            written: r.written,
            outcome,
        });
    }
    record(vault.dir().root(), &report, now)?;
    Ok(report)
}

/// One file's accounts and tombstones, checked against its name and our group.
fn read_file(
    path: &Path,
    device: &str,
    config: &SyncConfig,
    key: &[u8; 32],
) -> Result<(u64, Vec<Account>, Tombstones), FileError> {
    let bytes = std::fs::read(path).map_err(|e| FileError::Damaged(e.to_string()))?;
    let (header, _) = format::read_header(&bytes)?;
    if header.group != config.group || header.kdf != config.kdf {
        return Err(FileError::OtherGroup);
    }
    let (header, payload) = format::open(&bytes, key)?;
    if header.device != device {
        return Err(FileError::WrongDevice);
    }
    let written = payload.written;
    let (accounts, tombstones) = format::accounts(payload)?;
    Ok((written, accounts, tombstones))
}

/// Updates the status file: per device, when it wrote and we read, and what
/// its newest file changed here.
fn record(root: &Path, report: &Report, now: u64) -> Result<(), SyncError> {
    let mut status = Status::load(root);
    status.last_run = now;
    status.problems = report.problems.clone();
    for peer in report.peers.iter().filter(|p| !p.conflict_copy) {
        let device = status.devices.entry(peer.device.clone()).or_default();
        let ids = |list: &[(String, String)]| list.iter().map(|(id, _)| id.clone()).collect();
        if peer.written != device.written || !peer.outcome.is_empty() {
            device.last_change = Change {
                at: now,
                added: ids(&peer.outcome.added),
                changed: ids(&peer.outcome.changed),
                removed: peer.outcome.removed.len(),
            };
        }
        device.written = peer.written;
        device.read = now;
    }
    status.save(root)
}
