//! Aegis icon packs: the ZIP with `pack.json` (`uuid`, `name`, `version`,
//! `icons: [{filename, name, category, issuer: [patterns]}]`) that Aegis users
//! already have. A pack is kept inside the vault (which services' icons a
//! person keeps says which services they use), its pictures made safe (SVG
//! sanitised, PNG/JPEG resized); its issuer patterns give accounts without a
//! chosen icon one automatically, matched the way Aegis matches them.

use std::io::{Cursor, Read};

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::IconError;
use crate::account::{Account, Icon, IconImage, IconMime};

/// Where a pack is kept among the vault's named secrets (followed by its uuid).
pub const SECRET_PREFIX: &str = "icon-pack/";
/// Largest pack archive read (Aegis's biggest packs are a few MB).
const MAX_ARCHIVE: usize = 64 * 1024 * 1024;
/// Largest single member read from it.
const MAX_MEMBER: u64 = 4 * 1024 * 1024;

/// An imported icon pack.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IconPack {
    /// The pack's uuid: a newer version of the same pack replaces it.
    pub uuid: String,
    /// Its name, as the picker shows it.
    pub name: String,
    /// Its version.
    pub version: u64,
    /// Its icons, in the pack's order.
    pub icons: Vec<PackIcon>,
}

/// One icon of a pack.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackIcon {
    /// Its name (the file name's stem when the pack gives none).
    pub name: String,
    /// The pack's category for it.
    pub category: String,
    /// Issuer patterns it is suggested for (case-insensitive).
    pub issuer: Vec<String>,
    /// The picture, made safe.
    pub image: IconImage,
}

/// Why a file is not an icon pack.
#[derive(Debug, thiserror::Error)]
pub enum PackError {
    /// Not a ZIP, or a broken one.
    #[error("not a readable ZIP archive ({0})")]
    Zip(String),
    /// No `pack.json`, or not the format Aegis documents.
    #[error("not an Aegis icon pack: {0}")]
    Format(String),
    /// Larger than an icon pack can be.
    #[error("the file is too large for an icon pack ({0} bytes)")]
    TooLarge(usize),
}

/// What was read: the pack and the icons left out, with the reason.
#[derive(Debug)]
pub struct ReadPack {
    /// The pack, with every icon that could be kept.
    pub pack: IconPack,
    /// `filename: reason` for each icon left out.
    pub skipped: Vec<String>,
}

#[derive(Deserialize)]
struct Manifest {
    uuid: String,
    name: String,
    #[serde(default)]
    version: u64,
    icons: Vec<ManifestIcon>,
}

#[derive(Deserialize)]
struct ManifestIcon {
    filename: String,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    category: Option<String>,
    #[serde(default)]
    issuer: Vec<String>,
}

/// Reads an Aegis icon pack archive.
pub fn read_zip(bytes: &[u8]) -> Result<ReadPack, PackError> {
    if bytes.len() > MAX_ARCHIVE {
        return Err(PackError::TooLarge(bytes.len()));
    }
    let mut archive =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| PackError::Zip(e.to_string()))?;
    let manifest = member(&mut archive, "pack.json")?
        .ok_or_else(|| PackError::Format("the archive has no pack.json".into()))?;
    let manifest: Manifest = serde_json::from_slice(&manifest)
        .map_err(|e| PackError::Format(format!("pack.json: {e}")))?;
    if manifest.uuid.trim().is_empty() {
        return Err(PackError::Format("pack.json: no uuid".into()));
    }
    let mut icons = Vec::new();
    let mut skipped = Vec::new();
    for entry in manifest.icons {
        let read = member(&mut archive, &entry.filename).map_err(|e| e.to_string());
        let image = match read {
            Ok(Some(bytes)) => picture(&entry.filename, &bytes).map_err(|e| e.to_string()),
            Ok(None) => Err("not in the archive".to_owned()),
            Err(e) => Err(e),
        };
        match image {
            Ok(image) => {
                let stem = entry
                    .filename
                    .rsplit('/')
                    .next()
                    .unwrap_or(&entry.filename)
                    .rsplit_once('.')
                    .map_or(entry.filename.as_str(), |(stem, _)| stem)
                    .to_owned();
                icons.push(PackIcon {
                    name: entry.name.filter(|n| !n.trim().is_empty()).unwrap_or(stem),
                    category: entry.category.unwrap_or_default(),
                    issuer: entry.issuer,
                    image,
                });
            }
            Err(reason) => skipped.push(format!("{}: {reason}", entry.filename)),
        }
    }
    Ok(ReadPack {
        pack: IconPack {
            uuid: manifest.uuid,
            name: manifest.name,
            version: manifest.version,
            icons,
        },
        skipped,
    })
}

/// The member named exactly `name`, size-bounded; `None` if there is none.
fn member(
    archive: &mut zip::ZipArchive<Cursor<&[u8]>>,
    name: &str,
) -> Result<Option<Vec<u8>>, PackError> {
    let mut file = match archive.by_name(name) {
        Ok(file) => file,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(PackError::Zip(e.to_string())),
    };
    if file.size() > MAX_MEMBER {
        return Err(PackError::TooLarge(
            usize::try_from(file.size()).unwrap_or(usize::MAX),
        ));
    }
    let mut bytes = Vec::new();
    file.by_ref()
        .take(MAX_MEMBER)
        .read_to_end(&mut bytes)
        .map_err(|e| PackError::Zip(e.to_string()))?;
    Ok(Some(bytes))
}

/// A pack's picture by its extension: SVG sanitised, PNG/JPEG resized.
fn picture(filename: &str, bytes: &[u8]) -> Result<IconImage, IconError> {
    let lower = filename.to_ascii_lowercase();
    if lower.ends_with(".svg") {
        return super::picture(IconMime::Svg, bytes.to_vec());
    }
    super::from_file(bytes)
}

/// The pack's icon for an issuer, as Aegis picks it: an icon whose pattern
/// contains the issuer first, else one whose pattern the issuer contains.
pub fn suggest<'a>(packs: &'a [IconPack], issuer: &str) -> Option<&'a PackIcon> {
    let issuer = issuer.trim().to_lowercase();
    if issuer.is_empty() {
        return None;
    }
    let icons = packs.iter().flat_map(|p| &p.icons);
    let patterns = |icon: &&PackIcon| {
        icon.issuer
            .iter()
            .map(|p| p.trim().to_lowercase())
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
    };
    icons
        .clone()
        .find(|icon| patterns(icon).iter().any(|p| p.contains(&issuer)))
        .or_else(|| {
            icons
                .clone()
                .find(|icon| patterns(icon).iter().any(|p| issuer.contains(p)))
        })
}

/// Gives every account without a chosen icon its packs' suggestion (and
/// takes back an automatic pack icon no pack suggests any more); returns how
/// many accounts changed.
pub fn assign(accounts: &mut [Account], packs: &[IconPack]) -> usize {
    let mut changed = 0;
    for account in accounts {
        if account.icon.as_ref().is_some_and(|i| i.chosen) {
            continue;
        }
        let suggested = suggest(packs, account.otp.issuer.as_deref().unwrap_or(""))
            .map(|icon| Icon::automatic(icon.image.clone()));
        if account.icon != suggested {
            account.icon = suggested;
            changed += 1;
        }
    }
    changed
}

/// The packs kept among the vault's named secrets.
pub fn stored<'a>(
    secrets: impl IntoIterator<Item = (&'a String, &'a Zeroizing<String>)>,
) -> Vec<IconPack> {
    secrets
        .into_iter()
        .filter(|(name, _)| name.starts_with(SECRET_PREFIX))
        .filter_map(|(_, json)| serde_json::from_str(json).ok())
        .collect()
}

/// Packs' icons whose name or issuer patterns contain `query` (all when it is
/// empty), at most `limit`: for the icon picker.
pub fn search<'a>(
    packs: &'a [IconPack],
    query: &str,
    limit: usize,
) -> Vec<(&'a IconPack, &'a PackIcon)> {
    let query = query.trim().to_lowercase();
    packs
        .iter()
        .flat_map(|p| p.icons.iter().map(move |i| (p, i)))
        .filter(|(_, icon)| {
            icon.name.to_lowercase().contains(&query)
                || icon
                    .issuer
                    .iter()
                    .any(|p| p.to_lowercase().contains(&query))
        })
        .take(limit)
        .collect()
}

#[cfg(test)]
pub(crate) mod tests {
    use std::io::Write;

    use super::*;
    use crate::uri::OtpAccount;

    /// A pack archive the way Aegis's documentation describes one.
    pub(crate) fn pack_zip(uuid: &str) -> Vec<u8> {
        let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default();
        let manifest = serde_json::json!({
            "uuid": uuid, "name": "Test Pack", "version": 2,
            "icons": [
                {"name": "Google", "filename": "services/Google.png", "category": "Services", "issuer": ["google"]},
                {"name": "Blizzard", "filename": "gaming/Blizzard.svg", "category": "Gaming", "issuer": ["blizzard", "battle.net"]},
                {"filename": "missing.png", "issuer": ["nothing"]},
            ],
        });
        out.start_file("pack.json", options).unwrap();
        out.write_all(manifest.to_string().as_bytes()).unwrap();
        out.start_file("services/Google.png", options).unwrap();
        out.write_all(&crate::icons::tests::png(256, 256)).unwrap();
        out.start_file("gaming/Blizzard.svg", options).unwrap();
        out.write_all(
            br#"<svg xmlns="http://www.w3.org/2000/svg"><script>x()</script><circle r="4"/></svg>"#,
        )
        .unwrap();
        out.finish().unwrap().into_inner()
    }

    #[test]
    fn a_pack_is_read_made_safe_and_suggests_like_aegis() {
        let read = read_zip(&pack_zip("c553f06f-2a17-46ca-87f5-56af90dd0500")).unwrap();
        let pack = read.pack;
        assert_eq!((pack.name.as_str(), pack.version), ("Test Pack", 2));
        assert_eq!(pack.icons.len(), 2);
        assert_eq!(read.skipped, ["missing.png: not in the archive"]);
        let IconImage::Picture { mime, bytes } = &pack.icons[0].image else {
            panic!()
        };
        assert_eq!(*mime, IconMime::Png);
        let png = image::load_from_memory(bytes).unwrap();
        assert_eq!((png.width(), png.height()), (96, 96));
        let IconImage::Picture { bytes, .. } = &pack.icons[1].image else {
            panic!()
        };
        assert!(!String::from_utf8_lossy(bytes).contains("script"));

        let packs = [pack];
        assert_eq!(suggest(&packs, "Google").unwrap().name, "Google");
        assert_eq!(suggest(&packs, "Battle.net").unwrap().name, "Blizzard");
        // Inverse: the issuer contains a pattern.
        assert_eq!(suggest(&packs, "Google Workspace").unwrap().name, "Google");
        assert!(suggest(&packs, "GitHub").is_none());
        assert!(suggest(&packs, "").is_none());
        assert_eq!(search(&packs, "bliz", 10).len(), 1);
        assert_eq!(search(&packs, "", 10).len(), 2);

        assert!(matches!(read_zip(b"not a zip"), Err(PackError::Zip(_))));
    }

    #[test]
    fn packs_assign_icons_but_never_over_a_users_choice() {
        let packs = [read_zip(&pack_zip("u")).unwrap().pack];
        let account = |issuer: &str| {
            Account::new(
                OtpAccount::parse(&format!(
                    "otpauth://totp/{issuer}:a?secret=JBSWY3DPEHPK3PXP"
                ))
                .unwrap(),
                0,
                0,
            )
        };
        let mut accounts = vec![account("Google"), account("Google"), account("GitHub")];
        accounts[1].icon = Some(Icon::chosen(IconImage::Letter));
        assert_eq!(assign(&mut accounts, &packs), 1);
        assert!(accounts[0].icon.as_ref().is_some_and(|i| !i.chosen));
        assert_eq!(accounts[1].icon, Some(Icon::chosen(IconImage::Letter)));
        assert_eq!(accounts[2].icon, None);
        // Nothing more to do the second time; without the pack, it goes.
        assert_eq!(assign(&mut accounts, &packs), 0);
        assert_eq!(assign(&mut accounts, &[]), 1);
        assert_eq!(accounts[0].icon, None);
    }
}
