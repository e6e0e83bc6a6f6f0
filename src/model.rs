//! The published model: the plans as they are published, once they check
//! clean. Converted once from what the authors wrote ([`crate::written`]),
//! it has no spans, no sentinels and no half-decoded values: required
//! fields are there, statuses are enums with their Danish words. Every
//! renderer (website, feeds, open data, report, PDF) reads only this.

use time::{Date, PrimitiveDateTime};

/// Defines a closed set of words from the plan format: each variant, the
/// key authors write and the word readers see.
macro_rules! words {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $key:literal / $da:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name { $($variant),+ }

        impl $name {
            /// Every variant, in the format's order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// The keys authors write, in the format's order.
            pub const KEYS: &'static [&'static str] = &[$($key),+];
            /// The key as written in front matter ("på_sporet").
            pub const fn key(self) -> &'static str {
                match self { $($name::$variant => $key),+ }
            }
            /// The word a reader sees ("På sporet").
            pub const fn da(self) -> &'static str {
                match self { $($name::$variant => $da),+ }
            }
            pub fn from_key(key: &str) -> Option<$name> {
                match key { $($key => Some($name::$variant),)+ _ => None }
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.key())
            }
        }
    };
}

words!(
    /// Whether a plan is approved.
    Status { Draft = "udkast" / "Udkast", Approved = "godkendt" / "Godkendt" }
);
words!(
    /// A quarter of the plan year.
    Quarter { Q1 = "Q1" / "1. kvartal", Q2 = "Q2" / "2. kvartal", Q3 = "Q3" / "3. kvartal", Q4 = "Q4" / "4. kvartal" }
);
words!(
    /// A goal's status at a quarterly follow-up.
    Progress {
        OnTrack = "på_sporet" / "På sporet",
        AtRisk = "risiko" / "Risiko",
        Delayed = "forsinket" / "Forsinket",
        Met = "opfyldt" / "Opfyldt",
    }
);
words!(
    /// How a goal went, at year end.
    Outcome {
        Met = "opfyldt" / "Opfyldt",
        PartlyMet = "delvist_opfyldt" / "Delvist opfyldt",
        NotMet = "ikke_opfyldt" / "Ikke opfyldt",
    }
);
words!(
    /// How often the goals are followed up.
    Frequency {
        Monthly = "månedlig" / "Månedlig",
        Quarterly = "kvartalsvis" / "Kvartalsvis",
        HalfYearly = "halvårlig" / "Halvårlig",
    }
);

/// The site settings (`content/_index.md`), as published.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Site {
    /// `content/_index.md`, blamed when the theme lacks a PDF template.
    #[serde(skip)]
    pub file: crate::diagnostics::FileId,
    pub title: String,
    pub ministry: String,
    /// Without a trailing `/`.
    pub base_url: String,
    pub lang: String,
    pub mission: String,
    pub vision: String,
    pub accessibility_url: Option<String>,
    /// The logo's path in `static/` (and so in the output).
    pub logo: Option<String>,
    pub colors: Colors,
    pub contact: Contact,
    /// The ministry's own words for the plan and the year-end report
    /// (`dokumentnavn`, `rapportnavn`): templates write `site.names.plans`.
    pub names: Names,
    /// The weight from which a goal not met is analysed (`regler.analyse_vægt`).
    #[serde(skip)]
    pub analysis_weight: i64,
    /// The front page's introduction (Markdown).
    #[serde(skip)]
    pub intro: Body,
}

/// The forms of the ministry's name for its plans ("Mål- og resultatplan",
/// "Resultatplan", "Driftsdokument") and its year-end report ("årsrapport",
/// "årsberetning") that titles and sentences need. Danish forms are derived
/// from the singular: a word ending in "e" adds "r"/"n"/"rne" (aftale), a
/// neuter word ending in "dokument" or "notat" takes "et" in the definite,
/// any other word is common gender ("plan": "planer", "planen").
#[derive(Clone, Debug, serde::Serialize)]
pub struct Names {
    /// Title case, singular: "Mål- og resultatplan".
    pub plan: String,
    /// Title case, plural: "Mål- og resultatplaner".
    pub plans: String,
    /// Running text, singular: "mål- og resultatplan".
    pub plan_lc: String,
    /// Running text, plural: "mål- og resultatplaner".
    pub plans_lc: String,
    /// Running text, definite: "mål- og resultatplanen".
    pub plan_def: String,
    /// Running text, definite plural: "mål- og resultatplanerne".
    pub plans_def: String,
    /// The year-end report: "årsrapport".
    pub report: String,
    /// Definite: "årsrapporten".
    pub report_def: String,
}

impl Names {
    pub const DEFAULT_PLAN: &'static str = "Mål- og resultatplan";
    pub const DEFAULT_REPORT: &'static str = "årsrapport";

    pub fn new(plan: &str, report: &str) -> Names {
        let plan = capitalise(plan.trim());
        let (plural, definite, definite_plural) = Names::endings(&plan);
        let lc = lower_first(&plan);
        Names {
            plans: format!("{plan}{plural}"),
            plans_lc: format!("{lc}{plural}"),
            plan_def: format!("{lc}{definite}"),
            plans_def: format!("{lc}{definite_plural}"),
            plan_lc: lc,
            plan,
            report: report.to_string(),
            report_def: format!("{report}en"),
        }
    }

    /// The endings of the plural, the definite and the definite plural.
    fn endings(word: &str) -> (&'static str, &'static str, &'static str) {
        let lower = word.to_lowercase();
        if lower.ends_with('e') {
            ("r", "n", "rne")
        } else if ["dokument", "notat"].iter().any(|n| lower.ends_with(n)) {
            ("er", "et", "erne")
        } else {
            ("er", "en", "erne")
        }
    }
}

impl Default for Names {
    fn default() -> Names {
        Names::new(Names::DEFAULT_PLAN, Names::DEFAULT_REPORT)
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// Lower-cases the first letter for running text, but leaves an
/// abbreviation ("MRP-plan") as written.
fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match (c.next(), c.next()) {
        (Some(_), Some(second)) if second.is_uppercase() => s.to_string(),
        (Some(first), _) => first.to_lowercase().chain(s.chars().skip(1)).collect(),
        _ => String::new(),
    }
}

/// The ministry's colours (`farver`), as `#rrggbb`.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct Colors {
    pub primary: Option<String>,
    pub link: Option<String>,
}

/// The footer's contact block (`kontakt`); every part optional.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct Contact {
    pub address: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub cvr: Option<String>,
    pub ean: Option<String>,
    pub privacy_url: Option<String>,
}

/// A Markdown body, and where it starts in its file (so the links it
/// renders can be traced back when one is broken). Shared, not copied,
/// between what was written and what is published: bodies are most of a
/// site's text.
#[derive(Clone, Debug, Default)]
pub struct Body {
    pub text: std::sync::Arc<str>,
    pub offset: usize,
}

/// An agency (`content/styrelser/<slug>.md`).
#[derive(Clone, Debug)]
pub struct Agency {
    pub slug: String,
    pub name: String,
    pub abbreviation: String,
    /// The agency's own website.
    pub website: Option<String>,
    /// `tidligere_navne`, oldest first: listed on the agency's page.
    pub former_names: Vec<FormerName>,
    pub about: Body,
}

/// A name an agency had before, until (and including) `until`.
#[derive(Clone, Debug)]
pub struct FormerName {
    pub name: String,
    pub abbreviation: String,
    pub until: Date,
}

impl Agency {
    /// The agency as named in `year`'s plan: by the name in force at the end
    /// of the plan year (31 December), the day the year is reported on. A
    /// name used until a day in that year or earlier is no longer in force;
    /// one used until 31 December or later is.
    pub fn as_of_year(&self, year: i32) -> Agency {
        let year_end = Date::from_calendar_date(year, time::Month::December, 31).ok();
        let former = self
            .former_names
            .iter()
            .filter(|f| year_end.is_some_and(|end| f.until >= end))
            .min_by_key(|f| f.until);
        match former {
            Some(f) => Agency {
                name: f.name.clone(),
                abbreviation: f.abbreviation.clone(),
                ..self.clone()
            },
            None => self.clone(),
        }
    }
}

impl Agency {
    /// The agency a plan names, when its file is gone (a plan published
    /// before its agency file was written): named by its slug.
    pub fn unknown(slug: &str) -> Agency {
        Agency {
            slug: slug.to_string(),
            name: slug.to_string(),
            abbreviation: slug.to_uppercase(),
            website: None,
            former_names: Vec::new(),
            about: Body::default(),
        }
    }
}

/// A published plan: approved, or a draft in a preview.
#[derive(Clone, Debug)]
pub struct Plan {
    /// The source file and its front matter's first key: where a failure
    /// that only shows when publishing (a PDF that cannot be set) is blamed.
    pub file: crate::diagnostics::FileId,
    pub anchor: crate::span::Span,
    pub year: i32,
    pub agency: Agency,
    pub status: Status,
    /// The plan's title, or "Mål- og resultatplan <år> for <styrelsen>".
    pub title: String,
    pub updated: Option<PrimitiveDateTime>,
    pub aims: Vec<Aim>,
    pub goals: Vec<Goal>,
    pub follow_up: FollowUpPlan,
    /// Present once all four fields are (always, when approved).
    pub signature: Option<Signature>,
    /// The titles under the two signatures, also on a draft's empty lines.
    pub signer_titles: SignerTitles,
    /// The signed original's path in `static/` (`underskrevet_pdf`).
    pub signed_pdf: Option<String>,
    /// Ledelsens samlede vurdering af årets resultater (`samlet_vurdering`).
    pub overall_assessment: Option<String>,
    /// `ændringer`: significant changes during the year, oldest first.
    pub changes: Vec<Change>,
    /// `hovedkonti`: the appropriations on the Finance Act, as written.
    pub appropriations: Vec<Appropriation>,
    pub body: Body,
}

/// A significant change of the plan during the year (`ændringer`).
#[derive(Clone, Debug)]
pub struct Change {
    pub date: Date,
    /// The goal's nr, when the change concerns one goal.
    pub goal: Option<String>,
    pub text: String,
}

/// One main account on the Finance Act (`hovedkonti`).
#[derive(Clone, Debug)]
pub struct Appropriation {
    /// "§ 12.14.01".
    pub section: String,
    pub name: String,
    pub million_kr: f64,
}

#[derive(Clone, Debug)]
pub struct Aim {
    pub id: String,
    pub text: String,
}

#[derive(Clone, Debug)]
pub struct Goal {
    pub nr: String,
    pub group: Option<String>,
    pub title: String,
    pub core_task: String,
    /// Ids in the plan's målbillede.
    pub supports: Vec<String>,
    pub description: String,
    pub measure: String,
    pub success: String,
    pub baseline: Option<String>,
    pub deadline: Date,
    pub data_source: String,
    /// Percent, 1-100; all goals of a plan have one or none has.
    pub weight: Option<i64>,
    pub owner: Option<String>,
    /// What the goal does not measure (`begrænsninger`).
    pub limitations: Option<String>,
    /// Set by the department in every agency's plan (`tværgående`).
    pub cross_cutting: bool,
    pub milestones: Vec<Milestone>,
    /// As written (`check` allows one per quarter).
    pub follow_ups: Vec<FollowUp>,
    pub result: Option<GoalResult>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum When {
    Date(Date),
    Quarter(Quarter),
}

#[derive(Clone, Debug)]
pub struct Milestone {
    pub when: When,
    pub text: String,
}

/// A goal's status at one quarterly follow-up.
#[derive(Clone, Debug)]
pub struct FollowUp {
    pub quarter: Quarter,
    pub status: Progress,
    pub comment: String,
    /// `handling`: the action agreed when at risk or delayed.
    pub action: Option<String>,
}

#[derive(Clone, Debug)]
pub struct GoalResult {
    pub status: Outcome,
    pub achieved: String,
    pub assessment: Option<String>,
    pub analysis: Option<String>,
    /// `målopfyldelse_pct`: the department's grade of fulfilment, 0-100.
    pub grade: Option<i64>,
}

impl GoalResult {
    /// The grade given, or the one the status implies (100 for opfyldt, 0
    /// for ikke opfyldt); a partly met goal without a grade has none.
    pub fn grade_or_implied(&self) -> Option<i64> {
        self.grade.or(match self.status {
            Outcome::Met => Some(100),
            Outcome::NotMet => Some(0),
            Outcome::PartlyMet => None,
        })
    }

    /// "Delvist opfyldt (60 pct.)", or just the status word without a grade.
    pub fn status_text(&self) -> String {
        match self.grade {
            Some(g) => format!("{} ({g} pct.)", self.status.da()),
            None => self.status.da().to_string(),
        }
    }
}

/// How the plan's goals are followed up during the year.
#[derive(Clone, Debug)]
pub struct FollowUpPlan {
    pub frequency: Frequency,
    pub process: String,
}

/// The titles under the signatures (`påtegning.departementschef_titel`,
/// `påtegning.styrelsesdirektør_titel`), with the defaults filled in.
#[derive(Clone, Debug, serde::Serialize)]
pub struct SignerTitles {
    pub department_head: String,
    pub agency_head: String,
}

impl Default for SignerTitles {
    fn default() -> Self {
        SignerTitles {
            department_head: "Departementschef".into(),
            agency_head: "Direktør".into(),
        }
    }
}

#[derive(Clone, Debug)]
pub struct Signature {
    pub place: String,
    pub date: Date,
    pub department_head: String,
    pub agency_head: String,
}

impl Plan {
    /// The date of the latest change (`ændringer`): "Revideret <dato>".
    pub fn revised(&self) -> Option<Date> {
        self.changes.iter().map(|c| c.date).max()
    }
    /// The appropriations' total in mio. kr.
    pub fn appropriations_total(&self) -> f64 {
        self.appropriations.iter().map(|a| a.million_kr).sum()
    }
    pub fn is_draft(&self) -> bool {
        self.status == Status::Draft
    }
    /// True when every goal carries a weight.
    pub fn is_weighted(&self) -> bool {
        !self.goals.is_empty() && self.goals.iter().all(|g| g.weight.is_some())
    }
    /// True once the plan year has ended on `today`.
    pub fn year_over(&self, today: Date) -> bool {
        self.year < today.year()
    }
    /// True when every goal has a result: only then can its year-end
    /// section be written without inventing anything.
    pub fn results_complete(&self) -> bool {
        !self.goals.is_empty() && self.goals.iter().all(|g| g.result.is_some())
    }
    /// An approved plan whose year is over and whose every goal has a
    /// result has a results page: never a page of results that do not exist.
    pub fn has_results(&self, today: Date) -> bool {
        !self.is_draft() && self.year_over(today) && self.results_complete()
    }
    /// The latest quarter any goal has a follow-up for: where an interim
    /// status of the plan stands.
    pub fn latest_quarter(&self) -> Option<Quarter> {
        self.goals
            .iter()
            .flat_map(|g| g.follow_ups.iter())
            .map(|f| f.quarter)
            .max()
    }
}

impl Quarter {
    /// "3. kvartal 2026".
    pub fn of_year(self, year: i32) -> String {
        format!("{} {year}", self.da())
    }
}

impl Goal {
    /// The follow-up for `quarter`, if the goal has one.
    pub fn follow_up(&self, quarter: Quarter) -> Option<&FollowUp> {
        self.follow_ups.iter().find(|f| f.quarter == quarter)
    }
}

/// Everything that is published: the settings, the agencies (by name) and
/// the plans (newest year first, then by agency name).
#[derive(Clone, Debug)]
pub struct Published {
    pub site: Site,
    pub agencies: Vec<Agency>,
    pub plans: Vec<Plan>,
}

impl Published {
    /// The same site with only the plans `keep` keeps (serve's PDF worker
    /// typesets only what an edit touched).
    pub fn only(&self, keep: impl Fn(&Plan) -> bool) -> Published {
        Published {
            site: self.site.clone(),
            agencies: self.agencies.clone(),
            plans: self.plans.iter().filter(|p| keep(p)).cloned().collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_round_trip_through_their_keys() {
        for q in Quarter::ALL {
            assert_eq!(Quarter::from_key(q.key()), Some(*q));
        }
        assert_eq!(Progress::from_key("på_sporet"), Some(Progress::OnTrack));
        assert_eq!(Progress::OnTrack.da(), "På sporet");
        assert_eq!(Quarter::Q3.da(), "3. kvartal");
        assert_eq!(
            Outcome::KEYS,
            ["opfyldt", "delvist_opfyldt", "ikke_opfyldt"]
        );
        assert!(Quarter::Q1 < Quarter::Q4);
    }

    #[test]
    fn document_names_take_their_danish_forms() {
        let forms = |n: &Names| {
            [
                &n.plan,
                &n.plans,
                &n.plan_lc,
                &n.plans_lc,
                &n.plan_def,
                &n.plans_def,
            ]
            .map(|s| s.to_string())
        };
        assert_eq!(
            forms(&Names::default()),
            [
                "Mål- og resultatplan",
                "Mål- og resultatplaner",
                "mål- og resultatplan",
                "mål- og resultatplaner",
                "mål- og resultatplanen",
                "mål- og resultatplanerne"
            ]
        );
        assert_eq!(
            forms(&Names::new("Driftsdokument", "årsrapport")),
            [
                "Driftsdokument",
                "Driftsdokumenter",
                "driftsdokument",
                "driftsdokumenter",
                "driftsdokumentet",
                "driftsdokumenterne"
            ]
        );
        let aftale = Names::new(" resultataftale ", "årsberetning");
        assert_eq!(aftale.plans, "Resultataftaler");
        assert_eq!(aftale.plan_def, "resultataftalen");
        assert_eq!(aftale.report_def, "årsberetningen");
        assert_eq!(Names::new("MRP-plan", "årsrapport").plan_def, "MRP-planen");
    }
}

#[cfg(test)]
mod names {
    use super::*;
    use time::macros::date;

    fn renamed(history: &[(&str, Date)]) -> Agency {
        Agency {
            former_names: history
                .iter()
                .map(|(name, until)| FormerName {
                    name: name.to_string(),
                    abbreviation: name.chars().take(1).collect(),
                    until: *until,
                })
                .collect(),
            ..Agency::unknown("ny")
        }
    }

    #[test]
    fn a_plan_has_the_name_in_force_at_the_end_of_its_year() {
        let a = renamed(&[
            ("Ældst", date!(2015 - 12 - 31)),
            ("Mellem", date!(2019 - 03 - 31)),
        ]);
        let name = |year| a.as_of_year(year).name;
        assert_eq!(name(2014), "Ældst");
        assert_eq!(name(2015), "Ældst");
        assert_eq!(name(2016), "Mellem");
        assert_eq!(name(2018), "Mellem");
        // Renamed during 2019: the year is reported under the new name.
        assert_eq!(name(2019), "ny");
        assert_eq!(name(2025), "ny");
        assert_eq!(a.as_of_year(2015).abbreviation, "Æ");
    }
}
