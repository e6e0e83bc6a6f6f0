//! A foreløbig status (`report --foreløbig`): where the goals stood at the
//! latest quarterly follow-up, for a year that has no results yet. It is
//! never a målrapportering and says so in every format; every figure comes
//! from the follow-up the agency itself wrote.

use serde::Serialize;

use super::Trail;
use crate::model::{Plan, Progress, Quarter, Site};
use crate::views::{self, AgencyRef};

/// The interim status of one year: a section per agency and an overview.
#[derive(Serialize)]
pub struct Interim {
    pub year: i32,
    pub ministry: String,
    /// "Foreløbig status for 2026".
    pub heading: String,
    pub sections: Vec<InterimSection>,
    pub overview: Vec<InterimOverviewRow>,
}

#[derive(Serialize)]
pub struct InterimSection {
    pub year: i32,
    pub agency: AgencyRef,
    /// "Foreløbig status pr. 3. kvartal 2026".
    pub heading: String,
    /// The follow-up the status stands at: "Q3".
    pub quarter: String,
    /// "3. kvartal 2026".
    pub quarter_text: String,
    /// What this is and what it is not, for the reader.
    pub notice: String,
    pub intro: String,
    /// "Ved opfølgningen for 3. kvartal 2026 var 4 af årets 7 mål på sporet, ..."
    pub summary: String,
    pub counts: StatusCounts,
    pub weighted: bool,
    pub goals: Vec<InterimRow>,
    pub trail: Vec<Trail>,
}

/// How many goals had each quarterly status.
#[derive(Serialize, Clone, Copy, Default, PartialEq, Eq, Debug)]
pub struct StatusCounts {
    pub met: i64,
    pub on_track: i64,
    pub at_risk: i64,
    pub delayed: i64,
    pub total: i64,
}

#[derive(Serialize)]
pub struct InterimRow {
    pub nr: String,
    pub title: String,
    pub core_task: String,
    pub success: String,
    /// `på_sporet`, `risiko`, `forsinket` or `opfyldt`.
    pub status: String,
    /// "På sporet" ...
    pub status_text: String,
    pub comment: String,
    /// `handling`: the action agreed at this follow-up.
    pub action: Option<String>,
    pub weight: Option<i64>,
}

#[derive(Serialize)]
pub struct InterimOverviewRow {
    pub agency: AgencyRef,
    pub quarter_text: String,
    pub counts: StatusCounts,
    pub summary: String,
}

/// The interim status of `year` over `plans`. Each plan has a follow-up for
/// its latest quarter on every goal (`check` refuses the report otherwise).
pub fn interim(site: &Site, year: i32, plans: &[&Plan], year_over: bool) -> Interim {
    let sections: Vec<InterimSection> = plans.iter().map(|p| section(site, p, year_over)).collect();
    let overview = sections
        .iter()
        .map(|s| InterimOverviewRow {
            agency: s.agency.clone(),
            quarter_text: s.quarter_text.clone(),
            counts: s.counts,
            summary: s.summary.clone(),
        })
        .collect();
    Interim {
        year,
        ministry: site.ministry.clone(),
        heading: format!("Foreløbig status for {year}"),
        sections,
        overview,
    }
}

fn section(site: &Site, plan: &Plan, year_over: bool) -> InterimSection {
    let year = plan.year;
    let agency = views::agency_ref(&plan.agency);
    let quarter = plan.latest_quarter().unwrap_or(Quarter::Q1);
    let when = quarter.of_year(year);
    let mut counts = StatusCounts::default();
    let mut goals = Vec::new();
    for g in &plan.goals {
        let follow_up = g.follow_up(quarter);
        // `check` refuses an interim status with a goal not followed up in
        // the quarter (MRP210); were one let through, it counts as delayed.
        counts.total += 1;
        match follow_up.map(|f| f.status) {
            Some(Progress::Met) => counts.met += 1,
            Some(Progress::OnTrack) => counts.on_track += 1,
            Some(Progress::AtRisk) => counts.at_risk += 1,
            Some(Progress::Delayed) | None => counts.delayed += 1,
        }
        goals.push(InterimRow {
            nr: g.nr.clone(),
            title: g.title.clone(),
            core_task: g.core_task.clone(),
            success: g.success.clone(),
            status: follow_up.map_or("", |f| f.status.key()).to_string(),
            status_text: follow_up.map_or("", |f| f.status.da()).to_string(),
            comment: follow_up.map(|f| f.comment.clone()).unwrap_or_default(),
            action: follow_up.and_then(|f| f.action.clone()),
            weight: g.weight,
        });
    }
    let notice = if year_over {
        format!(
            "Foreløbig status – ikke årets målrapportering. Tallene er styrelsens egen status ved den kvartalsvise opfølgning for {when}; målrapporteringen skrives ud fra målenes resultater."
        )
    } else {
        format!(
            "Foreløbig status – ikke årets målrapportering. Planåret {year} er ikke slut, og målene har endnu ingen resultater. Tallene er styrelsens egen status ved den kvartalsvise opfølgning for {when} og kan ændre sig, før året er gået."
        )
    };
    InterimSection {
        year,
        heading: format!("Foreløbig status pr. {when}"),
        quarter_text: when.clone(),
        quarter: quarter.key().to_string(),
        notice,
        intro: format!(
            "Årets mål fremgår af {} for {year} mellem {}s departement og {}, der indeholder {} mål.",
            site.names.plan_def, site.ministry, agency.name, counts.total
        ),
        summary: summary(&when, counts),
        counts,
        weighted: plan.is_weighted(),
        goals,
        trail: super::trail(plan),
        agency,
    }
}

/// "Ved opfølgningen for 3. kvartal 2026 var 1 af årets 7 mål opfyldt, 4 på
/// sporet, 1 i risiko og 1 forsinket." Zero counts are left out.
pub fn summary(when: &str, c: StatusCounts) -> String {
    let n = c.total;
    let parts: Vec<(i64, &str)> = [
        (c.met, "opfyldt"),
        (c.on_track, "på sporet"),
        (c.at_risk, "i risiko"),
        (c.delayed, "forsinket"),
    ]
    .into_iter()
    .filter(|(k, _)| *k > 0)
    .collect();
    let said = match parts.as_slice() {
        [(_, word)] => format!("alle årets {n} mål {word}"),
        _ => {
            let clauses: Vec<String> = parts
                .iter()
                .enumerate()
                .map(|(i, (k, word))| {
                    if i == 0 {
                        format!("{k} af årets {n} mål {word}")
                    } else {
                        format!("{k} {word}")
                    }
                })
                .collect();
            super::join_og(&clauses)
        }
    };
    format!("Ved opfølgningen for {when} var {said}.")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(met: i64, on_track: i64, at_risk: i64, delayed: i64) -> StatusCounts {
        StatusCounts {
            met,
            on_track,
            at_risk,
            delayed,
            total: met + on_track + at_risk + delayed,
        }
    }

    #[test]
    fn summaries_name_each_status_once() {
        let w = "3. kvartal 2026";
        assert_eq!(
            summary(w, c(1, 4, 1, 1)),
            "Ved opfølgningen for 3. kvartal 2026 var 1 af årets 7 mål opfyldt, 4 på sporet, 1 i risiko og 1 forsinket."
        );
        assert_eq!(
            summary(w, c(0, 7, 0, 0)),
            "Ved opfølgningen for 3. kvartal 2026 var alle årets 7 mål på sporet."
        );
        assert_eq!(
            summary(w, c(0, 5, 0, 2)),
            "Ved opfølgningen for 3. kvartal 2026 var 5 af årets 7 mål på sporet og 2 forsinket."
        );
    }
}
