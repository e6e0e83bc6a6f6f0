//! Every rule id, its default severity and what it checks, in one list:
//! printed by `mrplan regler` and kept in step with the README by a test.

use crate::diagnostics::Severity::{self, Error, Warning};

pub struct RuleInfo {
    pub id: &'static str,
    pub severity: Severity,
    pub summary: &'static str,
}

const fn rule(id: &'static str, severity: Severity, summary: &'static str) -> RuleInfo {
    RuleInfo {
        id,
        severity,
        summary,
    }
}

pub const CATALOGUE: &[RuleInfo] = &[
    rule("MRP001", Error, "Front matter er gyldig YAML."),
    rule(
        "MRP002",
        Error,
        "Filen begynder og slutter sin front matter med en linje med '---'.",
    ),
    rule("MRP003", Error, "Filen er ikke tom."),
    rule(
        "MRP004",
        Error,
        "Ingen ukendte felter (med forslag til det rigtige navn).",
    ),
    rule("MRP005", Error, "Påkrævede felter er udfyldt."),
    rule(
        "MRP006",
        Error,
        "Værdien har den rigtige type (tekst, heltal, liste ...).",
    ),
    rule(
        "MRP007",
        Error,
        "Værdien er et af de tilladte ord (fx udkast eller godkendt).",
    ),
    rule("MRP008", Error, "Et felt står kun én gang."),
    rule("MRP009", Error, "Datoer skrives ÅÅÅÅ-MM-DD."),
    rule("MRP010", Error, "Skemaversionen er kendt (skema: 1)."),
    rule("MRP011", Error, "Påkrævet tekst er ikke tom."),
    rule("MRP020", Error, "Styrelsen findes i content/styrelser/."),
    rule(
        "MRP021",
        Error,
        "'år' er det samme som mappen, planen ligger i.",
    ),
    rule("MRP022", Error, "Målenes numre er unikke."),
    rule("MRP023", Error, "Målbilledets id'er er unikke."),
    rule(
        "MRP024",
        Error,
        "'understøtter' henviser til id'er i målbilledet.",
    ),
    rule("MRP025", Error, "Filnavnet er det samme som 'styrelse'."),
    rule("MRP026", Warning, "Filen ligger et sted, mrplan kender."),
    rule(
        "MRP101",
        Error,
        "Antallet af mål ligger inden for regler.min_mål-max_mål (5-10).",
    ),
    rule("MRP103", Error, "Målets frist ligger i planåret."),
    rule(
        "MRP104",
        Error,
        "Enten har alle mål en vægt, eller ingen har.",
    ),
    rule("MRP105", Error, "Vægtene summerer til 100."),
    rule("MRP106", Error, "En vægt er et helt tal fra 1 til 100."),
    rule(
        "MRP107",
        Warning,
        "Hvert punkt i målbilledet understøttes af mindst ét mål.",
    ),
    rule("MRP108", Warning, "Hvert mål har en ansvarlig."),
    rule(
        "MRP109",
        Error,
        "En godkendt plan har påtegning med sted, dato og begge underskrivere.",
    ),
    rule(
        "MRP110",
        Warning,
        "Påtegningen er dateret mellem 1. juli året før og 30. juni i planåret.",
    ),
    rule(
        "MRP111",
        Warning,
        "Departementschef og styrelsesdirektør er to forskellige personer.",
    ),
    rule(
        "MRP114",
        Warning,
        "Et delmåls frist ligger i planåret og ikke efter målets frist.",
    ),
    rule(
        "MRP115",
        Error,
        "Et delmål har enten 'frist' eller 'kvartal'.",
    ),
    rule(
        "MRP116",
        Error,
        "Planen har 'opfølgning' med frekvens og proces.",
    ),
    rule(
        "MRP117",
        Error,
        "Et billede i brødteksten har en alternativ tekst.",
    ),
    rule(
        "MRP118",
        Error,
        "Ingen tekst er tilbage fra skelettet, som mrplan new skrev (advarsel i et udkast).",
    ),
    rule(
        "MRP119",
        Warning,
        "To mål i samme plan har ikke samme titel.",
    ),
    rule(
        "MRP120",
        Error,
        "Fil- og mappenavne under content/ er gyldig UTF-8, og filnavnet er et kortnavn (a-z, 0-9, -).",
    ),
    rule(
        "MRP121",
        Error,
        "To filer er ikke den samme plan (år og styrelse).",
    ),
    rule(
        "MRP122",
        Error,
        "Alt, siden læser, ligger i sidens mappe: ingen symbolske links ud af den, temaet er et navn.",
    ),
    rule("MRP123", Error, "Filen er gyldig UTF-8 tekst."),
    rule(
        "MRP124",
        Error,
        "Filen er ikke for stor (content/: 256 kB; static/: 100 MB).",
    ),
    rule(
        "MRP125",
        Error,
        "Brødteksten har højst 10 niveauer inden i hinanden.",
    ),
    rule("MRP126", Error, "Et ord er højst 100 tegn."),
    rule("MRP127", Error, "En plan har højst 50 mål."),
    rule(
        "MRP128",
        Error,
        "Adresser (base_url, url, tilgængelighedserklæring) begynder med https:// eller http://.",
    ),
    rule("MRP129", Error, "Brødteksten har højst 5.000 elementer."),
    rule(
        "MRP150",
        Warning,
        "Et måls titel, målepunkt, succeskriterium og delmål nævner ikke et år før planåret.",
    ),
    rule(
        "MRP201",
        Error,
        "Højst én opfølgning pr. kvartal, i kvartalsorden (rækkefølge: advarsel).",
    ),
    rule(
        "MRP202",
        Warning,
        "Ingen opfølgning for et kvartal, der ikke er slut.",
    ),
    rule(
        "MRP203",
        Error,
        "Et væsentligt mål, der ikke er opfyldt, har en 'analyse'.",
    ),
    rule(
        "MRP204",
        Warning,
        "Når planåret er slut, har hvert mål et 'resultat' (fejl i 'report').",
    ),
    rule("MRP205", Warning, "Intet 'resultat', før planåret er slut."),
    rule("MRP206", Error, "Et resultat har 'status' og 'opnået'."),
    rule(
        "MRP207",
        Warning,
        "Sidste kvartalsstatus og resultatet modsiger ikke hinanden (opfyldt, så ikke opfyldt; forsinket, så opfyldt).",
    ),
    rule("MRP208", Warning, "Et resultat har en 'vurdering'."),
    rule(
        "MRP209",
        Error,
        "Målrapporteringen skrives først, når planåret er slut ('report').",
    ),
    rule(
        "MRP210",
        Error,
        "En foreløbig status har opfølgning for planens seneste kvartal på hvert mål ('report --foreløbig').",
    ),
    rule(
        "MRP301",
        Error,
        "Alle interne links på den byggede side virker.",
    ),
    rule(
        "MRP302",
        Warning,
        "Alle årets planer er underskrevet af den samme departementschef.",
    ),
    rule("MRP304", Warning, "Siden har en tilgængelighedserklæring."),
    rule(
        "MRP305",
        Error,
        "Temaet og dets skabeloner findes og kan bruges.",
    ),
    rule(
        "MRP306",
        Error,
        "Pdf-skabelonen kan sætte planen som PDF/A-2a og PDF/UA-1.",
    ),
    rule(
        "MRP307",
        Error,
        "Hver side består tilgængelighedstjekket (WCAG 2.1 AA; check --a11y).",
    ),
];
