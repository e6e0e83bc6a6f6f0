//! Print-ready PDFs, typeset in-process with Typst.
//!
//! The theme's `pdf/plan.typ` is compiled once per plan against a shared
//! [`world::Shared`] (fonts, templates); the plan reaches it only as
//! `/data.json`. Output is PDF/A-2a and PDF/UA-1, tagged, and byte-identical
//! across builds when `SOURCE_DATE_EPOCH` is set.

pub mod ast;
pub mod world;

use std::collections::HashMap;

use pulldown_cmark::HeadingLevel;
use rayon::prelude::*;
use serde_json::{Value, json};
use time::OffsetDateTime;
use typst::WorldExt;
use typst::diag::{SourceDiagnostic, Warned};
use typst::foundations::{Datetime, Smart};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use crate::dates;
use crate::diagnostics::{Diagnostic, FileId, Sources};
use crate::model::Plan;
use crate::output::Output;
use crate::render::theme::Theme;
use crate::render::{RenderContext, Renderer, views};
use world::{DocWorld, Shared};

/// The template every plan PDF starts from, inside the theme's `pdf/` folder.
pub const MAIN: &str = "plan.typ";
/// The template of the year-end report sections.
pub const REPORT: &str = "report.typ";
/// Plans compiled between cache evictions: bounds memory on big sites
/// (Typst's cache grows ~5 MB per document and is not shared across plans).
const BATCH: usize = 16;

pub struct PdfRenderer {
    shared: Shared,
    /// Typst's id of each template file → ours, to point errors at the template.
    files: HashMap<typst::syntax::FileId, FileId>,
    timestamp: Timestamp,
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
                    "MRP306",
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
                "MRP306",
                site_file,
                0..0,
                format!("Datoen {date} kan ikke bruges i en pdf."),
            )]);
        };
        let shared = Shared::new(
            &templates,
            &format!("/{main}"),
            &theme.fonts,
            theme.static_dirs.clone(),
            today,
        )
        .ok_or_else(|| {
            vec![Diagnostic::error(
                "MRP306",
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
        Ok(PdfRenderer {
            shared,
            files,
            timestamp: Timestamp::new_utc(stamp),
        })
    }

    /// The site part of every plan's data (computed once per build).
    pub fn site_data(content: &crate::load::Content) -> Value {
        serde_json::to_value(views::site(content)).unwrap_or(Value::Null)
    }

    /// The data the template reads as `/data.json`.
    pub fn data(ctx: &RenderContext, site: &Value, plan: &Plan) -> Value {
        let view = views::plan(ctx.content, plan, ctx.pdf_url(plan));
        let url = views::plan_url(plan);
        let page_dir = url.trim_end_matches("index.html");
        let place = ast::Place {
            base_url: &ctx.content.site.base_url,
            page_dir,
        };
        let mut body = ast::convert(&plan.body.text, HeadingLevel::H1, &place);
        drop_missing_images(&mut body, &ctx.theme.static_dirs);
        json!({
            "site": site,
            "plan": view,
            "body": body,
            "generated": dates::long_da(ctx.now.date()),
        })
    }

    /// Typesets one plan. Errors point at the template (or at the plan when
    /// Typst cannot say where).
    pub fn plan_pdf(
        &self,
        ctx: &RenderContext,
        site: &Value,
        plan: &Plan,
    ) -> Result<Vec<u8>, Vec<Diagnostic>> {
        let data = Self::data(ctx, site, plan);
        let name = format!("{} {}", plan.slug(), plan.year());
        self.compile(
            &data,
            format!("mrplan/{}/{}", plan.slug(), plan.year()),
            plan.file,
            &name,
        )
    }

    /// Compiles the main template over `data`. `ident` makes the PDF's id
    /// stable; `blame` and `name` say which source a failure belongs to.
    pub fn compile(
        &self,
        data: &Value,
        ident: String,
        blame: FileId,
        name: &str,
    ) -> Result<Vec<u8>, Vec<Diagnostic>> {
        let data = serde_json::to_vec(data).map_err(|e| {
            vec![self.detached(blame, name, format!("dataene kunne ikke skrives: {e}"), &[])]
        })?;
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
        typst_pdf::pdf(&document, &options)
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
                            "MRP306",
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
            "MRP306",
            blame,
            0..0,
            format!("Pdf'en for {name} kunne ikke laves: {message}"),
        )
        .hint(hint)
    }
}

/// The PDF of every published results section (`resultater/<år>/<slug>.pdf`).
pub fn render_reports(
    theme: &Theme,
    sources: &Sources,
    site_file: FileId,
    ctx: &RenderContext,
) -> Result<Output, Vec<Diagnostic>> {
    let jobs: Vec<(i32, &Plan)> = crate::render::html::results_by_year(ctx)
        .into_iter()
        .flat_map(|(y, plans)| plans.into_iter().map(move |p| (y, p)))
        .collect();
    if jobs.is_empty() {
        return Ok(Output::default());
    }
    let renderer = PdfRenderer::new(theme, sources, site_file, ctx.now, REPORT)?;
    let results = batched(&jobs, |(year, plan)| {
        let report = crate::report::report(ctx.content, *year, &[*plan]);
        let data = serde_json::to_value(&report).unwrap_or_default();
        let bytes = renderer.compile(
            &data,
            format!("mrplan/resultater/{}/{year}", plan.slug()),
            plan.file,
            &format!("målrapporteringen {} {year}", plan.slug()),
        );
        (
            crate::render::html::report_pdf_url(*year, plan.slug()),
            bytes,
        )
    });
    gather(results)
}

/// One document's PDF, or why it failed.
type Compiled = Result<Vec<u8>, Vec<Diagnostic>>;

/// The PDFs that compiled, or every error; a broken template fails every
/// document the same way, so each distinct error is said once.
fn gather(results: Vec<(String, Compiled)>) -> Result<Output, Vec<Diagnostic>> {
    let mut out = Output::default();
    let mut errors: Vec<Diagnostic> = Vec::new();
    for (path, result) in results {
        match result {
            Ok(bytes) => out.add(path, bytes),
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
fn batched<T: Sync, R: Send>(items: &[T], job: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let mut out = Vec::with_capacity(items.len());
    for batch in items.chunks(BATCH) {
        out.extend(batch.par_iter().map(&job).collect::<Vec<R>>());
        comemo::evict(1);
    }
    out
}

/// An image whose file is not in `static/` prints as its alt text instead
/// of failing the whole PDF.
fn drop_missing_images(nodes: &mut [Value], static_dirs: &[std::path::PathBuf]) {
    for n in nodes {
        if n["t"] == "image"
            && let Some(src) = n["src"].as_str()
        {
            let rel = src.trim_start_matches(world::STATIC_PREFIX);
            if !static_dirs.iter().any(|d| d.join(rel).is_file()) {
                n["src"] = Value::Null;
            }
        }
        if let Some(Value::Array(children)) = n.get_mut("c") {
            drop_missing_images(children, static_dirs);
        }
    }
}

impl Renderer for PdfRenderer {
    fn name(&self) -> &'static str {
        "pdf"
    }

    fn render(&self, ctx: &RenderContext) -> Result<Output, Vec<Diagnostic>> {
        let site = Self::site_data(ctx.content);
        let results = batched(&ctx.plans, |plan| {
            (
                crate::render::plan_pdf_path(plan),
                self.plan_pdf(ctx, &site, plan),
            )
        });
        gather(results)
    }
}
