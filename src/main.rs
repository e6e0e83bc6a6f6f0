//! The `mrplan` command line.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};

use mrplan::diagnostics::{self, Format};
use mrplan::report::formats;

// Output that never panics: a closed pipe (`mrplan check | head`) just ends it.
macro_rules! out {
    ($($t:tt)*) => {{ let _ = writeln!(std::io::stdout(), $($t)*); }};
}
macro_rules! out_raw {
    ($($t:tt)*) => {{ let _ = write!(std::io::stdout(), $($t)*); }};
}
macro_rules! err {
    ($($t:tt)*) => {{ let _ = writeln!(std::io::stderr(), $($t)*); }};
}
macro_rules! err_raw {
    ($($t:tt)*) => {{ let _ = write!(std::io::stderr(), $($t)*); }};
}
use mrplan::rules::{CATALOGUE, Purpose};
use mrplan::site::{BuildOptions, Site};

/// Tjekker og udgiver mål- og resultatplaner: hjemmeside, pdf'er og årsrapportens målrapportering.
#[derive(Parser)]
#[command(name = "mrplan", version, about)]
struct Cli {
    /// Sidens rodmappe (den, der indeholder content/).
    #[arg(long, short = 'C', global = true, default_value = ".")]
    root: PathBuf,
    /// Vis tider for hver fase.
    #[arg(long, short, global = true)]
    verbose: bool,
    /// Skriv kun fejl og advarsler.
    #[arg(long, short, global = true)]
    quiet: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Tjek alle planer og vis alle fejl og advarsler på én gang.
    Check {
        /// Sådan vises fejl: human (med uddrag), short (én linje), json (JSON-linjer til CI).
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
        /// Lad advarsler tælle som fejl.
        #[arg(long)]
        strict: bool,
        /// Byg også siden og tjek hver side for tilgængelighed (WCAG 2.1 AA) i Chromium.
        #[arg(long)]
        a11y: bool,
    },
    /// Byg hjemmesiden til output/ (kun hvis der ingen fejl er).
    Build {
        /// Hvor siden skrives hen.
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// Udgiv også planer med status: udkast.
        #[arg(long)]
        drafts: bool,
        /// Lad advarsler tælle som fejl.
        #[arg(long)]
        strict: bool,
        /// Sådan vises fejl.
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
        /// Spring pdf'erne over (hurtig forhåndsvisning af hjemmesiden).
        #[arg(long)]
        no_pdf: bool,
    },
    /// Sæt én plan som pdf til gennemsyn (også udkast).
    Pdf {
        /// Planens fil, fx content/planer/2025/fmi.md.
        file: PathBuf,
        /// Hvor pdf'en skrives hen (standard: <styrelse>-<år>.pdf).
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// Sådan vises fejl.
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
    },
    /// Skriv Typst-kilderne til hver plans pdf (til benchmark mod typst-cli).
    #[command(hide = true)]
    TypstKilder {
        /// Mappen, kilderne skrives til.
        dir: PathBuf,
    },
    /// Skriv årsrapportens målrapportering for et år ud fra planernes resultater.
    Report {
        /// Året, fx 2024.
        #[arg(long = "år", alias = "aar")]
        year: i32,
        /// Kun denne styrelse (fx fmi); uden: alle styrelser og en samlet oversigt.
        #[arg(long)]
        styrelse: Option<String>,
        /// md (til at sætte ind i årsrapporten), html, json, csv, typ, pdf eller docx.
        #[arg(long, value_enum, default_value = "md")]
        format: ReportFormat,
        /// Skriv til denne fil i stedet for til skærmen (pdf og docx skrives altid til en fil).
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// Sådan vises fejl.
        #[arg(long = "fejlformat", value_enum, default_value = "human")]
        diagnostics: Format,
    },
    /// Vis alle regler, som check håndhæver.
    Regler,
    /// Byg siden, server den på http://127.0.0.1:1111 og genbyg ved hver ændring (siden genindlæses selv).
    Serve {
        /// Porten (0: en ledig port).
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Adressen, der lyttes på. Kun din egen maskine som standard.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Hvor siden skrives hen.
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// Vis også planer med status: udkast.
        #[arg(long)]
        drafts: bool,
        /// Lav ingen pdf'er.
        #[arg(long)]
        no_pdf: bool,
    },
    /// Lav en ny plan (ud fra styrelsens seneste) eller en ny styrelse.
    New {
        #[command(subcommand)]
        what: New,
    },
    /// Skriv JSON Schema for front matter, til editorens YAML-hjælp.
    Schema {
        /// plan, styrelse eller side (content/_index.md).
        #[arg(value_enum, default_value = "plan")]
        kind: mrplan::schema::Kind,
        /// Skriv til denne fil i stedet for til skærmen.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
enum New {
    /// Ny plan for et år: samme målbillede og mål som styrelsens seneste plan, datoer flyttet, resultater fjernet, status udkast.
    Plan {
        /// Styrelsens kortnavn, fx fmi.
        #[arg(long)]
        styrelse: String,
        /// Planåret, fx 2027.
        #[arg(long = "år", alias = "aar")]
        year: i32,
    },
    /// Ny styrelse i content/styrelser/.
    Styrelse {
        /// Kortnavnet (små bogstaver, tal og bindestreg), fx fmi.
        slug: String,
        /// Styrelsens fulde navn.
        #[arg(long)]
        navn: String,
        /// Forkortelsen (standard: kortnavnet med store bogstaver).
        #[arg(long)]
        forkortelse: Option<String>,
        /// Styrelsens hjemmeside.
        #[arg(long)]
        url: Option<String>,
    },
}

/// Typst recurses deeply while it lays out a document; rayon's default
/// 2 MiB worker stacks overflow on long plans, so give the workers 16 MiB.
const WORKER_STACK: usize = 16 * 1024 * 1024;

fn main() -> ExitCode {
    let cli = Cli::parse();
    // Fails only if a pool already exists, which cannot happen this early.
    let _ = rayon::ThreadPoolBuilder::new()
        .stack_size(WORKER_STACK)
        .build_global();
    match run(cli) {
        Ok(code) => code,
        Err(fatal) => {
            err!("fejl: {fatal}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode, mrplan::Fatal> {
    match cli.command {
        Command::Serve {
            port,
            bind,
            output,
            drafts,
            no_pdf,
        } => {
            mrplan::serve::serve(mrplan::serve::ServeOptions {
                output: output.unwrap_or_else(|| cli.root.join("output")),
                root: cli.root,
                bind,
                port,
                drafts,
                pdfs: !no_pdf,
                quiet: cli.quiet,
                verbose: cli.verbose,
            })?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Schema { kind, output } => {
            let text = serde_json::to_string_pretty(&mrplan::schema::schema(kind))
                .map_err(|e| mrplan::Fatal::new(format!("Kan ikke skrive skemaet: {e}")))?
                + "\n";
            match output {
                Some(path) => {
                    mrplan::output::write_atomic(&path, text.as_bytes())?;
                    if !cli.quiet {
                        err!("Skrev {}.", path.display());
                    }
                }
                None => out_raw!("{text}"),
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::New { what } => new(&cli.root, what, cli.quiet),
        Command::Regler => {
            let mut out = std::io::stdout().lock();
            for r in CATALOGUE {
                let _ = writeln!(out, "{}  {:<8}  {}", r.id, r.severity.da(), r.summary);
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Check {
            format,
            strict,
            a11y,
        } => {
            // Before loading: a missing tool is a set-up problem (exit 2).
            let tools = a11y
                .then(|| mrplan::a11y::Tools::find(&cli.root))
                .transpose()?;
            let mut site = Site::load(&cli.root, cli.verbose)?;
            site.check(Purpose::Publish);
            site.check_theme();
            let audited = match &tools {
                Some(tools) if !site.failed(false) => mrplan::a11y::audit(&mut site, tools)?,
                _ => None,
            };
            let text = diagnostics::render(&site.sources, &site.diagnostics, format);
            out_raw!("{text}");
            if format != Format::Json && !cli.quiet {
                let pages = match (&audited, a11y) {
                    (Some(a), _) => format!(
                        " og {} for tilgængelighed (axe-core {})",
                        count(a.pages, "side", "sider"),
                        a.axe
                    ),
                    (None, true) => {
                        " (tilgængeligheden blev ikke tjekket: ret fejlene først)".into()
                    }
                    (None, false) => String::new(),
                };
                out!(
                    "Tjekkede {} og {}{}: {}",
                    count(site.content.plan_files, "plan", "planer"),
                    count(site.content.agency_files.len(), "styrelse", "styrelser"),
                    pages,
                    diagnostics::summary(&site.diagnostics)
                );
            }
            Ok(if site.failed(strict) {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::Report {
            year,
            styrelse,
            format,
            output,
            diagnostics: diag_format,
        } => {
            let mut site = Site::load(&cli.root, cli.verbose)?;
            site.check(Purpose::Report);
            let report = site.report(year, styrelse.as_deref())?;
            let bytes = match &report {
                None => None,
                Some(r) => match format {
                    ReportFormat::Md => Some(formats::markdown(r).into_bytes()),
                    ReportFormat::Html => Some(formats::html_document(r).into_bytes()),
                    ReportFormat::Json => Some(formats::json(r).into_bytes()),
                    ReportFormat::Csv => Some(formats::csv(r).into_bytes()),
                    ReportFormat::Docx => {
                        Some(mrplan::report::docx::docx(r).map_err(mrplan::Fatal::new)?)
                    }
                    ReportFormat::Typ => site.report_output(r, false)?,
                    ReportFormat::Pdf => site.report_output(r, true)?,
                },
            };
            err_raw!(
                "{}",
                diagnostics::render(&site.sources, &site.diagnostics, diag_format)
            );
            let Some(bytes) = bytes else {
                err!(
                    "Målrapporteringen blev ikke lavet: {} Alle årets mål skal have et resultat (status og opnået), før rapporten kan skrives.",
                    diagnostics::summary(&site.diagnostics)
                );
                return Ok(ExitCode::from(1));
            };
            let binary = matches!(format, ReportFormat::Pdf | ReportFormat::Docx);
            let output = output.or_else(|| {
                binary.then(|| {
                    let who = styrelse
                        .as_deref()
                        .map(|s| format!("-{s}"))
                        .unwrap_or_default();
                    PathBuf::from(format!("maalrapportering-{year}{who}.{}", format.ext()))
                })
            });
            match output {
                Some(path) => {
                    mrplan::output::write_atomic(&path, &bytes)?;
                    if !cli.quiet {
                        err!("Skrev {}.", path.display());
                    }
                }
                None => {
                    let _ = std::io::stdout().write_all(&bytes);
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::TypstKilder { dir } => {
            let mut site = Site::load(&cli.root, cli.verbose)?;
            let n = site.typst_sources(&dir)?;
            err!("Skrev Typst-kilder til {n} pdf'er i {}.", dir.display());
            Ok(ExitCode::SUCCESS)
        }
        Command::Pdf {
            file,
            output,
            format,
        } => {
            let started = Instant::now();
            let mut site = Site::load(&cli.root, cli.verbose)?;
            site.check(Purpose::Publish);
            let pdf = site.plan_pdf(&file)?;
            err_raw!(
                "{}",
                diagnostics::render(&site.sources, &site.diagnostics, format)
            );
            let Some(bytes) = pdf else {
                err!(
                    "Pdf'en blev ikke lavet: {}",
                    diagnostics::summary(&site.diagnostics)
                );
                return Ok(ExitCode::from(1));
            };
            let output = output.unwrap_or_else(|| {
                let stem = file.file_stem().unwrap_or_default().to_string_lossy();
                let year = file
                    .parent()
                    .and_then(|p| p.file_name())
                    .map(|y| y.to_string_lossy().into_owned())
                    .unwrap_or_default();
                PathBuf::from(format!("{stem}-{year}.pdf"))
            });
            mrplan::output::write_atomic(&output, &bytes)?;
            if !cli.quiet {
                err!(
                    "Skrev {} ({} kB, {:.2} s).",
                    output.display(),
                    bytes.len().div_ceil(1024),
                    started.elapsed().as_secs_f64()
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Build {
            output,
            drafts,
            strict,
            format,
            no_pdf,
        } => {
            let started = Instant::now();
            let mut site = Site::load(&cli.root, cli.verbose)?;
            site.progress = mrplan::progress::Progress::new(cli.quiet);
            site.check(Purpose::Publish);
            let output = output.unwrap_or_else(|| cli.root.join("output"));
            let shown = format!("{}/", output.strip_prefix(".").unwrap_or(&output).display());
            let built = site.build(&BuildOptions {
                output: output.clone(),
                drafts,
                strict,
                pdfs: !no_pdf,
            })?;
            err_raw!(
                "{}",
                diagnostics::render(&site.sources, &site.diagnostics, format)
            );
            match built {
                Some(b) => {
                    if !cli.quiet {
                        err!(
                            "Byggede {} og {}: {} filer i {} ({:.2} s). {}\nÅbn {}index.html i en browser.",
                            count(b.plans, "plan", "planer"),
                            count(b.agencies, "styrelse", "styrelser"),
                            b.files,
                            shown,
                            started.elapsed().as_secs_f64(),
                            diagnostics::summary(&site.diagnostics),
                            shown
                        );
                    }
                    Ok(ExitCode::SUCCESS)
                }
                None => {
                    err!(
                        "Bygningen stoppede: {} {} er ikke ændret.",
                        diagnostics::summary(&site.diagnostics),
                        shown
                    );
                    Ok(ExitCode::from(1))
                }
            }
        }
    }
}

/// `mrplan new plan` and `mrplan new styrelse`.
fn new(root: &std::path::Path, what: New, quiet: bool) -> Result<ExitCode, mrplan::Fatal> {
    use mrplan::scaffold;
    match what {
        New::Styrelse {
            slug,
            navn,
            forkortelse,
            url,
        } => {
            if !scaffold::valid_slug(&slug) {
                return Err(mrplan::Fatal::new(format!(
                    "'{slug}' kan ikke bruges som kortnavn. Brug små bogstaver (a-z), tal og bindestreg, fx fmi."
                )));
            }
            let path = root.join("content/styrelser").join(format!("{slug}.md"));
            let abbreviation = forkortelse.unwrap_or_else(|| slug.to_uppercase());
            scaffold::write_new(
                &path,
                &scaffold::agency(&navn, &abbreviation, url.as_deref()),
            )?;
            if !quiet {
                err!(
                    "Skrev {}. Lav styrelsens første plan med: mrplan new plan --styrelse {slug} --år <år>",
                    path.display()
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        New::Plan { styrelse, year } => {
            if !(1900..=2999).contains(&year) {
                return Err(mrplan::Fatal::new(format!("{year} er ikke et planår.")));
            }
            let site = Site::load(root, false)?;
            if site.content.agency(&styrelse).is_none() {
                return Err(mrplan::Fatal::new(format!(
                    "Styrelsen '{styrelse}' findes ikke. Kendte styrelser: {}. Lav en ny med: mrplan new styrelse {styrelse} --navn \"...\"",
                    site.content.agency_slugs()
                )));
            }
            let path = scaffold::plan_path(root, year, &styrelse);
            // The latest earlier plan (or a later one, when planning backwards).
            let mut plans: Vec<&mrplan::model::Plan> = site
                .content
                .plans
                .iter()
                .filter(|p| p.slug() == styrelse && p.year() != year)
                .collect();
            plans.sort_by_key(|p| (p.year() < year, p.year()));
            let text = match plans.last() {
                Some(previous) => {
                    let from = site.sources.text(previous.file);
                    let text = scaffold::next_plan(from, previous.year(), year).map_err(|e| {
                        mrplan::Fatal::new(format!(
                            "Kan ikke lave planen ud fra {}: {e}. Ret den først (mrplan check).",
                            site.sources.name(previous.file)
                        ))
                    })?;
                    if !quiet {
                        err!("Bygger på {}.", site.sources.name(previous.file));
                    }
                    text
                }
                None => scaffold::first_plan(&styrelse, year),
            };
            scaffold::write_new(&path, &text)?;
            if !quiet {
                err!(
                    "Skrev {} (status: udkast). Se den med: mrplan serve --drafts",
                    path.display()
                );
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum ReportFormat {
    Md,
    Html,
    Json,
    Csv,
    Typ,
    Pdf,
    Docx,
}

impl ReportFormat {
    fn ext(self) -> &'static str {
        match self {
            ReportFormat::Md => "md",
            ReportFormat::Html => "html",
            ReportFormat::Json => "json",
            ReportFormat::Csv => "csv",
            ReportFormat::Typ => "typ",
            ReportFormat::Pdf => "pdf",
            ReportFormat::Docx => "docx",
        }
    }
}

/// "1 plan", "3 planer".
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
