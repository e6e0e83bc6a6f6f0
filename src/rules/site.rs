//! Rules across the whole site (MRP302, MRP304).

use std::collections::BTreeMap;

use crate::diag;
use crate::diagnostics::catalogue::{MRP302, MRP304};
use crate::diagnostics::{Diagnostic, FileId};
use crate::span::Sp;
use crate::written::Content;

pub fn check(content: &Content, out: &mut Vec<Diagnostic>) {
    // A wrong address already has its own error (MRP128).
    let flawed = content.site.flawed.contains("tilgængelighedserklæring");
    if content.site.accessibility_url.is_none() && !flawed {
        out.push(diag!(MRP304, content.site.file, 0..3, "Siden har ingen tilgængelighedserklæring.";
            hint: "Offentlige hjemmesider skal have en tilgængelighedserklæring (webtilgængelighedsloven). Tilføj tilgængelighedserklæring: https://www.was.digst.dk/... i content/_index.md."));
    }
    department_heads(content, out);
}

/// Who signed a plan as departementschef: (agency slug, name, file).
type Signed<'a> = (&'a str, &'a Sp<String>, FileId);

/// All approved plans of a year are signed by the same departementschef;
/// a difference is usually a misspelling.
fn department_heads(content: &Content, out: &mut Vec<Diagnostic>) {
    let mut by_year: BTreeMap<i32, Vec<Signed>> = BTreeMap::new();
    for plan in content.plans.iter().filter(|p| !p.is_draft()) {
        if let Some(head) = plan
            .signature
            .as_ref()
            .and_then(|s| s.department_head.as_ref())
        {
            by_year
                .entry(plan.year())
                .or_default()
                .push((plan.slug(), head, plan.file));
        }
    }
    for (year, heads) in by_year {
        // The most common spelling is taken as the right one.
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for (_, head, _) in &heads {
            *counts.entry(head.value.as_str()).or_default() += 1;
        }
        let Some((common, _)) = counts.iter().max_by_key(|(_, n)| **n) else {
            continue;
        };
        let (first_slug, _, _) = heads
            .iter()
            .find(|(_, h, _)| h.value == *common)
            .copied()
            .unwrap_or(heads[0]);
        for (slug, head, file) in &heads {
            if head.value != *common {
                out.push(diag!(MRP302, *file, head.span.clone(),
                    "Planerne for {year} er underskrevet af forskellige departementschefer: '{}' ({slug}) og '{common}' ({first_slug}).", head.value;
                    label: "anden departementschef",
                    hint: "Tjek stavningen: samme departementschef underskriver normalt alle årets planer."));
            }
        }
    }
}
