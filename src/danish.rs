//! Figures and operating-system errors as a Danish reader expects them:
//! a decimal comma ("0,64 s"), and "filen findes ikke" rather than Rust's
//! English "No such file or directory (os error 2)".

use std::io;
use std::time::Duration;

/// `x` with `places` decimals and a decimal comma: `decimal(0.6449, 2)` is "0,64".
pub fn decimal(x: f64, places: usize) -> String {
    format!("{x:.places$}").replace('.', ",")
}

/// An amount with one decimal, a decimal comma and thousands points, as
/// the Finance Act prints mio. kr.: `amount(1234.5)` is "1.234,5".
pub fn amount(x: f64) -> String {
    let fixed = format!("{:.1}", x.abs());
    let (whole, fraction) = fixed.split_once('.').unwrap_or((fixed.as_str(), "0"));
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push('.');
        }
        grouped.push(c);
    }
    // "-0,0" would be a minus on nothing.
    let sign = if x < 0.0 && fixed != "0.0" { "-" } else { "" };
    format!("{sign}{grouped},{fraction}")
}

/// A duration in seconds with two decimals: "0,64 s".
pub fn seconds(d: Duration) -> String {
    format!("{} s", decimal(d.as_secs_f64(), 2))
}

/// What an I/O error means, in Danish, for a sentence such as
/// "Kan ikke læse content/_index.md: filen eller mappen findes ikke."
/// Kinds without a Danish text keep the system's own words, marked as such.
pub fn os_error(e: &io::Error) -> String {
    use io::ErrorKind as K;
    let text = match e.kind() {
        K::NotFound => "filen eller mappen findes ikke",
        K::PermissionDenied => "adgang nægtet: du har ikke lov til at læse eller skrive her",
        K::AlreadyExists => "der findes allerede en fil eller mappe med det navn",
        K::IsADirectory => "det er en mappe, ikke en fil",
        K::NotADirectory => "en del af stien er en fil, ikke en mappe",
        K::DirectoryNotEmpty => "mappen er ikke tom",
        K::ReadOnlyFilesystem => "drevet er skrivebeskyttet",
        K::StorageFull => "der er ikke mere plads på drevet",
        K::QuotaExceeded => "din kvote på drevet er brugt op",
        K::FileTooLarge => "filen er for stor",
        K::InvalidFilename => "filnavnet er ugyldigt eller for langt",
        K::InvalidData => "filen er ikke gemt som UTF-8-tekst",
        K::ResourceBusy | K::ExecutableFileBusy => "filen er i brug af et andet program",
        K::CrossesDevices => "filen kan ikke flyttes mellem to drev",
        K::TooManyLinks => "for mange henvisninger (links) til filen",
        K::Interrupted => "handlingen blev afbrudt",
        K::TimedOut => "det tog for lang tid",
        K::AddrInUse => "adressen og porten er allerede i brug af et andet program",
        K::AddrNotAvailable => "adressen findes ikke på denne maskine",
        K::OutOfMemory => "der er ikke hukommelse nok",
        K::UnexpectedEof => "filen slutter for tidligt",
        K::Unsupported => "det understøttes ikke her",
        _ => return format!("fejl fra styresystemet: {e}"),
    };
    text.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_have_a_decimal_comma() {
        assert_eq!(decimal(0.6449, 2), "0,64");
        assert_eq!(decimal(12.0, 1), "12,0");
        assert_eq!(seconds(Duration::from_millis(1234)), "1,23 s");
    }

    #[test]
    fn amounts_have_thousands_points_and_a_decimal_comma() {
        assert_eq!(amount(1234.5), "1.234,5");
        assert_eq!(amount(87.25), "87,2");
        assert_eq!(amount(1_234_567.0), "1.234.567,0");
        assert_eq!(amount(-12.0), "-12,0");
        assert_eq!(amount(-0.01), "0,0");
    }

    #[test]
    fn os_errors_are_explained_in_danish() {
        let missing = std::fs::read("/findes/ikke").expect_err("missing");
        assert_eq!(os_error(&missing), "filen eller mappen findes ikke");
        let dir = std::fs::read_to_string("/").expect_err("a folder");
        assert_eq!(os_error(&dir), "det er en mappe, ikke en fil");
    }
}

/// A key that sorts names as a Danish reader expects: case does not count,
/// and æ, ø, å come after z in that order (plain byte order puts å first).
pub fn sort_key(name: &str) -> Vec<u32> {
    name.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'æ' | 'ä' => 'z' as u32 + 1,
            'ø' | 'ö' => 'z' as u32 + 2,
            'å' => 'z' as u32 + 3,
            c => c as u32,
        })
        .collect()
}

#[cfg(test)]
mod sort_tests {
    #[test]
    fn danish_letters_sort_after_z_in_their_order() {
        let mut names = vec!["Åbenrå", "Ørsted", "Æble", "zebra", "Abe"];
        names.sort_by_key(|n| super::sort_key(n));
        assert_eq!(names, ["Abe", "zebra", "Æble", "Ørsted", "Åbenrå"]);
    }
}
