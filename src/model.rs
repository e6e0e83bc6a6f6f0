//! The content model: site settings, agencies and plans, decoded from front
//! matter. Every value keeps its span so rules can point at it.

use time::{Date, PrimitiveDateTime};

use crate::decode::{Decoder, Obj, Sp};
use crate::diagnostics::{Diagnostic, FileId};
use crate::yaml::{Node, Span, Value};

/// A Markdown body and where it starts in its file.
#[derive(Clone, Debug, Default)]
pub struct Body {
    pub text: String,
    pub offset: usize,
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
    pub rules: RuleSettings,
    pub intro: Body,
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
    pub about: Body,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Draft,
    Approved,
}

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
    /// Where to point plan-wide problems: the first key of the front matter.
    pub anchor: Span,
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
    /// True when every goal carries a weight.
    pub fn is_weighted(&self) -> bool {
        !self.goals.is_empty() && self.goals.iter().all(|g| g.weight.is_some())
    }
}

#[derive(Clone, Debug)]
pub struct Aim {
    pub id: Sp<String>,
    pub text: String,
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
    pub milestones: Vec<Milestone>,
    pub follow_ups: Vec<QuarterStatus>,
    pub result: Option<GoalResult>,
    /// The goal's first key, for goal-wide problems.
    pub anchor: Span,
    /// Optional fields written with a misspelled key (see `Obj::misspelled`).
    pub misspelled: Vec<String>,
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
}

#[derive(Clone, Debug)]
pub struct QuarterStatus {
    pub quarter: Sp<String>,
    pub status: String,
    pub comment: String,
}

#[derive(Clone, Debug)]
pub struct GoalResult {
    pub status: Option<Sp<String>>,
    pub achieved: Option<String>,
    pub assessment: Option<String>,
    pub analysis: Option<String>,
    pub anchor: Span,
}

#[derive(Clone, Debug)]
pub struct FollowUpPlan {
    pub frequency: String,
    pub process: String,
}

#[derive(Clone, Debug)]
pub struct Signature {
    pub place: Option<String>,
    pub date: Option<Sp<Date>>,
    pub department_head: Option<Sp<String>>,
    pub agency_head: Option<Sp<String>>,
    pub anchor: Span,
}

pub const QUARTERS: [&str; 4] = ["Q1", "Q2", "Q3", "Q4"];
pub const QUARTER_STATUSES: [&str; 4] = ["på_sporet", "risiko", "forsinket", "opfyldt"];
pub const RESULT_STATUSES: [&str; 3] = ["opfyldt", "delvist_opfyldt", "ikke_opfyldt"];
pub const FREQUENCIES: [&str; 3] = ["månedlig", "kvartalsvis", "halvårlig"];

pub const SITE_FIELDS: &[&str] = &[
    "titel",
    "ministerium",
    "base_url",
    "sprog",
    "tema",
    "mission",
    "vision",
    "tilgængelighedserklæring",
    "regler",
];
pub const RULE_FIELDS: &[&str] = &["min_mål", "max_mål", "analyse_vægt"];
pub const AGENCY_FIELDS: &[&str] = &["navn", "forkortelse", "url"];
pub const PLAN_FIELDS: &[&str] = &[
    "skema",
    "styrelse",
    "år",
    "status",
    "titel",
    "opdateret",
    "strategisk_målbillede",
    "mål",
    "opfølgning",
    "påtegning",
];
pub const AIM_FIELDS: &[&str] = &["id", "tekst"];
pub const GOAL_FIELDS: &[&str] = &[
    "nr",
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
    "delmål",
    "opfølgning",
    "resultat",
];
pub const MILESTONE_FIELDS: &[&str] = &["frist", "kvartal", "tekst"];
pub const QUARTER_FIELDS: &[&str] = &["kvartal", "status", "kommentar"];
pub const RESULT_FIELDS: &[&str] = &["status", "opnået", "vurdering", "analyse"];
pub const FOLLOW_UP_FIELDS: &[&str] = &["frekvens", "proces"];
pub const SIGNATURE_FIELDS: &[&str] = &["sted", "dato", "departementschef", "styrelsesdirektør"];

fn text(d: &mut Decoder, obj: &Obj, key: &str) -> String {
    d.string(obj, key, true)
        .map(|s| s.value)
        .unwrap_or_default()
}

/// Whether `url` is a web address a page can safely link to: `https://` or
/// `http://` and a host, without spaces or control characters. Anything else
/// (`javascript:`, `data:`, a relative path) is an error at the value (MRP128).
pub fn is_web_address(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    rest.is_some_and(|r| {
        r.chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '[')
            && !url.chars().any(|c| c.is_whitespace() || c.is_control())
            && !url.contains(['"', '<', '>', '\\', '`'])
    })
}

fn web_address(d: &mut Decoder, url: &Sp<String>, key: &str, example: &str) {
    if is_web_address(&url.value) {
        return;
    }
    d.push(
        Diagnostic::error(
            "MRP128",
            d.file,
            url.span.clone(),
            format!(
                "'{key}' skal være en webadresse, der begynder med https:// eller http://, ikke '{}'.",
                url.value
            ),
        )
        .label("ikke en webadresse")
        .hint(format!("Skriv fx {key}: {example}")),
    );
}

fn opt_text(d: &mut Decoder, obj: &Obj, key: &str) -> Option<String> {
    d.string(obj, key, false).map(|s| s.value)
}

impl SiteConfig {
    pub fn decode(d: &mut Decoder, root: &Node, intro: Body) -> Option<SiteConfig> {
        let obj = d.object(root, SITE_FIELDS, "Forsiden", "sidens indstillinger")?;
        let title = text(d, &obj, "titel");
        let ministry = text(d, &obj, "ministerium");
        let base_url = d.string(&obj, "base_url", true);
        if let Some(url) = &base_url {
            web_address(d, url, "base_url", "https://www.example.dk");
        }
        let lang = d.word(&obj, "sprog", &["da"], true);
        let theme = d.string(&obj, "tema", true).filter(|t| {
            // A plain folder name: `tema: ../x` or `/etc` would read a folder
            // outside the site (its static/ published with the site).
            let plain = crate::render::theme::valid_name(&t.value);
            if !plain {
                d.push(
                    Diagnostic::error(
                        "MRP122",
                        d.file,
                        t.span.clone(),
                        format!("'tema' skal være navnet på en mappe i themes/, ikke en sti: '{}'.", t.value),
                    )
                    .label("ikke et temanavn")
                    .hint("Et tema ligger i themes/<navn>/ inde i sidens mappe; skriv kun navnet (bogstaver, tal, - og _), fx tema: standard"),
                );
            }
            plain
        });
        let mission = text(d, &obj, "mission");
        let vision = text(d, &obj, "vision");
        // A wrong address is an error here (MRP128), and the value is kept
        // so it is not also reported missing (MRP304).
        let accessibility_url = d
            .string(&obj, "tilgængelighedserklæring", false)
            .inspect(|u| {
                web_address(
                    d,
                    u,
                    "tilgængelighedserklæring",
                    "https://www.was.digst.dk/...",
                );
            })
            .map(|u| u.value);
        let mut rules = RuleSettings::default();
        if let Some(node) = obj.get("regler")
            && let Some(r) = d.object(node, RULE_FIELDS, "Reglerne", "regler")
        {
            if let Some(v) = d.int(&r, "min_mål", false) {
                rules.min_goals = v.value;
            }
            if let Some(v) = d.int(&r, "max_mål", false) {
                rules.max_goals = v.value.min(crate::limits::GOALS as i64);
                if v.value > crate::limits::GOALS as i64 {
                    d.push(
                        Diagnostic::error(
                            "MRP127",
                            d.file,
                            v.span.clone(),
                            format!("'max_mål' kan højst være {}: mrplan udgiver højst {} mål i én plan.", crate::limits::GOALS, crate::limits::GOALS),
                        )
                        .label("for mange")
                        .hint(format!("Skriv fx max_mål: 10 (vejledningen anbefaler 5-10 mål, højst {}).", crate::limits::GOALS)),
                    );
                }
            }
            if let Some(v) = d.int(&r, "analyse_vægt", false) {
                rules.analysis_weight = v.value;
            }
        }
        Some(SiteConfig {
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
            rules,
            intro,
        })
    }
}

impl Agency {
    pub fn decode(d: &mut Decoder, root: &Node, slug: String, about: Body) -> Option<Agency> {
        let obj = d.object(root, AGENCY_FIELDS, "Styrelsen", "styrelsen")?;
        Some(Agency {
            file: d.file,
            slug,
            name: text(d, &obj, "navn"),
            abbreviation: text(d, &obj, "forkortelse"),
            url: d
                .string(&obj, "url", false)
                .inspect(|u| {
                    web_address(d, u, "url", "https://www.fmi.dk");
                })
                .map(|u| u.value),
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
        let obj = d.object(root, PLAN_FIELDS, "Planen", "planen")?;
        let schema = d.int(&obj, "skema", true);
        if let Some(s) = &schema
            && s.value != 1
        {
            d.push(
                Diagnostic::error(
                    "MRP010",
                    d.file,
                    s.span.clone(),
                    format!(
                        "Skemaversion {} kendes ikke. Denne version af mrplan læser 'skema: 1'.",
                        s.value
                    ),
                )
                .label("ukendt version")
                .hint("Skriv skema: 1"),
            );
        }
        let agency = d.string(&obj, "styrelse", true);
        let year = d.int(&obj, "år", true);
        let status = d
            .word(&obj, "status", &["udkast", "godkendt"], true)
            .map(|s| {
                let v = if s.value == "godkendt" {
                    Status::Approved
                } else {
                    Status::Draft
                };
                Sp::new(v, s.span)
            });
        let title = d.string(&obj, "titel", false);
        let updated = d.datetime(&obj, "opdateret");

        let mut aims = Vec::new();
        let mut aims_span = obj.anchor.clone();
        if let Some((items, span)) = d.list(&obj, "strategisk_målbillede", true) {
            aims_span = span;
            for (i, item) in items.iter().enumerate() {
                let who = format!("Målbilledets punkt {}", i + 1);
                if let Some(o) = d.object(item, AIM_FIELDS, &who, "målbilledet")
                    && let Some(id) = d.string(&o, "id", true)
                {
                    aims.push(Aim {
                        id,
                        text: text(d, &o, "tekst"),
                    });
                }
            }
        }

        let mut goals = Vec::new();
        let mut goals_span = obj.anchor.clone();
        if let Some((items, span)) = d.list(&obj, "mål", true) {
            goals_span = span;
            for (i, item) in items.iter().enumerate() {
                if let Some(goal) = Goal::decode(d, item, i) {
                    goals.push(goal);
                }
            }
        }

        let follow_up = match obj.get("opfølgning") {
            Some(node) if !matches!(node.value, Value::Null) => d
                .object(node, FOLLOW_UP_FIELDS, "Opfølgningen", "opfølgningen")
                .map(|o| FollowUpPlan {
                    frequency: d
                        .word(&o, "frekvens", &FREQUENCIES, true)
                        .map(|s| s.value)
                        .unwrap_or_default(),
                    process: text(d, &o, "proces"),
                }),
            _ => {
                d.push(
                    Diagnostic::error(
                        "MRP116",
                        d.file,
                        obj.key_span("opfølgning").unwrap_or(obj.anchor.clone()),
                        "Planen mangler 'opfølgning' med frekvens og proces.",
                    )
                    .label("'opfølgning' mangler")
                    .hint("Det skal fremgå, hvordan og hvor ofte målene følges op, fx opfølgning: {frekvens: kvartalsvis, proces: Kvartalsmøder med departementet}"),
                );
                None
            }
        };

        let signature = match obj.get("påtegning") {
            Some(node) if !matches!(node.value, Value::Null) => d
                .object(node, SIGNATURE_FIELDS, "Påtegningen", "påtegningen")
                .map(|o| Signature {
                    place: opt_text(d, &o, "sted"),
                    date: d.date(&o, "dato", false),
                    department_head: d.string(&o, "departementschef", false),
                    agency_head: d.string(&o, "styrelsesdirektør", false),
                    anchor: obj.key_span("påtegning").unwrap_or(o.anchor.clone()),
                }),
            _ => None,
        };

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
            anchor: obj.anchor.clone(),
            body,
        })
    }
}

impl Goal {
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
        let obj = d.object(node, GOAL_FIELDS, &who, &format!("mål {label}"))?;
        let nr = match obj.get("nr") {
            Some(n) => match &n.value {
                Value::Int(i) if *i >= 1 => Some(Sp::new(i.to_string(), n.span.clone())),
                Value::Float(_) | Value::Str(_) if !d.scalar(n).is_empty() => {
                    Some(Sp::new(d.scalar(n), n.span.clone()))
                }
                _ => {
                    d.push(
                        Diagnostic::error(
                            "MRP006",
                            d.file,
                            n.span.clone(),
                            format!("'nr' skal være et tal fra 1 eller en tekst som \"2.3\", ikke '{}'.", d.raw(n)),
                        )
                        .label("ugyldigt nummer")
                        .hint("Skriv fx nr: 3 eller nr: \"2.3\""),
                    );
                    None
                }
            },
            None => {
                d.string(&obj, "nr", true);
                None
            }
        };
        let supports = d.string_list(&obj, "understøtter", true);
        let mut milestones = Vec::new();
        if let Some((items, _)) = d.list(&obj, "delmål", false) {
            for (i, item) in items.iter().enumerate() {
                let who = format!("Delmål {} i mål {label}", i + 1);
                if let Some(o) = d.object(item, MILESTONE_FIELDS, &who, "delmålet") {
                    milestones.push(Milestone::decode(d, &o, &who));
                }
            }
        }
        let mut follow_ups = Vec::new();
        if let Some((items, _)) = d.list(&obj, "opfølgning", false) {
            for (i, item) in items.iter().enumerate() {
                let who = format!("Opfølgning {} i mål {label}", i + 1);
                if let Some(o) = d.object(item, QUARTER_FIELDS, &who, "opfølgningen")
                    && let Some(quarter) = d.word(&o, "kvartal", &QUARTERS, true)
                {
                    follow_ups.push(QuarterStatus {
                        quarter,
                        status: d
                            .word(&o, "status", &QUARTER_STATUSES, true)
                            .map(|s| s.value)
                            .unwrap_or_default(),
                        comment: text(d, &o, "kommentar"),
                    });
                }
            }
        }
        let result = match obj.get("resultat") {
            Some(n) if !matches!(n.value, Value::Null) => {
                let who = format!("Resultatet for mål {label}");
                d.object(n, RESULT_FIELDS, &who, "resultatet").map(|o| {
                    // MRP206: a result must say how it went and what was achieved.
                    for key in ["status", "opnået"] {
                        if o.get(key).is_none() {
                            d.missing("MRP206", &o, key);
                        }
                    }
                    GoalResult {
                        status: d.word(&o, "status", &RESULT_STATUSES, false),
                        achieved: d.string(&o, "opnået", false).map(|s| s.value),
                        assessment: opt_text(d, &o, "vurdering"),
                        analysis: opt_text(d, &o, "analyse"),
                        anchor: obj.key_span("resultat").unwrap_or(o.anchor.clone()),
                    }
                })
            }
            _ => None,
        };
        let weight = d.int(&obj, "vægt", false);
        Some(Goal {
            nr: nr.unwrap_or_else(|| Sp::new(label.clone(), obj.anchor.clone())),
            group: opt_text(d, &obj, "gruppe"),
            title: text(d, &obj, "titel"),
            core_task: text(d, &obj, "kerneopgave"),
            supports_span: supports
                .as_ref()
                .map_or(obj.anchor.clone(), |s| s.span.clone()),
            supports: supports.map(|s| s.value).unwrap_or_default(),
            description: text(d, &obj, "beskrivelse"),
            measure: text(d, &obj, "målepunkt"),
            success: text(d, &obj, "succeskriterium"),
            baseline: opt_text(d, &obj, "baseline"),
            deadline: d.date(&obj, "frist", true),
            data_source: text(d, &obj, "datakilde"),
            weight,
            owner: opt_text(d, &obj, "ansvarlig"),
            milestones,
            follow_ups,
            result,
            anchor: obj.anchor.clone(),
            misspelled: obj.misspelled.clone(),
        })
    }
}

impl Milestone {
    fn decode(d: &mut Decoder, o: &Obj, who: &str) -> Milestone {
        let date = d.date(o, "frist", false);
        let quarter = d.word(o, "kvartal", &QUARTERS, false);
        let when = match (date, quarter) {
            (Some(date), None) => Some(When::Date(date)),
            (None, Some(q)) => Some(When::Quarter(q)),
            (date, quarter) => {
                let both = date.is_some() && quarter.is_some();
                // Report only when neither key was written at all, or both were.
                if both || (o.get("frist").is_none() && o.get("kvartal").is_none()) {
                    d.push(
                        Diagnostic::error(
                            "MRP115",
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
            text: text(d, o, "tekst"),
            anchor: o.anchor.clone(),
        }
    }
}
