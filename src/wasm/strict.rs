//! Strict deserialisation: a JS object may carry only the keys its Rust struct declares.
//!
//! serde-wasm-bindgen reads a struct by `Reflect.get`-ing the field names the struct declares, so
//! `#[serde(deny_unknown_fields)]` never sees any other key and a misspelt option (`stepz`,
//! `windowMS`) would be ignored without a word. [`Strict`] wraps the deserializer at every depth:
//! before a struct is read, the object's own enumerable keys are checked against the field list
//! serde-derive passes to `deserialize_struct` (aliases included, `skip_deserializing` fields
//! excluded), so no struct keeps a hand-written key list.
//!
//! The wrapping is recursive in the way serde_path_to_error wraps: visitors, seeds and the
//! map/seq/enum accesses handed to them are wrapped too, so nested deserializers stay strict.
//! Only structs pay for the check; numbers, strings and typed-array elements pass straight through.
//!
//! What this cannot reach: a struct behind `#[serde(flatten)]` or inside an untagged / internally
//! tagged enum is read from serde's buffered `Content`, not from the JS object. serde-derive reads
//! such a parent with `deserialize_map` (all keys), so `deny_unknown_fields` on those structs works
//! as serde documents it; none exist in this crate today.

use js_sys::{Array, Object, Reflect};
use serde::de::{self, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, Visitor};
use std::fmt;
use wasm_bindgen::{JsCast, JsValue};

/// The start of the message for an unexpected key; `convert::from_js` moves the key into the
/// error's field path.
pub const UNKNOWN_KEY: &str = "unknown key '";
/// Ends the key inside an [`UNKNOWN_KEY`] message.
pub const UNKNOWN_KEY_END: &str = "' (";

/// A deserializer, visitor, seed or access whose nested deserializers are all strict.
pub struct Strict<T>(pub T);

/// The first own enumerable key of `value` that `fields` does not name. Keys whose value is
/// `undefined` count as absent: JS spreads and optional properties produce them.
fn unknown_key(value: &JsValue, fields: &[&str]) -> Option<String> {
    // Not `dyn_ref`: that is `instanceof Object`, false for `Object.create(null)`.
    let object: &Object = value.is_object().then(|| value.unchecked_ref())?;
    Object::keys(object).iter().find_map(|key| {
        let name = key.as_string()?;
        if fields.contains(&name.as_str()) {
            return None;
        }
        match Reflect::get(object, &key) {
            Ok(v) if v.is_undefined() => None,
            _ => Some(name),
        }
    })
}

/// A plain object without its `undefined`-valued keys (a copy only when it has any); any other
/// value as it is. Arrays, Maps and other iterables are read by iteration and left alone.
fn without_undefined(value: JsValue) -> JsValue {
    if !value.is_object() {
        return value;
    }
    let object: &Object = value.unchecked_ref();
    if Reflect::has(object, &js_sys::Symbol::iterator()).unwrap_or(true) {
        return value;
    }
    let entries = Object::entries(object);
    let defined: Array = entries
        .iter()
        .filter(|pair| !pair.unchecked_ref::<Array>().get(1).is_undefined())
        .collect();
    if defined.length() == entries.length() {
        return value;
    }
    Object::from_entries(&defined).map_or(value, JsValue::from)
}

fn unknown_key_error<E: de::Error>(key: &str, fields: &[&str]) -> E {
    if fields.is_empty() {
        E::custom(format_args!(
            "{UNKNOWN_KEY}{key}{UNKNOWN_KEY_END}this object takes no keys)"
        ))
    } else {
        E::custom(format_args!(
            "{UNKNOWN_KEY}{key}{UNKNOWN_KEY_END}expected one of: {})",
            fields.join(", ")
        ))
    }
}

/// Reads a struct from the JS value under `de` after checking its keys.
fn strict_struct<'de, D, V>(
    de: D,
    name: &'static str,
    fields: &'static [&'static str],
    visitor: V,
) -> Result<V::Value, D::Error>
where
    D: Deserializer<'de>,
    V: Visitor<'de>,
{
    // Every deserializer below `from_js` is serde-wasm-bindgen's, which hands the JsValue back.
    let value: JsValue = serde_wasm_bindgen::preserve::deserialize(de)?;
    if Array::is_array(&value) {
        return Err(de::Error::invalid_type(de::Unexpected::Seq, &visitor));
    }
    if let Some(key) = unknown_key(&value, fields) {
        return Err(unknown_key_error(&key, fields));
    }
    serde_wasm_bindgen::Deserializer::from(value)
        .deserialize_struct(name, fields, Strict(visitor))
        .map_err(rethrow)
}

/// Moves a serde-wasm-bindgen error into the caller's error type (the same type in practice; the
/// generic signature cannot say so). Its text is "Error: message"; the new error re-adds "Error: ".
fn rethrow<E: de::Error>(e: serde_wasm_bindgen::Error) -> E {
    let text = e.to_string();
    E::custom(text.strip_prefix("Error: ").unwrap_or(&text))
}

macro_rules! forward_deserialize {
    ($($method:ident($($arg:ident: $ty:ty),*);)*) => {$(
        fn $method<V: Visitor<'de>>(self, $($arg: $ty,)* visitor: V) -> Result<V::Value, D::Error> {
            self.0.$method($($arg,)* Strict(visitor))
        }
    )*};
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Strict<D> {
    type Error = D::Error;

    forward_deserialize! {
        deserialize_bool(); deserialize_i8(); deserialize_i16();
        deserialize_i32(); deserialize_i64(); deserialize_i128(); deserialize_u8();
        deserialize_u16(); deserialize_u32(); deserialize_u64(); deserialize_u128();
        deserialize_f32(); deserialize_f64(); deserialize_char(); deserialize_str();
        deserialize_string(); deserialize_bytes(); deserialize_byte_buf(); deserialize_option();
        deserialize_unit(); deserialize_unit_struct(name: &'static str);
        deserialize_newtype_struct(name: &'static str); deserialize_seq();
        deserialize_tuple(len: usize); deserialize_tuple_struct(name: &'static str, len: usize);
        deserialize_enum(name: &'static str, variants: &'static [&'static str]);
        deserialize_identifier(); deserialize_ignored_any();
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        strict_struct(self.0, name, fields, visitor)
    }

    /// Hand-written `Deserialize`s and untagged enums read objects as maps: there too an
    /// `undefined`-valued key counts as absent.
    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        let value = without_undefined(serde_wasm_bindgen::preserve::deserialize(self.0)?);
        serde_wasm_bindgen::Deserializer::from(value)
            .deserialize_any(Strict(visitor))
            .map_err(rethrow)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        let value = without_undefined(serde_wasm_bindgen::preserve::deserialize(self.0)?);
        serde_wasm_bindgen::Deserializer::from(value)
            .deserialize_map(Strict(visitor))
            .map_err(rethrow)
    }

    fn is_human_readable(&self) -> bool {
        self.0.is_human_readable()
    }
}

macro_rules! forward_visit {
    ($($method:ident($ty:ty);)*) => {$(
        fn $method<E: de::Error>(self, v: $ty) -> Result<V::Value, E> {
            self.0.$method(v)
        }
    )*};
}

impl<'de, V: Visitor<'de>> Visitor<'de> for Strict<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        self.0.expecting(f)
    }

    forward_visit! {
        visit_bool(bool); visit_i8(i8); visit_i16(i16); visit_i32(i32); visit_i64(i64);
        visit_i128(i128); visit_u8(u8); visit_u16(u16); visit_u32(u32); visit_u64(u64);
        visit_u128(u128); visit_f32(f32); visit_f64(f64); visit_char(char); visit_str(&str);
        visit_borrowed_str(&'de str); visit_string(String); visit_bytes(&[u8]);
        visit_borrowed_bytes(&'de [u8]); visit_byte_buf(Vec<u8>);
    }

    fn visit_none<E: de::Error>(self) -> Result<V::Value, E> {
        self.0.visit_none()
    }

    fn visit_unit<E: de::Error>(self) -> Result<V::Value, E> {
        self.0.visit_unit()
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        self.0.visit_some(Strict(d))
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        self.0.visit_newtype_struct(Strict(d))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
        self.0.visit_seq(Strict(seq))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        self.0.visit_map(Strict(map))
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<V::Value, A::Error> {
        self.0.visit_enum(Strict(data))
    }
}

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for Strict<S> {
    type Value = S::Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<S::Value, D::Error> {
        self.0.deserialize(Strict(d))
    }
}

impl<'de, A: SeqAccess<'de>> SeqAccess<'de> for Strict<A> {
    type Error = A::Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, A::Error> {
        self.0.next_element_seed(Strict(seed))
    }

    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Strict<A> {
    type Error = A::Error;

    /// Keys are names, never structs: read as they are.
    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        self.0.next_key_seed(seed)
    }

    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, A::Error> {
        self.0.next_value_seed(Strict(seed))
    }

    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

impl<'de, A: EnumAccess<'de>> EnumAccess<'de> for Strict<A> {
    type Error = A::Error;
    type Variant = Strict<A::Variant>;

    /// The tag is a name; only the payload needs wrapping.
    fn variant_seed<T: DeserializeSeed<'de>>(
        self,
        seed: T,
    ) -> Result<(T::Value, Self::Variant), A::Error> {
        let (tag, variant) = self.0.variant_seed(seed)?;
        Ok((tag, Strict(variant)))
    }
}

/// A seed that hands back the payload of an enum variant as a JsValue.
struct Payload;

impl<'de> DeserializeSeed<'de> for Payload {
    type Value = JsValue;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<JsValue, D::Error> {
        serde_wasm_bindgen::preserve::deserialize(d)
    }
}

impl<'de, A: de::VariantAccess<'de>> de::VariantAccess<'de> for Strict<A> {
    type Error = A::Error;

    fn unit_variant(self) -> Result<(), A::Error> {
        self.0.unit_variant()
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, A::Error> {
        self.0.newtype_variant_seed(Strict(seed))
    }

    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, A::Error> {
        self.0.tuple_variant(len, Strict(visitor))
    }

    /// `{ Variant: { ...fields } }`: the payload object is checked like any struct.
    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, A::Error> {
        let payload = self.0.newtype_variant_seed(Payload)?;
        strict_struct(
            serde_wasm_bindgen::Deserializer::from(payload),
            "",
            fields,
            visitor,
        )
        .map_err(rethrow)
    }
}
