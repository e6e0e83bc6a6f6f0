//! Every rule: its id, its default severity and what it checks, as typed
//! constants (`MRP005`) that every diagnostic is made from. Printed by
//! `mrplan regler` and kept in step with the README by a test.

use super::Severity::{self, Error, Warning};

/// One rule of the catalogue.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rule {
    pub id: &'static str,
    /// What a finding of the rule is, unless the rule [`varies`](Rule::varies).
    pub severity: Severity,
    pub summary: &'static str,
}

/// Rules whose severity depends on the case, as their summaries say:
/// follow-ups out of quarter order are a warning, two for one quarter an
/// error (MRP201); a missing analysis is an error for a significant goal
/// (MRP203); a missing result is an error when writing the report (MRP204);
/// placeholder text is an error once the plan is approved, a warning in a
/// draft (MRP118).
pub const VARYING: &[Rule] = &[MRP118, MRP201, MRP203, MRP204];

impl Rule {
    /// Whether a finding may have another severity than the default.
    pub fn varies(self) -> bool {
        VARYING.contains(&self)
    }
}

/// Declares each rule as a constant and lists them all in [`CATALOGUE`].
macro_rules! catalogue {
    ($($id:ident: $severity:ident, $summary:expr;)+) => {
        $(
            pub const $id: Rule = Rule {
                id: stringify!($id),
                severity: $severity,
                summary: $summary,
            };
        )+
        /// Every rule, in id order.
        pub const CATALOGUE: &[Rule] = &[$($id),+];
    };
}

catalogue! {
    MRP001: Error,
        "Front matter er gyldig YAML.";
    MRP002: Error,
        "Filen begynder og slutter sin front matter med en linje med '---'.";
    MRP003: Error,
        "Filen er ikke tom.";
    MRP004: Error,
        "Ingen ukendte felter (med forslag til det rigtige navn).";
    MRP005: Error,
        "Påkrævede felter er udfyldt.";
    MRP006: Error,
        "Værdien har den rigtige type (tekst, heltal, liste ...).";
    MRP007: Error,
        "Værdien er et af de tilladte ord (fx udkast eller godkendt).";
    MRP008: Error,
        "Et felt står kun én gang.";
    MRP009: Error,
        "Datoer skrives ÅÅÅÅ-MM-DD.";
    MRP010: Error,
        "Skemaversionen er kendt (skema: 1).";
    MRP011: Error,
        "Påkrævet tekst er ikke tom.";
    MRP020: Error,
        "Styrelsen findes i content/styrelser/.";
    MRP021: Error,
        "'år' er det samme som mappen, planen ligger i.";
    MRP022: Error,
        "Målenes numre er unikke.";
    MRP023: Error,
        "Målbilledets id'er er unikke.";
    MRP024: Error,
        "'understøtter' henviser til id'er i målbilledet.";
    MRP025: Error,
        "Filnavnet er det samme som 'styrelse'.";
    MRP026: Warning,
        "Filen ligger et sted, mrplan kender.";
    MRP101: Error,
        "Antallet af mål ligger inden for regler.min_mål-max_mål (5-10).";
    MRP103: Error,
        "Målets frist ligger i planåret.";
    MRP104: Error,
        "Enten har alle mål en vægt, eller ingen har.";
    MRP105: Error,
        "Vægtene summerer til 100.";
    MRP106: Error,
        "En vægt er et helt tal fra 1 til 100.";
    MRP107: Warning,
        "Hvert punkt i målbilledet understøttes af mindst ét mål.";
    MRP108: Warning,
        "Hvert mål har en ansvarlig.";
    MRP109: Error,
        "En godkendt plan har påtegning med sted, dato og begge underskrivere.";
    MRP110: Warning,
        "Påtegningen er dateret mellem 1. juli året før og 30. juni i planåret.";
    MRP111: Warning,
        "Departementschef og styrelsesdirektør er to forskellige personer.";
    MRP114: Warning,
        "Et delmåls frist ligger i planåret og ikke efter målets frist.";
    MRP115: Error,
        "Et delmål har enten 'frist' eller 'kvartal'.";
    MRP116: Error,
        "Planen har 'opfølgning' med frekvens og proces.";
    MRP117: Error,
        "Et billede i brødteksten har en alternativ tekst.";
    MRP118: Error,
        "Ingen tekst er tilbage fra skelettet, som mrplan new skrev (advarsel i et udkast).";
    MRP119: Warning,
        "To mål i samme plan har ikke samme titel.";
    MRP120: Error,
        "Fil- og mappenavne under content/ er gyldig UTF-8, og filnavnet er et kortnavn (a-z, 0-9, -).";
    MRP121: Error,
        "To filer er ikke den samme plan (år og styrelse).";
    MRP122: Error,
        "Alt, siden læser, ligger i sidens mappe: ingen symbolske links ud af den, temaet er et navn.";
    MRP123: Error,
        "Filen er gyldig UTF-8 tekst.";
    MRP124: Error,
        "Filen er ikke for stor (content/: 256 kB; static/: 100 MB).";
    MRP125: Error,
        "Brødteksten har højst 10 niveauer inden i hinanden.";
    MRP126: Error,
        "Et ord er højst 100 tegn.";
    MRP127: Error,
        "En plan har højst 50 mål.";
    MRP128: Error,
        "Adresser (base_url, url, tilgængelighedserklæring) begynder med https:// eller http://.";
    MRP129: Error,
        "Brødteksten har højst 5.000 elementer.";
    MRP130: Error,
        "En farve skrives #rrggbb, og tekst på den eller links i den står tydeligt (kontrast mindst 4,5:1).";
    MRP131: Error,
        "En fil i static/ (logo, underskrevet_pdf) nævnes ved sin sti der, med den rigtige filendelse.";
    MRP132: Error,
        "Kontaktoplysningerne har den rigtige form (CVR 8 cifre, EAN 13 cifre, e-mail med @).";
    MRP134: Error,
        "En ændring af planen ('ændringer') er dateret i planåret.";
    MRP135: Error,
        "En ændring, der nævner et mål ('ændringer[].mål'), nævner et mål i planen.";
    MRP136: Error,
        "En styrelses tidligere navne står i tidsorden med hver sin slutdato ('tidligere_navne[].til').";
    MRP137: Error,
        "Et beløb ('hovedkonti[].mio_kr') er et tal, fx 1234.5 eller \"1.234,5\".";
    MRP138: Warning,
        "En kvartalsstatus risiko eller forsinket har en aftalt 'handling'.";
    MRP150: Warning,
        "Et måls titel, målepunkt, succeskriterium og delmål nævner ikke et år før planåret.";
    MRP201: Error,
        "Højst én opfølgning pr. kvartal, i kvartalsorden (rækkefølge: advarsel).";
    MRP202: Warning,
        "Ingen opfølgning for et kvartal, der ikke er slut.";
    MRP203: Error,
        "Et væsentligt mål, der ikke er opfyldt, har en 'analyse'.";
    MRP204: Warning,
        "Når planåret er slut, har hvert mål et 'resultat' (fejl i 'report').";
    MRP205: Warning,
        "Intet 'resultat', før planåret er slut.";
    MRP206: Error,
        "Et resultat har 'status' og 'opnået'.";
    MRP207: Warning,
        "Sidste kvartalsstatus og resultatet modsiger ikke hinanden (opfyldt, så ikke opfyldt; forsinket, så opfyldt).";
    MRP208: Warning,
        "Et resultat har en 'vurdering'.";
    MRP209: Error,
        "Målrapporteringen skrives først, når planåret er slut ('report').";
    MRP210: Error,
        "En foreløbig status har opfølgning for planens seneste kvartal på hvert mål ('report --foreløbig').";
    MRP211: Warning,
        "Målrapporteringen har ledelsens samlede vurdering af årets resultater, 'samlet_vurdering' ('report').";
    MRP212: Warning,
        "Et tværgående mål ('tværgående: true') står i alle styrelsers planer for året, med samme titel.";
    MRP215: Error,
        "Graden af målopfyldelse ('målopfyldelse_pct') stemmer med resultatets status (opfyldt 100, delvist opfyldt 1-99, ikke opfyldt under 100).";
    MRP301: Error,
        "Alle interne links på den byggede side virker.";
    MRP302: Warning,
        "Alle årets planer er underskrevet af den samme departementschef.";
    MRP304: Warning,
        "Siden har en tilgængelighedserklæring.";
    MRP305: Error,
        "Temaet og dets skabeloner findes og kan bruges.";
    MRP306: Error,
        "Pdf-skabelonen kan sætte planen som PDF/A-2a og PDF/UA-1.";
    MRP307: Error,
        "Hver side består tilgængelighedstjekket (WCAG 2.1 AA; check --a11y).";
    MRP308: Error,
        "En fil, indstillingerne eller planen nævner (logo, underskrevet_pdf), findes i static/ og er en fil af den slags.";
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every place that names a rule and a severity (`Diagnostic::error(MRP…`,
    /// `Diagnostic::warning(MRP…`) agrees with the catalogue, unless the rule
    /// is declared to vary; and only varying rules use `with_severity`.
    #[test]
    fn every_severity_override_is_declared() {
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut wrong = Vec::new();
        let mut seen = 0;
        for entry in walkdir::WalkDir::new(&src).into_iter().flatten() {
            if entry.path().extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let text = std::fs::read_to_string(entry.path()).expect("read");
            for (call, severity) in [
                ("Diagnostic::error(", Some(Error)),
                ("Diagnostic::warning(", Some(Warning)),
                ("Diagnostic::with_severity(", None),
            ] {
                for (at, _) in text.match_indices(call) {
                    let id: String = text[at + call.len()..]
                        .trim_start()
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric())
                        .collect();
                    let Some(rule) = CATALOGUE.iter().find(|r| r.id == id) else {
                        continue; // a variable: the constructor's own check covers it
                    };
                    seen += 1;
                    if severity != Some(rule.severity) && !rule.varies() {
                        wrong.push(format!("{}: {call}{id}", entry.path().display()));
                    }
                }
            }
        }
        assert!(
            seen > 50,
            "only {seen} diagnostics found: the scan is broken"
        );
        assert!(
            wrong.is_empty(),
            "severity not in the catalogue:\n{}",
            wrong.join("\n")
        );
    }

    #[test]
    fn ids_are_unique_and_in_order() {
        let ids: Vec<&str> = CATALOGUE.iter().map(|r| r.id).collect();
        let mut sorted = ids.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(ids, sorted);
    }
}
