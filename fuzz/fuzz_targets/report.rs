//! The year-end report and the interim status: when `report`'s checks pass
//! for the plan, every format is written without a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mrplan::report::{Document, formats, interim};
use mrplan::publish::{Drafts, publish};
use mrplan::rules::Purpose;

fuzz_target!(init: mrplan_fuzz::init(), |data: &[u8]| {
    let Some(mut loaded) = mrplan_fuzz::load(data) else {
        return;
    };
    let Some(year) = loaded.content.plans.first().map(|p| p.year()) else {
        return;
    };
    for purpose in [Purpose::Report { year }, Purpose::Interim { year }] {
        let found = mrplan_fuzz::check(&mut loaded, purpose);
        if mrplan_fuzz::has_errors(&found) {
            continue;
        }
        let published = match publish(&loaded.content, &loaded.sources, Drafts::Leave) {
            Ok(p) => p,
            Err(e) => panic!("check passed, but the plans cannot be published: {e}"),
        };
        let plans: Vec<_> = published.plans.iter().collect();
        if plans.is_empty() {
            continue;
        }
        let site = &published.site;
        let doc = match purpose {
            Purpose::Interim { .. } => Document::Interim(interim::interim(site, year, &plans, false)),
            _ => Document::Results(mrplan::report::report(site, year, &plans)),
        };
        let _ = formats::markdown(&doc);
        let _ = formats::csv(&doc);
        let json = formats::json(&doc);
        assert!(serde_json::from_str::<serde_json::Value>(&json).is_ok(), "report JSON does not parse");
        let _ = formats::html_document(&doc);
        let _ = formats::typst("#let data = json(\"/data.json\")", &doc);
        let settings = mrplan::report::docx::Settings {
            now: time::OffsetDateTime::UNIX_EPOCH,
            reference: None,
        };
        let _ = mrplan::report::docx::docx(&doc, &settings);
    }
});
