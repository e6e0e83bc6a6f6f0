//! Integration tests: build real sites into temp folders with the real
//! binary, and assert on parsed output and on exact diagnostics.

mod a11y;
mod build;
mod charts;
mod check;
mod cli;
mod compare;
mod editor;
mod editor_browser;
mod fields20a;
mod fields20b;
mod fields20c;
mod fuzz;
mod hardening;
mod init;
mod install;
mod layout;
mod new;
mod pdf;
mod pdf_cache;
mod publication;
mod report;
mod schema;
mod search;
mod serve;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// 2026-11-23 12:00 UTC: "today" for every test, so years over and quarters
/// ended do not depend on the day the tests run.
pub const EPOCH: &str = "1795435200";

/// Where [`TestSite::built_default`] builds, under cargo's folder for test files.
const BUILT_PREFIX: &str = "bygget-standard";

/// A site copied into a temp folder, to build or break.
pub struct TestSite {
    pub dir: tempfile::TempDir,
    /// Its own PDF cache (`MRPLAN_CACHE_DIR`), outside the site: no test
    /// shares typeset PDFs with another or writes to the user's cache.
    pub cache: tempfile::TempDir,
}

/// What a run of the binary gave.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl TestSite {
    /// Copies `tests/fixtures/<name>`, or the repo's own `content/` for "default".
    pub fn new(name: &str) -> TestSite {
        let dir = tempfile::tempdir().expect("temp dir");
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        let from = if name == "default" {
            repo.to_path_buf()
        } else {
            repo.join("tests/fixtures").join(name)
        };
        copy_dir(&from.join("content"), &dir.path().join("content"));
        if from.join("static").is_dir() {
            copy_dir(&from.join("static"), &dir.path().join("static"));
        }
        TestSite::at(dir)
    }

    /// The default site built once (with its PDFs) and shared by every test
    /// that only reads the output: typesetting the same 36 PDFs for each of
    /// them would cost minutes. Tests that edit or rebuild make their own.
    pub fn built_default() -> &'static TestSite {
        static SITE: OnceLock<TestSite> = OnceLock::new();
        SITE.get_or_init(|| {
            let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
            // A static is never dropped: remove the folders of earlier runs.
            for entry in std::fs::read_dir(tmp).into_iter().flatten().flatten() {
                if entry
                    .file_name()
                    .to_string_lossy()
                    .starts_with(BUILT_PREFIX)
                {
                    let _ = std::fs::remove_dir_all(entry.path());
                }
            }
            let dir = tempfile::Builder::new()
                .prefix(BUILT_PREFIX)
                .tempdir_in(tmp)
                .expect("temp dir");
            let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
            copy_dir(&repo.join("content"), &dir.path().join("content"));
            copy_dir(&repo.join("static"), &dir.path().join("static"));
            let site = TestSite::at(dir);
            let run = site.run(&["build"]);
            assert_eq!(run.code, 0, "build failed:\n{}{}", run.stdout, run.stderr);
            site
        })
    }

    /// An empty folder, for `mrplan init`.
    pub fn empty() -> TestSite {
        TestSite::at(tempfile::tempdir().expect("temp dir"))
    }

    fn at(dir: tempfile::TempDir) -> TestSite {
        TestSite {
            dir,
            cache: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    pub fn write(&self, rel: &str, text: &str) {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, text).expect("write");
    }

    /// Replaces `from` with `to` in a file; the text must be there exactly once.
    pub fn edit(&self, rel: &str, from: &str, to: &str) {
        let text = self.read(rel);
        assert_eq!(
            text.matches(from).count(),
            1,
            "'{from}' must occur once in {rel}"
        );
        self.write(rel, &text.replacen(from, to, 1));
    }

    pub fn run(&self, args: &[&str]) -> Run {
        self.run_at(EPOCH, args)
    }

    /// Runs with "today" at another moment (seconds since 1970).
    pub fn run_at(&self, epoch: &str, args: &[&str]) -> Run {
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        let out = Command::new(env!("CARGO_BIN_EXE_mrplan"))
            .args(args)
            .current_dir(self.dir.path())
            .env("SOURCE_DATE_EPOCH", epoch)
            .env("MRPLAN_CACHE_DIR", self.cache.path())
            // check --a11y: the npm packages `npm ci --prefix a11y` fetched.
            .env("MRPLAN_A11Y_MODULES", repo.join("a11y"))
            .env_remove("RUST_BACKTRACE")
            .output()
            .expect("run mrplan");
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk");
        let target = to.join(entry.path().strip_prefix(from).expect("prefix"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// True when headless Chromium, Node.js and the npm modules in a11y/ are
/// here for the browser tests.
pub fn browser_ready() -> bool {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    ready(
        "browsertesten",
        &[
            (
                "node",
                Command::new("node").arg("--version").output().is_ok(),
            ),
            ("/usr/bin/chromium", Path::new("/usr/bin/chromium").exists()),
            (
                "a11y/node_modules (npm ci --prefix a11y)",
                repo.join("a11y/node_modules/playwright-core").is_dir(),
            ),
        ],
    )
}

/// True when every tool in `tools` (name, there) is here. A missing one is
/// a failure in CI (`.ci/run` installs them all); elsewhere `test` is
/// skipped with a note.
pub fn ready(test: &str, tools: &[(&str, bool)]) -> bool {
    let missing: Vec<&str> = tools
        .iter()
        .filter(|(_, there)| !there)
        .map(|(name, _)| *name)
        .collect();
    if missing.is_empty() {
        return true;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "{test} needs: {}",
        missing.join(", ")
    );
    eprintln!("springer {test} over; mangler: {}", missing.join(", "));
    false
}

/// The text of each element matching `css` in a parsed page, whitespace
/// collapsed as a reader sees it.
pub fn texts(doc: &scraper::Html, css: &str) -> Vec<String> {
    let sel = scraper::Selector::parse(css).expect("selector");
    doc.select(&sel)
        .map(|e| {
            e.text()
                .collect::<String>()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

/// Every file under `dir`, by relative path: to compare folders exactly.
pub fn tree(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .expect("prefix")
                .to_string_lossy()
                .into_owned();
            (rel, std::fs::read(e.path()).expect("read"))
        })
        .collect()
}

/// [`texts`] of an HTML string.
pub fn texts_of(html: &str, css: &str) -> Vec<String> {
    texts(&scraper::Html::parse_document(html), css)
}
