//! The PDFs while serving: typeset on their own thread after the HTML is
//! out, so they never delay a reload. Each PDF's input (template files and
//! data) is fingerprinted; only PDFs whose input changed are typeset again.

use std::collections::{BTreeSet, HashMap};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};

use super::{Changes, Served, overlay_html};
use crate::diagnostics::{self, Format, Sources};
use crate::model::Published;
use crate::pdf;
use crate::render::theme::Theme;
use crate::render::{HtmlRenderer, RenderContext, Renderer, Scope};

/// A snapshot of the content after a good render, and what it affects.
pub struct Job {
    /// What the render published (with drafts in a `--drafts` preview).
    pub published: Published,
    pub sources: Sources,
    /// `content/_index.md`, blamed when the theme has no PDF template.
    pub site_file: crate::diagnostics::FileId,
    pub theme: Theme,
    /// The render's moment, which dates the PDFs too.
    pub now: time::OffsetDateTime,
    /// `None`: every PDF.
    pub scope: Option<Scope>,
}

pub struct Worker {
    tx: Sender<Job>,
    served: Arc<Served>,
    /// Jobs sent and not yet taken: newer work the running job yields to.
    queued: Arc<AtomicUsize>,
}

impl Worker {
    pub fn send(&self, job: Job) {
        self.served.pdf_pending.store(true, Ordering::SeqCst);
        self.queued.fetch_add(1, Ordering::SeqCst);
        let _ = self.tx.send(job);
    }
}

/// How many PDFs are typeset between looks for newer work.
const CHUNK: usize = 32;

pub fn start(served: Arc<Served>, dir: Option<PathBuf>, quiet: bool) -> Worker {
    let (tx, rx) = mpsc::channel::<Job>();
    let queued = Arc::new(AtomicUsize::new(0));
    let worker = Worker {
        tx,
        served: Arc::clone(&served),
        queued: Arc::clone(&queued),
    };
    std::thread::Builder::new()
        .name("pdf".into())
        .spawn(move || run(&rx, &queued, &served, dir.as_deref(), quiet))
        .ok();
    worker
}

/// Merges a newer job into the unfinished scope of an older one.
fn union(a: Option<Scope>, b: Option<Scope>) -> Option<Scope> {
    let (mut a, b) = (a?, b?);
    a.plans.extend(b.plans);
    a.agencies.extend(b.agencies);
    a.years.extend(b.years);
    Some(a)
}

fn run(
    rx: &Receiver<Job>,
    queued: &AtomicUsize,
    served: &Served,
    dir: Option<&std::path::Path>,
    quiet: bool,
) {
    // path → fingerprint of the input its current PDF was made from.
    let mut made: HashMap<String, u64> = HashMap::new();
    let mut leftover: Option<Option<Scope>> = None;
    // The PDF facts the served pages were last rendered with.
    let mut pages_know = crate::render::PdfFacts::new();
    while let Ok(mut job) = rx.recv() {
        queued.fetch_sub(1, Ordering::SeqCst);
        // Only the newest content matters; the scopes add up.
        let mut scope = job.scope.take();
        while let Ok(newer) = rx.try_recv() {
            queued.fetch_sub(1, Ordering::SeqCst);
            scope = union(scope, newer.scope.clone());
            job = newer;
        }
        if let Some(older) = leftover.take() {
            scope = union(scope, older);
        }
        let interrupted = typeset(&job, scope.as_ref(), &mut made, queued, served, dir, quiet);
        if interrupted {
            leftover = Some(scope);
            // The newer job is still queued; pick it up at once.
            continue;
        }
        if queued.load(Ordering::SeqCst) == 0 {
            let facts = served.pdf_facts();
            let scope = linking(&pages_know, &facts);
            if !scope.years.is_empty() && refresh_pages(&job, &facts, &scope, served, dir) {
                pages_know = facts;
            }
            served.pdf_pending.store(false, Ordering::SeqCst);
        }
    }
}

/// Typesets what changed in `scope`. Returns true when newer work arrived
/// before it finished.
fn typeset(
    job: &Job,
    scope: Option<&Scope>,
    made: &mut HashMap<String, u64>,
    queued: &AtomicUsize,
    served: &Served,
    dir: Option<&std::path::Path>,
    quiet: bool,
) -> bool {
    // A copy with only the scope's plans; the whole site needs none.
    let scoped = scope.map(|s| job.published.only(|p| s.has_plan(p)));
    let published = scoped.as_ref().unwrap_or(&job.published);
    let ctx = RenderContext::new(published, &job.theme, &job.sources, job.now);
    let docs = pdf::documents(&ctx);
    remove_gone(&docs, scope, made, served, dir);
    let todo = changed(docs, job, made, served);
    let site_file = job.site_file;
    for chunk in todo.chunks(CHUNK) {
        let docs: Vec<&pdf::Doc> = chunk.iter().map(|(d, _)| d).collect();
        let result = pdf::typeset(&job.theme, &job.sources, site_file, ctx.now, &docs, &|_| {});
        match result {
            Ok(output) => {
                for (doc, p) in chunk {
                    made.insert(doc.path.clone(), *p);
                }
                served.set_pdf_facts(|facts| facts.extend(crate::render::pdf_facts(&output)));
                let changes = output
                    .files
                    .into_iter()
                    .map(|(p, b)| (p, Some(b)))
                    .collect();
                if let Err(e) = served.apply(dir, changes) {
                    crate::err!("fejl: {e}");
                }
                if clear(served) {
                    served.reload();
                }
            }
            Err(errors) => {
                let text = diagnostics::render(&job.sources, &errors, Format::Human);
                if !quiet {
                    crate::err_raw!("{text}");
                }
                served.set_overlay(
                    &served.pdf_overlay,
                    Some(overlay_html(
                        &format!("Pdf'erne kan ikke laves: {}", diagnostics::summary(&errors)),
                        &text,
                    )),
                );
                served.reload();
                return false;
            }
        }
        if queued.load(Ordering::SeqCst) > 0 {
            return true;
        }
    }
    false
}

/// The pages that link a PDF whose size or page count changed between
/// `before` and `now`: its plan's page, results page and agency page, and
/// its year's results overview (the listings are rendered in any scope).
fn linking(before: &crate::render::PdfFacts, now: &crate::render::PdfFacts) -> Scope {
    let changed = now
        .iter()
        .filter(|(path, fact)| before.get(*path) != Some(fact))
        .map(|(path, _)| path)
        .chain(before.keys().filter(|path| !now.contains_key(*path)));
    let mut scope = Scope::default();
    for path in changed {
        // "planer/2025/fmi.pdf", "resultater/2025/fmi.pdf" or the year's
        // whole report "resultater/2025/maalrapportering-2025.pdf".
        let mut parts = path.split('/').skip(1);
        let (Some(year), Some(file)) = (parts.next(), parts.next()) else {
            continue;
        };
        let (Ok(year), Some(stem)) = (year.parse::<i32>(), file.strip_suffix(".pdf")) else {
            continue;
        };
        scope.years.insert(year);
        if *path != crate::urls::results_all(year, "pdf") {
            scope.plans.insert((year, stem.to_string()));
            scope.agencies.insert(stem.to_string());
        }
    }
    scope
}

/// Renders the pages again with the PDFs' sizes and page counts: the
/// session rendered them before these PDFs were made, and a clean build
/// shows them. Only pages whose bytes changed are served anew. Returns
/// false when the session rendered newer pages meanwhile: ours may then be
/// stale, and the next job renders them again.
fn refresh_pages(
    job: &Job,
    facts: &crate::render::PdfFacts,
    scope: &Scope,
    served: &Served,
    dir: Option<&std::path::Path>,
) -> bool {
    // Only the session moves the generation while this runs.
    let before = served.generation.load(Ordering::SeqCst);
    let Ok(html) = HtmlRenderer::new(&job.theme, &job.sources) else {
        return false;
    };
    let ctx = RenderContext {
        made: Some(facts),
        only: Some(scope),
        ..RenderContext::new(&job.published, &job.theme, &job.sources, job.now)
    };
    // A template error was shown by the session's own render already.
    let Ok(output) = html.render(&ctx) else {
        return false;
    };
    let pages: Changes = output
        .files
        .into_iter()
        .filter(|(path, _)| path.ends_with(".html"))
        .map(|(path, bytes)| (path, Some(bytes)))
        .collect();
    if served.generation.load(Ordering::SeqCst) != before {
        return false;
    }
    let changed = match served.apply(dir, pages) {
        Ok(n) => n,
        Err(e) => {
            crate::err!("fejl: {e}");
            return false;
        }
    };
    // A render that finished while we wrote may have been overwritten.
    let undisturbed = served.generation.load(Ordering::SeqCst) == before;
    if changed > 0 {
        served.reload();
    }
    undisturbed
}

/// Removes the served PDFs in `scope` that `docs` no longer has: of plans
/// that are gone, or are drafts now.
fn remove_gone(
    docs: &[pdf::Doc],
    scope: Option<&Scope>,
    made: &mut HashMap<String, u64>,
    served: &Served,
    dir: Option<&std::path::Path>,
) {
    let wanted: BTreeSet<&str> = docs.iter().map(|d| d.path.as_str()).collect();
    let removed: Changes = served.with_files(|files| {
        files
            .keys()
            .filter(|p| p.ends_with(".pdf") && !wanted.contains(p.as_str()))
            .filter(|p| scope.is_none_or(|s| s.owns_pdf(p)))
            .map(|p| (p.clone(), None))
            .collect()
    });
    for (path, _) in &removed {
        made.remove(path);
    }
    served.set_pdf_facts(|facts| {
        for (path, _) in &removed {
            facts.remove(path);
        }
    });
    let _ = served.apply(dir, removed);
}

/// The documents whose input (template files, fonts, data) changed since
/// they were `made`, or that are not served: each with its fingerprint.
fn changed(
    docs: Vec<pdf::Doc>,
    job: &Job,
    made: &HashMap<String, u64>,
    served: &Served,
) -> Vec<(pdf::Doc, u64)> {
    let theme_print = fingerprint_theme(&job.theme, &job.sources);
    let print = |doc: &pdf::Doc| {
        let mut h = DefaultHasher::new();
        theme_print.hash(&mut h);
        doc.main.hash(&mut h);
        doc.data.to_string().hash(&mut h);
        h.finish()
    };
    docs.into_iter()
        .map(|d| {
            let p = print(&d);
            (d, p)
        })
        .filter(|(d, p)| {
            made.get(&d.path) != Some(p) || !served.with_files(|f| f.contains_key(&d.path))
        })
        .collect()
}

/// Clears the PDF errors; true when there were some (so pages reload).
fn clear(served: &Served) -> bool {
    let had = served
        .pdf_overlay
        .read()
        .map(|o| o.is_some())
        .unwrap_or(false);
    if had {
        served.set_overlay(&served.pdf_overlay, None);
    }
    had
}

/// The templates and fonts every PDF depends on.
fn fingerprint_theme(theme: &Theme, sources: &Sources) -> u64 {
    let mut h = DefaultHasher::new();
    for (name, id) in &theme.pdf {
        name.hash(&mut h);
        sources.text(*id).hash(&mut h);
    }
    for font in &theme.fonts {
        font.len().hash(&mut h);
    }
    h.finish()
}

#[cfg(test)]
mod linking_tests {
    use super::linking;
    use crate::render::PdfFacts;

    #[test]
    fn a_changed_pdf_names_the_pages_that_link_it() {
        let before: PdfFacts = [
            ("planer/2025/fmi.pdf".to_string(), (100, 4)),
            ("planer/2025/fes.pdf".to_string(), (90, 4)),
            ("resultater/2024/hjk.pdf".to_string(), (50, 2)),
        ]
        .into();
        let mut now = before.clone();
        now.insert("planer/2025/fmi.pdf".into(), (101, 4));
        now.remove("resultater/2024/hjk.pdf");
        now.insert(
            "resultater/2025/maalrapportering-2025.pdf".into(),
            (300, 15),
        );
        let scope = linking(&before, &now);
        assert_eq!(
            scope.plans.into_iter().collect::<Vec<_>>(),
            [(2024, "hjk".to_string()), (2025, "fmi".to_string())]
        );
        assert_eq!(
            scope.agencies.into_iter().collect::<Vec<_>>(),
            ["fmi", "hjk"]
        );
        assert_eq!(scope.years.into_iter().collect::<Vec<_>>(), [2024, 2025]);
        assert!(linking(&now, &now).years.is_empty());
    }
}
