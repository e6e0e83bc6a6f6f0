//! The persistent PDF cache (issue 19): a build with nothing changed
//! typesets nothing, an edit typesets only the PDFs it changes, and cached
//! PDFs are the bytes a fresh build makes. Every test has its own cache
//! folder (`--cache-dir`, or `MRPLAN_CACHE_DIR` in [`TestSite::run`]).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

use crate::{EPOCH, Run, TestSite, tree};

/// The default content makes 36 PDFs: 20 plans, 14 results sections and
/// the målrapportering of 2024 and 2025.
const PDFS: usize = 36;
const PLAN: &str = "content/planer/2025/fmi.md";

/// `build -v` into `out` with the cache in `cache`; must succeed.
fn build(site: &TestSite, out: &str, cache: &Path) -> Run {
    let cache = cache.to_string_lossy();
    let run = site.run(&["build", "-v", "-o", out, "--cache-dir", &cache]);
    assert_eq!(run.code, 0, "build failed:\n{}{}", run.stdout, run.stderr);
    run
}

/// The same build, without the cache.
fn build_fresh(site: &TestSite, out: &str) -> Run {
    let run = site.run(&["build", "-v", "-o", out, "--no-cache"]);
    assert_eq!(run.code, 0, "build failed:\n{}{}", run.stdout, run.stderr);
    run
}

/// (typeset, from the cache) from `build -v`'s "  pdf: 3 sat, 33 fra cache".
fn counted(run: &Run) -> (usize, usize) {
    let line = run
        .stderr
        .lines()
        .find_map(|l| l.trim_start().strip_prefix("pdf: "))
        .unwrap_or_else(|| panic!("no pdf counter in:\n{}", run.stderr));
    let number = |s: &str| -> usize {
        s.replace('.', "")
            .parse()
            .unwrap_or_else(|_| panic!("{line}"))
    };
    let (typeset, rest) = line.split_once(" sat, ").expect("sat");
    let cached = rest.split_once(" fra cache").expect("fra cache").0;
    (number(typeset), number(cached))
}

/// Every PDF under `dir`, by path.
fn pdfs(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut all = tree(dir);
    all.retain(|path, _| path.ends_with(".pdf"));
    all
}

/// Asserts `a` and `b` hold the same PDFs, byte for byte, and are real PDFs.
fn same_pdfs(a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>) {
    assert_eq!(a.len(), PDFS, "{:?}", a.keys());
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (path, bytes) in a {
        assert!(bytes == &b[path], "{path} differs");
        lopdf::Document::load_mem(bytes).unwrap_or_else(|e| panic!("{path}: {e}"));
    }
}

/// The cache's entries, by path under the cache folder.
fn entries(cache: &Path) -> Vec<std::path::PathBuf> {
    let mut found: Vec<_> = walkdir::WalkDir::new(cache)
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "pdf-cache"))
        .map(|e| e.into_path())
        .collect();
    found.sort();
    found
}

#[test]
fn a_warm_build_typesets_nothing_and_gives_the_bytes_of_a_fresh_build() {
    let site = TestSite::new("default");
    let cache = tempfile::tempdir().expect("tmp");
    assert_eq!(counted(&build(&site, "kold", cache.path())), (PDFS, 0));
    assert_eq!(entries(cache.path()).len(), PDFS);
    assert_eq!(counted(&build(&site, "varm", cache.path())), (0, PDFS));
    assert_eq!(counted(&build_fresh(&site, "frisk")), (PDFS, 0));
    let warm = pdfs(&site.path("varm"));
    same_pdfs(&warm, &pdfs(&site.path("frisk")));
    same_pdfs(&warm, &pdfs(&site.path("kold")));
    // The pages say each PDF's page count, from the cache as when typeset.
    assert_eq!(
        tree(&site.path("varm")).get("planer/2025/fmi/index.html"),
        tree(&site.path("frisk")).get("planer/2025/fmi/index.html")
    );
}

#[test]
fn an_edited_plan_typesets_only_its_pdf_and_its_years_results() {
    let site = TestSite::new("default");
    let cache = tempfile::tempdir().expect("tmp");
    build(&site, "før", cache.path());
    // A goal's title is in the plan and in the year's results.
    site.edit(
        PLAN,
        "titel: Milepæle i de store materielprojekter nås til tiden",
        "titel: Milepælene i de store materielprojekter nås til tiden",
    );
    assert_eq!(counted(&build(&site, "efter", cache.path())), (3, PDFS - 3));
    let (before, after) = (pdfs(&site.path("før")), pdfs(&site.path("efter")));
    let changed: BTreeSet<&str> = after
        .iter()
        .filter(|(path, bytes)| before.get(*path) != Some(*bytes))
        .map(|(path, _)| path.as_str())
        .collect();
    assert_eq!(
        changed,
        BTreeSet::from([
            "planer/2025/fmi.pdf",
            "resultater/2025/fmi.pdf",
            "resultater/2025/maalrapportering-2025.pdf",
        ])
    );
    build_fresh(&site, "frisk");
    same_pdfs(&after, &pdfs(&site.path("frisk")));
}

#[test]
fn a_changed_pdf_template_typesets_everything() {
    let site = TestSite::new("default");
    let cache = tempfile::tempdir().expect("tmp");
    build(&site, "før", cache.path());
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let template = std::fs::read_to_string(repo.join("themes/standard/pdf/plan.typ"))
        .expect("the theme's plan.typ");
    // A comment changes no PDF, but the cache cannot know that.
    site.write(
        "templates/pdf/plan.typ",
        &format!("{template}\n// ændret\n"),
    );
    assert_eq!(counted(&build(&site, "efter", cache.path())), (PDFS, 0));
    assert_eq!(counted(&build(&site, "igen", cache.path())), (0, PDFS));
}

#[test]
fn a_damaged_cache_entry_is_typeset_again_and_never_trusted() {
    let site = TestSite::new("default");
    let cache = tempfile::tempdir().expect("tmp");
    build(&site, "kold", cache.path());
    let found = entries(cache.path());
    assert_eq!(found.len(), PDFS);
    // Garbage, half an entry, and another document's whole entry.
    std::fs::write(&found[0], b"ikke en pdf").expect("garbage");
    let whole = std::fs::read(&found[1]).expect("read");
    std::fs::write(&found[1], &whole[..whole.len() / 2]).expect("truncate");
    std::fs::copy(&found[3], &found[2]).expect("foreign");
    std::fs::write(&found[4], b"").expect("empty");
    let run = build(&site, "varm", cache.path());
    assert_eq!(counted(&run), (4, PDFS - 4));
    assert!(
        run.stderr.contains("4 ugyldige poster i cachen ignoreret"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    build_fresh(&site, "frisk");
    same_pdfs(&pdfs(&site.path("varm")), &pdfs(&site.path("frisk")));
    // The damaged entries were replaced by good ones.
    assert_eq!(counted(&build(&site, "igen", cache.path())), (0, PDFS));
}

/// `mrplan` with the cache named by `MRPLAN_CACHE_DIR` only.
fn run_with_env(site: &TestSite, cache: &Path, args: &[&str]) -> Run {
    run_env(site, &[("MRPLAN_CACHE_DIR", cache)], args)
}

/// `mrplan` with `env` set and no other say in where the cache is.
fn run_env(site: &TestSite, env: &[(&str, &Path)], args: &[&str]) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_mrplan"));
    command
        .args(args)
        .current_dir(site.path(""))
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .env_remove("MRPLAN_CACHE_DIR")
        .env_remove("XDG_CACHE_HOME")
        .env_remove("RUST_BACKTRACE");
    for (name, value) in env {
        command.env(name, value);
    }
    let out = command.output().expect("run mrplan");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Each file's path, size and modification time: what "untouched" means.
fn listing(dir: &Path) -> Vec<(String, u64, std::time::SystemTime)> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .map(|e| {
            let meta = e.metadata().expect("metadata");
            let modified = meta.modified().expect("mtime");
            (e.path().display().to_string(), meta.len(), modified)
        })
        .collect()
}

#[test]
fn no_cache_neither_reads_nor_writes_the_cache() {
    let site = TestSite::new("default");
    let cache = tempfile::tempdir().expect("tmp");
    let run = run_with_env(&site, cache.path(), &["build", "-v"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(counted(&run), (PDFS, 0), "MRPLAN_CACHE_DIR is used");
    let before = listing(cache.path());
    let run = run_with_env(&site, cache.path(), &["build", "-v", "--no-cache"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(counted(&run), (PDFS, 0));
    assert_eq!(listing(cache.path()), before);
    // Nor does it make a cache folder that is not there.
    let missing = cache.path().join("findes-ikke");
    let run = run_with_env(&site, &missing, &["build", "--no-cache"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!missing.exists());
}

#[test]
fn the_cache_is_in_the_users_cache_folder_by_default() {
    let site = TestSite::new("minimal");
    let home = tempfile::tempdir().expect("tmp");
    let xdg = tempfile::tempdir().expect("tmp");
    let run = run_env(&site, &[("HOME", home.path())], &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(entries(&home.path().join(".cache/mrplan/pdf")).len(), 3);
    let env = [("HOME", home.path()), ("XDG_CACHE_HOME", xdg.path())];
    let run = run_env(&site, &env, &["build", "-v"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(counted(&run), (3, 0));
    assert_eq!(entries(&xdg.path().join("mrplan/pdf")).len(), 3);
    assert!(!site.path(".cache").exists() && !site.path("output/.cache").exists());
}

#[test]
fn a_cache_inside_the_output_folder_is_refused() {
    let site = TestSite::new("minimal");
    let run = site.run(&["build", "--cache-dir", "output/cache"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("Pdf-cachen kan ikke ligge i output/cache: den er inde i"),
        "{}",
        run.stderr
    );
    assert!(!site.path("output").exists());
}

#[test]
fn a_cache_that_cannot_be_written_warns_and_the_build_goes_on() {
    let site = TestSite::new("minimal");
    // A file where the folder should be: works the same for root (CI), for
    // whom a read-only folder is still writable.
    let blocked = tempfile::NamedTempFile::new().expect("tmp");
    let path = blocked.path().join("pdf");
    let run = site.run(&["build", "-v", "--cache-dir", &path.to_string_lossy()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        counted(&run),
        (3, 0),
        "the plan, its results and the year's"
    );
    assert_eq!(
        run.stderr.matches("advarsel: Pdf-cachen kan ikke").count(),
        1,
        "{}",
        run.stderr
    );
    assert!(site.path("output/planer/2025/abc.pdf").is_file());
}
