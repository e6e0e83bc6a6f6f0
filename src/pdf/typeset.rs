//! Typesetting with Typst: one [`PdfRenderer`] per template, documents in
//! parallel batches, Typst's errors as ours.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;
use serde_json::Value;
use time::OffsetDateTime;
use typst::WorldExt;
use typst::diag::{SourceDiagnostic, Warned};
use typst::foundations::{Datetime, Smart};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use super::cache::Cache;
use super::world::{self, DocWorld, Shared};
use super::{Doc, MAIN, Place, REPORT};
use crate::diagnostics::catalogue::MRP306;
use crate::diagnostics::{Diagnostic, FileId, Sources};
use crate::model::Plan;
use crate::output::Output;
use crate::render::theme::Theme;
use crate::render::{RenderContext, Renderer};

/// Typst recurses deeply while it lays out a document; rayon's default
/// 2 MiB stacks overflow on long plans. Typst runs on rayon's global pool
/// (a pool of its own was 15 % slower: see the note in `configure_threads`).
const STACK: usize = 16 * 1024 * 1024;

/// Gives rayon's global pool the stacks Typst needs. Call it before
/// anything uses rayon (`main` does, first thing); later it does nothing.
/// A separate pool for Typst, made here on first use, typeset 190 PDFs in
/// 3.3 s against 2.9 s on the global pool (measured 3 December 2026), so
/// the PDF stage sets up the global one instead.
pub fn configure_threads() {
    let _ = rayon::ThreadPoolBuilder::new()
        .stack_size(STACK)
        .build_global();
}

/// Plans compiled between cache evictions: bounds memory on big sites
/// (Typst's cache grows ~5 MB per document and is not shared across plans).
const BATCH: usize = 16;

pub struct PdfRenderer {
    shared: Shared,
    /// Typst's id of each template file → ours, to point errors at the template.
    files: HashMap<typst::syntax::FileId, FileId>,
    timestamp: Timestamp,
    /// The main template is the built-in one, unchanged.
    builtin: bool,
}

impl PdfRenderer {
    pub fn new(
        theme: &Theme,
        sources: &Sources,
        site_file: FileId,
        now: OffsetDateTime,
        main: &str,
    ) -> Result<PdfRenderer, Vec<Diagnostic>> {
        if !theme.pdf.iter().any(|(n, _)| n == main) {
            return Err(vec![
                Diagnostic::error(
                    MRP306,
                    site_file,
                    0..0,
                    format!("Temaet har ingen pdf-skabelon ({main})."),
                )
                .hint(format!(
                    "Læg en skabelon i templates/pdf/{main} eller themes/<tema>/pdf/{main}, eller byg uden pdf'er: mrplan build --no-pdf"
                )),
            ]);
        }
        let templates: Vec<(String, String)> = theme
            .pdf
            .iter()
            .map(|(n, id)| (format!("/{n}"), sources.text(*id).to_string()))
            .collect();
        // The day only: see `cache::stamp`.
        let now = super::cache::stamp(now);
        let date = now.date();
        let today = Datetime::from_ymd(date.year(), date.month() as u8, date.day());
        let stamp = Datetime::from_ymd_hms(
            date.year(),
            date.month() as u8,
            date.day(),
            now.hour(),
            now.minute(),
            now.second(),
        );
        let (Some(today), Some(stamp)) = (today, stamp) else {
            return Err(vec![Diagnostic::error(
                MRP306,
                site_file,
                0..0,
                format!("Datoen {date} kan ikke bruges i en pdf."),
            )]);
        };
        let shared = Shared::new(
            &templates,
            &format!("/{main}"),
            &theme.fonts,
            &theme.statics,
            today,
        )
        .ok_or_else(|| {
            vec![Diagnostic::error(
                MRP306,
                site_file,
                0..0,
                "Et filnavn i temaets pdf-mappe kan ikke bruges af Typst.",
            )]
        })?;
        let files = theme
            .pdf
            .iter()
            .filter_map(|(n, id)| Some((world::file_id(&format!("/{n}"))?, *id)))
            .collect();
        let builtin = theme
            .pdf
            .iter()
            .any(|(n, id)| n == main && crate::render::theme::is_builtin_pdf(n, sources.text(*id)));
        Ok(PdfRenderer {
            shared,
            files,
            timestamp: Timestamp::new_utc(stamp),
            builtin,
        })
    }

    /// Typesets one plan. Errors point at the template, or at the plan's
    /// own lines when the built-in template fails on it (see [`Self::locate`]).
    pub fn plan_pdf(
        &self,
        ctx: &RenderContext,
        site: &Value,
        plan: &Plan,
    ) -> Result<Vec<u8>, Vec<Diagnostic>> {
        let data = super::data(ctx, site, plan);
        let name = super::plan_name(plan);
        let ident = super::plan_ident(plan);
        self.compile(&data, ident.clone(), plan.file, &name)
            .map(|(bytes, _)| bytes)
            .map_err(|errors| {
                let place = super::place_of(plan, ctx.sources.text(plan.file));
                self.locate(&data, ident, plan.file, &name, &place, errors)
            })
    }

    /// The built-in template does not fail on good data, so when it fails on
    /// a plan (`check`'s limits should prevent it), the plan is to blame:
    /// one error at the plan's body, when the PDF compiles without it, or
    /// else at its front matter, instead of at a line of the template.
    fn locate(
        &self,
        data: &Value,
        ident: String,
        blame: FileId,
        name: &str,
        place: &Place,
        errors: Vec<Diagnostic>,
    ) -> Vec<Diagnostic> {
        if !self.builtin {
            return errors;
        }
        let reason = errors
            .first()
            .map(|d| {
                d.message
                    .split_once(": ")
                    .map_or(d.message.as_str(), |(_, m)| m)
            })
            .unwrap_or("ukendt fejl")
            .to_string();
        let mut without_body = data.clone();
        without_body["body"] = Value::Array(Vec::new());
        let body_fault = self.compile(&without_body, ident, blame, name).is_ok();
        let (span, what) = if body_fault {
            (place.body.clone(), "planens brødtekst")
        } else {
            (place.front.clone(), "planens felter")
        };
        vec![
            Diagnostic::error(
                MRP306,
                blame,
                span,
                format!("Pdf'en for {name} kan ikke laves: Typst kan ikke sætte {what} ({reason})."),
            )
            .label(if body_fault { "i brødteksten herfra" } else { "i felterne herfra" })
            .hint("Fejlen ligger i planen, ikke i skabelonen: gør teksten enklere (færre niveauer i hinanden, kortere ord; se \"Grænser\" i README.md). mrplan build --no-pdf bygger siden uden pdf'er imens."),
        ]
    }

    /// Compiles the main template over `data`. `ident` makes the PDF's id
    /// stable; `blame` and `name` say which source a failure belongs to.
    pub fn compile(
        &self,
        data: &Value,
        ident: String,
        blame: FileId,
        name: &str,
    ) -> Result<(Vec<u8>, usize), Vec<Diagnostic>> {
        let data = self.json(data, blame, name)?;
        self.compile_json(data, ident, blame, name)
    }

    /// `data` as the JSON bytes the template reads.
    fn json(&self, data: &Value, blame: FileId, name: &str) -> Result<Vec<u8>, Vec<Diagnostic>> {
        serde_json::to_vec(data).map_err(|e| {
            vec![self.detached(blame, name, format!("dataene kunne ikke skrives: {e}"), &[])]
        })
    }

    /// [`Self::compile`] over data already written as JSON.
    fn compile_json(
        &self,
        data: Vec<u8>,
        ident: String,
        blame: FileId,
        name: &str,
    ) -> Result<(Vec<u8>, usize), Vec<Diagnostic>> {
        let world = DocWorld::new(&self.shared, data).ok_or_else(|| {
            vec![self.detached(blame, name, "Typst afviste stien til dataene.".into(), &[])]
        })?;
        let Warned { output, warnings } = typst::compile::<PagedDocument>(&world);
        let document = output.map_err(|errors| self.report(&world, blame, name, &errors))?;
        // A warning from the template usually means a wrong PDF (an unknown
        // font silently falls back), so it stops the build like an error.
        if !warnings.is_empty() {
            return Err(self.report(&world, blame, name, &warnings));
        }
        let standards = PdfStandards::new(&[PdfStandard::A_2a, PdfStandard::Ua_1])
            .map_err(|e| vec![self.detached(blame, name, e.message().to_string(), &[])])?;
        let options = PdfOptions {
            ident: Smart::Custom(ident),
            creator: Smart::Custom(Some(format!("mrplan {}", env!("CARGO_PKG_VERSION")))),
            timestamp: Some(self.timestamp),
            page_ranges: None,
            standards,
            tagged: true,
            pretty: false,
        };
        let pages = document.pages().len();
        typst_pdf::pdf(&document, &options)
            .map(|bytes| (bytes, pages))
            .map_err(|errors| self.report(&world, blame, name, &errors))
    }

    /// Typst's diagnostics as ours: in the template when the span is there.
    fn report(
        &self,
        world: &DocWorld,
        blame: FileId,
        name: &str,
        found: &[SourceDiagnostic],
    ) -> Vec<Diagnostic> {
        found
            .iter()
            .map(|d| {
                let hints: Vec<String> = d.hints.iter().map(|h| h.v.to_string()).collect();
                let place = d
                    .span
                    .id()
                    .and_then(|id| self.files.get(&id))
                    .zip(world.range(d.span));
                match place {
                    Some((file, range)) => {
                        let mut diag = Diagnostic::error(
                            MRP306,
                            *file,
                            range,
                            format!("Pdf-skabelonen fejler: {}", d.message),
                        )
                        .label("her");
                        diag = match hints.is_empty() {
                            true => diag.hint(
                                "Ret skabelonen; Typsts dokumentation (typst.app/docs) beskriver funktionerne.",
                            ),
                            false => diag.hint(hints.join(" ")),
                        };
                        diag
                    }
                    None => self.detached(blame, name, d.message.to_string(), &hints),
                }
            })
            .collect()
    }

    fn detached(&self, blame: FileId, name: &str, message: String, hints: &[String]) -> Diagnostic {
        let hint = if hints.is_empty() {
            "Tjek temaets pdf-skabelon; byg uden pdf'er med mrplan build --no-pdf.".to_string()
        } else {
            hints.join(" ")
        };
        Diagnostic::error(
            MRP306,
            blame,
            0..0,
            format!("Pdf'en for {name} kunne ikke laves: {message}"),
        )
        .hint(hint)
    }
}

/// The PDFs as a stage like the page renderers: each published plan's PDF
/// and each results section's ([`super::documents`]), with a progress bar,
/// from the persistent cache where it has them.
pub struct PdfStage {
    pub progress: crate::progress::Progress,
    /// `None` with `build --no-cache`.
    pub cache: Option<Cache>,
    /// How many PDFs the last render made (typeset or from the cache).
    pub docs: AtomicUsize,
}

impl PdfStage {
    /// "3 sat, 1.997 fra cache": what `build -v` says of the PDFs.
    pub fn summary(&self) -> String {
        let hits = self
            .cache
            .as_ref()
            .map_or(0, |c| c.hits.load(Ordering::Relaxed));
        let typeset = self.docs.load(Ordering::Relaxed).saturating_sub(hits);
        let mut text = format!(
            "{} sat, {} fra cache",
            super::cache::thousands(typeset),
            super::cache::thousands(hits)
        );
        let rejected = self
            .cache
            .as_ref()
            .map_or(0, |c| c.rejected.load(Ordering::Relaxed));
        if rejected > 0 {
            let what = if rejected == 1 {
                "ugyldig post"
            } else {
                "ugyldige poster"
            };
            text.push_str(&format!(
                "; {} {what} i cachen ignoreret",
                super::cache::thousands(rejected)
            ));
        }
        text
    }
}

impl Renderer for PdfStage {
    fn name(&self) -> &'static str {
        "pdf"
    }

    fn render(&self, ctx: &RenderContext) -> Result<Output, Vec<Diagnostic>> {
        let docs = super::documents(ctx);
        let docs: Vec<&Doc> = docs.iter().collect();
        self.docs.store(docs.len(), Ordering::Relaxed);
        let bar = self.progress.start("pdf'er", docs.len());
        let site_file = ctx.site().file;
        let made = typeset_with(
            ctx.theme,
            ctx.sources,
            site_file,
            ctx.now,
            &docs,
            &|n| bar.set(n),
            self.cache.as_ref(),
        );
        bar.finish();
        made
    }
}

/// Typesets `docs` in parallel; `done` hears how many finished after each
/// batch (for the progress bar).
pub fn typeset(
    theme: &Theme,
    sources: &Sources,
    site_file: FileId,
    now: OffsetDateTime,
    docs: &[&Doc],
    done: &(dyn Fn(usize) + Sync),
) -> Result<Output, Vec<Diagnostic>> {
    typeset_with(theme, sources, site_file, now, docs, done, None)
}

/// [`typeset`], taking what it can from `cache` and keeping what it makes
/// there. The cache must have been opened with this build's fingerprint.
pub fn typeset_with(
    theme: &Theme,
    sources: &Sources,
    site_file: FileId,
    now: OffsetDateTime,
    docs: &[&Doc],
    done: &(dyn Fn(usize) + Sync),
    cache: Option<&Cache>,
) -> Result<Output, Vec<Diagnostic>> {
    if docs.is_empty() {
        return Ok(Output::default());
    }
    let plans = PdfRenderer::new(theme, sources, site_file, now, MAIN)?;
    let reports = if docs.iter().any(|d| d.main == REPORT) {
        Some(PdfRenderer::new(theme, sources, site_file, now, REPORT)?)
    } else {
        None
    };
    let results = batched(docs, done, |doc| {
        let renderer = match (doc.main, &reports) {
            (REPORT, Some(r)) => r,
            _ => &plans,
        };
        (doc.path.clone(), one(renderer, doc, cache))
    });
    gather(results)
}

/// One document's PDF: from the cache when it has it, else typeset (and
/// kept there).
fn one(renderer: &PdfRenderer, doc: &Doc, cache: Option<&Cache>) -> Compiled {
    let data = renderer.json(&doc.data, doc.blame, &doc.name)?;
    let key = cache.map(|c| (c, c.key(doc.main, &doc.ident, &data)));
    if let Some(hit) = key.and_then(|(c, k)| c.get(k)) {
        return Ok((hit.pdf, hit.pages));
    }
    let made = renderer
        .compile_json(data, doc.ident.clone(), doc.blame, &doc.name)
        .map_err(|errors| match (&doc.place, doc.main) {
            (Some(place), MAIN) => renderer.locate(
                &doc.data,
                doc.ident.clone(),
                doc.blame,
                &doc.name,
                place,
                errors,
            ),
            _ => errors,
        })?;
    if let Some((c, k)) = key {
        c.put(k, &made.0, made.1);
    }
    Ok(made)
}

/// One document's PDF and its page count, or why it failed.
type Compiled = Result<(Vec<u8>, usize), Vec<Diagnostic>>;

/// The PDFs that compiled, or every error; a broken template fails every
/// document the same way, so each distinct error is said once.
fn gather(results: Vec<(String, Compiled)>) -> Result<Output, Vec<Diagnostic>> {
    let mut out = Output::default();
    let mut errors: Vec<Diagnostic> = Vec::new();
    for (path, result) in results {
        match result {
            Ok((bytes, pages)) => {
                out.pages.insert(path.clone(), pages);
                out.add(path, bytes);
            }
            Err(found) => {
                for d in found {
                    if !errors
                        .iter()
                        .any(|e| e.file == d.file && e.span == d.span && e.message == d.message)
                    {
                        errors.push(d);
                    }
                }
            }
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// Runs `job` over `items` in parallel, [`BATCH`] at a time, emptying Typst's
/// cache between batches from this thread (evicting inside the workers does
/// not bound memory).
fn batched<T: Sync, R: Send>(
    items: &[T],
    done: &(dyn Fn(usize) + Sync),
    job: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    let mut out = Vec::with_capacity(items.len());
    for batch in items.chunks(BATCH) {
        out.extend(batch.par_iter().map(&job).collect::<Vec<R>>());
        comemo::evict(1);
        done(out.len());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plan_the_built_in_template_cannot_set_is_blamed_at_its_body() {
        let dir = tempfile::tempdir().expect("tmp");
        let fixture =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minimal");
        for rel in [
            "content/_index.md",
            "content/styrelser/abc.md",
            "content/planer/2025/abc.md",
        ] {
            let to = dir.path().join(rel);
            std::fs::create_dir_all(to.parent().expect("parent")).expect("mkdir");
            std::fs::copy(fixture.join(rel), &to).expect("copy");
        }
        // Lists 30 deep: past Typst's limits (check refuses this, MRP125; here
        // the renderer is called directly, as if a limit were missing).
        let plan_path = dir.path().join("content/planer/2025/abc.md");
        let mut text = std::fs::read_to_string(&plan_path).expect("read");
        text.extend((0..30).map(|i| format!("{}- niveau {i}\n", "  ".repeat(i))));
        std::fs::write(&plan_path, text).expect("write");
        let loaded = crate::load::load(dir.path()).expect("load");
        let mut sources = loaded.sources;
        let content = loaded.content;
        let theme = Theme::load(dir.path(), &content.site, &mut sources).expect("theme");
        let now = time::macros::datetime!(2026-11-23 12:00 UTC);
        let published =
            crate::publish::publish(&content, &sources, crate::publish::Drafts::Include)
                .expect("publish");
        let plan = &published.plans[0];
        let ctx = RenderContext::new(&published, &theme, &sources, now);
        let renderer =
            PdfRenderer::new(&theme, &sources, content.site.file, now, MAIN).expect("renderer");
        let errors = renderer
            .plan_pdf(&ctx, &super::super::site_data(&published.site), plan)
            .expect_err("too deep for Typst");
        assert_eq!(errors.len(), 1);
        let e = &errors[0];
        assert_eq!(e.file, plan.file);
        let line = sources.text(plan.file)[e.span.clone()].to_string();
        assert_eq!(line, "## Indledning");
        assert_eq!(
            e.message,
            "Pdf'en for abc 2025 kan ikke laves: Typst kan ikke sætte planens brødtekst (maximum function call depth exceeded)."
        );
    }
}
