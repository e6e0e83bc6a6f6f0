//! The command line's Danish face. clap writes its help and its argument
//! errors in English; users of mrplan read Danish. [`danish`] gives a
//! command Danish help (headings, the help flag, defaults and allowed
//! values), and [`explain`] turns clap's error, from its kind and context
//! (the unknown word, clap's suggestion, the allowed values), into a Danish
//! sentence. Completions and man pages are made from the same definition.

use std::io;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command};

/// clap's default help layout with a Danish usage heading.
const TEMPLATE: &str = "{before-help}{about-with-newline}\nBrug: {usage}\n\n{all-args}{after-help}";

/// `cmd` and all its subcommands with Danish help.
pub fn danish(cmd: Command) -> Command {
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    let mut cmd = cmd
        .help_template(TEMPLATE)
        .subcommand_help_heading("Kommandoer")
        .subcommand_value_name("KOMMANDO")
        .disable_help_flag(true)
        .disable_help_subcommand(true)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .display_order(1000)
                .help("Vis denne hjælp"),
        );
    if cmd.get_version().is_some() {
        cmd = cmd.disable_version_flag(true).arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .display_order(1001)
                .help("Vis mrplans version"),
        );
    }
    cmd = cmd.mut_args(danish_arg);
    for name in names {
        cmd = cmd.mut_subcommand(name, danish);
    }
    cmd
}

/// One argument under a Danish heading, with its default and allowed values
/// written in Danish (clap would add "[default: ...]" and "[possible values: ...]").
fn danish_arg(arg: Arg) -> Arg {
    // The options every command has (-C, -v, -q, -h) after the command's own.
    let shared = arg.is_global_set() || ["help", "version"].contains(&arg.get_id().as_str());
    let heading = if arg.is_positional() {
        "Argumenter"
    } else if shared {
        "Fælles tilvalg"
    } else {
        "Tilvalg"
    };
    let mut notes = Vec::new();
    // Forgiving where it is safe: --aar for --år, on keyboards without æøå.
    let ascii: Vec<String> = arg.get_long().map(ascii_forms).unwrap_or_default();
    if let Some(first) = ascii.first() {
        notes.push(format!("(også --{first})"));
    }
    let takes_values = arg.get_action().takes_values();
    if takes_values {
        let values: Vec<String> = arg
            .get_possible_values()
            .iter()
            .filter(|v| !v.is_hide_set())
            .map(|v| v.get_name().to_string())
            .collect();
        if !values.is_empty() {
            notes.push(format!("[mulige værdier: {}]", values.join(", ")));
        }
        let defaults: Vec<String> = arg
            .get_default_values()
            .iter()
            .map(|v| v.to_string_lossy().into_owned())
            .collect();
        if !defaults.is_empty() {
            notes.push(format!("[standard: {}]", defaults.join(" ")));
        }
    }
    let help = arg.get_help().map(|h| h.to_string()).unwrap_or_default();
    let help = [help]
        .into_iter()
        .chain(notes)
        .collect::<Vec<_>>()
        .join(" ");
    let arg = arg
        .help_heading(heading)
        .help(help.trim().to_string())
        .aliases(ascii);
    if takes_values {
        arg.hide_default_value(true).hide_possible_values(true)
    } else {
        arg
    }
}

/// The ASCII spellings of a flag with æ, ø or å: "år" gives "aar", and
/// "foreløbig" gives "forelobig" and "foreloebig". None for an ASCII flag.
fn ascii_forms(long: &str) -> Vec<String> {
    let spell = |o: &str| {
        long.replace('æ', "ae")
            .replace('ø', o)
            .replace('å', "aa")
            .replace('Æ', "AE")
            .replace('Ø', &o.to_uppercase())
            .replace('Å', "AA")
    };
    let mut forms: Vec<String> = Vec::new();
    for form in [spell("o"), spell("oe")] {
        if form != long && !forms.contains(&form) {
            forms.push(form);
        }
    }
    forms
}

/// clap writes "[OPTIONS]" into every usage line and has no setting for it.
pub fn danish_usage(text: &str) -> String {
    text.replace("[OPTIONS]", "[TILVALG]")
}

/// A command-line error in Danish.
#[derive(Debug, PartialEq, Eq)]
pub struct Explained {
    /// "ukendt kommando 'buld' – mente du 'build'?"
    pub message: String,
    /// Extra advice, one per line ("mulige værdier: human, short, json").
    pub tips: Vec<String>,
    /// The usage line of the command the error is about, without "Brug: ".
    pub usage: Option<String>,
    /// The command the error is about: "mrplan build".
    pub command: String,
}

impl Explained {
    fn command(&self) -> &str {
        &self.command
    }

    /// The advice that follows the message: the tips and where to read more.
    pub fn hint(&self) -> String {
        let mut lines = self.tips.clone();
        lines.push(format!("Se mere med: {} --help", self.command()));
        lines.join("\n")
    }

    /// The error as text for the terminal.
    pub fn human(&self) -> String {
        let mut out = format!("fejl: {}\n", self.message);
        for tip in &self.tips {
            out.push_str(&format!("  tip: {tip}\n"));
        }
        if let Some(usage) = &self.usage {
            out.push_str(&format!("\nBrug: {usage}\n"));
        }
        out.push_str(&format!("\nSe mere med: {} --help\n", self.command()));
        out
    }
}

/// clap's error `e` for the arguments `args` to `cmd`, in Danish.
pub fn explain(e: &clap::Error, cmd: &Command, args: &[std::ffi::OsString]) -> Explained {
    let list = |kind| context_list(e, kind);
    let mut message = what_is_wrong(e);
    let mut tips = Vec::new();
    let suggested = [
        ContextKind::SuggestedSubcommand,
        ContextKind::SuggestedArg,
        ContextKind::SuggestedValue,
    ]
    .into_iter()
    .flat_map(list)
    .collect::<Vec<_>>();
    if !suggested.is_empty() {
        message.push_str(&format!(" – mente du {}?", quoted(&suggested, "eller")));
    }
    let valid = list(ContextKind::ValidValue);
    if !valid.is_empty() {
        tips.push(format!("mulige værdier: {}", valid.join(", ")));
    }
    let commands = list(ContextKind::ValidSubcommand);
    if !commands.is_empty() {
        tips.push(format!("mulige kommandoer: {}", commands.join(", ")));
    }
    if let Some(ContextValue::StyledStrs(suggestions)) = e.get(ContextKind::Suggested) {
        tips.extend(
            suggestions
                .iter()
                .filter_map(|s| danish_tip(&s.to_string())),
        );
    }
    let usage = match e.get(ContextKind::Usage) {
        Some(ContextValue::StyledStr(u)) => {
            let u = u.to_string();
            let u = u.trim().strip_prefix("Usage:").unwrap_or(&u).trim();
            Some(danish_usage(u))
        }
        _ => None,
    };
    Explained {
        message,
        tips,
        usage,
        command: command_path(cmd, args),
    }
}

/// A context value of the error as a list (one text is a list of one).
fn context_list(e: &clap::Error, kind: ContextKind) -> Vec<String> {
    match e.get(kind) {
        Some(ContextValue::Strings(v)) => v.clone(),
        Some(ContextValue::String(s)) => vec![s.clone()],
        _ => Vec::new(),
    }
}

/// What is wrong with the command line, in Danish, lower case.
fn what_is_wrong(e: &clap::Error) -> String {
    let text = |kind| match e.get(kind) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        _ => None,
    };
    let list = |kind| context_list(e, kind);
    let arg = text(ContextKind::InvalidArg).unwrap_or_default();
    let value = text(ContextKind::InvalidValue).unwrap_or_default();
    match e.kind() {
        ErrorKind::InvalidSubcommand => format!(
            "ukendt kommando '{}'",
            text(ContextKind::InvalidSubcommand).unwrap_or_default()
        ),
        ErrorKind::UnknownArgument if arg.starts_with('-') => format!("ukendt tilvalg '{arg}'"),
        ErrorKind::UnknownArgument => format!("uventet argument '{arg}'"),
        ErrorKind::InvalidValue if value.is_empty() => format!("'{arg}' skal have en værdi"),
        ErrorKind::InvalidValue => format!("ugyldig værdi '{value}' for '{arg}'"),
        ErrorKind::ValueValidation => format!(
            "ugyldig værdi '{value}' for '{arg}': {}",
            invalid_because(e)
        ),
        ErrorKind::MissingRequiredArgument => match list(ContextKind::InvalidArg).as_slice() {
            [one] => format!("'{one}' skal angives"),
            many => format!("disse skal angives: {}", quoted(many, "og")),
        },
        ErrorKind::MissingSubcommand => format!(
            "'{}' skal efterfølges af en kommando",
            text(ContextKind::InvalidSubcommand).unwrap_or_default()
        ),
        ErrorKind::ArgumentConflict => match e.get(ContextKind::PriorArg) {
            Some(ContextValue::String(prior)) if *prior == arg => {
                format!("'{arg}' må kun angives én gang")
            }
            Some(ContextValue::String(prior)) => {
                format!("'{arg}' kan ikke bruges sammen med '{prior}'")
            }
            Some(ContextValue::Strings(prior)) => format!(
                "'{arg}' kan ikke bruges sammen med {}",
                quoted(prior, "eller")
            ),
            _ => format!("'{arg}' kan ikke bruges sammen med de andre tilvalg"),
        },
        ErrorKind::NoEquals => format!("'{arg}' skal have sin værdi efter '=', fx {arg}=..."),
        ErrorKind::TooManyValues => {
            format!("uventet værdi '{value}' for '{arg}': der må ikke være flere")
        }
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            let number = |kind| match e.get(kind) {
                Some(ContextValue::Number(n)) => *n,
                _ => 0,
            };
            let wanted = number(ContextKind::MinValues).max(number(ContextKind::ExpectedNumValues));
            format!(
                "'{arg}' skal have {wanted} værdier, men fik {}",
                number(ContextKind::ActualNumValues)
            )
        }
        ErrorKind::InvalidUtf8 => "et argument er ikke gyldig UTF-8-tekst".to_string(),
        _ => "kommandolinjen kan ikke læses".to_string(),
    }
}

/// The subcommands named in `args`, as "mrplan new plan": where to read more.
fn command_path(cmd: &Command, args: &[std::ffi::OsString]) -> String {
    let mut path = vec![cmd.get_name().to_string()];
    let mut current = cmd;
    for arg in args.iter().skip(1) {
        let arg = arg.to_string_lossy();
        if let Some(sub) = current.find_subcommand(arg.as_ref()) {
            path.push(sub.get_name().to_string());
            current = sub;
        }
    }
    path.join(" ")
}

/// Why a value was refused, from the parser's error (English in std and clap).
fn invalid_because(e: &clap::Error) -> String {
    use std::error::Error as _;
    use std::num::IntErrorKind;
    let Some(source) = e.source() else {
        return "værdien kan ikke bruges".into();
    };
    if let Some(int) = source.downcast_ref::<std::num::ParseIntError>() {
        return match int.kind() {
            IntErrorKind::PosOverflow | IntErrorKind::NegOverflow => "tallet er for stort".into(),
            _ => "det skal være et helt tal".into(),
        };
    }
    if source.is::<std::net::AddrParseError>() {
        return "det skal være en IP-adresse, fx 127.0.0.1".into();
    }
    let text = source.to_string();
    // clap's range check: "70000 is not in 0..=65535".
    if let Some((_, range)) = text.split_once(" is not in ")
        && let Some((low, high)) = range.split_once("..=")
    {
        return format!("tallet skal ligge fra {low} til {high}");
    }
    text
}

/// clap's advice lines, which it writes in English, in Danish; `None` for
/// one it has not been taught.
fn danish_tip(tip: &str) -> Option<String> {
    // "to pass '--x' as a value, use '-- --x'"
    if let Some(rest) = tip.strip_prefix("to pass '")
        && let Some((value, use_)) = rest.split_once("' as a value, use '")
    {
        let use_ = use_.trim_end_matches('\'');
        return Some(format!(
            "skriv '{use_}' for at bruge '{value}' som en værdi"
        ));
    }
    // "subcommand 'build' exists; to use it, remove the '--' before it"
    if let Some(rest) = tip.strip_prefix("subcommand '")
        && let Some((name, _)) = rest.split_once("' exists")
    {
        return Some(format!("kommandoen '{name}' findes; fjern '--' foran den"));
    }
    // "'build --drafts' exists"
    if let Some(rest) = tip.strip_prefix('\'')
        && let Some(found) = rest.strip_suffix("' exists")
    {
        return Some(format!(
            "det findes under en anden kommando: mrplan {found}"
        ));
    }
    None
}

/// "'a'", "'a' eller 'b'", "'a', 'b' eller 'c'".
fn quoted(items: &[String], last: &str) -> String {
    let items: Vec<String> = items.iter().map(|i| format!("'{i}'")).collect();
    match items.split_last() {
        None => String::new(),
        Some((only, [])) => only.clone(),
        Some((final_item, rest)) => format!("{} {last} {final_item}", rest.join(", ")),
    }
}

/// Shells `mrplan completions` writes for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
    Powershell,
}

/// The completion script for `shell`, for the command `cmd` (already [`danish`]).
pub fn completions(cmd: &mut Command, shell: Shell, out: &mut dyn io::Write) {
    use clap_complete::Shell as S;
    let shell = match shell {
        Shell::Bash => S::Bash,
        Shell::Zsh => S::Zsh,
        Shell::Fish => S::Fish,
        Shell::Powershell => S::PowerShell,
    };
    let name = cmd.get_name().to_string();
    clap_complete::generate(shell, cmd, name, out);
}

/// The man pages for `cmd` (already [`danish`]) and each visible
/// subcommand, as (file name, roff text): `mrplan.1`, `mrplan-build.1`, ...
pub fn man_pages(cmd: &Command) -> Result<Vec<(String, String)>, io::Error> {
    let mut cmd = cmd.clone();
    cmd.build();
    let mut pages = Vec::new();
    add_man_pages(&cmd, cmd.get_name(), &mut pages)?;
    Ok(pages)
}

fn add_man_pages(
    cmd: &Command,
    name: &str,
    pages: &mut Vec<(String, String)>,
) -> Result<(), io::Error> {
    let page = cmd.clone().name(name.to_string());
    let mut roff = Vec::new();
    clap_mangen::Man::new(page)
        .manual("mrplan")
        .source(format!("mrplan {}", env!("CARGO_PKG_VERSION")))
        .render(&mut roff)?;
    pages.push((
        format!("{name}.1"),
        danish_man(&String::from_utf8_lossy(&roff)),
    ));
    // `help` is this page.
    for sub in cmd
        .get_subcommands()
        .filter(|s| !s.is_hide_set() && s.get_name() != "help")
    {
        add_man_pages(sub, &format!("{name}-{}", sub.get_name()), pages)?;
    }
    Ok(())
}

/// clap_mangen's section headings are English; each is a line of its own.
fn danish_man(roff: &str) -> String {
    let headings = [
        (".SH NAME", ".SH NAVN"),
        (".SH SYNOPSIS", ".SH BRUG"),
        (".SH DESCRIPTION", ".SH BESKRIVELSE"),
        (".SH EXTRA", ".SH MERE"),
        (".SH VERSION", ".SH VERSION"),
        (".SH Kommandoer", ".SH KOMMANDOER"),
    ];
    roff.lines()
        .map(|line| {
            let line = headings
                .iter()
                .find(|(en, _)| line == *en)
                .map_or(line, |(_, da)| da);
            danish_usage(line)
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cmd() -> Command {
        danish(
            Command::new("mrplan")
                .version("1")
                .subcommand_required(true)
                .subcommand(
                    Command::new("build")
                        .arg(Arg::new("drafts").long("drafts").action(ArgAction::SetTrue)),
                )
                .subcommand(
                    Command::new("check").arg(
                        Arg::new("format")
                            .long("format")
                            .value_parser(["human", "short", "json"])
                            .default_value("human"),
                    ),
                ),
        )
    }

    fn error(args: &[&str]) -> Explained {
        let args: Vec<std::ffi::OsString> = args.iter().map(Into::into).collect();
        let e = cmd().try_get_matches_from(&args).expect_err("an error");
        explain(&e, &cmd(), &args)
    }

    #[test]
    fn a_wrong_subcommand_is_explained_with_a_suggestion() {
        let e = error(&["mrplan", "buld"]);
        assert_eq!(e.message, "ukendt kommando 'buld' – mente du 'build'?");
        assert_eq!(e.usage.as_deref(), Some("mrplan <KOMMANDO>"));
        assert_eq!(e.hint(), "Se mere med: mrplan --help");
    }

    #[test]
    fn a_wrong_value_lists_the_allowed_ones() {
        let e = error(&["mrplan", "check", "--format", "jsn"]);
        assert_eq!(
            e.message,
            "ugyldig værdi 'jsn' for '--format <format>' – mente du 'json'?"
        );
        assert_eq!(e.tips, ["mulige værdier: human, short, json"]);
        assert_eq!(
            e.hint(),
            "mulige værdier: human, short, json\nSe mere med: mrplan check --help"
        );
    }

    #[test]
    fn a_flag_of_another_subcommand_says_where_it_is() {
        let e = error(&["mrplan", "--drafts", "build"]);
        assert_eq!(e.message, "ukendt tilvalg '--drafts'");
        assert_eq!(
            e.tips,
            ["det findes under en anden kommando: mrplan build --drafts"]
        );
    }

    #[test]
    fn danish_flags_have_ascii_aliases() {
        assert_eq!(ascii_forms("år"), ["aar"]);
        assert_eq!(ascii_forms("foreløbig"), ["forelobig", "foreloebig"]);
        assert!(ascii_forms("styrelse").is_empty());
        let cmd = danish(Command::new("mrplan").arg(Arg::new("year").long("år").help("Året")));
        let m = cmd
            .try_get_matches_from(["mrplan", "--aar", "2024"])
            .expect("parses");
        assert_eq!(
            m.get_one::<String>("year").map(String::as_str),
            Some("2024")
        );
    }

    #[test]
    fn help_has_danish_headings_defaults_and_values() {
        let help = cmd()
            .find_subcommand_mut("check")
            .map(|c| c.render_help().to_string())
            .unwrap_or_default();
        assert!(help.contains("Tilvalg:"), "{help}");
        assert!(
            help.contains("[mulige værdier: human, short, json] [standard: human]"),
            "{help}"
        );
        assert!(
            !help.contains("default") && !help.contains("Options"),
            "{help}"
        );
    }
}
