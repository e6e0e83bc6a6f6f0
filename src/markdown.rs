//! Markdown bodies to HTML with pulldown-cmark.
//!
//! Raw HTML in a body is shown as text, never passed through: plan texts are
//! published on a ministry's site and must not be able to inject markup.
//! Links with script-capable schemes are dropped for the same reason.

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};

use crate::span::Span;

/// A rendered body, and the links it contains (with their place in the file).
pub struct Rendered {
    pub html: String,
    pub links: Vec<(String, Span)>,
}

pub fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_FOOTNOTES
}

/// The id of a heading with `text`: its slug, numbered ("mål-2") when an
/// earlier heading of the page has it already.
fn unique_id(text: &str, used: &mut Vec<String>) -> String {
    let base = slugify(text);
    let mut slug = base.clone();
    let mut n = 1;
    while used.contains(&slug) {
        n += 1;
        slug = format!("{base}-{n}");
    }
    used.push(slug.clone());
    slug
}

/// Renders `text`, which starts at byte `offset` of its file. Headings are
/// shifted so that the body's top level is `top` (an h1 page title sits above).
pub fn render(text: &str, offset: usize, top: HeadingLevel) -> Rendered {
    let mut links = Vec::new();
    let mut used_ids: Vec<String> = Vec::new();
    let shift = heading_shift(text, top);

    let mut events: Vec<Event> = Vec::new();
    let mut in_heading: Option<usize> = None;
    let mut heading_text = String::new();
    for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
        let event = match event {
            Event::Html(s) | Event::InlineHtml(s) => Event::Text(s),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = if is_unsafe(&dest_url) {
                    CowStr::from("#")
                } else {
                    let at = offset + range.start..offset + range.end;
                    links.push((dest_url.to_string(), at));
                    dest_url
                };
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) if is_unsafe(&dest_url) => Event::Start(Tag::Image {
                link_type,
                dest_url: CowStr::from(""),
                title,
                id,
            }),
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                in_heading = Some(events.len());
                heading_text.clear();
                let level = shift_level(level, shift);
                Event::Start(Tag::Heading {
                    level,
                    id,
                    classes,
                    attrs,
                })
            }
            Event::End(TagEnd::Heading(level)) => {
                // Give each heading an id from its text, so it can be linked to.
                if let Some(start) = in_heading.take()
                    && let Event::Start(Tag::Heading { id, .. }) = &mut events[start]
                    && id.is_none()
                {
                    *id = Some(CowStr::from(unique_id(&heading_text, &mut used_ids)));
                }
                Event::End(TagEnd::Heading(shift_level(level, shift)))
            }
            other => other,
        };
        if in_heading.is_some()
            && let Event::Text(t) | Event::Code(t) = &event
        {
            heading_text.push_str(t);
        }
        events.push(event);
    }
    let mut out = String::with_capacity(text.len() * 3 / 2);
    html::push_html(&mut out, events.into_iter());
    Rendered { html: out, links }
}

/// How many levels the body's headings move down so its shallowest is `top`.
pub(crate) fn heading_shift(text: &str, top: HeadingLevel) -> usize {
    (top as usize).saturating_sub(shallowest_heading(text))
}

/// The level of the body's shallowest heading (1 when it has none).
pub(crate) fn shallowest_heading(text: &str) -> usize {
    Parser::new_ext(text, options())
        .filter_map(|e| match e {
            Event::Start(Tag::Heading { level, .. }) => Some(level as usize),
            _ => None,
        })
        .min()
        .unwrap_or(1)
}

pub(crate) fn shift_level(level: HeadingLevel, shift: usize) -> HeadingLevel {
    HeadingLevel::try_from((level as usize + shift).min(6)).unwrap_or(HeadingLevel::H6)
}

pub(crate) fn is_unsafe(url: &str) -> bool {
    let lower: String = url
        .trim()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_lowercase();
    ["javascript:", "vbscript:", "data:"]
        .iter()
        .any(|s| lower.starts_with(s))
}

/// "Styrelsens opgaver" -> "styrelsens-opgaver"; Danish letters kept as ae/oe/aa.
pub fn slugify(text: &str) -> String {
    let mut out = String::new();
    for c in text.to_lowercase().chars() {
        match c {
            'a'..='z' | '0'..='9' => out.push(c),
            'æ' => out.push_str("ae"),
            'ø' => out.push_str("oe"),
            'å' => out.push_str("aa"),
            _ if !out.is_empty() && !out.ends_with('-') => out.push('-'),
            _ => {}
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() { "afsnit".into() } else { out }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_html_is_escaped_and_scripts_dropped() {
        let r = render(
            "Hej <script>alert(1)</script>\n\n[x](javascript:alert(1))",
            0,
            HeadingLevel::H2,
        );
        assert!(r.html.contains("&lt;script&gt;"), "{}", r.html);
        assert!(!r.html.contains("<script"));
        assert!(!r.html.contains("javascript:"));
    }

    #[test]
    fn headings_get_ids_and_shift() {
        let r = render(
            "# Indledning\n\n## Styrelsens opgaver\n\n# Indledning",
            0,
            HeadingLevel::H2,
        );
        assert!(
            r.html.contains("<h2 id=\"indledning\">Indledning</h2>"),
            "{}",
            r.html
        );
        assert!(r.html.contains("<h3 id=\"styrelsens-opgaver\">"));
        assert!(r.html.contains("id=\"indledning-2\""));
    }

    #[test]
    fn links_keep_their_place() {
        let r = render(
            "Se [planen](../2025/fmi/index.html).",
            100,
            HeadingLevel::H2,
        );
        assert_eq!(r.links.len(), 1);
        assert_eq!(r.links[0].0, "../2025/fmi/index.html");
        assert_eq!(r.links[0].1.start, 103);
    }
}
