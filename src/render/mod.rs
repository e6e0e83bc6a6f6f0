//! The seam between loaded content and each output (mdBook's `Renderer`):
//! every renderer gets the same context and returns files, or diagnostics.

mod feeds;
pub mod html;
pub mod links;
mod opendata;
pub mod search;
pub mod theme;

pub use feeds::FeedRenderer;
pub use html::HtmlRenderer;
pub use opendata::OpenDataRenderer;

use std::collections::BTreeSet;

use rayon::prelude::*;

use time::OffsetDateTime;

use crate::diagnostics::{Diagnostic, Sources};
use crate::model::{Plan, Published, Site};
use crate::output::Output;
use crate::phases::Phases;
use crate::urls;
pub use crate::views::{FileLink, PlanPdfs};
use theme::Theme;

/// What every renderer may read.
pub struct RenderContext<'a> {
    /// What is published: approved plans (and drafts in a preview).
    pub published: &'a Published,
    pub theme: &'a Theme,
    pub sources: &'a Sources,
    /// The build time (`SOURCE_DATE_EPOCH` when set).
    pub now: OffsetDateTime,
    /// Whether PDFs are built, so pages can link them.
    pub pdfs: bool,
    /// Whether the search index is built, so the search page can use it
    /// (off with `build --no-search`; `serve` always builds it).
    pub search: bool,
    /// Render only what an edit affects (`serve`); `None` renders everything.
    pub only: Option<&'a Scope>,
    /// The PDFs made before the pages, so links can say their size and
    /// page count (`build` makes them first; `serve` has those its PDF
    /// worker made, and the worker renders the pages again when they change).
    pub made: Option<&'a PdfFacts>,
}

/// What an edit affects, for `serve`'s quick rebuild. Only these pages are
/// rendered again; the listings, feeds and open data always are, as they
/// show every plan. [`Scope::owns`] names the pages a scoped render replaces.
#[derive(Clone, Debug, Default)]
pub struct Scope {
    /// Plans as (year, agency): their pages and results pages.
    pub plans: BTreeSet<(i32, String)>,
    pub agencies: BTreeSet<String>,
    /// Years whose results overview is redone.
    pub years: BTreeSet<i32>,
}

impl Scope {
    pub fn has_plan(&self, plan: &Plan) -> bool {
        self.plans.contains(&(plan.year, plan.agency.slug.clone()))
    }

    /// Whether a full build would write `path` as part of this scope (or as
    /// one of the pages every render writes). A scoped render's output
    /// replaces exactly these paths; a page that is gone then is deleted.
    pub fn owns(&self, path: &str) -> bool {
        urls::ALWAYS.contains(&path)
            || urls::is_search_file(path)
            || self.plans.iter().any(|(year, slug)| {
                path == urls::plan(*year, slug) || path == urls::results(*year, slug)
            })
            || self.agencies.iter().any(|slug| path == urls::agency(slug))
            || self.years.iter().any(|year| {
                path == urls::results_overview(*year)
                    || path == urls::results_all(*year, "docx")
                    || path == urls::status(*year)
            })
    }

    /// The PDFs this scope owns: each plan's and its results PDF.
    pub fn owns_pdf(&self, path: &str) -> bool {
        self.plans.iter().any(|(year, slug)| {
            path == urls::plan_pdf(*year, slug) || path == urls::results_pdf(*year, slug)
        }) || self
            .years
            .iter()
            .any(|year| path == urls::results_all(*year, "pdf"))
    }
}

impl<'a> RenderContext<'a> {
    /// A full render of `published`: every page, PDFs linked.
    pub fn new(
        published: &'a Published,
        theme: &'a Theme,
        sources: &'a Sources,
        now: OffsetDateTime,
    ) -> Self {
        RenderContext {
            published,
            theme,
            sources,
            now,
            pdfs: true,
            search: cfg!(feature = "search"),
            only: None,
            made: None,
        }
    }

    /// The plans to publish, in the content's order.
    pub fn plans(&self) -> &'a [Plan] {
        &self.published.plans
    }

    pub fn site(&self) -> &'a Site {
        &self.published.site
    }

    /// True when the render includes drafts: a preview, never the
    /// published site (pages say so, and ask search engines to stay away).
    pub fn is_preview(&self) -> bool {
        self.plans().iter().any(|p| p.is_draft())
    }

    /// Where a plan's PDF is published, relative to the site root.
    pub fn pdf_url(&self, plan: &Plan) -> Option<String> {
        self.pdfs
            .then(|| urls::plan_pdf(plan.year, &plan.agency.slug))
    }

    /// A link to a PDF this render makes, with its size and page count
    /// when they are known.
    pub fn pdf_link(&self, url: Option<String>) -> Option<FileLink> {
        let url = url?;
        let made = self.made.and_then(|m| m.get(&url));
        let made = made.map(|&(bytes, pages)| (bytes, Some(pages)));
        Some(FileLink::new(url, made))
    }

    /// The plan's generated PDF and, when it names one, its signed original.
    pub fn plan_pdfs(&self, plan: &Plan) -> PlanPdfs {
        let signed = plan.signed_pdf.as_ref().map(|path| {
            let bytes = self.theme.static_file(path).map(|b| (b.len(), None));
            FileLink::new(path.clone(), bytes)
        });
        PlanPdfs {
            generated: self.pdf_link(self.pdf_url(plan)),
            signed,
        }
    }
}

/// Each PDF made, by its path: its size in bytes and its page count.
pub type PdfFacts = std::collections::BTreeMap<String, (usize, usize)>;

/// The facts of the PDFs in `output`.
pub fn pdf_facts(output: &Output) -> PdfFacts {
    output
        .pages
        .iter()
        .filter_map(|(path, pages)| Some((path.clone(), (output.files.get(path)?.len(), *pages))))
        .collect()
}

/// One kind of output.
pub trait Renderer: Sync {
    /// Shown in `--verbose` timings.
    fn name(&self) -> &'static str;
    fn render(&self, ctx: &RenderContext) -> Result<Output, Vec<Diagnostic>>;
}

/// Runs `renderers` in order over `ctx`, each as a timed phase: every file
/// they make, or the problems of the first that failed (a later one, such
/// as the PDFs, would only fail again for the same reason, or waste time).
/// `build` and `serve` both render through here.
pub fn run(
    ctx: &RenderContext,
    renderers: &[&dyn Renderer],
    phases: &mut Phases,
) -> Result<Output, Vec<Diagnostic>> {
    // The renderers read the same context and write different files: they
    // run side by side (the open data while the pages render), each timed.
    let made: Vec<_> = renderers
        .par_iter()
        .map(|r| {
            let start = std::time::Instant::now();
            let made = r.render(ctx);
            (r.name(), start.elapsed(), made)
        })
        .collect();
    let mut output = Output::default();
    for (name, took, made) in made {
        phases.record(name, took);
        output.extend(made?);
    }
    Ok(output)
}
