//! Money as integer minor units (分, `i64`).
//!
//! No amount ever passes through `f64`: decimal strings are parsed digit by digit, products
//! use 128-bit intermediates, and every split of an amount sums back exactly.

use crate::error::{Error, Result};

/// Parses a decimal yuan amount (`"12.34"`, `"-0.5"`, `"1,234.56"`, `"¥99"`) into 分.
///
/// More than two decimals are accepted only when the extra digits are zeros (`"1.230"`);
/// `"1.234"` is an error rather than a silent rounding.
pub fn parse_yuan(text: &str, field: &str) -> Result<i64> {
    let bad = |why: &str| Error::parse(field, format!("'{text}' is not a money amount: {why}"));
    let mut s = text.trim();
    let negative = if let Some(rest) = s.strip_prefix('-') {
        s = rest;
        true
    } else {
        s = s.strip_prefix('+').unwrap_or(s);
        false
    };
    s = s
        .strip_prefix('¥')
        .or_else(|| s.strip_prefix('￥'))
        .unwrap_or(s);
    let (int_part, frac_part) = match s.split_once('.') {
        Some((i, f)) => (i, f),
        None => (s, ""),
    };
    if int_part.is_empty() && frac_part.is_empty() {
        return Err(bad("no digits"));
    }
    let mut fen: i64 = 0;
    let mut digits = 0usize;
    for (i, ch) in int_part.bytes().enumerate() {
        match ch {
            b'0'..=b'9' => {
                digits += 1;
                fen = fen
                    .checked_mul(10)
                    .and_then(|v| v.checked_add(i64::from(ch - b'0')))
                    .ok_or_else(|| Error::overflow(field, format!("'{text}' is too large")))?;
            }
            // Thousands separators only between digit groups, never first or doubled.
            b',' if i > 0 && int_part.as_bytes()[i - 1] != b',' => {}
            _ => return Err(bad("unexpected character")),
        }
    }
    let frac = frac_part.as_bytes();
    if frac.iter().any(|c| !c.is_ascii_digit()) {
        return Err(bad("unexpected character"));
    }
    if digits == 0 && frac.is_empty() {
        return Err(bad("no digits"));
    }
    if frac.len() > 2 && frac[2..].iter().any(|&c| c != b'0') {
        return Err(bad("more precise than 0.01 (1 分)"));
    }
    let jiao = frac.first().map_or(0, |c| i64::from(c - b'0'));
    let fen_digit = frac.get(1).map_or(0, |c| i64::from(c - b'0'));
    let total = fen
        .checked_mul(100)
        .and_then(|v| v.checked_add(jiao * 10 + fen_digit))
        .ok_or_else(|| Error::overflow(field, format!("'{text}' is too large")))?;
    Ok(if negative { -total } else { total })
}

/// Formats 分 as a yuan string with exactly two decimals: `-1234` → `"-12.34"`.
pub fn format_yuan(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let abs = fen.unsigned_abs();
    format!("{sign}{}.{:02}", abs / 100, abs % 100)
}

/// Splits `total` over `weights` in proportion, by the largest-remainder method.
///
/// Each share is `floor(total·wᵢ / W)`; the units left over go one each to the largest
/// remainders, ties to the lower index. Shares always sum to `total` exactly, and when
/// `0 ≤ total ≤ W` no share exceeds its weight (so a discount never exceeds its line).
pub fn apportion(total: i64, weights: &[i64], field: &str) -> Result<Vec<i64>> {
    // One pass for the three facts the split needs (a loop the compiler vectorises): whether a
    // weight is negative (its sign bit survives the OR), the sum, and the largest weight.
    let (mut any_bits, mut sum, mut largest) = (0i64, 0u128, 0i64);
    for &w in weights {
        any_bits |= w;
        sum += w as u64 as u128;
        largest = largest.max(w);
    }
    if any_bits < 0 {
        let i = weights.iter().position(|&w| w < 0).unwrap_or(0);
        return Err(Error::invalid(
            format!("{field}[{i}]"),
            "weights must not be negative",
        ));
    }
    if sum == 0 {
        if total == 0 {
            return Ok(vec![0; weights.len()]);
        }
        return Err(Error::invalid(
            field,
            "cannot split a non-zero amount over zero weights",
        ));
    }
    let magnitude = total.unsigned_abs();
    let sign = if total < 0 { -1 } else { 1 };
    // Amounts below 2^53 分 usually keep the products within 64 bits: a 64-bit division is one
    // instruction, a 128-bit one a long library call (in wasm, most of the time of a split).
    let largest = largest as u64;
    const EXACT_IN_F64: u64 = 1 << 53;
    let shares = match u64::try_from(sum) {
        Ok(sum)
            if magnitude
                .checked_mul(largest)
                .is_some_and(|p| p < EXACT_IN_F64)
                && sum < EXACT_IN_F64 =>
        {
            // Both below 2^53, so exact as floats, and the float quotient is the exact one
            // correctly rounded. It cannot round up to the next whole number k: the exact quotient
            // is then at least 1/W below k, more than half a float step at k (k·2^-53 < 1/W as
            // product < 2^53). So its floor is the exact floor.
            let float_sum = sum as f64;
            largest_remainder(magnitude, sign, weights, sum, |w| {
                let product = magnitude * w as u64;
                let share = (product as f64 / float_sum) as u64;
                (share, product - share * sum)
            })
        }
        Ok(sum) if magnitude.checked_mul(largest).is_some() => {
            // Weights are ≥ 0 (checked above), so the casts are exact.
            largest_remainder(magnitude, sign, weights, sum, |w| {
                let product = magnitude * w as u64;
                let share = product / sum;
                (share, product - share * sum)
            })
        }
        _ => largest_remainder(magnitude, sign, weights, sum, |w| {
            let product = u128::from(magnitude) * u128::from(w as u64);
            // A share is at most |total| (the weights sum to W), so it fits in 64 bits.
            ((product / sum) as u64, product % sum)
        }),
    };
    Ok(shares)
}

/// A remainder of a division by the weights' sum.
trait Remainder: Ord + Copy {
    /// Its top `BUCKET_BITS` bits below `sum` (every remainder is below the sum): a key that
    /// never orders two remainders the wrong way round.
    fn bucket(self, sum: Self) -> usize;
}

const BUCKET_BITS: u32 = 8;
const BUCKETS: usize = 1 << BUCKET_BITS;

impl Remainder for u64 {
    fn bucket(self, sum: u64) -> usize {
        let shift = (u64::BITS - sum.leading_zeros()).saturating_sub(BUCKET_BITS);
        (self >> shift) as usize & (BUCKETS - 1)
    }
}

impl Remainder for u128 {
    fn bucket(self, sum: u128) -> usize {
        let shift = (u128::BITS - sum.leading_zeros()).saturating_sub(BUCKET_BITS);
        (self >> shift) as usize & (BUCKETS - 1)
    }
}

/// `floor(magnitude·wᵢ/W)` each (from `divide`, which also gives the remainder), then the units
/// left over one each to the largest remainders, ties to the lower index; shares carry `sign`.
fn largest_remainder<R: Remainder>(
    magnitude: u64,
    sign: i64,
    weights: &[i64],
    sum: R,
    divide: impl Fn(i64) -> (u64, R),
) -> Vec<i64> {
    let mut shares = Vec::with_capacity(weights.len());
    let mut remainders = Vec::with_capacity(weights.len());
    let mut given: u64 = 0;
    for &w in weights {
        let (share, remainder) = divide(w);
        given += share;
        // Every share is at most |total|, which came from an i64, so the cast cannot truncate.
        shares.push(sign * share as i64);
        remainders.push(remainder);
    }
    let left = (magnitude - given) as usize; // < weights.len(), since each floor loses less than 1
    if left > 0 {
        // Only which `left` shares get a unit matters: find the `left`-th largest remainder,
        // then give a unit to every remainder above it and to the first ones equal to it, lower
        // index first.
        let cut = nth_largest(&remainders, left, sum);
        let mut ties = left - remainders.iter().filter(|&&r| r > cut).count();
        for (share, &remainder) in shares.iter_mut().zip(&remainders) {
            if remainder > cut || (remainder == cut && ties > 0) {
                if remainder == cut {
                    ties -= 1;
                }
                *share += sign;
            }
        }
    }
    shares
}

/// The `k`-th largest of `remainders` (1 ≤ k ≤ len), all below `sum`.
fn nth_largest<R: Remainder>(remainders: &[R], k: usize, sum: R) -> R {
    // Few values: a selection on a copy. Many: count them by their top bits first, and select
    // only among those in the bucket where the k-th falls (a handful, unless many remainders are
    // close together, when this is the selection on a copy again).
    const FEW: usize = 16;
    let (mut candidates, k) = if remainders.len() <= FEW {
        (remainders.to_vec(), k)
    } else {
        let mut counts = [0usize; BUCKETS];
        for &r in remainders {
            counts[r.bucket(sum)] += 1;
        }
        // From the top bucket down, skip the buckets wholly above the k-th.
        let (mut bucket, mut k) = (BUCKETS - 1, k);
        while bucket > 0 && k > counts[bucket] {
            k -= counts[bucket];
            bucket -= 1;
        }
        let within = remainders
            .iter()
            .copied()
            .filter(|r| r.bucket(sum) == bucket)
            .collect();
        (within, k)
    };
    let (_, &mut cut, _) = candidates.select_nth_unstable_by(k - 1, |a, b| b.cmp(a));
    cut
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_exactly() {
        assert_eq!(parse_yuan("12.34", "a").unwrap(), 1234);
        assert_eq!(parse_yuan("0.1", "a").unwrap(), 10);
        assert_eq!(parse_yuan("-0.05", "a").unwrap(), -5);
        assert_eq!(parse_yuan("¥1,234.50", "a").unwrap(), 123_450);
        assert_eq!(parse_yuan(".5", "a").unwrap(), 50);
        assert_eq!(parse_yuan("7", "a").unwrap(), 700);
        assert_eq!(parse_yuan("1.230", "a").unwrap(), 123);
        // 99.50 must never be rounded up to pass a 满100 threshold (and never truncated either).
        assert_eq!(parse_yuan("99.50", "a").unwrap(), 9950);
    }

    #[test]
    fn rejects_what_is_not_money() {
        for bad in [
            "",
            "-",
            "1.234",
            "abc",
            "1e3",
            ",100",
            "1,,000",
            "12.3.4",
            "99999999999999999999",
        ] {
            let e = parse_yuan(bad, "amount").unwrap_err();
            assert_eq!(e.field, "amount", "{bad}");
        }
    }

    #[test]
    fn formats() {
        assert_eq!(format_yuan(1234), "12.34");
        assert_eq!(format_yuan(-5), "-0.05");
        assert_eq!(format_yuan(i64::MIN), "-92233720368547758.08");
    }

    #[test]
    fn apportions_the_classic_case() {
        // 10 off three equal lines of 10.00: 3.34 + 3.33 + 3.33, never 9.99 in total.
        assert_eq!(
            apportion(1000, &[1000, 1000, 1000], "w").unwrap(),
            vec![334, 333, 333]
        );
        assert_eq!(
            apportion(-1000, &[1, 1, 1], "w").unwrap(),
            vec![-334, -333, -333]
        );
        assert_eq!(apportion(0, &[0, 0], "w").unwrap(), vec![0, 0]);
        assert!(apportion(5, &[0, 0], "w").is_err());
        assert_eq!(apportion(1, &[1, -1], "w").unwrap_err().field, "w[1]");
    }

    proptest! {
        #[test]
        fn shares_sum_exactly_and_stay_within_weights(
            total in -10_000_000i64..10_000_000,
            weights in proptest::collection::vec(0i64..1_000_000, 1..40),
        ) {
            let sum: i64 = weights.iter().sum();
            prop_assume!(sum > 0);
            let shares = apportion(total, &weights, "w").unwrap();
            prop_assert_eq!(shares.iter().sum::<i64>(), total);
            if (0..=sum).contains(&total) {
                for (s, w) in shares.iter().zip(&weights) {
                    prop_assert!(*s >= 0 && s <= w);
                }
            }
        }

        /// The 64-bit fast path and the selection of the leftover units against the textbook
        /// method (128-bit products, a full sort of the remainders), on amounts small and huge.
        #[test]
        fn matches_the_textbook_largest_remainder(
            // Small; huge (128-bit products); large quotients of small weights (where a float
            // quotient can round up to the next whole number).
            (total, weights) in prop_oneof![
                (0i64..100_000, proptest::collection::vec(0i64..1_000, 1..30)),
                (0i64..(1 << 53), proptest::collection::vec(0i64..(1 << 53), 1..30)),
                (0i64..(1 << 40), proptest::collection::vec(0i64..(1 << 12), 1..30)),
                (0i64..(1 << 26), proptest::collection::vec(0i64..(1 << 26), 1..30)),
                (0i64..(1 << 53), proptest::collection::vec(prop_oneof![0i64..1_000, 0i64..(1 << 53)], 1..30)),
                // Carts of hundreds of lines, with many equal remainders (small weights).
                (0i64..1_000_000, proptest::collection::vec(0i64..50, 1..700)),
                (0i64..(1 << 30), proptest::collection::vec(0i64..(1 << 22), 1..700)),
            ],
        ) {
            let sum: i128 = weights.iter().map(|&w| i128::from(w)).sum();
            prop_assume!(sum > 0);
            let exact: Vec<(i128, i128)> = weights
                .iter()
                .map(|&w| (i128::from(total) * i128::from(w) / sum, i128::from(total) * i128::from(w) % sum))
                .collect();
            let mut order: Vec<usize> = (0..weights.len()).collect();
            order.sort_by(|&a, &b| exact[b].1.cmp(&exact[a].1).then(a.cmp(&b)));
            let left = i128::from(total) - exact.iter().map(|e| e.0).sum::<i128>();
            let mut expected: Vec<i64> = exact.iter().map(|e| e.0 as i64).collect();
            for &i in order.iter().take(left as usize) {
                expected[i] += 1;
            }
            prop_assert_eq!(apportion(total, &weights, "w").unwrap(), expected);
        }

        #[test]
        fn format_then_parse_round_trips(fen in -1_000_000_000_000i64..1_000_000_000_000) {
            prop_assert_eq!(parse_yuan(&format_yuan(fen), "a").unwrap(), fen);
        }
    }
}
