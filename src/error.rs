//! The one error type of the core.
//!
//! Every failure a user can cause carries a machine-readable `code`, the `field` at fault
//! (a path such as `variants[1].conversions` or a CSV column name) and a sentence a person
//! can act on. The binding layer turns it into a JS `YunyingError` with the same three parts.

use std::fmt;

/// What kind of failure this is. Stable strings: JS code switches on them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorCode {
    /// A value has the wrong type, shape or is inconsistent with another value.
    InvalidInput,
    /// Text (CSV, a timestamp, a money amount) could not be parsed.
    ParseError,
    /// A name (event, property, prize id…) that the data does not contain.
    NotFound,
    /// A number outside the range the operation accepts.
    OutOfRange,
    /// A result or an intermediate would not fit the integer type.
    Overflow,
    /// The operation cannot go on in the current state (e.g. every prize is out of stock).
    InvalidState,
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::InvalidInput => "INVALID_INPUT",
            ErrorCode::ParseError => "PARSE_ERROR",
            ErrorCode::NotFound => "NOT_FOUND",
            ErrorCode::OutOfRange => "OUT_OF_RANGE",
            ErrorCode::Overflow => "OVERFLOW",
            ErrorCode::InvalidState => "INVALID_STATE",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub code: ErrorCode,
    /// The input field at fault, as a path the caller recognises; empty when it is the call itself.
    pub field: String,
    pub message: String,
}

pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    pub fn new(code: ErrorCode, field: impl Into<String>, message: impl Into<String>) -> Self {
        Error {
            code,
            field: field.into(),
            message: message.into(),
        }
    }
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(ErrorCode::InvalidInput, field, message)
    }
    pub fn parse(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(ErrorCode::ParseError, field, message)
    }
    pub fn not_found(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(ErrorCode::NotFound, field, message)
    }
    pub fn out_of_range(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(ErrorCode::OutOfRange, field, message)
    }
    pub fn overflow(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Overflow, field, message)
    }
    pub fn state(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(ErrorCode::InvalidState, field, message)
    }

    /// Prefixes the field with the path of the value that contains it,
    /// so nested validation can report `steps[2].event` rather than `event`.
    pub fn within(mut self, parent: &str) -> Self {
        self.field = match (parent.is_empty(), self.field.is_empty()) {
            (true, _) => self.field,
            (false, true) => parent.to_string(),
            (false, false) if self.field.starts_with('[') => format!("{parent}{}", self.field),
            (false, false) => format!("{parent}.{}", self.field),
        };
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.field.is_empty() {
            write!(f, "{}: {}", self.code.as_str(), self.message)
        } else {
            write!(
                f,
                "{} ({}): {}",
                self.code.as_str(),
                self.field,
                self.message
            )
        }
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn within_builds_paths() {
        let e = Error::invalid("event", "unknown").within("steps[2]");
        assert_eq!(e.field, "steps[2].event");
        let e = Error::invalid("[1]", "bad").within("variants");
        assert_eq!(e.field, "variants[1]");
        let e = Error::invalid("", "bad").within("windowMs");
        assert_eq!(e.field, "windowMs");
        assert_eq!(e.to_string(), "INVALID_INPUT (windowMs): bad");
    }
}
