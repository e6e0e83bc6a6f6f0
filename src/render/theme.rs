//! Themes: templates and static files, resolved file by file (Zola-style):
//! `templates/` at the site root overrides `themes/<tema>/`, which overrides
//! the built-in `standard` theme compiled into the binary.

use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, FileId, Sources};
use crate::model::SiteConfig;

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
const BUILTIN_STATIC: &[(&str, &[u8])] = &[(
    "style.css",
    include_bytes!("../../themes/standard/static/style.css"),
)];

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
    /// Folders that images in Markdown bodies are read from (for PDFs).
    pub static_dirs: Vec<PathBuf>,
}

impl Theme {
    pub fn load(
        root: &Path,
        site: &SiteConfig,
        sources: &mut Sources,
    ) -> Result<Theme, Vec<Diagnostic>> {
        let name = site.theme.value.as_str();
        let theme_dir = root.join("themes").join(name);
        let builtin = name == "standard";
        if !builtin && !theme_dir.is_dir() {
            return Err(vec![Diagnostic::error(
                "MRP305",
                site.file,
                site.theme.span.clone(),
                format!("Temaet '{name}' findes ikke."),
            )
            .label("ukendt tema")
            .hint(format!("Opret mappen themes/{name}/templates/, eller brug det indbyggede tema: tema: standard"))]);
        }
        let mut templates: Vec<(String, String, String)> = Vec::new(); // (name, shown path, text)
        if builtin {
            for (n, text) in BUILTIN_TEMPLATES {
                templates.push((
                    n.to_string(),
                    format!("themes/standard/templates/{n}"),
                    text.to_string(),
                ));
            }
        }
        for (dir, shown) in [
            (
                theme_dir.join("templates"),
                format!("themes/{name}/templates"),
            ),
            (root.join("templates"), "templates".to_string()),
        ] {
            for (rel, bytes) in read_tree(&dir).map_err(|e| vec![io_error(site, &e)])? {
                if !rel.ends_with(".html") && !rel.ends_with(".xml") {
                    continue;
                }
                let text = String::from_utf8_lossy(&bytes).into_owned();
                let path = format!("{shown}/{rel}");
                match templates.iter_mut().find(|(n, _, _)| *n == rel) {
                    Some(t) => *t = (rel, path, text),
                    None => templates.push((rel, path, text)),
                }
            }
        }
        let mut statics: Vec<(String, Vec<u8>)> = Vec::new();
        if builtin {
            statics.extend(
                BUILTIN_STATIC
                    .iter()
                    .map(|(n, b)| (n.to_string(), b.to_vec())),
            );
        }
        for dir in [theme_dir.join("static"), root.join("static")] {
            for (rel, bytes) in read_tree(&dir).map_err(|e| vec![io_error(site, &e)])? {
                match statics.iter_mut().find(|(n, _)| *n == rel) {
                    Some(s) => s.1 = bytes,
                    None => statics.push((rel, bytes)),
                }
            }
        }
        let mut pdf: Vec<(String, String, String)> = Vec::new();
        if builtin {
            for (n, text) in BUILTIN_PDF {
                pdf.push((
                    n.to_string(),
                    format!("themes/standard/pdf/{n}"),
                    text.to_string(),
                ));
            }
        }
        for (dir, shown) in [
            (theme_dir.join("pdf"), format!("themes/{name}/pdf")),
            (root.join("templates").join("pdf"), "templates/pdf".into()),
        ] {
            for (rel, bytes) in read_tree(&dir).map_err(|e| vec![io_error(site, &e)])? {
                if !rel.ends_with(".typ") {
                    continue;
                }
                let text = String::from_utf8_lossy(&bytes).into_owned();
                let path = format!("{shown}/{rel}");
                match pdf.iter_mut().find(|(n, _, _)| *n == rel) {
                    Some(t) => *t = (rel, path, text),
                    None => pdf.push((rel, path, text)),
                }
            }
        }
        let mut fonts = Vec::new();
        for (rel, bytes) in
            read_tree(&theme_dir.join("fonts")).map_err(|e| vec![io_error(site, &e)])?
        {
            let lower = rel.to_lowercase();
            if [".otf", ".ttf", ".otc", ".ttc"]
                .iter()
                .any(|ext| lower.ends_with(ext))
            {
                fonts.push(bytes);
            }
        }
        if builtin {
            // themes/standard/fonts/ in a checkout holds the same files: load once.
            for f in BUILTIN_FONTS {
                if !fonts.iter().any(|have| have.as_slice() == *f) {
                    fonts.push(f.to_vec());
                }
            }
        }
        let templates = templates
            .into_iter()
            .map(|(n, path, text)| (n, sources.add(path, text)))
            .collect();
        let pdf = pdf
            .into_iter()
            .map(|(n, path, text)| (n, sources.add(path, text)))
            .collect();
        Ok(Theme {
            templates,
            statics,
            pdf,
            fonts,
            static_dirs: vec![root.join("static"), theme_dir.join("static")],
        })
    }

    pub fn file_of(&self, template: &str) -> Option<FileId> {
        self.templates
            .iter()
            .find(|(n, _)| n == template)
            .map(|(_, id)| *id)
    }
}

fn io_error(site: &SiteConfig, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(
        "MRP305",
        site.file,
        site.theme.span.clone(),
        format!(
            "Temaets filer kan ikke læses: {}.",
            crate::danish::os_error(e)
        ),
    )
}

/// Every file under `dir` as (relative path with '/', bytes); empty if `dir` is absent.
fn read_tree(dir: &Path) -> std::io::Result<Vec<(String, Vec<u8>)>> {
    let mut out = Vec::new();
    if !dir.is_dir() {
        return Ok(out);
    }
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(std::io::Error::other)?;
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
            out.push((
                rel.to_string_lossy().replace('\\', "/"),
                std::fs::read(entry.path())?,
            ));
        }
    }
    Ok(out)
}
