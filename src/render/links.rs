//! Internal link checking over the built site (rule MRP301): every `href`
//! and `src` that stays on the site must name a file we wrote, and a
//! `#fragment` must name an id on that page.

use std::cell::OnceCell;
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

use memchr::memmem;
use rayon::prelude::*;

use crate::output::Output;

/// A link that leads nowhere.
#[derive(Debug, PartialEq, Eq)]
pub struct BrokenLink {
    /// The page it is on (output-relative).
    pub page: String,
    /// The link as written.
    pub href: String,
    /// Byte offset of the link in the page.
    pub offset: usize,
}

pub fn check(output: &Output) -> Vec<BrokenLink> {
    check_with(output, |path| output.files.get(path).map(Vec::as_slice))
}

/// Checks the links on the pages in `pages` against `find`, which gives any
/// file of the site by path (`serve` checks only the pages it just rendered,
/// against what it serves).
pub fn check_with<'a>(
    pages: &Output,
    find: impl Fn(&str) -> Option<&'a [u8]> + Sync,
) -> Vec<BrokenLink> {
    let others = IdSets::default();
    pages
        .files
        .par_iter()
        // 404.html is served at any depth; its links are written for that and not checkable here.
        .filter(|(p, _)| p.ends_with(".html") && p.as_str() != "404.html")
        .flat_map_iter(|(page, bytes)| {
            let html = text_of(bytes);
            // A plan page links to its own sections dozens of times: its ids
            // are collected once, on the first `#fragment` link.
            let own_ids = OnceCell::new();
            let mut broken = Vec::new();
            for attr in ["href", "src"] {
                for (href, offset) in attributes(&html, attr) {
                    let ids = Ids {
                        own: &own_ids,
                        others: &others,
                    };
                    if !is_external(&href) && !resolves(&find, page, &html, &ids, &href) {
                        broken.push(BrokenLink {
                            page: page.to_string(),
                            href,
                            offset,
                        });
                    }
                }
            }
            broken
        })
        .collect()
}

/// The ids of other pages, by path, collected once per page on the first
/// `#fragment` link to it: the goal index links every goal's anchor on its
/// plan's page, thousands of links into the same pages on a large site.
#[derive(Default)]
struct IdSets(Mutex<HashMap<String, Arc<HashSet<String>>>>);

impl IdSets {
    fn of(&self, path: &str, bytes: &[u8]) -> Arc<HashSet<String>> {
        let known = self.lock().get(path).cloned();
        known.unwrap_or_else(|| {
            // Collected outside the lock; two threads may both collect a
            // page's ids once, which is harmless.
            let ids = Arc::new(ids(&text_of(bytes)));
            self.lock().insert(path.to_string(), Arc::clone(&ids));
            ids
        })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Arc<HashSet<String>>>> {
        // A panic elsewhere cannot leave the map half-written: inserts are whole.
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Where a `#fragment` is looked up: the page's own ids or another page's.
struct Ids<'c> {
    own: &'c OnceCell<HashSet<String>>,
    others: &'c IdSets,
}

/// Whether an internal link names a written file (and an id on it, for `#fragment`).
fn resolves<'a>(
    find: &impl Fn(&str) -> Option<&'a [u8]>,
    page: &str,
    html: &str,
    ids: &Ids,
    href: &str,
) -> bool {
    let (path, fragment) = match href.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (href, None),
    };
    let path = path.split('?').next().unwrap_or("");
    let target = if path.is_empty() {
        Some(page.to_string())
    } else {
        resolve(page, &percent_decode(path))
    };
    let Some(target) = target else {
        return false;
    };
    let Some(bytes) = find(&target) else {
        return false;
    };
    let Some(fragment) = fragment.filter(|f| !f.is_empty()) else {
        return true;
    };
    let wanted = percent_decode(fragment);
    if target == page {
        ids.own.get_or_init(|| self::ids(html)).contains(&wanted)
    } else {
        ids.others.of(&target, bytes).contains(&wanted)
    }
}

/// A page as text. Borrowed, not copied: the pages are our own UTF-8, and
/// checking that is several times faster than `from_utf8_lossy`'s walk.
fn text_of(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(text) => text.into(),
        Err(_) => String::from_utf8_lossy(bytes),
    }
}

fn ids(html: &str) -> HashSet<String> {
    attributes(html, "id").into_iter().map(|(v, _)| v).collect()
}

fn is_external(href: &str) -> bool {
    let h = href.trim();
    h.is_empty()
        || h.starts_with("//")
        || h.split_once(':').is_some_and(|(scheme, _)| {
            !scheme.contains('/')
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        })
}

/// Resolves `href` against the folder of `page`; `None` when it climbs above the root.
fn resolve(page: &str, href: &str) -> Option<String> {
    let mut parts: Vec<&str> = if href.starts_with('/') {
        Vec::new()
    } else {
        let mut p: Vec<&str> = page.split('/').collect();
        p.pop();
        p
    };
    for seg in href.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    let mut path = parts.join("/");
    if href.ends_with('/') || path.is_empty() {
        if !path.is_empty() {
            path.push('/');
        }
        path.push_str("index.html");
    }
    Some(path)
}

pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let (Some(hi), Some(lo)) = (
                bytes.get(i + 1).and_then(hex),
                bytes.get(i + 2).and_then(hex),
            )
        {
            out.push(hi * 16 + lo);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex(b: &u8) -> Option<u8> {
    (*b as char).to_digit(16).map(|d| d as u8)
}

/// Every value of `name="..."` in the page, unescaped, with its offset.
fn attributes(html: &str, name: &str) -> Vec<(String, usize)> {
    let needle = format!(" {name}=\"");
    let mut out = Vec::new();
    let mut from = 0;
    // One memchr finder per search: the link check reads every byte of the
    // site, and str::find builds a new searcher for each match.
    let finder = memmem::Finder::new(needle.as_bytes());
    while let Some(i) = finder.find(&html.as_bytes()[from..]) {
        let start = from + i + needle.len();
        let Some(len) = memchr::memchr(b'"', &html.as_bytes()[start..]) else {
            break;
        };
        let raw = &html[start..start + len];
        let value = if raw.contains('&') {
            raw.replace("&amp;", "&")
                .replace("&#x2F;", "/")
                .replace("&#47;", "/")
        } else {
            raw.to_string()
        };
        out.push((value, start));
        from = start + len;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_broken_links_and_fragments() {
        let mut out = Output::default();
        out.add("index.html", "<a href=\"planer/2025/fmi/index.html#maal-1\">x</a> <a href=\"mangler.html\">y</a> <a href=\"https://x.dk\">z</a>");
        out.add("planer/2025/fmi/index.html", "<h2 id=\"maal-1\">1</h2><a href=\"../../../index.html\">op</a><a href=\"#maal-2\">2</a>");
        let broken = check(&out);
        let hrefs: Vec<&str> = broken.iter().map(|b| b.href.as_str()).collect();
        assert_eq!(hrefs, vec!["mangler.html", "#maal-2"]);
    }

    #[test]
    fn checks_every_fragment_against_the_pages_own_ids() {
        // Several links to the same page: the ids are collected once and
        // each fragment is still judged on its own; escaped values are unescaped.
        let mut out = Output::default();
        out.add(
            "a.html",
            "<h2 id=\"m&amp;r\">1</h2><p id=\"b\"></p><a href=\"#b\">b</a><a href=\"#m&amp;r\">mr</a><a href=\"#c\">c</a><a href=\"#b\">b</a><img src=\"a.html#x\">",
        );
        let broken = check(&out);
        let found: Vec<(&str, usize)> =
            broken.iter().map(|b| (b.href.as_str(), b.offset)).collect();
        assert_eq!(found, vec![("#c", 89), ("a.html#x", 126)]);
    }

    #[test]
    fn resolves_relative_paths() {
        assert_eq!(
            resolve(
                "planer/2025/fmi/index.html",
                "../../../styrelser/fmi/index.html"
            )
            .as_deref(),
            Some("styrelser/fmi/index.html")
        );
        assert_eq!(
            resolve("index.html", "data/m%C3%A5l.csv")
                .map(|p| percent_decode(&p))
                .as_deref(),
            Some("data/mål.csv")
        );
        assert_eq!(resolve("index.html", "../x.html"), None);
        assert_eq!(resolve("a/index.html", "./"), Some("a/index.html".into()));
    }
}
