//! The built-in brand icons (simple-icons, CC0), indexed at build time
//! (`build.rs`): an account named after a service shows its logo on the
//! brand's colour. Matching is by issuer, the names a brand is also known by,
//! and a domain in the account name, ignoring case and accents.

use super::fold;

/// One brand of the built-in set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Brand {
    /// simple-icons' slug: the name an icon is stored and served by.
    pub slug: &'static str,
    /// The brand's name as written.
    pub title: &'static str,
    /// Its colour, six hex digits without `#`.
    pub hex: &'static str,
    /// The logo as SVG path data on a 24×24 canvas.
    pub path: &'static str,
}

include!(concat!(env!("OUT_DIR"), "/brands.rs"));

/// How many brands are built in.
pub fn count() -> usize {
    BRANDS.len()
}

/// The brand with this slug.
pub fn get(slug: &str) -> Option<&'static Brand> {
    lookup(slug)
}

fn lookup(key: &str) -> Option<&'static Brand> {
    let at = KEYS.binary_search_by(|(k, _)| (*k).cmp(key)).ok()?;
    BRANDS.get(usize::from(KEYS[at].1))
}

/// The slug of the brand an account is named after: its issuer (whole, or
/// its first word, or a domain it is written as), else a domain written in
/// the account name (`github.com`, `https://gitlab.com/alice`; not the
/// address part of an e-mail, which names the mail provider, not the service).
pub fn find(issuer: &str, name: &str) -> Option<&'static str> {
    let issuer = issuer.trim();
    if !issuer.is_empty() {
        if let Some(brand) = lookup(&fold::key(issuer)) {
            return Some(brand.slug);
        }
        if let Some(brand) = domain(issuer).and_then(|d| lookup(&fold::key(d))) {
            return Some(brand.slug);
        }
        let first = issuer
            .split(|c: char| c.is_whitespace() || matches!(c, '(' | ',' | ':' | '-' | '|'))
            .next()
            .unwrap_or("");
        if first.chars().count() >= 3
            && first != issuer
            && let Some(brand) = lookup(&fold::key(first))
        {
            return Some(brand.slug);
        }
    }
    name.split(|c: char| c.is_whitespace() || matches!(c, '(' | ')' | ',' | '<' | '>'))
        .filter(|word| !word.contains('@'))
        .find_map(|word| domain(word).and_then(|d| lookup(&fold::key(d))))
        .map(|brand| brand.slug)
}

/// The name part of a domain written in `text` (`www.github.com/x` → `github`,
/// `accounts.google.co.uk` → `google`), if `text` looks like one.
fn domain(text: &str) -> Option<&str> {
    let text = text.trim();
    let host = text
        .strip_prefix("https://")
        .or_else(|| text.strip_prefix("http://"))
        .unwrap_or(text);
    let host = host.split(['/', '?', '#', ':']).next()?;
    let labels: Vec<&str> = host.split('.').filter(|l| !l.is_empty()).collect();
    if labels.len() < 2
        || !labels
            .iter()
            .all(|l| l.chars().all(|c| c.is_alphanumeric() || c == '-'))
    {
        return None;
    }
    // Skip second-level registries (co.uk, com.au): the name is before them.
    let mut end = labels.len() - 1;
    if end >= 2 && matches!(labels[end - 1], "co" | "com" | "org" | "net" | "ac" | "gov") {
        end -= 1;
    }
    Some(labels[end - 1])
}

/// The colour a brand's logo is drawn in on its own colour: white or black,
/// whichever contrasts more with `hex` (WCAG relative luminance), so the logo
/// reads on any brand colour in the light and the dark theme alike.
pub fn foreground(hex: &str) -> &'static str {
    let luminance = relative_luminance(hex);
    // Contrast with white: 1.05 / (L + 0.05); with black: (L + 0.05) / 0.05.
    if 1.05 / (luminance + 0.05) >= (luminance + 0.05) / 0.05 {
        "FFFFFF"
    } else {
        "000000"
    }
}

/// WCAG 2 relative luminance of a six-digit hex colour (0 black … 1 white).
pub fn relative_luminance(hex: &str) -> f64 {
    let channel = |at: usize| {
        let value = hex
            .get(at..at + 2)
            .and_then(|h| u8::from_str_radix(h, 16).ok())
            .unwrap_or(0);
        let c = f64::from(value) / 255.0;
        if c <= 0.039_28 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4)
}

/// WCAG contrast ratio of two hex colours (1 to 21).
pub fn contrast(a: &str, b: &str) -> f64 {
    let (la, lb) = (relative_luminance(a), relative_luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// The icon as a self-contained SVG: the logo in its contrasting colour on a
/// rounded tile of the brand's colour.
pub fn svg(brand: &Brand) -> String {
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="-5 -5 34 34" role="img"><title>{title}</title><rect x="-5" y="-5" width="34" height="34" rx="7" fill="#{hex}"/><path fill="#{fg}" d="{path}"/></svg>"##,
        title = super::svg::escape_text(brand.title),
        hex = brand.hex,
        fg = foreground(brand.hex),
        path = brand.path,
    )
}

/// The brand whose tile [`svg`] wrote exactly these bytes (a Watchword
/// export read back), so a round trip through Aegis keeps a brand a brand.
pub fn recognise(bytes: &[u8]) -> Option<&'static Brand> {
    let text = std::str::from_utf8(bytes).ok()?;
    let start = text.find("<title>")? + "<title>".len();
    let end = start + text[start..].find("</title>")?;
    let title = text[start..end]
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&");
    BRANDS
        .iter()
        .filter(|brand| brand.title == title)
        .find(|brand| svg(brand).as_bytes() == bytes)
}

/// Brands whose title or slug contains `query` (ignoring case and accents),
/// those starting with it first; at most `limit`. For the icon picker.
pub fn search(query: &str, limit: usize) -> Vec<&'static Brand> {
    let wanted = fold::key(query);
    if wanted.is_empty() {
        return Vec::new();
    }
    let mut found: Vec<(bool, &'static Brand)> = BRANDS
        .iter()
        .filter_map(|b| {
            let key = fold::key(b.title);
            if key.starts_with(&wanted) || b.slug.starts_with(&wanted) {
                Some((false, b))
            } else if key.contains(&wanted) {
                Some((true, b))
            } else {
                None
            }
        })
        .collect();
    found.sort_by_key(|(later, b)| (*later, b.title.len()));
    found.into_iter().take(limit).map(|(_, b)| b).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accounts_named_after_services_find_their_brand() {
        assert!(count() > 3000, "{}", count());
        assert_eq!(find("GitHub", "alice"), Some("github"));
        assert_eq!(find("  github ", ""), Some("github"));
        // Accents and case: the issuer as people type it.
        assert_eq!(find("ALDI SÜD", ""), Some("aldisud"));
        assert_eq!(find("Aeromexico", ""), Some("aeromexico"));
        // Another name it is known by (simple-icons' aliases).
        assert_eq!(find("Twitter", "me"), Some("x"));
        // A domain as the issuer, or in the account name; not an e-mail's.
        assert_eq!(find("gitlab.com", ""), Some("gitlab"));
        assert_eq!(find("", "https://www.github.com/alice"), Some("github"));
        assert_eq!(find("", "alice (bitbucket.org)"), Some("bitbucket"));
        assert_eq!(find("", "alice@gitlab.com"), None);
        assert_eq!(find("My Own Server", "alice@example.org"), None);
        // The issuer's first word when the whole does not match.
        assert_eq!(find("Dropbox Business", ""), Some("dropbox"));
        assert_eq!(find("", ""), None);
    }

    #[test]
    fn the_logo_colour_contrasts_with_the_brand_colour() {
        assert_eq!(foreground("181717"), "FFFFFF"); // GitHub's near-black
        assert_eq!(foreground("FFFF66"), "000000"); // Advent of Code's yellow
        assert_eq!(foreground("FFFFFF"), "000000");
        assert_eq!(foreground("000000"), "FFFFFF");
        // Whatever the colour, the chosen logo colour keeps at least the
        // contrast WCAG asks of large graphics (3:1), over the whole set.
        for brand in BRANDS {
            let ratio = contrast(brand.hex, foreground(brand.hex));
            assert!(ratio >= 3.0, "{} {}: {ratio}", brand.slug, brand.hex);
        }
    }

    #[test]
    fn a_served_icon_is_one_clean_svg_and_search_finds_by_prefix() {
        let github = get("github").unwrap();
        assert_eq!(github.title, "GitHub");
        let svg = svg(github);
        assert!(svg.contains("fill=\"#181717\"") && svg.contains("fill=\"#FFFFFF\""));
        assert_eq!(
            super::super::svg::sanitise(svg.as_bytes()).unwrap(),
            svg.as_bytes()
        );
        let titles: Vec<&str> = search("gith", 5).iter().map(|b| b.title).collect();
        assert_eq!(titles.first(), Some(&"GitHub"));
        assert!(search("", 5).is_empty());
        assert!(search("zzzzzzzz", 5).is_empty());
    }
}
