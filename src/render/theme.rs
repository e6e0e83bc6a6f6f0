//! Themes: templates and static files, resolved file by file (Zola-style):
//! `templates/` at the site root overrides `themes/<tema>/`, which overrides
//! the built-in `standard` theme compiled into the binary.

use std::path::{Path, PathBuf};

use crate::diagnostics::catalogue::{MRP122, MRP124, MRP305};
use crate::diagnostics::{Diagnostic, FileId, Sources};
use crate::files::{Refused, Root};
use crate::limits;
use crate::written::SiteConfig;

/// The built-in theme, so `mrplan` works in any folder without copying files.
const BUILTIN_TEMPLATES: &[(&str, &str)] = &[
    (
        "base.html",
        include_str!("../../themes/standard/templates/base.html"),
    ),
    (
        "index.html",
        include_str!("../../themes/standard/templates/index.html"),
    ),
    (
        "plan.html",
        include_str!("../../themes/standard/templates/plan.html"),
    ),
    (
        "agency.html",
        include_str!("../../themes/standard/templates/agency.html"),
    ),
    (
        "agencies.html",
        include_str!("../../themes/standard/templates/agencies.html"),
    ),
    (
        "404.html",
        include_str!("../../themes/standard/templates/404.html"),
    ),
    (
        "results.html",
        include_str!("../../themes/standard/templates/results.html"),
    ),
    (
        "status.html",
        include_str!("../../themes/standard/templates/status.html"),
    ),
    (
        "search.html",
        include_str!("../../themes/standard/templates/search.html"),
    ),
    (
        "goals.html",
        include_str!("../../themes/standard/templates/goals.html"),
    ),
];
/// The PDF template (Typst), and the OFL fonts it is set in.
const BUILTIN_PDF: &[(&str, &str)] = &[
    (
        "plan.typ",
        include_str!("../../themes/standard/pdf/plan.typ"),
    ),
    (
        "report.typ",
        include_str!("../../themes/standard/pdf/report.typ"),
    ),
];
const BUILTIN_FONTS: &[&[u8]] = &[
    include_bytes!("../../themes/standard/fonts/SourceSans3-Regular.otf"),
    include_bytes!("../../themes/standard/fonts/SourceSans3-It.otf"),
    include_bytes!("../../themes/standard/fonts/SourceSans3-Semibold.otf"),
    include_bytes!("../../themes/standard/fonts/SourceSans3-Bold.otf"),
];
const BUILTIN_STATIC: &[(&str, &[u8])] = &[
    (
        "style.css",
        include_bytes!("../../themes/standard/static/style.css"),
    ),
    // The search page's notice when Pagefind cannot load (from file://).
    (
        "soeg.js",
        include_bytes!("../../themes/standard/static/soeg.js"),
    ),
];

/// A resolved theme. Template sources live in [`Sources`], so template errors
/// print like content errors.
#[derive(Clone)]
pub struct Theme {
    pub templates: Vec<(String, FileId)>,
    pub statics: Vec<(String, Vec<u8>)>,
    /// Typst files for PDFs, by name inside `pdf/` (e.g. `plan.typ`).
    pub pdf: Vec<(String, FileId)>,
    /// Font files (OTF/TTF) the PDFs may use: the theme's own first.
    pub fonts: Vec<Vec<u8>>,
}

impl Theme {
    pub fn load(
        root: &Path,
        site: &SiteConfig,
        sources: &mut Sources,
    ) -> Result<Theme, Vec<Diagnostic>> {
        let name = site.theme.value.as_str();
        let (site_root, theme_dir) = theme_dir(root, site)?;
        let builtin = name == "standard";
        let mut problems = Vec::new();
        let mut reader = Reader {
            root: &site_root,
            sources,
            problems: &mut problems,
        };
        if theme_dir.exists()
            && let Err(refused) = site_root.resolve(&theme_dir)
        {
            reader.refuse(&format!("themes/{name}"), &refused, "temaet");
            return Err(problems);
        }
        // Each kind of file in layers: the built-in theme's, the theme's own
        // folder, then the site's: a later file of the same name wins.
        let own = |sub: &str| (theme_dir.join(sub), format!("themes/{name}/{sub}"));
        let builtin_texts = |files, sub| {
            if builtin {
                built_in(files, sub)
            } else {
                Vec::new()
            }
        };
        let is_template = |rel: &Path| rel.extension().is_some_and(|e| e == "html" || e == "xml");
        let templates = reader.layered(
            builtin_texts(BUILTIN_TEMPLATES, "templates"),
            [
                own("templates"),
                (root.join("templates"), "templates".into()),
            ],
            limits::TEMPLATE_FILE,
            is_template,
        );
        let is_typst = |rel: &Path| rel.extension().is_some_and(|e| e == "typ");
        let pdf = reader.layered(
            builtin_texts(BUILTIN_PDF, "pdf"),
            [
                own("pdf"),
                (root.join("templates").join("pdf"), "templates/pdf".into()),
            ],
            limits::TEMPLATE_FILE,
            is_typst,
        );
        let builtin_static: Layer = BUILTIN_STATIC
            .iter()
            .filter(|_| builtin)
            .map(|(n, b)| (n.to_string(), (String::new(), b.to_vec())))
            .collect();
        let statics = reader.layered(
            builtin_static,
            [own("static"), (root.join("static"), "static".into())],
            limits::STATIC_FILE,
            |_| true,
        );
        let fonts = reader.fonts(&theme_dir, name, builtin);
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(Theme {
            templates: add_texts(sources, templates),
            statics: statics
                .into_iter()
                .map(|(n, (_, bytes))| (n, bytes))
                .collect(),
            pdf: add_texts(sources, pdf),
            fonts,
        })
    }

    /// A static file by its path in the site (`billeder/org.png`).
    pub fn static_file(&self, path: &str) -> Option<&[u8]> {
        self.statics
            .iter()
            .find(|(n, _)| n == path)
            .map(|(_, b)| b.as_slice())
    }

    pub fn file_of(&self, template: &str) -> Option<FileId> {
        self.templates
            .iter()
            .find(|(n, _)| n == template)
            .map(|(_, id)| *id)
    }
}

/// Whether `text` is the built-in theme's PDF template `name` unchanged (so
/// a failure is the data's doing, not the template's).
pub fn is_builtin_pdf(name: &str, text: &str) -> bool {
    BUILTIN_PDF.iter().any(|(n, t)| *n == name && *t == text)
}

/// Files by name: (name inside the kind's folder, (path shown, bytes)).
type Layer = Vec<(String, (String, Vec<u8>))>;

/// The built-in theme's `files` of one kind (`sub`: "templates", "pdf").
fn built_in(files: &[(&'static str, &'static str)], sub: &str) -> Layer {
    files
        .iter()
        .map(|(n, t)| {
            let path = format!("themes/standard/{sub}/{n}");
            (n.to_string(), (path, t.as_bytes().to_vec()))
        })
        .collect()
}

/// Text files as sources (so errors can point into them), by name.
fn add_texts(sources: &mut Sources, files: Layer) -> Vec<(String, FileId)> {
    files
        .into_iter()
        .map(|(n, (path, bytes))| {
            let text = String::from_utf8_lossy(&bytes).into_owned();
            (n, sources.add(path, text))
        })
        .collect()
}

/// The site's root, and the folder of the theme `tema:` names: a plain name
/// of a folder in themes/, or the built-in `standard`.
fn theme_dir(root: &Path, site: &SiteConfig) -> Result<(Root, PathBuf), Vec<Diagnostic>> {
    let name = site.theme.value.as_str();
    let theme_error = |message: String, label: &str, hint: String| {
        vec![
            Diagnostic::error(MRP305, site.file, site.theme.span.clone(), message)
                .label(label)
                .hint(hint),
        ]
    };
    // A plain name, so the theme is a folder in themes/ and nowhere else
    // (check says so at the setting already; this guards every caller).
    if !crate::fields::is_plain_name(name) {
        return Err(theme_error(
            format!("Temaet '{name}' er ikke et navn på en mappe i themes/."),
            "ikke et temanavn",
            "Skriv navnet på en mappe i themes/, fx tema: standard".into(),
        ));
    }
    let site_root = Root::new(root).map_err(|e| theme_error(e.0, "her", String::new()))?;
    let theme_dir = root.join("themes").join(name);
    if name != "standard" && !theme_dir.is_dir() {
        return Err(theme_error(
            format!("Temaet '{name}' findes ikke."),
            "ukendt tema",
            format!(
                "Opret mappen themes/{name}/templates/, eller brug det indbyggede tema: tema: standard"
            ),
        ));
    }
    Ok((site_root, theme_dir))
}

/// Reads theme folders, turning what it must refuse into diagnostics.
struct Reader<'a> {
    root: &'a Root,
    sources: &'a mut Sources,
    problems: &'a mut Vec<Diagnostic>,
}

impl Reader<'_> {
    /// Every wanted file under `dir` as (relative path with '/', bytes).
    fn read(
        &mut self,
        dir: &Path,
        shown: &str,
        limit: u64,
        wanted: impl Fn(&Path) -> bool,
    ) -> Vec<(String, Vec<u8>)> {
        let mut out = Vec::new();
        for entry in self.root.tree(dir, limit, wanted) {
            let rel = entry.rel.to_string_lossy().replace('\\', "/");
            let path = if rel.is_empty() {
                shown.to_string()
            } else {
                format!("{shown}/{rel}")
            };
            match entry.data {
                Ok(bytes) => out.push((rel, bytes)),
                Err(refused) => self.refuse(&path, &refused, shown),
            }
        }
        out
    }

    /// The files of one kind: `base`, then each folder of `layers` in
    /// turn, a later file replacing an earlier one of the same name.
    fn layered(
        &mut self,
        base: Layer,
        layers: [(PathBuf, String); 2],
        limit: u64,
        wanted: impl Fn(&Path) -> bool + Copy,
    ) -> Layer {
        let mut files = base;
        for (dir, shown) in layers {
            for (rel, bytes) in self.read(&dir, &shown, limit, wanted) {
                let file = (format!("{shown}/{rel}"), bytes);
                match files.iter_mut().find(|(n, _)| *n == rel) {
                    Some(f) => f.1 = file,
                    None => files.push((rel, file)),
                }
            }
        }
        files
    }

    /// The theme's fonts, and the built-in ones for `standard`
    /// (themes/standard/fonts/ in a checkout holds the same files: once).
    fn fonts(&mut self, theme_dir: &Path, name: &str, builtin: bool) -> Vec<Vec<u8>> {
        let is_font = |rel: &Path| {
            rel.extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| ["otf", "ttf", "otc", "ttc"].contains(&e.to_lowercase().as_str()))
        };
        let shown = format!("themes/{name}/fonts");
        let mut fonts: Vec<Vec<u8>> = self
            .read(&theme_dir.join("fonts"), &shown, limits::FONT_FILE, is_font)
            .into_iter()
            .map(|(_, bytes)| bytes)
            .collect();
        if builtin {
            for f in BUILTIN_FONTS {
                if !fonts.iter().any(|have| have.as_slice() == *f) {
                    fonts.push(f.to_vec());
                }
            }
        }
        fonts
    }

    /// A located error for a file or folder not read. The diagnostic points
    /// at the path itself (there is no text to show).
    fn refuse(&mut self, path: &str, refused: &Refused, folder: &str) {
        let file = self.sources.add(path.to_string(), String::new());
        let d = match refused {
            Refused::Outside(target) => Diagnostic::error(
                MRP122,
                file,
                0..0,
                format!(
                    "{path} er et symbolsk link til {}, uden for sidens rodmappe. mrplan læser og udgiver kun filer inde i sidens mappe.",
                    target.display()
                ),
            )
            .hint("Kopiér filerne ind i sidens mappe, eller fjern linket."),
            Refused::TooBig { size, limit } => Diagnostic::error(
                MRP124,
                file,
                0..0,
                format!(
                    "{path} fylder {}; en fil i {folder} må højst fylde {}.",
                    crate::files::size_da(*size),
                    crate::files::size_da(*limit)
                ),
            )
            .hint("Gør filen mindre, eller læg den et andet sted og link til den."),
            Refused::Unreadable(e) => Diagnostic::error(
                MRP305,
                file,
                0..0,
                format!("{path} kan ikke læses: {e}"),
            ),
        };
        self.problems.push(d);
    }
}
