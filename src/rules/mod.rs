//! The rules `check` enforces beyond structure: references between files,
//! the guidance for good plans, and the year-end follow-up.
//!
//! Structural rules (MRP001-MRP011, MRP115, MRP116, MRP206) are found while
//! decoding; see `decode.rs` and `model.rs`. The catalogue lists them all.

mod body;
mod catalogue;
mod plan;
mod site;
mod year_end;

pub use catalogue::{CATALOGUE, RuleInfo};

use time::Date;

use crate::diagnostics::Diagnostic;
use crate::load::Content;

/// When a rule's severity depends on what the user is doing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    /// `check` and `build`.
    Publish,
    /// `report`: the year-end results must be complete.
    Report,
}

/// Runs every content rule. `today` decides which years are over.
pub fn check(content: &Content, today: Date, purpose: Purpose) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    site::check(content, &mut out);
    body::check(content, &mut out);
    for plan in &content.plans {
        crate::limits::check_goals(plan, &mut out);
        plan::check(content, plan, &mut out);
        year_end::check(content, plan, today, purpose, &mut out);
    }
    out
}
