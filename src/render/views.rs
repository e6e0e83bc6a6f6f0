//! What templates see: plain, serializable views of the content with the
//! Danish wording and dates already formatted. Every field is always present
//! (null when empty), so a template never trips over a missing key.
//! URLs are relative to the site root; templates prefix them with `root`.

use serde::Serialize;

use crate::dates;
use crate::load::Content;
use crate::markdown;
use crate::model::{Agency, Goal, Plan, When};

#[derive(Serialize, Clone)]
pub struct SiteView {
    pub title: String,
    pub ministry: String,
    pub base_url: String,
    pub lang: String,
    pub mission: String,
    pub vision: String,
    pub intro_html: String,
    pub accessibility_url: Option<String>,
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

/// A plan in a listing.
#[derive(Serialize, Clone)]
pub struct PlanSummary {
    pub year: i32,
    pub title: String,
    pub url: String,
    pub pdf_url: Option<String>,
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
}

#[derive(Serialize)]
pub struct PlanView {
    pub year: i32,
    pub title: String,
    pub url: String,
    pub pdf_url: Option<String>,
    pub draft: bool,
    pub updated: Option<String>,
    pub agency: AgencyRef,
    pub aims: Vec<AimView>,
    /// The goals in order, grouped under their `gruppe` headings (one group
    /// with no heading when the plan does not group its goals).
    pub groups: Vec<GoalGroup>,
    pub goal_count: usize,
    pub weighted: bool,
    pub has_results: bool,
    pub has_follow_up: bool,
    pub body_html: String,
    pub follow_up: Option<FollowUpView>,
    pub signature: Option<SignatureView>,
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
    pub deadline: Option<String>,
    pub data_source: String,
    pub weight: Option<i64>,
    pub owner: Option<String>,
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
}

#[derive(Serialize)]
pub struct ResultView {
    pub status: String,
    pub status_text: String,
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
}

pub fn site(content: &Content) -> SiteView {
    let s = &content.site;
    SiteView {
        title: s.title.clone(),
        ministry: s.ministry.clone(),
        base_url: s.base_url.clone(),
        lang: s.lang.clone(),
        mission: s.mission.clone(),
        vision: s.vision.clone(),
        intro_html: markdown::render(
            &s.intro.text,
            s.intro.offset,
            pulldown_cmark::HeadingLevel::H2,
        )
        .html,
        accessibility_url: s.accessibility_url.clone(),
        preview: false,
    }
}

pub fn plan_url(plan: &Plan) -> String {
    format!("planer/{}/{}/index.html", plan.year(), plan.slug())
}

/// An approved plan whose year is over and whose every goal has a result
/// gets a results page: never a page of results that do not exist yet.
pub fn has_results_page(plan: &Plan, today: time::Date) -> bool {
    !plan.is_draft() && plan.year_over(today) && crate::report::is_complete(plan)
}

pub fn results_url(year: i32, slug: &str) -> String {
    format!("resultater/{year}/{slug}/index.html")
}

pub fn agency_url(slug: &str) -> String {
    format!("styrelser/{slug}/index.html")
}

pub fn agency_ref(agency: Option<&Agency>, slug: &str) -> AgencyRef {
    AgencyRef {
        slug: slug.to_string(),
        name: agency.map_or(slug.to_string(), |a| a.name.clone()),
        abbreviation: agency.map_or(slug.to_uppercase(), |a| a.abbreviation.clone()),
        website: agency.and_then(|a| a.url.clone()),
        url: agency_url(slug),
    }
}

/// "Mål- og resultatplan 2025 for Forsvarsministeriets Materiel- og Indkøbsstyrelse".
pub fn plan_title(content: &Content, plan: &Plan) -> String {
    match &plan.title {
        Some(t) => t.value.clone(),
        None => {
            let name = content
                .agency(plan.slug())
                .map_or(plan.slug(), |a| a.name.as_str());
            format!("Mål- og resultatplan {} for {name}", plan.year())
        }
    }
}

pub fn summary(
    content: &Content,
    plan: &Plan,
    pdf_url: Option<String>,
    today: time::Date,
) -> PlanSummary {
    PlanSummary {
        year: plan.year(),
        title: plan_title(content, plan),
        url: plan_url(plan),
        pdf_url,
        results_url: has_results_page(plan, today).then(|| results_url(plan.year(), plan.slug())),
        draft: plan.is_draft(),
        goal_count: plan.goals.len(),
        agency: agency_ref(content.agency(plan.slug()), plan.slug()),
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
            }),
        }
    }
    for g in &mut groups {
        if g.plans.iter().any(|p| p.results_url.is_some()) {
            g.results_url = Some(format!("resultater/{}/index.html", g.year));
        }
    }
    groups.sort_by_key(|g| std::cmp::Reverse(g.year));
    for g in &mut groups {
        g.plans.sort_by(|a, b| a.agency.name.cmp(&b.agency.name));
    }
    groups
}

pub fn plan(content: &Content, plan: &Plan, pdf_url: Option<String>) -> PlanView {
    let aims: Vec<AimView> = plan
        .aims
        .iter()
        .map(|a| AimView {
            id: a.id.value.clone(),
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
    let goals = || groups.iter().flat_map(|gr| gr.goals.iter());
    let body = markdown::render(
        &plan.body.text,
        plan.body.offset,
        pulldown_cmark::HeadingLevel::H2,
    );
    PlanView {
        year: plan.year(),
        title: plan_title(content, plan),
        url: plan_url(plan),
        pdf_url,
        draft: plan.is_draft(),
        updated: plan.updated.as_ref().map(|u| dates::updated_da(u.value)),
        agency: agency_ref(content.agency(plan.slug()), plan.slug()),
        has_results: goals().any(|g| g.result.is_some()),
        has_follow_up: goals().any(|g| !g.follow_ups.is_empty()),
        weighted: plan.is_weighted(),
        goal_count: plan.goals.len(),
        aims,
        groups,
        body_html: body.html,
        follow_up: plan.follow_up.as_ref().map(|f| FollowUpView {
            frequency: f.frequency.clone(),
            frequency_text: capitalize(&f.frequency),
            process: f.process.clone(),
        }),
        signature: plan.signature.as_ref().map(|s| SignatureView {
            place: s.place.clone().unwrap_or_default(),
            date: s
                .date
                .as_ref()
                .map(|d| dates::long_da(d.value))
                .unwrap_or_default(),
            department_head: s
                .department_head
                .as_ref()
                .map(|d| d.value.clone())
                .unwrap_or_default(),
            agency_head: s
                .agency_head
                .as_ref()
                .map(|d| d.value.clone())
                .unwrap_or_default(),
        }),
    }
}

fn goal(g: &Goal, aims: &[AimView]) -> GoalView {
    GoalView {
        nr: g.nr.value.clone(),
        anchor: format!("maal-{}", markdown::slugify(&g.nr.value)),
        group: g.group.clone(),
        title: g.title.clone(),
        core_task: g.core_task.clone(),
        supports: g
            .supports
            .iter()
            .map(|s| {
                aims.iter()
                    .find(|a| a.id == s.value)
                    .cloned()
                    .unwrap_or(AimView {
                        id: s.value.clone(),
                        text: String::new(),
                    })
            })
            .collect(),
        description: g.description.clone(),
        measure: g.measure.clone(),
        success: g.success.clone(),
        baseline: g.baseline.clone(),
        deadline: g.deadline.as_ref().map(|d| dates::long_da(d.value)),
        data_source: g.data_source.clone(),
        weight: g.weight.as_ref().map(|w| w.value),
        owner: g.owner.clone(),
        milestones: g
            .milestones
            .iter()
            .map(|m| MilestoneView {
                when: match &m.when {
                    Some(When::Date(d)) => dates::long_da(d.value),
                    Some(When::Quarter(q)) => format!("{}. kvartal", &q.value[1..]),
                    None => String::new(),
                },
                text: m.text.clone(),
            })
            .collect(),
        follow_ups: g
            .follow_ups
            .iter()
            .map(|f| QuarterView {
                quarter: f.quarter.value.clone(),
                status: f.status.clone(),
                status_text: status_da(&f.status).to_string(),
                comment: f.comment.clone(),
            })
            .collect(),
        result: g.result.as_ref().and_then(|r| {
            let status = r.status.as_ref()?.value.clone();
            Some(ResultView {
                status_text: status_da(&status).to_string(),
                status,
                achieved: r.achieved.clone().unwrap_or_default(),
                assessment: r.assessment.clone(),
                analysis: r.analysis.clone(),
            })
        }),
    }
}

/// Status words as a reader sees them.
pub fn status_da(status: &str) -> &'static str {
    match status {
        "på_sporet" => "På sporet",
        "risiko" => "Risiko",
        "forsinket" => "Forsinket",
        "opfyldt" => "Opfyldt",
        "delvist_opfyldt" => "Delvist opfyldt",
        "ikke_opfyldt" => "Ikke opfyldt",
        _ => "",
    }
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

pub fn agency(agency: &Agency, plans: Vec<PlanSummary>) -> AgencyView {
    AgencyView {
        agency: agency_ref(Some(agency), &agency.slug),
        about_html: markdown::render(
            &agency.about.text,
            agency.about.offset,
            pulldown_cmark::HeadingLevel::H2,
        )
        .html,
        plans,
    }
}
