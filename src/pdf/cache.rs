//! A persistent, content-addressed cache of typeset PDFs, so a build with
//! nothing changed typesets nothing (issue 19).
//!
//! An entry's key is a SHA-256 over everything that decides the PDF's bytes:
//! mrplan's version and build id (a hash of its code, `build.rs`), Typst's
//! version, every file the Typst world can read (the theme's `pdf/` files,
//! its fonts, the static files), the moment stamped into the PDF, and the
//! document's own main template, id and data. Typst's embedded fonts come
//! with the Typst version. So a key never names a stale PDF.
//!
//! The folder is per user, outside the site (see [`default_dir`]): the site
//! is a git repository that anyone may commit to, and a cache inside it
//! could be committed with poisoned PDFs under valid keys. Each entry
//! carries its key and a SHA-256 of its PDF, checked on every read, which
//! catches a torn, truncated or misplaced file; it does not stop someone who
//! can write the folder, which is why the folder is not in the repository.
//!
//! Nothing here fails a build: an entry that does not check out is typeset
//! again, and a folder that cannot be read or written gives one warning.

use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, SystemTime};

use sha2::{Digest, Sha256};
use time::OffsetDateTime;

use crate::diagnostics::Sources;
use crate::render::theme::Theme;

/// The environment variable naming the cache folder (for CI caches).
pub const ENV: &str = "MRPLAN_CACHE_DIR";
/// The last bytes of every entry; a new layout gets a new number.
const MAGIC: &[u8; 16] = b"\nmrplan-pdf-v2\n\0";
/// What follows the PDF in an entry: key, pages, length, SHA-256 of the
/// PDF, magic. After, not before: a hit then becomes the PDF by cutting
/// the tail off, without copying 100 KB per document.
const TRAILER: usize = 32 + 8 + 8 + 32 + MAGIC.len();
/// Entries not used for this long are removed.
const MAX_AGE: Duration = Duration::from_secs(30 * 24 * 60 * 60);
/// How often a build looks for old entries (and refreshes a used one's time).
const DAY: Duration = Duration::from_secs(24 * 60 * 60);
/// How a temporary file (an entry being written) begins.
const TEMPORARY: &str = ".ny-";
/// The file whose time says when old entries were last removed.
const PRUNED: &str = ".sidst-ryddet";

/// Where the cache is by default: `$MRPLAN_CACHE_DIR`, else the user's
/// cache folder (`$XDG_CACHE_HOME/mrplan/pdf`, `~/.cache/mrplan/pdf`, or
/// `%LOCALAPPDATA%\mrplan\pdf` on Windows). `None`: no place for it.
pub fn default_dir() -> Option<PathBuf> {
    let var = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
    if let Some(dir) = var(ENV) {
        return Some(PathBuf::from(dir));
    }
    // The XDG spec ignores a relative XDG_CACHE_HOME.
    let base = var("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| var("HOME").map(|home| PathBuf::from(home).join(".cache")))
        .or_else(|| var("LOCALAPPDATA").map(PathBuf::from))?;
    Some(base.join("mrplan").join("pdf"))
}

/// The moment stamped into every PDF: the day of `now` (the build's moment,
/// or `SOURCE_DATE_EPOCH`). The day, not the second: each PDF already says
/// the day it was made, so a stamp to the second would only stop the cache
/// from finding anything a second later.
pub fn stamp(now: OffsetDateTime) -> OffsetDateTime {
    now.replace_time(time::Time::MIDNIGHT)
}

/// A count with thousands points, as Danish writes it: 1997 is "1.997".
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// A key: the SHA-256 of everything that decides a PDF's bytes.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Key([u8; 32]);

impl Key {
    fn hex(&self) -> String {
        self.0.iter().map(|b| format!("{b:02x}")).collect()
    }
}

/// Adds one field to a hash, its length first, so two fields never read as
/// one ("ab" + "c" differs from "a" + "bc").
fn field(hash: &mut Sha256, bytes: &[u8]) {
    hash.update((bytes.len() as u64).to_le_bytes());
    hash.update(bytes);
}

/// Everything the documents of one build share, hashed once per build:
/// mrplan and Typst, the theme's Typst files, fonts and static files, and
/// the moment in the PDFs. Documents add their own part in [`Cache::key`].
pub fn fingerprint(theme: &Theme, sources: &Sources, now: OffsetDateTime) -> [u8; 32] {
    let mut hash = Sha256::new();
    field(&mut hash, MAGIC);
    field(&mut hash, env!("CARGO_PKG_VERSION").as_bytes());
    field(&mut hash, env!("MRPLAN_BUILD_ID").as_bytes());
    field(&mut hash, env!("MRPLAN_TYPST_VERSION").as_bytes());
    let mut templates: Vec<(&str, &str)> = theme
        .pdf
        .iter()
        .map(|(name, id)| (name.as_str(), sources.text(*id)))
        .collect();
    templates.sort();
    hash.update((templates.len() as u64).to_le_bytes());
    for (name, text) in templates {
        field(&mut hash, name.as_bytes());
        field(&mut hash, text.as_bytes());
    }
    // The order of the fonts matters: the theme's come first and win.
    hash.update((theme.fonts.len() as u64).to_le_bytes());
    for font in &theme.fonts {
        field(&mut hash, font);
    }
    let mut statics: Vec<&(String, Vec<u8>)> = theme.statics.iter().collect();
    statics.sort_by(|a, b| a.0.cmp(&b.0));
    hash.update((statics.len() as u64).to_le_bytes());
    for (path, bytes) in statics {
        field(&mut hash, path.as_bytes());
        field(&mut hash, bytes);
    }
    field(&mut hash, &stamp(now).unix_timestamp().to_le_bytes());
    hash.finalize().into()
}

/// One PDF as the cache keeps it.
pub struct Entry {
    pub pdf: Vec<u8>,
    pub pages: usize,
}

/// The cache of one build: a folder, the build's [`fingerprint`], and what
/// happened (for `build -v` and the warnings).
pub struct Cache {
    dir: PathBuf,
    world: [u8; 32],
    /// Off after the first failed write (a full disk fails every write).
    writable: AtomicBool,
    pub hits: AtomicUsize,
    /// Entries that were there but did not check out.
    pub rejected: AtomicUsize,
    warnings: Mutex<Vec<String>>,
}

impl Cache {
    /// The cache in `dir` (made if missing) for a build with `world`.
    /// A folder that cannot be made gives a warning, and nothing is cached.
    pub fn open(dir: &Path, world: [u8; 32]) -> Cache {
        let cache = Cache {
            dir: dir.to_path_buf(),
            world,
            writable: AtomicBool::new(true),
            hits: AtomicUsize::new(0),
            rejected: AtomicUsize::new(0),
            warnings: Mutex::new(Vec::new()),
        };
        if let Err(e) = fs::create_dir_all(dir).and_then(|_| tag(dir)) {
            cache.warn("kan ikke oprettes", dir, &e);
        }
        cache
    }

    /// The key of one document: the build's fingerprint, its main template,
    /// its id and its data (the JSON the template reads).
    pub fn key(&self, main: &str, ident: &str, data: &[u8]) -> Key {
        let mut hash = Sha256::new();
        hash.update(self.world);
        field(&mut hash, main.as_bytes());
        field(&mut hash, ident.as_bytes());
        field(&mut hash, data);
        Key(hash.finalize().into())
    }

    /// Where the entry for `key` lives: 256 subfolders keep folders small.
    fn path(&self, key: Key) -> PathBuf {
        let hex = key.hex();
        self.dir.join(&hex[..2]).join(format!("{hex}.pdf-cache"))
    }

    /// The PDF for `key`, if there is one that checks out. A missing entry is
    /// a miss; a damaged or foreign one is counted and ignored.
    pub fn get(&self, key: Key) -> Option<Entry> {
        let path = self.path(key);
        let mut file = match fs::File::open(&path) {
            Ok(f) => f,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return None,
            Err(e) => {
                self.warn("kan ikke læses", &path, &e);
                return None;
            }
        };
        let mut bytes = Vec::new();
        if let Err(e) = file.read_to_end(&mut bytes) {
            self.warn("kan ikke læses", &path, &e);
            return None;
        }
        let Some(entry) = decode(bytes, key) else {
            self.rejected.fetch_add(1, Ordering::Relaxed);
            return None;
        };
        refresh(&file);
        self.hits.fetch_add(1, Ordering::Relaxed);
        Some(entry)
    }

    /// Keeps `pdf` under `key`: written to a temporary file in the same
    /// folder and renamed into place, so a killed build never leaves half an
    /// entry (a torn one from a power cut fails its checksum instead).
    pub fn put(&self, key: Key, pdf: &[u8], pages: usize) {
        if !self.writable.load(Ordering::Relaxed) {
            return;
        }
        let path = self.path(key);
        if let Err(e) = write_entry(&path, &encode(key, pdf, pages)) {
            self.writable.store(false, Ordering::Relaxed);
            self.warn("kan ikke skrives", &path, &e);
        }
    }

    fn warn(&self, what: &str, path: &Path, e: &io::Error) {
        let text = format!(
            "Pdf-cachen {what}: {} ({}). Bygningen fortsætter og sætter pdf'erne uden cachen. Ret mappens rettigheder eller pladsen på disken, vælg en anden mappe med --cache-dir eller {ENV}, eller byg med --no-cache.",
            path.display(),
            crate::danish::os_error(e),
        );
        if let Ok(mut warnings) = self.warnings.lock()
            && warnings.is_empty()
        {
            warnings.push(text);
        }
    }

    /// The warnings so far (at most one: the first problem says enough).
    pub fn warnings(&self) -> Vec<String> {
        self.warnings.lock().map(|w| w.clone()).unwrap_or_default()
    }

    /// Removes entries not used for [`MAX_AGE`], at most once a day, so the
    /// cache does not grow without bound. Errors are ignored: the next
    /// build tries again, and deleting the whole folder is always safe.
    pub fn prune(&self) {
        let marker = self.dir.join(PRUNED);
        if age(&marker).is_some_and(|a| a < DAY) {
            return;
        }
        let Ok(subdirs) = fs::read_dir(&self.dir) else {
            return;
        };
        for sub in subdirs.flatten().filter(|e| e.path().is_dir()) {
            for entry in fs::read_dir(sub.path()).into_iter().flatten().flatten() {
                // A temporary file a killed build left is gone after a day.
                let temporary = entry.file_name().to_string_lossy().starts_with(TEMPORARY);
                let limit = if temporary { DAY } else { MAX_AGE };
                if age(&entry.path()).is_some_and(|a| a > limit) {
                    let _ = fs::remove_file(entry.path());
                }
            }
        }
        let _ = fs::write(&marker, b"");
    }
}

/// How long ago `path` was last modified.
fn age(path: &Path) -> Option<Duration> {
    let modified = fs::metadata(path).ok()?.modified().ok()?;
    SystemTime::now().duration_since(modified).ok()
}

/// Marks a used entry as used, once a day at most (for [`Cache::prune`]).
fn refresh(file: &fs::File) {
    let now = SystemTime::now();
    let old = file
        .metadata()
        .and_then(|m| m.modified())
        .ok()
        .and_then(|m| now.duration_since(m).ok())
        .is_some_and(|a| a > DAY);
    if old {
        let _ = file.set_modified(now);
    }
}

/// Tells backup programs the folder is a cache (bford.info/cachedir).
fn tag(dir: &Path) -> io::Result<()> {
    let path = dir.join("CACHEDIR.TAG");
    if path.exists() {
        return Ok(());
    }
    write_entry(
        &path,
        "Signature: 8a477f597d28d172789f06886806bc55\n# mrplans pdf-cache: kan slettes når som helst.\n".as_bytes(),
    )
}

fn write_entry(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir)?;
    let mut tmp = tempfile::Builder::new()
        .prefix(TEMPORARY)
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

fn encode(key: Key, pdf: &[u8], pages: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(pdf.len() + TRAILER);
    out.extend_from_slice(pdf);
    out.extend_from_slice(&key.0);
    out.extend_from_slice(&(pages as u64).to_le_bytes());
    out.extend_from_slice(&(pdf.len() as u64).to_le_bytes());
    out.extend_from_slice(&Sha256::digest(pdf));
    out.extend_from_slice(MAGIC);
    out
}

/// The entry in `bytes` if it is whole and is the one for `key`: the right
/// magic and key, the stated length, a PDF, and the PDF's own checksum.
fn decode(mut bytes: Vec<u8>, key: Key) -> Option<Entry> {
    let split = bytes.len().checked_sub(TRAILER)?;
    let (pdf, trailer) = bytes.split_at(split);
    let (stored_key, rest) = trailer.split_at(32);
    let (pages, rest) = rest.split_at(8);
    let (len, rest) = rest.split_at(8);
    let (sum, magic) = rest.split_at(32);
    let number = |b: &[u8]| u64::from_le_bytes(b.try_into().unwrap_or([0xff; 8]));
    let pages = usize::try_from(number(pages)).unwrap_or(0);
    let whole = magic == MAGIC
        && stored_key == key.0
        && number(len) == pdf.len() as u64
        && pdf.starts_with(b"%PDF-")
        && sum == Sha256::digest(pdf).as_slice();
    if !whole {
        return None;
    }
    bytes.truncate(split);
    Some(Entry { pdf: bytes, pages })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(n: u8) -> Key {
        Key([n; 32])
    }

    #[test]
    fn an_entry_reads_back_as_written() {
        let pdf = b"%PDF-1.7 fake".to_vec();
        let entry = decode(encode(key(1), &pdf, 3), key(1)).expect("whole");
        assert_eq!(entry.pdf, pdf);
        assert_eq!(entry.pages, 3);
    }

    #[test]
    fn a_damaged_or_foreign_entry_is_refused() {
        let good = encode(key(1), b"%PDF-1.7 fake", 3);
        let cut = |n: usize| good[..n].to_vec();
        assert!(
            decode(good.clone(), key(2)).is_none(),
            "another key's entry"
        );
        assert!(decode(cut(good.len() - 1), key(1)).is_none(), "truncated");
        assert!(decode(cut(10), key(1)).is_none(), "shorter than a trailer");
        assert!(decode(Vec::new(), key(1)).is_none(), "empty");
        let mut flipped = good.clone();
        flipped[3] ^= 1;
        assert!(decode(flipped, key(1)).is_none(), "a changed byte");
        let not_pdf = encode(key(1), b"<html>", 1);
        assert!(decode(not_pdf, key(1)).is_none(), "not a PDF");
    }

    #[test]
    fn a_cache_that_cannot_be_written_warns_once_and_goes_on() {
        let dir = tempfile::tempdir().expect("tmp");
        // A file where the folder should be: nothing can be made under it.
        let blocked = dir.path().join("fil");
        fs::write(&blocked, b"x").expect("write");
        let cache = Cache::open(&blocked, [0; 32]);
        cache.put(key(1), b"%PDF-1.7", 1);
        cache.put(key(2), b"%PDF-1.7", 1);
        assert!(cache.get(key(1)).is_none());
        assert_eq!(cache.warnings().len(), 1, "{:?}", cache.warnings());
    }

    #[test]
    fn prune_removes_old_entries_and_leftovers_and_keeps_the_rest() {
        let dir = tempfile::tempdir().expect("tmp");
        let cache = Cache::open(dir.path(), [0; 32]);
        cache.put(key(1), b"%PDF-1.7", 1);
        cache.put(key(2), b"%PDF-1.7", 1);
        let sub = dir.path().join("01");
        fs::write(sub.join(".ny-efterladt"), b"halv").expect("leftover");
        let old = SystemTime::now() - MAX_AGE - DAY;
        for path in [cache.path(key(1)), sub.join(".ny-efterladt")] {
            let file = fs::File::options().write(true).open(&path).expect("open");
            file.set_modified(old).expect("mtime");
        }
        cache.prune();
        assert!(cache.get(key(1)).is_none(), "unused for a month");
        assert!(!sub.join(".ny-efterladt").exists());
        assert!(cache.get(key(2)).is_some());
        assert!(dir.path().join("CACHEDIR.TAG").is_file());
    }

    #[test]
    fn counts_have_thousands_points() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1997), "1.997");
        assert_eq!(thousands(1234567), "1.234.567");
    }

    #[test]
    fn the_stamp_is_the_day() {
        let now = time::macros::datetime!(2026-11-23 12:34:56 UTC);
        assert_eq!(stamp(now), time::macros::datetime!(2026-11-23 0:00 UTC));
    }
}
