//! Finding one event code among a user's event codes, four codes per step.
//!
//! Most funnels start with one plain event name, and finding each user's first and last such
//! event is a scan over the whole log. Comparing four 16-bit codes in one 64-bit word (the
//! "has a zero lane" test) makes that scan several times cheaper than a table lookup per event,
//! also in wasm, which has 64-bit integers but (without the SIMD proposal) no vector loads.

const LANES: u64 = 0x0001_0001_0001_0001;
const HIGH_BITS: u64 = 0x8000_8000_8000_8000;

/// Four codes in one word.
#[inline(always)]
fn pack(c: &[u16]) -> u64 {
    c.iter()
        .rev()
        .fold(0, |word, &code| (word << 16) | u64::from(code))
}

/// Whether a word holds `code` in any lane: `x = word ^ code·LANES` has a zero lane then, and
/// `(x − LANES) & !x` sets a lane's high bit only if some lane is zero (never falsely).
#[inline(always)]
fn holds(word: u64, pattern: u64) -> bool {
    let x = word ^ pattern;
    x.wrapping_sub(LANES) & !x & HIGH_BITS != 0
}

/// The index of the first `code` in `codes`.
pub fn position(codes: &[u16], code: u16) -> Option<usize> {
    let pattern = LANES * u64::from(code);
    let mut chunks = codes.chunks_exact(4);
    let mut start = 0;
    for chunk in &mut chunks {
        if holds(pack(chunk), pattern) {
            return chunk.iter().position(|&c| c == code).map(|i| start + i);
        }
        start += 4;
    }
    let rest = chunks.remainder();
    rest.iter().position(|&c| c == code).map(|i| start + i)
}

/// The index of the last `code` in `codes`.
pub fn rposition(codes: &[u16], code: u16) -> Option<usize> {
    let pattern = LANES * u64::from(code);
    let mut chunks = codes.rchunks_exact(4);
    let mut end = codes.len();
    for chunk in &mut chunks {
        end -= 4;
        if holds(pack(chunk), pattern) {
            return chunk.iter().rposition(|&c| c == code).map(|i| end + i);
        }
    }
    chunks.remainder().iter().rposition(|&c| c == code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agrees_with_a_plain_search_at_every_length_and_place() {
        for len in 0..13 {
            for at in 0..len {
                for other in [0u16, 1, 0x7fff, 0x8000, 0xffff] {
                    let mut codes = vec![other; len];
                    for code in [0u16, 2, 0x8001, 0xfffe] {
                        if code == other {
                            continue;
                        }
                        codes[at] = code;
                        let want_first = codes.iter().position(|&c| c == code);
                        let want_last = codes.iter().rposition(|&c| c == code);
                        assert_eq!(position(&codes, code), want_first, "{codes:?} {code}");
                        assert_eq!(rposition(&codes, code), want_last, "{codes:?} {code}");
                        assert_eq!(
                            position(&codes, other),
                            codes.iter().position(|&c| c == other)
                        );
                        assert_eq!(
                            rposition(&codes, other),
                            codes.iter().rposition(|&c| c == other)
                        );
                    }
                }
            }
        }
    }
}
