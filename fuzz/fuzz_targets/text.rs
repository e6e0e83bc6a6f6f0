//! The small text functions that untrusted text passes through: diagnostics
//! printed at any place of any file (long lines are cut around the place),
//! CSV cells, web addresses, slugs, percent-decoding and the front matter
//! split.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mrplan::diagnostics::{self, Diagnostic, Format, Sources};

/// The nearest char boundary at or before `i` (our spans always fall on one).
fn floor(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fuzz_target!(init: mrplan_fuzz::init(), |data: &[u8]| {
    if data.len() < 8 {
        return;
    }
    let at = |i: usize| u32::from_le_bytes([data[i], data[i + 1], 0, 0]) as usize * 7;
    let (a, b, c) = (at(0), at(2), at(4));
    let text = String::from_utf8_lossy(&data[8..]).into_owned();
    let (start, end) = (floor(&text, a.min(b)), floor(&text, a.max(b)));
    let other = floor(&text, c);
    let mut sources = Sources::default();
    let file = sources.add("content/planer/2025/abc.md".into(), text.clone());
    let d = Diagnostic::error(mrplan::diagnostics::catalogue::MRP004, file, start..end, format!("Ukendt felt '{text}' i planen."))
        .label(text.clone())
        .hint(text.clone())
        .related(other..other, "første gang");
    for format in [Format::Human, Format::Short, Format::Json] {
        let out = diagnostics::render(&sources, std::slice::from_ref(&d), format);
        assert!(!out.is_empty());
        // A cut excerpt: no line of the output runs away with the input.
        if format == Format::Human {
            assert!(out.lines().all(|l| l.chars().count() < 2_400), "a runaway line");
        }
    }
    let _ = mrplan::text::csv_row(&[text.as_str(), "x"]);
    let _ = mrplan::fields::is_web_address(&text);
    let _ = mrplan::markdown::slugify(&text);
    let _ = mrplan::render::links::percent_decode(&text);
    let _ = mrplan::yaml::split(&text);
});
