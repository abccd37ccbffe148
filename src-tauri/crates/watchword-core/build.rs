//! Builds the index of the built-in brand icons from the `simple-icons` npm
//! package (CC0) in `ui/node_modules` (installed by `npm ci`, which
//! `scripts/install-deps.sh` runs), or from `WATCHWORD_SIMPLE_ICONS`: each
//! brand's slug, title, colour and path data, plus its lookup keys sorted for
//! binary search. Icons the package marks with a licence other than CC0 are
//! left out. The data is compiled into the binary as static strings: nothing
//! is parsed at launch, and the webview gets one icon at a time.

use std::fmt::Write;
use std::path::PathBuf;

#[path = "src/icons/fold.rs"]
mod fold;

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let package = std::env::var_os("WATCHWORD_SIMPLE_ICONS")
        .map(PathBuf::from)
        .unwrap_or_else(|| manifest.join("../../../ui/node_modules/simple-icons"));
    println!("cargo:rerun-if-env-changed=WATCHWORD_SIMPLE_ICONS");
    let data = package.join("data/simple-icons.json");
    println!("cargo:rerun-if-changed={}", data.display());
    let text = std::fs::read_to_string(&data).unwrap_or_else(|e| {
        panic!(
            "the built-in brand icons come from the simple-icons npm package, not found at {} ({e}): run `npm ci` in ui/ (make deps), or set WATCHWORD_SIMPLE_ICONS",
            data.display()
        )
    });
    let icons: Vec<serde_json::Value> = serde_json::from_str(&text).expect("simple-icons.json");
    let mut brands = String::from("&[\n");
    let mut keys: Vec<(String, usize, u8)> = Vec::new();
    let mut index = 0;
    for icon in &icons {
        let licence = icon["license"]["type"].as_str().unwrap_or("CC0-1.0");
        if licence != "CC0-1.0" {
            continue;
        }
        let (Some(slug), Some(title), Some(hex)) = (
            icon["slug"].as_str(),
            icon["title"].as_str(),
            icon["hex"].as_str(),
        ) else {
            continue;
        };
        let svg = std::fs::read_to_string(package.join(format!("icons/{slug}.svg")))
            .unwrap_or_else(|e| panic!("icons/{slug}.svg: {e}"));
        let Some(path) = svg
            .split(" d=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
        else {
            continue;
        };
        writeln!(
            brands,
            "    Brand {{ slug: {slug:?}, title: {title:?}, hex: {hex:?}, path: {path:?} }},"
        )
        .unwrap();
        // Rank: the slug and title first, then other names it is known by.
        keys.push((slug.to_owned(), index, 0));
        keys.push((fold::key(title), index, 0));
        let aliases = &icon["aliases"];
        for aka in aliases["aka"].as_array().into_iter().flatten() {
            if let Some(name) = aka.as_str() {
                keys.push((fold::key(name), index, 1));
            }
        }
        for dup in aliases["dup"].as_array().into_iter().flatten() {
            if let Some(name) = dup["title"].as_str() {
                keys.push((fold::key(name), index, 1));
            }
        }
        for (_, name) in aliases["loc"].as_object().into_iter().flatten() {
            if let Some(name) = name.as_str() {
                keys.push((fold::key(name), index, 2));
            }
        }
        index += 1;
    }
    brands.push(']');
    keys.retain(|(key, _, _)| !key.is_empty());
    keys.sort();
    // One brand per key: the best-ranked, then the first.
    keys.sort_by(|a, b| a.0.cmp(&b.0).then(a.2.cmp(&b.2)).then(a.1.cmp(&b.1)));
    keys.dedup_by(|a, b| a.0 == b.0);
    let mut table = String::from("&[\n");
    for (key, index, _) in &keys {
        writeln!(table, "    ({key:?}, {index}),").unwrap();
    }
    table.push(']');
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("brands.rs");
    std::fs::write(
        out,
        format!(
            "/// Every built-in brand, in simple-icons' order.\npub(super) static BRANDS: &[Brand] = {brands};\n/// Lookup keys, sorted, with the index of their brand.\npub(super) static KEYS: &[(&str, u16)] = {table};\n"
        ),
    )
    .unwrap();
}
