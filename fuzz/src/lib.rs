//! What the fuzz targets share: turning fuzzer bytes into a small site
//! (a plan, its agency and the site settings, each replaceable), loading
//! and checking it, and the built-in theme, compiled once.
//!
//! Input: up to four parts separated by a line `%%%%`: the plan, the
//! agency file, `_index.md`, and the plan's path under `content/`. A part
//! left out is the one from `tests/fixtures/minimal`.

use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::path::PathBuf;
use std::sync::OnceLock;

use mrplan::diagnostics::{self, Diagnostic, Format, Severity, Sources};
use mrplan::load::{self, Loaded, SourceFile};
use mrplan::render::HtmlRenderer;
use mrplan::render::theme::Theme;
use mrplan::rules::{self, Purpose};

pub const PLAN: &[u8] = include_bytes!("../../tests/fixtures/minimal/content/planer/2025/abc.md");
pub const AGENCY: &[u8] = include_bytes!("../../tests/fixtures/minimal/content/styrelser/abc.md");
pub const INDEX: &[u8] = include_bytes!("../../tests/fixtures/minimal/content/_index.md");
pub const SEPARATOR: &[u8] = b"\n%%%%\n";

/// Runs everything on the fuzzer's own thread: rayon's pool is just this
/// thread, so no input waits for another thread to be scheduled.
pub fn init() {
    let _ = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .use_current_thread()
        .build_global();
}

/// The parts of an input; missing ones are the fixture's.
pub fn parts(data: &[u8]) -> [Vec<u8>; 4] {
    let mut split: Vec<&[u8]> = Vec::new();
    let mut rest = data;
    while split.len() < 3 {
        match rest.windows(SEPARATOR.len()).position(|w| w == SEPARATOR) {
            Some(i) => {
                split.push(&rest[..i]);
                rest = &rest[i + SEPARATOR.len()..];
            }
            None => break,
        }
    }
    split.push(rest);
    let get = |i: usize, default: &[u8]| split.get(i).map_or(default.to_vec(), |p| p.to_vec());
    [
        get(0, PLAN),
        get(1, AGENCY),
        get(2, INDEX),
        get(3, b"planer/2025/abc.md"),
    ]
}

/// Loads the input as a site in memory (no disk).
pub fn load(data: &[u8]) -> Option<Loaded> {
    let [plan, agency, index, path] = parts(data);
    let rel = |b: &[u8]| PathBuf::from(OsStr::from_bytes(b));
    let file = |rel: PathBuf, bytes: Vec<u8>| SourceFile {
        path: PathBuf::from("content").join(&rel),
        rel,
        data: Ok(bytes),
    };
    let files = vec![
        file(rel(b"_index.md"), index),
        file(rel(b"styrelser/abc.md"), agency),
        file(rel(&path), plan),
    ];
    load::load_files(files).ok()
}

/// Every diagnostic printed in all three formats (excerpts, cut lines, JSON).
pub fn print_all(sources: &Sources, found: &[Diagnostic]) {
    for format in [Format::Human, Format::Short, Format::Json] {
        let text = diagnostics::render(sources, found, format);
        assert!(found.is_empty() || !text.is_empty());
    }
    let _ = diagnostics::summary(found);
}

/// Loads and checks; the diagnostics sorted, as `check` prints them.
pub fn check(loaded: &mut Loaded, purpose: Purpose) -> Vec<Diagnostic> {
    let today = time::macros::date!(2026 - 11 - 23);
    let mut found = loaded.diagnostics.clone();
    found.extend(rules::check(&loaded.content, today, purpose));
    diagnostics::sort(&loaded.sources, &mut found);
    found
}

pub fn has_errors(found: &[Diagnostic]) -> bool {
    found.iter().any(|d| d.severity == Severity::Error)
}

/// The built-in theme and its compiled templates, made once.
pub struct BuiltIn {
    pub theme: Theme,
    pub html: HtmlRenderer,
    pub sources: Sources,
}

pub fn theme() -> &'static BuiltIn {
    static THEME: OnceLock<BuiltIn> = OnceLock::new();
    THEME.get_or_init(|| {
        // An empty folder as the site root: only the built-in theme.
        let root = std::env::temp_dir().join("mrplan-fuzz-root");
        std::fs::create_dir_all(&root).expect("temp dir");
        let mut loaded = load(b"").expect("the fixture loads");
        let mut sources = Sources::default();
        let theme = Theme::load(&root, &loaded.content.site, &mut sources).expect("built-in theme");
        let html = HtmlRenderer::new(&theme, &sources).expect("templates compile");
        let _ = &mut loaded;
        BuiltIn {
            theme,
            html,
            sources,
        }
    })
}
