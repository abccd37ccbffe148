//! Icons: the picker's search, a user's choice, picture files and icon packs,
//! and the bytes the `wwicon:` scheme serves. Icons stay in the vault; the
//! webview gets one picture at a time, by name.

use std::path::Path;

use base64::Engine;
use serde::{Deserialize, Serialize};
use watchword_core::clock::unix_now;
use watchword_core::icons::{self, brands, packs};
use watchword_core::{AccountChanges, AccountView, IconChoice, IconImage, IconMime};

use super::Session;
use crate::error::{CommandError, ErrorKind};

/// Results the picker offers at most per source.
const PICKER_LIMIT: usize = 24;

/// What the picker asks for.
#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub(crate) enum IconSetting {
    /// Back to the automatic icon (brand, icon pack).
    Auto,
    /// The letter, whatever would match.
    Letter,
    /// A built-in brand.
    Brand {
        /// Its slug.
        slug: String,
    },
    /// An icon of an imported pack.
    Pack {
        /// The pack's uuid.
        pack: String,
        /// The icon's position in the pack.
        index: u32,
    },
}

/// One icon the picker can offer.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub(crate) enum IconOption {
    /// A built-in brand, shown through `wwicon://localhost/brand/{slug}`.
    Brand {
        /// Its slug.
        slug: String,
        /// Its name.
        title: String,
    },
    /// An icon of an imported pack, with its (small) picture inline.
    Pack {
        /// The pack's uuid.
        pack: String,
        /// The icon's position in the pack.
        index: u32,
        /// Its name.
        name: String,
        /// A `data:` URI of the picture.
        src: String,
    },
}

/// What importing an icon pack did.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub(crate) struct PackImported {
    /// The pack's name.
    pub name: String,
    /// Icons kept.
    pub icons: u32,
    /// Icons left out (unreadable pictures).
    pub skipped: u32,
    /// Accounts that got an icon from it.
    pub assigned: u32,
}

impl Session {
    /// Built-in brands and pack icons matching `query`.
    pub(crate) fn search_icons(&self, query: &str) -> Result<Vec<IconOption>, CommandError> {
        let packs = self.with_vault(|vault| Ok(vault.icon_packs()))?;
        let mut options: Vec<IconOption> = packs::search(&packs, query, PICKER_LIMIT)
            .into_iter()
            .filter_map(|(pack, icon)| {
                let index = pack.icons.iter().position(|i| std::ptr::eq(i, icon))?;
                Some(IconOption::Pack {
                    pack: pack.uuid.clone(),
                    index: u32::try_from(index).ok()?,
                    name: icon.name.clone(),
                    src: data_uri(&icon.image)?,
                })
            })
            .collect();
        options.extend(brands::search(query, PICKER_LIMIT).into_iter().map(|b| {
            IconOption::Brand {
                slug: b.slug.to_owned(),
                title: b.title.to_owned(),
            }
        }));
        Ok(options)
    }

    /// Sets the icon the user chose (or gives the choice back).
    pub(crate) fn set_icon(
        &self,
        id: &str,
        setting: IconSetting,
    ) -> Result<AccountView, CommandError> {
        let choice = match setting {
            IconSetting::Auto => IconChoice::Auto,
            IconSetting::Letter => IconChoice::Letter,
            IconSetting::Brand { slug } => {
                let brand = brands::get(&slug).ok_or_else(|| not_found("brand icon"))?;
                IconChoice::Image(IconImage::Brand {
                    slug: brand.slug.to_owned(),
                })
            }
            IconSetting::Pack { pack, index } => {
                let packs = self.with_vault(|vault| Ok(vault.icon_packs()))?;
                let icon = packs
                    .iter()
                    .find(|p| p.uuid == pack)
                    .and_then(|p| p.icons.get(usize::try_from(index).ok()?))
                    .ok_or_else(|| not_found("pack icon"))?;
                IconChoice::Image(icon.image.clone())
            }
        };
        self.choose_icon(id, choice)
    }

    /// A picture file as the account's icon.
    pub(crate) fn set_icon_file(&self, id: &str, path: &Path) -> Result<AccountView, CommandError> {
        let bytes = std::fs::read(path).map_err(|e| {
            CommandError::new(ErrorKind::Unreadable, format!("{}: {e}", path.display()))
        })?;
        self.choose_icon(id, IconChoice::Image(icons::from_file(&bytes)?))
    }

    fn choose_icon(&self, id: &str, choice: IconChoice) -> Result<AccountView, CommandError> {
        let now = unix_now()?;
        let changes = AccountChanges {
            icon: Some(choice),
            ..AccountChanges::default()
        };
        self.with_vault(|vault| Ok(AccountView::at(&vault.change_account(id, changes)?, now)))
    }

    /// Keeps an Aegis icon pack in the vault.
    pub(crate) fn import_icon_pack(&self, path: &Path) -> Result<PackImported, CommandError> {
        let bytes = std::fs::read(path).map_err(|e| {
            CommandError::new(ErrorKind::Unreadable, format!("{}: {e}", path.display()))
        })?;
        let read = packs::read_zip(&bytes)?;
        let assigned = self.with_vault(|vault| Ok(vault.add_icon_pack(&read.pack)?))?;
        let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        Ok(PackImported {
            name: read.pack.name.clone(),
            icons: count(read.pack.icons.len()),
            skipped: count(read.skipped.len()),
            assigned: count(assigned),
        })
    }

    /// `brand/{slug}` or `account/{id}`: the SVG or picture and its MIME type.
    pub(crate) fn icon_bytes(&self, path: &str) -> Result<(Vec<u8>, &'static str), CommandError> {
        let path = path.trim_start_matches('/');
        if let Some(slug) = path.strip_prefix("brand/") {
            let brand = brands::get(slug).ok_or_else(|| not_found("brand icon"))?;
            return Ok((brands::svg(brand).into_bytes(), IconMime::Svg.as_str()));
        }
        let id = path
            .strip_prefix("account/")
            .ok_or_else(|| not_found("icon"))?;
        self.with_vault(|vault| {
            let account = vault.find(id)?;
            match icons::shown(account).map(|i| i.image) {
                Some(IconImage::Picture { mime, bytes }) => Ok((bytes, mime.as_str())),
                Some(IconImage::Brand { slug }) => {
                    let brand = brands::get(&slug).ok_or_else(|| not_found("brand icon"))?;
                    Ok((brands::svg(brand).into_bytes(), IconMime::Svg.as_str()))
                }
                _ => Err(not_found("icon")),
            }
        })
    }
}

fn not_found(what: &str) -> CommandError {
    CommandError::new(ErrorKind::NotFound, format!("No such {what}."))
}

/// A picture as a `data:` URI (brands are served by name instead).
fn data_uri(image: &IconImage) -> Option<String> {
    match image {
        IconImage::Picture { mime, bytes } => Some(format!(
            "data:{};base64,{}",
            mime.as_str(),
            base64::engine::general_purpose::STANDARD.encode(bytes)
        )),
        _ => None,
    }
}
