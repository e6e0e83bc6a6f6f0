//! Finding a goal: Danish full-text search with Pagefind's indexer, run in
//! process over the pages we just rendered, and the goal index (`maal/`)
//! with a page per agency, kerneopgave and status, which needs no
//! JavaScript and no web server.

use std::collections::BTreeMap;

use serde::Serialize;

use super::RenderContext;
use crate::danish;
use crate::markdown::slugify;
use crate::model::{Goal, Plan};
use crate::urls;
use crate::views::{self, AgencyRef};

/// One goal in the goal index.
#[derive(Serialize, Clone)]
pub struct GoalRow {
    pub year: i32,
    pub agency: AgencyRef,
    pub nr: String,
    pub title: String,
    /// The goal on its plan's page: `planer/2025/fmi/index.html#maal-1`.
    pub url: String,
    pub core_task: String,
    /// The latest status word ("Opfyldt", "På sporet"); `None` before any.
    pub status: Option<String>,
    /// The status key, for the theme's colour (`status-opfyldt`).
    pub status_key: Option<String>,
    pub draft: bool,
}

/// What the goals can be filtered by, as in the URLs: `maal/<facet>/<slug>/`.
pub const FACETS: [(&str, &str); 3] = [
    ("styrelse", "Styrelse"),
    ("kerneopgave", "Kerneopgave"),
    ("status", "Status"),
];

/// One value of a filter, and how many goals have it.
#[derive(Serialize, Clone)]
pub struct FilterValue {
    pub label: String,
    pub slug: String,
    pub url: String,
    pub count: usize,
}

/// A filter and its values in Danish order.
#[derive(Serialize, Clone)]
pub struct Filter {
    pub key: &'static str,
    pub label: &'static str,
    pub values: Vec<FilterValue>,
}

/// The filters a filter page shows: the statuses (a handful, whatever the
/// site's size) in full; the agencies and kerneopgaver only as a link to
/// their list on the overview. Every agency's page listing every agency
/// grew as the square of the site: 10,000 agencies made 10,000 pages of
/// 10,000 links each.
pub fn on_filter_page(filters: &[Filter]) -> Vec<Filter> {
    filters
        .iter()
        .map(|f| Filter {
            values: if f.key == "status" {
                f.values.clone()
            } else {
                Vec::new()
            },
            ..*f
        })
        .collect()
}

/// The latest word on a goal: its result once the year is reported,
/// else its latest quarterly status. As (Danish word, key).
pub fn goal_status(goal: &Goal) -> Option<(&'static str, &'static str)> {
    if let Some(r) = &goal.result {
        return Some((r.status.da(), r.status.key()));
    }
    goal.follow_ups
        .iter()
        .max_by_key(|f| f.quarter)
        .map(|f| (f.status.da(), f.status.key()))
}

/// Every published goal, newest year first, then by agency in Danish
/// order, then in the plan's order.
pub fn goal_rows(plans: &[Plan]) -> Vec<GoalRow> {
    let mut plans: Vec<&Plan> = plans.iter().collect();
    plans.sort_by_cached_key(|p| (std::cmp::Reverse(p.year), danish::sort_key(&p.agency.name)));
    plans
        .into_iter()
        .flat_map(|plan| plan.goals.iter().map(move |g| goal_row(plan, g)))
        .collect()
}

fn goal_row(plan: &Plan, goal: &Goal) -> GoalRow {
    let status = goal_status(goal);
    GoalRow {
        year: plan.year,
        agency: views::agency_ref(&plan.agency),
        nr: goal.nr.clone(),
        title: goal.title.clone(),
        url: format!(
            "{}#{}",
            urls::plan(plan.year, &plan.agency.slug),
            views::goal_anchor(&goal.nr)
        ),
        core_task: goal.core_task.clone(),
        status: status.map(|(da, _)| da.to_string()),
        status_key: status.map(|(_, key)| key.to_string()),
        draft: plan.is_draft(),
    }
}

/// The value of `facet` for a goal, as (label, slug).
pub fn facet_of(facet: &str, row: &GoalRow) -> Option<(String, String)> {
    match facet {
        "styrelse" => Some((row.agency.name.clone(), row.agency.slug.clone())),
        "kerneopgave" => Some((row.core_task.clone(), slugify(&row.core_task))),
        "status" => row.status.as_ref().map(|s| (s.clone(), slugify(s))),
        _ => None,
    }
}

/// Each filter with its values (two labels with the same slug share a page,
/// under the first label), in Danish order.
pub fn filters(rows: &[GoalRow]) -> Vec<Filter> {
    FACETS
        .iter()
        .map(|&(key, label)| {
            let mut by_slug: BTreeMap<String, FilterValue> = BTreeMap::new();
            for (name, slug) in rows.iter().filter_map(|r| facet_of(key, r)) {
                by_slug
                    .entry(slug.clone())
                    .or_insert_with(|| FilterValue {
                        label: name,
                        url: urls::goals_by(key, &slug),
                        slug,
                        count: 0,
                    })
                    .count += 1;
            }
            let mut values: Vec<FilterValue> = by_slug.into_values().collect();
            values.sort_by_cached_key(|v| danish::sort_key(&v.label));
            Filter { key, label, values }
        })
        .collect()
}

/// A page of the goal index: all goals, or those with one filter value.
#[derive(Serialize)]
pub struct GoalsPage {
    pub url: String,
    pub heading: String,
    /// The filter in use, as (facet key, value slug).
    pub current: Option<(&'static str, String)>,
    pub rows: Vec<GoalRow>,
}

/// The goal index and one page per filter value.
pub fn goal_pages(ctx: &RenderContext) -> (Vec<Filter>, Vec<GoalsPage>) {
    let rows = goal_rows(ctx.plans());
    let filters = filters(&rows);
    let mut pages = vec![GoalsPage {
        url: urls::GOALS.into(),
        heading: "Alle mål".into(),
        current: None,
        rows: rows.clone(),
    }];
    // Each goal's value of each filter, found once: a large site has
    // thousands of goals and hundreds of values.
    let mut by_value: BTreeMap<(&str, String), Vec<GoalRow>> = BTreeMap::new();
    for row in &rows {
        for &(key, _) in &FACETS {
            if let Some((_, slug)) = facet_of(key, row) {
                by_value.entry((key, slug)).or_default().push(row.clone());
            }
        }
    }
    for filter in &filters {
        for value in &filter.values {
            let rows = by_value
                .remove(&(filter.key, value.slug.clone()))
                .unwrap_or_default();
            pages.push(GoalsPage {
                url: value.url.clone(),
                heading: format!("Mål med {}: {}", filter.label.to_lowercase(), value.label),
                current: Some((filter.key, value.slug.clone())),
                rows,
            });
        }
    }
    (filters, pages)
}

#[cfg(feature = "search")]
pub use index::index;

#[cfg(feature = "search")]
mod index {
    use memchr::memmem;
    use pagefind::api::PagefindIndex;
    use pagefind::options::PagefindServiceConfig;

    use crate::Fatal;
    use crate::output::Output;
    use crate::urls;

    /// Pagefind's other UIs and its language-less WebAssembly: the search
    /// page uses the Component UI, and the index is Danish.
    const UNUSED: &[&str] = &[
        "pagefind-ui.js",
        "pagefind-ui.css",
        "pagefind-modular-ui.js",
        "pagefind-modular-ui.css",
        "pagefind-highlight.js",
        "wasm.unknown.pagefind",
    ];

    /// Danish stemming: "rekrutteringen" is found by "rekruttering".
    const LANGUAGE: &str = "da";

    /// Pagefind's files for `pages` (every HTML page of the site, by path),
    /// under `pagefind/`. Only pages that mark their content with
    /// `data-pagefind-body` (plans and results) are read; menus and footers
    /// are outside it, so they are never found. A theme that marks no page
    /// gets every page indexed whole, as Pagefind itself would.
    pub fn index<'a>(pages: impl Iterator<Item = (&'a str, &'a [u8])>) -> Result<Output, Fatal> {
        let marked = memmem::Finder::new(b"data-pagefind-body");
        let html: Vec<(&str, &[u8])> = pages
            .filter(|(path, _)| path.ends_with(".html") && *path != urls::NOT_FOUND)
            .collect();
        let any_marked = html.iter().any(|(_, b)| marked.find(b).is_some());
        // Copied one page at a time, as Pagefind takes owned strings.
        let pages = html
            .into_iter()
            .filter(|(_, b)| !any_marked || marked.find(b).is_some())
            .map(|(path, b)| (format!("/{path}"), String::from_utf8_lossy(b).into_owned()));
        let failed = |e: &dyn std::fmt::Display| {
            Fatal::new(format!(
                "Søgeindekset kunne ikke bygges: {e}. Byg igen; sker det igen, så byg med --verbose og send beskeden til mrplan-holdet."
            ))
        };
        // Pagefind is async; a small private runtime runs it here, so the
        // build itself stays synchronous.
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .map_err(|e| failed(&e))?;
        let files = runtime.block_on(async {
            let config = PagefindServiceConfig::builder()
                .force_language(LANGUAGE.to_string())
                .keep_index_url(true)
                .build();
            let mut index = PagefindIndex::new(Some(config)).map_err(|e| failed(&e))?;
            for (url, html) in pages {
                index
                    .add_html_file(None, Some(url), html)
                    .await
                    .map_err(|e| failed(&e))?;
            }
            index.get_files().await.map_err(|e| failed(&e))
        })?;
        let mut out = Output::default();
        for file in files {
            let name = file.filename.to_string_lossy().replace('\\', "/");
            if UNUSED.contains(&name.as_str()) {
                continue;
            }
            out.add(format!("{}{name}", urls::SEARCH_BUNDLE), file.contents);
        }
        Ok(out)
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        fn page_count(pages: &[(&str, &str)]) -> serde_json::Value {
            let out = index(pages.iter().map(|(p, h)| (*p, h.as_bytes()))).expect("index");
            let entry = out
                .files
                .get("pagefind/pagefind-entry.json")
                .expect("entry");
            let entry: serde_json::Value = serde_json::from_slice(entry).expect("json");
            entry["languages"]["da"]["page_count"].clone()
        }

        #[test]
        fn only_marked_pages_are_indexed_or_all_when_none_is() {
            let marked = r#"<html lang="da"><body><nav>Menu</nav><main data-pagefind-body><h1>Plan</h1><p>Rekrutteringen går godt.</p></main></body></html>"#;
            let plain = r#"<html lang="da"><body><h1>Forside</h1><p>Velkommen til planerne.</p></body></html>"#;
            assert_eq!(
                page_count(&[("a/index.html", marked), ("index.html", plain)]),
                1
            );
            assert_eq!(
                page_count(&[("a/index.html", plain), ("index.html", plain)]),
                2
            );
            // The 404 page and other files are never indexed.
            assert_eq!(
                page_count(&[
                    ("404.html", plain),
                    ("style.css", plain),
                    ("index.html", plain)
                ]),
                1
            );
        }
    }
}
