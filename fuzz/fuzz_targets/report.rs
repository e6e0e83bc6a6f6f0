//! The year-end report: when `report`'s checks pass for the plan, every
//! format is written without a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mrplan::report::formats;
use mrplan::rules::Purpose;

fuzz_target!(init: mrplan_fuzz::init(), |data: &[u8]| {
    let Some(mut loaded) = mrplan_fuzz::load(data) else {
        return;
    };
    let found = mrplan_fuzz::check(&mut loaded, Purpose::Report);
    if mrplan_fuzz::has_errors(&found) {
        return;
    }
    let content = &loaded.content;
    for plan in content.plans.iter().filter(|p| !p.is_draft()) {
        let report = mrplan::report::report(content, plan.year(), &[plan]);
        let _ = formats::markdown(&report);
        let _ = formats::csv(&report);
        let json = formats::json(&report);
        assert!(serde_json::from_str::<serde_json::Value>(&json).is_ok(), "report JSON does not parse");
        let _ = formats::html_document(&report);
        let _ = formats::typst("#let data = json(\"/data.json\")", &report);
        let _ = mrplan::report::docx::docx(&report);
    }
});
