//! The rules `check` enforces beyond structure: references between files,
//! the guidance for good plans, and the year-end follow-up.
//!
//! Structural rules (MRP001-MRP011, MRP115, MRP116, MRP206) are found while
//! decoding; see `decode.rs` and `written.rs`. The catalogue
//! (`diagnostics::catalogue`) lists them all.

mod body;
mod cross_cutting;
mod plan;
mod site;
mod texts;
mod year_end;

pub use site::check_files;

pub use crate::diagnostics::{CATALOGUE, Rule};

use std::collections::HashSet;

use time::Date;

use crate::diagnostics::Diagnostic;
use crate::written::Content;

/// When a rule's severity depends on what the user is doing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    /// `check` and `build`.
    Publish,
    /// `report --år <year>`: that year must be over and every goal of its
    /// plans have a result (MRP204, MRP209 as errors).
    Report { year: i32 },
    /// `report --år <year> --foreløbig`: every goal of that year's plans has
    /// a follow-up for the plan's latest quarter (MRP210).
    Interim { year: i32 },
}

/// Runs every content rule. `today` decides which years are over.
pub fn check(content: &Content, today: Date, purpose: Purpose) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    site::check(content, &mut out);
    cross_cutting::check(content, &mut out);
    body::check(content, &mut out);
    texts::check(content, &mut out);
    let agencies = Agencies::of(content);
    for plan in &content.plans {
        crate::limits::check_goals(
            plan.goals.len(),
            plan.file,
            plan.goals_span.clone(),
            &mut out,
        );
        plan::check(content, &agencies, plan, &mut out);
        year_end::check(content, plan, today, purpose, &mut out);
    }
    out
}

/// The agency slugs a plan may name, looked up once per plan: a search of
/// the list for each plan grew as the square of the site.
pub(crate) struct Agencies<'a> {
    /// Agencies that decoded.
    known: HashSet<&'a str>,
    /// Every agency file, also those that could not be decoded.
    files: HashSet<&'a str>,
}

impl<'a> Agencies<'a> {
    fn of(content: &'a Content) -> Self {
        Agencies {
            known: content.agencies.iter().map(|a| a.slug.as_str()).collect(),
            files: content.agency_files.iter().map(String::as_str).collect(),
        }
    }
}
