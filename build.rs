//! Build-time facts the PDF cache keys on (src/pdf/cache.rs):
//!
//! - `MRPLAN_BUILD_ID`: a hash of the code (src/, Cargo.toml, Cargo.lock),
//!   so a rebuilt mrplan with changed code never serves PDFs an older build
//!   typeset. A hash of the sources, not of the executable: it is cheap (the
//!   executable is 80-500 MB) and the same on every machine that builds the
//!   same commit, so a CI cache survives reinstalling mrplan.
//! - `MRPLAN_TYPST_VERSION`: the Typst version in Cargo.lock.

use std::hash::{DefaultHasher, Hasher};
use std::path::{Path, PathBuf};

fn main() {
    println!("cargo:rerun-if-changed=src");
    println!("cargo:rerun-if-changed=Cargo.toml");
    println!("cargo:rerun-if-changed=Cargo.lock");
    println!("cargo:rerun-if-changed=build.rs");
    let root = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let mut files = Vec::new();
    collect(&root.join("src"), &mut files);
    files.sort();
    files.extend(["Cargo.toml", "Cargo.lock", "build.rs"].map(|f| root.join(f)));
    // SipHash with fixed keys: deterministic for one Rust version; another
    // compiler gives another id, which only empties the cache (never stale).
    let mut hash = DefaultHasher::new();
    for file in &files {
        let rel = file.strip_prefix(&root).unwrap_or(file);
        hash.write(rel.to_string_lossy().as_bytes());
        let bytes = std::fs::read(file).unwrap_or_default();
        hash.write_usize(bytes.len());
        hash.write(&bytes);
    }
    println!("cargo:rustc-env=MRPLAN_BUILD_ID={:016x}", hash.finish());
    let lock = std::fs::read_to_string(root.join("Cargo.lock")).unwrap_or_default();
    let typst = package_version(&lock, "typst").unwrap_or("ukendt");
    println!("cargo:rustc-env=MRPLAN_TYPST_VERSION={typst}");
}

/// Every file under `dir`, recursively.
fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else {
            out.push(path);
        }
    }
}

/// The version of package `name` in a Cargo.lock.
fn package_version<'a>(lock: &'a str, name: &str) -> Option<&'a str> {
    let wanted = format!("name = \"{name}\"");
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == wanted {
            let version = lines.next()?.strip_prefix("version = \"")?;
            return version.strip_suffix('"');
        }
    }
    None
}
