//! Where things were written: byte ranges in a source file, and values that
//! carry theirs. Only the checker's side (decoding, rules, diagnostics) uses
//! spans; the published model has none.

use std::ops::Range;

/// Byte range in a source file.
pub type Span = Range<usize>;

/// A value together with where it was written.
#[derive(Clone, Debug, PartialEq)]
pub struct Sp<T> {
    pub value: T,
    pub span: Span,
}

impl<T> Sp<T> {
    pub fn new(value: T, span: Span) -> Self {
        Sp { value, span }
    }
}

impl<T> std::ops::Deref for Sp<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}
