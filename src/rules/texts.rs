//! Rules about what a plan's texts say (MRP118, MRP119, MRP150): nothing
//! left from `mrplan new`'s skeleton, no two goals with one title, and no
//! year carried over from last year's plan.

use std::collections::HashMap;

use crate::diagnostics::catalogue::{MRP118, MRP119, MRP150};
use crate::diagnostics::{Diagnostic, FileId, Severity};
use crate::fields;
use crate::span::Span;
use crate::written::Content;
use crate::written::{Body, Plan};

pub fn check(content: &Content, out: &mut Vec<Diagnostic>) {
    // Each agency's plans, newest first (as Content keeps them).
    let mut by_agency: HashMap<&str, Vec<&Plan>> = HashMap::new();
    for plan in &content.plans {
        by_agency.entry(plan.slug()).or_default().push(plan);
    }
    for plan in &content.plans {
        placeholders(plan, out);
        same_titles(plan, out);
        let previous = by_agency
            .get(plan.slug())
            .and_then(|plans| plans.iter().find(|p| p.year() < plan.year()).copied());
        earlier_years(plan, previous, out);
    }
    for agency in &content.agencies {
        if let Some(span) = prompt_in_body(&agency.about) {
            out.push(
                Diagnostic::warning(
                    MRP118,
                    agency.file,
                    span,
                    "Styrelsens beskrivelse er stadig skelettets tekst.",
                )
                .label("tekst fra skelettet")
                .hint("Skriv kort om styrelsens opgaver; teksten vises på styrelsens side."),
            );
        }
    }
}

/// MRP118: a prompt `mrplan new` wrote is still there. An approved plan must
/// not be published with it (error); a draft is being written (warning).
fn placeholders(plan: &Plan, out: &mut Vec<Diagnostic>) {
    let severity = if plan.is_draft() {
        Severity::Warning
    } else {
        Severity::Error
    };
    let mut found = |file: FileId, span: Span, whose: String, key: &str, text: &str| {
        out.push(
            Diagnostic::with_severity(MRP118, severity, file, span)
                .message(format!("{whose} har stadig skelettets tekst i '{key}': '{text}'."))
                .label("tekst fra skelettet")
                .hint("Skriv planens egen tekst her. Skelettets tekster er en vejledning fra mrplan new; en godkendt plan må ikke udgives med dem."),
        );
    };
    let f = plan.file;
    for (i, aim) in plan.aims.iter().enumerate() {
        if fields::is_prompt(&aim.text)
            && let Some(span) = aim.spans.get("tekst")
        {
            found(
                f,
                span,
                format!("Målbilledets punkt {}", i + 1),
                "tekst",
                &aim.text,
            );
        }
    }
    for goal in &plan.goals {
        let texts = [
            ("titel", Some(&goal.title)),
            ("kerneopgave", Some(&goal.core_task)),
            ("beskrivelse", Some(&goal.description)),
            ("målepunkt", Some(&goal.measure)),
            ("succeskriterium", Some(&goal.success)),
            ("baseline", goal.baseline.as_ref()),
            ("datakilde", Some(&goal.data_source)),
            ("ansvarlig", goal.owner.as_ref()),
        ];
        for (key, text) in texts {
            if let Some(text) = text
                && fields::is_prompt(text)
                && let Some(span) = goal.spans.get(key)
            {
                found(f, span, format!("Mål {}", goal.nr.value), key, text);
            }
        }
    }
    if let Some(follow_up) = &plan.follow_up
        && fields::is_prompt(&follow_up.process)
        && let Some(span) = follow_up.spans.get("proces")
    {
        found(f, span, "Opfølgningen".into(), "proces", &follow_up.process);
    }
    if let Some(span) = prompt_in_body(&plan.body) {
        found(f, span, "Planen".into(), "brødteksten", fields::BODY_PROMPT);
    }
}

/// Where a line of the body is one of the skeleton's prompts.
fn prompt_in_body(body: &Body) -> Option<Span> {
    let mut at = body.offset;
    for line in body.text.split_inclusive('\n') {
        let trimmed = line.trim();
        if !trimmed.is_empty() && fields::is_prompt(trimmed) {
            let start = at + (line.len() - line.trim_start().len());
            return Some(start..start + trimmed.len());
        }
        at += line.len();
    }
    None
}

/// MRP119: two goals with the same title read as one goal twice.
fn same_titles(plan: &Plan, out: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<String, (&str, Option<Span>)> = HashMap::new();
    for goal in &plan.goals {
        let title = goal.title.trim();
        // A missing title has its own message, and a prompt MRP118.
        if title.is_empty() || fields::is_prompt(title) {
            continue;
        }
        let key = title.to_lowercase();
        let here = goal.spans.get("titel");
        match seen.get(&key) {
            Some((first_nr, first_span)) => {
                let mut d = Diagnostic::warning(
                    MRP119,
                    plan.file,
                    here.unwrap_or(goal.anchor.clone()),
                    format!(
                        "Mål {} har samme titel som mål {first_nr}: '{title}'.",
                        goal.nr.value
                    ),
                )
                .label("samme titel")
                .hint("Giv hvert mål sin egen titel, så læseren kan skelne dem, eller slå målene sammen.");
                if let Some(span) = first_span {
                    d = d.related(span.clone(), format!("mål {first_nr}"));
                }
                out.push(d);
            }
            None => {
                seen.insert(key, (goal.nr.value.as_str(), here));
            }
        }
    }
}

/// MRP150: a text carried over unchanged from the agency's previous plan
/// that names that plan's year: "Nettotilgang af årsværk i 2026" in the
/// 2027 plan promises last year's target. A year that is meant (a
/// comparison, "årsafslutningen for 2025") comes with changed wording and
/// is not flagged; `baseline` names earlier years by nature and is not read.
fn earlier_years(plan: &Plan, previous: Option<&Plan>, out: &mut Vec<Diagnostic>) {
    let (year, Some(previous)) = (plan.year(), previous) else {
        return;
    };
    let before = previous.year();
    for goal in &plan.goals {
        let nr = &goal.nr.value;
        let Some(old) = previous.goals.iter().find(|g| g.nr.value == *nr) else {
            continue;
        };
        let texts = [
            (
                "titel",
                format!("Titlen på mål {nr}"),
                &goal.title,
                &old.title,
            ),
            (
                "målepunkt",
                format!("Målepunktet for mål {nr}"),
                &goal.measure,
                &old.measure,
            ),
            (
                "succeskriterium",
                format!("Succeskriteriet for mål {nr}"),
                &goal.success,
                &old.success,
            ),
        ];
        for (key, whose, text, old_text) in texts {
            if text == old_text && years_in(text).contains(&before) {
                let span = goal.spans.get(key).unwrap_or(goal.anchor.clone());
                out.push(carried_over(plan.file, span, &whose, year, before));
            }
        }
        for (i, m) in goal.milestones.iter().enumerate() {
            let same = old.milestones.get(i).is_some_and(|o| o.text == m.text);
            if same && years_in(&m.text).contains(&before) {
                let span = m.spans.get("tekst").unwrap_or(m.anchor.clone());
                let whose = format!("Delmål {} i mål {nr}", i + 1);
                out.push(carried_over(plan.file, span, &whose, year, before));
            }
        }
    }
}

fn carried_over(file: FileId, span: Span, whose: &str, year: i32, before: i32) -> Diagnostic {
    Diagnostic::warning(
        MRP150,
        file,
        span,
        format!("{whose} nævner {before} og står uændret fra planen for {before}, men planen gælder {year}."),
    )
    .label(format!("{before} er sidste plans år"))
    .hint(format!(
        "Ret året til {year}, hvis målet gælder i år. Er {before} udgangspunktet, hører det til i 'baseline'."
    ))
}

/// The four-digit numbers standing alone in `text` (each once, in order).
fn years_in(text: &str) -> Vec<i32> {
    let mut years = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        // Not part of a decimal or a longer number ("1.500", "2025,5").
        let before = start.checked_sub(1).map(|b| bytes[b]);
        let glued = |c: Option<u8>| matches!(c, Some(b'.' | b','));
        let after = bytes.get(i).copied();
        let decimal_after = glued(after) && bytes.get(i + 1).is_some_and(u8::is_ascii_digit);
        let decimal_before = glued(before) && start >= 2 && bytes[start - 2].is_ascii_digit();
        if i - start == 4
            && !decimal_after
            && !decimal_before
            && let Ok(y) = text[start..i].parse::<i32>()
            && !years.contains(&y)
        {
            years.push(y);
        }
    }
    years
}

#[cfg(test)]
mod tests {
    use super::years_in;

    #[test]
    fn finds_years_but_not_other_numbers() {
        assert_eq!(
            years_in("Nettotilgang af årsværk i 2026 og 2025"),
            vec![2026, 2025]
        );
        assert_eq!(
            years_in("Mindst 1.500 sager og 12345 kr., 2,5 pct."),
            Vec::<i32>::new()
        );
        assert_eq!(years_in("(2024-niveau) 2024"), vec![2024]);
    }
}
