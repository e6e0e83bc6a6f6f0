//! Markdown bodies as a JSON tree the PDF template renders.
//!
//! Text travels as JSON strings, which Typst inserts as text and never
//! evaluates: a plan that writes `#import`, `$`, `*` or `]` prints just that.
//! Node shapes are documented in `docs/format.md` (PDF-skabelonen).

use pulldown_cmark::{Alignment, CowStr, Event, HeadingLevel, Parser, Tag, TagEnd};
use serde_json::{Map, Value, json};

use crate::markdown;

/// Where the page the body belongs to lives, so relative links and images
/// can be made absolute (a PDF has no "current folder").
pub struct Place<'a> {
    /// The site's public address, without a trailing slash.
    pub base_url: &'a str,
    /// The page's folder relative to the site root, e.g. `planer/2025/fmi/`.
    pub page_dir: &'a str,
}

/// Converts `text` to a list of block nodes; the shallowest heading becomes `top`.
pub fn convert(text: &str, top: HeadingLevel, place: &Place) -> Vec<Value> {
    // Unlike the website, the PDF moves headings up as well as down: the
    // body's shallowest heading sits beside the document's own sections.
    let shallowest = markdown::shallowest_heading(text);
    // A stack of open nodes; the bottom one collects the body's blocks.
    let mut stack: Vec<Map<String, Value>> = vec![node("body")];
    for event in Parser::new_ext(text, markdown::options()) {
        match event {
            Event::Start(tag) => stack.push(open(tag, top, shallowest, place)),
            Event::End(end) => {
                let Some(mut done) = stack.pop() else { break };
                if matches!(end, TagEnd::Image) {
                    // The alt text arrives as child text events; keep it as a string.
                    let alt = plain_text(done.get("c"));
                    done.remove("c");
                    done.insert("alt".into(), json!(alt));
                }
                if stack.is_empty() {
                    break;
                }
                push(&mut stack, Value::Object(done));
            }
            Event::Text(t) => {
                // Inside a code block the text is the code itself.
                if stack.last().is_some_and(|n| n["t"] == "codeblock") {
                    let n = stack.last_mut().expect("checked above");
                    let v = n.get("v").and_then(Value::as_str).unwrap_or("").to_string();
                    n.insert("v".into(), json!(v + &t));
                } else {
                    push(&mut stack, text_node(&t));
                }
            }
            // Raw HTML is shown as the text it is, as on the website.
            Event::Html(t) | Event::InlineHtml(t) => push(&mut stack, text_node(&t)),
            Event::Code(t) => push(&mut stack, json!({"t": "code", "v": t.as_ref()})),
            Event::SoftBreak => push(&mut stack, json!({"t": "soft"})),
            Event::HardBreak => push(&mut stack, json!({"t": "br"})),
            Event::Rule => push(&mut stack, json!({"t": "hr"})),
            Event::FootnoteReference(label) => {
                push(&mut stack, json!({"t": "fnref", "label": label.as_ref()}))
            }
            Event::TaskListMarker(done) => {
                push(&mut stack, text_node(if done { "☑ " } else { "☐ " }))
            }
            Event::InlineMath(t) | Event::DisplayMath(t) => push(&mut stack, text_node(&t)),
        }
    }
    // Unbalanced events cannot happen with pulldown-cmark; fold any leftovers anyway.
    while stack.len() > 1 {
        let done = stack.pop().expect("len > 1");
        push(&mut stack, Value::Object(done));
    }
    match stack.pop().and_then(|mut b| b.remove("c")) {
        Some(Value::Array(blocks)) => blocks,
        _ => Vec::new(),
    }
}

/// The node a Markdown tag opens; its children follow.
fn open(tag: Tag, top: HeadingLevel, shallowest: usize, place: &Place) -> Map<String, Value> {
    match tag {
        Tag::Paragraph => node("p"),
        Tag::Heading { level, .. } => {
            let mut n = node("h");
            n.insert(
                "level".into(),
                json!(level as usize + top as usize - shallowest),
            );
            n
        }
        Tag::BlockQuote(_) => node("quote"),
        Tag::CodeBlock(_) => node("codeblock"),
        Tag::List(Some(start)) => {
            let mut n = node("ol");
            n.insert("start".into(), json!(start));
            n
        }
        Tag::List(None) => node("ul"),
        Tag::Item => node("li"),
        Tag::FootnoteDefinition(label) => {
            let mut n = node("fndef");
            n.insert("label".into(), json!(label.as_ref()));
            n
        }
        Tag::Table(alignments) => {
            let mut n = node("table");
            n.insert(
                "align".into(),
                json!(alignments.iter().map(align_name).collect::<Vec<_>>()),
            );
            n
        }
        Tag::TableHead => node("thead"),
        Tag::TableRow => node("tr"),
        Tag::TableCell => node("td"),
        Tag::Emphasis => node("em"),
        Tag::Strong => node("strong"),
        Tag::Strikethrough => node("del"),
        Tag::Link { dest_url, .. } => {
            let mut n = node("link");
            n.insert("url".into(), json!(link_url(&dest_url, place)));
            n
        }
        Tag::Image { dest_url, .. } => {
            let mut n = node("image");
            n.insert("src".into(), json!(image_path(&dest_url, place)));
            n
        }
        // Not enabled in our options; kept as plain groups.
        _ => node("span"),
    }
}

fn node(t: &str) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("t".into(), json!(t));
    m
}

fn text_node(s: &str) -> Value {
    json!({"t": "text", "v": s})
}

fn push(stack: &mut [Map<String, Value>], child: Value) {
    if let Some(parent) = stack.last_mut() {
        match parent.get_mut("c") {
            Some(Value::Array(c)) => c.push(child),
            _ => {
                parent.insert("c".into(), Value::Array(vec![child]));
            }
        }
    }
}

fn plain_text(children: Option<&Value>) -> String {
    let mut out = String::new();
    if let Some(Value::Array(c)) = children {
        for n in c {
            if let Some(v) = n.get("v").and_then(Value::as_str) {
                out.push_str(v);
            }
            out.push_str(&plain_text(n.get("c")));
        }
    }
    out
}

fn align_name(a: &Alignment) -> &'static str {
    match a {
        Alignment::None => "auto",
        Alignment::Left => "left",
        Alignment::Center => "center",
        Alignment::Right => "right",
    }
}

/// An absolute URL for a link, or `None` when the PDF cannot follow it.
fn link_url(dest: &CowStr, place: &Place) -> Option<String> {
    let dest = dest.trim();
    if markdown::is_unsafe(dest) || dest.is_empty() || dest.starts_with('#') {
        return None;
    }
    if has_scheme(dest) {
        return Some(dest.to_string());
    }
    if place.base_url.is_empty() {
        return None;
    }
    let path = site_path(dest, place.page_dir)?;
    Some(format!("{}/{}", place.base_url.trim_end_matches('/'), path))
}

/// The World path of a local image (`/static/...`), or `None` for remote ones.
fn image_path(dest: &CowStr, place: &Place) -> Option<String> {
    let dest = dest.trim();
    if dest.is_empty() || has_scheme(dest) {
        return None;
    }
    let path = site_path(dest, place.page_dir)?;
    Some(format!("{}{}", super::STATIC_PREFIX, path))
}

fn has_scheme(s: &str) -> bool {
    s.split_once(':').is_some_and(|(scheme, _)| {
        !scheme.is_empty()
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    })
}

/// `../../../styrelser/fmi/index.html` seen from `planer/2025/fmi/` is
/// `styrelser/fmi/index.html`. `None` if it climbs above the site root.
fn site_path(dest: &str, page_dir: &str) -> Option<String> {
    let (dest, rest) = match dest.find(['#', '?']) {
        Some(i) => dest.split_at(i),
        None => (dest, ""),
    };
    let mut parts: Vec<&str> = if dest.starts_with('/') {
        Vec::new()
    } else {
        page_dir.split('/').filter(|p| !p.is_empty()).collect()
    };
    for seg in dest.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/") + rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLACE: Place = Place {
        base_url: "https://fmn.dk/mrp",
        page_dir: "planer/2025/fmi/",
    };

    #[test]
    fn typst_syntax_stays_text() {
        let blocks = convert(
            "## Om #import \"x\": *\n\nTekst med $x$ og ] og \\ og @ref.",
            HeadingLevel::H1,
            &PLACE,
        );
        assert_eq!(blocks[0]["t"], "h");
        assert_eq!(blocks[0]["level"], 1);
        assert_eq!(blocks[0]["c"][0]["v"], "Om #import \"x\": *");
        assert_eq!(
            plain_text(blocks[1].get("c")),
            "Tekst med $x$ og ] og \\ og @ref."
        );
    }

    #[test]
    fn links_become_absolute() {
        let blocks = convert(
            "[a](../../../styrelser/fmi/index.html) [b](https://x.dk) [c](#top) [d](../../../../../x)",
            HeadingLevel::H1,
            &PLACE,
        );
        let c = &blocks[0]["c"];
        assert_eq!(c[0]["url"], "https://fmn.dk/mrp/styrelser/fmi/index.html");
        assert_eq!(c[2]["url"], "https://x.dk");
        assert_eq!(c[4]["url"], Value::Null);
        assert_eq!(c[6]["url"], Value::Null);
    }

    #[test]
    fn tables_images_and_lists() {
        let blocks = convert(
            "| A | B |\n|:--|--:|\n| 1 | 2 |\n\n![Et diagram](../../../billeder/org.png)\n\n3. tre\n4. fire",
            HeadingLevel::H1,
            &PLACE,
        );
        assert_eq!(blocks[0]["t"], "table");
        assert_eq!(blocks[0]["align"], json!(["left", "right"]));
        assert_eq!(blocks[0]["c"][0]["t"], "thead");
        assert_eq!(blocks[0]["c"][1]["c"][1]["c"][0]["v"], "2");
        let img = &blocks[1]["c"][0];
        assert_eq!(img["src"], "/static/billeder/org.png");
        assert_eq!(img["alt"], "Et diagram");
        assert_eq!(blocks[2]["t"], "ol");
        assert_eq!(blocks[2]["start"], 3);
    }
}
