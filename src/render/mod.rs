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
}

impl RenderContext<'_> {
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
