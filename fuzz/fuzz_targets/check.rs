//! Front matter (and the rest of the file) through load and check, and every
//! diagnostic printed: no input may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mrplan::rules::Purpose;

fuzz_target!(init: mrplan_fuzz::init(), |data: &[u8]| {
    if let Some(mut loaded) = mrplan_fuzz::load(data) {
        let found = mrplan_fuzz::check(&mut loaded, Purpose::Publish);
        mrplan_fuzz::print_all(&loaded.sources, &found);
        for year in [2024, 2025, 2026] {
            let _ = mrplan_fuzz::check(&mut loaded, Purpose::Report { year });
            let _ = mrplan_fuzz::check(&mut loaded, Purpose::Interim { year });
        }
    }
});
