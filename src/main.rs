//! The `mrplan` command line: its definition (made Danish by
//! `mrplan::cli`) and one function per command.

use mrplan::diagnostics::catalogue::MRP150;
use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::error::ErrorKind;
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

use mrplan::diagnostics::{self, Format};

// Output that never panics: a closed pipe (`mrplan check | head`) just ends it.
use mrplan::Stop;
use mrplan::rules::{CATALOGUE, Purpose};
use mrplan::scaffold;
use mrplan::site::{BuildOptions, Site};
use mrplan::{err, err_raw, out, out_raw};

// A build allocates and frees millions of small strings and values across
// threads: glibc's malloc took a fifth of the build's CPU time (perf, 1,000
// plans); mimalloc is well kept and made for this pattern. Built with
// `no_thp`: its huge pages raised the peak memory by a fifth (60 MB).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Tjekker og udgiver mål- og resultatplaner: hjemmeside, pdf'er og årsrapportens målrapportering.
#[derive(Parser)]
#[command(
    name = "mrplan",
    version,
    about,
    after_help = "Se hjælpen til en kommando med: mrplan help <KOMMANDO> (eller mrplan <KOMMANDO> --help)."
)]
struct Cli {
    /// Sidens rodmappe (den, der indeholder content/).
    #[arg(
        long,
        short = 'C',
        global = true,
        default_value = ".",
        value_name = "MAPPE"
    )]
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
    /// Start en ny side: indstillinger, en styrelse og et udkast til en plan, klar til at bygge.
    Init {
        /// Mappen, siden laves i; oprettes, hvis den ikke findes (standard: --root, ellers den aktuelle mappe).
        #[arg(value_name = "MAPPE")]
        dir: Option<PathBuf>,
    },
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
        /// Hent tilgængelighedstjekkets npm-pakker (axe-core og playwright-core), hvis de mangler.
        #[arg(long, requires = "a11y")]
        hent: bool,
    },
    /// Byg hjemmesiden til output/ (kun hvis der ingen fejl er).
    Build {
        /// Hvor siden skrives hen.
        #[arg(long, short, value_name = "MAPPE")]
        output: Option<PathBuf>,
        /// Byg en forhåndsvisning med planer med status: udkast (til output-udkast/, aldrig output/).
        #[arg(long)]
        drafts: bool,
        /// Lad advarsler tælle som fejl.
        #[arg(long)]
        strict: bool,
        /// Sådan vises fejl.
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
        /// Spring pdf'erne og årets samlede Word-fil over (hurtig forhåndsvisning af hjemmesiden).
        #[arg(long)]
        no_pdf: bool,
        /// Byg uden søgeindeks (hurtigere); søgesiden henviser så til oversigten over alle mål.
        #[arg(long)]
        no_search: bool,
        /// Hvor satte pdf'er gemmes mellem bygninger (standard: $MRPLAN_CACHE_DIR, ellers ~/.cache/mrplan/pdf); mappen kan altid slettes.
        #[arg(long, value_name = "MAPPE", conflicts_with = "no_cache")]
        cache_dir: Option<PathBuf>,
        /// Sæt alle pdf'er forfra uden at læse eller skrive pdf-cachen.
        #[arg(long)]
        no_cache: bool,
    },
    /// Sæt én plan som pdf til gennemsyn (også udkast).
    Pdf {
        /// Planens fil, fx content/planer/2025/fmi.md.
        #[arg(value_name = "FIL")]
        file: PathBuf,
        /// Hvor pdf'en skrives hen (standard: <styrelse>-<år>.pdf).
        #[arg(long, short, value_name = "FIL")]
        output: Option<PathBuf>,
        /// Sådan vises fejl.
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
    },
    /// Skriv Typst-kilderne til hver plans pdf (til benchmark mod typst-cli).
    #[command(hide = true)]
    TypstKilder {
        /// Mappen, kilderne skrives til.
        #[arg(value_name = "MAPPE")]
        dir: PathBuf,
    },
    /// Skriv årsrapportens målrapportering for et år ud fra planernes resultater.
    Report {
        /// Året, fx 2024.
        #[arg(long = "år", value_name = "ÅR")]
        year: i32,
        /// Kun denne styrelse: kortnavn eller forkortelse, fx fmi eller FMI; uden: alle styrelser og en samlet oversigt.
        #[arg(long)]
        styrelse: Option<String>,
        /// md (til at sætte ind i årsrapporten), html, json, csv, typ, pdf eller docx.
        #[arg(long, value_enum, default_value = "md")]
        format: mrplan::report::Format,
        /// Skriv til denne fil i stedet for til skærmen (pdf og docx skrives altid til en fil).
        #[arg(long, short, value_name = "FIL")]
        output: Option<PathBuf>,
        /// Sådan vises fejl.
        #[arg(
            long = "fejlformat",
            value_enum,
            default_value = "human",
            value_name = "FORMAT"
        )]
        diagnostics: Format,
        /// En foreløbig status ud fra den seneste kvartalsvise opfølgning (til et år, der ikke er slut).
        #[arg(long = "foreløbig")]
        interim: bool,
        /// Word-fil (.docx) med styrelsens egne typografier, som Word-filen skal bruge (kun med --format docx).
        #[arg(long, value_name = "DOCX")]
        skabelon: Option<PathBuf>,
    },
    /// Sammenlign en styrelses plan med en anden års plan: nye, udgåede og ændrede mål.
    ///
    /// Fx: mrplan sammenlign 2025/fmi 2026/fmi
    Sammenlign {
        /// Den ældre plan: <år>/<styrelse>, fx 2025/fmi, eller planens fil.
        #[arg(value_name = "FRA")]
        from: String,
        /// Den nyere plan: <år>/<styrelse>, fx 2026/fmi, eller planens fil.
        #[arg(value_name = "TIL")]
        to: String,
        /// tekst (til at læse) eller json (til programmer).
        #[arg(long, value_enum, default_value = "tekst")]
        format: CompareFormat,
    },
    /// Vis alle regler, som check håndhæver.
    Regler,
    /// Byg siden, server den på http://127.0.0.1:1111 og genbyg ved hver ændring (siden genindlæses selv).
    Serve {
        /// Porten (0: en ledig port).
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Adressen, der lyttes på. Kun din egen maskine som standard.
        #[arg(long, default_value = "127.0.0.1", value_name = "ADRESSE")]
        bind: std::net::IpAddr,
        /// Hvor siden skrives hen.
        #[arg(long, short, value_name = "MAPPE")]
        output: Option<PathBuf>,
        /// Vis også planer med status: udkast (kun i browseren; output/ ændres ikke).
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
        #[arg(value_enum, default_value = "plan", value_name = "SLAGS")]
        kind: mrplan::schema::Kind,
        /// Skriv til denne fil i stedet for til skærmen.
        #[arg(long, short, value_name = "FIL")]
        output: Option<PathBuf>,
    },
    /// Skriv tab-fuldførelse til skallen (bash, zsh, fish eller powershell).
    ///
    /// Fx for bash: mrplan completions bash > ~/.local/share/bash-completion/completions/mrplan
    /// (.deb-pakken lægger dem selv de rigtige steder).
    Completions {
        /// Skallen.
        #[arg(value_enum, value_name = "SKAL")]
        shell: mrplan::cli::Shell,
    },
    /// Skriv man-siderne (mrplan.1, mrplan-build.1, ...) til en mappe.
    #[command(hide = true)]
    Man {
        /// Mappen, siderne skrives til.
        #[arg(value_name = "MAPPE")]
        dir: PathBuf,
    },
    /// Vis hjælpen til mrplan eller til en kommando, fx: mrplan help new plan
    Help {
        /// Kommandoen.
        #[arg(value_name = "KOMMANDO")]
        command: Vec<String>,
    },
}

/// How `mrplan sammenlign` prints.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum CompareFormat {
    Tekst,
    Json,
}

#[derive(Subcommand)]
enum New {
    /// Ny plan for et år: samme målbillede og mål som styrelsens seneste plan, datoer flyttet, resultater fjernet, status udkast.
    Plan {
        /// Styrelsens kortnavn eller forkortelse, fx fmi eller FMI.
        #[arg(long)]
        styrelse: String,
        /// Planåret, fx 2027.
        #[arg(long = "år", value_name = "ÅR")]
        year: i32,
    },
    /// Ny styrelse i content/styrelser/.
    Styrelse {
        /// Kortnavnet (små bogstaver, tal og bindestreg), fx fmi.
        #[arg(value_name = "KORTNAVN")]
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

fn main() -> ExitCode {
    // Before anything uses rayon: the PDF stage's thread stacks.
    mrplan::pdf::configure_threads();
    let args: Vec<OsString> = std::env::args_os().collect();
    let cli = match parse(&args) {
        Ok(cli) => cli,
        Err(code) => return code,
    };
    let (format, to_stdout) = cli.command.error_format();
    match run(cli) {
        Ok(code) => code,
        Err(fatal) => {
            print_fatal(&fatal.0, format, to_stdout);
            ExitCode::from(2)
        }
    }
}

/// The command line in Danish: help and version are printed and end the
/// program (`Err` with the exit code), as does a wrong argument, which is
/// explained in Danish (exit 2).
fn parse(args: &[OsString]) -> Result<Cli, ExitCode> {
    let parsed = mrplan::cli::danish(Cli::command())
        .try_get_matches_from(args)
        .and_then(|m| Cli::from_arg_matches(&m));
    let e = match parsed {
        Ok(cli) => return Ok(cli),
        Err(e) => e,
    };
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            out_raw!("{}", mrplan::cli::danish_usage(&e.to_string()));
            Err(ExitCode::SUCCESS)
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            err_raw!("{}", mrplan::cli::danish_usage(&e.to_string()));
            Err(ExitCode::from(2))
        }
        _ => {
            let explained = mrplan::cli::explain(&e, &Cli::command(), args);
            let (format, to_stdout) = error_format_of(args);
            if format == Format::Json {
                print_json_error(&explained.message, Some(&explained.hint()), to_stdout);
            } else {
                err_raw!("{}", explained.human());
            }
            Err(ExitCode::from(2))
        }
    }
}

impl Command {
    /// How this command reports errors, and whether on stdout (`check`
    /// prints its diagnostics there; the others on stderr).
    fn error_format(&self) -> (Format, bool) {
        match self {
            Command::Check { format, .. } => (*format, true),
            Command::Build { format, .. } | Command::Pdf { format, .. } => (*format, false),
            Command::Report { diagnostics, .. } => (*diagnostics, false),
            Command::Sammenlign {
                format: CompareFormat::Json,
                ..
            } => (Format::Json, false),
            _ => (Format::Human, false),
        }
    }
}

/// [`Command::error_format`] read from arguments clap could not parse.
fn error_format_of(args: &[OsString]) -> (Format, bool) {
    let args: Vec<String> = args
        .iter()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    // The first word that is not an option or the value of -C/--root.
    let mut words = args.iter().skip(1);
    let mut command = None;
    while let Some(word) = words.next() {
        if word == "-C" || word == "--root" {
            words.next();
        } else if !word.starts_with('-') {
            command = Some(word.as_str());
            break;
        }
    }
    // report's --format is the report's; its errors follow --fejlformat.
    let flag = if command == Some("report") {
        "--fejlformat"
    } else {
        "--format"
    };
    let json = args.windows(2).any(|w| w[0] == flag && w[1] == "json")
        || args.iter().any(|a| *a == format!("{flag}=json"));
    let format = if json { Format::Json } else { Format::Human };
    (format, command == Some("check"))
}

/// A fatal error, as text or as one JSON object.
fn print_fatal(message: &str, format: Format, to_stdout: bool) {
    if format != Format::Json {
        err!("fejl: {message}");
        return;
    }
    // Messages carry their advice after "\n  tip: ".
    match message.split_once("\n  tip: ") {
        Some((message, hint)) => {
            let hint = hint.replace("\n  ", "\n");
            print_json_error(message, Some(&hint), to_stdout);
        }
        None => print_json_error(message, None, to_stdout),
    }
}

/// One JSON object on one line: `{"severity":"error","message":...,"hint":...}`.
fn print_json_error(message: &str, hint: Option<&str>, to_stdout: bool) {
    let json = serde_json::json!({
        "severity": "error",
        "message": message,
        "hint": hint,
    });
    if to_stdout {
        out!("{json}");
    } else {
        err!("{json}");
    }
}

fn run(cli: Cli) -> Result<ExitCode, mrplan::Fatal> {
    let root = cli.root;
    let (verbose, quiet) = (cli.verbose, cli.quiet);
    match cli.command {
        Command::Init { dir } => init(&dir.unwrap_or(root), quiet),
        Command::Check {
            format,
            strict,
            a11y,
            hent,
        } => check(&root, verbose, quiet, format, strict, a11y.then_some(hent)),
        Command::Build {
            output,
            drafts,
            strict,
            format,
            no_pdf,
            no_search,
            cache_dir,
            no_cache,
        } => {
            let options = BuildOptions {
                output: mrplan::site::output_dir(&root, output, drafts)?,
                drafts,
                strict,
                pdfs: !no_pdf,
                search: !no_search,
            };
            let cache = mrplan::site::cache_dir(cache_dir, no_cache, &options.output)?;
            build(&root, verbose, quiet, &options, cache, format)
        }
        Command::Pdf {
            file,
            output,
            format,
        } => pdf(&root, verbose, quiet, &file, output, format),
        Command::TypstKilder { dir } => typst_sources(&root, verbose, &dir),
        Command::Report {
            year,
            styrelse,
            format,
            output,
            diagnostics,
            interim,
            skabelon,
        } => {
            let request = ReportRequest {
                year,
                styrelse,
                format,
                output,
                interim,
                template: skabelon,
            };
            report(Site::load(&root, verbose)?, quiet, request, diagnostics)
        }
        Command::Sammenlign { from, to, format } => {
            compare(Site::load(&root, verbose)?, &from, &to, format)
        }
        Command::Regler => {
            for r in CATALOGUE {
                out!("{}  {:<8}  {}", r.id, r.severity.da(), r.summary);
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Serve {
            port,
            bind,
            output,
            drafts,
            no_pdf,
        } => {
            let options = mrplan::serve::ServeOptions {
                output,
                root,
                bind,
                port,
                drafts,
                pdfs: !no_pdf,
                quiet,
                verbose,
            };
            serve(options)
        }
        Command::New { what } => new(&root, what, quiet),
        Command::Schema { kind, output } => schema(kind, output, quiet),
        Command::Completions { shell } => {
            let mut cmd = mrplan::cli::danish(Cli::command());
            mrplan::cli::completions(&mut cmd, shell, &mut std::io::stdout());
            Ok(ExitCode::SUCCESS)
        }
        Command::Man { dir } => man(&dir, quiet),
        Command::Help { command } => Ok(help(command)),
    }
}

/// `mrplan serve`: with drafts, the site lives in memory unless `-o`
/// names another folder than output/.
fn serve(mut options: mrplan::serve::ServeOptions) -> Result<ExitCode, mrplan::Fatal> {
    options.output = match (options.drafts, options.output.take()) {
        (true, None) => None,
        (drafts, requested) => Some(mrplan::site::output_dir(&options.root, requested, drafts)?),
    };
    mrplan::serve::serve(options).map(|()| ExitCode::SUCCESS)
}

/// `mrplan help KOMMANDO...` is `mrplan KOMMANDO... --help`.
fn help(command: Vec<String>) -> ExitCode {
    let mut args: Vec<OsString> = vec!["mrplan".into()];
    args.extend(command.into_iter().map(OsString::from));
    args.push("--help".into());
    match parse(&args) {
        Ok(_) => ExitCode::SUCCESS,
        Err(code) => code,
    }
}

/// `mrplan typst-kilder MAPPE`: the Typst input of every PDF (bench/pdf.sh).
fn typst_sources(root: &Path, verbose: bool, dir: &Path) -> Result<ExitCode, mrplan::Fatal> {
    let mut site = Site::load(root, verbose)?;
    let n = site.typst_sources(dir)?;
    err!("Skrev Typst-kilder til {n} pdf'er i {}.", dir.display());
    Ok(ExitCode::SUCCESS)
}

/// `mrplan init [MAPPE]`: writes a new site and checks it.
fn init(dir: &Path, quiet: bool) -> Result<ExitCode, mrplan::Fatal> {
    let year = mrplan::dates::now().year();
    let written = mrplan::init::init(dir, year)?;
    // The new site must check clean of errors: prove it here.
    let mut site = Site::load(dir, false)?;
    site.check(Purpose::Publish);
    if site.failed(false) {
        err_raw!(
            "{}",
            diagnostics::render(&site.sources, &site.diagnostics, Format::Human)
        );
        return Ok(ExitCode::from(1));
    }
    if !quiet {
        let shown = dir.display().to_string();
        let width = written
            .iter()
            .map(|f| f.path.as_os_str().len())
            .max()
            .unwrap_or(0);
        let files: Vec<String> = written
            .iter()
            .map(|f| format!("  {:<width$}  {}", f.path.display().to_string(), f.what))
            .collect();
        let cd = if dir == Path::new(".") {
            String::new()
        } else {
            format!("cd {shown} && ")
        };
        err!(
            "Lavede en ny side i {shown}:\n{}\nTjek af den nye side: {}\n\
             Byg siden med: {cd}mrplan build\n\
             Se udkastet, mens du skriver, med: {cd}mrplan serve --drafts",
            files.join("\n"),
            diagnostics::summary(&site.diagnostics)
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// `mrplan check`; `a11y` is `Some(fetch)` with `--a11y`.
fn check(
    root: &Path,
    verbose: bool,
    quiet: bool,
    format: Format,
    strict: bool,
    a11y: Option<bool>,
) -> Result<ExitCode, mrplan::Fatal> {
    use mrplan::a11y::{Fetch, Tools};
    // Before loading: a missing tool is a set-up problem (exit 2).
    let tools = a11y
        .map(|fetch| Tools::find(if fetch { Fetch::Yes } else { Fetch::Ask }))
        .transpose()?;
    let mut site = Site::load(root, verbose)?;
    site.check(Purpose::Publish);
    site.check_theme();
    let audited = match &tools {
        Some(tools) if !site.failed(false) => found(mrplan::a11y::audit(&mut site, tools))?,
        _ => None,
    };
    let text = diagnostics::render(&site.sources, &site.diagnostics, format);
    out_raw!("{text}");
    if format != Format::Json && !quiet {
        let pages = match (&audited, a11y.is_some()) {
            (Some(a), _) => format!(
                " og {} for tilgængelighed (axe-core {})",
                count(a.pages, "side", "sider"),
                a.axe
            ),
            (None, true) => " (tilgængeligheden blev ikke tjekket: ret fejlene først)".into(),
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

/// `mrplan build`.
fn build(
    root: &Path,
    verbose: bool,
    quiet: bool,
    options: &BuildOptions,
    cache: Option<PathBuf>,
    format: Format,
) -> Result<ExitCode, mrplan::Fatal> {
    let started = Instant::now();
    let mut site = Site::load(root, verbose)?;
    site.progress = mrplan::progress::Progress::new(quiet);
    site.pdf_cache = cache;
    site.check(Purpose::Publish);
    let output = &options.output;
    let shown = format!("{}/", output.strip_prefix(".").unwrap_or(output).display());
    let built = found(site.build(options))?;
    err_raw!(
        "{}",
        diagnostics::render(&site.sources, &site.diagnostics, format)
    );
    match built {
        Some(b) => {
            if !quiet {
                err!(
                    "Byggede {} og {}: {} filer i {} ({}). {}",
                    count(b.plans, "plan", "planer"),
                    count(b.agencies, "styrelse", "styrelser"),
                    b.files,
                    shown,
                    mrplan::danish::seconds(started.elapsed()),
                    diagnostics::summary(&site.diagnostics),
                );
                say_left_out(&b.drafts_left_out, options.drafts, &shown);
                err!("Åbn {shown}index.html i en browser.");
            }
            // The process ends next: freeing a large site's millions of
            // small allocations one by one took 2-3 % of the build.
            std::mem::forget(site);
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

/// A step's result, to print: `None` when the checks stopped it (the
/// diagnostics, printed next, say why); a fatal problem ends the command.
fn found<T>(step: Result<T, Stop>) -> Result<Option<T>, mrplan::Fatal> {
    match step {
        Ok(value) => Ok(Some(value)),
        Err(Stop::Findings) => Ok(None),
        Err(Stop::Fatal(fatal)) => Err(fatal),
    }
}

/// What a build left out, and where a preview went.
fn say_left_out(drafts_left_out: &[String], drafts: bool, shown: &str) {
    if !drafts_left_out.is_empty() {
        err!(
            "{} ikke udgivet: {} (brug --drafts for at se {}).",
            count(drafts_left_out.len(), "udkast er", "udkast er"),
            drafts_left_out.join(", "),
            if drafts_left_out.len() == 1 {
                "det"
            } else {
                "dem"
            }
        );
    }
    if drafts {
        err!(
            "Forhåndsvisningen med udkast ligger i {shown}; den må ikke udgives. Den udgivne side bygges med mrplan build (uden --drafts) til output/."
        );
    }
}

/// `mrplan pdf FIL`.
fn pdf(
    root: &Path,
    verbose: bool,
    quiet: bool,
    file: &Path,
    output: Option<PathBuf>,
    format: Format,
) -> Result<ExitCode, mrplan::Fatal> {
    let started = Instant::now();
    let mut site = Site::load(root, verbose)?;
    site.check(Purpose::Publish);
    let pdf = found(site.plan_pdf(file))?;
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
    if !quiet {
        err!(
            "Skrev {} ({} kB, {}).",
            output.display(),
            bytes.len().div_ceil(1024),
            mrplan::danish::seconds(started.elapsed())
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// What `mrplan report` was asked for.
struct ReportRequest {
    year: i32,
    styrelse: Option<String>,
    format: mrplan::report::Format,
    output: Option<PathBuf>,
    interim: bool,
    /// An agency's Word template (`--skabelon`).
    template: Option<PathBuf>,
}

/// `mrplan report --år ÅR [--foreløbig]`.
fn report(
    mut site: Site,
    quiet: bool,
    request: ReportRequest,
    diag_format: Format,
) -> Result<ExitCode, mrplan::Fatal> {
    let ReportRequest {
        year,
        styrelse,
        format,
        output,
        interim,
        template,
    } = request;
    // The template is read first: a wrong path is an error even when the
    // plans have problems too.
    if template.is_some() && format != mrplan::report::Format::Docx {
        return Err(mrplan::Fatal::new(
            "--skabelon bruges kun til Word-filen: tilføj --format docx, eller fjern --skabelon."
                .into(),
        ));
    }
    let reference = template
        .as_deref()
        .map(mrplan::report::docx::Reference::read)
        .transpose()?;
    site.check(if interim {
        Purpose::Interim { year }
    } else {
        Purpose::Report { year }
    });
    // `--styrelse FMI` means the agency with slug fmi.
    let styrelse = styrelse.map(|s| site.content.agency_named(&s).map_or(s, |a| a.slug.clone()));
    let report = found(site.report(year, styrelse.as_deref(), interim))?;
    let bytes = match &report {
        None => None,
        Some(r) => found(site.report_output(r, format, reference.as_ref()))?,
    };
    err_raw!(
        "{}",
        diagnostics::render(&site.sources, &site.diagnostics, diag_format)
    );
    let Some(bytes) = bytes else {
        let (what, why) = if interim {
            (
                "Den foreløbige status",
                "En foreløbig status viser hvert mål ved planens seneste kvartalsvise opfølgning; ret fejlene ovenfor.",
            )
        } else {
            (
                "Målrapporteringen",
                "Målrapporteringen skrives, når planåret er slut og hvert mål har et resultat (status og opnået). En foreløbig status i løbet af året: tilføj --foreløbig.",
            )
        };
        err!(
            "{what} blev ikke lavet: {} {why}",
            diagnostics::summary(&site.diagnostics)
        );
        return Ok(ExitCode::from(1));
    };
    let binary = format.is_binary();
    let output = output.or_else(|| {
        binary.then(|| {
            let who = styrelse
                .as_deref()
                .map(|s| format!("-{s}"))
                .unwrap_or_default();
            let stem = if interim {
                "foreloebig-status"
            } else {
                "maalrapportering"
            };
            PathBuf::from(format!("{stem}-{year}{who}.{}", format.ext()))
        })
    });
    match output {
        Some(path) => {
            mrplan::output::write_atomic(&path, &bytes)?;
            if !quiet {
                err!("Skrev {}.", path.display());
            }
        }
        None => {
            let _ = std::io::stdout().write_all(&bytes);
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `mrplan sammenlign FRA TIL`: the two plans' problems, if they have
/// any (exit 1), or what changed from one to the other.
fn compare(
    mut site: Site,
    from: &str,
    to: &str,
    format: CompareFormat,
) -> Result<ExitCode, mrplan::Fatal> {
    use mrplan::compare;
    // The arguments first: a typo is reported before any check runs.
    let (from, to) = (compare::named(from)?, compare::named(to)?);
    site.check(Purpose::Publish);
    let loaded = found(plans_to_compare(&mut site, &from, &to))?;
    let diagnostics_format = match format {
        CompareFormat::Json => Format::Json,
        CompareFormat::Tekst => Format::Human,
    };
    err_raw!(
        "{}",
        diagnostics::render(&site.sources, &site.diagnostics, diagnostics_format)
    );
    let Some((from, to)) = loaded else {
        err!(
            "Planerne blev ikke sammenlignet: {} Ret fejlene, og kør mrplan sammenlign igen.",
            diagnostics::summary(&site.diagnostics)
        );
        return Ok(ExitCode::from(1));
    };
    let comparison = compare::compare(&from, &to);
    match format {
        CompareFormat::Tekst => out_raw!("{}", compare::text(&comparison)),
        CompareFormat::Json => out_raw!("{}", compare::json(&comparison)),
    }
    Ok(ExitCode::SUCCESS)
}

/// The two plans `from` and `to` name, published (drafts too: comparing a
/// draft with last year's plan is what an author does). Only problems in
/// those two files and the site settings stop it; they stay in the site's
/// diagnostics.
fn plans_to_compare(
    site: &mut Site,
    from: &mrplan::compare::Named,
    to: &mrplan::compare::Named,
) -> Result<(mrplan::model::Plan, mrplan::model::Plan), Stop> {
    use mrplan::compare::find;
    let chosen = [find(&site.content, from)?, find(&site.content, to)?];
    let files = [chosen[0].file, chosen[1].file, site.content.site.file];
    site.diagnostics.retain(|d| files.contains(&d.file));
    if site.failed(false) {
        return Err(Stop::Findings);
    }
    let published =
        mrplan::publish::publish_plans(&site.content, &site.sources, chosen.into_iter())?;
    let mut plans = published.plans.into_iter();
    match (plans.next(), plans.next()) {
        (Some(a), Some(b)) => Ok((a, b)),
        // publish_plans makes one plan of each it is given.
        _ => Err(mrplan::Fatal::new("mrplan kunne ikke udgive planerne.".into()).into()),
    }
}

/// `mrplan schema [SLAGS]`.
fn schema(
    kind: mrplan::schema::Kind,
    output: Option<PathBuf>,
    quiet: bool,
) -> Result<ExitCode, mrplan::Fatal> {
    let text = serde_json::to_string_pretty(&mrplan::schema::schema(kind))
        .map_err(|e| mrplan::Fatal::new(format!("Kan ikke skrive skemaet: {e}")))?
        + "\n";
    match output {
        Some(path) => {
            mrplan::output::write_atomic(&path, text.as_bytes())?;
            if !quiet {
                err!("Skrev {}.", path.display());
            }
        }
        None => out_raw!("{text}"),
    }
    Ok(ExitCode::SUCCESS)
}

/// `mrplan man MAPPE`: the man pages, for packaging.
fn man(dir: &Path, quiet: bool) -> Result<ExitCode, mrplan::Fatal> {
    let cmd = mrplan::cli::danish(Cli::command());
    let pages = mrplan::cli::man_pages(&cmd).map_err(|e| {
        mrplan::Fatal::new(format!(
            "Kan ikke lave man-siderne: {}.",
            mrplan::danish::os_error(&e)
        ))
    })?;
    std::fs::create_dir_all(dir)
        .map_err(|e| mrplan::Fatal::io("Kan ikke oprette mappen", dir, &e))?;
    for (name, text) in &pages {
        mrplan::output::write_atomic(&dir.join(name), text.as_bytes())?;
    }
    if !quiet {
        err!("Skrev {} man-sider i {}.", pages.len(), dir.display());
    }
    Ok(ExitCode::SUCCESS)
}

/// `mrplan new plan` and `mrplan new styrelse`.
fn new(root: &Path, what: New, quiet: bool) -> Result<ExitCode, mrplan::Fatal> {
    match what {
        New::Styrelse {
            slug,
            navn,
            forkortelse,
            url,
        } => new_agency(root, &slug, &navn, forkortelse, url, quiet),
        New::Plan { styrelse, year } => new_plan(root, &styrelse, year, quiet),
    }
}

/// `mrplan new styrelse SLUG --navn ...`.
fn new_agency(
    root: &Path,
    given: &str,
    name: &str,
    abbreviation: Option<String>,
    url: Option<String>,
    quiet: bool,
) -> Result<ExitCode, mrplan::Fatal> {
    let (path, slug) =
        scaffold::create_agency(root, given, name, abbreviation.as_deref(), url.as_deref())?;
    if !quiet {
        err!(
            "Skrev {}. Lav styrelsens første plan med: mrplan new plan --styrelse {slug} --år <år>",
            path.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// `mrplan new plan --styrelse S --år Å`: from the agency's nearest plan,
/// or a skeleton for its first.
fn new_plan(
    root: &Path,
    styrelse: &str,
    year: i32,
    quiet: bool,
) -> Result<ExitCode, mrplan::Fatal> {
    let created = scaffold::create_plan(root, styrelse, year)?;
    if !quiet {
        if let Some(from) = &created.from {
            err!("Bygger på {from}.");
        }
        err!(
            "Skrev {} (status: udkast). Se den med: mrplan serve --drafts",
            created.path.display()
        );
        carried_over(root, year, &created.slug);
    }
    Ok(ExitCode::SUCCESS)
}

/// Lists the texts of the new plan that still name last year (MRP150),
/// so the author knows what to rewrite first.
fn carried_over(root: &Path, year: i32, slug: &str) {
    let Ok(mut site) = Site::load(root, false) else {
        return;
    };
    site.check(Purpose::Publish);
    let file = format!("content/planer/{year}/{slug}.md");
    let found: Vec<mrplan::diagnostics::Diagnostic> = site
        .diagnostics
        .iter()
        .filter(|d| d.rule == MRP150.id && site.sources.name(d.file) == file)
        .cloned()
        .collect();
    if found.is_empty() {
        return;
    }
    err!(
        "{} fra sidste års plan nævner stadig sidste år; ret dem til {year}:",
        count(found.len(), "tekst", "tekster")
    );
    err_raw!(
        "{}",
        diagnostics::render(&site.sources, &found, Format::Short)
    );
}

/// "1 plan", "3 planer".
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
