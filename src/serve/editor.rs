//! The form editor behind `/rediger/`: plans, agencies and the site settings
//! edited in the browser, checked by the same rules as `mrplan check` on
//! every change, and saved as the smallest edit of the file ([`crate::edit`]).
//!
//! The editor writes files, so it trusts nothing it is sent: a file is
//! named by its place under `content/` (`planer/2026/fmi.md`), which must
//! be a plan, agency or settings file; it is read and written only inside
//! `content/` and never through a symbolic link; a save names the version
//! it was made from and is refused when the file changed since (no lost
//! update). Who may send (Host, Origin, token) is `http.rs`'s job.

use std::collections::hash_map::DefaultHasher;
use std::hash::Hasher;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::Deserialize;
use serde_json::{Value as Json, json};

use crate::diagnostics::{Diagnostic, Severity};
use crate::edit::{self, Origins};
use crate::fields::{self, Table, Type};
use crate::files::Root;
use crate::limits;
use crate::load::{self, Loaded};
use crate::model;
use crate::rules::{self, Purpose};

/// The editor's HTML shell, script and style (built into the binary).
pub const SHELL: &str = include_str!("editor.html");
pub const SCRIPT: &str = include_str!("editor.js");
pub const STYLE: &str = include_str!("editor.css");

/// A refused request: the HTTP status and a Danish message for the user.
#[derive(Debug)]
pub struct Refusal {
    pub status: u16,
    pub message: String,
}

fn refuse(status: u16, message: impl Into<String>) -> Refusal {
    Refusal {
        status,
        message: message.into(),
    }
}

/// What kind of file the form edits, and the table its fields come from.
#[derive(Clone, Copy, Debug)]
enum Kind {
    Plan,
    Agency,
    Settings,
}

impl Kind {
    fn table(self) -> &'static Table {
        match self {
            Kind::Plan => &fields::PLAN,
            Kind::Agency => &fields::AGENCY,
            Kind::Settings => &fields::SITE,
        }
    }
    fn name(self) -> &'static str {
        match self {
            Kind::Plan => "plan",
            Kind::Agency => "styrelse",
            Kind::Settings => "indstillinger",
        }
    }
}

/// A change from the form: the file's place, the version it was opened
/// at, and the values and body as they stand in the form now.
#[derive(Deserialize)]
pub struct Change {
    pub sti: String,
    pub hash: String,
    pub front: Json,
    #[serde(default)]
    pub origins: Origins,
    pub body: String,
}

pub struct Editor {
    root: PathBuf,
    content: PathBuf,
    /// The per-run secret every state-changing request must carry.
    pub token: String,
    /// The content as last loaded, for checking one edited file against
    /// the rest; reloaded when a rebuild (a change on disk) happened since.
    checker: Mutex<Option<(u64, Loaded)>>,
    /// One save at a time, so "unchanged since opened" holds until written.
    saving: Mutex<()>,
}

impl Editor {
    /// The editor of the site at `root` (absolute).
    pub fn new(root: &Path) -> Editor {
        Editor {
            root: root.to_path_buf(),
            content: root.join("content"),
            token: token(),
            checker: Mutex::new(None),
            saving: Mutex::new(()),
        }
    }

    /// Whether `sti` is a file the editor opens and it exists.
    pub fn edits(&self, sti: &str) -> bool {
        self.resolve(sti).is_ok_and(|(path, _)| path.is_file())
    }

    /// The HTML shell of every editor page.
    pub fn shell(&self, title: &str) -> String {
        SHELL
            .replace("{{TITEL}}", &crate::text::escape_xml(title))
            .replace("{{TOKEN}}", &self.token)
    }

    /// Where `sti` (a path under `content/`) is, if it names a file the
    /// form edits: `_index.md`, `styrelser/<slug>.md` or `planer/<år>/<slug>.md`.
    fn resolve(&self, sti: &str) -> Result<(PathBuf, Kind), Refusal> {
        // The loader's own reading of a name under content/.
        let kind = match load::classify(Path::new(sti)) {
            load::Kind::Site => Some(Kind::Settings),
            load::Kind::Agency(_) => Some(Kind::Agency),
            load::Kind::Plan { folder, .. } if load::folder_year(&folder).is_some() => {
                Some(Kind::Plan)
            }
            _ => None,
        };
        let Some(kind) = kind else {
            return Err(refuse(
                400,
                format!(
                    "'{sti}' er ikke en fil, editoren kan åbne. Den åbner content/_index.md, content/styrelser/<kortnavn>.md og content/planer/<år>/<kortnavn>.md."
                ),
            ));
        };
        Ok((self.content.join(sti), kind))
    }

    /// The file's text, read only if it is a regular file inside the site.
    fn read(&self, path: &Path, sti: &str) -> Result<String, Refusal> {
        let meta = std::fs::symlink_metadata(path)
            .map_err(|_| refuse(404, format!("content/{sti} findes ikke.")))?;
        if !meta.file_type().is_file() {
            return Err(refuse(
                403,
                format!(
                    "content/{sti} er ikke en almindelig fil (fx et symbolsk link), så editoren hverken læser eller skriver den."
                ),
            ));
        }
        let root = Root::new(&self.root).map_err(|e| refuse(500, e.0))?;
        let bytes = root.read(path, limits::CONTENT_FILE).map_err(|_| {
            refuse(
                403,
                format!("content/{sti} kan ikke læses (for stor, eller uden for siden)."),
            )
        })?;
        String::from_utf8(bytes).map_err(|_| {
            refuse(
                422,
                format!("content/{sti} er ikke gyldig UTF-8-tekst; ret den i en teksteditor."),
            )
        })
    }

    /// The overview: agencies, plans and the settings file.
    pub fn overview(&self) -> Result<Json, Refusal> {
        let loaded = load::load(&self.root).map_err(|e| refuse(500, e.0))?;
        let content = &loaded.content;
        let name_of = |slug: &str| {
            content
                .agency(slug)
                .map_or_else(|| slug.to_string(), |a| a.name.clone())
        };
        let agencies: Vec<Json> = content
            .agencies
            .iter()
            .map(|a| {
                json!({
                    "slug": a.slug,
                    "navn": a.name,
                    "forkortelse": a.abbreviation,
                    "sti": format!("styrelser/{}.md", a.slug),
                })
            })
            .collect();
        let plans: Vec<Json> = content
            .plans
            .iter()
            .map(|p| {
                let status = p.status.as_ref().map(|s| s.value);
                json!({
                    "år": p.year(),
                    "styrelse": p.slug(),
                    "navn": name_of(p.slug()),
                    "status": status.map(model::Status::key),
                    "status_da": status.map(model::Status::da),
                    "sti": loaded.sources.name(p.file).trim_start_matches("content/"),
                })
            })
            .collect();
        let next = content
            .plans
            .iter()
            .map(|p| p.year())
            .max()
            .map_or_else(|| crate::dates::now().year(), |y| y + 1);
        Ok(json!({
            "ministerium": content.site.ministry,
            "dokumentnavn": content.site.names.plan,
            "næste_år": next,
            "styrelser": agencies,
            "planer": plans,
            "indstillinger": "_index.md",
        }))
    }

    /// A file opened for the form.
    pub fn open(&self, sti: &str) -> Result<Json, Refusal> {
        let (path, kind) = self.resolve(sti)?;
        let text = self.read(&path, sti)?;
        let (front, body, problem) = match edit::open(&text) {
            Ok(o) => (o.front, o.body, None),
            Err(e) => (Json::Null, String::new(), Some(e.0)),
        };
        Ok(json!({
            "sti": sti,
            "art": kind.name(),
            "hash": hash(&text),
            "front": front,
            "body": body,
            "skema": form_table(kind.table()),
            "fejl": problem,
        }))
    }

    /// The file as the change would make it, and the text on disk now.
    fn apply(&self, change: &Change) -> Result<(PathBuf, Kind, String, String), Refusal> {
        let (path, kind) = self.resolve(&change.sti)?;
        let disk = self.read(&path, &change.sti)?;
        let text = edit::rewrite(
            &disk,
            &change.front,
            &change.body,
            &change.origins,
            kind.table(),
        )
        .map_err(|e| refuse(422, e.0))?;
        Ok((path, kind, disk, text))
    }

    /// The diagnostics of the change, as `mrplan check` would give them
    /// once it is saved; `generation` is the served site's rebuild count.
    pub fn check(&self, change: &Change, generation: u64) -> Result<Json, Refusal> {
        let (path, _, disk, text) = self.apply(change)?;
        let found = self.diagnose(&path, &disk, &text, generation)?;
        Ok(report(&text, &found, hash(&disk) != change.hash))
    }

    /// Runs every rule over the site with `text` in place of `path`.
    fn diagnose(
        &self,
        path: &Path,
        disk: &str,
        text: &str,
        generation: u64,
    ) -> Result<Vec<Diagnostic>, Refusal> {
        let today = crate::dates::now().date();
        let mut guard = self.checker.lock().unwrap_or_else(|p| p.into_inner());
        let fresh =
            matches!(&*guard, Some((g, l)) if *g == generation && l.file_id(path).is_some());
        if !fresh {
            let loaded = load::load(&self.root).map_err(|e| refuse(500, e.0))?;
            *guard = Some((generation, loaded));
        }
        let Some((_, loaded)) = guard.as_mut() else {
            return Err(refuse(500, "Indholdet kunne ikke indlæses."));
        };
        let id = loaded.file_id(path);
        let found = match id {
            Some(id) if loaded.replace(path, text.to_string()).is_some() => {
                let mut found: Vec<Diagnostic> = loaded
                    .diagnostics
                    .iter()
                    .filter(|d| d.file == id)
                    .cloned()
                    .collect();
                found.extend(
                    rules::check(&loaded.content, today, Purpose::Publish)
                        .into_iter()
                        .filter(|d| d.file == id),
                );
                // Back to what is on disk, for the next check of another file.
                loaded.replace(path, disk.to_string());
                found
            }
            // The site settings (every page depends on them): a load of its own.
            _ => {
                let mut other = load::load_replacing(&self.root, Some((path, text)))
                    .map_err(|e| refuse(500, e.0))?;
                let id = other
                    .file_id(path)
                    .ok_or_else(|| refuse(404, "Filen findes ikke i indholdet."))?;
                other
                    .diagnostics
                    .extend(rules::check(&other.content, today, Purpose::Publish));
                other.diagnostics.retain(|d| d.file == id);
                other.diagnostics
            }
        };
        Ok(found)
    }

    /// The unified diff of what saving would change.
    pub fn diff(&self, change: &Change, generation: u64) -> Result<Json, Refusal> {
        let (path, _, disk, text) = self.apply(change)?;
        if hash(&disk) != change.hash {
            return Err(conflict(&change.sti));
        }
        let found = self.diagnose(&path, &disk, &text, generation)?;
        let errors = found
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        let diff = similar::TextDiff::from_lines(&disk, &text)
            .unified_diff()
            .context_radius(2)
            .header(
                &format!("content/{}", change.sti),
                &format!("content/{}", change.sti),
            )
            .to_string();
        Ok(json!({ "diff": diff, "ændret": disk != text, "fejl": errors }))
    }

    /// Writes the change, if the file is as it was when opened; approving
    /// (`status: godkendt`) only when no errors remain.
    pub fn save(&self, change: &Change, generation: u64) -> Result<Json, Refusal> {
        let _one = self.saving.lock().unwrap_or_else(|p| p.into_inner());
        let (path, kind, disk, text) = self.apply(change)?;
        if hash(&disk) != change.hash {
            return Err(conflict(&change.sti));
        }
        if matches!(kind, Kind::Plan) && change.front.get("status") == Some(&json!("godkendt")) {
            let found = self.diagnose(&path, &disk, &text, generation)?;
            let errors = found
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .count();
            let approved_before =
                edit::open(&disk).is_ok_and(|o| o.front.get("status") == Some(&json!("godkendt")));
            if errors > 0 && approved_before {
                return Err(refuse(
                    422,
                    format!(
                        "Planen er godkendt og kan ikke gemmes med {errors} fejl: den ville stoppe byggeriet af den offentlige side. Ret fejlene først."
                    ),
                ));
            }
            if errors > 0 {
                return Err(refuse(
                    422,
                    format!(
                        "Planen kan ikke godkendes, mens der er {errors} fejl. Ret fejlene, eller gem den som udkast (status: udkast) indtil videre."
                    ),
                ));
            }
        }
        if text != disk {
            write_replacing(&path, &text, &disk).map_err(|e| match e {
                WriteError::Changed => conflict(&change.sti),
                WriteError::Io(message) => refuse(500, message),
            })?;
        }
        Ok(json!({ "hash": hash(&text), "ændret": text != disk }))
    }

    /// The plan as the form has it, typeset (drafts too).
    #[cfg(feature = "pdf")]
    pub fn pdf(&self, change: &Change) -> Result<Vec<u8>, Refusal> {
        let (path, kind, _, text) = self.apply(change)?;
        if !matches!(kind, Kind::Plan) {
            return Err(refuse(400, "Kun en plan kan forhåndsvises som pdf."));
        }
        let mut loaded = load::load(&self.root).map_err(|e| refuse(500, e.0))?;
        if loaded.replace(&path, text).is_none() {
            return Err(refuse(
                404,
                format!("content/{} er ikke en plan.", change.sti),
            ));
        }
        let mut site =
            crate::site::Site::from_loaded(&self.root, loaded, crate::phases::Phases::default());
        site.check(Purpose::Publish);
        match site.plan_pdf(&path) {
            Ok(bytes) => Ok(bytes),
            Err(crate::Stop::Fatal(f)) => Err(refuse(422, f.0)),
            Err(crate::Stop::Findings) => {
                let first: Vec<String> = site
                    .diagnostics
                    .iter()
                    .filter(|d| d.severity == Severity::Error)
                    .take(3)
                    .map(|d| d.message.clone())
                    .collect();
                Err(refuse(
                    422,
                    format!(
                        "Pdf'en kan ikke sættes, før fejlene er rettet: {}",
                        first.join(" ")
                    ),
                ))
            }
        }
    }

    /// `mrplan new plan` from the form; the new file's place.
    pub fn new_plan(&self, agency: &str, year: i32) -> Result<Json, Refusal> {
        let created =
            crate::scaffold::create_plan(&self.root, agency, year).map_err(|e| refuse(422, e.0))?;
        Ok(json!({ "sti": format!("planer/{year}/{}.md", created.slug) }))
    }

    /// `mrplan new styrelse` from the form.
    pub fn new_agency(
        &self,
        slug: &str,
        name: &str,
        abbreviation: Option<&str>,
        url: Option<&str>,
    ) -> Result<Json, Refusal> {
        if name.trim().is_empty() {
            return Err(refuse(422, "Skriv styrelsens navn."));
        }
        let url = url.filter(|u| !u.trim().is_empty());
        let (_, slug) = crate::scaffold::create_agency(&self.root, slug, name, abbreviation, url)
            .map_err(|e| refuse(422, e.0))?;
        Ok(json!({ "sti": format!("styrelser/{slug}.md") }))
    }
}

fn conflict(sti: &str) -> Refusal {
    refuse(
        409,
        format!(
            "content/{sti} er ændret på disken, siden du åbnede den (i en anden editor eller af git). Dine ændringer er ikke gemt. Genindlæs filen for at se den nye udgave, og lav dine ændringer igen."
        ),
    )
}

enum WriteError {
    /// The file changed between reading and writing.
    Changed,
    Io(String),
}

/// Writes `text` to `path` atomically (a new file beside it, synced, then
/// renamed over it), if the file still holds `expected`.
fn write_replacing(path: &Path, text: &str, expected: &str) -> Result<(), WriteError> {
    let io = |e: std::io::Error| {
        WriteError::Io(format!(
            "Kan ikke gemme {}: {}.",
            path.display(),
            crate::danish::os_error(&e)
        ))
    };
    let dir = path.parent().ok_or(WriteError::Changed)?;
    let mut file = tempfile::Builder::new()
        .prefix(".mrplan-gem-")
        .tempfile_in(dir)
        .map_err(io)?;
    file.write_all(text.as_bytes()).map_err(io)?;
    file.as_file().sync_all().map_err(io)?;
    if let Ok(meta) = std::fs::metadata(path) {
        let _ = std::fs::set_permissions(file.path(), meta.permissions());
    }
    // The last moment to notice another writer.
    match std::fs::read_to_string(path) {
        Ok(now) if now == expected => {}
        _ => return Err(WriteError::Changed),
    }
    file.persist(path).map_err(|e| io(e.error))?;
    Ok(())
}

/// The diagnostics as the form shows them: each at the value it is about.
fn report(text: &str, found: &[Diagnostic], conflict: bool) -> Json {
    let root = edit::front_matter(text);
    let body_start = crate::yaml::split(text).map_or(usize::MAX, |s| s.body_start);
    // A value's JSON pointer; "#brødtekst" for the Markdown body.
    let pointer = |offset: usize| match &root {
        _ if offset >= body_start => "#brødtekst".to_string(),
        Some(r) => edit::pointer_at(text, r, offset),
        None => String::new(),
    };
    let mut sources = crate::diagnostics::Sources::default();
    let file = sources.add(String::new(), text.to_string());
    let mut sorted: Vec<&Diagnostic> = found.iter().collect();
    sorted.sort_by_key(|d| {
        (
            std::cmp::Reverse(d.severity == Severity::Error),
            d.span.start,
        )
    });
    let list: Vec<Json> = sorted
        .iter()
        .map(|d| {
            let (line, column) = sources.line_col(file, d.span.start);
            json!({
                "severity": d.severity.da(),
                "rule": d.rule,
                "message": d.message,
                "hint": d.hint,
                "label": d.label,
                "pointer": pointer(d.span.start),
                "line": line,
                "column": column,
            })
        })
        .collect();
    let errors = found
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    json!({
        "diagnostics": list,
        "fejl": errors,
        "advarsler": found.len() - errors,
        "konflikt": conflict,
    })
}

/// The field table as the form reads it.
fn form_table(table: &'static Table) -> Json {
    let fields: Vec<Json> = table
        .fields
        .iter()
        .map(|f| {
            let mut o = json!({
                "key": f.key,
                "required": f.required,
                "help": f.help,
                "example": f.example,
            });
            let (ty, extra) = match f.ty {
                Type::Text => ("text", json!({})),
                Type::Int { min, max, .. } => ("int", json!({ "min": min, "max": max })),
                Type::Version(v) => ("version", json!({ "min": v, "max": v })),
                Type::Date => ("date", json!({})),
                Type::DateTime => ("datetime", json!({})),
                Type::Word(words) => (
                    "word",
                    json!({ "values": words.iter().map(|w| json!({"key": w, "da": word_da(w)})).collect::<Vec<_>>() }),
                ),
                Type::Url => ("url", json!({})),
                Type::Name => ("name", json!({})),
                Type::Nr => ("nr", json!({})),
                Type::Decimal => ("decimal", json!({})),
                Type::Color => ("color", json!({})),
                Type::StaticFile(_) => ("file", json!({})),
                Type::Ids => ("ids", json!({})),
                // A choice of the two values, saved as true or false.
                Type::Bool => (
                    "bool",
                    json!({ "values": [{"key": "true", "da": "Ja"}, {"key": "false", "da": "Nej"}] }),
                ),
                Type::Object(t) => ("object", json!({ "table": form_table(t) })),
                Type::List { table, min } => {
                    ("list", json!({ "table": form_table(table), "min_items": min }))
                }
            };
            o["type"] = json!(ty);
            if let (Json::Object(o), Json::Object(extra)) = (&mut o, extra) {
                o.extend(extra);
            }
            o
        })
        .collect();
    json!({ "name": table.name, "fields": fields })
}

/// The Danish word for an allowed value, from the model's enums.
fn word_da(key: &str) -> &str {
    use model::{Frequency, Outcome, Progress, Quarter, Status};
    Status::from_key(key)
        .map(Status::da)
        .or_else(|| Quarter::from_key(key).map(Quarter::da))
        .or_else(|| Progress::from_key(key).map(Progress::da))
        .or_else(|| Outcome::from_key(key).map(Outcome::da))
        .or_else(|| Frequency::from_key(key).map(Frequency::da))
        .unwrap_or(key)
}

/// A short fingerprint of a file's text: "unchanged since opened".
pub fn hash(text: &str) -> String {
    let mut h = DefaultHasher::new();
    h.write(text.as_bytes());
    format!("{:016x}-{}", h.finish(), text.len())
}

/// 128 random bits as hex, from the operating system.
fn token() -> String {
    let mut bytes = [0u8; 16];
    let read = std::fs::File::open("/dev/urandom")
        .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut bytes));
    if read.is_err() {
        // No /dev/urandom: std's per-process random hash keys.
        use std::hash::BuildHasher;
        let state = std::collections::hash_map::RandomState::new();
        for (i, chunk) in bytes.chunks_mut(8).enumerate() {
            chunk.copy_from_slice(&state.hash_one((i, std::process::id())).to_le_bytes());
        }
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_content_files_of_the_three_kinds_resolve() {
        let editor = Editor::new(Path::new("/site"));
        for ok in ["_index.md", "styrelser/fmi.md", "planer/2026/fmi.md"] {
            assert!(editor.resolve(ok).is_ok(), "{ok}");
        }
        for bad in [
            "../etc/passwd",
            "planer/2026/../../../x.md",
            "styrelser/FMI.md",
            "planer/26/fmi.md",
            "/etc/passwd",
            "planer/2026/fmi.md/x",
            "styrelser/fmi.txt",
            "",
        ] {
            let refused = editor.resolve(bad).expect_err(bad);
            assert_eq!(refused.status, 400, "{bad}");
        }
    }

    #[test]
    fn tokens_are_random_and_long() {
        let (a, b) = (token(), token());
        assert_eq!(a.len(), 32);
        assert_ne!(a, b);
    }
}
