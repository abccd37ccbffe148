//! The lookup key of a brand name, shared by the build script (which keys the
//! built-in set) and the matcher (which keys an account's issuer): lower case,
//! accents folded (é → e, ß → ss), `&` → `and`, `.` → `dot`, `+` → `plus`,
//! every other non-alphanumeric character dropped; simple-icons' slugs are
//! made the same way, so a title's key is its slug.

/// The key of `name` ("Aldi Süd" → `aldisud`, "about.me" → `aboutdotme`).
pub fn key(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        match c {
            '&' => out.push_str("and"),
            '.' => out.push_str("dot"),
            '+' => out.push_str("plus"),
            c if c.is_ascii_alphanumeric() => out.push(c.to_ascii_lowercase()),
            c if c.is_ascii() => {}
            c => {
                if let Some(folded) = fold(c) {
                    out.push_str(folded);
                } else if c.is_alphanumeric() {
                    out.extend(c.to_lowercase());
                }
            }
        }
    }
    out
}

/// The plain letters of a Latin letter with a mark.
fn fold(c: char) -> Option<&'static str> {
    const TABLE: &[(&str, &str)] = &[
        ("ÀÁÂÃÄÅàáâãäåĀāĂăĄą", "a"),
        ("ÇçĆćĈĉĊċČč", "c"),
        ("ĎďĐđÐð", "d"),
        ("ÈÉÊËèéêëĒēĔĕĖėĘęĚě", "e"),
        ("ĜĝĞğĠġĢģ", "g"),
        ("ĤĥĦħ", "h"),
        ("ÌÍÎÏìíîïĨĩĪīĬĭĮįİı", "i"),
        ("Ĵĵ", "j"),
        ("Ķķ", "k"),
        ("ĹĺĻļĽľĿŀŁł", "l"),
        ("ÑñŃńŅņŇň", "n"),
        ("ÒÓÔÕÖØòóôõöøŌōŎŏŐő", "o"),
        ("ŔŕŖŗŘř", "r"),
        ("ŚśŜŝŞşŠš", "s"),
        ("ŢţŤťŦŧ", "t"),
        ("ÙÚÛÜùúûüŨũŪūŬŭŮůŰűŲų", "u"),
        ("Ŵŵ", "w"),
        ("ÝýÿŶŷŸ", "y"),
        ("ŹźŻżŽž", "z"),
        ("ß", "ss"),
        ("Ææ", "ae"),
        ("Œœ", "oe"),
        ("Þþ", "th"),
    ];
    TABLE
        .iter()
        .find(|(from, _)| from.contains(c))
        .map(|(_, to)| *to)
}
