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

    /// Writes everything to `dest`, replacing it whole.
    pub fn write(&self, dest: &Path) -> Result<(), Fatal> {
        let parent = match dest.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent).map_err(|e| {
            Fatal::new(format!("Kan ikke oprette mappen {}: {e}", parent.display()))
        })?;
        let name = dest
            .file_name()
            .map_or("output".into(), |n| n.to_string_lossy().into_owned());
        let pid = std::process::id();
        let staging = parent.join(format!(".{name}.ny-{pid}"));
        let old = parent.join(format!(".{name}.gammel-{pid}"));
        let _ = std::fs::remove_dir_all(&staging);

        let written = self.write_all(&staging);
        if let Err(e) = written {
            let _ = std::fs::remove_dir_all(&staging);
            return Err(e);
        }
        // Swap: move the old folder aside, move the new one in, then delete the old.
        if dest.exists() {
            std::fs::rename(dest, &old).map_err(|e| {
                let _ = std::fs::remove_dir_all(&staging);
                Fatal::new(format!("Kan ikke erstatte {}: {e}", dest.display()))
            })?;
        }
        if let Err(e) = std::fs::rename(&staging, dest) {
            let _ = std::fs::rename(&old, dest);
            let _ = std::fs::remove_dir_all(&staging);
            return Err(Fatal::new(format!(
                "Kan ikke flytte den nye side på plads i {}: {e}",
                dest.display()
            )));
        }
        let _ = std::fs::remove_dir_all(&old);
        Ok(())
    }

    fn write_all(&self, root: &Path) -> Result<(), Fatal> {
        let dirs: std::collections::BTreeSet<PathBuf> = self
            .files
            .keys()
            .filter_map(|p| root.join(p).parent().map(Path::to_path_buf))
            .collect();
        for dir in dirs {
            std::fs::create_dir_all(&dir).map_err(|e| {
                Fatal::new(format!("Kan ikke oprette mappen {}: {e}", dir.display()))
            })?;
        }
        self.files.par_iter().try_for_each(|(path, bytes)| {
            let full = root.join(path);
            std::fs::write(&full, bytes)
                .map_err(|e| Fatal::new(format!("Kan ikke skrive {}: {e}", full.display())))
        })
    }
}
