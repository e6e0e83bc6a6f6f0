//! The public website, rendered with Tera from the theme's templates.

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera};

use super::theme::Theme;
use super::views::{self, PlanSummary};
use super::{RenderContext, Renderer};
use crate::dates;
use crate::diagnostics::{Diagnostic, Sources};
use crate::model::Plan;
use crate::output::Output;
use crate::report;

pub struct HtmlRenderer {
    tera: Tera,
}

#[derive(Serialize)]
struct Crumb {
    title: String,
    url: String,
}

impl HtmlRenderer {
    /// Compiles every template; syntax errors and unknown filters show up here.
    pub fn new(theme: &Theme, sources: &Sources) -> Result<Self, Vec<Diagnostic>> {
        let mut tera = Tera::new();
        tera.autoescape_on(vec![".html", ".xml"]);
        let templates: Vec<(String, String)> = theme
            .templates
            .iter()
            .map(|(name, id)| (name.clone(), sources.text(*id).to_string()))
            .collect();
        tera.add_raw_templates(templates)
            .map_err(|e| template_errors(&e, theme, sources, ""))?;
        Ok(HtmlRenderer { tera })
    }

    /// The site's theme and its compiled templates, or the problems of either.
    pub fn load(
        root: &std::path::Path,
        site: &crate::model::SiteConfig,
        sources: &mut Sources,
    ) -> Result<(Theme, Self), Vec<Diagnostic>> {
        let theme = Theme::load(root, site, sources)?;
        let html = HtmlRenderer::new(&theme, sources)?;
        Ok((theme, html))
    }

    #[allow(clippy::too_many_arguments)]
    fn page(
        &self,
        ctx: &RenderContext,
        site: &tera::Value,
        template: &str,
        root: &str,
        title: &str,
        crumbs: Vec<Crumb>,
        mut extra: Context,
    ) -> Result<String, Vec<Diagnostic>> {
        extra.insert("site", site);
        extra.insert("root", root);
        extra.insert("page_title", title);
        extra.insert("breadcrumbs", &crumbs);
        self.tera
            .render(template, &extra)
            .map_err(|e| template_errors(&e, ctx.theme, ctx.sources, template))
    }
}

fn crumb(title: &str, url: &str) -> Crumb {
    Crumb {
        title: title.to_string(),
        url: url.to_string(),
    }
}

impl Renderer for HtmlRenderer {
    fn name(&self) -> &'static str {
        "html"
    }

    fn render(&self, ctx: &RenderContext) -> Result<Output, Vec<Diagnostic>> {
        let content = ctx.content;
        let site_title = content.site.title.as_str();
        // The same for every page (and it renders the intro's Markdown): once.
        let mut site_view = views::site(content);
        site_view.preview = ctx.is_preview();
        let site = tera::Value::try_from_serializable(&site_view).unwrap_or(tera::Value::none());
        let summaries: Vec<PlanSummary> = ctx
            .plans
            .iter()
            .map(|p| views::summary(content, p, ctx.pdf_url(p), ctx.now.date()))
            .collect();

        // Plan pages are independent: render them in parallel.
        let plan_pages: Vec<Result<(String, String), Vec<Diagnostic>>> = ctx
            .plans
            .par_iter()
            .filter(|plan| ctx.only.is_none_or(|s| s.has_plan(plan)))
            .map(|plan| {
                let view = views::plan(content, plan, ctx.pdf_url(plan));
                let crumbs = vec![
                    crumb(site_title, "index.html"),
                    crumb(&view.agency.name, &view.agency.url),
                    crumb(&plan.year().to_string(), &view.url),
                ];
                let mut c = Context::new();
                c.insert("plan", &view);
                let html =
                    self.page(ctx, &site, "plan.html", "../../../", &view.title, crumbs, c)?;
                Ok((view.url, html))
            })
            .collect();

        let mut out = Output::default();
        let mut errors = Vec::new();
        for page in plan_pages {
            match page {
                Ok((url, html)) => out.add(url, html),
                Err(mut e) => errors.append(&mut e),
            }
        }

        let mut add = |result: Result<String, Vec<Diagnostic>>, path: &str| match result {
            Ok(html) => out.add(path, html),
            Err(mut e) => errors.append(&mut e),
        };

        let mut c = Context::new();
        c.insert("years", &views::by_year(summaries.clone()));
        c.insert("updated", &latest_update(ctx));
        add(
            self.page(
                ctx,
                &site,
                "index.html",
                "",
                site_title,
                vec![crumb(site_title, "index.html")],
                c,
            ),
            "index.html",
        );

        let agencies_title = "Styrelser";
        let mut agency_list = Vec::new();
        for agency in &content.agencies {
            let plans: Vec<PlanSummary> = summaries
                .iter()
                .filter(|s| s.agency.slug == agency.slug)
                .cloned()
                .collect();
            let view = views::agency(agency, plans);
            if ctx.only.is_some_and(|s| !s.agencies.contains(&agency.slug)) {
                agency_list.push(view);
                continue;
            }
            let crumbs = vec![
                crumb(site_title, "index.html"),
                crumb(agencies_title, "styrelser/index.html"),
                crumb(&agency.name, &view.agency.url),
            ];
            let mut c = Context::new();
            c.insert("agency", &view);
            add(
                self.page(ctx, &site, "agency.html", "../../", &agency.name, crumbs, c),
                &views::agency_url(&agency.slug),
            );
            agency_list.push(view);
        }
        let mut c = Context::new();
        c.insert("agencies", &agency_list);
        let crumbs = vec![
            crumb(site_title, "index.html"),
            crumb(agencies_title, "styrelser/index.html"),
        ];
        add(
            self.page(
                ctx,
                &site,
                "agencies.html",
                "../",
                agencies_title,
                crumbs,
                c,
            ),
            "styrelser/index.html",
        );

        // Year-end results: a page per agency and an overview per year.
        for (year, plans) in results_by_year(ctx) {
            if ctx.only.is_some_and(|s| !s.years.contains(&year)) {
                continue;
            }
            let report = report::report(content, year, &plans);
            let heading = format!("{} – {}", report.heading, content.site.ministry);
            let overview_url = format!("resultater/{year}/index.html");
            let mut c = Context::new();
            c.insert("heading", &heading);
            c.insert("intro", &format!("Styrelsernes målopfyldelse i {year}, opgjort ud fra resultaterne i deres mål- og resultatplaner. Vælg en styrelse for at se hele målrapporteringen."));
            c.insert(
                "overview_html",
                &report::formats::html_overview(&report, |slug| Some(format!("{slug}/index.html"))),
            );
            c.insert("sections_html", &Vec::<String>::new());
            c.insert("report", &report);
            let crumbs = vec![
                crumb(site_title, "index.html"),
                crumb(&format!("Resultater {year}"), &overview_url),
            ];
            add(
                self.page(ctx, &site, "results.html", "../../", &heading, crumbs, c),
                &overview_url,
            );
            for (section, plan) in report.sections.iter().zip(&plans) {
                if ctx.only.is_some_and(|s| !s.has_plan(plan)) {
                    continue;
                }
                let url = views::results_url(year, plan.slug());
                let title = format!("{} – {}", section.heading, section.agency.name);
                let mut c = Context::new();
                c.insert("heading", &title);
                c.insert(
                    "sections_html",
                    &vec![report::formats::html_section(section, 1, false)],
                );
                c.insert("section", section);
                c.insert("year", &year);
                c.insert("plan_url", &views::plan_url(plan));
                c.insert(
                    "pdf_url",
                    &ctx.pdfs.then(|| report_pdf_url(year, plan.slug())),
                );
                let crumbs = vec![
                    crumb(site_title, "index.html"),
                    crumb(&format!("Resultater {year}"), &overview_url),
                    crumb(&section.agency.name, &url),
                ];
                add(
                    self.page(ctx, &site, "results.html", "../../../", &title, crumbs, c),
                    &url,
                );
            }
        }

        // 404.html is served from any depth, so its links are absolute from the site's root path.
        let c = Context::new();
        add(
            self.page(
                ctx,
                &site,
                "404.html",
                &root_path(&content.site.base_url),
                "Siden findes ikke",
                vec![crumb(site_title, "index.html")],
                c,
            ),
            "404.html",
        );

        if ctx.only.is_none() {
            for (name, bytes) in &ctx.theme.statics {
                out.add(name.clone(), bytes.clone());
            }
        }
        // A broken plan.html fails once per plan; report each problem once.
        errors.dedup_by(|a, b| a.file == b.file && a.span == b.span && a.message == b.message);
        if errors.is_empty() {
            Ok(out)
        } else {
            Err(errors)
        }
    }
}

/// The published plans with complete results, by year (newest first).
pub fn results_by_year<'a>(ctx: &RenderContext<'a>) -> Vec<(i32, Vec<&'a Plan>)> {
    let mut years: Vec<(i32, Vec<&Plan>)> = Vec::new();
    for plan in ctx
        .plans
        .iter()
        .copied()
        .filter(|p| views::has_results_page(p, ctx.now.date()))
    {
        match years.iter_mut().find(|(y, _)| *y == plan.year()) {
            Some((_, plans)) => plans.push(plan),
            None => years.push((plan.year(), vec![plan])),
        }
    }
    years.sort_by_key(|(y, _)| std::cmp::Reverse(*y));
    for (_, plans) in &mut years {
        plans.sort_by_key(|p| p.slug().to_string());
    }
    years
}

/// Where an agency's results PDF is published.
pub fn report_pdf_url(year: i32, slug: &str) -> String {
    format!("resultater/{year}/{slug}.pdf")
}

/// The newest "opdateret" of the published plans, as "07-04-2020 - kl. 09:56".
fn latest_update(ctx: &RenderContext) -> Option<String> {
    ctx.plans
        .iter()
        .filter_map(|p| p.updated.as_ref().map(|u| u.value))
        .max()
        .map(dates::updated_da)
}

/// "/" for https://x.dk, "/planer/" for https://x.dk/planer.
fn root_path(base_url: &str) -> String {
    let after_scheme = base_url
        .split_once("://")
        .map_or(base_url, |(_, rest)| rest);
    match after_scheme.find('/') {
        Some(i) => format!("{}/", after_scheme[i..].trim_end_matches('/')),
        None => "/".to_string(),
    }
}

/// Tera errors as our diagnostics, pointing into the templates.
fn template_errors(
    e: &tera::Error,
    theme: &Theme,
    sources: &Sources,
    rendering: &str,
) -> Vec<Diagnostic> {
    let hint = "Ret skabelonen i templates/ eller themes/. Skabelonerne får data som site, plan, agency og years; se README.md.";
    let diagnostic = |file, span, message: &str| {
        Diagnostic::error(
            "MRP305",
            file,
            span,
            format!("Skabelonen kan ikke bruges: {message}"),
        )
        .label("her")
        .hint(hint)
    };
    // Syntax and rendering errors carry a span; find one in the chain.
    let mut current: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = current {
        if let Some(te) = err.downcast_ref::<tera::Error>()
            && let tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) = te.kind()
            && let Some(file) = theme.file_of(r.filename())
        {
            return vec![diagnostic(file, r.span().range.clone(), r.message())];
        }
        current = err.source();
    }
    // Validation errors (unknown filters, missing includes ...) arrive as text:
    // "error: <message>\n --> <template>:<line>:<col>". Recover each one.
    let text = e.to_string();
    let mut found = Vec::new();
    let mut message = None;
    for line in text.lines() {
        if let Some(m) = line.strip_prefix("error: ") {
            message = Some(m.to_string());
        } else if let Some(at) = line.trim_start().strip_prefix("--> ")
            && let Some(m) = message.take()
        {
            let mut parts = at.rsplitn(3, ':');
            let (col, row, name) = (parts.next(), parts.next(), parts.next());
            if let (Some(col), Some(row), Some(file)) =
                (col, row, name.and_then(|n| theme.file_of(n)))
            {
                let offset = byte_at(
                    sources.text(file),
                    row.parse().unwrap_or(1),
                    col.parse().unwrap_or(1),
                );
                found.push(diagnostic(file, offset..offset, &m));
            }
        }
    }
    if found.is_empty() {
        // No location at all (e.g. a missing parent template): name the template we rendered.
        let file = theme
            .file_of(rendering)
            .or(theme.templates.first().map(|t| t.1))
            .unwrap_or(0);
        found.push(
            Diagnostic::error(
                "MRP305",
                file,
                0..0,
                format!("Skabelonen kan ikke bruges: {}", text.trim()),
            )
            .hint(hint),
        );
    }
    found
}

/// Byte offset of a 1-based line and character column.
fn byte_at(text: &str, line: usize, column: usize) -> usize {
    let mut offset = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            return offset
                + l.char_indices()
                    .nth(column.saturating_sub(1))
                    .map_or(l.len(), |(b, _)| b);
        }
        offset += l.len();
    }
    text.len()
}
