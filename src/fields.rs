//! The one field table: every front-matter key of every kind of file, with
//! its type, allowed values, whether it is required, its Danish help text
//! and an example. The decoder (`decode`, `written`), `mrplan schema`, the
//! docs' field tables and `new`'s skeleton all read it, so they cannot
//! disagree (a test proves schema and checker agree in both directions).

use crate::diagnostics::catalogue::{MRP006, MRP106, MRP127, Rule};

/// What a value must be.
#[derive(Clone, Copy, Debug)]
pub enum Type {
    /// Non-blank text; a number is accepted as text ("forkortelse: 112").
    Text,
    /// A whole number in `min..=max`. Out of range is `rule` (MRP006, or a
    /// more specific one such as MRP106 for weights).
    Int { min: i64, max: i64, rule: Rule },
    /// The schema version: exactly this number (MRP010 otherwise).
    Version(i64),
    /// A date, ÅÅÅÅ-MM-DD.
    Date,
    /// A date, optionally with a time of day (ÅÅÅÅ-MM-DDTtt:mm).
    DateTime,
    /// One of a fixed set of words.
    Word(&'static [&'static str]),
    /// A web address beginning with https:// or http:// (MRP128).
    Url,
    /// A plain folder name: letters, digits, '-' and '_' (MRP122), so it
    /// cannot name a folder outside the site.
    Name,
    /// A goal number: a whole number from 1, or a text such as "2.3".
    Nr,
    /// A decimal number: a YAML number (`1234.5`) or a text with a Danish
    /// decimal comma and optional thousands points (`"1.234,5"`); anything
    /// else is MRP137.
    Decimal,
    /// A colour as `#rrggbb` (MRP130).
    Color,
    /// A file in `static/`, named by its path there (`billeder/logo.svg`),
    /// with one of these endings (MRP131); `check` opens it (MRP308).
    StaticFile(&'static [&'static str]),
    /// A list of ids (`[P1, P2]`), or a single id.
    Ids,
    /// `true` or `false`.
    Bool,
    /// A group of fields.
    Object(&'static Table),
    /// A list of groups of fields, with at least `min` of them.
    List { table: &'static Table, min: usize },
}

/// One key of a kind of file.
#[derive(Debug)]
pub struct Field {
    pub key: &'static str,
    pub ty: Type,
    pub required: bool,
    /// What the field is for, in Danish, lower case: "hvad måles der på?".
    pub help: &'static str,
    /// A value to show in hints and the schema.
    pub example: &'static str,
    /// The text `mrplan new` writes for the author to replace; left in a
    /// plan, it is a placeholder (MRP118).
    pub prompt: Option<&'static str>,
}

/// The keys of one kind of mapping (a plan, a goal, a result ...).
#[derive(Debug)]
pub struct Table {
    /// How the mapping is named in messages: "planen", "mål 3" is built
    /// from the decoder; this is the generic name ("målet").
    pub name: &'static str,
    pub fields: &'static [Field],
}

impl Table {
    pub fn field(&self, key: &str) -> Option<&'static Field> {
        self.fields.iter().find(|f| f.key == key)
    }
    pub fn keys(&self) -> Vec<&'static str> {
        self.fields.iter().map(|f| f.key).collect()
    }
}

const fn f(
    key: &'static str,
    ty: Type,
    required: bool,
    help: &'static str,
    example: &'static str,
) -> Field {
    Field {
        key,
        ty,
        required,
        help,
        example,
        prompt: None,
    }
}

/// A field `mrplan new` fills with a prompt for the author.
const fn p(
    key: &'static str,
    ty: Type,
    required: bool,
    help: &'static str,
    example: &'static str,
    prompt: &'static str,
) -> Field {
    Field {
        key,
        ty,
        required,
        help,
        example,
        prompt: Some(prompt),
    }
}

const TEXT: Type = Type::Text;

// The allowed words are the published model's enums: one list each.
pub const PLAN_STATUSES: &[&str] = crate::model::Status::KEYS;
pub const QUARTERS: &[&str] = crate::model::Quarter::KEYS;
pub const QUARTER_STATUSES: &[&str] = crate::model::Progress::KEYS;
pub const RESULT_STATUSES: &[&str] = crate::model::Outcome::KEYS;
pub const FREQUENCIES: &[&str] = crate::model::Frequency::KEYS;
pub const LANGUAGES: &[&str] = &["da"];
/// What a ministry may call its year-end report (`rapportnavn`).
pub const REPORT_NAMES: &[&str] = &["årsrapport", "årsberetning"];

/// `content/_index.md`.
pub static SITE: Table = Table {
    name: "sidens indstillinger",
    fields: &[
        f(
            "titel",
            TEXT,
            true,
            "sidens titel",
            "Mål- og resultatstyring",
        ),
        f(
            "ministerium",
            TEXT,
            true,
            "ministeriets navn",
            "Forsvarsministeriet",
        ),
        f(
            "base_url",
            Type::Url,
            true,
            "sidens offentlige adresse",
            "https://www.example.dk",
        ),
        f(
            "sprog",
            Type::Word(LANGUAGES),
            false,
            "sidens sprog (standard: da)",
            "da",
        ),
        f(
            "tema",
            Type::Name,
            false,
            "temaets mappe under themes/ (standard: det indbyggede tema standard)",
            "standard",
        ),
        f(
            "mission",
            TEXT,
            true,
            "ministeriets koncernfælles mission",
            "Vi skaber sikkerhed for Danmark.",
        ),
        f(
            "vision",
            TEXT,
            true,
            "ministeriets koncernfælles vision",
            "Et stærkt og moderne forsvar.",
        ),
        f(
            "tilgængelighedserklæring",
            Type::Url,
            false,
            "adressen på sidens tilgængelighedserklæring",
            "https://www.was.digst.dk/example-dk",
        ),
        f(
            "logo",
            Type::StaticFile(LOGO_TYPES),
            false,
            "ministeriets logo: en SVG- eller PNG-fil i static/, vist i sidehovedet",
            "billeder/logo.svg",
        ),
        f(
            "farver",
            Type::Object(&COLORS),
            false,
            "ministeriets farver på siden",
            "{primær: \"#0b2341\", link: \"#0a4f9e\"}",
        ),
        f(
            "kontakt",
            Type::Object(&CONTACT),
            false,
            "kontaktoplysninger i sidefoden",
            "{adresse: \"Holmens Kanal 9, 1060 København K\", telefon: 72 81 00 00}",
        ),
        f(
            "regler",
            Type::Object(&RULES),
            false,
            "indstillinger for reglerne",
            "{min_mål: 5, max_mål: 10}",
        ),
        f(
            "dokumentnavn",
            TEXT,
            false,
            "ministeriets eget navn for planen, i ental med stort begyndelsesbogstav, fx Resultatplan eller Driftsdokument (standard: Mål- og resultatplan); bruges i titler, overskrifter og tekster",
            "Mål- og resultatplan",
        ),
        f(
            "rapportnavn",
            Type::Word(REPORT_NAMES),
            false,
            "ministeriets navn for den årlige rapport, som målrapporteringen indgår i (standard: årsrapport)",
            "årsrapport",
        ),
    ],
};

/// What a logo may be: a browser and Typst both show these.
pub const LOGO_TYPES: &[&str] = &["svg", "png"];
pub const PDF_TYPES: &[&str] = &["pdf"];

/// `farver:` in the site settings.
pub static COLORS: Table = Table {
    name: "farverne",
    fields: &[
        f(
            "primær",
            Type::Color,
            false,
            "sidehovedets, sidefodens og overskrifternes farve; hvid tekst skal stå tydeligt på den (kontrast mindst 4,5:1)",
            "#0b2341",
        ),
        f(
            "link",
            Type::Color,
            false,
            "farven på links; den skal stå tydeligt på hvid baggrund (kontrast mindst 4,5:1)",
            "#0a4f9e",
        ),
    ],
};

/// `kontakt:` in the site settings: the footer's contact block.
pub static CONTACT: Table = Table {
    name: "kontaktoplysningerne",
    fields: &[
        f(
            "adresse",
            TEXT,
            false,
            "ministeriets postadresse",
            "Holmens Kanal 9, 1060 København K",
        ),
        f("telefon", TEXT, false, "hovednummeret", "72 81 00 00"),
        f(
            "email",
            TEXT,
            false,
            "den fælles e-mailadresse",
            "fmn@fmn.dk",
        ),
        f("cvr", TEXT, false, "CVR-nummeret (8 cifre)", "25775635"),
        f(
            "ean",
            TEXT,
            false,
            "EAN-nummeret til e-faktura (13 cifre)",
            "5798000201200",
        ),
        f(
            "privatlivspolitik",
            Type::Url,
            false,
            "adressen på ministeriets privatlivspolitik",
            "https://www.fmn.dk/da/om-os/privatlivspolitik/",
        ),
    ],
};

/// `regler:` in the site settings.
pub static RULES: Table = Table {
    name: "reglerne",
    fields: &[
        f(
            "min_mål",
            Type::Int {
                min: 1,
                max: 100,
                rule: MRP006,
            },
            false,
            "mindste antal mål i en plan (standard 5)",
            "5",
        ),
        f(
            "max_mål",
            Type::Int {
                min: 1,
                max: crate::limits::GOALS as i64,
                rule: MRP127,
            },
            false,
            "højeste antal mål i en plan (standard 10)",
            "10",
        ),
        f(
            "analyse_vægt",
            Type::Int {
                min: 0,
                max: 100,
                rule: MRP006,
            },
            false,
            "den vægt, fra hvilken et mål, der ikke er opfyldt, skal analyseres (standard 10)",
            "10",
        ),
    ],
};

/// `content/styrelser/<slug>.md`.
pub static AGENCY: Table = Table {
    name: "styrelsen",
    fields: &[
        f(
            "navn",
            TEXT,
            true,
            "styrelsens fulde navn",
            "Forsvarsministeriets Materiel- og Indkøbsstyrelse",
        ),
        f("forkortelse", TEXT, true, "styrelsens forkortelse", "FMI"),
        f(
            "url",
            Type::Url,
            false,
            "styrelsens hjemmeside",
            "https://www.fmi.dk",
        ),
        f(
            "tidligere_navne",
            Type::List {
                table: &FORMER_NAME,
                min: 0,
            },
            false,
            "navne, styrelsen har haft før, i tidsorden; en plan viser det navn, der gjaldt ved planårets udgang",
            "[{navn: Værnsfælles Forsvarskommando, forkortelse: VFK, til: 2019-03-31}]",
        ),
    ],
};

/// An agency's `tidligere_navne[]`.
pub static FORMER_NAME: Table = Table {
    name: "det tidligere navn",
    fields: &[
        f(
            "navn",
            TEXT,
            true,
            "styrelsens fulde navn dengang",
            "Værnsfælles Forsvarskommando",
        ),
        f("forkortelse", TEXT, true, "forkortelsen dengang", "VFK"),
        f(
            "til",
            Type::Date,
            true,
            "den sidste dag, navnet blev brugt",
            "2019-03-31",
        ),
    ],
};

/// `content/planer/<år>/<slug>.md`.
pub static PLAN: Table = Table {
    name: "planen",
    fields: &[
        f("skema", Type::Version(1), true, "formatets version", "1"),
        f(
            "styrelse",
            TEXT,
            true,
            "styrelsens kortnavn, som filen i content/styrelser/ hedder",
            "fmi",
        ),
        f(
            "år",
            Type::Int {
                min: 1900,
                max: 2999,
                rule: MRP006,
            },
            true,
            "planåret",
            "2025",
        ),
        f(
            "status",
            Type::Word(PLAN_STATUSES),
            true,
            "udkast eller godkendt",
            "godkendt",
        ),
        f(
            "titel",
            TEXT,
            false,
            "planens titel (standard: Mål- og resultatplan <år> for <styrelsen>)",
            "Mål- og resultatplan 2025",
        ),
        f(
            "opdateret",
            Type::DateTime,
            false,
            "hvornår planen sidst er opdateret",
            "2025-01-15T09:56",
        ),
        f(
            "strategisk_målbillede",
            Type::List {
                table: &AIM,
                min: 1,
            },
            true,
            "de flerårige strategiske mål",
            "[{id: P1, tekst: ...}]",
        ),
        f(
            "mål",
            Type::List {
                table: &GOAL,
                min: 0,
            },
            true,
            "årets mål",
            "en liste af mål med nr, titel, ...",
        ),
        f(
            "opfølgning",
            Type::Object(&FOLLOW_UP),
            true,
            "hvordan og hvor ofte målene følges op",
            "{frekvens: kvartalsvis, proces: ...}",
        ),
        f(
            "påtegning",
            Type::Object(&SIGNATURE),
            false,
            "sted, dato og de to underskrivere (krævet, når planen er godkendt)",
            "{sted: København, dato: 2024-12-16, ...}",
        ),
        f(
            "underskrevet_pdf",
            Type::StaticFile(PDF_TYPES),
            false,
            "den underskrevne plan som pdf i static/ (scannet eller digitalt signeret); siden linker til den som originalen og til den genererede pdf som den tilgængelige udgave",
            "planer/2025/fmi-underskrevet.pdf",
        ),
        f(
            "samlet_vurdering",
            TEXT,
            false,
            "ledelsens samlede vurdering af årets resultater (skrives, når året er gået; vises i målrapporteringen)",
            "Styrelsen har samlet set leveret tilfredsstillende resultater.",
        ),
        f(
            "ændringer",
            Type::List {
                table: &CHANGE,
                min: 0,
            },
            false,
            "væsentlige ændringer af planen i årets løb (vises på planen og i målrapporteringen)",
            "[{dato: 2025-06-15, mål: 3, tekst: Målet er justeret efter ...}]",
        ),
        f(
            "hovedkonti",
            Type::List {
                table: &APPROPRIATION,
                min: 0,
            },
            false,
            "styrelsens hovedkonti på finansloven, vist som tabel i planens indledning",
            "[{paragraf: § 12.14.01, navn: Forsvarsministeriets Ejendomsstyrelse, mio_kr: 1234.5}]",
        ),
    ],
};

/// The plan's `ændringer[]`.
pub static CHANGE: Table = Table {
    name: "ændringen",
    fields: &[
        f(
            "dato",
            Type::Date,
            true,
            "hvornår planen blev ændret (i planåret)",
            "2025-06-15",
        ),
        f(
            "mål",
            Type::Nr,
            false,
            "nummeret på det mål, ændringen gælder (udelades, når den gælder hele planen)",
            "3",
        ),
        f(
            "tekst",
            TEXT,
            true,
            "hvad blev ændret, og hvorfor?",
            "Succeskriteriet er nedjusteret, fordi leverandøren er gået konkurs.",
        ),
    ],
};

/// The plan's `hovedkonti[]`.
pub static APPROPRIATION: Table = Table {
    name: "hovedkontoen",
    fields: &[
        f(
            "paragraf",
            TEXT,
            true,
            "hovedkontoens nummer på finansloven",
            "§ 12.14.01",
        ),
        f(
            "navn",
            TEXT,
            true,
            "hovedkontoens navn",
            "Forsvarsministeriets Ejendomsstyrelse",
        ),
        f(
            "mio_kr",
            Type::Decimal,
            true,
            "bevillingen i mio. kr.",
            "1234.5",
        ),
    ],
};

/// `strategisk_målbillede[]`.
pub static AIM: Table = Table {
    name: "målbilledet",
    fields: &[
        f(
            "id",
            TEXT,
            true,
            "et kort id, som målene kan henvise til",
            "P1",
        ),
        p(
            "tekst",
            TEXT,
            true,
            "det flerårige mål",
            "Materiellet er klar, når der er brug for det.",
            "Et flerårigt strategisk mål.",
        ),
    ],
};

/// `mål[]`.
pub static GOAL: Table = Table {
    name: "målet",
    fields: &[
        f("nr", Type::Nr, true, "målets nummer", "1"),
        f(
            "gruppe",
            TEXT,
            false,
            "overskriften, målet grupperes under",
            "Kernefaglige mål",
        ),
        p(
            "titel",
            TEXT,
            true,
            "en kort titel",
            "Kortere sagsbehandlingstider",
            "Målets titel",
        ),
        p(
            "kerneopgave",
            TEXT,
            true,
            "hvilken kerneopgave målet hører til",
            "Materielanskaffelse",
            "Hvilken kerneopgave målet hører til",
        ),
        f(
            "understøtter",
            Type::Ids,
            true,
            "hvilke dele af målbilledet målet understøtter",
            "[P1]",
        ),
        p(
            "beskrivelse",
            TEXT,
            true,
            "hvad skal opnås?",
            "Styrelsen nedbringer sagsbehandlingstiden.",
            "Hvad skal opnås? Skriv det konkret.",
        ),
        p(
            "målepunkt",
            TEXT,
            true,
            "hvad måles der på?",
            "Andel af sager afsluttet inden for 30 dage",
            "Hvad måles der på?",
        ),
        p(
            "succeskriterium",
            TEXT,
            true,
            "hvornår er målet nået?",
            "Mindst 90 pct. ved årets udgang",
            "Hvornår er målet nået?",
        ),
        p(
            "baseline",
            TEXT,
            false,
            "udgangspunktet",
            "82 pct. i 2024",
            "Udgangspunktet, fx resultatet sidste år.",
        ),
        f(
            "frist",
            Type::Date,
            true,
            "hvornår skal målet være nået?",
            "2025-12-31",
        ),
        p(
            "datakilde",
            TEXT,
            true,
            "hvilke data bruges til opfølgningen?",
            "Styrelsens sagssystem",
            "Hvilke data bruges til opfølgningen?",
        ),
        f(
            "vægt",
            Type::Int {
                min: 1,
                max: 100,
                rule: MRP106,
            },
            false,
            "målets vægt i procent (1-100)",
            "15",
        ),
        p(
            "ansvarlig",
            TEXT,
            false,
            "hvem i styrelsen står for målet?",
            "Økonomiafdelingen",
            "Hvem i styrelsen står for målet?",
        ),
        f(
            "begrænsninger",
            TEXT,
            false,
            "hvad målet ikke måler, så ingen stirrer sig blind på tallet",
            "Målet siger intet om kvaliteten af afgørelserne.",
        ),
        f(
            "tværgående",
            Type::Bool,
            false,
            "true, når departementet sætter målet i alle styrelsers planer (tværgående mål)",
            "true",
        ),
        f(
            "delmål",
            Type::List {
                table: &MILESTONE,
                min: 0,
            },
            false,
            "milepæle i løbet af året",
            "[{kvartal: Q2, tekst: ...}]",
        ),
        f(
            "opfølgning",
            Type::List {
                table: &QUARTER,
                min: 0,
            },
            false,
            "status ved hver kvartalsvise opfølgning",
            "[{kvartal: Q1, status: på_sporet, kommentar: ...}]",
        ),
        f(
            "resultat",
            Type::Object(&RESULT),
            false,
            "årets resultat, når året er gået",
            "{status: opfyldt, opnået: ...}",
        ),
    ],
};

/// `delmål[]`: exactly one of `frist` and `kvartal` (MRP115).
pub static MILESTONE: Table = Table {
    name: "delmålet",
    fields: &[
        f(
            "frist",
            Type::Date,
            false,
            "delmålets frist (eller kvartal)",
            "2025-06-30",
        ),
        f(
            "kvartal",
            Type::Word(QUARTERS),
            false,
            "kvartalet, delmålet skal nås i (eller frist)",
            "Q2",
        ),
        f(
            "tekst",
            TEXT,
            true,
            "hvad skal være nået?",
            "Udbuddet er sendt ud.",
        ),
    ],
};

/// A goal's `opfølgning[]`.
pub static QUARTER: Table = Table {
    name: "opfølgningen",
    fields: &[
        f("kvartal", Type::Word(QUARTERS), true, "kvartalet", "Q2"),
        f(
            "status",
            Type::Word(QUARTER_STATUSES),
            true,
            "målets status ved opfølgningen",
            "på_sporet",
        ),
        f(
            "kommentar",
            TEXT,
            true,
            "en kort status",
            "Arbejdet følger planen.",
        ),
        f(
            "handling",
            TEXT,
            false,
            "ved status risiko eller forsinket: den handling, styrelse og departement har aftalt",
            "Styrelsen sætter to ekstra medarbejdere på sagerne i 3. kvartal.",
        ),
    ],
};

/// A goal's `resultat` (MRP206: status and opnået).
pub static RESULT: Table = Table {
    name: "resultatet",
    fields: &[
        f(
            "status",
            Type::Word(RESULT_STATUSES),
            true,
            "hvordan det gik",
            "opfyldt",
        ),
        f(
            "opnået",
            TEXT,
            true,
            "hvad blev faktisk nået?",
            "93 pct. af sagerne",
        ),
        f(
            "vurdering",
            TEXT,
            false,
            "styrelsens vurdering af resultatet",
            "Målet er opfyldt.",
        ),
        f(
            "analyse",
            TEXT,
            false,
            "hvorfor gik det sådan, og hvad påvirkede resultatet?",
            "Nye it-systemer forsinkede arbejdet.",
        ),
        f(
            "målopfyldelse_pct",
            Type::Int {
                min: 0,
                max: 100,
                rule: MRP006,
            },
            false,
            "graden af målopfyldelse i procent (0-100), som departementet har vurderet den; 100 ved opfyldt, under 100 ved ikke opfyldt, mellem 1 og 99 ved delvist opfyldt",
            "60",
        ),
    ],
};

/// The plan's `opfølgning` (MRP116).
pub static FOLLOW_UP: Table = Table {
    name: "opfølgningen",
    fields: &[
        f(
            "frekvens",
            Type::Word(FREQUENCIES),
            true,
            "hvor ofte der følges op",
            "kvartalsvis",
        ),
        p(
            "proces",
            TEXT,
            true,
            "hvordan der følges op",
            "Kvartalsmøder mellem styrelse og departement",
            "Beskriv, hvordan og hvornår styrelse og departement følger op på målene.",
        ),
    ],
};

/// The plan's `påtegning`: every field but the titles is required once the
/// plan is approved (MRP109), none before.
pub static SIGNATURE: Table = Table {
    name: "påtegningen",
    fields: &[
        f(
            "sted",
            TEXT,
            false,
            "hvor planen er underskrevet",
            "København",
        ),
        f(
            "dato",
            Type::Date,
            false,
            "hvornår planen er underskrevet",
            "2024-12-16",
        ),
        f(
            "departementschef",
            TEXT,
            false,
            "departementschefens navn",
            "Kasper Ravn Høegh",
        ),
        f(
            "styrelsesdirektør",
            TEXT,
            false,
            "styrelsesdirektørens navn",
            "Anne Holm",
        ),
        f(
            "departementschef_titel",
            TEXT,
            false,
            "departementschefens titel under underskriften (standard: Departementschef)",
            "Departementschef",
        ),
        f(
            "styrelsesdirektør_titel",
            TEXT,
            false,
            "styrelsesdirektørens titel under underskriften (standard: Direktør)",
            "Forsvarschef",
        ),
    ],
};

/// The Markdown body `mrplan new` writes for a plan without one.
pub const BODY_PROMPT: &str = "Skriv planens indledning her.";
/// The Markdown body `mrplan new styrelse` writes.
pub const AGENCY_BODY_PROMPT: &str = "Skriv kort om styrelsens opgaver her.";

/// Every table, for the docs and the tests.
pub fn all() -> [(&'static str, &'static Table); 16] {
    [
        ("content/_index.md", &SITE),
        ("farver", &COLORS),
        ("kontakt", &CONTACT),
        ("regler", &RULES),
        ("content/styrelser/<slug>.md", &AGENCY),
        ("tidligere_navne[]", &FORMER_NAME),
        ("content/planer/<år>/<slug>.md", &PLAN),
        ("strategisk_målbillede[]", &AIM),
        ("mål[]", &GOAL),
        ("mål[].delmål[]", &MILESTONE),
        ("mål[].opfølgning[]", &QUARTER),
        ("mål[].resultat", &RESULT),
        ("opfølgning", &FOLLOW_UP),
        ("påtegning", &SIGNATURE),
        ("ændringer[]", &CHANGE),
        ("hovedkonti[]", &APPROPRIATION),
    ]
}

/// Whether `slug` is usable as an agency's file name and URL part:
/// lower-case letters, digits and '-', not first.
pub fn is_slug(slug: &str) -> bool {
    !slug.is_empty()
        && slug
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !slug.starts_with('-')
}

/// Whether `name` is a plain folder name ([`Type::Name`]).
pub fn is_plain_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// Whether `path` names a file inside `static/` with one of `types` as its
/// ending ([`Type::StaticFile`]): relative, '/'-separated parts of letters,
/// digits, '-', '_' and '.', none starting with '.', so it can name neither
/// a file outside the folder nor a hidden one, and reads the same in a URL.
pub fn is_static_path(path: &str, types: &[&str]) -> bool {
    let ending = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    path.split('/').all(|part| {
        !part.is_empty()
            && !part.starts_with('.')
            && part
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
    }) && ending.is_some_and(|e| types.contains(&e.as_str()))
}

/// A decimal number as [`Type::Decimal`] reads it from text: Danish, with a
/// decimal comma and optional thousands points in groups of three
/// ("1.234,5", "87,3", "-12"). A point alone ("1234.5") is not read, since
/// "1.234" would be 1234 to a Danish reader and 1,234 to YAML: such a value
/// is written as a YAML number, unquoted.
pub fn parse_decimal_da(text: &str) -> Option<f64> {
    let text = text.trim();
    let (sign, digits) = match text.strip_prefix('-') {
        Some(rest) => (-1.0, rest),
        None => (1.0, text),
    };
    let (whole, fraction) = match digits.split_once(',') {
        Some((w, f)) => (w, Some(f)),
        None => (digits, None),
    };
    let groups: Vec<&str> = whole.split('.').collect();
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let grouped =
        groups.len() == 1 || (groups[0].len() <= 3 && groups[1..].iter().all(|g| g.len() == 3));
    if !groups.iter().all(|g| all_digits(g)) || !grouped || fraction.is_some_and(|f| !all_digits(f))
    {
        return None;
    }
    let number = format!("{}.{}", groups.concat(), fraction.unwrap_or("0"));
    number.parse::<f64>().ok().map(|n| sign * n)
}

/// Whether `color` is `#rrggbb` ([`Type::Color`]).
pub fn is_color(color: &str) -> bool {
    color.len() == 7 && color.starts_with('#') && color[1..].chars().all(|c| c.is_ascii_hexdigit())
}

/// Whether `url` is a web address a page can safely link to ([`Type::Url`]):
/// `https://` or `http://` and a host, without spaces, control characters,
/// quotes or angle brackets. Anything else (`javascript:`, `data:`, a
/// relative path) would run or break on every page that links it.
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

/// Whether `text` is a prompt `mrplan new` wrote and the author left.
pub fn is_prompt(text: &str) -> bool {
    let text = text.trim();
    text == BODY_PROMPT
        || text == AGENCY_BODY_PROMPT
        || all()
            .iter()
            .flat_map(|(_, t)| t.fields.iter())
            .any(|f| f.prompt == Some(text))
}

/// How a type is named in the docs: "tekst", "heltal 1-100" ...
pub fn type_da(ty: &Type) -> String {
    match ty {
        Type::Text => "tekst".into(),
        Type::Int { min, max, .. } => format!("heltal {min}-{max}"),
        Type::Version(v) => format!("`{v}`"),
        Type::Date => "dato (ÅÅÅÅ-MM-DD)".into(),
        Type::DateTime => "dato eller dato-tid".into(),
        Type::Word(words) => words
            .iter()
            .map(|w| format!("`{w}`"))
            .collect::<Vec<_>>()
            .join(" \\| "),
        Type::Url => "adresse (https://...)".into(),
        Type::Name => "navn (a-z, 0-9, - og _)".into(),
        Type::Nr => "tal eller tekst (\"2.3\")".into(),
        Type::Decimal => "decimaltal (1234.5 eller \"1.234,5\")".into(),
        Type::Color => "farve (#rrggbb)".into(),
        Type::StaticFile(types) => format!("fil i static/ ({})", types.join(", ")),
        Type::Ids => "liste af id'er (mindst ét)".into(),
        Type::Bool => "ja/nej (`true`/`false`)".into(),
        Type::Object(_) => "gruppe af felter".into(),
        Type::List { min: 0, .. } => "liste".into(),
        Type::List { min, .. } => format!("liste (mindst {min})"),
    }
}

/// The docs' field tables (docs/format.md between the `felter` markers),
/// generated here so they cannot drift from the checker.
pub fn docs_tables() -> String {
    let mut out = String::new();
    for (title, table) in all() {
        out.push_str(&format!("**`{title}`**\n\n| felt | type | krævet | betydning | eksempel |\n|---|---|---|---|---|\n"));
        for field in table.fields {
            let required = if field.required { "ja" } else { "nej" };
            out.push_str(&format!(
                "| `{}` | {} | {required} | {} | `{}` |\n",
                field.key,
                type_da(&field.ty),
                field.help.replace('|', "\\|"),
                field.example.replace('|', "\\|")
            ));
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn danish_decimals_are_read_and_ambiguous_ones_are_not() {
        assert_eq!(parse_decimal_da("1.234,5"), Some(1234.5));
        assert_eq!(parse_decimal_da(" 87,3 "), Some(87.3));
        assert_eq!(parse_decimal_da("-12"), Some(-12.0));
        assert_eq!(parse_decimal_da("1.234.567"), Some(1_234_567.0));
        for bad in [
            "1234.5", "1.23,4", "12,", ",5", "1,2,3", "mange", "", "-", "1 234",
        ] {
            assert_eq!(parse_decimal_da(bad), None, "{bad}");
        }
    }

    #[test]
    fn keys_are_unique_within_each_table() {
        for (name, table) in all() {
            let mut keys = table.keys();
            keys.sort_unstable();
            let n = keys.len();
            keys.dedup();
            assert_eq!(keys.len(), n, "duplicate key in {name}");
        }
    }

    #[test]
    fn prompts_are_recognised_and_examples_are_not() {
        assert!(is_prompt("Målets titel"));
        assert!(is_prompt("  Hvad måles der på?  "));
        assert!(!is_prompt("Kortere sagsbehandlingstider"));
        for (_, table) in all() {
            for field in table.fields {
                assert!(
                    !is_prompt(field.example),
                    "{} example is a prompt",
                    field.key
                );
            }
        }
    }
}
