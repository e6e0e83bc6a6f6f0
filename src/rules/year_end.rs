//! Follow-up during the year and results at year end (MRP201-MRP211, MRP215).

use crate::diagnostics::catalogue::{
    MRP201, MRP202, MRP203, MRP204, MRP205, MRP207, MRP208, MRP209, MRP210, MRP211, MRP215,
};
use time::Date;

use crate::dates;
use crate::diagnostics::{Diagnostic, FileId, Severity};
use crate::rules::Purpose;
use crate::span::Sp;
use crate::written::Content;
use crate::written::{Goal, Outcome, Plan, Progress, QUARTERS};

pub fn check(
    content: &Content,
    plan: &Plan,
    today: Date,
    purpose: Purpose,
    out: &mut Vec<Diagnostic>,
) {
    let year = plan.year();
    if year == 0 {
        return;
    }
    let year_over = plan.year_over(today);
    // Only the plans of the year being reported are held to the report.
    let purpose = match purpose {
        Purpose::Report { year: y } | Purpose::Interim { year: y } if y != year => Purpose::Publish,
        p => p,
    };
    if purpose == (Purpose::Report { year }) && !year_over {
        out.push(
            Diagnostic::error(
                MRP209,
                plan.file,
                plan.year.as_ref().map_or(plan.anchor.clone(), |y| y.span.clone()),
                format!(
                    "Planåret {year} er ikke slut, så der er ingen resultater at skrive målrapporteringen ud fra."
                ),
            )
            .label(format!("slutter 31. december {year}"))
            .hint(format!(
                "Målrapporteringen skrives, når året er gået, og hvert mål har et resultat. Vil du vise, hvor målene står nu, så skriv en foreløbig status: mrplan report --år {year} --foreløbig"
            )),
        );
    }
    // The agency's part of the årsrapport opens with the management's own
    // word on the year. Only the report asks for it (a plan is published
    // long before its year is over), and only once every result is in.
    if purpose == (Purpose::Report { year })
        && year_over
        && plan.overall_assessment.is_none()
        && plan.goals.iter().all(|g| g.result.is_some())
    {
        out.push(
            Diagnostic::warning(
                MRP211,
                plan.file,
                plan.anchor.clone(),
                format!(
                    "Målrapporteringen for {year} har ingen samlet vurdering fra ledelsen."
                ),
            )
            .label("ingen samlet_vurdering i planen")
            .hint(
                "Tilføj ledelsens samlede vurdering af årets resultater i planens front matter, fx samlet_vurdering: Styrelsen vurderer samlet set årets resultater som tilfredsstillende, fordi ...",
            ),
        );
    }
    if purpose == (Purpose::Interim { year }) {
        interim(plan, out);
    }
    for goal in &plan.goals {
        quarters(plan, goal, today, out);
        result(content, plan, goal, year_over, purpose, out);
    }
}

/// MRP210: an interim status shows each goal at the plan's latest quarterly
/// follow-up, so every goal must have one for that quarter.
fn interim(plan: &Plan, out: &mut Vec<Diagnostic>) {
    let year = plan.year();
    let Some(quarter) = plan.latest_quarter() else {
        out.push(
            Diagnostic::error(
                MRP210,
                plan.file,
                plan.goals_span.clone(),
                format!("Planen for {year} har endnu ingen kvartalsvis opfølgning, så der er ingen status at vise."),
            )
            .label("ingen opfølgning")
            .hint("Skriv målenes status ved hver kvartalsvise opfølgning under opfølgning: [{kvartal: Q1, status: på_sporet, kommentar: ...}] i hvert mål."),
        );
        return;
    };
    // Decoded quarters are always one of the four words.
    let when = crate::model::Quarter::from_key(quarter)
        .map_or_else(|| format!("{quarter} {year}"), |q| q.of_year(year));
    for goal in &plan.goals {
        if goal.follow_ups.iter().any(|f| f.quarter.value == quarter) {
            continue;
        }
        out.push(
            Diagnostic::error(
                MRP210,
                plan.file,
                goal.anchor.clone(),
                format!(
                    "Mål {} har ingen opfølgning for {when}, som planens andre mål har.",
                    goal.nr.value
                ),
            )
            .label(format!("{quarter} mangler"))
            .hint(format!(
                "En foreløbig status viser hvert mål ved den seneste opfølgning. Tilføj {{kvartal: {quarter}, status: på_sporet | risiko | forsinket | opfyldt, kommentar: ...}} under målets opfølgning."
            )),
        );
    }
}

fn quarters(plan: &Plan, goal: &Goal, today: Date, out: &mut Vec<Diagnostic>) {
    let f = plan.file;
    let nr = &goal.nr.value;
    let year = plan.year();
    let index = |q: &str| QUARTERS.iter().position(|x| *x == q).unwrap_or(0);
    for (i, fu) in goal.follow_ups.iter().enumerate() {
        let q = fu.quarter.value.as_str();
        if let Some(first) = goal.follow_ups[..i].iter().find(|p| p.quarter.value == q) {
            out.push(
                Diagnostic::error(
                    MRP201,
                    f,
                    fu.quarter.span.clone(),
                    format!("Mål {nr} har to opfølgninger for {q}."),
                )
                .label("andet kvartal med samme navn")
                .related(first.quarter.span.clone(), "første")
                .hint("Der er én opfølgning pr. kvartal. Slet den ene, eller ret kvartalet."),
            );
        } else if i > 0 && index(q) < index(&goal.follow_ups[i - 1].quarter.value) {
            out.push(
                Diagnostic::warning(
                    MRP201,
                    f,
                    fu.quarter.span.clone(),
                    format!("Opfølgningerne for mål {nr} står ikke i kvartalsorden."),
                )
                .label(format!(
                    "{q} efter {}",
                    goal.follow_ups[i - 1].quarter.value
                ))
                .hint("Skriv opfølgningerne i rækkefølgen Q1, Q2, Q3, Q4."),
            );
        }
        if let Some(end) = dates::quarter_end(year, q)
            && end >= today
        {
            out.push(
                Diagnostic::warning(
                    MRP202,
                    f,
                    fu.quarter.span.clone(),
                    format!(
                        "Mål {nr} har opfølgning for {q} {year}, men kvartalet slutter først {}.",
                        dates::long_da(end)
                    ),
                )
                .label("kvartalet er ikke slut")
                .hint("Skriv status for et kvartal, når det er gået."),
            );
        }
    }
}

fn result(
    content: &Content,
    plan: &Plan,
    goal: &Goal,
    year_over: bool,
    purpose: Purpose,
    out: &mut Vec<Diagnostic>,
) {
    let f = plan.file;
    let nr = &goal.nr.value;
    let year = plan.year();
    let Some(result) = &goal.result else {
        missing_result(plan, goal, year_over, purpose, out);
        return;
    };
    if !year_over {
        out.push(
            Diagnostic::warning(
                MRP205,
                f,
                result.anchor.clone(),
                format!("Mål {nr} har et resultat, men planåret {year} er ikke slut."),
            )
            .label("for tidligt")
            .hint("Brug 'opfølgning' til status i løbet af året, og skriv resultatet, når året er gået."),
        );
    }
    let Some(status) = &result.status else { return };
    if status.value != Outcome::Met && result.analysis.is_none() {
        missing_analysis(content, f, goal, status, out);
    }
    if result.assessment.is_none() {
        out.push(
            Diagnostic::warning(
                MRP208,
                f,
                result.anchor.clone(),
                format!("Resultatet for mål {nr} mangler 'vurdering'."),
            )
            .label("vurdering mangler")
            .hint("Skriv styrelsens vurdering af resultatet, fx vurdering: Målet er opfyldt."),
        );
    }
    contradicted(f, goal, status, out);
    if let Some(grade) = &result.grade {
        contradicting_grade(f, goal, status.value, grade, out);
    }
}

/// MRP215: the grade of fulfilment lies within what the status says:
/// opfyldt is 100, delvist opfyldt 1-99 (0 and 100 are the other
/// statuses), and ikke opfyldt is below 100.
fn contradicting_grade(
    f: FileId,
    goal: &Goal,
    status: Outcome,
    grade: &Sp<i64>,
    out: &mut Vec<Diagnostic>,
) {
    let (fits, want) = match status {
        Outcome::Met => (grade.value == 100, "100"),
        Outcome::PartlyMet => ((1..=99).contains(&grade.value), "mellem 1 og 99"),
        Outcome::NotMet => (grade.value < 100, "under 100"),
    };
    if fits {
        return;
    }
    out.push(
        Diagnostic::error(
            MRP215,
            f,
            grade.span.clone(),
            format!(
                "Mål {} er {}, men 'målopfyldelse_pct' er {} pct.",
                goal.nr.value,
                status.da().to_lowercase(),
                grade.value
            ),
        )
        .label("modsiger status")
        .hint(format!(
            "Når status er {}, skal målopfyldelsen være {want} pct. Ret graden eller status, så de stemmer.",
            status.key()
        )),
    );
}

/// MRP204: a goal without a result once the year is over (a warning), or
/// when the report is asked for (an error, at every such goal).
fn missing_result(
    plan: &Plan,
    goal: &Goal,
    year_over: bool,
    purpose: Purpose,
    out: &mut Vec<Diagnostic>,
) {
    let (nr, year) = (&goal.nr.value, plan.year());
    if goal.flawed.contains("resultat") {
        return;
    }
    let hint = "Tilføj resultat: {status: opfyldt | delvist_opfyldt | ikke_opfyldt, opnået: ..., vurdering: ...}";
    let over = format!("Planåret {year} er slut, men mål {nr} har intet 'resultat'.");
    let found = if purpose == (Purpose::Report { year }) {
        let message = if year_over {
            over
        } else {
            format!(
                "Mål {nr} har intet 'resultat' endnu; målrapporteringen kræver et resultat for hvert mål."
            )
        };
        Diagnostic::error(MRP204, plan.file, goal.anchor.clone(), message)
    } else if year_over {
        Diagnostic::warning(MRP204, plan.file, goal.anchor.clone(), over)
    } else {
        return;
    };
    out.push(found.label("resultat mangler").hint(hint));
}

/// MRP203: a goal not fully met is analysed: always when it is significant
/// (its weight at least `regler.analyse_vægt`, or not met and unweighted).
fn missing_analysis(
    content: &Content,
    f: FileId,
    goal: &Goal,
    status: &Sp<Outcome>,
    out: &mut Vec<Diagnostic>,
) {
    let threshold = content.site.rules.analysis_weight;
    let status_da = status.value.da().to_lowercase();
    let (severity, why) = match &goal.weight {
        Some(w) if w.value >= threshold => (Severity::Error, format!(" og vejer {}", w.value)),
        Some(_) => return,
        None if status.value == Outcome::NotMet => (Severity::Error, String::new()),
        None => (Severity::Warning, String::new()),
    };
    out.push(
        Diagnostic::with_severity(MRP203, severity, f, status.span.clone())
            .message(format!("Mål {} er {status_da}{why}, men mangler 'analyse'.", goal.nr.value))
            .label("analyse mangler")
            .hint(format!("Væsentlige mål, der ikke er opfyldt, skal altid analyseres i {}: hvorfor gik det sådan, og hvad påvirkede resultatet? Tilføj analyse: ... under resultat.", content.site.names.report_def)),
    );
}

/// MRP207: the last follow-up said met and the result is not, or it said
/// delayed and the result is fully met. (Delayed, then partly met, is
/// consistent.)
fn contradicted(f: FileId, goal: &Goal, status: &Sp<Outcome>, out: &mut Vec<Diagnostic>) {
    let Some(last) = goal.follow_ups.last() else {
        return;
    };
    let met = status.value == Outcome::Met;
    let said = last.status;
    if (said == Some(Progress::Met) && !met) || (said == Some(Progress::Delayed) && met) {
        out.push(
            Diagnostic::warning(
                MRP207,
                f,
                status.span.clone(),
                format!(
                    "Mål {} stod som '{}' i {}, men resultatet er '{}'.",
                    goal.nr.value,
                    said.map_or("", Progress::key),
                    last.quarter.value,
                    status.value.key()
                ),
            )
            .label("modsiger opfølgningen")
            .related(last.quarter.span.clone(), "sidste opfølgning")
            .hint("Ret den sidste opfølgning eller resultatet, så de stemmer."),
        );
    }
}
