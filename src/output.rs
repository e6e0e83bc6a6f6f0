//! The built site in memory, and writing it so a failed build never leaves
//! a half-written `output/`: we write to a staging folder beside it and swap
//! it in only when everything succeeded.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::Fatal;

/// Every output file, keyed by its path relative to the output root
/// ("planer/2025/fmi/index.html").
#[derive(Default)]
pub struct Output {
    pub files: BTreeMap<String, Vec<u8>>,
}

impl Output {
    pub fn add(&mut self, path: impl Into<String>, bytes: impl Into<Vec<u8>>) {
        self.files.insert(path.into(), bytes.into());
    }
    pub fn extend(&mut self, other: Output) {
        self.files.extend(other.files);
    }
    pub fn contains(&self, path: &str) -> bool {
        self.files.contains_key(path)
    }

    /// Writes everything into a staging folder beside `dest`. Nothing is
    /// visible at `dest` until [`Staged::commit`].
    pub fn stage(&self, dest: &Path) -> Result<Staged, Fatal> {
        let parent = match dest.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent)
            .map_err(|e| Fatal::io("Kan ikke oprette mappen", &parent, &e))?;
        let name = dest
            .file_name()
            .map_or("output".into(), |n| n.to_string_lossy().into_owned());
        let pid = std::process::id();
        let staged = Staged {
            dir: parent.join(format!(".{name}.ny-{pid}")),
            old: parent.join(format!(".{name}.gammel-{pid}")),
            dest: dest.to_path_buf(),
        };
        let _ = std::fs::remove_dir_all(&staged.dir);
        if let Err(e) = self.write_all(&staged.dir) {
            staged.discard();
            return Err(e);
        }
        Ok(staged)
    }

    fn write_all(&self, root: &Path) -> Result<(), Fatal> {
        // Creating a file or folder waits on the disk (over 1 ms each on our
        // 2-core machines), mostly on a lock per folder, and nearly every page
        // has its own folder: so many creations in flight at once, more than
        // there are cores, make the write several times faster.
        let write = || {
            self.files.par_iter().try_for_each(|(path, bytes)| {
                let full = root.join(path);
                if let Some(dir) = full.parent() {
                    std::fs::create_dir_all(dir)
                        .map_err(|e| Fatal::io("Kan ikke oprette mappen", dir, &e))?;
                }
                std::fs::write(&full, bytes).map_err(|e| Fatal::io("Kan ikke skrive", &full, &e))
            })
        };
        match rayon::ThreadPoolBuilder::new().num_threads(WRITERS).build() {
            Ok(pool) => pool.install(write),
            Err(_) => write(),
        }
    }
}

/// Threads that create files at once (see [`Output::write_all`]).
const WRITERS: usize = 16;

/// A complete build written beside its destination, waiting to be swapped in.
pub struct Staged {
    dir: PathBuf,
    old: PathBuf,
    dest: PathBuf,
}

impl Staged {
    /// Swaps the staged folder into place: the old one is moved aside, the new
    /// one moved in, then the old one deleted.
    pub fn commit(self) -> Result<(), Fatal> {
        if self.dest.exists()
            && let Err(e) = std::fs::rename(&self.dest, &self.old)
        {
            let message = Fatal::io("Kan ikke erstatte", &self.dest, &e).0;
            self.discard();
            return Err(Fatal::new(message));
        }
        if let Err(e) = std::fs::rename(&self.dir, &self.dest) {
            let _ = std::fs::rename(&self.old, &self.dest);
            let message = Fatal::io("Kan ikke flytte den nye side på plads i", &self.dest, &e).0;
            self.discard();
            return Err(Fatal::new(message));
        }
        let _ = std::fs::remove_dir_all(&self.old);
        Ok(())
    }

    /// Deletes the staged folder; the destination is untouched.
    pub fn discard(self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Writes one file so a reader never sees it half-written: a temporary file
/// beside it, then a rename.
pub fn write_atomic(dest: &Path, bytes: &[u8]) -> Result<(), Fatal> {
    let name = dest
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "fil".into());
    let tmp = dest.with_file_name(format!(".{name}.ny-{}", std::process::id()));
    std::fs::write(&tmp, bytes)
        .and_then(|_| std::fs::rename(&tmp, dest))
        .map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            Fatal::io("Kan ikke skrive", dest, &e)
        })
}
