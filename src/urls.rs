//! Every path the site publishes, relative to the site root, in one place:
//! the pages, the PDFs and the feeds. Pages link each other relatively (the
//! site works from disk), so a page's way back to the root is derived from
//! its own path here rather than counted by hand.

/// The front page.
pub const FRONT: &str = "index.html";
/// The list of agencies.
pub const AGENCIES: &str = "styrelser/index.html";
pub const NOT_FOUND: &str = "404.html";
pub const SITEMAP: &str = "sitemap.xml";
pub const FEED: &str = "atom.xml";
pub const OPEN_DATA_JSON: &str = "data/planer.json";
pub const OPEN_DATA_CSV: &str = "data/mål.csv";
/// The search page (Pagefind in the browser).
pub const SEARCH: &str = "soeg/index.html";
/// Where Pagefind's index and scripts are written.
pub const SEARCH_BUNDLE: &str = "pagefind/";
/// Every published goal in one table: search without JavaScript.
pub const GOALS: &str = "maal/index.html";

/// The pages and files every render writes, whatever changed: they show
/// every plan (or none).
pub const ALWAYS: &[&str] = &[
    FRONT,
    AGENCIES,
    NOT_FOUND,
    SITEMAP,
    FEED,
    OPEN_DATA_JSON,
    OPEN_DATA_CSV,
];

/// A plan's page: `planer/2025/fmi/index.html`.
pub fn plan(year: i32, slug: &str) -> String {
    format!("planer/{year}/{slug}/index.html")
}

/// A plan's PDF: `planer/2025/fmi.pdf`.
pub fn plan_pdf(year: i32, slug: &str) -> String {
    format!("planer/{year}/{slug}.pdf")
}

/// An agency's page: `styrelser/fmi/index.html`.
pub fn agency(slug: &str) -> String {
    format!("styrelser/{slug}/index.html")
}

/// The ministry's results overview of a year: `resultater/2024/index.html`.
pub fn results_overview(year: i32) -> String {
    format!("resultater/{year}/index.html")
}

/// The ministry's status matrix of a year (agency × goal × quarter):
/// `status/2026/index.html`.
pub fn status(year: i32) -> String {
    format!("status/{year}/index.html")
}

/// An agency's results page: `resultater/2024/fmi/index.html`.
pub fn results(year: i32, slug: &str) -> String {
    format!("resultater/{year}/{slug}/index.html")
}

/// An agency's results PDF: `resultater/2024/fmi.pdf`.
pub fn results_pdf(year: i32, slug: &str) -> String {
    format!("resultater/{year}/{slug}.pdf")
}

/// The whole målrapportering of a year, every agency in one document, as
/// `ext` (pdf or docx): `resultater/2024/maalrapportering-2024.pdf`.
pub fn results_all(year: i32, ext: &str) -> String {
    format!("resultater/{year}/maalrapportering-{year}.{ext}")
}

/// The goals of one filter value: `maal/styrelse/fmi/index.html`,
/// `maal/kerneopgave/drift-og-vedligehold/index.html`, `maal/status/opfyldt/index.html`.
pub fn goals_by(facet: &str, slug: &str) -> String {
    format!("maal/{facet}/{slug}/index.html")
}

/// Whether every render writes `path` anew: the search page, the goal index
/// and its filter pages, and Pagefind's files (they show every plan).
pub fn is_search_file(path: &str) -> bool {
    path == SEARCH || path.starts_with("maal/") || path.starts_with(SEARCH_BUNDLE)
}

/// The way from a page back to the site root: "" for `index.html`,
/// "../../../" for `planer/2025/fmi/index.html`.
pub fn root_of(page: &str) -> String {
    "../".repeat(page.matches('/').count())
}

/// A page's public address: `https://x.dk/planer/2025/fmi/` for
/// `planer/2025/fmi/index.html`.
pub fn public(base_url: &str, page: &str) -> String {
    format!("{base_url}/{}", page.trim_end_matches("index.html"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_root_is_as_far_up_as_the_page_is_deep() {
        assert_eq!(root_of(FRONT), "");
        assert_eq!(root_of(AGENCIES), "../");
        assert_eq!(root_of(&agency("fmi")), "../../");
        assert_eq!(root_of(&results_overview(2024)), "../../");
        assert_eq!(root_of(&status(2026)), "../../");
        assert_eq!(root_of(&plan(2025, "fmi")), "../../../");
        assert_eq!(root_of(&results(2024, "fmi")), "../../../");
        assert_eq!(root_of(&goals_by("status", "opfyldt")), "../../../");
        assert_eq!(root_of(SEARCH), "../");
        assert_eq!(
            public("https://x.dk", &plan(2025, "fmi")),
            "https://x.dk/planer/2025/fmi/"
        );
    }
}
