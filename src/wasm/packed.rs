//! Plain JS data (objects, arrays, numbers, strings, booleans, null) packed by `www/pack.js` into
//! one `Float64Array`, read here by serde into any `Deserialize` type.
//!
//! The fast road for small definitions read on every call (an A/B experiment): the array crosses
//! once, numbers are already doubles (exact, NaN and −0 included, where JSON text would need a
//! float parser), and the serde-derived type decides what the data means exactly as it does on the
//! strict road ([`super::convert::from_js`]). It is only a fast road: when a packed value does not
//! deserialize, the caller reads the JS value itself through the strict road, which reports the
//! error with its field path. So this reader reports nothing beyond "no".
//!
//! Layout: the length of the value, the value, then the keys this call defines.
//! - The value, depth first, each a tag and its payload: a number is [`NUMBER`] and the number; a
//!   string [`STRING`], its length in UTF-16 code units and the code units; [`TRUE`], [`FALSE`],
//!   [`NULL`]; an array [`ARRAY`], its length and the elements; an object [`OBJECT`], its number of
//!   keys, then per key the key and its value. Keys whose value is `undefined` are left out
//!   (absent, as on the strict road).
//! - A key is its index in the table of keys both sides keep for the life of the module, or
//!   [`INLINE_KEY`] followed by its length and code units (once the table is full). Keys are most
//!   of a definition's characters; as indexes they are neither written nor decoded. A struct's
//!   key reaches the struct's visitor as the field's position in the struct's `fields` (serde's
//!   identifier convention, which `serde_derive` implements), found once per key and struct and
//!   then remembered beside the key: no text is compared on later calls.
//! - The keys defined by this call: their number, then each one's length and code units. They take
//!   the next indexes, in order. They are added before the value is read, whatever it turns out to
//!   be, because the packer added them on its side when it packed: every packed value handed to the
//!   wasm must reach [`from_packed`].

use std::cell::{Cell, RefCell};

use serde::de::value::{Error, StrDeserializer, U64Deserializer};
use serde::de::{self, DeserializeOwned, DeserializeSeed, MapAccess, SeqAccess};
use serde::de::{Deserializer, Visitor};

use super::convert::JsResult;

pub const NUMBER: f64 = 0.0;
pub const STRING: f64 = 1.0;
pub const TRUE: f64 = 2.0;
pub const FALSE: f64 = 3.0;
pub const NULL: f64 = 4.0;
pub const ARRAY: f64 = 5.0;
pub const OBJECT: f64 = 6.0;
pub const INLINE_KEY: f64 = -1.0;

thread_local! {
    /// Object keys by index; `www/pack.js` holds the same list.
    static KEYS: RefCell<Vec<Key>> = const { RefCell::new(Vec::new()) };
}

/// The fields a struct declares, as serde hands them to `deserialize_struct`.
type Fields = &'static [&'static str];

/// An object key in the table.
struct Key {
    name: String,
    /// The last struct this key was read for, and the key's position in its fields.
    field: Cell<Option<(Fields, usize)>>,
}

impl Key {
    /// This key's position in `fields`, if the struct declares it.
    fn position(&self, fields: Fields) -> Option<usize> {
        if let Some((seen, at)) = self.field.get() {
            if std::ptr::eq(seen, fields) {
                return Some(at);
            }
        }
        let at = position(&self.name, fields)?;
        self.field.set(Some((fields, at)));
        Some(at)
    }
}

fn position(name: &str, fields: Fields) -> Option<usize> {
    fields.iter().position(|f| *f == name)
}

/// Reads a `T` from `packed` when it is one (the fast road), else — and whenever it does not
/// deserialize — through `strict`, the road that reads the JS value itself and reports errors
/// with their field path. Both end in the same serde-derived `T`, so an input means the same
/// either way.
pub fn packed_or<T: DeserializeOwned>(
    packed: Option<Vec<f64>>,
    strict: impl FnOnce() -> JsResult<T>,
) -> JsResult<T> {
    match packed.and_then(|numbers| from_packed(&numbers)) {
        Some(value) => Ok(value),
        None => strict(),
    }
}

/// Reads a `T` from a packed value; `None` when the numbers are not one packed value or it is not
/// a `T` (the strict road then says why).
pub fn from_packed<T: DeserializeOwned>(numbers: &[f64]) -> Option<T> {
    let (&length, rest) = numbers.split_first()?;
    if !(length >= 0.0 && length.fract() == 0.0 && length <= rest.len() as f64) {
        return None;
    }
    let (value, defined) = rest.split_at(length as usize);
    KEYS.with_borrow_mut(|keys| {
        define_keys(keys, defined)?;
        let mut reader = Packed {
            numbers: value,
            at: 0,
            scratch: String::new(),
            keys,
        };
        let value = T::deserialize(&mut reader).ok()?;
        (reader.at == reader.numbers.len()).then_some(value)
    })
}

/// Adds the keys a packed value defines to the table.
fn define_keys(keys: &mut Vec<Key>, defined: &[f64]) -> Option<()> {
    let mut reader = Packed {
        numbers: defined,
        at: 0,
        scratch: String::new(),
        keys: &[],
    };
    let count = reader.length().ok()?;
    for _ in 0..count {
        keys.push(Key {
            name: reader.text().ok()?,
            field: Cell::new(None),
        });
    }
    (reader.at == defined.len()).then_some(())
}

struct Packed<'a> {
    numbers: &'a [f64],
    at: usize,
    scratch: String,
    keys: &'a [Key],
}

impl Packed<'_> {
    fn next(&mut self) -> Result<f64, Error> {
        let x = self.numbers.get(self.at).copied();
        self.at += 1;
        x.ok_or_else(|| de::Error::custom("the packed value ends early"))
    }

    fn peek(&self) -> Option<f64> {
        self.numbers.get(self.at).copied()
    }

    /// A length or count: a whole number no larger than what is left.
    fn length(&mut self) -> Result<usize, Error> {
        let n = self.next()?;
        let left = self.numbers.len().saturating_sub(self.at);
        if n >= 0.0 && n.fract() == 0.0 && n <= left as f64 {
            Ok(n as usize)
        } else {
            Err(de::Error::custom("a packed length is out of range"))
        }
    }

    /// A string's length and code units (its tag already read), appended to `out`.
    fn text_into(&mut self, out: &mut String) -> Result<(), Error> {
        let n = self.length()?;
        let units = self.numbers.get(self.at..self.at + n).unwrap_or_default();
        self.at += n;
        // ASCII (every key and option, most names) converts without a UTF-16 decoder.
        if units.iter().all(|&u| u < 128.0) {
            out.reserve(n);
            out.extend(units.iter().map(|&u| char::from(u as u8)));
            return Ok(());
        }
        for c in char::decode_utf16(units.iter().map(|&u| u as u16)) {
            out.push(c.map_err(de::Error::custom)?);
        }
        Ok(())
    }

    fn text(&mut self) -> Result<String, Error> {
        let mut out = String::new();
        self.text_into(&mut out)?;
        Ok(out)
    }

    /// A key or an option's name, read into the reused scratch buffer and handed to `seed`.
    fn word<'de, S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, Error> {
        let mut scratch = std::mem::take(&mut self.scratch);
        scratch.clear();
        let read = self.text_into(&mut scratch);
        let value = read.and_then(|()| seed.deserialize(StrDeserializer::<Error>::new(&scratch)));
        self.scratch = scratch;
        value
    }
}

/// Integer reads of every width go through `deserialize_i64` (the visitor checks the range).
macro_rules! read_as_i64 {
    ($de:lifetime; $($method:ident)*) => {
        $(fn $method<V: Visitor<$de>>(self, visitor: V) -> Result<V::Value, Error> {
            self.deserialize_i64(visitor)
        })*
    };
}

impl<'de> Deserializer<'de> for &mut Packed<'_> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let tag = self.next()?;
        if tag == NUMBER {
            visitor.visit_f64(self.next()?)
        } else if tag == STRING {
            visitor.visit_string(self.text()?)
        } else if tag == TRUE {
            visitor.visit_bool(true)
        } else if tag == FALSE {
            visitor.visit_bool(false)
        } else if tag == NULL {
            visitor.visit_unit()
        } else if tag == ARRAY {
            let left = self.length()?;
            visitor.visit_seq(Elements { reader: self, left })
        } else if tag == OBJECT {
            let left = self.length()?;
            visitor.visit_map(Entries {
                reader: self,
                left,
                fields: None,
            })
        } else {
            Err(de::Error::custom("not a packed value"))
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        if self.peek() == Some(NULL) {
            self.at += 1;
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    /// Unit variants only (every option enum): the variant's name as a string.
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        if self.next()? != STRING {
            return Err(de::Error::custom("an option's value must be a string"));
        }
        self.word(EnumSeed(visitor))
    }

    /// A whole number of at most 2^53 − 1 in size (a JS safe integer, as the strict road takes
    /// it) is handed over as an integer, so integer fields read packed numbers; anything else is
    /// handed over as it is, for the integer type to refuse.
    fn deserialize_i64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        const MAX_SAFE: f64 = 9_007_199_254_740_991.0;
        let whole = match (self.peek(), self.numbers.get(self.at + 1)) {
            (Some(NUMBER), Some(&x)) if x.fract() == 0.0 && x.abs() <= MAX_SAFE => Some(x),
            _ => None,
        };
        match whole {
            Some(x) => {
                self.at += 2;
                if x >= 0.0 {
                    visitor.visit_u64(x as u64)
                } else {
                    visitor.visit_i64(x as i64)
                }
            }
            None => self.deserialize_any(visitor),
        }
    }

    read_as_i64! { 'de; deserialize_i8 deserialize_i16 deserialize_i32 deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64 }

    /// An object read as a struct takes only the keys the struct declares, whatever its serde
    /// attributes, as on the strict road (`super::strict`): the fast road must never accept a
    /// key the strict road would reject. Anything else is left to the struct's visitor.
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: Fields,
        visitor: V,
    ) -> Result<V::Value, Error> {
        if self.peek() != Some(OBJECT) {
            return self.deserialize_any(visitor);
        }
        self.at += 1;
        let left = self.length()?;
        visitor.visit_map(Entries {
            reader: self,
            left,
            fields: Some(fields),
        })
    }

    serde::forward_to_deserialize_any! {
        bool i128 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct newtype_struct seq tuple
        tuple_struct map identifier ignored_any
    }
}

struct Elements<'r, 'a> {
    reader: &'r mut Packed<'a>,
    left: usize,
}

impl<'de> SeqAccess<'de> for Elements<'_, '_> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        if self.left == 0 {
            return Ok(None);
        }
        self.left -= 1;
        seed.deserialize(&mut *self.reader).map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.left)
    }
}

struct Entries<'r, 'a> {
    reader: &'r mut Packed<'a>,
    left: usize,
    /// The keys a struct declares (`None` for a map: any key).
    fields: Option<Fields>,
}

impl<'de> MapAccess<'de> for Entries<'_, '_> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        if self.left == 0 {
            return Ok(None);
        }
        self.left -= 1;
        let key = self.reader.next()?;
        let inline;
        let (name, known) = if key == INLINE_KEY {
            inline = self.reader.text()?;
            (inline.as_str(), None)
        } else {
            let known = (key >= 0.0 && key.fract() == 0.0)
                .then(|| self.reader.keys.get(key as usize))
                .flatten()
                .ok_or_else(|| de::Error::custom("an unknown packed key"))?;
            (known.name.as_str(), Some(known))
        };
        let Some(fields) = self.fields else {
            // A map: any key, as its text.
            return seed
                .deserialize(StrDeserializer::<Error>::new(name))
                .map(Some);
        };
        let at = match known {
            Some(key) => key.position(fields),
            None => position(name, fields),
        }
        .ok_or_else(|| de::Error::custom("an undeclared key"))?;
        seed.deserialize(U64Deserializer::<Error>::new(at as u64))
            .map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        seed.deserialize(&mut *self.reader)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.left)
    }
}

/// Hands an option's name (a unit variant) to an enum's visitor.
struct EnumSeed<V>(V);

impl<'de, V: Visitor<'de>> DeserializeSeed<'de> for EnumSeed<V> {
    type Value = V::Value;

    fn deserialize<D: Deserializer<'de>>(self, name: D) -> Result<V::Value, D::Error> {
        name.deserialize_enum("", &[], self.0)
    }
}
