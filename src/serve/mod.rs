//! `mrplan serve`: build, serve on loopback, watch the sources, and rebuild
//! only what an edit affects, then tell the browser to reload.
//!
//! Three threads share one [`Served`] site: the HTTP server reads it, the
//! watch loop ([`Session`]) replaces the HTML an edit affects, and the PDF
//! worker ([`pdfs`]) re-typesets the PDFs afterwards, so they never delay
//! the reload. Every change is written to the output folder too, so after
//! any edits it holds what a clean `build` would.

pub mod editor;
mod http;
mod pdfs;
mod session;

use std::collections::HashMap;
use std::io::Write;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, RwLock, mpsc};
use std::time::{Duration, Instant};

use notify::{EventKind, RecursiveMode, Watcher};

use crate::Fatal;
use crate::text::escape_xml;
pub use http::{content_type, site_path};
pub use session::Session;

pub struct ServeOptions {
    pub root: PathBuf,
    /// Where the served site is also written; `None` keeps it in memory
    /// only (always with drafts: output/ never holds an unapproved plan).
    pub output: Option<PathBuf>,
    pub bind: IpAddr,
    pub port: u16,
    pub drafts: bool,
    pub pdfs: bool,
    pub quiet: bool,
    pub verbose: bool,
}

/// Edits often come as a burst of events (write, then close; temp file,
/// then rename): wait this long for quiet before rebuilding.
const SETTLE: Duration = Duration::from_millis(10);

/// The site as served, and who is listening for reloads.
#[derive(Default)]
pub struct Served {
    files: RwLock<HashMap<String, Arc<Vec<u8>>>>,
    /// The errors page shown over every page while the content is broken.
    overlay: RwLock<Option<String>>,
    /// Errors from the last PDF run, shown the same way.
    pdf_overlay: RwLock<Option<String>>,
    /// The generation of the last finished rebuild, for the event streams.
    reloads: Reloads,
    /// Finished rebuilds (for tests and the benchmark, at /__mrplan/status).
    generation: AtomicU64,
    pdf_pending: AtomicBool,
    /// Files the last render made: what a change cost (for the tests).
    rendered: AtomicUsize,
    /// The served PDFs' sizes and page counts, for the links to them.
    pdf_facts: RwLock<crate::render::PdfFacts>,
}

/// Tells every open event stream that a rebuild finished.
struct Reloads(tokio::sync::watch::Sender<u64>);

impl Default for Reloads {
    fn default() -> Self {
        Reloads(tokio::sync::watch::Sender::new(0))
    }
}

/// What one rebuild changes: new bytes, or `None` to delete.
pub type Changes = Vec<(String, Option<Vec<u8>>)>;

impl Served {
    fn file(&self, path: &str) -> Option<Arc<Vec<u8>>> {
        self.files.read().ok()?.get(path).cloned()
    }

    /// Changes what is known of the served PDFs.
    fn set_pdf_facts(&self, change: impl FnOnce(&mut crate::render::PdfFacts)) {
        match self.pdf_facts.write() {
            Ok(mut f) => change(&mut f),
            Err(poisoned) => change(&mut poisoned.into_inner()),
        }
    }

    /// What is known of the served PDFs (a copy, for one render).
    fn pdf_facts(&self) -> crate::render::PdfFacts {
        match self.pdf_facts.read() {
            Ok(f) => f.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// Runs `f` over the served files (the link check reads them).
    pub fn with_files<R>(&self, f: impl FnOnce(&HashMap<String, Arc<Vec<u8>>>) -> R) -> R {
        match self.files.read() {
            Ok(files) => f(&files),
            Err(poisoned) => f(&poisoned.into_inner()),
        }
    }

    /// Applies `changes` to the served site and to `dir` on disk (if any),
    /// writing only files whose bytes changed. Returns how many changed.
    pub fn apply(&self, dir: Option<&Path>, changes: Changes) -> Result<usize, Fatal> {
        let mut files = match self.files.write() {
            Ok(f) => f,
            Err(poisoned) => poisoned.into_inner(),
        };
        let mut changed = 0;
        for (path, bytes) in changes {
            let Some(dir) = dir else {
                // In memory only.
                let same = match &bytes {
                    Some(b) => files.get(&path).is_some_and(|old| **old == *b),
                    None => !files.contains_key(&path),
                };
                if !same {
                    match bytes {
                        Some(b) => files.insert(path, Arc::new(b)),
                        None => files.remove(&path),
                    };
                    changed += 1;
                }
                continue;
            };
            let full = dir.join(&path);
            match bytes {
                Some(bytes) => {
                    if files.get(&path).is_some_and(|old| **old == bytes) && full.is_file() {
                        continue;
                    }
                    if let Some(parent) = full.parent() {
                        std::fs::create_dir_all(parent)
                            .map_err(|e| Fatal::io("Kan ikke oprette mappen", parent, &e))?;
                    }
                    crate::output::write_atomic(&full, &bytes)?;
                    files.insert(path, Arc::new(bytes));
                }
                None => {
                    if files.remove(&path).is_none() {
                        continue;
                    }
                    let _ = std::fs::remove_file(&full);
                    // A clean build has no empty folders either.
                    let mut parent = full.parent();
                    while let Some(p) = parent.filter(|p| *p != dir) {
                        if std::fs::remove_dir(p).is_err() {
                            break;
                        }
                        parent = p.parent();
                    }
                }
            }
            changed += 1;
        }
        Ok(changed)
    }

    fn set_overlay(&self, slot: &RwLock<Option<String>>, text: Option<String>) {
        if let Ok(mut o) = slot.write() {
            *o = text;
        }
    }

    /// The page with the reload script (and the errors overlay, if any).
    fn inject(&self, page: &[u8], link: &str) -> Vec<u8> {
        let overlay: String = [&self.overlay, &self.pdf_overlay]
            .iter()
            .filter_map(|o| o.read().ok().and_then(|o| o.clone()))
            .collect();
        let mut extra = overlay;
        extra.push_str(link);
        extra.push_str("<script src=\"/__mrplan/reload.js\"></script>\n");
        let text = String::from_utf8_lossy(page);
        let at = text.rfind("</body>").unwrap_or(text.len());
        let mut out = String::with_capacity(text.len() + extra.len());
        out.push_str(&text[..at]);
        out.push_str(&extra);
        out.push_str(&text[at..]);
        out.into_bytes()
    }

    fn subscribe(&self) -> tokio::sync::watch::Receiver<u64> {
        self.reloads.0.subscribe()
    }

    /// Counts a finished rebuild and tells every open page to reload.
    fn reload(&self) {
        let generation = self.generation.fetch_add(1, Ordering::SeqCst) + 1;
        self.reloads.0.send_replace(generation);
    }

    fn status(&self) -> String {
        let errors = self.overlay.read().map(|o| o.is_some()).unwrap_or(false)
            || self
                .pdf_overlay
                .read()
                .map(|o| o.is_some())
                .unwrap_or(false);
        serde_json::json!({
            "generation": self.generation.load(Ordering::SeqCst),
            "pdf_pending": self.pdf_pending.load(Ordering::SeqCst),
            "rendered": self.rendered.load(Ordering::SeqCst),
            "errors": errors,
        })
        .to_string()
    }
}

/// The overlay shown over the last good pages while there are errors.
fn overlay_html(title: &str, report: &str) -> String {
    format!(
        "<div id=\"mrplan-fejl\" role=\"alert\" style=\"position:fixed;inset:0;z-index:2147483647;overflow:auto;background:#fff;color:#1a1a1a;padding:2rem;font:16px/1.5 system-ui,sans-serif;border-top:8px solid #b00020\">\
<h2 style=\"margin-top:0;color:#b00020\">{}</h2>\
<p>Siden kan ikke bygges, før fejlene er rettet. Indtil da vises de sidste gode sider. Siden opdaterer sig selv, når du gemmer rettelsen.</p>\
<pre style=\"white-space:pre-wrap;background:#f6f6f6;padding:1rem;border:1px solid #ccc\">{}</pre></div>\n",
        escape_xml(title),
        escape_xml(report)
    )
}

/// Runs `serve` until the process is stopped.
pub fn serve(mut options: ServeOptions) -> Result<(), Fatal> {
    absolute_paths(&mut options)?;
    let served = Arc::new(Served::default());
    let (listener, address) = listen(&options)?;
    let pdf_worker = options
        .pdfs
        .then(|| pdfs::start(Arc::clone(&served), options.output.clone(), options.quiet));
    let mut session = Session::new(&options, Arc::clone(&served), pdf_worker);
    let started = Instant::now();
    session.rebuild_all();
    say(
        &options,
        &format!("Byggede siden på {} ms.", started.elapsed().as_millis()),
    );
    if options.drafts {
        let where_ = match &options.output {
            Some(dir) => format!("skrives til {}", dir.display()),
            None => "vises kun her i browseren".to_string(),
        };
        say(
            &options,
            &format!(
                "Udkast {where_}; output/ ændres ikke, så den stadig kun indeholder godkendte planer."
            ),
        );
    }
    // Watch before serving, so no edit made after the first page is missed.
    let (mut watcher, events) = watch(&options.root)?;
    let mut watched = Vec::new();
    watch_folders(&mut watcher, &options.root, &mut watched);
    let server = Arc::clone(&served);
    let editor = Arc::new(editor::Editor::new(&options.root));
    std::thread::spawn(move || http::run(listener, server, editor));
    // Tests and scripts read this line to find the port.
    crate::out!("Serverer siden på http://{address}/ (stop med Ctrl+C)");
    crate::out!("Redigér planerne i browseren på http://{address}/rediger/");
    let _ = std::io::stdout().flush();
    loop {
        let paths = next_changes(&events, &options)?;
        watch_folders(&mut watcher, &options.root, &mut watched);
        if !paths.is_empty() {
            rebuild(&mut session, &paths, &options);
        }
    }
}

/// Absolute paths, so the watcher's paths and the loaded files' agree.
fn absolute_paths(options: &mut ServeOptions) -> Result<(), Fatal> {
    options.root = std::fs::canonicalize(&options.root)
        .map_err(|e| Fatal::io("Kan ikke finde mappen", &options.root, &e))?;
    if let Some(output) = options.output.as_mut()
        && output.is_relative()
    {
        *output = std::env::current_dir()
            .map(|d| d.join(&*output))
            .unwrap_or(output.clone());
    }
    Ok(())
}

/// The server's socket, and the address it got (the port, with `--port 0`).
fn listen(options: &ServeOptions) -> Result<(TcpListener, SocketAddr), Fatal> {
    let listener = TcpListener::bind(SocketAddr::new(options.bind, options.port)).map_err(|e| {
        Fatal::new(format!(
            "Kan ikke lytte på {}:{}: {}. Vælg en anden port med --port.",
            options.bind,
            options.port,
            crate::danish::os_error(&e)
        ))
    })?;
    let address = listener.local_addr().map_err(|e| {
        Fatal::new(format!(
            "Kan ikke finde serverens adresse: {}.",
            crate::danish::os_error(&e)
        ))
    })?;
    Ok((listener, address))
}

type Events = mpsc::Receiver<notify::Result<notify::Event>>;

/// A file watcher on `root` (the root itself only for folders that appear
/// later, such as a new templates/; [`watch_folders`] adds the rest).
fn watch(root: &Path) -> Result<(notify::RecommendedWatcher, Events), Fatal> {
    let (tx, rx) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |event| {
        let _ = tx.send(event);
    })
    .map_err(|e| {
        let why = match &e.kind {
            notify::ErrorKind::Io(io) => crate::danish::os_error(io),
            _ => e.to_string(),
        };
        Fatal::new(format!("Kan ikke holde øje med filerne: {why}."))
    })?;
    let _ = watcher.watch(root, RecursiveMode::NonRecursive);
    Ok((watcher, rx))
}

/// The next burst of changed source files: waits for one event, lets the
/// burst settle, and keeps each watched source once.
fn next_changes(events: &Events, options: &ServeOptions) -> Result<Vec<PathBuf>, Fatal> {
    let Ok(first) = events.recv() else {
        return Err(Fatal::new("Filovervågningen stoppede.".into()));
    };
    let mut paths = Vec::new();
    collect(first, &mut paths);
    while let Ok(next) = events.recv_timeout(SETTLE) {
        collect(next, &mut paths);
    }
    paths.retain(|p| is_source(p, options.output.as_deref()) && is_watched(p, &options.root));
    paths.sort();
    paths.dedup();
    Ok(paths)
}

/// Rebuilds for `paths` and says what changed and how long it took.
fn rebuild(session: &mut Session, paths: &[PathBuf], options: &ServeOptions) {
    let started = Instant::now();
    let summary = session.update(paths);
    if options.verbose || !options.quiet {
        let names: Vec<String> = paths
            .iter()
            .map(|p| {
                p.strip_prefix(&options.root)
                    .unwrap_or(p)
                    .display()
                    .to_string()
            })
            .collect();
        say(
            options,
            &format!(
                "{} ({} ms): {summary}",
                names.join(", "),
                started.elapsed().as_millis()
            ),
        );
    }
}

/// The folders whose changes matter.
const SOURCES: [&str; 4] = ["content", "templates", "themes", "static"];

/// Watches each source folder that exists and is not watched yet.
fn watch_folders(watcher: &mut impl Watcher, root: &Path, watched: &mut Vec<PathBuf>) {
    for folder in SOURCES {
        let dir = root.join(folder);
        if dir.is_dir()
            && !watched.contains(&dir)
            && watcher.watch(&dir, RecursiveMode::Recursive).is_ok()
        {
            watched.push(dir);
        }
    }
}

/// Whether a changed path is in (or is) one of the source folders.
fn is_watched(path: &Path, root: &Path) -> bool {
    SOURCES.iter().any(|f| path.starts_with(root.join(f)))
}

fn say(options: &ServeOptions, line: &str) {
    if !options.quiet {
        let _ = writeln!(std::io::stderr(), "{line}");
    }
}

fn collect(event: notify::Result<notify::Event>, paths: &mut Vec<PathBuf>) {
    let Ok(event) = event else { return };
    // Reads (and the open/close of a read) change nothing.
    if matches!(
        event.kind,
        EventKind::Access(notify::event::AccessKind::Read)
            | EventKind::Access(notify::event::AccessKind::Open(_))
            | EventKind::Access(notify::event::AccessKind::Close(
                notify::event::AccessMode::Read
            ))
    ) {
        return;
    }
    paths.extend(event.paths);
}

/// Editors' swap and backup files, and our own output, are not sources.
fn is_source(path: &Path, output: Option<&Path>) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let ours = output.is_some_and(|output| {
        let output = std::fs::canonicalize(output).unwrap_or_else(|_| output.to_path_buf());
        path.starts_with(&output)
    });
    !(ours
        || name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".tmp"))
}
