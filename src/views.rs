//! What templates see: plain, serializable views of the content with the
//! Danish wording and dates already formatted. Every field is always present
//! (null when empty), so a template never trips over a missing key.
//! URLs are relative to the site root; templates prefix them with `root`.

use serde::Serialize;

use crate::dates;
use crate::markdown;
use crate::model::{Agency, Goal, Plan, SignerTitles, Site, When};
use crate::urls;

/// The site settings as templates see them (`site.title`, `site.mission` …),
/// with the front page's introduction as HTML.
#[derive(Serialize, Clone)]
pub struct SiteView {
    #[serde(flatten)]
    pub settings: Site,
    pub intro_html: String,
    /// A preview with drafts (`--drafts`): every page says so.
    pub preview: bool,
}

#[derive(Serialize, Clone)]
pub struct AgencyRef {
    pub slug: String,
    pub name: String,
    pub abbreviation: String,
    pub website: Option<String>,
    pub url: String,
}

/// A link to a file, with what a reader wants to know before opening it.
#[derive(Serialize, Clone, Debug)]
pub struct FileLink {
    pub url: String,
    /// "4 sider, 180 kB" (what is known of it), or empty.
    pub facts: String,
}

impl FileLink {
    /// `made`: the file's size in bytes and, for a PDF we typeset, its pages.
    pub fn new(url: String, made: Option<(usize, Option<usize>)>) -> Self {
        let facts = match made {
            Some((bytes, pages)) => {
                let size = crate::files::size_da(bytes as u64);
                match pages {
                    Some(1) => format!("1 side, {size}"),
                    Some(n) => format!("{n} sider, {size}"),
                    None => size,
                }
            }
            None => String::new(),
        };
        FileLink { url, facts }
    }
}

/// A plan's PDFs: the one mrplan typesets (accessible) and the signed
/// original the plan may name (`underskrevet_pdf`).
#[derive(Serialize, Clone, Debug, Default)]
pub struct PlanPdfs {
    pub generated: Option<FileLink>,
    pub signed: Option<FileLink>,
}

/// Another year's plan of the same agency.
#[derive(Serialize, Clone, Debug)]
pub struct YearLink {
    pub year: i32,
    pub url: String,
}

/// A plan in a listing.
#[derive(Serialize, Clone)]
pub struct PlanSummary {
    pub year: i32,
    pub title: String,
    pub url: String,
    pub pdf_url: Option<String>,
    pub pdfs: PlanPdfs,
    /// The PDF a listing links: the signed original, or else the generated one.
    pub pdf: Option<FileLink>,
    /// The year-end results page, once every goal has a result.
    pub results_url: Option<String>,
    pub draft: bool,
    pub goal_count: usize,
    pub agency: AgencyRef,
}

#[derive(Serialize)]
pub struct YearGroup {
    pub year: i32,
    pub plans: Vec<PlanSummary>,
    /// The ministry's overview of the year's results, when there are any.
    pub results_url: Option<String>,
    /// Which of the plans have results: some (a Resultater column), and
    /// not all (a "–" to explain).
    pub results: Coverage,
}

/// Whether some and whether all of a listing's plans have results.
#[derive(Serialize, Clone, Copy, Default)]
pub struct Coverage {
    pub some: bool,
    pub all: bool,
}

impl Coverage {
    pub fn of(plans: &[PlanSummary]) -> Self {
        Coverage {
            some: plans.iter().any(|p| p.results_url.is_some()),
            all: plans.iter().all(|p| p.results_url.is_some()),
        }
    }
}

#[derive(Serialize)]
pub struct PlanView {
    pub year: i32,
    pub title: String,
    pub url: String,
    pub pdf_url: Option<String>,
    pub pdfs: PlanPdfs,
    pub draft: bool,
    /// "opdateret", or else the signing date.
    pub updated: Option<String>,
    pub agency: AgencyRef,
    /// The same agency's plans of the years before and after.
    pub previous: Option<YearLink>,
    pub next: Option<YearLink>,
    /// The year-end results page, once every goal has a result.
    pub results_url: Option<String>,
    pub aims: Vec<AimView>,
    /// The goals in order, grouped under their `gruppe` headings (one group
    /// with no heading when the plan does not group its goals).
    pub groups: Vec<GoalGroup>,
    pub goal_count: usize,
    pub weighted: bool,
    /// The weights' sum, for the goals table's "I alt" row.
    pub weight_total: i64,
    pub has_results: bool,
    pub has_follow_up: bool,
    pub body_html: String,
    pub follow_up: FollowUpView,
    pub signature: Option<SignatureView>,
    /// The titles under the signatures (also a draft's empty lines).
    pub signer_titles: SignerTitles,
    /// "15. juni 2025": the latest change's date (`ændringer`), if any.
    pub revised: Option<String>,
    /// The changes during the year, oldest first.
    pub changes: Vec<ChangeView>,
    /// The appropriations table (`hovedkonti`), with its total.
    pub appropriations: Option<AppropriationsView>,
}

/// A change of the plan during the year.
#[derive(Serialize, Clone)]
pub struct ChangeView {
    pub date: String,
    /// The goal's nr and its anchor on the plan page, when it names one.
    pub goal: Option<String>,
    pub goal_anchor: Option<String>,
    pub text: String,
}

/// The plan's main accounts on the Finance Act, amounts as "1.234,5".
#[derive(Serialize)]
pub struct AppropriationsView {
    pub rows: Vec<AppropriationRow>,
    pub total: String,
}

#[derive(Serialize)]
pub struct AppropriationRow {
    pub section: String,
    pub name: String,
    pub amount: String,
}

/// A name the agency had before.
#[derive(Serialize)]
pub struct FormerNameView {
    pub name: String,
    pub abbreviation: String,
    /// "31. marts 2025": the last day it was used.
    pub until: String,
}

#[derive(Serialize, Clone)]
pub struct AimView {
    pub id: String,
    pub text: String,
}

#[derive(Serialize)]
pub struct GoalGroup {
    pub heading: Option<String>,
    pub goals: Vec<GoalView>,
}

#[derive(Serialize)]
pub struct GoalView {
    pub nr: String,
    pub anchor: String,
    pub group: Option<String>,
    pub title: String,
    pub core_task: String,
    pub supports: Vec<AimView>,
    pub description: String,
    pub measure: String,
    pub success: String,
    pub baseline: Option<String>,
    pub deadline: String,
    pub data_source: String,
    pub weight: Option<i64>,
    pub owner: Option<String>,
    pub limitations: Option<String>,
    pub cross_cutting: bool,
    pub milestones: Vec<MilestoneView>,
    pub follow_ups: Vec<QuarterView>,
    pub result: Option<ResultView>,
}

#[derive(Serialize)]
pub struct MilestoneView {
    pub when: String,
    pub text: String,
}

#[derive(Serialize)]
pub struct QuarterView {
    pub quarter: String,
    pub status: String,
    pub status_text: String,
    pub comment: String,
    /// `handling`: the action agreed at risk or delay.
    pub action: Option<String>,
}

#[derive(Serialize)]
pub struct ResultView {
    pub status: String,
    /// "Delvist opfyldt (60 pct.)" when graded.
    pub status_text: String,
    /// `målopfyldelse_pct`.
    pub grade: Option<i64>,
    pub achieved: String,
    pub assessment: Option<String>,
    pub analysis: Option<String>,
}

#[derive(Serialize)]
pub struct FollowUpView {
    pub frequency: String,
    pub frequency_text: String,
    pub process: String,
}

#[derive(Serialize)]
pub struct SignatureView {
    pub place: String,
    pub date: String,
    pub department_head: String,
    pub agency_head: String,
}

#[derive(Serialize)]
pub struct AgencyView {
    pub agency: AgencyRef,
    pub about_html: String,
    pub plans: Vec<PlanSummary>,
    pub results: Coverage,
    /// `tidligere_navne`, oldest first.
    pub former_names: Vec<FormerNameView>,
}

pub fn site(s: &Site) -> SiteView {
    SiteView {
        settings: s.clone(),
        intro_html: markdown::render(
            &s.intro.text,
            s.intro.offset,
            pulldown_cmark::HeadingLevel::H2,
        )
        .html,
        preview: false,
    }
}

pub fn agency_ref(agency: &Agency) -> AgencyRef {
    AgencyRef {
        slug: agency.slug.clone(),
        name: agency.name.clone(),
        abbreviation: agency.abbreviation.clone(),
        website: agency.website.clone(),
        url: urls::agency(&agency.slug),
    }
}

pub fn summary(plan: &Plan, pdfs: PlanPdfs, today: time::Date) -> PlanSummary {
    PlanSummary {
        year: plan.year,
        title: plan.title.clone(),
        url: urls::plan(plan.year, &plan.agency.slug),
        pdf_url: pdfs.generated.as_ref().map(|l| l.url.clone()),
        pdf: pdfs.signed.clone().or_else(|| pdfs.generated.clone()),
        pdfs,
        results_url: plan
            .has_results(today)
            .then(|| urls::results(plan.year, &plan.agency.slug)),
        draft: plan.is_draft(),
        goal_count: plan.goals.len(),
        agency: agency_ref(&plan.agency),
    }
}

/// Groups plans by year, newest first, keeping the given order within a year.
pub fn by_year(plans: Vec<PlanSummary>) -> Vec<YearGroup> {
    let mut groups: Vec<YearGroup> = Vec::new();
    for p in plans {
        match groups.iter_mut().find(|g| g.year == p.year) {
            Some(g) => g.plans.push(p),
            None => groups.push(YearGroup {
                year: p.year,
                plans: vec![p],
                results_url: None,
                results: Coverage::default(),
            }),
        }
    }
    for g in &mut groups {
        g.results = Coverage::of(&g.plans);
        if g.results.some {
            g.results_url = Some(urls::results_overview(g.year));
        }
    }
    groups.sort_by_key(|g| std::cmp::Reverse(g.year));
    for g in &mut groups {
        g.plans
            .sort_by_cached_key(|p| crate::danish::sort_key(&p.agency.name));
    }
    groups
}

/// When the plan last changed, as pages say it: `opdateret`, or else the
/// day it was signed. The first value orders plans by it.
pub fn last_change(plan: &Plan) -> Option<(time::PrimitiveDateTime, String)> {
    match (plan.updated, &plan.signature) {
        (Some(u), _) => Some((u, dates::updated_da(u))),
        (None, Some(s)) => Some((s.date.midnight(), dates::long_da(s.date))),
        (None, None) => None,
    }
}

pub fn plan(plan: &Plan, pdfs: PlanPdfs, today: time::Date) -> PlanView {
    let aims: Vec<AimView> = plan
        .aims
        .iter()
        .map(|a| AimView {
            id: a.id.clone(),
            text: a.text.clone(),
        })
        .collect();
    let mut groups: Vec<GoalGroup> = Vec::new();
    for g in plan.goals.iter().map(|g| goal(g, &aims)) {
        match groups.last_mut() {
            Some(last) if last.heading == g.group => last.goals.push(g),
            _ => groups.push(GoalGroup {
                heading: g.group.clone(),
                goals: vec![g],
            }),
        }
    }
    let body = markdown::render(
        &plan.body.text,
        plan.body.offset,
        pulldown_cmark::HeadingLevel::H2,
    );
    let follow_up = &plan.follow_up;
    PlanView {
        year: plan.year,
        title: plan.title.clone(),
        url: urls::plan(plan.year, &plan.agency.slug),
        pdf_url: pdfs.generated.as_ref().map(|l| l.url.clone()),
        pdfs,
        draft: plan.is_draft(),
        updated: last_change(plan).map(|(_, text)| text),
        agency: agency_ref(&plan.agency),
        previous: None,
        next: None,
        results_url: plan
            .has_results(today)
            .then(|| urls::results(plan.year, &plan.agency.slug)),
        has_results: plan.goals.iter().any(|g| g.result.is_some()),
        has_follow_up: plan.goals.iter().any(|g| !g.follow_ups.is_empty()),
        weighted: plan.is_weighted(),
        weight_total: plan.goals.iter().filter_map(|g| g.weight).sum(),
        goal_count: plan.goals.len(),
        aims,
        groups,
        body_html: body.html,
        follow_up: FollowUpView {
            frequency: follow_up.frequency.key().to_string(),
            frequency_text: follow_up.frequency.da().to_string(),
            process: follow_up.process.clone(),
        },
        signature: plan.signature.as_ref().map(|s| SignatureView {
            place: s.place.clone(),
            date: dates::long_da(s.date),
            department_head: s.department_head.clone(),
            agency_head: s.agency_head.clone(),
        }),
        signer_titles: plan.signer_titles.clone(),
        revised: plan.revised().map(dates::long_da),
        changes: changes(plan),
        appropriations: appropriations(plan),
    }
}

fn goal(g: &Goal, aims: &[AimView]) -> GoalView {
    GoalView {
        nr: g.nr.clone(),
        anchor: goal_anchor(&g.nr),
        group: g.group.clone(),
        title: g.title.clone(),
        core_task: g.core_task.clone(),
        supports: g
            .supports
            .iter()
            .map(|id| {
                aims.iter()
                    .find(|a| a.id == *id)
                    .cloned()
                    .unwrap_or(AimView {
                        id: id.clone(),
                        text: String::new(),
                    })
            })
            .collect(),
        description: g.description.clone(),
        measure: g.measure.clone(),
        success: g.success.clone(),
        baseline: g.baseline.clone(),
        deadline: dates::long_da(g.deadline),
        data_source: g.data_source.clone(),
        weight: g.weight,
        owner: g.owner.clone(),
        limitations: g.limitations.clone(),
        cross_cutting: g.cross_cutting,
        milestones: g
            .milestones
            .iter()
            .map(|m| MilestoneView {
                when: match m.when {
                    When::Date(d) => dates::long_da(d),
                    When::Quarter(q) => q.da().to_string(),
                },
                text: m.text.clone(),
            })
            .collect(),
        follow_ups: g
            .follow_ups
            .iter()
            .map(|f| QuarterView {
                quarter: f.quarter.da().to_string(),
                status: f.status.key().to_string(),
                status_text: f.status.da().to_string(),
                comment: f.comment.clone(),
                action: f.action.clone(),
            })
            .collect(),
        result: g.result.as_ref().map(|r| ResultView {
            status: r.status.key().to_string(),
            status_text: r.status_text(),
            grade: r.grade,
            achieved: r.achieved.clone(),
            assessment: r.assessment.clone(),
            analysis: r.analysis.clone(),
        }),
    }
}

pub fn agency(agency: &Agency, plans: Vec<PlanSummary>) -> AgencyView {
    AgencyView {
        agency: agency_ref(agency),
        about_html: markdown::render(
            &agency.about.text,
            agency.about.offset,
            pulldown_cmark::HeadingLevel::H2,
        )
        .html,
        results: Coverage::of(&plans),
        plans,
        former_names: agency
            .former_names
            .iter()
            .map(|f| FormerNameView {
                name: f.name.clone(),
                abbreviation: f.abbreviation.clone(),
                until: dates::long_da(f.until),
            })
            .collect(),
    }
}

/// The year's cross-cutting goals (`tværgående`) side by side: a row per
/// goal title, a column per agency, as the results overview shows them.
#[derive(Serialize)]
pub struct CrossCuttingView {
    /// The agencies' abbreviations and names, in the columns' order.
    pub agencies: Vec<AgencyRef>,
    pub rows: Vec<CrossCuttingRow>,
}

#[derive(Serialize)]
pub struct CrossCuttingRow {
    pub title: String,
    /// One per agency: the goal's result, or none when its plan lacks the
    /// goal (MRP212 warned) or the goal has no result.
    pub cells: Vec<Option<ResultView>>,
}

/// The cross-cutting goals of `plans` (one year's, in the page's order),
/// matched by title in any case; `None` when there are none.
pub fn cross_cutting(plans: &[&Plan]) -> Option<CrossCuttingView> {
    let key = |t: &str| t.trim().to_lowercase();
    let mut titles: Vec<String> = Vec::new();
    for g in plans
        .iter()
        .flat_map(|p| &p.goals)
        .filter(|g| g.cross_cutting)
    {
        if !titles.iter().any(|t| key(t) == key(&g.title)) {
            titles.push(g.title.trim().to_string());
        }
    }
    if titles.is_empty() {
        return None;
    }
    let rows = titles
        .into_iter()
        .map(|title| CrossCuttingRow {
            cells: plans
                .iter()
                .map(|p| {
                    let goal = p.goals.iter().find(|g| key(&g.title) == key(&title))?;
                    goal.result.as_ref().map(|r| ResultView {
                        status: r.status.key().to_string(),
                        status_text: r.status.da().to_string(),
                        achieved: r.achieved.clone(),
                        assessment: None,
                        analysis: None,
                        grade: r.grade,
                    })
                })
                .collect(),
            title,
        })
        .collect();
    Some(CrossCuttingView {
        agencies: plans.iter().map(|p| agency_ref(&p.agency)).collect(),
        rows,
    })
}
/// The plan's changes as pages and the report show them.
pub fn changes(plan: &Plan) -> Vec<ChangeView> {
    plan.changes
        .iter()
        .map(|c| ChangeView {
            date: dates::long_da(c.date),
            goal: c.goal.clone(),
            goal_anchor: c.goal.as_deref().map(goal_anchor),
            text: c.text.clone(),
        })
        .collect()
}

/// The appropriations table, when the plan has one.
pub fn appropriations(plan: &Plan) -> Option<AppropriationsView> {
    (!plan.appropriations.is_empty()).then(|| AppropriationsView {
        rows: plan
            .appropriations
            .iter()
            .map(|a| AppropriationRow {
                section: a.section.clone(),
                name: a.name.clone(),
                amount: crate::danish::amount(a.million_kr),
            })
            .collect(),
        total: crate::danish::amount(plan.appropriations_total()),
    })
}

/// A goal's anchor on its plan's page ("maal-2-3").
pub fn goal_anchor(nr: &str) -> String {
    format!("maal-{}", markdown::slugify(nr))
}

/// "Ændringer fra <år>" on a plan page: what changed from the agency's
/// plan of the year before ([`crate::compare`]).
#[derive(Serialize)]
pub struct ComparisonView {
    /// The earlier plan's year and page.
    pub year: i32,
    pub url: String,
    /// The one sentence shown when nothing changed.
    pub unchanged: Option<String>,
    pub new_goals: Vec<ComparedGoal>,
    /// Linked on the earlier plan's page.
    pub dropped_goals: Vec<ComparedGoal>,
    pub changed_goals: Vec<ComparedGoal>,
    pub aims_added: Vec<AimView>,
    pub aims_removed: Vec<AimView>,
    /// Same id, text rewritten: "P2" with the text before and after.
    pub aims_changed: Vec<FieldChangeView>,
    /// "Målene er nu vægtet; det var de ikke før.", when that changed.
    pub weighting: Option<String>,
    /// "2 mål er uændrede.", when some goals are.
    pub unchanged_goals: Option<String>,
}

/// A goal in the comparison, with its anchor and what changed in it.
#[derive(Serialize)]
pub struct ComparedGoal {
    pub nr: String,
    pub title: String,
    /// Its anchor on the page it is linked on.
    pub anchor: String,
    /// A renumbering first ("Nr."), then each field that changed.
    pub changes: Vec<FieldChangeView>,
}

/// One change: "Succeskriterium", "Mindst 85 pct." → "Mindst 87 pct."
/// (`None`: the field was not filled in).
#[derive(Serialize)]
pub struct FieldChangeView {
    pub label: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// The comparison of a plan with its agency's plan in `previous_url`.
pub fn comparison(c: &crate::compare::Comparison, previous_url: String) -> ComparisonView {
    let compared = |nr: &str, title: &str| ComparedGoal {
        nr: nr.to_string(),
        title: title.to_string(),
        anchor: goal_anchor(nr),
        changes: Vec::new(),
    };
    let changed = |g: &crate::compare::ChangedGoal| {
        let renumbered = g.previous_nr.as_ref().map(|before| FieldChangeView {
            label: "Nr.".into(),
            before: Some(before.clone()),
            after: Some(g.nr.clone()),
        });
        let fields = g.changes.iter().map(|f| FieldChangeView {
            label: f.label.clone(),
            before: f.before.clone(),
            after: f.after.clone(),
        });
        ComparedGoal {
            changes: renumbered.into_iter().chain(fields).collect(),
            ..compared(&g.nr, &g.title)
        }
    };
    let aim = |a: &crate::compare::AimRef| AimView {
        id: a.id.clone(),
        text: a.text.clone(),
    };
    ComparisonView {
        year: c.from.year,
        url: previous_url,
        unchanged: c
            .is_unchanged()
            .then(|| crate::compare::unchanged_sentence(c)),
        new_goals: c
            .new_goals
            .iter()
            .map(|g| compared(&g.nr, &g.title))
            .collect(),
        dropped_goals: c
            .dropped_goals
            .iter()
            .map(|g| compared(&g.nr, &g.title))
            .collect(),
        changed_goals: c.changed_goals.iter().map(changed).collect(),
        aims_added: c.aims.added.iter().map(aim).collect(),
        aims_removed: c.aims.removed.iter().map(aim).collect(),
        aims_changed: c
            .aims
            .changed
            .iter()
            .map(|a| FieldChangeView {
                label: a.id.clone(),
                before: Some(a.before.clone()),
                after: Some(a.after.clone()),
            })
            .collect(),
        weighting: crate::compare::weighting_sentence(c.weighted),
        unchanged_goals: match c.unchanged_goals {
            0 => None,
            1 => Some("1 mål er uændret.".into()),
            n => Some(format!("{n} mål er uændrede.")),
        },
    }
}

// ---- Progress at a glance: charts and status views --------------------------

/// A goal's latest quarterly follow-up, as the overviews show it.
#[derive(Serialize, Clone, Debug)]
pub struct LatestStatus {
    /// "Q3".
    pub quarter: String,
    /// "3. kvartal".
    pub quarter_text: String,
    /// `risiko`: the CSS class's ending.
    pub status: String,
    /// "Risiko".
    pub status_text: String,
}

/// The latest quarter `goal` was followed up, whatever the order written.
pub fn latest_status(goal: &Goal) -> Option<LatestStatus> {
    let f = goal.follow_ups.iter().max_by_key(|f| f.quarter)?;
    Some(LatestStatus {
        quarter: f.quarter.key().to_string(),
        quarter_text: f.quarter.da().to_string(),
        status: f.status.key().to_string(),
        status_text: f.status.da().to_string(),
    })
}

/// A goal's quarter-by-quarter status strip (only a goal with follow-ups has one).
pub fn quarter_chart(plan: &Plan, goal: &Goal) -> Option<crate::charts::QuarterChart> {
    if goal.follow_ups.is_empty() {
        return None;
    }
    Some(crate::charts::QuarterChart {
        id: format!("{}-kvartaler", goal_anchor(&goal.nr)),
        goal: format!("Mål {}", goal.nr),
        year: plan.year,
        quarters: {
            use crate::model::Quarter as Q;
            [Q::Q1, Q::Q2, Q::Q3, Q::Q4].map(|q| goal.follow_up(q).map(|f| f.status))
        },
    })
}

/// An agency's share of goals met in each year with results, oldest first;
/// `None` without any such year. `plans` are the agency's plans with results.
pub fn share_chart(agency: &Agency, plans: &[&Plan]) -> Option<crate::charts::ShareChart> {
    let mut rows: Vec<crate::charts::ShareRow> = plans
        .iter()
        .map(|p| crate::charts::ShareRow {
            year: p.year,
            met: p
                .goals
                .iter()
                .filter(|g| {
                    g.result
                        .as_ref()
                        .is_some_and(|r| r.status == crate::model::Outcome::Met)
                })
                .count() as i64,
            total: p.goals.len() as i64,
        })
        .collect();
    if rows.is_empty() {
        return None;
    }
    rows.sort_by_key(|r| r.year);
    Some(crate::charts::ShareChart {
        id: format!("andel-{}", agency.slug),
        agency: agency.name.clone(),
        rows,
    })
}

/// The ministry's status matrix of a year: each agency's goals × quarters.
#[derive(Serialize)]
pub struct StatusView {
    pub year: i32,
    pub agencies: Vec<StatusAgency>,
    /// "Q1".."Q4" as "1. kvartal".., the matrix's columns.
    pub quarters: Vec<String>,
    /// The year's results overview, when the year has one.
    pub results_url: Option<String>,
}

/// One agency's goals and their status each quarter.
#[derive(Serialize)]
pub struct StatusAgency {
    pub agency: AgencyRef,
    pub plan_url: String,
    pub draft: bool,
    /// The latest quarter followed up ("3. kvartal"), if any.
    pub latest_quarter: Option<String>,
    pub goals: Vec<StatusRow>,
}

#[derive(Serialize)]
pub struct StatusRow {
    pub nr: String,
    pub title: String,
    /// The goal on its plan's page, from the site root.
    pub url: String,
    /// Q1-Q4: the status then, or none.
    pub cells: Vec<Option<LatestStatus>>,
    pub latest: Option<LatestStatus>,
}

/// One plan's goals with their quarterly statuses.
pub fn status_agency(plan: &Plan) -> StatusAgency {
    let plan_url = urls::plan(plan.year, &plan.agency.slug);
    StatusAgency {
        agency: agency_ref(&plan.agency),
        draft: plan.is_draft(),
        latest_quarter: plan.latest_quarter().map(|q| q.da().to_string()),
        goals: plan
            .goals
            .iter()
            .map(|g| StatusRow {
                nr: g.nr.clone(),
                title: g.title.clone(),
                url: format!("{plan_url}#{}", goal_anchor(&g.nr)),
                cells: crate::model::Quarter::ALL
                    .iter()
                    .map(|q| {
                        g.follow_up(*q).map(|f| LatestStatus {
                            quarter: f.quarter.key().to_string(),
                            quarter_text: f.quarter.da().to_string(),
                            status: f.status.key().to_string(),
                            status_text: f.status.da().to_string(),
                        })
                    })
                    .collect(),
                latest: latest_status(g),
            })
            .collect(),
        plan_url,
    }
}

/// The status matrix of `year` over its plans (in the page's order).
pub fn status(year: i32, plans: &[&Plan], results_url: Option<String>) -> StatusView {
    StatusView {
        year,
        agencies: plans.iter().map(|p| status_agency(p)).collect(),
        quarters: crate::model::Quarter::ALL
            .iter()
            .map(|q| q.da().to_string())
            .collect(),
        results_url,
    }
}
