//! Load, check and render: when `check` finds no error, every renderer
//! (pages, feeds, open data, the PDFs' data) must succeed, as `build` does.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mrplan::render::{FeedRenderer, OpenDataRenderer, RenderContext, Renderer};
use mrplan::publish::{Drafts, publish};
use mrplan::rules::Purpose;

fuzz_target!(init: mrplan_fuzz::init(), |data: &[u8]| {
    let Some(mut loaded) = mrplan_fuzz::load(data) else {
        return;
    };
    let found = mrplan_fuzz::check(&mut loaded, Purpose::Publish);
    if mrplan_fuzz::has_errors(&found) {
        return;
    }
    let built_in = mrplan_fuzz::theme();
    for drafts in [Drafts::Leave, Drafts::Include] {
        let published = match publish(&loaded.content, &loaded.sources, drafts) {
            Ok(p) => p,
            Err(e) => panic!("check passed, but the plans cannot be published: {e}"),
        };
        let now = time::macros::datetime!(2026-11-23 12:00 UTC);
        let ctx = RenderContext::new(&published, &built_in.theme, &built_in.sources, now);
        let open_data = OpenDataRenderer::default();
        let renderers: [&dyn Renderer; 3] = [&built_in.html, &FeedRenderer, &open_data];
        let mut output = mrplan::output::Output::default();
        for r in renderers {
            match r.render(&ctx) {
                Ok(o) => output.extend(o),
                Err(e) => {
                    let text = mrplan::diagnostics::render(&built_in.sources, &e, mrplan::diagnostics::Format::Short);
                    panic!("check passed, but {} failed:\n{text}", r.name());
                }
            }
        }
        let _ = mrplan::render::links::check(&output);
        for doc in mrplan::pdf::documents(&ctx) {
            let _ = serde_json::to_vec(&doc.data);
        }
    }
});
