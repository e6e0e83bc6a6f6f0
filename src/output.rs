//! The built site in memory, and writing it so a failed build never leaves
//! a half-written `output/`: we write to a staging folder beside it and swap
//! it in only when everything succeeded. The swap is one atomic exchange
//! where the system has one (Linux), so `output/` exists at every moment;
//! staging folders left by a build that was killed are removed by the next.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::Fatal;

/// Every output file, keyed by its path relative to the output root
/// ("planer/2025/fmi/index.html").
#[derive(Default)]
pub struct Output {
    pub files: BTreeMap<String, Vec<u8>>,
    /// Each PDF's page count, for the links to it.
    pub pages: BTreeMap<String, usize>,
}

impl Output {
    pub fn add(&mut self, path: impl Into<String>, bytes: impl Into<Vec<u8>>) {
        self.files.insert(path.into(), bytes.into());
    }
    pub fn extend(&mut self, other: Output) {
        self.files.extend(other.files);
        self.pages.extend(other.pages);
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
        remove_leftovers(&parent, &name);
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
    /// Swaps the staged folder into place and deletes the old one. With an
    /// atomic exchange the destination never goes missing; without one (or
    /// on the first build) the old folder is moved aside first.
    pub fn commit(self) -> Result<(), Fatal> {
        if self.dest.exists() && exchange(&self.dir, &self.dest).is_ok() {
            // `dir` now holds the previous output.
            let _ = std::fs::remove_dir_all(&self.dir);
            return Ok(());
        }
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

/// Swaps two paths in one step (`renameat2` with `RENAME_EXCHANGE`).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(std::io::Error::from)
}

/// No atomic exchange here: the caller falls back to two renames.
#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::Error::from(std::io::ErrorKind::Unsupported))
}

/// Deletes `.<name>.ny-<pid>` and `.<name>.gammel-<pid>` folders in `parent`
/// whose build is no longer running (killed before it could clean up).
/// A running build's folders are left alone.
fn remove_leftovers(parent: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(file_name) = file_name.to_str() else {
            continue;
        };
        let pid = [".ny-", ".gammel-"].iter().find_map(|kind| {
            file_name
                .strip_prefix(&format!(".{name}{kind}"))
                .and_then(|pid| pid.parse::<u32>().ok())
        });
        if let Some(pid) = pid
            && !running(pid)
            && entry.file_type().is_ok_and(|t| t.is_dir())
        {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// Whether process `pid` still runs (ours always does).
fn running(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    #[cfg(unix)]
    {
        let Some(pid) = i32::try_from(pid)
            .ok()
            .and_then(rustix::process::Pid::from_raw)
        else {
            return false;
        };
        // Signal 0 checks only; EPERM means it runs as another user.
        match rustix::process::test_kill_process(pid) {
            Ok(()) => true,
            Err(e) => e == rustix::io::Errno::PERM,
        }
    }
    #[cfg(not(unix))]
    {
        true
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_output_folder_exists_at_every_moment_of_a_swap() {
        let dir = tempfile::tempdir().expect("tmp");
        let dest = dir.path().join("output");
        let mut first = Output::default();
        first.add("index.html", "1");
        first.stage(&dest).expect("stage").commit().expect("commit");
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let watcher = {
            let (dest, stop) = (dest.clone(), stop.clone());
            std::thread::spawn(move || {
                let mut missing = 0;
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    if std::fs::symlink_metadata(dest.join("index.html")).is_err() {
                        missing += 1;
                    }
                }
                missing
            })
        };
        for i in 0..300 {
            let mut next = Output::default();
            next.add("index.html", format!("{i}"));
            next.stage(&dest).expect("stage").commit().expect("commit");
        }
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
        assert_eq!(watcher.join().expect("watcher"), 0, "output/ went missing");
        assert_eq!(
            std::fs::read_to_string(dest.join("index.html")).expect("read"),
            "299"
        );
        // Nothing left beside it.
        let names: Vec<String> = std::fs::read_dir(dir.path())
            .expect("ls")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["output"]);
    }
}
