//! Android `shared_prefs` XML files (`<map><string name="…">…</string></map>`),
//! the shape FreeOTP, Authy and Battle.net keep their tokens in.

use zeroize::Zeroizing;

/// The `<string>` entries of a preferences file, in order; `None` if the
/// bytes are not such a file.
pub(crate) fn strings(bytes: &[u8]) -> Option<Vec<(String, Zeroizing<String>)>> {
    let text = std::str::from_utf8(bytes).ok()?;
    let document = roxmltree::Document::parse(text).ok()?;
    let root = document.root_element();
    if root.tag_name().name() != "map" {
        return None;
    }
    Some(
        root.children()
            .filter(|node| node.is_element() && node.tag_name().name() == "string")
            .filter_map(|node| {
                let name = node.attribute("name")?.to_owned();
                let value: String = node.children().filter_map(|child| child.text()).collect();
                Some((name, Zeroizing::new(value)))
            })
            .collect(),
    )
}

/// The value of the `<string>` named `key`.
pub(crate) fn get<'a>(entries: &'a [(String, Zeroizing<String>)], key: &str) -> Option<&'a str> {
    entries
        .iter()
        .find(|(name, _)| name == key)
        .map(|(_, value)| value.as_str())
}
