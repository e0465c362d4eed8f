//! Property columns, stored as compactly as their values allow.

/// Category codes in the narrowest width that holds the dictionary. Code 0 means "missing";
/// code `k > 0` is `dict[k - 1]`.
#[derive(Debug, Clone, PartialEq)]
pub enum Codes {
    U8(Vec<u8>),
    U16(Vec<u16>),
    U32(Vec<u32>),
}

impl Codes {
    /// Narrows `codes` (values ≤ `max_code`) to the smallest width that fits.
    pub fn narrowest(codes: Vec<u32>, max_code: u32) -> Codes {
        if max_code <= u32::from(u8::MAX) {
            Codes::U8(codes.into_iter().map(|c| c as u8).collect())
        } else if max_code <= u32::from(u16::MAX) {
            Codes::U16(codes.into_iter().map(|c| c as u16).collect())
        } else {
            Codes::U32(codes)
        }
    }

    #[inline]
    pub fn get(&self, i: usize) -> u32 {
        match self {
            Codes::U8(v) => u32::from(v[i]),
            Codes::U16(v) => u32::from(v[i]),
            Codes::U32(v) => v[i],
        }
    }

    pub fn len(&self) -> usize {
        match self {
            Codes::U8(v) => v.len(),
            Codes::U16(v) => v.len(),
            Codes::U32(v) => v.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn byte_width(&self) -> usize {
        match self {
            Codes::U8(_) => 1,
            Codes::U16(_) => 2,
            Codes::U32(_) => 4,
        }
    }
}

/// The missing value of a money column (no real amount is −92 233 720 368 547 758.08 元).
pub const MONEY_MISSING: i64 = i64::MIN;

#[derive(Debug, Clone, PartialEq)]
pub enum Column {
    /// Interned strings (channel, city, device…).
    Category { dict: Vec<String>, codes: Codes },
    /// Plain numbers; NaN marks a missing value.
    Number(Vec<f64>),
    /// Integer 分; [`MONEY_MISSING`] marks a missing value.
    Money(Vec<i64>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ColumnKind {
    Category,
    Number,
    Money,
}

impl ColumnKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ColumnKind::Category => "category",
            ColumnKind::Number => "number",
            ColumnKind::Money => "money",
        }
    }
}

impl Column {
    pub fn kind(&self) -> ColumnKind {
        match self {
            Column::Category { .. } => ColumnKind::Category,
            Column::Number(_) => ColumnKind::Number,
            Column::Money(_) => ColumnKind::Money,
        }
    }

    pub fn resident_bytes(&self) -> usize {
        match self {
            Column::Category { dict, codes } => {
                codes.len() * codes.byte_width() + dict.iter().map(|s| s.len() + 24).sum::<usize>()
            }
            Column::Number(v) => v.len() * 8,
            Column::Money(v) => v.len() * 8,
        }
    }

    /// The category code of `value`, if this is a category column that contains it.
    pub fn category_code(&self, value: &str) -> Option<u32> {
        match self {
            Column::Category { dict, .. } => {
                dict.iter().position(|s| s == value).map(|i| i as u32 + 1)
            }
            _ => None,
        }
    }
}
