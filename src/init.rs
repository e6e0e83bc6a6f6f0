//! `mrplan init`: a new site that checks and builds at once. It has the
//! settings a public site needs (ministry, mission, vision, a link to the
//! accessibility statement), one agency and a draft plan skeleton for this
//! year, so every later command has something real to work on.

use std::path::{Path, PathBuf};

use crate::Fatal;
use crate::scaffold;

/// The agency the new site starts with.
pub const AGENCY: &str = "eks";

/// One file of a new site.
pub struct NewFile {
    /// Relative to the site's folder.
    pub path: PathBuf,
    /// What it is, for the user.
    pub what: String,
    pub text: String,
}

/// The files a new site gets.
pub fn files(year: i32) -> Vec<NewFile> {
    let file = |path: String, what: String, text: String| NewFile {
        path: PathBuf::from(path),
        what,
        text,
    };
    vec![
        file(
            "content/_index.md".into(),
            "sidens indstillinger: ministerium, mission, vision og forsidens tekst".into(),
            settings(),
        ),
        file(
            format!("content/styrelser/{AGENCY}.md"),
            "en eksempelstyrelse; lav jeres egne med: mrplan new styrelse KORTNAVN --navn \"...\""
                .into(),
            scaffold::agency("Eksempelstyrelsen", "EKS", Some("https://www.example.dk")),
        ),
        file(
            format!("content/planer/{year}/{AGENCY}.md"),
            format!("et udkast til styrelsens plan for {year} med fem mål at udfylde"),
            scaffold::first_plan(AGENCY, year),
        ),
    ]
}

fn settings() -> String {
    "---\n\
     # Sidens indstillinger. Erstat teksterne med ministeriets egne; mrplan check viser, hvad der mangler.\n\
     titel: Mål- og resultatstyring\n\
     ministerium: Eksempelministeriet\n\
     base_url: https://www.example.dk\n\
     sprog: da\n\
     tema: standard\n\
     mission: Ministerområdets fælles mission. Skriv den her.\n\
     vision: Ministerområdets fælles vision. Skriv den her.\n\
     # Offentlige sider skal have en tilgængelighedserklæring (webtilgængelighedsloven), fx i Digitaliseringsstyrelsens WAS-værktøj.\n\
     tilgængelighedserklæring: https://www.was.digst.dk/example-dk\n\
     # Ministeriets udseende og sidefod (fjern # for at bruge dem): logo i static/, farver og kontakt.\n\
     # logo: logo.svg\n\
     # farver: {primær: \"#0b2341\", link: \"#0a4f9e\"}\n\
     # kontakt: {adresse: \"Gade 1, 1000 København K\", telefon: 33 00 00 00, email: kontakt@example.dk}\n\
     ---\n\
     Her offentliggøres ministerområdets mål- og resultatplaner. Skriv forsidens introduktion her.\n"
        .to_string()
}

/// Writes a new site into `dir` (made if missing). Refuses a folder that
/// already holds a site, and never overwrites a file.
pub fn init(dir: &Path, year: i32) -> Result<Vec<NewFile>, Fatal> {
    let content = dir.join("content");
    if content.exists() {
        return Err(Fatal::new(format!(
            "{} findes allerede: her er allerede en side, og mrplan init overskriver ikke.\n  \
             tip: vælg en ny mappe, fx: mrplan init min-side",
            content.display()
        )));
    }
    let mut written = Vec::new();
    let mut new = files(year);
    // The built site is not source: keep it out of git.
    if !dir.join(".gitignore").exists() {
        new.push(NewFile {
            path: PathBuf::from(".gitignore"),
            what: "holder den byggede side (output/, output-udkast/) uden for git".into(),
            text: "/output/\n/output-udkast/\n".into(),
        });
    }
    for file in new {
        scaffold::write_new(&dir.join(&file.path), &file.text)?;
        written.push(file);
    }
    Ok(written)
}
