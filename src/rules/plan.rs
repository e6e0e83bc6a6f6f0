//! Rules for one plan: references (MRP020-MRP025) and the guidance (MRP101-MRP114, MRP138).

use crate::diagnostics::catalogue::{
    MRP020, MRP021, MRP022, MRP023, MRP024, MRP025, MRP101, MRP103, MRP104, MRP105, MRP107, MRP108,
    MRP109, MRP110, MRP111, MRP114, MRP134, MRP135, MRP138,
};
use std::collections::HashMap;

use time::{Date, Month};

use super::Agencies;
use crate::dates;
use crate::decode::suggest;
use crate::diagnostics::{Diagnostic, FileId};
use crate::written::Content;
use crate::written::{Goal, Plan, When};

pub fn check(content: &Content, agencies: &Agencies, plan: &Plan, out: &mut Vec<Diagnostic>) {
    references(content, agencies, plan, out);
    goals(content, plan, out);
    weights(plan, out);
    signature(plan, out);
    changes(plan, out);
}

/// MRP134, MRP135: each change of the plan (`ændringer`) is dated in the
/// plan year and names, if any, one of the plan's goals. A change dated
/// outside the year is an error, as a goal's deadline is (MRP103): the
/// report lists it as a change "i årets løb" and the plan's page is
/// "Revideret" on that date, so a wrong year would publish a false date.
fn changes(plan: &Plan, out: &mut Vec<Diagnostic>) {
    let (f, year) = (plan.file, plan.year());
    let numbers: Vec<&str> = plan.goals.iter().map(|g| g.nr.value.as_str()).collect();
    for change in &plan.changes {
        if year != 0 && change.date.year() != year {
            out.push(
                Diagnostic::error(
                    MRP134,
                    f,
                    change.date.span.clone(),
                    format!(
                        "Ændringen er dateret {}, men planen gælder {year}.",
                        dates::long_da(change.date.value)
                    ),
                )
                .label("uden for planåret")
                .hint(format!(
                    "'ændringer' er ændringer i årets løb: ret datoen til en dag i {year}, fx dato: {year}-06-15. En ændring før året begyndte hører til i selve planen."
                )),
            );
        }
        if let Some(goal) = &change.goal
            && !numbers.contains(&goal.value.as_str())
        {
            out.push(
                Diagnostic::error(
                    MRP135,
                    f,
                    goal.span.clone(),
                    format!("Ændringen nævner mål {}, men planen har intet mål med det nummer.", goal.value),
                )
                .label("ukendt mål")
                .hint(if numbers.is_empty() {
                    "Planen har ingen mål endnu. Slet 'mål', hvis ændringen gælder hele planen.".to_string()
                } else {
                    format!(
                        "Planens mål har nr. {}. Ret 'mål', eller slet feltet, hvis ændringen gælder hele planen.",
                        numbers.join(", ")
                    )
                }),
            );
        }
    }
}

fn references(content: &Content, agencies: &Agencies, plan: &Plan, out: &mut Vec<Diagnostic>) {
    let f = plan.file;
    agency(content, agencies, plan, out);
    if let (Some(year), Some(folder)) = (&plan.year, plan.folder_year)
        && year.value != i64::from(folder)
    {
        out.push(
            Diagnostic::error(
                MRP021,
                f,
                year.span.clone(),
                format!(
                    "Planen siger 'år: {}', men ligger i mappen planer/{folder}/.",
                    year.value
                ),
            )
            .label("passer ikke med mappen")
            .hint(format!(
                "Ret 'år' til {folder}, eller flyt filen til content/planer/{}/.",
                year.value
            )),
        );
    }

    let mut seen: HashMap<&str, &crate::span::Sp<String>> = HashMap::new();
    for aim in &plan.aims {
        if let Some(first) = seen.insert(aim.id.value.as_str(), &aim.id) {
            out.push(
                Diagnostic::error(
                    MRP023,
                    f,
                    aim.id.span.clone(),
                    format!("Målbilledet har to elementer med id '{}'.", aim.id.value),
                )
                .label("andet element med samme id")
                .related(first.span.clone(), "første")
                .hint("Giv hvert element i strategisk_målbillede sit eget id, fx P1, P2, P3."),
            );
        }
    }
}

/// MRP020, MRP025: the plan's agency exists and is the one its file is named for.
fn agency(content: &Content, agencies: &Agencies, plan: &Plan, out: &mut Vec<Diagnostic>) {
    let f = plan.file;
    let Some(agency) = &plan.agency else {
        return;
    };
    let known = agencies.known.contains(agency.value.as_str());
    // An agency file that is there but broken has its own error.
    let broken = agencies.files.contains(agency.value.as_str());
    if !known && !broken {
        let slugs: Vec<&str> = content.agencies.iter().map(|a| a.slug.as_str()).collect();
        let hint = match suggest(&agency.value, &slugs) {
            Some(s) => format!("Mente du '{s}'?"),
            None => format!(
                "Opret content/styrelser/{}.md, eller brug en af: {}.",
                agency.value,
                slugs.join(", ")
            ),
        };
        out.push(
            Diagnostic::error(
                MRP020,
                f,
                agency.span.clone(),
                format!(
                    "Styrelsen '{}' findes ikke i content/styrelser/.",
                    agency.value
                ),
            )
            .label("ukendt styrelse")
            .hint(hint),
        );
    }
    if known && agency.value != plan.file_slug {
        out.push(
            Diagnostic::error(
                MRP025,
                f,
                agency.span.clone(),
                format!(
                    "Filen hedder '{}.md', men planen er for styrelsen '{}'.",
                    plan.file_slug, agency.value
                ),
            )
            .label("passer ikke med filnavnet")
            .hint(format!(
                "Omdøb filen til {}.md, eller ret 'styrelse'.",
                agency.value
            )),
        );
    }
}

fn goals(content: &Content, plan: &Plan, out: &mut Vec<Diagnostic>) {
    goal_count(content, plan, out);
    let ids: Vec<&str> = plan.aims.iter().map(|a| a.id.value.as_str()).collect();
    let mut numbers: HashMap<&str, &crate::span::Sp<String>> = HashMap::new();
    for goal in &plan.goals {
        let nr = &goal.nr.value;
        if let Some(first) = numbers.insert(nr.as_str(), &goal.nr) {
            out.push(
                Diagnostic::error(
                    MRP022,
                    plan.file,
                    goal.nr.span.clone(),
                    format!("Der er to mål med nr. {nr}."),
                )
                .label("andet mål med samme nr.")
                .related(first.span.clone(), "første")
                .hint("Hvert mål skal have sit eget nummer."),
            );
        }
        supports(plan.file, goal, &ids, out);
        deadlines(plan, goal, out);
        missing_actions(plan.file, goal, out);
        if goal.owner.is_none() && !goal.flawed.contains("ansvarlig") {
            out.push(
                Diagnostic::warning(
                    MRP108,
                    plan.file,
                    goal.anchor.clone(),
                    format!("Mål {nr} har ingen 'ansvarlig'."),
                )
                .label("mål uden ansvarlig")
                .hint("Angiv hvem i styrelsen der står for målet, fx ansvarlig: Økonomiafdelingen"),
            );
        }
    }
    unsupported_aims(plan, out);
}

/// MRP138: a quarter at risk or delayed says what was agreed to do about
/// it, so the year's follow-up can learn from it (drafts too: the
/// follow-up happens before anyone approves the next plan).
fn missing_actions(f: FileId, goal: &Goal, out: &mut Vec<Diagnostic>) {
    use crate::model::Progress;
    for q in &goal.follow_ups {
        let Some(status @ (Progress::AtRisk | Progress::Delayed)) = q.status else {
            continue;
        };
        if q.action.is_some() {
            continue;
        }
        out.push(
            Diagnostic::warning(
                MRP138,
                f,
                q.status_span.clone(),
                format!(
                    "Mål {} står som '{}' i {}, men opfølgningen mangler 'handling'.",
                    goal.nr.value,
                    status.key(),
                    q.quarter.value
                ),
            )
            .label("handling mangler")
            .hint("Skriv den handling, styrelse og departement har aftalt, fx handling: Styrelsen sætter to ekstra medarbejdere på sagerne i 3. kvartal."),
        );
    }
}

/// MRP101: the plan has as many goals as the site's frame allows.
fn goal_count(content: &Content, plan: &Plan, out: &mut Vec<Diagnostic>) {
    let rules = content.site.rules;
    let n = plan.goals.len() as i64;
    if n < rules.min_goals || n > rules.max_goals {
        let advice = if n > rules.max_goals {
            "vælg de vigtigste"
        } else {
            "tilføj mål for styrelsens kerneopgaver"
        };
        out.push(
            Diagnostic::error(
                MRP101,
                plan.file,
                plan.goals_span.clone(),
                format!("Planen har {n} mål. Rammen er {}-{} mål; {advice}.", rules.min_goals, rules.max_goals),
            )
            .label(format!("{n} mål"))
            .hint("Få, klare mål for kerneopgaverne. Rammen kan ændres med regler.min_mål og regler.max_mål i content/_index.md."),
        );
    }
}

/// MRP024: a goal supports ids of the plan's målbillede (`ids`) only.
fn supports(f: FileId, goal: &Goal, ids: &[&str], out: &mut Vec<Diagnostic>) {
    for id in &goal.supports {
        if ids.contains(&id.value.as_str()) {
            continue;
        }
        let hint = match suggest(&id.value, ids) {
            Some(s) => format!("Mente du '{s}'? Målbilledet har: {}.", ids.join(", ")),
            None => format!("Målbilledet har: {}.", ids.join(", ")),
        };
        out.push(
            Diagnostic::error(
                MRP024,
                f,
                id.span.clone(),
                format!(
                    "Mål {} understøtter '{}', som ikke findes i strategisk_målbillede.",
                    goal.nr.value, id.value
                ),
            )
            .label("ukendt id")
            .hint(hint),
        );
    }
}

/// MRP103, MRP114: the goal's deadline is in the plan year, and its
/// milestones' dates are in the year and not after the goal's deadline.
fn deadlines(plan: &Plan, goal: &Goal, out: &mut Vec<Diagnostic>) {
    let (f, nr, year) = (plan.file, &goal.nr.value, plan.year());
    if let Some(deadline) = &goal.deadline
        && deadline.year() != year
        && year != 0
    {
        out.push(
            Diagnostic::error(
                MRP103,
                f,
                deadline.span.clone(),
                format!(
                    "Mål {nr} har frist {}, men planen gælder {year}.",
                    dates::long_da(deadline.value)
                ),
            )
            .label("uden for planåret")
            .hint(format!(
                "Fristen skal ligge i planåret, fx frist: {year}-12-31."
            )),
        );
    }
    for m in &goal.milestones {
        let Some(When::Date(date)) = &m.when else {
            continue;
        };
        let late = goal.deadline.as_ref().filter(|d| date.value > d.value);
        if date.year() == year && late.is_none() {
            continue;
        }
        let why = match late {
            Some(d) => format!("efter målets frist {}", dates::long_da(d.value)),
            None => format!("uden for planåret {year}"),
        };
        out.push(
            Diagnostic::warning(
                MRP114,
                f,
                date.span.clone(),
                format!(
                    "Delmålet '{}' har frist {}, {why}.",
                    m.text,
                    dates::long_da(date.value)
                ),
            )
            .label("for sen frist")
            .hint("Et delmål er en milepæl på vejen: læg fristen før målets egen frist."),
        );
    }
}

/// MRP107: every part of the målbillede is supported by a goal.
fn unsupported_aims(plan: &Plan, out: &mut Vec<Diagnostic>) {
    for aim in &plan.aims {
        if !plan
            .goals
            .iter()
            .any(|g| g.supports.iter().any(|s| s.value == aim.id.value))
        {
            out.push(
                Diagnostic::warning(
                    MRP107,
                    plan.file,
                    aim.id.span.clone(),
                    format!(
                        "Målbilledet '{}' understøttes ikke af noget mål i årets plan.",
                        aim.id.value
                    ),
                )
                .label("ingen mål henviser hertil")
                .hint(format!(
                    "Tilføj '{}' til 'understøtter' på et af målene, eller fjern punktet.",
                    aim.id.value
                )),
            );
        }
    }
}

fn weights(plan: &Plan, out: &mut Vec<Diagnostic>) {
    let f = plan.file;
    let weighted = plan.goals.iter().filter(|g| g.weight.is_some()).count();
    // A weight that was written but is not a whole number from 1 to 100
    // already has its message (MRP006/MRP106); say nothing more.
    let flawed = plan.goals.iter().any(|g| g.flawed.contains("vægt"));
    if weighted == 0 || flawed {
        return;
    }
    if weighted < plan.goals.len() {
        for goal in plan.goals.iter().filter(|g| g.weight.is_none()) {
            out.push(
                Diagnostic::error(
                    MRP104,
                    f,
                    goal.anchor.clone(),
                    format!(
                        "Mål {} har ingen vægt, men de øvrige mål er vægtet.",
                        goal.nr.value
                    ),
                )
                .label("vægt mangler")
                .hint("Enten har alle mål en vægt, eller ingen har. Tilføj fx vægt: 10"),
            );
        }
        return;
    }
    let sum: i64 = plan
        .goals
        .iter()
        .filter_map(|g| g.weight.as_ref())
        .map(|w| w.value)
        .sum();
    if sum != 100 {
        out.push(
            Diagnostic::error(
                MRP105,
                f,
                plan.goals_span.clone(),
                format!("Målenes vægte summerer til {sum}, ikke 100."),
            )
            .label(format!("sum {sum}"))
            .hint("Ret vægtene, så de tilsammen giver 100."),
        );
    }
}

fn signature(plan: &Plan, out: &mut Vec<Diagnostic>) {
    let f = plan.file;
    let approved = !plan.is_draft();
    let Some(sig) = &plan.signature else {
        if approved
            && !plan.flawed.contains("påtegning")
            && let Some(status) = &plan.status
        {
            out.push(
                Diagnostic::error(MRP109, f, status.span.clone(), "Planen er godkendt, men mangler 'påtegning'.")
                    .label("godkendt uden påtegning")
                    .hint("En godkendt plan skal have påtegning med sted, dato, departementschef og styrelsesdirektør. Er den ikke underskrevet endnu, så skriv status: udkast."),
            );
        }
        return;
    };
    if approved {
        let missing: Vec<&str> = [
            ("sted", sig.place.is_none()),
            ("dato", sig.date.is_none()),
            ("departementschef", sig.department_head.is_none()),
            ("styrelsesdirektør", sig.agency_head.is_none()),
        ]
        .iter()
        .filter(|(k, m)| *m && !sig.flawed.contains(k))
        .map(|(k, _)| *k)
        .collect();
        for field in missing {
            out.push(
                Diagnostic::error(
                    MRP109,
                    f,
                    sig.anchor.clone(),
                    format!("Planen er godkendt, men påtegningen mangler '{field}'."),
                )
                .label(format!("'{field}' mangler"))
                .hint("En godkendt plan skal have sted, dato og begge underskrivere."),
            );
        }
    }
    let year = plan.year();
    if let Some(date) = &sig.date
        && year != 0
    {
        let from = Date::from_calendar_date(year - 1, Month::July, 1);
        let to = Date::from_calendar_date(year, Month::June, 30);
        if let (Ok(from), Ok(to)) = (from, to)
            && (date.value < from || date.value > to)
        {
            out.push(
                Diagnostic::warning(MRP110, f, date.span.clone(), format!("Påtegningen er dateret {}.", dates::long_da(date.value)))
                    .label("usædvanlig dato")
                    .hint(format!("Planer for {year} underskrives normalt i december året før eller først på året.")),
            );
        }
    }
    if let (Some(a), Some(b)) = (&sig.department_head, &sig.agency_head)
        && a.value.trim().eq_ignore_ascii_case(b.value.trim())
    {
        out.push(
            Diagnostic::warning(
                MRP111,
                f,
                b.span.clone(),
                format!(
                    "Departementschef og styrelsesdirektør har samme navn ('{}').",
                    a.value
                ),
            )
            .label("samme navn")
            .related(a.span.clone(), "departementschef")
            .hint("Planen er en aftale mellem to parter og underskrives af begge."),
        );
    }
}
