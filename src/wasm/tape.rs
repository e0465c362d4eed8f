//! Results with hundreds of small fields as one flat list of numbers (a "tape") that
//! `www/tape.js` reshapes into plain objects.
//!
//! serde-wasm-bindgen builds a result object field by field, one boundary crossing per key and
//! value: ~250 fields cost ~25 µs, ten times the statistics that fill them. A tape does not cross
//! at all: it stays in one reused buffer in wasm memory, the export returns its length and
//! [`tape_address`] where it starts, and the reader builds object literals straight from a view of
//! that memory (no copy, no typed array allocated per call). The reader only reshapes: every
//! number on the tape is final, nothing is computed in JS. The buffer holds the last tape until
//! the next one is written; the reader reads it at once, before anything else runs in wasm.
//!
//! Encoding, value by value in the order the reader asks for them:
//! - a number as itself; an absent number (`None`) as NaN — results never contain NaN;
//! - a flag as 0 or 1;
//! - a text (names, "because …" reasons) as its length in UTF-16 code units followed by the code
//!   units, or as −(k + 1) when it equals the k-th text already written in this call;
//! - a word (an enum's serde name: 'holm', 'better'…) as its index k in a vocabulary kept for the
//!   life of the module, after defining it once as −(k + 1), length, code units. The reader keeps
//!   the same vocabulary, so after the first call an enum is one number.

use rustc_hash::FxHashMap;
use serde::ser::Impossible;
use serde::Serialize;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;

thread_local! {
    /// The last tape written (its allocation is reused by the next).
    static LAST: RefCell<Vec<f64>> = const { RefCell::new(Vec::new()) };
    /// Every word written so far; the reader in `www/tape.js` holds the same list.
    static WORDS: RefCell<Vec<&'static str>> = const { RefCell::new(Vec::new()) };
}

/// Texts a tape looks up one by one; past this many, in a hash map.
const SEARCHED: usize = 32;

/// A tape being written.
pub struct Tape<'a> {
    out: Vec<f64>,
    /// Each text written in this call, in order (the reader numbers them the same way).
    texts: Vec<&'a str>,
    /// Each text's index in `texts`, once there are too many to search one by one (a priced
    /// cart's line ids).
    index: FxHashMap<&'a str, usize>,
}

impl<'a> Tape<'a> {
    /// Starts a tape in the last one's buffer.
    pub fn start() -> Tape<'a> {
        let mut out = LAST.take();
        out.clear();
        Tape {
            out,
            // Room for a result's names and reasons without regrowing.
            texts: Vec::with_capacity(16),
            index: FxHashMap::default(),
        }
    }

    /// Leaves the tape in wasm memory for the reader; returns its length (in numbers).
    pub fn publish(self) -> usize {
        let len = self.out.len();
        LAST.set(self.out);
        len
    }

    pub fn num(&mut self, x: f64) {
        self.out.push(x);
    }

    pub fn opt(&mut self, x: Option<f64>) {
        self.out.push(x.unwrap_or(f64::NAN));
    }

    pub fn flag(&mut self, b: bool) {
        self.out.push(if b { 1.0 } else { 0.0 });
    }

    /// A count followed by the numbers.
    pub fn list(&mut self, xs: &[f64]) {
        self.out.push(xs.len() as f64);
        self.out.extend_from_slice(xs);
    }

    /// Whole 分 (exact as f64 below 2^53, which every amount is checked to stay under), without
    /// a count: the reader knows how many from a count written earlier.
    pub fn fen(&mut self, xs: &[i64]) {
        self.out.extend(xs.iter().map(|&x| x as f64));
    }

    /// A length (of a list of records the reader reads next).
    pub fn count(&mut self, n: usize) {
        self.out.push(n as f64);
    }

    /// A present (1) or absent (NaN) record: the reader reads the record only when present.
    pub fn present(&mut self, yes: bool) {
        self.out.push(if yes { 1.0 } else { f64::NAN });
    }

    pub fn text(&mut self, s: &'a str) {
        let written = if self.texts.len() <= SEARCHED {
            // The same text is often the same pointer: looked for first, so that no bytes are
            // compared when it is found.
            let texts = &self.texts;
            let at = texts.iter().position(|t| std::ptr::eq(*t, s));
            at.or_else(|| texts.iter().position(|t| *t == s))
        } else {
            self.index.get(s).copied()
        };
        if let Some(k) = written {
            self.out.push(-(k as f64) - 1.0);
            return;
        }
        if self.texts.len() >= SEARCHED {
            if self.index.is_empty() {
                self.index = self
                    .texts
                    .iter()
                    .enumerate()
                    .map(|(k, t)| (*t, k))
                    .collect();
            }
            self.index.insert(s, self.texts.len());
        }
        self.texts.push(s);
        code_units(&mut self.out, s);
    }

    pub fn opt_text(&mut self, s: Option<&'a str>) {
        match s {
            Some(s) => self.text(s),
            None => self.out.push(f64::NAN),
        }
    }

    pub fn word(&mut self, s: &'static str) {
        WORDS.with_borrow_mut(|words| {
            // The same static text is usually the same pointer: looked for first, so that no
            // bytes are compared when it is found.
            let at = words.iter().position(|w| std::ptr::eq(*w, s));
            match at.or_else(|| words.iter().position(|w| *w == s)) {
                Some(k) => self.out.push(k as f64),
                None => {
                    self.out.push(-(words.len() as f64) - 1.0);
                    code_units(&mut self.out, s);
                    words.push(s);
                }
            }
        });
    }

    /// An enum's unit variant as the word serde names it ('holm', 'better'…); NaN for anything
    /// else (no enum written here has data).
    pub fn name<T: Serialize>(&mut self, value: &T) {
        match value.serialize(VariantName) {
            Ok(word) => self.word(word),
            Err(NotAUnitVariant) => self.out.push(f64::NAN),
        }
    }

    pub fn opt_name<T: Serialize>(&mut self, value: Option<&T>) {
        match value {
            Some(v) => self.name(v),
            None => self.out.push(f64::NAN),
        }
    }
}

/// A serializer that only answers the name serde gives a unit variant (after its `rename`s): the
/// enum's word without writing any text.
struct VariantName;

#[derive(Debug)]
struct NotAUnitVariant;

impl std::fmt::Display for NotAUnitVariant {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("not a unit variant")
    }
}

impl std::error::Error for NotAUnitVariant {}

impl serde::ser::Error for NotAUnitVariant {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        NotAUnitVariant
    }
}

/// The serializer methods for every shape other than a unit variant: each answers "not one".
macro_rules! not_a_unit_variant {
    ($($method:ident($($arg:ty),*) -> $ok:ty;)*) => {
        $(fn $method(self, $(_: $arg),*) -> Result<$ok, NotAUnitVariant> {
            Err(NotAUnitVariant)
        })*
    };
}

impl serde::Serializer for VariantName {
    type Ok = &'static str;
    type Error = NotAUnitVariant;
    type SerializeSeq = Impossible<&'static str, NotAUnitVariant>;
    type SerializeTuple = Impossible<&'static str, NotAUnitVariant>;
    type SerializeTupleStruct = Impossible<&'static str, NotAUnitVariant>;
    type SerializeTupleVariant = Impossible<&'static str, NotAUnitVariant>;
    type SerializeMap = Impossible<&'static str, NotAUnitVariant>;
    type SerializeStruct = Impossible<&'static str, NotAUnitVariant>;
    type SerializeStructVariant = Impossible<&'static str, NotAUnitVariant>;

    fn serialize_unit_variant(
        self,
        _enum: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<&'static str, NotAUnitVariant> {
        Ok(variant)
    }

    not_a_unit_variant! {
        serialize_bool(bool) -> &'static str;
        serialize_i8(i8) -> &'static str;
        serialize_i16(i16) -> &'static str;
        serialize_i32(i32) -> &'static str;
        serialize_i64(i64) -> &'static str;
        serialize_u8(u8) -> &'static str;
        serialize_u16(u16) -> &'static str;
        serialize_u32(u32) -> &'static str;
        serialize_u64(u64) -> &'static str;
        serialize_f32(f32) -> &'static str;
        serialize_f64(f64) -> &'static str;
        serialize_char(char) -> &'static str;
        serialize_str(&str) -> &'static str;
        serialize_bytes(&[u8]) -> &'static str;
        serialize_none() -> &'static str;
        serialize_unit() -> &'static str;
        serialize_unit_struct(&'static str) -> &'static str;
        serialize_seq(Option<usize>) -> Self::SerializeSeq;
        serialize_tuple(usize) -> Self::SerializeTuple;
        serialize_tuple_struct(&'static str, usize) -> Self::SerializeTupleStruct;
        serialize_tuple_variant(&'static str, u32, &'static str, usize) -> Self::SerializeTupleVariant;
        serialize_map(Option<usize>) -> Self::SerializeMap;
        serialize_struct(&'static str, usize) -> Self::SerializeStruct;
        serialize_struct_variant(&'static str, u32, &'static str, usize) -> Self::SerializeStructVariant;
    }

    fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Result<&'static str, NotAUnitVariant> {
        Err(NotAUnitVariant)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: &T,
    ) -> Result<&'static str, NotAUnitVariant> {
        Err(NotAUnitVariant)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<&'static str, NotAUnitVariant> {
        Err(NotAUnitVariant)
    }
}

/// The length of `s` in UTF-16 code units, then the code units (what `String.fromCharCode` takes).
fn code_units(out: &mut Vec<f64>, s: &str) {
    let at = out.len();
    out.push(0.0);
    out.extend(s.encode_utf16().map(f64::from));
    let length = (out.len() - at - 1) as f64;
    if let Some(slot) = out.get_mut(at) {
        *slot = length;
    }
}

/// The byte address in wasm memory where the last tape starts.
#[wasm_bindgen(js_name = tapeAddress)]
pub fn tape_address() -> usize {
    LAST.with_borrow(|tape| tape.as_ptr() as usize)
}
