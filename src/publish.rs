//! Parse, don't validate: turns what the authors wrote ([`crate::written`],
//! spanned and partly decoded) into the published model ([`crate::model`])
//! once it checks clean. Every renderer reads only the result.
//!
//! The checker guarantees each required value; a value that is still
//! missing here is a bug in mrplan, reported as a [`Fatal`] naming the
//! plan and the field, never a panic and never a page with a blank.

use std::collections::HashMap;

use crate::Fatal;
use crate::diagnostics::Sources;
use crate::model::{
    Agency, Aim, Appropriation, Change, FollowUp, FollowUpPlan, Frequency, Goal, GoalResult,
    Milestone, Plan, Published, Quarter, Signature, SignerTitles, Site, Status, When,
};
use crate::written;
use crate::written::Content;

/// Which plans a run publishes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Drafts {
    /// Approved plans only: the public site.
    Leave,
    /// Drafts too: a preview (`--drafts`), never `output/`.
    Include,
}

impl Drafts {
    /// `--drafts` given or not.
    pub fn included(yes: bool) -> Drafts {
        if yes { Drafts::Include } else { Drafts::Leave }
    }
}

/// The site as published: approved plans (and drafts with
/// [`Drafts::Include`]), in the content's order.
pub fn publish(content: &Content, sources: &Sources, drafts: Drafts) -> Result<Published, Fatal> {
    let chosen = content
        .plans
        .iter()
        .filter(|p| drafts == Drafts::Include || !p.is_draft());
    publish_plans(content, sources, chosen)
}

/// The site with just the `chosen` plans (`report` and `pdf` choose theirs).
pub fn publish_plans<'a>(
    content: &Content,
    sources: &Sources,
    chosen: impl Iterator<Item = &'a written::Plan>,
) -> Result<Published, Fatal> {
    let mut agencies: Vec<Agency> = content.agencies.iter().map(agency).collect();
    // Every page lists agencies by name, as a reader looks for them.
    agencies.sort_by_cached_key(|a| crate::danish::sort_key(&a.name));
    // By slug, once: a big site has thousands of agencies.
    let by_slug: HashMap<&str, &Agency> = agencies.iter().map(|a| (a.slug.as_str(), a)).collect();
    let plans = chosen
        .map(|p| plan(&by_slug, &content.site.names, sources, p))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Published {
        site: site(&content.site),
        agencies,
        plans,
    })
}

/// One plan as published.
fn plan(
    agencies: &HashMap<&str, &Agency>,
    names: &crate::model::Names,
    sources: &Sources,
    p: &written::Plan,
) -> Result<Plan, Fatal> {
    convert_plan(agencies, names, p).map_err(|field| {
        Fatal::new(format!(
            "mrplan kunne ikke udgive {}: feltet '{field}' mangler, selv om tjekket bestod. Det er en fejl i mrplan; kør mrplan check og send filen til udviklerne.",
            sources.name(p.file)
        ))
    })
}

pub fn site(s: &written::SiteConfig) -> Site {
    Site {
        file: s.file,
        title: s.title.clone(),
        ministry: s.ministry.clone(),
        base_url: s.base_url.clone(),
        lang: s.lang.clone(),
        mission: s.mission.clone(),
        vision: s.vision.clone(),
        accessibility_url: s.accessibility_url.clone(),
        logo: s.logo.as_ref().map(|l| l.value.clone()),
        colors: crate::model::Colors {
            primary: s.colors.primary.as_ref().map(|c| c.value.clone()),
            link: s.colors.link.as_ref().map(|c| c.value.clone()),
        },
        names: s.names.clone(),
        contact: crate::model::Contact {
            address: s.contact.address.clone(),
            phone: s.contact.phone.clone(),
            email: s.contact.email.as_ref().map(|e| e.value.clone()),
            cvr: s.contact.cvr.as_ref().map(|e| e.value.clone()),
            ean: s.contact.ean.as_ref().map(|e| e.value.clone()),
            privacy_url: s.contact.privacy_url.clone(),
        },
        analysis_weight: s.rules.analysis_weight,
        intro: s.intro.clone(),
    }
}

pub fn agency(a: &written::Agency) -> Agency {
    Agency {
        slug: a.slug.clone(),
        name: a.name.clone(),
        abbreviation: a.abbreviation.clone(),
        website: a.url.clone(),
        former_names: a
            .former_names
            .iter()
            .map(|f| crate::model::FormerName {
                name: f.name.clone(),
                abbreviation: f.abbreviation.clone(),
                until: f.until.value,
            })
            .collect(),
        about: a.about.clone(),
    }
}

/// The key of the first required value that is missing.
type Missing = &'static str;

fn need<T>(value: Option<T>, key: Missing) -> Result<T, Missing> {
    value.ok_or(key)
}

fn convert_plan(
    agencies: &HashMap<&str, &Agency>,
    names: &crate::model::Names,
    p: &written::Plan,
) -> Result<Plan, Missing> {
    let year = match p.year() {
        0 => return Err("år"),
        y => y,
    };
    // Named as at the plan year's end: a 2018 plan keeps the name of 2018.
    let agency = agencies
        .get(p.slug())
        .map_or_else(|| Agency::unknown(p.slug()), |a| a.as_of_year(year));
    let title = match &p.title {
        Some(t) => t.value.clone(),
        None => format!("{} {year} for {}", names.plan, agency.name),
    };
    let follow_up = need(p.follow_up.as_ref(), "opfølgning")?;
    Ok(Plan {
        file: p.file,
        anchor: p.anchor.clone(),
        year,
        status: if p.is_draft() {
            Status::Draft
        } else {
            Status::Approved
        },
        title,
        updated: p.updated.as_ref().map(|u| u.value),
        aims: p
            .aims
            .iter()
            .map(|a| Aim {
                id: a.id.value.clone(),
                text: a.text.clone(),
            })
            .collect(),
        goals: p.goals.iter().map(goal).collect::<Result<_, _>>()?,
        follow_up: FollowUpPlan {
            frequency: need(Frequency::from_key(&follow_up.frequency), "frekvens")?,
            process: follow_up.process.clone(),
        },
        signature: p.signature.as_ref().and_then(signature),
        signer_titles: signer_titles(p.signature.as_ref()),
        signed_pdf: p.signed_pdf.as_ref().map(|s| s.value.clone()),
        overall_assessment: p.overall_assessment.clone(),
        changes: changes(p),
        appropriations: p
            .appropriations
            .iter()
            .map(|a| Appropriation {
                section: a.section.clone(),
                name: a.name.clone(),
                million_kr: a.million_kr,
            })
            .collect(),
        body: p.body.clone(),
        agency,
    })
}

/// The plan's changes, oldest first (as a reader follows the year).
fn changes(p: &written::Plan) -> Vec<Change> {
    let mut changes: Vec<Change> = p
        .changes
        .iter()
        .map(|c| Change {
            date: c.date.value,
            goal: c.goal.as_ref().map(|g| g.value.clone()),
            text: c.text.clone(),
        })
        .collect();
    changes.sort_by_key(|c| c.date);
    changes
}

/// A påtegning with all four fields (always, once approved: MRP109).
fn signature(s: &written::Signature) -> Option<Signature> {
    Some(Signature {
        place: s.place.clone()?,
        date: s.date.as_ref()?.value,
        department_head: s.department_head.as_ref()?.value.clone(),
        agency_head: s.agency_head.as_ref()?.value.clone(),
    })
}

/// The titles written, or the defaults.
fn signer_titles(s: Option<&written::Signature>) -> SignerTitles {
    let default = SignerTitles::default();
    SignerTitles {
        department_head: s
            .and_then(|s| s.department_head_title.clone())
            .unwrap_or(default.department_head),
        agency_head: s
            .and_then(|s| s.agency_head_title.clone())
            .unwrap_or(default.agency_head),
    }
}

fn goal(g: &written::Goal) -> Result<Goal, Missing> {
    Ok(Goal {
        nr: g.nr.value.clone(),
        group: g.group.clone(),
        title: g.title.clone(),
        core_task: g.core_task.clone(),
        supports: g.supports.iter().map(|s| s.value.clone()).collect(),
        description: g.description.clone(),
        measure: g.measure.clone(),
        success: g.success.clone(),
        baseline: g.baseline.clone(),
        deadline: need(g.deadline.as_ref(), "frist")?.value,
        data_source: g.data_source.clone(),
        weight: g.weight.as_ref().map(|w| w.value),
        owner: g.owner.clone(),
        limitations: g.limitations.clone(),
        cross_cutting: g.cross_cutting,
        milestones: g
            .milestones
            .iter()
            .map(milestone)
            .collect::<Result<_, _>>()?,
        follow_ups: g
            .follow_ups
            .iter()
            .map(follow_up)
            .collect::<Result<_, _>>()?,
        result: g.result.as_ref().map(result).transpose()?,
    })
}

fn milestone(m: &written::Milestone) -> Result<Milestone, Missing> {
    let when = match need(m.when.as_ref(), "frist")? {
        written::When::Date(d) => When::Date(d.value),
        written::When::Quarter(q) => When::Quarter(need(Quarter::from_key(q), "kvartal")?),
    };
    Ok(Milestone {
        when,
        text: m.text.clone(),
    })
}

fn follow_up(f: &written::QuarterStatus) -> Result<FollowUp, Missing> {
    Ok(FollowUp {
        quarter: need(Quarter::from_key(&f.quarter), "kvartal")?,
        status: need(f.status, "status")?,
        comment: f.comment.clone(),
        action: f.action.clone(),
    })
}

fn result(r: &written::GoalResult) -> Result<GoalResult, Missing> {
    Ok(GoalResult {
        status: need(r.status.as_ref(), "status")?.value,
        achieved: need(r.achieved.clone(), "opnået")?,
        assessment: r.assessment.clone(),
        analysis: r.analysis.clone(),
        grade: r.grade.as_ref().map(|g| g.value),
    })
}
