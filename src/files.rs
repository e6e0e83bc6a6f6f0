//! Reading the site's own files. Everything mrplan reads for a site (content,
//! templates, static files, fonts, images) comes through [`Root`], so nothing
//! is read from outside the site root: a symbolic link is followed only when
//! it points inside the root, and one that points out is refused (and said).
//! Files are read with a size limit, so no single file can fill the memory.

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::Fatal;

/// The site root, resolved once (symbolic links and `..` removed).
#[derive(Clone, Debug)]
pub struct Root {
    canonical: PathBuf,
}

/// One file found under a folder: its path relative to that folder, and its
/// bytes, or why it was not read.
#[derive(Debug)]
pub struct Entry {
    pub rel: PathBuf,
    pub data: Result<Vec<u8>, Refused>,
}

/// Why a file was not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// A symbolic link to something outside the site root (its target).
    Outside(PathBuf),
    /// Larger than the limit for its kind of file (its size in bytes).
    TooBig { size: u64, limit: u64 },
    /// The operating system would not give it (the reason, in its words).
    Unreadable(String),
}

impl Root {
    pub fn new(root: &Path) -> Result<Root, Fatal> {
        let canonical = std::fs::canonicalize(root).map_err(|e| {
            Fatal::new(format!(
                "Kan ikke finde sidens rodmappe {}: {e}",
                root.display()
            ))
        })?;
        Ok(Root { canonical })
    }

    pub fn path(&self) -> &Path {
        &self.canonical
    }

    /// Where `path` leads once every link is followed, if that is inside the
    /// root; `Err` with the target when it leads out.
    pub fn resolve(&self, path: &Path) -> Result<PathBuf, Refused> {
        match std::fs::canonicalize(path) {
            Ok(real) if real.starts_with(&self.canonical) => Ok(real),
            Ok(real) => Err(Refused::Outside(real)),
            Err(e) => Err(Refused::Unreadable(e.to_string())),
        }
    }

    /// Every file under `dir` whose relative path `wanted` accepts, sorted by
    /// name, each read up to `limit` bytes. Links inside the root are followed
    /// (folders too); a link out of it is an entry with [`Refused::Outside`]
    /// and is not read. A missing `dir` has no files.
    pub fn tree(&self, dir: &Path, limit: u64, wanted: impl Fn(&Path) -> bool) -> Vec<Entry> {
        let mut out = Vec::new();
        if std::fs::symlink_metadata(dir).is_err() {
            return out;
        }
        if let Err(refused) = self.resolve(dir) {
            out.push(Entry {
                rel: PathBuf::new(),
                data: Err(refused),
            });
            return out;
        }
        let mut walk = walkdir::WalkDir::new(dir)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter();
        while let Some(next) = walk.next() {
            let entry = match next {
                Ok(entry) => entry,
                Err(e) => {
                    // A link loop, or a folder we may not read.
                    let rel = e.path().map(|p| relative(p, dir)).unwrap_or_default();
                    let reason = e
                        .io_error()
                        .map(|io| io.to_string())
                        .unwrap_or_else(|| "et symbolsk link peger på sin egen mappe".into());
                    out.push(Entry {
                        rel,
                        data: Err(Refused::Unreadable(reason)),
                    });
                    continue;
                }
            };
            let rel = relative(entry.path(), dir);
            let is_dir = entry.file_type().is_dir();
            if entry.path_is_symlink()
                && entry.depth() > 0
                && let Err(refused) = self.resolve(entry.path())
            {
                if is_dir {
                    walk.skip_current_dir();
                }
                if is_dir || wanted(&rel) {
                    out.push(Entry {
                        rel,
                        data: Err(refused),
                    });
                }
                continue;
            }
            // Folders are walked; devices, pipes and sockets are never read.
            if entry.file_type().is_file() && wanted(&rel) {
                let data = read_limited(entry.path(), limit);
                out.push(Entry { rel, data });
            }
        }
        out
    }

    /// One file, read up to `limit` bytes, if it resolves inside the root.
    pub fn read(&self, path: &Path, limit: u64) -> Result<Vec<u8>, Refused> {
        let real = self.resolve(path)?;
        read_limited(&real, limit)
    }
}

fn relative(path: &Path, dir: &Path) -> PathBuf {
    path.strip_prefix(dir).unwrap_or(path).to_path_buf()
}

/// Reads at most `limit` bytes; a larger file is refused without reading
/// the rest (its length on disk could lie, so the read itself is bounded).
fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>, Refused> {
    let file = std::fs::File::open(path).map_err(|e| Refused::Unreadable(e.to_string()))?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    if size > limit {
        return Err(Refused::TooBig { size, limit });
    }
    let mut bytes = Vec::with_capacity(size as usize);
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Refused::Unreadable(e.to_string()))?;
    if bytes.len() as u64 > limit {
        return Err(Refused::TooBig {
            size: bytes.len() as u64,
            limit,
        });
    }
    Ok(bytes)
}

/// "50,0 MB", "256 kB": a size as Danish messages write it.
pub fn size_da(bytes: u64) -> String {
    const KB: u64 = 1024;
    const MB: u64 = 1024 * 1024;
    if bytes >= MB {
        let tenths = bytes * 10 / MB;
        if tenths.is_multiple_of(10) {
            format!("{} MB", tenths / 10)
        } else {
            format!("{},{} MB", tenths / 10, tenths % 10)
        }
    } else if bytes >= KB {
        format!("{} kB", bytes.div_ceil(KB))
    } else {
        format!("{bytes} byte")
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn links_out_of_the_root_are_refused_and_links_inside_followed() {
        let outside = tempfile::tempdir().expect("tmp");
        std::fs::write(outside.path().join("passwd"), "root:x:0:0").expect("write");
        let site = tempfile::tempdir().expect("tmp");
        let root = Root::new(site.path()).expect("root");
        let static_dir = site.path().join("static");
        std::fs::create_dir_all(static_dir.join("css")).expect("mkdir");
        std::fs::write(static_dir.join("css/a.css"), "a").expect("write");
        symlink(outside.path(), static_dir.join("ude")).expect("link");
        symlink(outside.path().join("passwd"), static_dir.join("pw.txt")).expect("link");
        symlink(static_dir.join("css"), static_dir.join("også")).expect("link");
        let found = root.tree(&static_dir, 1 << 20, |_| true);
        let shown: Vec<(String, Result<usize, Refused>)> = found
            .into_iter()
            .map(|e| (e.rel.display().to_string(), e.data.map(|b| b.len())))
            .collect();
        let out = std::fs::canonicalize(outside.path()).expect("canon");
        assert_eq!(
            shown,
            vec![
                ("css/a.css".to_string(), Ok(1)),
                ("også/a.css".to_string(), Ok(1)),
                (
                    "pw.txt".to_string(),
                    Err(Refused::Outside(out.join("passwd")))
                ),
                ("ude".to_string(), Err(Refused::Outside(out.clone()))),
            ]
        );
        // The folder itself a link out: one refusal, nothing read.
        std::fs::remove_dir_all(&static_dir).expect("rm");
        symlink(outside.path(), &static_dir).expect("link");
        let found = root.tree(&static_dir, 1 << 20, |_| true);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].data, Err(Refused::Outside(out)));
    }

    #[test]
    fn big_files_are_refused_without_reading_them_whole() {
        let site = tempfile::tempdir().expect("tmp");
        let root = Root::new(site.path()).expect("root");
        std::fs::write(site.path().join("stor.md"), vec![b'a'; 2000]).expect("write");
        assert_eq!(
            root.read(&site.path().join("stor.md"), 1000),
            Err(Refused::TooBig {
                size: 2000,
                limit: 1000
            })
        );
        assert_eq!(size_da(50 * 1024 * 1024), "50 MB");
        assert_eq!(size_da(256 * 1024), "256 kB");
        assert_eq!(size_da(1536 * 1024), "1,5 MB");
    }
}
