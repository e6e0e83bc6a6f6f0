//! Cross-cutting goals (MRP212): a goal the department sets in every
//! agency's plan of a year (`tværgående: true`) is in each of them, under
//! the same title, so the results can be set side by side.

use std::collections::BTreeMap;

use crate::diag;
use crate::diagnostics::Diagnostic;
use crate::diagnostics::catalogue::MRP212;
use crate::written::{Content, Plan};

/// A title as goals are matched by it: trimmed, in any case.
pub fn title_key(title: &str) -> String {
    title.trim().to_lowercase()
}

pub fn check(content: &Content, out: &mut Vec<Diagnostic>) {
    let mut by_year: BTreeMap<i32, Vec<&Plan>> = BTreeMap::new();
    for plan in &content.plans {
        by_year.entry(plan.year()).or_default().push(plan);
    }
    for plans in by_year.values() {
        year(content, plans, out);
    }
}

/// One year's plans: each lacks none of the cross-cutting goals the others carry.
fn year(content: &Content, plans: &[&Plan], out: &mut Vec<Diagnostic>) {
    // Each cross-cutting title (as first written) and the plans marking it.
    let mut marked: Vec<(String, String, Vec<&str>)> = Vec::new();
    for plan in plans {
        for goal in plan.goals.iter().filter(|g| g.cross_cutting) {
            let key = title_key(&goal.title);
            // A year's plans come sorted by agency: a plan marking the goal
            // twice is the last one listed.
            match marked.iter_mut().find(|(k, _, _)| *k == key) {
                Some((_, _, slugs)) if slugs.last() != Some(&plan.slug()) => {
                    slugs.push(plan.slug())
                }
                Some(_) => {}
                None => marked.push((key, goal.title.trim().to_string(), vec![plan.slug()])),
            }
        }
    }
    // Who carries each goal, named once, and only when some plan lacks it.
    let carriers: Vec<std::cell::OnceCell<String>> = vec![Default::default(); marked.len()];
    let abbreviations: std::collections::HashMap<&str, &str> = content
        .agencies
        .iter()
        .map(|a| (a.slug.as_str(), a.abbreviation.as_str()))
        .collect();
    for plan in plans {
        // Goals that could not be read already have their own error.
        if plan.flawed.contains("mål") || plan.goals.is_empty() {
            continue;
        }
        for ((key, title, slugs), carriers) in marked.iter().zip(&carriers) {
            let has = plan.goals.iter().any(|g| title_key(&g.title) == *key);
            if has {
                continue;
            }
            let carriers = carriers.get_or_init(|| {
                let names: Vec<String> = slugs
                    .iter()
                    .map(|s| abbreviations.get(s).unwrap_or(s).to_string())
                    .collect();
                and_list(&names)
            });
            out.push(diag!(MRP212, plan.file, plan.goals_span.clone(),
                "Planen for {} mangler det tværgående mål '{title}', som står i planerne for {}.", plan.year(), carriers;
                label: format!("'{title}' mangler"),
                hint: format!("Departementet sætter tværgående mål i alle styrelsers planer. Tilføj målet med titel: {title} og tværgående: true, eller ret titlen, så den er den samme som i de andre planer.")));
        }
    }
}

/// "A", "A og B", "A, B og C".
fn and_list(items: &[String]) -> String {
    match items.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} og {last}", rest.join(", ")),
        None => String::new(),
    }
}
