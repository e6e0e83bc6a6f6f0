//! Print-ready PDFs, typeset in-process with Typst.
//!
//! The theme's `pdf/plan.typ` is compiled once per plan against a shared
//! [`world::Shared`] (fonts, templates); the plan reaches it only as
//! `/data.json`. Output is PDF/A-2a and PDF/UA-1, tagged, and byte-identical
//! across builds when `SOURCE_DATE_EPOCH` is set.
//!
//! What each document gets (its data) is here; Typst itself is behind the
//! `pdf` feature (`typeset.rs`, `world.rs`), so the fuzz targets build
//! without it.

pub mod ast;
pub mod cache;
#[cfg(feature = "pdf")]
mod typeset;
#[cfg(feature = "pdf")]
pub mod world;

#[cfg(feature = "pdf")]
pub use typeset::{PdfRenderer, PdfStage, configure_threads, typeset, typeset_with};

use pulldown_cmark::HeadingLevel;
use rayon::prelude::*;
use serde_json::{Value, json};

use crate::dates;
use crate::diagnostics::FileId;
use crate::model::{Plan, Site};
use crate::render::RenderContext;
use crate::render::theme::Theme;
use crate::views;

/// The template every plan PDF starts from, inside the theme's `pdf/` folder.
pub const MAIN: &str = "plan.typ";
/// The template of the year-end report sections.
pub const REPORT: &str = "report.typ";
/// Where images from `static/` are found in the Typst world.
pub const STATIC_PREFIX: &str = "/static/";

/// The site part of every plan's data (computed once per build).
pub fn site_data(site: &Site) -> Value {
    serde_json::to_value(views::site(site)).unwrap_or(Value::Null)
}

/// The data the template reads as `/data.json`.
pub fn data(ctx: &RenderContext, site: &Value, plan: &Plan) -> Value {
    let view = views::plan(plan, ctx.plan_pdfs(plan), ctx.now.date());
    let url = crate::urls::plan(plan.year, &plan.agency.slug);
    let page_dir = url.trim_end_matches("index.html");
    let place = ast::Place {
        base_url: &ctx.site().base_url,
        page_dir,
    };
    let mut body = ast::convert(&plan.body.text, HeadingLevel::H1, &place);
    drop_missing_images(&mut body, ctx.theme);
    json!({
        "site": site,
        "plan": view,
        "body": body,
        "generated": dates::long_da(ctx.now.date()),
    })
}

/// One PDF a build makes: the template to compile and its data.
pub struct Doc {
    /// Where it is published, relative to the site root.
    pub path: String,
    /// [`MAIN`] or [`REPORT`].
    pub main: &'static str,
    pub data: Value,
    /// Makes the PDF's document id stable.
    pub ident: String,
    /// The plan a failure is reported against, and its name in messages.
    pub blame: FileId,
    pub name: String,
    /// Where a plan's own PDF fails, when the template is not to blame.
    pub place: Option<Place>,
}

/// The parts of a plan a failed PDF is blamed on: the front matter (its
/// first line) and the body (its first line).
#[derive(Clone, Debug)]
pub struct Place {
    pub front: crate::span::Span,
    pub body: crate::span::Span,
}

/// Where in its file a plan's PDF failure is shown.
pub fn place_of(plan: &Plan, text: &str) -> Place {
    let start = plan.body.offset.min(text.len());
    // The first line with text in the body (or the line after the front matter).
    let skipped = text[start..].len() - text[start..].trim_start().len();
    let from = start + skipped;
    let end = text[from..].find('\n').map_or(text.len(), |i| from + i);
    Place {
        front: plan.anchor.clone(),
        body: from..end,
    }
}

/// Every PDF a build of `ctx` makes: each published plan's, and each
/// results section's (`resultater/<år>/<slug>.pdf`), and the whole
/// målrapportering of each year (`resultater/<år>/maalrapportering-<år>.pdf`).
pub fn documents(ctx: &RenderContext) -> Vec<Doc> {
    let site = site_data(ctx.site());
    let mut docs: Vec<Doc> = ctx
        .plans()
        .par_iter()
        .map(|plan| Doc {
            path: crate::urls::plan_pdf(plan.year, &plan.agency.slug),
            main: MAIN,
            data: data(ctx, &site, plan),
            ident: plan_ident(plan),
            blame: plan.file,
            name: plan_name(plan),
            place: Some(place_of(plan, ctx.sources.text(plan.file))),
        })
        .collect();
    for (year, plans) in crate::render::html::results_by_year(ctx) {
        // The whole målrapportering of the year, linked from the year's
        // overview page (only approved plans have results).
        if let Some(first) = plans.first() {
            let report = crate::report::report(ctx.site(), year, &plans);
            docs.push(Doc {
                path: crate::urls::results_all(year, "pdf"),
                main: REPORT,
                data: crate::report::Document::Results(report).pdf_data(),
                ident: format!("mrplan/resultater/{year}"),
                blame: first.file,
                name: format!("målrapporteringen {year}"),
                place: None,
            });
        }
        for plan in plans {
            let slug = &plan.agency.slug;
            let report = crate::report::report(ctx.site(), year, &[plan]);
            docs.push(Doc {
                path: crate::urls::results_pdf(year, slug),
                main: REPORT,
                data: crate::report::Document::Results(report).pdf_data(),
                ident: format!("mrplan/resultater/{slug}/{year}"),
                blame: plan.file,
                name: format!("målrapporteringen {slug} {year}"),
                place: None,
            });
        }
    }
    docs
}

/// Makes a plan PDF's document id stable across builds.
pub fn plan_ident(plan: &Plan) -> String {
    format!("mrplan/{}/{}", plan.agency.slug, plan.year)
}

/// How a plan's PDF is named in messages: "fmi 2025".
pub fn plan_name(plan: &Plan) -> String {
    format!("{} {}", plan.agency.slug, plan.year)
}

/// An image whose file is not in `static/` prints as its alt text instead
/// of failing the whole PDF.
fn drop_missing_images(nodes: &mut [Value], theme: &Theme) {
    for n in nodes {
        if n["t"] == "image"
            && let Some(src) = n["src"].as_str()
        {
            let rel = src.trim_start_matches(STATIC_PREFIX);
            if theme.static_file(rel).is_none() {
                n["src"] = Value::Null;
            }
        }
        if let Some(Value::Array(children)) = n.get_mut("c") {
            drop_missing_images(children, theme);
        }
    }
}
