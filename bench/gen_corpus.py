#!/usr/bin/env python3
"""Deterministic corpus generator for the mrplan benchmark (stdlib only).

Usage: gen_corpus.py N OUTDIR [SEED]

Writes a complete mrplan site root (see docs/format.md):
  OUTDIR/content/_index.md                 site settings (tema: standard)
  OUTDIR/content/styrelser/sNNN.md         ceil(N/10) agencies (at least 1)
  OUTDIR/content/planer/<år>/sNNN.md       N plans, years 2017-2026 (with YEARS=10)

Plan i belongs to agency i // 10 and year 2017 + i % 10, so every
(agency, year) pair is unique. Years before LAST_YEAR have Q1-Q4 follow-up
and a result; LAST_YEAR has Q1-Q3 only and no result. The same N and SEED
always give byte-identical files.

Env YEARS=K (default 10) spreads the plans over the K years up to LAST_YEAR,
so ceil(N/K) agencies: YEARS=1 is one plan per agency, YEARS=20 many.
"""
import json
import math
import os
import random
import sys

LAST_YEAR = 2026          # "current" plan year: Q1-Q3 follow-up, no resultat
YEARS = int(os.environ.get("YEARS", "10"))
FIRST_YEAR = LAST_YEAR - YEARS + 1

# --- word lists -----------------------------------------------------------
NOUNS = [
    "materiel", "kapacitet", "forsyning", "uddannelse", "rekruttering",
    "fastholdelse", "digitalisering", "sikkerhed", "beredskab", "vedligehold",
    "indkøb", "økonomistyring", "infrastruktur", "datakvalitet", "klimaindsats",
    "sagsbehandling", "kompetenceudvikling", "arbejdsmiljø", "samarbejde",
    "leverancesikkerhed", "cyberforsvar", "logistik", "planlægning",
    "dokumentation", "opfølgning", "styring", "effektivisering", "innovation",
    "bæredygtighed", "tilgængelighed", "borgerbetjening", "beslutningsgrundlag",
]
ADJ = [
    "robust", "effektiv", "tidssvarende", "sammenhængende", "fleksibel",
    "målrettet", "ansvarlig", "stabil", "gennemsigtig", "professionel",
    "fælles", "langsigtet", "agil", "sikker", "grøn", "præcis",
]
VERBS = [
    "styrker", "udvikler", "forbedrer", "understøtter", "sikrer", "reducerer",
    "moderniserer", "prioriterer", "gennemfører", "dokumenterer", "måler",
    "konsoliderer", "udbygger", "forenkler", "koordinerer", "evaluerer",
]
FILLER = [
    "i tæt dialog med koncernen", "inden for den givne økonomiske ramme",
    "med fokus på kerneopgaven", "på tværs af enhederne",
    "i overensstemmelse med forsvarsforliget", "med udgangspunkt i data",
    "gennem hele året", "i samarbejde med departementet",
    "med respekt for arbejdsmiljøet", "så borgerne mærker forskellen",
]
PLACES = ["København", "Ballerup", "Karup", "Aarhus", "Frederikshavn",
          "Korsør", "Holbæk", "Viborg", "Fredericia", "Aalborg"]
FIRST = ["Anne", "Peter", "Mette", "Lars", "Søren", "Camilla", "Henrik",
         "Louise", "Jens", "Birgitte", "Thomas", "Signe", "Ole", "Maja"]
LAST = ["Jensen", "Nielsen", "Hansen", "Pedersen", "Andersen", "Christensen",
        "Larsen", "Sørensen", "Rasmussen", "Jørgensen", "Madsen", "Kristensen",
        "Østergaard", "Vestergaard", "Møller", "Holm"]
AGENCY_KIND = ["Styrelse", "Agentur", "Center", "Tjeneste", "Kommando"]
AGENCY_FIELD = ["Materiel", "Indkøb", "Ejendomme", "Personale", "Uddannelse",
                "Efterretning", "Beredskab", "Sundhed", "Logistik", "Data",
                "Cybersikkerhed", "Økonomi", "Kommunikation", "Infrastruktur"]
GROUPS = ["Kernefaglige mål", "Tværgående mål", "Interne mål"]
KERNEOPGAVER = ["Materielanskaffelse", "Drift og vedligehold", "Uddannelse",
                "Rådgivning", "Myndighedsopgaver", "Intern service",
                "Beredskab og indsats", "Forsyning"]
OPF_STATUS = ["på_sporet", "på_sporet", "på_sporet", "risiko", "forsinket",
              "opfyldt"]
RES_STATUS = ["opfyldt", "opfyldt", "opfyldt", "delvist_opfyldt",
              "ikke_opfyldt"]
QUARTER_END = {"Q1": (3, 31), "Q2": (6, 30), "Q3": (9, 30), "Q4": (12, 31)}
# Goal weights: each row sums to 100; one row is picked per plan.
WEIGHTS = [[20, 15, 15, 15, 15, 10, 10], [25, 20, 15, 10, 10, 10, 10],
           [15, 15, 15, 15, 15, 15, 10], [30, 20, 10, 10, 10, 10, 10],
           [20, 20, 20, 10, 10, 10, 10]]


def q(s):
    """A YAML double-quoted scalar (JSON string syntax is valid YAML)."""
    return json.dumps(s, ensure_ascii=False)


class Text:
    """Sentence/paragraph generator around one seeded Random."""

    def __init__(self, rng):
        self.r = rng

    def sentence(self):
        r = self.r
        s = (f"{r.choice(['Vi', 'Styrelsen', 'Organisationen', 'Enheden'])} "
             f"{r.choice(VERBS)} {r.choice(ADJ)} {r.choice(NOUNS)} "
             f"og {r.choice(NOUNS)} {r.choice(FILLER)}.")
        return s

    def sentences(self, n):
        return " ".join(self.sentence() for _ in range(n))

    def phrase(self):
        r = self.r
        return f"{r.choice(ADJ).capitalize()} {r.choice(NOUNS)}"

    def person(self):
        return f"{self.r.choice(FIRST)} {self.r.choice(LAST)}"


def words(s):
    return len(s.split())


def body(t, name, year):
    """~300 words of Markdown with a heading, a list and a table."""
    r = t.r
    parts = [f"## Indledning\n\n{name} {r.choice(VERBS)} i {year} "
             f"{r.choice(NOUNS)}. {t.sentences(6)}\n"]
    parts.append("### Fokusområder\n")
    parts.append("\n".join(f"- **{t.phrase()}**: {t.sentence()}"
                           for _ in range(4)) + "\n")
    parts.append("### Ressourcer\n\n| Område | Årsværk | Budget (mio. kr.) |\n"
                 "|---|---:|---:|")
    parts.append("\n".join(f"| {t.phrase()} | {r.randint(5, 400)} | "
                           f"{r.randint(10, 2500)},{r.randint(0, 9)} |"
                           for _ in range(4)) + "\n")
    text = "\n".join(parts)
    # Pad with closing paragraphs until the body is about 300 words.
    closing = []
    while words(text) + sum(map(words, closing)) < 300:
        closing.append(t.sentence())
    text += "\n## Sammenhæng\n\n" + " ".join(closing) + "\n"
    return text


def date(y, m, d):
    return f"{y:04d}-{m:02d}-{d:02d}"


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def site_index(t):
    return f"""---
titel: "Mål- og resultatstyring (benchmark)"
ministerium: Forsvarsministeriet
base_url: https://mrplan.example.dk
sprog: da
tema: standard
mission: {q("Sammen arbejder vi for " + t.sentence().lower())}
vision: {q(t.sentence())}
tilgængelighedserklæring: https://mrplan.example.dk/was
regler:
  min_mål: 5
  max_mål: 10
  analyse_vægt: 10
---
Denne side er genereret til benchmark af mrplan. {t.sentences(3)}
"""


def agency(t, i):
    r = t.r
    field = AGENCY_FIELD[i % len(AGENCY_FIELD)]
    kind = AGENCY_KIND[(i // len(AGENCY_FIELD)) % len(AGENCY_KIND)]
    name = f"Forsvarets {field}{kind.lower()} {i + 1}"
    abbr = f"F{field[0]}{kind[0]}{i + 1}".upper()
    # No `url:` on purpose: it is optional in mrplan, and Hugo would treat a
    # front matter `url` as the page's own permalink.
    text = f"""---
navn: {q(name)}
forkortelse: {abbr}
---
{name} {r.choice(VERBS)} {r.choice(NOUNS)}. {t.sentences(4)}
"""
    return name, text


def plan(t, slug, name, year, chief, director):
    r = t.r
    done = year < LAST_YEAR
    quarters = ["Q1", "Q2", "Q3", "Q4"] if done else ["Q1", "Q2", "Q3"]
    L = []
    L += ["---", "skema: 1", f"styrelse: {slug}", f"år: {year}",
          "status: godkendt",
          f"opdateret: {date(year, 1, r.randint(2, 28))}T{r.randint(8, 16):02d}:{r.randint(0, 59):02d}",
          "strategisk_målbillede:"]
    for p in range(1, 4):
        L += [f"  - id: P{p}", f"    tekst: {q(t.sentence())}"]
    L.append("mål:")
    weights = r.choice(WEIGHTS)
    for nr in range(1, 8):
        w = weights[nr - 1]
        fm, fd = r.choice([(3, 31), (6, 30), (9, 30), (12, 31),
                           (r.randint(1, 12), r.randint(1, 28))])
        # A milestone falls on or before the goal's own deadline (rule MRP114).
        mm = r.randint(1, fm)
        md = r.randint(1, fd if mm == fm else 28)
        # Decide the result first: the last follow-up must not contradict it (MRP207).
        st = r.choice(RES_STATUS) if done else None
        L += [f"  - nr: {nr}",
              f"    gruppe: {GROUPS[0] if nr <= 4 else r.choice(GROUPS[1:])}",
              f"    titel: {q(t.phrase() + ' ' + r.choice(NOUNS))}",
              f"    kerneopgave: {q(r.choice(KERNEOPGAVER))}",
              f"    understøtter: [P{1 + nr % 3}]",
              f"    beskrivelse: {q(t.sentences(2))}",
              f"    målepunkt: {q('Andel af ' + r.choice(NOUNS) + ' ' + r.choice(FILLER))}",
              f"    succeskriterium: {q(f'Mindst {r.randint(50, 99)} pct. ved årets udgang')}",
              f"    baseline: {q(f'{r.randint(20, 80)} pct. i {year - 1}')}",
              f"    frist: {date(year, fm, fd)}",
              f"    datakilde: {q(r.choice(['DeMars', 'SAP', 'Navision', 'ESDH', 'Intern måling', 'Sikkerhedsstatistik']))}",
              f"    vægt: {w}",
              f"    ansvarlig: {q(t.person())}",
              "    delmål:",
              f"      - kvartal: {r.choice(['Q1', 'Q2', 'Q3'])}",
              f"        tekst: {q(t.sentence())}",
              f"      - frist: {date(year, mm, md)}",
              f"        tekst: {q(t.sentence())}",
              "    opfølgning:"]
        statuses = OPF_STATUS if st in (None, "opfyldt") else [s for s in OPF_STATUS if s != "opfyldt"]
        for k in quarters:
            # The last follow-up agrees with a met goal (rule MRP207), and a goal
            # at risk or delayed has its agreed action (rule MRP138).
            choices = ["på_sporet", "opfyldt"] if k == "Q4" and st == "opfyldt" else statuses
            status = r.choice(choices)
            L += [f"      - kvartal: {k}",
                  f"        status: {status}",
                  f"        kommentar: {q(t.sentence())}"]
            if status in ("risiko", "forsinket"):
                L.append(f"        handling: {q(t.sentence())}")
        if done:
            L += ["    resultat:", f"      status: {st}",
                  f"      opnået: {q(t.sentence())}",
                  f"      vurdering: {q(t.sentence())}"]
            if st != "opfyldt":
                L.append(f"      analyse: {q(t.sentences(2))}")
    L += ["opfølgning:", "  frekvens: kvartalsvis",
          f"  proces: {q(t.sentences(2))}",
          "påtegning:", f"  sted: {r.choice(PLACES)}",
          f"  dato: {date(year, 1, r.randint(2, 31))}",
          f"  departementschef: {q(chief)}",
          f"  styrelsesdirektør: {q(director)}",
          "---"]
    return "\n".join(L) + "\n" + body(t, name, year)


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit("usage: gen_corpus.py N OUTDIR [SEED]")
    n = int(sys.argv[1])
    out = sys.argv[2]
    seed = int(sys.argv[3]) if len(sys.argv) == 4 else 20261
    if n < 1:
        sys.exit("N must be >= 1")
    t = Text(random.Random(seed))
    content = os.path.join(out, "content")
    write(os.path.join(content, "_index.md"), site_index(t))

    n_agencies = max(1, math.ceil(n / YEARS))
    width = max(3, len(str(n_agencies)))
    # One departementschef per year, one director per agency.
    chiefs = {y: t.person() for y in range(FIRST_YEAR, LAST_YEAR + 1)}
    agencies = []
    for i in range(n_agencies):
        slug = f"s{i + 1:0{width}d}"
        name, text = agency(t, i)
        write(os.path.join(content, "styrelser", slug + ".md"), text)
        director = t.person()
        while director in chiefs.values():  # the two signers differ (MRP111)
            director = t.person()
        agencies.append((slug, name, director))

    for i in range(n):
        slug, name, director = agencies[i // YEARS]
        year = FIRST_YEAR + i % YEARS
        write(os.path.join(content, "planer", str(year), slug + ".md"),
              plan(t, slug, name, year, chiefs[year], director))
    print(f"{n} plans, {n_agencies} agencies -> {content}", file=sys.stderr)


if __name__ == "__main__":
    main()
