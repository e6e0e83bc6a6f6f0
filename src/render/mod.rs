//! The seam between loaded content and each output (mdBook's `Renderer`):
//! every renderer gets the same context and returns files, or diagnostics.

mod feeds;
pub mod html;
pub mod links;
mod opendata;
pub mod theme;
pub mod views;

pub use feeds::{FeedRenderer, escape_xml};
pub use html::HtmlRenderer;
pub use opendata::{OpenDataRenderer, csv_field};

use std::collections::BTreeSet;

use time::OffsetDateTime;

use crate::diagnostics::{Diagnostic, Sources};
use crate::load::Content;
use crate::model::Plan;
use crate::output::Output;
use theme::Theme;

/// What every renderer may read.
pub struct RenderContext<'a> {
    pub content: &'a Content,
    /// The plans to publish: approved ones (and drafts with `--drafts`).
    pub plans: Vec<&'a Plan>,
    pub theme: &'a Theme,
    pub sources: &'a Sources,
    /// The build time (`SOURCE_DATE_EPOCH` when set).
    pub now: OffsetDateTime,
    /// Whether PDFs are built, so pages can link them.
    pub pdfs: bool,
    /// Render only what an edit affects (`serve`); `None` renders everything.
    pub only: Option<&'a Scope>,
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
        self.plans.contains(&(plan.year(), plan.slug().to_string()))
    }

    /// Whether a full build would write `path` as part of this scope (or as
    /// one of the pages every render writes). A scoped render's output
    /// replaces exactly these paths; a page that is gone then is deleted.
    pub fn owns(&self, path: &str) -> bool {
        const ALWAYS: &[&str] = &[
            "index.html",
            "styrelser/index.html",
            "404.html",
            "sitemap.xml",
            "atom.xml",
            "data/planer.json",
            "data/mål.csv",
        ];
        ALWAYS.contains(&path)
            || self.plans.iter().any(|(year, slug)| {
                path == format!("planer/{year}/{slug}/index.html")
                    || path == views::results_url(*year, slug)
            })
            || self
                .agencies
                .iter()
                .any(|slug| path == views::agency_url(slug))
            || self
                .years
                .iter()
                .any(|year| path == format!("resultater/{year}/index.html"))
    }

    /// The PDFs this scope owns: each plan's and its results PDF.
    pub fn owns_pdf(&self, path: &str) -> bool {
        self.plans.iter().any(|(year, slug)| {
            path == format!("planer/{year}/{slug}.pdf") || path == html::report_pdf_url(*year, slug)
        })
    }
}

impl RenderContext<'_> {
    /// True when the render includes drafts: a preview, never the
    /// published site (pages say so, and ask search engines to stay away).
    pub fn is_preview(&self) -> bool {
        self.plans.iter().any(|p| p.is_draft())
    }

    /// Where a plan's PDF is published, relative to the site root.
    pub fn pdf_url(&self, plan: &Plan) -> Option<String> {
        self.pdfs.then(|| plan_pdf_path(plan))
    }
}

/// Where a plan's PDF is written, relative to the site root.
pub fn plan_pdf_path(plan: &Plan) -> String {
    format!("planer/{}/{}.pdf", plan.year(), plan.slug())
}

/// One kind of output.
pub trait Renderer: Sync {
    /// Shown in `--verbose` timings.
    fn name(&self) -> &'static str;
    fn render(&self, ctx: &RenderContext) -> Result<Output, Vec<Diagnostic>>;
}
