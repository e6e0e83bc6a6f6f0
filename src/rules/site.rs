//! Rules across the whole site (MRP302, MRP304), the ministry's colours
//! and contact block (MRP130, MRP132), and the files the settings and plans
//! name in `static/` (MRP308).

use std::collections::BTreeMap;

use crate::diag;
use crate::diagnostics::catalogue::{MRP130, MRP132, MRP136, MRP302, MRP304, MRP308};
use crate::diagnostics::{Diagnostic, FileId};
use crate::span::Sp;
use crate::urls;
use crate::written::Content;

pub fn check(content: &Content, out: &mut Vec<Diagnostic>) {
    // A wrong address already has its own error (MRP128).
    let flawed = content.site.flawed.contains("tilgængelighedserklæring");
    if content.site.accessibility_url.is_none() && !flawed {
        out.push(diag!(MRP304, content.site.file, 0..3, "Siden har ingen tilgængelighedserklæring.";
            hint: "Offentlige hjemmesider skal have en tilgængelighedserklæring (webtilgængelighedsloven). Tilføj tilgængelighedserklæring: https://www.was.digst.dk/... i content/_index.md."));
    }
    department_heads(content, out);
    colors(content, out);
    contact(content, out);
    former_names(content, out);
}

/// MRP136: an agency's former names stand oldest first, each used until a
/// later day than the one before; otherwise two names would both be in
/// force on some day, and which one an old plan shows would be a guess.
fn former_names(content: &Content, out: &mut Vec<Diagnostic>) {
    for agency in &content.agencies {
        for pair in agency.former_names.windows(2) {
            let (before, after) = (&pair[0], &pair[1]);
            if after.until.value > before.until.value {
                continue;
            }
            let (after_until, before_until) = (
                crate::dates::long_da(after.until.value),
                crate::dates::long_da(before.until.value),
            );
            let message = if after.until.value == before.until.value {
                format!(
                    "De tidligere navne '{}' og '{}' bruges begge til {after_until}.",
                    before.name, after.name
                )
            } else {
                format!(
                    "Det tidligere navn '{}' bruges til {after_until}, men står efter '{}', der bruges til {before_until}.",
                    after.name, before.name
                )
            };
            out.push(
                Diagnostic::error(MRP136, agency.file, after.until.span.clone(), message)
                .label("ikke senere end navnet før")
                .related(before.until.span.clone(), "navnet før")
                .hint("Skriv tidligere_navne i tidsorden, det ældste først, så hvert 'til' ligger efter det forrige; to navne kan ikke gælde samme dag."),
            );
        }
    }
}

/// WCAG 1.4.3: white text on the primary colour (header, footer) and
/// links on white need a contrast of at least 4.5:1.
fn colors(content: &Content, out: &mut Vec<Diagnostic>) {
    let c = &content.site.colors;
    for (color, what) in [
        (&c.primary, "hvid tekst på farven primær"),
        (&c.link, "links i farven link på hvid baggrund"),
    ] {
        let Some(color) = color else { continue };
        let Some(ratio) = contrast_with_white(&color.value) else {
            continue;
        };
        if ratio < 4.5 {
            out.push(diag!(MRP130, content.site.file, color.span.clone(),
                "Farven {} er for lys: {what} har kontrasten {}:1, og der skal mindst 4,5:1 til.", color.value, format!("{ratio:.1}").replace('.', ",");
                label: "for lidt kontrast",
                hint: "Vælg en mørkere udgave af farven; svagtseende skal kunne læse teksten (WCAG 2.1, 1.4.3). Et kontrastværktøj viser forholdet, fx WebAIM's Contrast Checker."));
        }
    }
}

/// The contrast ratio of `#rrggbb` against white (WCAG 2.1's formula).
fn contrast_with_white(color: &str) -> Option<f64> {
    let channel = |i: usize| -> Option<f64> {
        let v = f64::from(u8::from_str_radix(color.get(i..i + 2)?, 16).ok()?) / 255.0;
        Some(if v <= 0.04045 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        })
    };
    let l = 0.2126 * channel(1)? + 0.7152 * channel(3)? + 0.0722 * channel(5)?;
    Some(1.05 / (l + 0.05))
}

/// CVR and EAN numbers are digits of a fixed length; an e-mail has an @.
fn contact(content: &Content, out: &mut Vec<Diagnostic>) {
    let c = &content.site.contact;
    let file = content.site.file;
    for (value, key, digits, example) in [
        (&c.cvr, "cvr", 8, "25775635"),
        (&c.ean, "ean", 13, "5798000201200"),
    ] {
        let Some(value) = value else { continue };
        let bare: String = value.value.chars().filter(|c| *c != ' ').collect();
        if bare.len() != digits || !bare.chars().all(|c| c.is_ascii_digit()) {
            out.push(diag!(MRP132, file, value.span.clone(),
                "'{key}' skal være {digits} cifre, ikke '{}'.", value.value;
                label: format!("ikke {digits} cifre"),
                hint: format!("Skriv nummeret uden bogstaver, fx {key}: \"{example}\"")));
        }
    }
    if let Some(email) = &c.email {
        let ok = email.value.split_once('@').is_some_and(|(who, host)| {
            !who.is_empty() && host.contains('.') && !email.value.contains(char::is_whitespace)
        });
        if !ok {
            out.push(diag!(MRP132, file, email.span.clone(),
                "'email' skal være en e-mailadresse, ikke '{}'.", email.value;
                label: "ikke en e-mailadresse",
                hint: "Skriv adressen med @, fx email: kontakt@ministeriet.dk"));
        }
    }
}

/// The files the settings (`logo`) and plans (`underskrevet_pdf`) name are
/// in `static/` and are what they claim to be; `file` gives a static file's
/// bytes by its path there (the theme's view of `static/`, which never
/// follows a link out of the site).
pub fn check_files<'t>(
    content: &Content,
    file: &dyn Fn(&str) -> Option<&'t [u8]>,
    out: &mut Vec<Diagnostic>,
) {
    let site = &content.site;
    let named = site
        .logo
        .iter()
        .map(|l| (l, site.file, "logoet", "en SVG- eller PNG-fil"))
        .chain(content.plans.iter().filter_map(|p| {
            p.signed_pdf
                .as_ref()
                .map(|s| (s, p.file, "den underskrevne plan", "en pdf-fil"))
        }));
    for (path, at, what, kind) in named {
        match file(&path.value) {
            None => out.push(diag!(MRP308, at, path.span.clone(),
                "Filen static/{} findes ikke, så {what} kan ikke vises.", path.value;
                label: "ingen fil her",
                hint: format!("Læg filen i static/{} (stien regnes fra mappen static/), eller ret stien.", path.value))),
            Some(bytes) if !is_kind(&path.value, bytes) => out.push(diag!(MRP308, at, path.span.clone(),
                "Filen static/{} er ikke {kind}, selv om navnet siger det.", path.value;
                label: format!("ikke {kind}"),
                hint: "Gem filen igen i det rigtige format (fx 'Gem som pdf' eller 'Eksportér som SVG/PNG'), og læg den i static/.")),
            Some(_) if made_by_build(content, &path.value) => out.push(diag!(MRP308, at, path.span.clone(),
                "static/{} har samme sti som en pdf, mrplan selv sætter, så {what} ville blive overskrevet af den.", path.value;
                label: "stien er optaget",
                hint: "Læg filen i en mappe for sig, fx static/underskrevet/, og ret stien, fx underskrevet_pdf: underskrevet/fmi-2025.pdf")),
            Some(_) => {}
        }
    }
}

/// Whether the build writes a PDF of its own at `path`: a plan's, its
/// results' or a year's whole report (a static file there is replaced).
fn made_by_build(content: &Content, path: &str) -> bool {
    content.plans.iter().any(|p| {
        let (year, slug) = (p.year(), p.slug());
        path == urls::plan_pdf(year, slug)
            || path == urls::results_pdf(year, slug)
            || path == urls::results_all(year, "pdf")
    })
}

/// Whether `bytes` look like the file type `path`'s ending names.
fn is_kind(path: &str, bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024)];
    let ending = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    match ending.as_deref() {
        Some("pdf") => head.windows(5).any(|w| w == b"%PDF-"),
        Some("png") => bytes.starts_with(b"\x89PNG\r\n\x1a\n"),
        Some("svg") => String::from_utf8_lossy(head).contains("<svg"),
        _ => false,
    }
}

/// Who signed a plan as departementschef: (agency slug, name, file).
type Signed<'a> = (&'a str, &'a Sp<String>, FileId);

/// All approved plans of a year are signed by the same departementschef;
/// a difference is usually a misspelling.
fn department_heads(content: &Content, out: &mut Vec<Diagnostic>) {
    let mut by_year: BTreeMap<i32, Vec<Signed>> = BTreeMap::new();
    for plan in content.plans.iter().filter(|p| !p.is_draft()) {
        if let Some(head) = plan
            .signature
            .as_ref()
            .and_then(|s| s.department_head.as_ref())
        {
            by_year
                .entry(plan.year())
                .or_default()
                .push((plan.slug(), head, plan.file));
        }
    }
    for (year, heads) in by_year {
        // The most common spelling is taken as the right one.
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for (_, head, _) in &heads {
            *counts.entry(head.value.as_str()).or_default() += 1;
        }
        let Some((common, _)) = counts.iter().max_by_key(|(_, n)| **n) else {
            continue;
        };
        let (first_slug, _, _) = heads
            .iter()
            .find(|(_, h, _)| h.value == *common)
            .copied()
            .unwrap_or(heads[0]);
        for (slug, head, file) in &heads {
            if head.value != *common {
                out.push(diag!(MRP302, *file, head.span.clone(),
                    "Planerne for {year} er underskrevet af forskellige departementschefer: '{}' ({slug}) og '{common}' ({first_slug}).", head.value;
                    label: "anden departementschef",
                    hint: "Tjek stavningen: samme departementschef underskriver normalt alle årets planer."));
            }
        }
    }
}
