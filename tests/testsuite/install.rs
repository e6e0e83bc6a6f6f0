//! The packages: `scripts/package.sh` makes the .tar.gz and the .deb from
//! the binary these tests run (CI builds one profile only), the .deb is
//! unpacked into a temporary root with `dpkg -x`, and the installed binary
//! starts, builds and audits a site in a folder outside the checkout, with
//! nothing from the source tree to lean on.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::{EPOCH, browser_ready, ready};

/// True when cargo-deb and dpkg-deb are here.
fn packaging_ready() -> bool {
    let has = |program: &str, args: &[&str]| {
        Command::new(program)
            .args(args)
            .output()
            .is_ok_and(|o| o.status.success())
    };
    ready(
        "pakketesten",
        &[
            (
                "cargo-deb (cargo install --locked cargo-deb)",
                has("cargo", &["deb", "--version"]),
            ),
            ("dpkg-deb", has("dpkg-deb", &["--version"])),
        ],
    )
}

fn ok(out: Output, what: &str) -> String {
    assert!(
        out.status.success(),
        "{what}: {}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The one file in `dir` whose name ends with `suffix`.
fn find(dir: &Path, suffix: &str) -> PathBuf {
    let found: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("read dir")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(suffix))
        .collect();
    assert_eq!(found.len(), 1, "{suffix} in {}: {found:?}", dir.display());
    found[0].clone()
}

#[test]
fn the_deb_installs_a_binary_that_works_outside_the_checkout() {
    if !packaging_ready() {
        return;
    }
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dist = tempfile::tempdir().expect("temp");
    ok(
        Command::new(repo.join("scripts/package.sh"))
            .arg(env!("CARGO_BIN_EXE_mrplan"))
            .arg(dist.path())
            .arg("--fast")
            .output()
            .expect("package.sh"),
        "package.sh",
    );

    // The .tar.gz: binary, README, the fonts' licences, man pages, completions.
    let tarball = find(dist.path(), "-linux.tar.gz");
    let listing = ok(
        Command::new("tar")
            .arg("tzf")
            .arg(&tarball)
            .output()
            .expect("tar"),
        "tar",
    );
    let name = tarball
        .file_name()
        .and_then(|n| n.to_str())
        .and_then(|n| n.strip_suffix(".tar.gz"))
        .expect("name");
    for file in [
        "mrplan",
        "README.md",
        "licenser/OFL-SourceSans3.md",
        "licenser/typst-assets-NOTICE",
        "man/mrplan.1.gz",
        "man/mrplan-build.1.gz",
        "completions/mrplan.bash",
    ] {
        assert!(
            listing.lines().any(|l| l == format!("{name}/{file}")),
            "{file} not in {listing}"
        );
    }

    // The .deb, unpacked as dpkg would install it.
    let deb = find(dist.path(), ".deb");
    let control = ok(
        Command::new("dpkg-deb")
            .arg("--field")
            .arg(&deb)
            .output()
            .expect("dpkg-deb"),
        "dpkg-deb --field",
    );
    assert!(control.contains("Package: mrplan\n"), "{control}");
    assert!(control.contains("Depends: libc6"), "{control}");
    let root = tempfile::tempdir().expect("temp");
    ok(
        Command::new("dpkg")
            .arg("-x")
            .arg(&deb)
            .arg(root.path())
            .output()
            .expect("dpkg -x"),
        "dpkg -x",
    );
    let usr = root.path().join("usr");
    for file in [
        "bin/mrplan",
        "share/man/man1/mrplan.1.gz",
        "share/man/man1/mrplan-init.1.gz",
        "share/bash-completion/completions/mrplan",
        "share/zsh/vendor-completions/_mrplan",
        "share/fish/vendor_completions.d/mrplan.fish",
        "share/doc/mrplan/README.md",
        "share/doc/mrplan/copyright",
        "share/doc/mrplan/licenser/OFL-SourceSans3.md",
        "share/doc/mrplan/licenser/typst-assets-NOTICE",
    ] {
        assert!(usr.join(file).is_file(), "{file} not installed");
    }
    let man = ok(
        Command::new("gzip")
            .arg("-dc")
            .arg(usr.join("share/man/man1/mrplan.1.gz"))
            .output()
            .expect("gzip"),
        "gzip",
    );
    assert!(man.contains(".SH NAVN\n"), "{man}");
    ok(
        Command::new("bash")
            .arg("-n")
            .arg(usr.join("share/bash-completion/completions/mrplan"))
            .output()
            .expect("bash"),
        "bash -n",
    );

    // Nothing in the installed binary names the checkout, so nothing can be
    // looked up there (the audit script and the theme are inside it).
    let binary = std::fs::read(usr.join("bin/mrplan")).expect("binary");
    let checkout = repo.to_string_lossy();
    assert!(
        !binary
            .windows(checkout.len())
            .any(|w| w == checkout.as_bytes()),
        "the installed binary contains {checkout}"
    );

    // A user's first hour, in a folder outside the checkout: a home and a
    // cache of its own, no MRPLAN_A11Y_MODULES.
    let user = tempfile::tempdir().expect("temp");
    let home = user.path().join("home");
    std::fs::create_dir_all(&home).expect("home");
    let run = |dir: &Path, args: &[&str]| {
        let mut command = Command::new(usr.join("bin/mrplan"));
        command
            .args(args)
            .current_dir(dir)
            .env("HOME", &home)
            .env("XDG_CACHE_HOME", user.path().join("cache"))
            .env("SOURCE_DATE_EPOCH", EPOCH)
            .env_remove("MRPLAN_A11Y_MODULES")
            .env_remove("RUST_BACKTRACE");
        // npm may reuse what this machine already downloaded.
        if let Some(real_home) = std::env::var_os("HOME") {
            command.env("npm_config_cache", Path::new(&real_home).join(".npm"));
        }
        command.output().expect("run the installed mrplan")
    };
    let version = ok(run(user.path(), &["--version"]), "--version");
    assert_eq!(version, format!("mrplan {}\n", env!("CARGO_PKG_VERSION")));
    ok(run(user.path(), &["init", "site"]), "init");
    let site = user.path().join("site");
    ok(run(&site, &["build"]), "build");
    assert!(site.join("output/index.html").is_file());
    ok(run(&site, &["build", "--drafts"]), "build --drafts");
    let pdf =
        std::fs::read(site.join("output-udkast/planer/2026/eks.pdf")).expect("the draft's pdf");
    assert!(pdf.starts_with(b"%PDF-"));

    if !browser_ready() {
        return;
    }
    // check --a11y: the npm packages are not there yet; without a terminal
    // mrplan says exactly what to run, and running that fetches and audits.
    let missing = run(&site, &["check", "--a11y"]);
    assert_eq!(missing.status.code(), Some(2));
    let cache = user.path().join("cache/mrplan");
    let stderr = String::from_utf8_lossy(&missing.stderr);
    assert!(
        stderr.starts_with(
            "fejl: Tilgængelighedstjekket mangler npm-pakkerne axe-core 4.14.1 og playwright-core 1.65.1.\n  \
             tip: hent dem én gang (med npm, til "
        ) && stderr.contains(&format!("{}/a11y-", cache.display()))
            && stderr.contains(") med: mrplan check --a11y --hent\n"),
        "{stderr}"
    );
    let audited = ok(
        run(&site, &["check", "--a11y", "--hent"]),
        "check --a11y --hent",
    );
    let summary = audited.lines().last().unwrap_or("");
    assert!(
        summary.starts_with("Tjekkede 1 plan og 1 styrelse og ")
            && summary.contains(" sider for tilgængelighed (axe-core 4.14.1): "),
        "{audited}"
    );
    assert!(!audited.contains("fejl["), "{audited}");
    // The packages landed in the cache folder, and are used from there.
    let again = ok(
        run(&site, &["check", "--a11y", "--format", "json"]),
        "check --a11y",
    );
    assert!(!again.contains("\"error\""), "{again}");
    assert!(
        std::fs::read_dir(&cache)
            .expect("cache")
            .flatten()
            .any(|e| e.path().join("node_modules/axe-core/axe.min.js").is_file())
    );
}
