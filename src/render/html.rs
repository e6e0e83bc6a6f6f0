//! The public website, rendered with Tera from the theme's templates.

use std::collections::HashMap;

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera};

use super::theme::Theme;
use super::{RenderContext, Renderer};
use crate::charts;
use crate::diagnostics::catalogue::MRP305;
use crate::diagnostics::{Diagnostic, Sources};
use crate::model::Plan;
use crate::output::Output;
use crate::report;
use crate::urls;
use crate::views::{self, PlanSummary};

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

    /// The site's theme and its compiled templates, or the problems of
    /// either, or of the files in `static/` the content names (MRP308).
    pub fn load(
        root: &std::path::Path,
        content: &crate::written::Content,
        sources: &mut Sources,
    ) -> Result<(Theme, Self), Vec<Diagnostic>> {
        let theme = Theme::load(root, &content.site, sources)?;
        let mut missing = Vec::new();
        crate::rules::check_files(content, &|p| theme.static_file(p), &mut missing);
        if !missing.is_empty() {
            return Err(missing);
        }
        let html = HtmlRenderer::new(&theme, sources)?;
        Ok((theme, html))
    }
}

/// One page to render: its template, where it is written, its title and
/// breadcrumbs, and what the template sees besides `site`.
struct Page {
    template: &'static str,
    url: String,
    title: String,
    crumbs: Vec<Crumb>,
    context: Context,
}

fn crumb(title: &str, url: &str) -> Crumb {
    Crumb {
        title: title.to_string(),
        url: url.to_string(),
    }
}

/// One render of the site: what every page shares, and what it wrote.
struct Pages<'a> {
    html: &'a HtmlRenderer,
    ctx: &'a RenderContext<'a>,
    /// The `site` every template sees (it renders the intro's Markdown: once).
    site: tera::Value,
    /// Every plan in a listing, in the published order.
    summaries: Vec<PlanSummary>,
    /// The years with a status page (some plan has a quarterly follow-up).
    status_years: std::collections::BTreeSet<i32>,
    out: Output,
    errors: Vec<Diagnostic>,
}

impl Pages<'_> {
    /// A page's way back to the root (`root` in templates) comes from its
    /// own URL; the 404 page passes its own, as it is served from any depth.
    /// The page's path and its HTML (or the template's problems).
    fn render(&self, page: Page, root: &str) -> (String, Result<String, Vec<Diagnostic>>) {
        let mut context = page.context;
        // Shared, not copied: a tera Value clones as a reference count.
        context.insert_value("site", self.site.clone());
        context.insert("root", root);
        context.insert("page_title", &page.title);
        context.insert("breadcrumbs", &page.crumbs);
        let html = self
            .html
            .tera
            .render(page.template, &context)
            .map_err(|e| template_errors(&e, self.ctx.theme, self.ctx.sources, page.template));
        (page.url, html)
    }

    fn add(&mut self, page: Page) {
        let root = urls::root_of(&page.url);
        self.add_at(page, &root);
    }

    /// Renders independent pages in parallel (a large site has thousands),
    /// and adds them in their order.
    fn add_all(&mut self, pages: Vec<Page>) {
        let rendered: Vec<_> = pages
            .into_par_iter()
            .map(|page| {
                let root = urls::root_of(&page.url);
                self.render(page, &root)
            })
            .collect();
        self.add_rendered(rendered);
    }

    fn add_rendered(&mut self, rendered: Vec<(String, Result<String, Vec<Diagnostic>>)>) {
        for (url, html) in rendered {
            match html {
                Ok(html) => self.out.add(url, html),
                Err(mut e) => self.errors.append(&mut e),
            }
        }
    }

    fn add_at(&mut self, page: Page, root: &str) {
        match self.render(page, root) {
            (url, Ok(html)) => self.out.add(url, html),
            (_, Err(mut e)) => self.errors.append(&mut e),
        }
    }

    fn site_title(&self) -> &str {
        &self.ctx.site().title
    }

    /// Plan pages are independent: rendered in parallel.
    fn plans(&mut self) {
        let ctx = self.ctx;
        // Each agency's published years, gathered once, for the links to
        // the years before and after.
        let mut years: HashMap<&str, std::collections::BTreeSet<i32>> = HashMap::new();
        // And each plan by agency and year, to compare with the year before.
        let mut by_year: HashMap<(&str, i32), &Plan> = HashMap::new();
        for plan in ctx.plans() {
            years
                .entry(&plan.agency.slug)
                .or_default()
                .insert(plan.year);
            by_year.insert((&plan.agency.slug, plan.year), plan);
        }
        let pages: Vec<_> = ctx
            .plans()
            .par_iter()
            .filter(|plan| ctx.only.is_none_or(|s| s.has_plan(plan)))
            .map(|plan| {
                let mut view = views::plan(plan, ctx.plan_pdfs(plan), ctx.now.date());
                let slug = plan.agency.slug.as_str();
                let link = |year: &i32| views::YearLink {
                    year: *year,
                    url: urls::plan(*year, slug),
                };
                if let Some(ours) = years.get(slug) {
                    view.previous = ours.range(..plan.year).next_back().map(link);
                    view.next = ours.range(plan.year + 1..).next().map(link);
                }
                let mut context = context_with("plan", &view);
                context.insert("progress", &plan_progress(plan));
                context.insert("status_url", &self.status_url(plan.year));
                context.insert(
                    "comparison",
                    &comparison(plan, view.previous.as_ref(), &by_year),
                );
                let page = Page {
                    template: "plan.html",
                    url: view.url.clone(),
                    title: view.title.clone(),
                    crumbs: vec![
                        crumb(self.site_title(), urls::FRONT),
                        crumb(&view.agency.name, &view.agency.url),
                        crumb(&plan.year.to_string(), &view.url),
                    ],
                    context,
                };
                let root = urls::root_of(&page.url);
                self.render(page, &root)
            })
            .collect();
        for (url, html) in pages {
            match html {
                Ok(html) => self.out.add(url, html),
                Err(mut e) => self.errors.append(&mut e),
            }
        }
    }

    fn front(&mut self) {
        let mut context = context_with("years", &views::by_year(self.summaries.clone()));
        context.insert("updated", &latest_update(self.ctx));
        let status_links: Vec<views::YearLink> = self
            .status_years
            .iter()
            .map(|y| views::YearLink {
                year: *y,
                url: urls::status(*y),
            })
            .collect();
        context.insert("status_links", &status_links);
        let title = self.site_title().to_string();
        self.add(Page {
            template: "index.html",
            url: urls::FRONT.into(),
            crumbs: vec![crumb(&title, urls::FRONT)],
            title,
            context,
        });
    }

    /// A page per agency, and the list of them.
    fn agencies(&mut self) {
        let ctx = self.ctx;
        let title = "Styrelser";
        let mut list = Vec::new();
        // Each agency's plans, gathered once (not a scan of every plan per agency).
        let mut by_agency: HashMap<String, Vec<PlanSummary>> = HashMap::new();
        for s in &self.summaries {
            by_agency
                .entry(s.agency.slug.clone())
                .or_default()
                .push(s.clone());
        }
        let mut plans_of: HashMap<&str, Vec<&Plan>> = HashMap::new();
        for plan in ctx.plans() {
            plans_of.entry(&plan.agency.slug).or_default().push(plan);
        }
        let mut pages = Vec::new();
        for agency in &ctx.published.agencies {
            let plans = by_agency.remove(agency.slug.as_str()).unwrap_or_default();
            let view = views::agency(agency, plans);
            if ctx.only.is_none_or(|s| s.agencies.contains(&agency.slug)) {
                let url = urls::agency(&agency.slug);
                let mut context = context_with("agency", &view);
                let ours = plans_of.remove(agency.slug.as_str()).unwrap_or_default();
                self.agency_progress(agency, &ours, &mut context);
                pages.push(Page {
                    template: "agency.html",
                    crumbs: vec![
                        crumb(self.site_title(), urls::FRONT),
                        crumb(title, urls::AGENCIES),
                        crumb(&agency.name, &url),
                    ],
                    url,
                    title: agency.name.clone(),
                    context,
                });
            }
            list.push(view);
        }
        self.add_all(pages);
        self.add(Page {
            template: "agencies.html",
            url: urls::AGENCIES.into(),
            title: title.into(),
            crumbs: vec![
                crumb(self.site_title(), urls::FRONT),
                crumb(title, urls::AGENCIES),
            ],
            context: context_with("agencies", &list),
        });
    }

    /// Year-end results: an overview per year and a page per agency.
    fn results(&mut self) {
        let ctx = self.ctx;
        let years: Vec<(i32, Vec<&Plan>)> = results_by_year(ctx)
            .into_iter()
            .filter(|(year, _)| ctx.only.is_none_or(|s| s.years.contains(year)))
            .collect();
        // The years are independent, and each year's Word file of the whole
        // ministry is slow to pack (0.1 s for 100 agencies): made in
        // parallel, and like the PDFs only in a build with documents (not
        // with `--no-pdf`, the quick look at the pages).
        let made: Vec<(report::Report, Option<Vec<u8>>, Vec<Page>)> = years
            .par_iter()
            .map(|(year, plans)| {
                let report = report::report(ctx.site(), *year, plans);
                let docx = ctx.pdfs.then(|| self.year_docx(&report)).flatten();
                let sections = (report.sections.iter().zip(plans))
                    .filter(|(_, plan)| ctx.only.is_none_or(|s| s.has_plan(plan)))
                    .map(|(section, _)| self.results_section(section, *year))
                    .collect();
                (report, docx, sections)
            })
            .collect();
        for ((_, plans), (report, docx, sections)) in years.iter().zip(made) {
            self.results_overview(&report, plans, docx);
            self.add_all(sections);
        }
    }

    /// The year's overview page, and the whole målrapportering of the year
    /// as a Word file (the PDF stage writes it as a PDF) that the page links.
    /// Only approved plans have results (`Plan::has_results`): never a draft,
    /// even in a preview.
    /// The year's whole målrapportering as a Word file. Packing in memory
    /// only fails on a bug; the page then has no link rather than a broken one.
    fn year_docx(&self, report: &report::Report) -> Option<Vec<u8>> {
        let settings = report::docx::Settings {
            now: self.ctx.now,
            reference: None,
        };
        let whole = report::Document::Results(report.clone());
        report::docx::docx(&whole, &settings).ok()
    }

    fn results_overview(
        &mut self,
        report: &report::Report,
        plans: &[&Plan],
        docx: Option<Vec<u8>>,
    ) {
        let year = report.year;
        let title = format!("{} – {}", report.heading, report.ministry);
        let url = urls::results_overview(year);
        let mut c = context_with("heading", &title);
        let plans_lc = &self.ctx.site().names.plans_lc;
        c.insert("intro", &format!("Styrelsernes målopfyldelse i {year}, opgjort ud fra resultaterne i deres {plans_lc}. Vælg en styrelse for at se hele målrapporteringen."));
        c.insert(
            "overview_html",
            &report::formats::html_overview(report, |slug| Some(format!("{slug}/index.html"))),
        );
        c.insert("sections_html", &Vec::<String>::new());
        c.insert("cross_cutting", &views::cross_cutting(plans));
        c.insert("chart_html", &charts::html(&report.chart()));
        c.insert("status_url", &self.status_url(year));
        c.insert("report", report);
        c.insert("year", &year);
        if let Some(bytes) = docx {
            let path = urls::results_all(year, "docx");
            c.insert(
                "all_docx",
                &views::FileLink::new(path.clone(), Some((bytes.len(), None))),
            );
            c.insert("all_docx_url", &path);
            self.out.add(path, bytes);
        }
        if self.ctx.pdfs {
            let path = urls::results_all(year, "pdf");
            c.insert("all_pdf", &self.ctx.pdf_link(Some(path.clone())));
            c.insert("all_pdf_url", &path);
        }
        self.add(Page {
            template: "results.html",
            crumbs: vec![
                crumb(self.site_title(), urls::FRONT),
                crumb(&format!("Resultater {year}"), &url),
            ],
            url,
            title,
            context: c,
        });
    }

    /// An agency's results page for the year.
    fn results_section(&self, section: &report::Section, year: i32) -> Page {
        let slug = &section.agency.slug;
        let url = urls::results(year, slug);
        let title = format!("{} – {}", section.heading, section.agency.name);
        let mut c = context_with("heading", &title);
        c.insert(
            "sections_html",
            &vec![report::formats::html_section(section, 1, false)],
        );
        c.insert("section", section);
        c.insert("year", &year);
        c.insert("plan_url", &urls::plan(year, slug));
        let pdf_url = self.ctx.pdfs.then(|| urls::results_pdf(year, slug));
        c.insert("pdf", &self.ctx.pdf_link(pdf_url.clone()));
        c.insert("pdf_url", &pdf_url);
        Page {
            template: "results.html",
            crumbs: vec![
                crumb(self.site_title(), urls::FRONT),
                crumb(&format!("Resultater {year}"), &urls::results_overview(year)),
                crumb(&section.agency.name, &url),
            ],
            url,
            title,
            context: c,
        }
    }

    /// The year's status page, when it has one.
    fn status_url(&self, year: i32) -> Option<String> {
        self.status_years
            .contains(&year)
            .then(|| urls::status(year))
    }

    /// The agency page's progress: its share of goals met across the years
    /// with results (a chart), and where the goals of its newest plan
    /// without results stood at the latest quarterly follow-up.
    /// `ours`: the agency's plans in this render.
    fn agency_progress(
        &self,
        agency: &crate::model::Agency,
        ours: &[&Plan],
        context: &mut Context,
    ) {
        let today = self.ctx.now.date();
        let with_results: Vec<&Plan> = ours
            .iter()
            .copied()
            .filter(|p| p.has_results(today))
            .collect();
        let chart = views::share_chart(agency, &with_results).map(|c| charts::html(&c));
        context.insert("share_chart_html", &chart);
        let current = ours
            .iter()
            .filter(|p| !p.has_results(today) && p.latest_quarter().is_some())
            .max_by_key(|p| p.year)
            .map(|p| (p.year, views::status_agency(p)));
        let year = current.as_ref().map(|(y, _)| *y);
        context.insert("current_year", &year);
        context.insert("current_status_url", &year.and_then(|y| self.status_url(y)));
        context.insert("current_status", &current.map(|(_, v)| v));
    }

    /// A status page per year with quarterly follow-ups: the matrix of
    /// each agency's goals × quarters, with the status words.
    fn status_pages(&mut self) {
        let ctx = self.ctx;
        let years: Vec<i32> = self.status_years.iter().copied().collect();
        for year in years {
            let in_scope = ctx
                .only
                .is_none_or(|s| s.years.contains(&year) || s.plans.iter().any(|(y, _)| *y == year));
            if !in_scope {
                continue;
            }
            let mut plans: Vec<&Plan> = ctx.plans().iter().filter(|p| p.year == year).collect();
            plans.sort_by_cached_key(|p| crate::danish::sort_key(&p.agency.name));
            let results_url = plans
                .iter()
                .any(|p| p.has_results(ctx.now.date()))
                .then(|| urls::results_overview(year));
            let view = views::status(year, &plans, results_url);
            let url = urls::status(year);
            let title = format!("Status for målene {year}");
            self.add(Page {
                template: "status.html",
                crumbs: vec![
                    crumb(self.site_title(), urls::FRONT),
                    crumb(&format!("Status {year}"), &url),
                ],
                url,
                title,
                context: context_with("status", &view),
            });
        }
    }

    /// The search page, and the goal index with a page per filter value
    /// ([`super::search`]): they list every plan, so every render makes them.
    fn find_goals(&mut self) {
        let (filters, goal_pages) = super::search::goal_pages(self.ctx);
        // Serialised once: a large site has thousands of values and pages.
        let on_overview =
            tera::Value::try_from_serializable(&filters).unwrap_or(tera::Value::none());
        let on_filter_page =
            tera::Value::try_from_serializable(&super::search::on_filter_page(&filters))
                .unwrap_or(tera::Value::none());
        let all = goal_pages.first().map_or(0, |p| p.rows.len());
        let home = crumb(self.site_title(), urls::FRONT);
        let mut c = context_with("goals_url", urls::GOALS);
        c.insert("goal_count", &all);
        c.insert("search", &self.ctx.search);
        self.add(Page {
            template: "search.html",
            url: urls::SEARCH.into(),
            title: format!("Søg i {}", self.ctx.site().names.plans_lc),
            crumbs: vec![crumb(&home.title, &home.url), crumb("Søg", urls::SEARCH)],
            context: c,
        });
        // Thousands of rows on a large site: the pages are put together
        // and rendered side by side.
        let rendered: Vec<_> = goal_pages
            .into_par_iter()
            .map(|page| {
                let mut crumbs = vec![
                    crumb(&home.title, &home.url),
                    crumb("Alle mål", urls::GOALS),
                ];
                if page.current.is_some() {
                    crumbs.push(crumb(&page.heading, &page.url));
                }
                let shown = match page.current {
                    Some(_) => &on_filter_page,
                    None => &on_overview,
                };
                let mut c = Context::new();
                c.insert_value("filters", shown.clone());
                c.insert("all_count", &all);
                c.insert("goals_url", urls::GOALS);
                c.insert("search_url", urls::SEARCH);
                c.insert("goals", &page);
                let root = urls::root_of(&page.url);
                let page = Page {
                    template: "goals.html",
                    url: page.url.clone(),
                    title: page.heading.clone(),
                    crumbs,
                    context: c,
                };
                self.render(page, &root)
            })
            .collect();
        self.add_rendered(rendered);
    }

    /// 404.html is served from any depth, so its links are absolute from
    /// the site's root path.
    fn not_found(&mut self) {
        let root = root_path(&self.ctx.site().base_url);
        let page = Page {
            template: "404.html",
            url: urls::NOT_FOUND.into(),
            title: "Siden findes ikke".into(),
            crumbs: vec![crumb(self.site_title(), urls::FRONT)],
            context: Context::new(),
        };
        self.add_at(page, &root);
    }
}

/// "Ændringer fra <år>": the plan compared with the agency's previous plan
/// in this render (published ones only, unless the render is a preview
/// with drafts); `None` for its first.
fn comparison(
    plan: &Plan,
    previous: Option<&views::YearLink>,
    plans: &HashMap<(&str, i32), &Plan>,
) -> Option<views::ComparisonView> {
    let previous = previous?;
    let before = plans.get(&(plan.agency.slug.as_str(), previous.year))?;
    let compared = crate::compare::compare(before, plan);
    Some(views::comparison(&compared, previous.url.clone()))
}

/// What a plan page shows of the goals' progress, by goal nr: the latest
/// quarterly status (`latest`) and the quarter-by-quarter chart (`strips`).
fn plan_progress(plan: &Plan) -> serde_json::Value {
    let mut latest = serde_json::Map::new();
    let mut strips = serde_json::Map::new();
    for g in &plan.goals {
        latest.insert(
            g.nr.clone(),
            serde_json::to_value(views::latest_status(g)).unwrap_or_default(),
        );
        let strip = views::quarter_chart(plan, g).map(|c| charts::html(&c));
        strips.insert(g.nr.clone(), serde_json::Value::from(strip));
    }
    serde_json::json!({
        "latest": latest,
        "strips": strips,
        "any": plan.latest_quarter().map(|q| q.da()),
    })
}

fn context_with<T: Serialize + ?Sized>(key: &'static str, value: &T) -> Context {
    let mut c = Context::new();
    c.insert(key, value);
    c
}

impl Renderer for HtmlRenderer {
    fn name(&self) -> &'static str {
        "html"
    }

    fn render(&self, ctx: &RenderContext) -> Result<Output, Vec<Diagnostic>> {
        let mut site_view = views::site(ctx.site());
        site_view.preview = ctx.is_preview();
        let mut pages = Pages {
            html: self,
            ctx,
            site: tera::Value::try_from_serializable(&site_view).unwrap_or(tera::Value::none()),
            summaries: ctx
                .plans()
                .iter()
                .map(|p| views::summary(p, ctx.plan_pdfs(p), ctx.now.date()))
                .collect(),
            // A year in progress: followed up, not yet reported. A reported
            // year's results pages give each goal's quarters instead.
            status_years: ctx
                .plans()
                .iter()
                .filter(|p| p.latest_quarter().is_some() && !p.has_results(ctx.now.date()))
                .map(|p| p.year)
                .collect(),
            out: Output::default(),
            errors: Vec::new(),
        };
        pages.plans();
        pages.front();
        pages.agencies();
        pages.results();
        pages.status_pages();
        pages.find_goals();
        pages.not_found();
        if ctx.only.is_none() {
            for (name, bytes) in &ctx.theme.statics {
                pages.out.add(name.clone(), bytes.clone());
            }
            if let Some(css) = colors_css(&ctx.site().colors) {
                pages.out.add(COLORS_CSS, css);
            }
        }
        // A broken plan.html fails once per plan; report each problem once.
        let mut errors = pages.errors;
        errors.dedup_by(|a, b| a.file == b.file && a.span == b.span && a.message == b.message);
        if errors.is_empty() {
            Ok(pages.out)
        } else {
            Err(errors)
        }
    }
}

/// The ministry's colours (`farver`), as the theme's own CSS variables;
/// base.html links it after style.css when the site sets a colour.
const COLORS_CSS: &str = "farver.css";

fn colors_css(colors: &crate::model::Colors) -> Option<String> {
    // The values are checked #rrggbb (MRP130): nothing else reaches the CSS.
    let mut vars = String::new();
    if let Some(primary) = &colors.primary {
        vars.push_str(&format!("  --navy: {primary};\n  --navy-2: {primary};\n"));
    }
    if let Some(link) = &colors.link {
        vars.push_str(&format!("  --link: {link};\n"));
    }
    (!vars.is_empty()).then(|| {
        format!("/* Ministeriets farver fra content/_index.md (farver). */\n:root {{\n{vars}}}\n")
    })
}

/// The published plans with complete results, by year (newest first).
pub fn results_by_year<'a>(ctx: &RenderContext<'a>) -> Vec<(i32, Vec<&'a Plan>)> {
    let mut years: Vec<(i32, Vec<&Plan>)> = Vec::new();
    for plan in ctx.plans().iter().filter(|p| p.has_results(ctx.now.date())) {
        match years.iter_mut().find(|(y, _)| *y == plan.year) {
            Some((_, plans)) => plans.push(plan),
            None => years.push((plan.year, vec![plan])),
        }
    }
    years.sort_by_key(|(y, _)| std::cmp::Reverse(*y));
    for (_, plans) in &mut years {
        plans.sort_by_cached_key(|p| crate::danish::sort_key(&p.agency.name));
    }
    years
}

/// The newest change of the published plans ([`views::last_change`]), as
/// "07-04-2020 - kl. 09:56" or "16. december 2024".
fn latest_update(ctx: &RenderContext) -> Option<String> {
    ctx.plans()
        .iter()
        .filter_map(views::last_change)
        .max_by_key(|(when, _)| *when)
        .map(|(_, text)| text)
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
            MRP305,
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
                MRP305,
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
