//! Following another app's backup folder, as the window shows it: the
//! folders, their newest file applied or waiting for review, what is flagged.

use serde::Serialize;
use watchword_core::follow::{self, FollowError, Follows, Outcome, Plan, Resolution};
use watchword_core::{Passphrase, Vault};

use super::Session;
use crate::error::{CommandError, ErrorKind};

impl From<FollowError> for CommandError {
    fn from(error: FollowError) -> Self {
        match error {
            FollowError::Vault(error) => error.into(),
            FollowError::Import { error, .. } => error.into(),
            FollowError::Unknown(_) => Self::new(ErrorKind::NotFound, error.to_string()),
            FollowError::Io { .. } => Self::new(ErrorKind::Io, error.to_string()),
            FollowError::Damaged(_) => Self::new(ErrorKind::Vault, error.to_string()),
            FollowError::NotFlagged(_) => Self::new(ErrorKind::NothingPending, error.to_string()),
        }
    }
}

/// What the newest file of a folder brings (labels only, never secrets).
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub(crate) struct FollowPlan {
    file: String,
    /// Applied already (`false`: waits for the review).
    applied: bool,
    new: Vec<String>,
    /// "label (fields)" of accounts that changed there.
    changed: Vec<String>,
    /// Accounts gone there, flagged (never deleted).
    gone: Vec<String>,
    rejected: Vec<String>,
}

/// Files in followed folders that wait for the user's review, found by the
/// watcher (not by the settings): the window shows a notice with "Review".
#[derive(Debug, Clone, Serialize, specta::Type, tauri_specta::Event)]
pub(crate) struct FollowWaiting {
    /// The files' names.
    pub(crate) files: Vec<String>,
}

/// An account gone from the folder's files and still here, for the user to
/// delete or keep.
#[derive(Debug, Serialize, specta::Type)]
pub(crate) struct Flagged {
    id: String,
    label: String,
}

/// One followed folder.
#[derive(Debug, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub(crate) struct FollowedFolder {
    id: String,
    folder: String,
    review: bool,
    last_file: Option<String>,
    /// Accounts gone from the source and still here, flagged for the user.
    flagged: Vec<Flagged>,
    /// What its newest file brings, when checked and not already applied.
    pending: Option<FollowPlan>,
}

fn plan_view(plan: &Plan, applied: bool) -> FollowPlan {
    FollowPlan {
        file: plan.file.clone(),
        applied,
        new: plan
            .new_accounts()
            .map(|n| format!("{} ({})", n.otp.issuer.as_deref().unwrap_or(""), n.otp.name))
            .collect(),
        changed: plan
            .updates()
            .map(|(label, fields)| {
                let names: Vec<&str> = fields.iter().map(|(f, _)| f.as_str()).collect();
                format!("{label} ({})", names.join(", "))
            })
            .collect(),
        gone: plan.gone.iter().map(|(_, label)| label.clone()).collect(),
        rejected: plan
            .rejected
            .iter()
            .map(|r| format!("{}: {}", r.label, r.reason))
            .collect(),
    }
}

fn folders(
    vault: &Vault,
    plans: &[(String, FollowPlan)],
) -> Result<Vec<FollowedFolder>, CommandError> {
    let follows = Follows::of(vault)?;
    Ok(follows
        .sources
        .iter()
        .map(|source| FollowedFolder {
            id: source.id.clone(),
            folder: source.folder.display().to_string(),
            review: source.review,
            last_file: source.last.as_ref().map(|l| l.file.clone()),
            flagged: source
                .gone
                .iter()
                .filter_map(|id| vault.find(id).ok())
                .map(|a| Flagged {
                    id: a.id.clone(),
                    label: a.label(),
                })
                .collect(),
            pending: plans
                .iter()
                .find(|(id, _)| *id == source.id)
                .map(|(_, p)| p.clone()),
        })
        .collect())
}

impl Session {
    /// The followed folders.
    pub(crate) fn follow_list(&self) -> Result<Vec<FollowedFolder>, CommandError> {
        self.with_vault(|vault| folders(vault, &[]))
    }

    /// Follows `folder` (the files' password kept in the vault).
    pub(crate) fn follow_add(
        &self,
        folder: String,
        password: Option<String>,
        review: bool,
    ) -> Result<Vec<FollowedFolder>, CommandError> {
        self.with_vault(|vault| {
            let password = password.map(Passphrase::new);
            follow::add_source(vault, folder.as_ref(), None, password.as_ref(), review)?;
            folders(vault, &[])
        })
    }

    /// Reads every followed folder: applies what applies at once, shows what waits.
    pub(crate) fn follow_check(&self) -> Result<Vec<FollowedFolder>, CommandError> {
        let now = self.clock_now();
        self.with_vault(|vault| {
            let mut plans = Vec::new();
            for (id, outcome) in follow::run(vault, now)? {
                match outcome? {
                    Outcome::Nothing => {}
                    Outcome::Applied(plan) => plans.push((id, plan_view(&plan, true))),
                    Outcome::Waiting(plan) => plans.push((id, plan_view(&plan, false))),
                }
            }
            folders(vault, &plans)
        })
    }

    /// Applies the newest file of folder `id` after the review.
    pub(crate) fn follow_apply(&self, id: String) -> Result<Vec<FollowedFolder>, CommandError> {
        let now = self.clock_now();
        self.with_vault(|vault| {
            let follows = Follows::of(vault)?;
            if let Some(plan) = follow::check(vault.accounts(), follows.get(&id)?)? {
                follow::apply(vault, plan, now)?;
            }
            folders(vault, &[])
        })
    }

    /// Resolves an account flagged by folder `id`: deleted (undoable like
    /// any deletion in the list) or kept as the user's own.
    pub(crate) fn follow_resolve(
        &self,
        id: String,
        account: String,
        delete: bool,
    ) -> Result<Vec<FollowedFolder>, CommandError> {
        let resolution = if delete {
            Resolution::Delete
        } else {
            Resolution::Keep
        };
        let (account, list) = self.with_vault(|vault| {
            let account = follow::resolve(vault, &id, &account, resolution)?;
            Ok((account, folders(vault, &[])?))
        })?;
        if delete {
            *super::guard(&self.deleted) = Some(account);
        }
        Ok(list)
    }

    /// Stops following folder `id` (its accounts stay).
    pub(crate) fn follow_remove(&self, id: String) -> Result<Vec<FollowedFolder>, CommandError> {
        self.with_vault(|vault| {
            follow::remove_source(vault, &id)?;
            folders(vault, &[])
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_followed_aegis_folder_waits_for_review_then_applies() {
        let original = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../../shared/peer-data/aegis/aegis_encrypted.json");
        if !original.exists() {
            eprintln!("SKIPPED: ../shared/peer-data is absent");
            return;
        }
        let folder = tempfile::tempdir().unwrap();
        std::fs::copy(
            &original,
            folder.path().join("aegis-backup-20261201-100000.json"),
        )
        .unwrap();
        let data = tempfile::tempdir().unwrap();
        let session = crate::session::tests::unlocked(data.path());
        let path = folder.path().to_str().unwrap().to_owned();
        let added = session.follow_add(path, Some("test".into()), true).unwrap();
        let id = added[0].id.clone();
        let checked = session.follow_check().unwrap();
        let pending = checked[0].pending.as_ref().expect("a plan");
        assert!(!pending.applied);
        assert!(
            pending.new.iter().any(|n| n == "Deno (Mason)"),
            "{:?}",
            pending.new
        );
        assert!(
            session.list().unwrap().is_empty(),
            "nothing before the review"
        );
        let applied = session.follow_apply(id.clone()).unwrap();
        assert_eq!(
            applied[0].last_file.as_deref(),
            Some("aegis-backup-20261201-100000.json")
        );
        assert_eq!(session.list().unwrap().len(), pending.new.len());
        assert!(session.follow_check().unwrap()[0].pending.is_none());
        let wrong = session.follow_apply("nope".into()).unwrap_err();
        assert_eq!(wrong.kind, ErrorKind::NotFound);
        assert!(session.follow_remove(id).unwrap().is_empty());
    }

    #[test]
    fn a_flagged_account_is_deleted_with_an_undo_or_kept() {
        let folder = tempfile::tempdir().unwrap();
        let write = |name: &str, uris: &[&str]| {
            std::fs::write(folder.path().join(name), uris.join("\n")).unwrap();
        };
        let alpha = "otpauth://totp/Alpha:a?secret=JBSWY3DPEHPK3PXP&issuer=Alpha";
        let beta = "otpauth://totp/Beta:b?secret=KRSXG5CTMVRXEZLU&issuer=Beta";
        let gamma = "otpauth://totp/Gamma:c?secret=GEZDGNBVGY3TQOJQ&issuer=Gamma";
        write("export-1.txt", &[alpha, beta, gamma]);
        let data = tempfile::tempdir().unwrap();
        let session = crate::session::tests::unlocked(data.path());
        let path = folder.path().to_str().unwrap().to_owned();
        let id = session.follow_add(path, None, false).unwrap()[0].id.clone();
        session.follow_check().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        write("export-2.txt", &[alpha]);
        let checked = session.follow_check().unwrap();
        let mut flagged: Vec<&str> = checked[0]
            .flagged
            .iter()
            .map(|f| f.label.as_str())
            .collect();
        flagged.sort();
        assert_eq!(flagged, ["Beta (b)", "Gamma (c)"]);
        let id_of = |label: &str| {
            let found = checked[0].flagged.iter().find(|f| f.label == label);
            found.unwrap().id.clone()
        };
        let (beta_id, gamma_id) = (id_of("Beta (b)"), id_of("Gamma (c)"));
        // Delete: gone from the list, and the list's Undo brings it back.
        let after = session
            .follow_resolve(id.clone(), beta_id.clone(), true)
            .unwrap();
        assert_eq!(after[0].flagged.len(), 1);
        assert_eq!(session.list().unwrap().len(), 2);
        session.undo_delete().unwrap();
        assert!(session.list().unwrap().iter().any(|a| a.id == beta_id));
        // Keep: stays, no longer flagged; a second resolve is refused.
        let after = session
            .follow_resolve(id.clone(), gamma_id.clone(), false)
            .unwrap();
        assert!(after[0].flagged.is_empty());
        assert_eq!(session.list().unwrap().len(), 3);
        let again = session.follow_resolve(id, gamma_id, true).unwrap_err();
        assert_eq!(again.kind, ErrorKind::NothingPending);
    }
}
