//! Compares an agency's plan with its plan of another year: which goals are
//! new, which were dropped, and what changed in each goal that continues,
//! field by field ("Succeskriterium: Mindst 85 pct. → Mindst 87 pct.").
//! Plan pages show it as "Ændringer fra <år>"; `mrplan sammenlign` prints it.
//!
//! # Which goals are the same goal
//!
//! Goals are paired in two passes, so a renumbering never hides behind a
//! title that changed:
//!
//! 1. **Same title.** A goal of the newer plan continues the first goal of
//!    the older plan, not yet paired, with the same title (trimmed, spaces
//!    collapsed, case ignored), whatever their numbers: a different number
//!    is reported as renumbered ("nr. 3 → 4"). Two goals that swapped
//!    numbers are two renumberings; a title written twice pairs in order.
//! 2. **Same number, similar title.** A goal still unpaired continues the
//!    unpaired goal with the same number whose title is most alike, if the
//!    titles are at least [`SIMILAR_TITLE`] alike (Sørensen–Dice over
//!    letter pairs): the title is reported as changed.
//!
//! Any other goal of the newer plan is new, and any other goal of the older
//! plan was dropped. A goal both renumbered and retitled is dropped + new.
//!
//! # What counts as a change
//!
//! Every field a reader sees in the plan, in the field table's order, with
//! the table's key as its label ([`crate::fields::GOAL`]). Spaces are
//! collapsed before texts are compared. A date (`frist`, a `delmål`'s
//! `frist`) is compared after moving it by the years between the plans, so
//! "31. december 2025" → "31. december 2026" is no change. The year's
//! follow-ups and results are not the plan's content and are not compared.

use serde::Serialize;
use time::Date;

use crate::dates;
use crate::fields::{self, Type};
use crate::model::{Aim, Goal, Plan, When};

/// How alike two titles of goals with the same number must be (0-1) to be
/// one goal whose title changed; "Kortere sagsbehandlingstid" and "Kortere
/// sagsbehandlingstider i klagesager" are, "Sygefravær" and "Ny it-platform"
/// are not.
pub const SIMILAR_TITLE: f64 = 0.5;

/// What changed from one plan (`from`) to another (`to`).
#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct Comparison {
    #[serde(rename = "fra")]
    pub from: Side,
    #[serde(rename = "til")]
    pub to: Side,
    /// The strategic aims (`strategisk_målbillede`).
    #[serde(rename = "målbillede")]
    pub aims: AimChanges,
    /// Whether each plan weights its goals.
    #[serde(rename = "vægtet")]
    pub weighted: Weighting,
    #[serde(rename = "nye_mål")]
    pub new_goals: Vec<GoalRef>,
    #[serde(rename = "udgåede_mål")]
    pub dropped_goals: Vec<GoalRef>,
    #[serde(rename = "ændrede_mål")]
    pub changed_goals: Vec<ChangedGoal>,
    /// Goals that continue with nothing changed.
    #[serde(rename = "uændrede_mål")]
    pub unchanged_goals: usize,
}

/// One of the two plans compared.
#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct Side {
    #[serde(rename = "år")]
    pub year: i32,
    #[serde(rename = "styrelse")]
    pub agency: String,
    #[serde(rename = "styrelse_navn")]
    pub agency_name: String,
    #[serde(rename = "titel")]
    pub title: String,
    #[serde(rename = "udkast")]
    pub draft: bool,
}

/// A goal named by its number and title.
#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct GoalRef {
    pub nr: String,
    #[serde(rename = "titel")]
    pub title: String,
}

/// A goal in both plans, with what changed in it.
#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct ChangedGoal {
    /// The number in the newer plan.
    pub nr: String,
    /// The number in the older plan, when the goal was renumbered.
    #[serde(rename = "nr_før")]
    pub previous_nr: Option<String>,
    /// The title in the newer plan.
    #[serde(rename = "titel")]
    pub title: String,
    #[serde(rename = "ændringer")]
    pub changes: Vec<FieldChange>,
}

/// One field of a goal, before and after; `None` when not filled in.
#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct FieldChange {
    /// The front-matter key ("succeskriterium").
    #[serde(rename = "felt")]
    pub key: &'static str,
    /// What readers call it ("Succeskriterium").
    #[serde(rename = "navn")]
    pub label: String,
    #[serde(rename = "før")]
    pub before: Option<String>,
    #[serde(rename = "efter")]
    pub after: Option<String>,
}

impl FieldChange {
    /// True for a field of free text, which the terminal quotes.
    pub fn is_text(&self) -> bool {
        fields::GOAL
            .field(self.key)
            .is_some_and(|f| matches!(f.ty, Type::Text))
    }
}

#[derive(Serialize, Clone, Debug, PartialEq, Default)]
pub struct AimChanges {
    #[serde(rename = "tilføjet")]
    pub added: Vec<AimRef>,
    #[serde(rename = "fjernet")]
    pub removed: Vec<AimRef>,
    /// Same id, other text.
    #[serde(rename = "ændret")]
    pub changed: Vec<AimChange>,
}

impl AimChanges {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }
}

#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct AimRef {
    pub id: String,
    #[serde(rename = "tekst")]
    pub text: String,
}

#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct AimChange {
    pub id: String,
    #[serde(rename = "før")]
    pub before: String,
    #[serde(rename = "efter")]
    pub after: String,
}

#[derive(Serialize, Clone, Copy, Debug, PartialEq)]
pub struct Weighting {
    #[serde(rename = "før")]
    pub before: bool,
    #[serde(rename = "efter")]
    pub after: bool,
}

impl Comparison {
    /// True when a reader would find nothing different.
    pub fn is_unchanged(&self) -> bool {
        self.aims.is_empty()
            && self.weighted.before == self.weighted.after
            && self.new_goals.is_empty()
            && self.dropped_goals.is_empty()
            && self.changed_goals.is_empty()
    }
}

/// What changed from `from` to `to` (usually the year before and the year).
pub fn compare(from: &Plan, to: &Plan) -> Comparison {
    let years = to.year - from.year;
    let pairs = pair(&from.goals, &to.goals);
    let mut changed_goals = Vec::new();
    let mut unchanged_goals = 0;
    let mut new_goals = Vec::new();
    for (goal, paired) in to.goals.iter().zip(&pairs) {
        let Some(old) = paired.map(|i| &from.goals[i]) else {
            new_goals.push(goal_ref(goal));
            continue;
        };
        let changes = goal_changes(old, goal, years);
        let renumbered = key(&old.nr) != key(&goal.nr);
        if changes.is_empty() && !renumbered {
            unchanged_goals += 1;
        } else {
            changed_goals.push(ChangedGoal {
                nr: goal.nr.clone(),
                previous_nr: renumbered.then(|| old.nr.clone()),
                title: goal.title.clone(),
                changes,
            });
        }
    }
    let dropped_goals = from
        .goals
        .iter()
        .enumerate()
        .filter(|(i, _)| !pairs.contains(&Some(*i)))
        .map(|(_, g)| goal_ref(g))
        .collect();
    Comparison {
        from: side(from),
        to: side(to),
        aims: aim_changes(&from.aims, &to.aims),
        weighted: Weighting {
            before: from.is_weighted(),
            after: to.is_weighted(),
        },
        new_goals,
        dropped_goals,
        changed_goals,
        unchanged_goals,
    }
}

fn side(plan: &Plan) -> Side {
    Side {
        year: plan.year,
        agency: plan.agency.slug.clone(),
        agency_name: plan.agency.name.clone(),
        title: plan.title.clone(),
        draft: plan.is_draft(),
    }
}

fn goal_ref(goal: &Goal) -> GoalRef {
    GoalRef {
        nr: goal.nr.clone(),
        title: goal.title.clone(),
    }
}

/// A text as compared: trimmed, spaces collapsed, lower case.
fn key(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// For each goal of `new`, the index of the goal of `old` it continues
/// (the two passes in the module's documentation).
fn pair(old: &[Goal], new: &[Goal]) -> Vec<Option<usize>> {
    let mut taken = vec![false; old.len()];
    let mut pairs: Vec<Option<usize>> = new
        .iter()
        .map(|goal| {
            let title = key(&goal.title);
            let found = (0..old.len()).find(|&j| !taken[j] && key(&old[j].title) == title);
            if let Some(j) = found {
                taken[j] = true;
            }
            found
        })
        .collect();
    for (goal, paired) in new.iter().zip(pairs.iter_mut()) {
        let nr = key(&goal.nr);
        if paired.is_some() || nr.is_empty() {
            continue;
        }
        let title = key(&goal.title);
        let best = (0..old.len())
            .filter(|&j| !taken[j] && key(&old[j].nr) == nr)
            .map(|j| (j, strsim::sorensen_dice(&title, &key(&old[j].title))))
            .filter(|(_, alike)| *alike >= SIMILAR_TITLE)
            .fold(None, |best: Option<(usize, f64)>, (j, alike)| match best {
                Some((_, b)) if b >= alike => best,
                _ => Some((j, alike)),
            });
        if let Some((j, _)) = best {
            taken[j] = true;
            *paired = Some(j);
        }
    }
    pairs
}

/// The label of a goal's field, from the field table ("Succeskriterium").
fn label(key: &'static str) -> String {
    let key = fields::GOAL.field(key).map_or(key, |f| f.key);
    let mut chars = key.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Collects the fields that differ, in the field table's order.
struct Changes(Vec<FieldChange>);

impl Changes {
    fn add(&mut self, key: &'static str, before: Option<String>, after: Option<String>) {
        self.0.push(FieldChange {
            key,
            label: label(key),
            before,
            after,
        });
    }

    /// A text field (filled in or not): changed unless equal but for spaces.
    fn text(&mut self, key: &'static str, before: Option<&str>, after: Option<&str>) {
        let same = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
        if before.map(same) != after.map(same) {
            self.add(key, before.map(str::to_string), after.map(str::to_string));
        }
    }
}

/// What differs in a goal from its earlier version, `years` years before.
fn goal_changes(old: &Goal, new: &Goal, years: i32) -> Vec<FieldChange> {
    let mut c = Changes(Vec::new());
    c.text("gruppe", old.group.as_deref(), new.group.as_deref());
    c.text("titel", Some(&old.title), Some(&new.title));
    c.text("kerneopgave", Some(&old.core_task), Some(&new.core_task));
    c.text(
        "understøtter",
        Some(&old.supports.join(", ")),
        Some(&new.supports.join(", ")),
    );
    c.text(
        "beskrivelse",
        Some(&old.description),
        Some(&new.description),
    );
    c.text("målepunkt", Some(&old.measure), Some(&new.measure));
    c.text("succeskriterium", Some(&old.success), Some(&new.success));
    c.text("baseline", old.baseline.as_deref(), new.baseline.as_deref());
    if moved(old.deadline, years) != Some(new.deadline) {
        let long = |d| Some(dates::long_da(d));
        c.add("frist", long(old.deadline), long(new.deadline));
    }
    c.text("datakilde", Some(&old.data_source), Some(&new.data_source));
    if old.weight != new.weight {
        let pct = |w: Option<i64>| w.map(|w| format!("{w} %"));
        c.add("vægt", pct(old.weight), pct(new.weight));
    }
    c.text("ansvarlig", old.owner.as_deref(), new.owner.as_deref());
    let limits = (old.limitations.as_deref(), new.limitations.as_deref());
    c.text("begrænsninger", limits.0, limits.1);
    if old.cross_cutting != new.cross_cutting {
        let yes = |b: bool| Some(if b { "ja" } else { "nej" }.to_string());
        c.add("tværgående", yes(old.cross_cutting), yes(new.cross_cutting));
    }
    if !same_milestones(old, new, years) {
        c.add("delmål", milestones(old), milestones(new));
    }
    c.0
}

/// `date` moved `years` years (29 February to the 28th in a common year).
fn moved(date: Date, years: i32) -> Option<Date> {
    let year = date.year() + years;
    date.replace_year(year)
        .or_else(|_| date.replace_day(28).and_then(|d| d.replace_year(year)))
        .ok()
}

fn same_milestones(old: &Goal, new: &Goal, years: i32) -> bool {
    old.milestones.len() == new.milestones.len()
        && old.milestones.iter().zip(&new.milestones).all(|(a, b)| {
            let when = match a.when {
                When::Date(d) => moved(d, years).map(When::Date),
                quarter => Some(quarter),
            };
            when == Some(b.when) && key(&a.text) == key(&b.text)
        })
}

/// "2. kvartal: Udbuddet er sendt ud. · 30. juni 2026: ...", or none.
fn milestones(goal: &Goal) -> Option<String> {
    let items: Vec<String> = goal
        .milestones
        .iter()
        .map(|m| {
            let when = match m.when {
                When::Date(d) => dates::long_da(d),
                When::Quarter(q) => q.da().to_string(),
            };
            format!("{when}: {}", m.text.trim())
        })
        .collect();
    (!items.is_empty()).then(|| items.join(" · "))
}

/// Aims are paired by text first (an id may be renamed), then by id (the
/// text was rewritten).
fn aim_changes(old: &[Aim], new: &[Aim]) -> AimChanges {
    let mut taken = vec![false; old.len()];
    let mut rest = Vec::new();
    for aim in new {
        match (0..old.len()).find(|&j| !taken[j] && key(&old[j].text) == key(&aim.text)) {
            Some(j) => taken[j] = true,
            None => rest.push(aim),
        }
    }
    let mut changes = AimChanges::default();
    for aim in rest {
        match (0..old.len()).find(|&j| !taken[j] && old[j].id == aim.id) {
            Some(j) => {
                taken[j] = true;
                changes.changed.push(AimChange {
                    id: aim.id.clone(),
                    before: old[j].text.clone(),
                    after: aim.text.clone(),
                });
            }
            None => changes.added.push(aim_ref(aim)),
        }
    }
    changes.removed = old
        .iter()
        .zip(&taken)
        .filter(|(_, taken)| !**taken)
        .map(|(a, _)| aim_ref(a))
        .collect();
    changes
}

fn aim_ref(aim: &Aim) -> AimRef {
    AimRef {
        id: aim.id.clone(),
        text: aim.text.clone(),
    }
}

/// The comparison for the terminal, in Danish.
pub fn text(c: &Comparison) -> String {
    let (from, to) = (&c.from, &c.to);
    let mut out = format!(
        "Ændringer fra {} til {} – {} ({})\n",
        side_name(from),
        side_name(to),
        to.agency_name,
        to.agency
    );
    if from.agency != to.agency {
        out.push_str(&format!(
            "Planen for {} er {}s ({}).\n",
            from.year, from.agency_name, from.agency
        ));
    }
    if c.is_unchanged() {
        out.push_str(&format!("\n{}\n", unchanged_sentence(c)));
        return out;
    }
    let section = |out: &mut String, heading: &str, lines: Vec<String>| {
        if !lines.is_empty() {
            out.push_str(&format!("\n{heading} ({}):\n", lines.len()));
            for line in lines {
                out.push_str(&line);
            }
        }
    };
    let goal = |g: &GoalRef| format!("  Mål {}: {}\n", g.nr, g.title);
    section(&mut out, "Nye mål", c.new_goals.iter().map(goal).collect());
    section(
        &mut out,
        "Udgåede mål",
        c.dropped_goals.iter().map(goal).collect(),
    );
    section(
        &mut out,
        "Ændrede mål",
        c.changed_goals.iter().map(changed_goal_text).collect(),
    );
    if c.unchanged_goals > 0 {
        out.push_str(&format!("\nUændrede mål: {}.\n", c.unchanged_goals));
    }
    let aims = &c.aims;
    let mut lines: Vec<String> = Vec::new();
    lines.extend(
        aims.added
            .iter()
            .map(|a| format!("  Nyt: {}: {}\n", a.id, a.text)),
    );
    lines.extend(
        aims.removed
            .iter()
            .map(|a| format!("  Fjernet: {}: {}\n", a.id, a.text)),
    );
    lines.extend(
        aims.changed
            .iter()
            .map(|a| format!("  Ændret: {}: »{}« → »{}«\n", a.id, a.before, a.after)),
    );
    section(&mut out, "Strategisk målbillede", lines);
    if let Some(sentence) = weighting_sentence(c.weighted) {
        out.push_str(&format!("\n{sentence}\n"));
    }
    out
}

/// "2025" or "2026 (udkast)".
fn side_name(side: &Side) -> String {
    if side.draft {
        format!("{} (udkast)", side.year)
    } else {
        side.year.to_string()
    }
}

fn changed_goal_text(g: &ChangedGoal) -> String {
    let mut out = format!("  Mål {}: {}\n", g.nr, g.title);
    if let Some(before) = &g.previous_nr {
        out.push_str(&format!("    Nr.: {before} → {}\n", g.nr));
    }
    for change in &g.changes {
        let shown = |v: &Option<String>| match v {
            None => "ingen".to_string(),
            Some(v) if change.is_text() => format!("»{}«", v.trim()),
            Some(v) => v.clone(),
        };
        out.push_str(&format!(
            "    {}: {} → {}\n",
            change.label,
            shown(&change.before),
            shown(&change.after)
        ));
    }
    out
}

/// The one sentence that says nothing changed.
pub fn unchanged_sentence(c: &Comparison) -> String {
    format!(
        "Ingen ændringer: målene og det strategiske målbillede er de samme som i planen for {}.",
        c.from.year
    )
}

/// The sentence for goals weighted in one plan and not the other.
pub fn weighting_sentence(w: Weighting) -> Option<String> {
    match (w.before, w.after) {
        (false, true) => Some("Målene er nu vægtet; det var de ikke før.".to_string()),
        (true, false) => Some("Målene er ikke længere vægtet.".to_string()),
        _ => None,
    }
}

/// The comparison as JSON: the document `--format json` prints (keys in
/// Danish, as the open data's; a value not filled in is null).
pub fn json(c: &Comparison) -> String {
    // Plain structs of strings, numbers and booleans always serialize.
    serde_json::to_string_pretty(c).unwrap_or_default() + "\n"
}

// `mrplan sammenlign`: which two plans the command line names.

/// A plan named on the command line: "2025/fmi" (also "2025/FMI") or the
/// path of its file, "content/planer/2025/fmi.md".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Named {
    pub year: i32,
    /// As given: a slug or an abbreviation, in any case.
    pub agency: String,
}

const FORM: &str = "skriv <år>/<styrelse>, fx 2025/fmi, eller stien til planens fil, fx content/planer/2025/fmi.md";

/// Reads one argument of `mrplan sammenlign`.
pub fn named(arg: &str) -> Result<Named, crate::Fatal> {
    let trimmed = arg.trim().trim_end_matches('/');
    let path = trimmed.strip_suffix(".md").unwrap_or(trimmed);
    let mut parts = path.rsplit(['/', '\\']);
    let (last, before) = (parts.next().unwrap_or(""), parts.next());
    let wrong = |tip: String| {
        crate::Fatal::new(format!("'{arg}' kan ikke læses som en plan.\n  tip: {tip}"))
    };
    let Some(before) = before else {
        return Err(wrong(FORM.to_string()));
    };
    match (before.parse::<i32>(), last.parse::<i32>()) {
        (Ok(year), Err(_)) if !last.is_empty() => Ok(Named {
            year,
            agency: last.to_string(),
        }),
        // "fmi/2025": the right parts in the wrong order.
        (Err(_), Ok(year)) if !before.is_empty() => Err(wrong(format!(
            "året skal stå først: mente du {year}/{before}?"
        ))),
        _ => Err(wrong(FORM.to_string())),
    }
}

/// The plan `named` names in `content`, or why there is none: an unknown
/// agency (with the nearest slug), or a year the agency has no plan for
/// (with the years it has).
pub fn find<'a>(
    content: &'a crate::written::Content,
    named: &Named,
) -> Result<&'a crate::written::Plan, crate::Fatal> {
    let given = named.agency.trim();
    let slug = match content.agency_named(given) {
        Some(agency) => agency.slug.clone(),
        // A plan whose agency file is missing is still a plan.
        None if content.plans.iter().any(|p| p.slug() == given) => given.to_string(),
        None => return Err(unknown_agency(content, given)),
    };
    let theirs: Vec<&crate::written::Plan> =
        content.plans.iter().filter(|p| p.slug() == slug).collect();
    if let Some(plan) = theirs.iter().find(|p| p.year() == named.year) {
        return Ok(plan);
    }
    let mut years: Vec<String> = theirs.iter().map(|p| p.year().to_string()).collect();
    years.sort();
    years.dedup();
    let tip = match years.as_slice() {
        [] => format!(
            "{slug} har ingen planer endnu; lav en med: mrplan new plan --styrelse {slug} --år {}",
            named.year
        ),
        [one] => format!("{slug} har kun en plan for {one}"),
        [rest @ .., last] => format!("{slug} har planer for {} og {last}", rest.join(", ")),
    };
    Err(crate::Fatal::new(format!(
        "Der er ingen plan for {slug} i {} (content/planer/{}/{slug}.md findes ikke).\n  tip: {tip}.",
        named.year, named.year
    )))
}

fn unknown_agency(content: &crate::written::Content, given: &str) -> crate::Fatal {
    let mut known: Vec<&str> = content.agencies.iter().map(|a| a.slug.as_str()).collect();
    known.extend(content.plans.iter().map(|p| p.slug()));
    known.sort();
    known.dedup();
    // Not for a word shorter than the typos it would need ("x" is not "fe").
    let nearest = crate::decode::suggest(&given.to_lowercase(), &known)
        .filter(|s| strsim::levenshtein(&given.to_lowercase(), s) < given.chars().count())
        .map_or(".".to_string(), |s| format!(" – mente du '{s}'?"));
    crate::Fatal::new(format!(
        "Styrelsen '{given}' findes ikke{nearest}\n  tip: kendte styrelser: {}.",
        known.join(", ")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Agency, Body, FollowUpPlan, Frequency, Milestone, Quarter, Status};
    use time::macros::date;

    fn goal(nr: &str, title: &str) -> Goal {
        Goal {
            nr: nr.into(),
            group: None,
            title: title.into(),
            core_task: "Drift".into(),
            supports: vec!["P1".into()],
            description: "Beskrivelse".into(),
            measure: "Andel".into(),
            success: "Mindst 85 pct.".into(),
            baseline: None,
            deadline: date!(2025 - 12 - 31),
            data_source: "Sagssystemet".into(),
            weight: None,
            owner: None,
            limitations: None,
            cross_cutting: false,
            milestones: Vec::new(),
            follow_ups: Vec::new(),
            result: None,
        }
    }

    fn plan(year: i32, goals: Vec<Goal>) -> Plan {
        Plan {
            file: 0,
            anchor: 0..0,
            year,
            agency: Agency::unknown("abc"),
            status: Status::Approved,
            title: format!("Plan {year}"),
            updated: None,
            aims: vec![Aim {
                id: "P1".into(),
                text: "Borgerne får svar i tide.".into(),
            }],
            goals,
            follow_up: FollowUpPlan {
                frequency: Frequency::Quarterly,
                process: "Kvartalsvis.".into(),
            },
            signature: None,
            signer_titles: Default::default(),
            signed_pdf: None,
            overall_assessment: None,
            changes: Vec::new(),
            appropriations: Vec::new(),
            body: Body::default(),
        }
    }

    /// A goal of the next year: the same, its deadline a year on.
    fn next_year(g: &Goal) -> Goal {
        Goal {
            deadline: moved(g.deadline, 1).expect("date"),
            ..g.clone()
        }
    }

    fn titles(goals: &[GoalRef]) -> Vec<String> {
        goals
            .iter()
            .map(|g| format!("{} {}", g.nr, g.title))
            .collect()
    }

    #[test]
    fn the_same_plan_a_year_on_is_unchanged() {
        let old = plan(2025, vec![goal("1", "Svartider"), goal("2", "Sygefravær")]);
        let new = plan(2026, old.goals.iter().map(next_year).collect());
        let c = compare(&old, &new);
        assert!(c.is_unchanged(), "{c:#?}");
        assert_eq!(c.unchanged_goals, 2);
        assert_eq!(
            text(&c),
            "Ændringer fra 2025 til 2026 – abc (abc)\n\nIngen ændringer: målene og det strategiske målbillede er de samme som i planen for 2025.\n"
        );
    }

    #[test]
    fn each_changed_field_is_spelled_out_with_its_label() {
        let mut a = goal("1", "Svartider");
        a.weight = Some(15);
        let mut b = next_year(&a);
        b.success = "Mindst 87 pct.".into();
        b.weight = Some(20);
        b.baseline = Some("86 pct. i 2025".into());
        b.cross_cutting = true;
        b.deadline = date!(2026 - 06 - 30);
        b.description = "  Beskrivelse\n".into(); // only spaces: no change
        let c = compare(&plan(2025, vec![a]), &plan(2026, vec![b]));
        let changes = &c.changed_goals[0].changes;
        let shown: Vec<(String, Option<String>, Option<String>)> = changes
            .iter()
            .map(|f| (f.label.clone(), f.before.clone(), f.after.clone()))
            .collect();
        let s = |t: &str| Some(t.to_string());
        assert_eq!(
            shown,
            [
                (
                    "Succeskriterium".into(),
                    s("Mindst 85 pct."),
                    s("Mindst 87 pct.")
                ),
                ("Baseline".into(), None, s("86 pct. i 2025")),
                ("Frist".into(), s("31. december 2025"), s("30. juni 2026")),
                ("Vægt".into(), s("15 %"), s("20 %")),
                ("Tværgående".into(), s("nej"), s("ja")),
            ]
        );
        assert!(text(&c).contains(
            "  Mål 1: Svartider\n    Succeskriterium: »Mindst 85 pct.« → »Mindst 87 pct.«\n    Baseline: ingen → »86 pct. i 2025«\n    Frist: 31. december 2025 → 30. juni 2026\n    Vægt: 15 % → 20 %\n"
        ), "{}", text(&c));
    }

    #[test]
    fn every_label_is_a_key_of_the_field_table() {
        for key in [
            "gruppe",
            "titel",
            "kerneopgave",
            "understøtter",
            "beskrivelse",
            "målepunkt",
            "succeskriterium",
            "baseline",
            "frist",
            "datakilde",
            "vægt",
            "ansvarlig",
            "begrænsninger",
            "tværgående",
            "delmål",
        ] {
            assert!(fields::GOAL.field(key).is_some(), "{key}");
        }
        assert_eq!(label("målepunkt"), "Målepunkt");
    }

    #[test]
    fn a_renumbered_goal_keeps_its_title() {
        let old = plan(
            2025,
            vec![goal("1", "Ny it-platform"), goal("3", "Svartider")],
        );
        let new = plan(
            2026,
            vec![
                next_year(&goal("1", "Ny it-platform")),
                next_year(&goal("4", " svartider ")),
            ],
        );
        let c = compare(&old, &new);
        assert!(
            c.new_goals.is_empty() && c.dropped_goals.is_empty(),
            "{c:#?}"
        );
        assert_eq!(c.changed_goals.len(), 1);
        let g = &c.changed_goals[0];
        assert_eq!((g.previous_nr.as_deref(), g.nr.as_str()), (Some("3"), "4"));
        // Paired despite case and spaces; the new spelling is a title change.
        assert_eq!(g.changes[0].label, "Titel");
        assert!(
            text(&c).contains("  Mål 4:  svartider \n    Nr.: 3 → 4\n"),
            "{}",
            text(&c)
        );
    }

    #[test]
    fn swapped_goals_are_two_renumberings() {
        let old = plan(2025, vec![goal("1", "Svartider"), goal("2", "Sygefravær")]);
        let new = plan(
            2026,
            vec![
                next_year(&goal("1", "Sygefravær")),
                next_year(&goal("2", "Svartider")),
            ],
        );
        let c = compare(&old, &new);
        let moved: Vec<(Option<String>, String)> = c
            .changed_goals
            .iter()
            .map(|g| (g.previous_nr.clone(), g.nr.clone()))
            .collect();
        assert_eq!(
            moved,
            [
                (Some("2".into()), "1".into()),
                (Some("1".into()), "2".into())
            ]
        );
        assert!(c.changed_goals.iter().all(|g| g.changes.is_empty()));
    }

    #[test]
    fn a_retitled_goal_keeps_its_number_if_the_titles_are_alike() {
        let old = plan(
            2025,
            vec![
                goal("1", "Kortere sagsbehandlingstid"),
                goal("2", "Sygefravær"),
            ],
        );
        let new = plan(
            2026,
            vec![
                next_year(&goal("1", "Kortere sagsbehandlingstider i klagesager")),
                next_year(&goal("2", "Ny it-platform")),
            ],
        );
        let c = compare(&old, &new);
        assert_eq!(c.changed_goals.len(), 1, "{c:#?}");
        assert_eq!(
            c.changed_goals[0].changes[0],
            FieldChange {
                key: "titel",
                label: "Titel".into(),
                before: Some("Kortere sagsbehandlingstid".into()),
                after: Some("Kortere sagsbehandlingstider i klagesager".into()),
            }
        );
        // Same number, unlike title: another goal.
        assert_eq!(titles(&c.new_goals), ["2 Ny it-platform"]);
        assert_eq!(titles(&c.dropped_goals), ["2 Sygefravær"]);
    }

    #[test]
    fn a_title_match_wins_over_a_number_match() {
        // Goal 2 was dropped and goal 3 moved up: 2 is not "retitled".
        let old = plan(
            2025,
            vec![goal("2", "Svartider i klagesager"), goal("3", "Svartider")],
        );
        let new = plan(2026, vec![next_year(&goal("2", "Svartider"))]);
        let c = compare(&old, &new);
        assert_eq!(c.changed_goals[0].previous_nr.as_deref(), Some("3"));
        assert_eq!(titles(&c.dropped_goals), ["2 Svartider i klagesager"]);
    }

    #[test]
    fn duplicate_titles_pair_in_order() {
        let mut old_second = goal("2", "Svartider");
        old_second.success = "B".into();
        let old = plan(2025, vec![goal("1", "Svartider"), old_second.clone()]);
        let mut new_third = next_year(&goal("3", "Svartider"));
        new_third.success = "C".into();
        let new = plan(
            2026,
            vec![
                next_year(&goal("1", "Svartider")),
                next_year(&old_second),
                new_third,
            ],
        );
        let c = compare(&old, &new);
        assert_eq!(c.unchanged_goals, 2, "{c:#?}");
        assert_eq!(titles(&c.new_goals), ["3 Svartider"]);
        assert!(c.dropped_goals.is_empty());
    }

    #[test]
    fn goals_without_numbers_pair_only_by_title() {
        let old = plan(
            2025,
            vec![goal("", "Svartider"), goal("", "Sygefravær i staben")],
        );
        let new = plan(
            2026,
            vec![
                next_year(&goal("", "Svartider")),
                next_year(&goal("", "Sygefravær i stabene")),
            ],
        );
        let c = compare(&old, &new);
        assert_eq!(c.unchanged_goals, 1);
        assert_eq!(titles(&c.new_goals), [" Sygefravær i stabene"]);
        assert_eq!(titles(&c.dropped_goals), [" Sygefravær i staben"]);
    }

    #[test]
    fn milestone_dates_move_with_the_year() {
        let mut a = goal("1", "Svartider");
        a.deadline = date!(2024 - 12 - 31);
        a.milestones = vec![
            Milestone {
                when: When::Date(date!(2024 - 02 - 29)),
                text: "Analyse".into(),
            },
            Milestone {
                when: When::Quarter(Quarter::Q2),
                text: "Udbud".into(),
            },
        ];
        let b = next_year(&a);
        let b = Goal {
            milestones: vec![
                Milestone {
                    when: When::Date(date!(2025 - 02 - 28)),
                    text: "Analyse".into(),
                },
                a.milestones[1].clone(),
            ],
            ..b
        };
        let old = plan(2024, vec![a.clone()]);
        let c = compare(&old, &plan(2025, vec![b.clone()]));
        assert!(c.is_unchanged(), "{c:#?}");
        let mut later = b;
        later.milestones[1].when = When::Quarter(Quarter::Q3);
        let c = compare(&old, &plan(2025, vec![later]));
        assert_eq!(
            c.changed_goals[0].changes[0].after.as_deref(),
            Some("28. februar 2025: Analyse · 3. kvartal: Udbud")
        );
    }

    #[test]
    fn aims_and_weighting_are_compared() {
        let mut old = plan(2025, vec![goal("1", "Svartider")]);
        old.aims.push(Aim {
            id: "P2".into(),
            text: "Hurtigere anskaffelser.".into(),
        });
        old.aims.push(Aim {
            id: "P3".into(),
            text: "Færre sygedage.".into(),
        });
        let mut weighted = next_year(&old.goals[0]);
        weighted.weight = Some(100);
        let mut new = plan(2026, vec![weighted]);
        new.aims = vec![
            Aim {
                id: "P2".into(),
                text: "Hurtigere anskaffelser med allierede.".into(),
            },
            Aim {
                id: "A".into(),
                text: "Borgerne får svar i tide.".into(),
            },
            Aim {
                id: "P4".into(),
                text: "Grøn omstilling.".into(),
            },
        ];
        let c = compare(&old, &new);
        assert_eq!(
            c.aims.added,
            [AimRef {
                id: "P4".into(),
                text: "Grøn omstilling.".into()
            }]
        );
        assert_eq!(
            c.aims.removed,
            [AimRef {
                id: "P3".into(),
                text: "Færre sygedage.".into()
            }]
        );
        assert_eq!(c.aims.changed[0].id, "P2");
        assert_eq!(
            c.weighted,
            Weighting {
                before: false,
                after: true
            }
        );
        let shown = text(&c);
        assert!(shown.ends_with("\nStrategisk målbillede (3):\n  Nyt: P4: Grøn omstilling.\n  Fjernet: P3: Færre sygedage.\n  Ændret: P2: »Hurtigere anskaffelser.« → »Hurtigere anskaffelser med allierede.«\n\nMålene er nu vægtet; det var de ikke før.\n"), "{shown}");
    }

    #[test]
    fn arguments_name_a_year_and_an_agency_or_a_file() {
        let n = |year, agency: &str| Named {
            year,
            agency: agency.into(),
        };
        assert_eq!(named("2025/fmi").ok(), Some(n(2025, "fmi")));
        assert_eq!(named("2025/FMI/").ok(), Some(n(2025, "FMI")));
        assert_eq!(
            named("content/planer/2026/fmi.md").ok(),
            Some(n(2026, "fmi"))
        );
        let why = |arg| named(arg).err().map(|e| e.0).unwrap_or_default();
        assert_eq!(
            why("fmi/2025"),
            "'fmi/2025' kan ikke læses som en plan.\n  tip: året skal stå først: mente du 2025/fmi?"
        );
        assert!(why("2025-fmi").contains("skriv <år>/<styrelse>"));
        assert!(why("2025/").contains("skriv <år>/<styrelse>"));
        assert!(why("/fmi").contains("skriv <år>/<styrelse>"));
        assert!(why("").contains("skriv <år>/<styrelse>"));
    }
}
