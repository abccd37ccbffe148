//! SVG icons made safe to keep and show: no scripts, no event handlers, no
//! `<foreignObject>`, no reference to anything outside the file but embedded
//! PNG/JPEG pictures. A clean file is kept byte for byte (imports round-trip);
//! anything else is rewritten without what is unsafe.

use std::fmt::Write;

use roxmltree::{Document, Node, NodeType, ParsingOptions};

const SVG_NS: &str = "http://www.w3.org/2000/svg";
const XLINK_NS: &str = "http://www.w3.org/1999/xlink";
const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";

/// Why an SVG cannot be kept at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SvgError {
    /// Not well-formed XML.
    #[error("not a readable SVG file: {0}")]
    Unreadable(String),
    /// Well-formed, but its root is not `<svg>`.
    #[error("not an SVG picture (the root element is <{0}>)")]
    NotSvg(String),
}

/// The SVG to keep: `bytes` themselves when nothing in them is unsafe, else
/// a rewritten copy without the unsafe parts.
pub fn sanitise(bytes: &[u8]) -> Result<Vec<u8>, SvgError> {
    let text = std::str::from_utf8(bytes).map_err(|_| SvgError::Unreadable("not UTF-8".into()))?;
    let options = ParsingOptions {
        allow_dtd: true,
        ..ParsingOptions::default()
    };
    let doc = Document::parse_with_options(text, options)
        .map_err(|e| SvgError::Unreadable(e.to_string()))?;
    let root = doc.root_element();
    if root.tag_name().name() != "svg" {
        return Err(SvgError::NotSvg(root.tag_name().name().to_owned()));
    }
    // A DTD can define entities that hide anything; processing instructions
    // can pull in style sheets: both are rewritten away.
    let clean = !text.contains("<!DOCTYPE")
        && !text.contains("<!ENTITY")
        && doc
            .descendants()
            .all(|n| n.node_type() != NodeType::PI && node_is_safe(n));
    if clean {
        return Ok(bytes.to_vec());
    }
    let mut out = String::new();
    write_element(&mut out, root, true);
    Ok(out.into_bytes())
}

/// Elements that run code or embed other documents.
fn forbidden_element(name: &str) -> bool {
    matches!(
        name.to_ascii_lowercase().as_str(),
        "script" | "foreignobject" | "iframe" | "embed" | "object" | "handler" | "listener"
    )
}

fn node_is_safe(node: Node) -> bool {
    match node.node_type() {
        NodeType::Element => {
            let ns = node.tag_name().namespace();
            (ns == Some(SVG_NS) || ns.is_none())
                && !forbidden_element(node.tag_name().name())
                && node
                    .attributes()
                    .all(|a| attribute_is_safe(a.namespace(), a.name(), a.value()))
                && (node.tag_name().name() != "style" || node.text().is_none_or(css_is_safe))
        }
        _ => true,
    }
}

fn attribute_is_safe(namespace: Option<&str>, name: &str, value: &str) -> bool {
    if !matches!(namespace, None | Some(XLINK_NS) | Some(XML_NS)) {
        return false;
    }
    let lower = name.to_ascii_lowercase();
    if lower.starts_with("on") {
        return false;
    }
    if lower == "href" || lower == "src" {
        return reference_is_local(value);
    }
    css_is_safe(value)
}

/// `#id` or an embedded PNG/JPEG picture.
fn reference_is_local(value: &str) -> bool {
    let value = value.trim().to_ascii_lowercase();
    value.starts_with('#')
        || value.starts_with("data:image/png")
        || value.starts_with("data:image/jpeg")
}

/// Style text (an attribute or `<style>`): `url(…)` only to `#ids` or embedded
/// pictures, no `@import`, no `expression(`, no `javascript:`.
fn css_is_safe(css: &str) -> bool {
    let lower = css.to_ascii_lowercase();
    if lower.contains("@import") || lower.contains("expression(") || lower.contains("javascript:") {
        return false;
    }
    lower.match_indices("url(").all(|(at, _)| {
        let inside = lower[at + 4..].trim_start().trim_start_matches(['"', '\'']);
        reference_is_local(inside)
    })
}

/// `text` escaped for XML text or an attribute value.
pub fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape(text, &mut out);
    out
}

fn escape(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
}

fn write_element(out: &mut String, node: Node, root: bool) {
    let name = node.tag_name().name();
    out.push('<');
    out.push_str(name);
    if root {
        let _ = write!(out, " xmlns=\"{SVG_NS}\" xmlns:xlink=\"{XLINK_NS}\"");
    }
    for attribute in node.attributes() {
        if !attribute_is_safe(attribute.namespace(), attribute.name(), attribute.value()) {
            continue;
        }
        let prefix = match attribute.namespace() {
            Some(XLINK_NS) => "xlink:",
            Some(XML_NS) => "xml:",
            _ => "",
        };
        let _ = write!(out, " {prefix}{}=\"", attribute.name());
        escape(attribute.value(), out);
        out.push('"');
    }
    out.push('>');
    for child in node.children() {
        match child.node_type() {
            NodeType::Element if node_is_safe_element(child) => write_element(out, child, false),
            NodeType::Text => escape(child.text().unwrap_or(""), out),
            _ => {}
        }
    }
    let _ = write!(out, "</{name}>");
}

/// An element kept in a rewrite (its unsafe attributes are dropped apart).
fn node_is_safe_element(node: Node) -> bool {
    let ns = node.tag_name().namespace();
    (ns == Some(SVG_NS) || ns.is_none())
        && !forbidden_element(node.tag_name().name())
        && (node.tag_name().name() != "style" || node.text().is_none_or(css_is_safe))
}

#[cfg(test)]
mod tests {
    use super::*;

    const CLEAN: &str = r##"<?xml version="1.0"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 24 24"><defs><linearGradient id="g"/></defs><path d="M0 0h24v24z" fill="url(#g)"/><use xlink:href="#g"/></svg>"##;

    #[test]
    fn a_clean_svg_is_kept_byte_for_byte() {
        assert_eq!(sanitise(CLEAN.as_bytes()).unwrap(), CLEAN.as_bytes());
    }

    #[test]
    fn scripts_handlers_foreign_objects_and_external_references_go() {
        let dirty = r##"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" onload="alert(1)">
<script>alert(2)</script><SCRIPT>alert(3)</SCRIPT>
<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>
<image href="https://tracker.example/p.png"/><image xlink:href="data:image/png;base64,AAAA"/>
<a xlink:href="javascript:alert(4)"><rect width="1" height="1" onclick="alert(5)" style="fill:url(http://x.example/a)"/></a>
<style>@import url(https://x.example/s.css);</style><style>.a{fill:red}</style>
<path d="M0 0" fill="url(#ok)"/></svg>"##;
        let kept = String::from_utf8(sanitise(dirty.as_bytes()).unwrap()).unwrap();
        for gone in [
            "alert",
            "script",
            "SCRIPT",
            "foreignObject",
            "onload",
            "onclick",
            "tracker",
            "x.example",
            "javascript",
            "@import",
        ] {
            assert!(!kept.contains(gone), "{gone} left in {kept}");
        }
        for stays in [
            "data:image/png;base64,AAAA",
            "url(#ok)",
            ".a{fill:red}",
            "<rect",
        ] {
            assert!(kept.contains(stays), "{stays} lost from {kept}");
        }
        // What is left is still an SVG that parses, and clean now.
        assert_eq!(sanitise(kept.as_bytes()).unwrap(), kept.as_bytes());
    }

    #[test]
    fn entities_and_style_sheets_are_rewritten_away_and_non_svg_refused() {
        let sneaky = r#"<?xml-stylesheet href="https://x.example/s.css"?><!DOCTYPE svg [<!ENTITY e "text">]><svg xmlns="http://www.w3.org/2000/svg"><text>&e;</text></svg>"#;
        let kept = String::from_utf8(sanitise(sneaky.as_bytes()).unwrap()).unwrap();
        assert!(
            !kept.contains("x.example") && !kept.contains("ENTITY"),
            "{kept}"
        );
        assert!(kept.contains("<text>text</text>"));
        assert!(matches!(sanitise(b"<html/>"), Err(SvgError::NotSvg(_))));
        assert!(matches!(sanitise(b"<svg"), Err(SvgError::Unreadable(_))));
    }
}
