//! The columnar event log (in progress).
