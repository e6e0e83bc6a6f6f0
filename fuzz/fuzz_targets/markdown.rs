//! A Markdown body as the website and the PDF data see it, and the rules
//! and limits on it.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mrplan::written::Body;
use pulldown_cmark::HeadingLevel;

fuzz_target!(init: mrplan_fuzz::init(), |data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let body = Body {
        text: text.into(),
        offset: 0,
    };
    let mut found = Vec::new();
    mrplan::limits::check_body(&body, 0, &mut found);
    let html = mrplan::markdown::render(text, 0, HeadingLevel::H2);
    assert!(!html.html.contains("<script"), "raw HTML passed through");
    let place = mrplan::pdf::ast::Place {
        base_url: "https://x.dk",
        page_dir: "planer/2025/abc/",
    };
    let tree = mrplan::pdf::ast::convert(text, HeadingLevel::H1, &place);
    let _ = serde_json::to_vec(&tree);
});
