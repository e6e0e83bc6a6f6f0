//! The Typst `World` mrplan compiles in: fonts and the theme's `.typ` files
//! are loaded once and shared; each document adds only its `/data.json`.
//!
//! Nothing is read from the network or from Typst packages, and the clock is
//! fixed (`SOURCE_DATE_EPOCH`), so the same content gives the same PDF.

use std::collections::HashMap;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_kit::fonts::FontStore;

use super::STATIC_PREFIX;

/// Where a plan's data is served inside the World.
pub const DATA_PATH: &str = "/data.json";

/// A file id in the (virtual) project root. `None` for a path Typst rejects.
pub fn file_id(path: &str) -> Option<FileId> {
    let vpath = VirtualPath::new(path).ok()?;
    Some(RootedPath::new(VirtualRoot::Project, vpath).intern())
}

/// Everything that is the same for every document; `Sync`, built once per build.
pub struct Shared {
    library: LazyHash<Library>,
    fonts: FontStore,
    /// The theme's `.typ` files by id, e.g. `/plan.typ`.
    sources: HashMap<FileId, Source>,
    main: FileId,
    /// The site's static files by path (`billeder/org.png`).
    statics: HashMap<String, Bytes>,
    today: Datetime,
}

impl Shared {
    /// `templates` are (virtual path, text) pairs; `main` must be one of them.
    /// `fonts` are font files (the theme's first, then Typst's embedded ones).
    pub fn new(
        templates: &[(String, String)],
        main: &str,
        fonts: &[Vec<u8>],
        statics: &[(String, Vec<u8>)],
        today: Datetime,
    ) -> Option<Shared> {
        let mut store = FontStore::new();
        for data in fonts {
            for font in Font::iter(Bytes::new(data.clone())) {
                let info = font.info().clone();
                store.push((font, info));
            }
        }
        store.extend(typst_kit::fonts::embedded());
        let mut sources = HashMap::new();
        for (path, text) in templates {
            let id = file_id(path)?;
            sources.insert(id, Source::new(id, text.clone()));
        }
        Some(Shared {
            library: LazyHash::new(Library::builder().build()),
            fonts: store,
            sources,
            main: file_id(main)?,
            statics: statics
                .iter()
                .map(|(path, bytes)| (path.clone(), Bytes::new(bytes.clone())))
                .collect(),
            today,
        })
    }

    /// The Typst source behind `id`, if it is one of the theme's files.
    pub fn source(&self, id: FileId) -> Option<&Source> {
        self.sources.get(&id)
    }
}

/// One document: the shared parts plus its data. Cheap to make.
pub struct DocWorld<'a> {
    shared: &'a Shared,
    data_id: FileId,
    data: Bytes,
}

impl<'a> DocWorld<'a> {
    pub fn new(shared: &'a Shared, data: Vec<u8>) -> Option<DocWorld<'a>> {
        Some(DocWorld {
            shared,
            data_id: file_id(DATA_PATH)?,
            data: Bytes::new(data),
        })
    }
}

impl World for DocWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &self.shared.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        self.shared.fonts.book()
    }

    fn main(&self) -> FileId {
        self.shared.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        match self.shared.sources.get(&id) {
            Some(s) => Ok(s.clone()),
            None => Err(FileError::NotFound(id.vpath().get_without_slash().into())),
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.data_id {
            return Ok(self.data.clone());
        }
        if let Some(s) = self.shared.sources.get(&id) {
            return Ok(Bytes::from_string(s.clone()));
        }
        let path = id.vpath().get_with_slash();
        if let Some(bytes) = path
            .strip_prefix(STATIC_PREFIX)
            .and_then(|rel| self.shared.statics.get(rel))
        {
            return Ok(bytes.clone());
        }
        Err(FileError::NotFound(path.into()))
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.shared.fonts.font(index)
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        Some(self.shared.today)
    }
}
