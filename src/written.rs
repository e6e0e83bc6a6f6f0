//! The content model: site settings, agencies and plans, decoded from front
//! matter. Every value keeps its span so rules can point at it.

use time::{Date, PrimitiveDateTime};

use crate::decode::{Decoder, Flawed, Obj, Spans};
use crate::diagnostics::catalogue::{MRP115, MRP116, MRP206};
use crate::diagnostics::{Diagnostic, FileId};
use crate::fields;
use crate::span::{Sp, Span};
use crate::yaml::{Node, Value};

pub use crate::model::Body;

/// Everything under `content/`, decoded.
#[derive(Clone)]
pub struct Content {
    pub site: SiteConfig,
    pub agencies: Vec<Agency>,
    /// Sorted by year (newest first), then agency slug.
    pub plans: Vec<Plan>,
    /// How many plan files there are, including those that could not be read.
    pub plan_files: usize,
    /// The slug of every agency file, including those that could not be
    /// decoded (so their plans are not also told the agency is missing).
    pub agency_files: Vec<String>,
}

impl Content {
    pub fn agency(&self, slug: &str) -> Option<&Agency> {
        self.agencies.iter().find(|a| a.slug == slug)
    }

    /// The agency a user means on the command line: its slug or its
    /// abbreviation, in any case (`fmi`, `FMI`).
    pub fn agency_named(&self, given: &str) -> Option<&Agency> {
        let given = given.trim();
        self.agency(given).or_else(|| {
            self.agencies.iter().find(|a| {
                a.slug.eq_ignore_ascii_case(given)
                    || a.abbreviation.to_lowercase() == given.to_lowercase()
            })
        })
    }

    /// The agencies' slugs ("fe, fes, fko"), for messages about an unknown one.
    pub fn agency_slugs(&self) -> String {
        let slugs: Vec<&str> = self.agencies.iter().map(|a| a.slug.as_str()).collect();
        slugs.join(", ")
    }
}

/// `content/_index.md`: the site's settings; its body is the front page intro.
#[derive(Clone, Debug)]
pub struct SiteConfig {
    pub file: FileId,
    pub title: String,
    pub ministry: String,
    pub base_url: String,
    pub lang: String,
    pub theme: Sp<String>,
    pub mission: String,
    pub vision: String,
    pub accessibility_url: Option<String>,
    /// `logo`: a path in `static/`.
    pub logo: Option<Sp<String>>,
    pub colors: Colors,
    pub contact: Contact,
    pub rules: RuleSettings,
    /// `dokumentnavn` and `rapportnavn`, as the forms sentences need.
    pub names: crate::model::Names,
    pub intro: Body,
    /// Fields written but unusable (see [`Goal::flawed`]).
    pub flawed: Flawed,
}

/// `farver:` in the site settings.
#[derive(Clone, Debug, Default)]
pub struct Colors {
    pub primary: Option<Sp<String>>,
    pub link: Option<Sp<String>>,
}

/// `kontakt:` in the site settings.
#[derive(Clone, Debug, Default)]
pub struct Contact {
    pub address: Option<String>,
    pub phone: Option<String>,
    pub email: Option<Sp<String>>,
    pub cvr: Option<Sp<String>>,
    pub ean: Option<Sp<String>>,
    pub privacy_url: Option<String>,
}

/// `regler:` in the site settings.
#[derive(Clone, Copy, Debug)]
pub struct RuleSettings {
    pub min_goals: i64,
    pub max_goals: i64,
    pub analysis_weight: i64,
}

impl Default for RuleSettings {
    fn default() -> Self {
        RuleSettings {
            min_goals: 5,
            max_goals: 10,
            analysis_weight: 10,
        }
    }
}

/// `content/styrelser/<slug>.md`.
#[derive(Clone, Debug)]
pub struct Agency {
    pub file: FileId,
    pub slug: String,
    pub name: String,
    pub abbreviation: String,
    pub url: Option<String>,
    /// `tidligere_navne`, as written (MRP136 checks their order).
    pub former_names: Vec<FormerName>,
    pub about: Body,
}

/// One of an agency's `tidligere_navne`.
#[derive(Clone, Debug)]
pub struct FormerName {
    pub name: String,
    pub abbreviation: String,
    /// The last day the name was used.
    pub until: Sp<Date>,
}

/// One of a plan's `ændringer`: a significant change during the year.
#[derive(Clone, Debug)]
pub struct Change {
    pub date: Sp<Date>,
    /// The goal it concerns, if one (MRP135: a goal of the plan).
    pub goal: Option<Sp<String>>,
    pub text: String,
}

/// One of a plan's `hovedkonti`: an appropriation on the Finance Act.
#[derive(Clone, Debug)]
pub struct Appropriation {
    pub section: String,
    pub name: String,
    pub million_kr: f64,
}

pub use crate::model::{Outcome, Progress, Status};

/// `content/planer/<år>/<slug>.md`. Required fields that failed to decode are
/// left empty: the error is already reported and such a plan is never published.
#[derive(Clone, Debug)]
pub struct Plan {
    pub file: FileId,
    /// The agency slug from the file name, and the year from the folder.
    pub file_slug: String,
    pub folder_year: Option<i32>,
    pub schema: Option<Sp<i64>>,
    pub agency: Option<Sp<String>>,
    pub year: Option<Sp<i64>>,
    pub status: Option<Sp<Status>>,
    pub title: Option<Sp<String>>,
    pub updated: Option<Sp<PrimitiveDateTime>>,
    pub aims: Vec<Aim>,
    pub aims_span: Span,
    pub goals: Vec<Goal>,
    pub goals_span: Span,
    pub follow_up: Option<FollowUpPlan>,
    pub signature: Option<Signature>,
    /// `underskrevet_pdf`: the signed original, a path in `static/`.
    pub signed_pdf: Option<Sp<String>>,
    /// Ledelsens samlede vurdering af årets resultater.
    pub overall_assessment: Option<String>,
    /// `ændringer`: significant changes during the year, as written.
    pub changes: Vec<Change>,
    /// `hovedkonti`: the appropriations table of the introduction.
    pub appropriations: Vec<Appropriation>,
    /// Where to point plan-wide problems: the first key of the front matter.
    pub anchor: Span,
    /// Fields written but unusable (see [`Goal::flawed`]).
    pub flawed: Flawed,
    pub body: Body,
}

impl Plan {
    /// The plan year. When `år` and the folder disagree (MRP021), the folder
    /// wins, so that one mistake gives one diagnostic rather than one per date.
    pub fn year(&self) -> i32 {
        self.folder_year
            .or(self.year.as_ref().map(|y| y.value as i32))
            .unwrap_or(0)
    }
    pub fn slug(&self) -> &str {
        self.agency
            .as_ref()
            .map_or(self.file_slug.as_str(), |a| a.value.as_str())
    }
    pub fn is_draft(&self) -> bool {
        !matches!(
            self.status.as_ref().map(|s| s.value),
            Some(Status::Approved)
        )
    }
    /// The latest quarter any goal has a follow-up for ("Q3"): where an
    /// interim status of the plan stands.
    pub fn latest_quarter(&self) -> Option<&str> {
        self.goals
            .iter()
            .flat_map(|g| g.follow_ups.iter())
            .map(|f| f.quarter.value.as_str())
            .max()
    }
    /// True once the plan year has ended on `today`.
    pub fn year_over(&self, today: Date) -> bool {
        self.year() < today.year()
    }
    /// True when every goal carries a weight.
    pub fn is_weighted(&self) -> bool {
        !self.goals.is_empty() && self.goals.iter().all(|g| g.weight.is_some())
    }
}

#[derive(Clone, Debug)]
pub struct Aim {
    pub id: Sp<String>,
    pub text: String,
    pub spans: Spans,
}

#[derive(Clone, Debug)]
pub struct Goal {
    pub nr: Sp<String>,
    pub group: Option<String>,
    pub title: String,
    pub core_task: String,
    pub supports: Vec<Sp<String>>,
    pub supports_span: Span,
    pub description: String,
    pub measure: String,
    pub success: String,
    pub baseline: Option<String>,
    pub deadline: Option<Sp<Date>>,
    pub data_source: String,
    pub weight: Option<Sp<i64>>,
    pub owner: Option<String>,
    /// `begrænsninger`: what the goal does not measure.
    pub limitations: Option<String>,
    /// `tværgående: true`: set by the department in every agency's plan.
    pub cross_cutting: bool,
    pub milestones: Vec<Milestone>,
    pub follow_ups: Vec<QuarterStatus>,
    pub result: Option<GoalResult>,
    /// The goal's first key, for goal-wide problems.
    pub anchor: Span,
    /// Fields written but unusable (misspelled, wrong type): already
    /// reported, so rules about missing fields skip them.
    pub flawed: Flawed,
    /// Where each field's value stands, for rules about the texts.
    pub spans: Spans,
}

#[derive(Clone, Debug)]
pub enum When {
    Date(Sp<Date>),
    Quarter(Sp<String>),
}

#[derive(Clone, Debug)]
pub struct Milestone {
    pub when: Option<When>,
    pub text: String,
    pub anchor: Span,
    pub spans: Spans,
}

#[derive(Clone, Debug)]
pub struct QuarterStatus {
    pub quarter: Sp<String>,
    /// `None` when missing or not one of the words (already reported).
    pub status: Option<Progress>,
    /// The status value (or the item) in the file: where a missing
    /// `handling` is reported.
    pub status_span: Span,
    pub comment: String,
    /// `handling`: the action agreed when the goal is at risk or delayed.
    pub action: Option<String>,
}

#[derive(Clone, Debug)]
pub struct GoalResult {
    pub status: Option<Sp<Outcome>>,
    pub achieved: Option<String>,
    pub assessment: Option<String>,
    pub analysis: Option<String>,
    /// `målopfyldelse_pct`: the graded fulfilment, 0-100.
    pub grade: Option<Sp<i64>>,
    pub anchor: Span,
}

#[derive(Clone, Debug)]
pub struct FollowUpPlan {
    pub frequency: String,
    pub process: String,
    pub spans: Spans,
}

#[derive(Clone, Debug)]
pub struct Signature {
    pub place: Option<String>,
    pub date: Option<Sp<Date>>,
    pub department_head: Option<Sp<String>>,
    pub agency_head: Option<Sp<String>>,
    /// The titles under the signatures, when not the defaults.
    pub department_head_title: Option<String>,
    pub agency_head_title: Option<String>,
    pub anchor: Span,
    /// Fields written but unusable (see [`Goal::flawed`]).
    pub flawed: Flawed,
}

pub use crate::fields::{FREQUENCIES, QUARTER_STATUSES, QUARTERS, RESULT_STATUSES};

impl SiteConfig {
    pub fn decode(d: &mut Decoder, root: &Node, intro: Body) -> Option<SiteConfig> {
        let obj = d.object(root, &fields::SITE, "Forsiden", "sidens indstillinger")?;
        let title = d.text(&obj, "titel");
        let ministry = d.text(&obj, "ministerium");
        let base_url = d.url(&obj, "base_url");
        let lang = d.word(&obj, "sprog");
        let theme = d.name(&obj, "tema");
        let mission = d.text(&obj, "mission");
        let vision = d.text(&obj, "vision");
        let accessibility_url = d.url(&obj, "tilgængelighedserklæring").map(|u| u.value);
        let logo = d.static_file(&obj, "logo");
        let colors = d
            .group(&obj, "farver", "Farverne")
            .map(|c| Colors {
                primary: d.color(&c, "primær"),
                link: d.color(&c, "link"),
            })
            .unwrap_or_default();
        let contact = d
            .group(&obj, "kontakt", "Kontaktoplysningerne")
            .map(|c| Contact {
                address: d.opt_text(&c, "adresse"),
                phone: d.opt_text(&c, "telefon"),
                email: d.string(&c, "email"),
                cvr: d.string(&c, "cvr"),
                ean: d.string(&c, "ean"),
                privacy_url: d.url(&c, "privatlivspolitik").map(|u| u.value),
            })
            .unwrap_or_default();
        let mut rules = RuleSettings::default();
        if let Some(r) = d.group(&obj, "regler", "Reglerne") {
            if let Some(v) = d.int(&r, "min_mål") {
                rules.min_goals = v.value;
            }
            if let Some(v) = d.int(&r, "max_mål") {
                rules.max_goals = v.value;
            }
            if let Some(v) = d.int(&r, "analyse_vægt") {
                rules.analysis_weight = v.value;
            }
        }
        let names = crate::model::Names::new(
            &d.opt_text(&obj, "dokumentnavn")
                .unwrap_or_else(|| crate::model::Names::DEFAULT_PLAN.into()),
            &d.word(&obj, "rapportnavn")
                .map_or_else(|| crate::model::Names::DEFAULT_REPORT.into(), |w| w.value),
        );
        Some(SiteConfig {
            names,
            file: d.file,
            title,
            ministry,
            base_url: base_url
                .map(|u| u.value.trim_end_matches('/').to_string())
                .unwrap_or_default(),
            lang: lang.map(|l| l.value).unwrap_or_else(|| "da".into()),
            theme: theme.unwrap_or_else(|| Sp::new("standard".into(), obj.anchor.clone())),
            mission,
            vision,
            accessibility_url,
            logo,
            colors,
            contact,
            rules,
            intro,
            flawed: obj.flawed(),
        })
    }
}

impl Agency {
    pub fn decode(d: &mut Decoder, root: &Node, slug: String, about: Body) -> Option<Agency> {
        let obj = d.object(root, &fields::AGENCY, "Styrelsen", "styrelsen")?;
        Some(Agency {
            file: d.file,
            slug,
            name: d.text(&obj, "navn"),
            abbreviation: d.text(&obj, "forkortelse"),
            url: d.url(&obj, "url").map(|u| u.value),
            former_names: FormerName::decode_all(d, &obj),
            about,
        })
    }
}

impl Plan {
    pub fn decode(
        d: &mut Decoder,
        root: &Node,
        file_slug: String,
        folder_year: Option<i32>,
        body: Body,
    ) -> Option<Plan> {
        let obj = d.object(root, &fields::PLAN, "Planen", "planen")?;
        let schema = d.int(&obj, "skema");
        let agency = d.string(&obj, "styrelse");
        let year = d.int(&obj, "år");
        let status = d.word(&obj, "status").map(|s| {
            let v = Status::from_key(&s.value).unwrap_or(Status::Draft);
            Sp::new(v, s.span)
        });
        let title = d.string(&obj, "titel");
        let updated = d.datetime(&obj, "opdateret");

        let (aims, aims_span) = Aim::decode_all(d, &obj);
        let (goals, goals_span) = Goal::decode_all(d, &obj);
        let follow_up = FollowUpPlan::decode(d, &obj);
        let signature = Signature::decode(d, &obj);
        let signed_pdf = d.static_file(&obj, "underskrevet_pdf");
        let overall_assessment = d.opt_text(&obj, "samlet_vurdering");
        let changes = Change::decode_all(d, &obj);
        let appropriations = Appropriation::decode_all(d, &obj);
        Some(Plan {
            file: d.file,
            file_slug,
            folder_year,
            schema,
            agency,
            year,
            status,
            title,
            updated,
            aims,
            aims_span,
            goals,
            goals_span,
            follow_up,
            signature,
            signed_pdf,
            overall_assessment,
            changes,
            appropriations,
            anchor: obj.anchor.clone(),
            flawed: obj.flawed(),
            body,
        })
    }
}

impl FormerName {
    /// An agency's `tidligere_navne`; an entry without a usable `til` is
    /// left out (its error is already reported).
    fn decode_all(d: &mut Decoder, obj: &Obj) -> Vec<FormerName> {
        let Some((items, _)) = d.list(obj, "tidligere_navne") else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let who = format!("Det tidligere navn nr. {}", i + 1);
            if let Some(o) = d.object(item, &fields::FORMER_NAME, &who, "det tidligere navn") {
                let name = d.text(&o, "navn");
                let abbreviation = d.text(&o, "forkortelse");
                if let Some(until) = d.date(&o, "til") {
                    out.push(FormerName {
                        name,
                        abbreviation,
                        until,
                    });
                }
            }
        }
        out
    }
}

impl Change {
    /// The plan's `ændringer`; an entry without a usable `dato` is left out
    /// (its error is already reported).
    fn decode_all(d: &mut Decoder, obj: &Obj) -> Vec<Change> {
        let Some((items, _)) = d.list(obj, "ændringer") else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let who = format!("Ændring {}", i + 1);
            if let Some(o) = d.object(item, &fields::CHANGE, &who, "ændringen") {
                let date = d.date(&o, "dato");
                let goal = d.nr(&o, "mål");
                let text = d.text(&o, "tekst");
                if let Some(date) = date {
                    out.push(Change { date, goal, text });
                }
            }
        }
        out
    }
}

impl Appropriation {
    /// The plan's `hovedkonti`; an entry without a usable amount is left
    /// out (its error is already reported).
    fn decode_all(d: &mut Decoder, obj: &Obj) -> Vec<Appropriation> {
        let Some((items, _)) = d.list(obj, "hovedkonti") else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let who = format!("Hovedkonto {}", i + 1);
            if let Some(o) = d.object(item, &fields::APPROPRIATION, &who, "hovedkontoen") {
                let section = d.text(&o, "paragraf");
                let name = d.text(&o, "navn");
                if let Some(amount) = d.decimal(&o, "mio_kr") {
                    out.push(Appropriation {
                        section,
                        name,
                        million_kr: amount.value,
                    });
                }
            }
        }
        out
    }
}

impl Aim {
    /// `strategisk_målbillede`, and where it stands (the plan's first key
    /// when it is not written).
    fn decode_all(d: &mut Decoder, obj: &Obj) -> (Vec<Aim>, Span) {
        let mut aims = Vec::new();
        let Some((items, span)) = d.list(obj, "strategisk_målbillede") else {
            return (aims, obj.anchor.clone());
        };
        for (i, item) in items.iter().enumerate() {
            let who = format!("Målbilledets punkt {}", i + 1);
            if let Some(o) = d.object(item, &fields::AIM, &who, "målbilledet")
                && let Some(id) = d.string(&o, "id")
            {
                aims.push(Aim {
                    id,
                    text: d.text(&o, "tekst"),
                    spans: o.spans(),
                });
            }
        }
        (aims, span)
    }
}

impl FollowUpPlan {
    /// The plan's `opfølgning`, required (MRP116).
    fn decode(d: &mut Decoder, obj: &Obj) -> Option<FollowUpPlan> {
        match obj.get("opfølgning") {
            Some(node) if !matches!(node.value, Value::Null) => d
                .group(obj, "opfølgning", "Opfølgningen")
                .map(|o| FollowUpPlan {
                    frequency: d.word(&o, "frekvens").map(|s| s.value).unwrap_or_default(),
                    process: d.text(&o, "proces"),
                    spans: o.spans(),
                }),
            _ if obj.is_flawed("opfølgning") => None,
            _ => {
                d.push(
                    Diagnostic::error(
                        MRP116,
                        d.file,
                        obj.key_span("opfølgning").unwrap_or(obj.anchor.clone()),
                        "Planen mangler 'opfølgning' med frekvens og proces.",
                    )
                    .label("'opfølgning' mangler")
                    .hint("Det skal fremgå, hvordan og hvor ofte målene følges op, fx opfølgning: {frekvens: kvartalsvis, proces: Kvartalsmøder med departementet}"),
                );
                None
            }
        }
    }
}

impl Signature {
    /// The plan's `påtegning`, when written.
    fn decode(d: &mut Decoder, obj: &Obj) -> Option<Signature> {
        d.group(obj, "påtegning", "Påtegningen").map(|o| Signature {
            place: d.opt_text(&o, "sted"),
            date: d.date(&o, "dato"),
            department_head: d.string(&o, "departementschef"),
            agency_head: d.string(&o, "styrelsesdirektør"),
            department_head_title: d.opt_text(&o, "departementschef_titel"),
            agency_head_title: d.opt_text(&o, "styrelsesdirektør_titel"),
            anchor: obj.key_span("påtegning").unwrap_or(o.anchor.clone()),
            flawed: o.flawed(),
        })
    }
}

impl Goal {
    /// The plan's `mål`, and where the list stands.
    fn decode_all(d: &mut Decoder, obj: &Obj) -> (Vec<Goal>, Span) {
        let Some((items, span)) = d.list(obj, "mål") else {
            return (Vec::new(), obj.anchor.clone());
        };
        let goals = items
            .iter()
            .enumerate()
            .filter_map(|(i, item)| Goal::decode(d, item, i))
            .collect();
        (goals, span)
    }

    fn decode(d: &mut Decoder, node: &Node, index: usize) -> Option<Goal> {
        // Name the goal by its nr when it has one, so messages read "Mål 2.3 mangler ...".
        let nr_hint = match &node.value {
            Value::Map(entries) => entries
                .iter()
                .find(|(k, _)| k.name == "nr")
                .map(|(_, v)| d.scalar(v))
                .filter(|s| !s.is_empty()),
            _ => None,
        };
        let label = nr_hint.unwrap_or_else(|| format!("nr. {} i listen", index + 1));
        let who = format!("Mål {label}");
        let obj = d.object(node, &fields::GOAL, &who, &format!("mål {label}"))?;
        let nr = d.nr(&obj, "nr");
        let supports = d.string_list(&obj, "understøtter");
        let mut milestones = Vec::new();
        if let Some((items, _)) = d.list(&obj, "delmål") {
            for (i, item) in items.iter().enumerate() {
                let who = format!("Delmål {} i mål {label}", i + 1);
                if let Some(o) = d.object(item, &fields::MILESTONE, &who, "delmålet") {
                    milestones.push(Milestone::decode(d, &o, &who));
                }
            }
        }
        let mut follow_ups = Vec::new();
        if let Some((items, _)) = d.list(&obj, "opfølgning") {
            for (i, item) in items.iter().enumerate() {
                let who = format!("Opfølgning {} i mål {label}", i + 1);
                if let Some(o) = d.object(item, &fields::QUARTER, &who, "opfølgningen")
                    && let Some(quarter) = d.word(&o, "kvartal")
                {
                    let status = d.word(&o, "status");
                    follow_ups.push(QuarterStatus {
                        quarter,
                        status_span: status.as_ref().map_or(o.anchor.clone(), |s| s.span.clone()),
                        status: status.and_then(|s| Progress::from_key(&s.value)),
                        comment: d.text(&o, "kommentar"),
                        action: d.opt_text(&o, "handling"),
                    });
                }
            }
        }
        let who_result = format!("Resultatet for mål {label}");
        let result = d.group(&obj, "resultat", &who_result).map(|o| {
            // MRP206: a result must say how it went and what was achieved.
            for key in ["status", "opnået"] {
                if o.get(key).is_none() {
                    d.missing(MRP206, &o, key);
                    o.flaw(key); // reported: MRP005 would say it again
                }
            }
            GoalResult {
                status: d
                    .word(&o, "status")
                    .and_then(|s| Some(Sp::new(Outcome::from_key(&s.value)?, s.span))),
                achieved: d.string(&o, "opnået").map(|s| s.value),
                assessment: d.opt_text(&o, "vurdering"),
                analysis: d.opt_text(&o, "analyse"),
                grade: d.int(&o, "målopfyldelse_pct"),
                anchor: obj.key_span("resultat").unwrap_or(o.anchor.clone()),
            }
        });
        let weight = d.int(&obj, "vægt");
        Some(Goal {
            nr: nr.unwrap_or_else(|| Sp::new(label.clone(), obj.anchor.clone())),
            group: d.opt_text(&obj, "gruppe"),
            title: d.text(&obj, "titel"),
            core_task: d.text(&obj, "kerneopgave"),
            supports_span: supports
                .as_ref()
                .map_or(obj.anchor.clone(), |s| s.span.clone()),
            supports: supports.map(|s| s.value).unwrap_or_default(),
            description: d.text(&obj, "beskrivelse"),
            measure: d.text(&obj, "målepunkt"),
            success: d.text(&obj, "succeskriterium"),
            baseline: d.opt_text(&obj, "baseline"),
            deadline: d.date(&obj, "frist"),
            data_source: d.text(&obj, "datakilde"),
            weight,
            owner: d.opt_text(&obj, "ansvarlig"),
            limitations: d.opt_text(&obj, "begrænsninger"),
            cross_cutting: d.boolean(&obj, "tværgående").is_some_and(|b| b.value),
            milestones,
            follow_ups,
            result,
            anchor: obj.anchor.clone(),
            flawed: obj.flawed(),
            spans: obj.spans(),
        })
    }
}

impl Milestone {
    fn decode(d: &mut Decoder, o: &Obj, who: &str) -> Milestone {
        let date = d.date(o, "frist");
        let quarter = d.word(o, "kvartal");
        // Written with a value (`frist:` with nothing after it is not written).
        let has = |key| o.get(key).is_some_and(|n| !matches!(n.value, Value::Null));
        let when = match (date, quarter) {
            (Some(date), None) if !has("kvartal") => Some(When::Date(date)),
            (None, Some(q)) if !has("frist") => Some(When::Quarter(q)),
            _ => {
                let both = has("frist") && has("kvartal");
                let neither = !has("frist") && !has("kvartal");
                // A key that was written but wrong already has its message.
                if both || (neither && !o.is_flawed("frist") && !o.is_flawed("kvartal")) {
                    d.push(
                        Diagnostic::error(
                            MRP115,
                            d.file,
                            o.anchor.clone(),
                            format!("{who} skal have enten 'frist' eller 'kvartal' (ikke begge, ikke ingen)."),
                        )
                        .label(if both { "både frist og kvartal" } else { "hverken frist eller kvartal" })
                        .hint("Skriv fx kvartal: Q2 eller frist: 2025-06-30"),
                    );
                }
                None
            }
        };
        Milestone {
            when,
            text: d.text(o, "tekst"),
            anchor: o.anchor.clone(),
            spans: o.spans(),
        }
    }
}
