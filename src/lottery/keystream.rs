//! ChaCha8 keystream four blocks at a time with WebAssembly SIMD (one block per 32-bit lane),
//! for the bulk draws' random words: `chacha20`'s portable backend makes one block at a time,
//! and its keystream is most of what a bulk draw costs in wasm.
//!
//! The output is the very keystream of `chacha20::ChaCha8Rng` (RFC 7539 layout: constants, key,
//! a 64-bit block counter in words 12–13, the stream id in 14–15; 4 double rounds; the input
//! added back), so a seeded stream gives the same draws with or without it, on every platform:
//! [`super::rng::Rng::fill_words`] uses it only where it can continue the generator's stream
//! exactly, and a test in the wasm suite compares the two word for word.

use core::arch::wasm32::*;

/// `u32` words per block.
const BLOCK: usize = 16;
/// What [`blocks`] makes per round of the loop: four blocks, as 64-bit words.
pub const WORDS_PER_FOUR_BLOCKS: usize = 4 * BLOCK / 2;

/// Fills `out` (a multiple of [`WORDS_PER_FOUR_BLOCKS`] long) with the keystream of `state`
/// (constants, key, block counter, stream: the generator's input block) from its block counter
/// on, as little-endian pairs of 32-bit words; returns how many blocks it made.
///
/// `simd128` is enabled for this function only; a wasm engine without SIMD refuses the whole
/// module when loading it, so no call can run where the instructions are missing.
#[target_feature(enable = "simd128")]
pub fn blocks(state: &[u32; BLOCK], out: &mut [u64]) -> u64 {
    let mut counter = u64::from(state[12]) | (u64::from(state[13]) << 32);
    let mut made = 0;
    for four in out.chunks_exact_mut(WORDS_PER_FOUR_BLOCKS) {
        let mut input = state.map(|word| u32x4_splat(word));
        // Lane j is block `counter + j`.
        let lane = |j: u64| counter.wrapping_add(j);
        input[12] = u32x4(
            lane(0) as u32,
            lane(1) as u32,
            lane(2) as u32,
            lane(3) as u32,
        );
        input[13] = u32x4(
            (lane(0) >> 32) as u32,
            (lane(1) >> 32) as u32,
            (lane(2) >> 32) as u32,
            (lane(3) >> 32) as u32,
        );
        let mut x = input;
        for _ in 0..4 {
            quarter_round(&mut x, 0, 4, 8, 12);
            quarter_round(&mut x, 1, 5, 9, 13);
            quarter_round(&mut x, 2, 6, 10, 14);
            quarter_round(&mut x, 3, 7, 11, 15);
            quarter_round(&mut x, 0, 5, 10, 15);
            quarter_round(&mut x, 1, 6, 11, 12);
            quarter_round(&mut x, 2, 7, 8, 13);
            quarter_round(&mut x, 3, 4, 9, 14);
        }
        for (word, start) in x.iter_mut().zip(input) {
            *word = u32x4_add(*word, start);
        }
        // x[i] holds word i of the four blocks; block j's words i..i+4 are a transposed row.
        for i in (0..BLOCK).step_by(4) {
            let (a, b, c, d) = (x[i], x[i + 1], x[i + 2], x[i + 3]);
            let ab_low = i32x4_shuffle::<0, 4, 1, 5>(a, b);
            let ab_high = i32x4_shuffle::<2, 6, 3, 7>(a, b);
            let cd_low = i32x4_shuffle::<0, 4, 1, 5>(c, d);
            let cd_high = i32x4_shuffle::<2, 6, 3, 7>(c, d);
            let rows = [
                i64x2_shuffle::<0, 2>(ab_low, cd_low),
                i64x2_shuffle::<1, 3>(ab_low, cd_low),
                i64x2_shuffle::<0, 2>(ab_high, cd_high),
                i64x2_shuffle::<1, 3>(ab_high, cd_high),
            ];
            for (block, row) in rows.into_iter().enumerate() {
                let at = block * BLOCK / 2 + i / 2;
                four[at] = u64x2_extract_lane::<0>(row);
                four[at + 1] = u64x2_extract_lane::<1>(row);
            }
        }
        counter = counter.wrapping_add(4);
        made += 4;
    }
    made
}

#[inline]
#[target_feature(enable = "simd128")]
fn quarter_round(x: &mut [v128; BLOCK], a: usize, b: usize, c: usize, d: usize) {
    x[a] = u32x4_add(x[a], x[b]);
    x[d] = rotate_16(v128_xor(x[d], x[a]));
    x[c] = u32x4_add(x[c], x[d]);
    x[b] = rotate::<12>(v128_xor(x[b], x[c]));
    x[a] = u32x4_add(x[a], x[b]);
    x[d] = rotate_8(v128_xor(x[d], x[a]));
    x[c] = u32x4_add(x[c], x[d]);
    x[b] = rotate::<7>(v128_xor(x[b], x[c]));
}

#[inline]
#[target_feature(enable = "simd128")]
fn rotate<const N: u32>(v: v128) -> v128 {
    v128_or(u32x4_shl(v, N), u32x4_shr(v, 32 - N))
}

/// Rotations by whole bytes are one byte shuffle.
#[inline]
#[target_feature(enable = "simd128")]
fn rotate_16(v: v128) -> v128 {
    i8x16_shuffle::<2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13>(v, v)
}

#[inline]
#[target_feature(enable = "simd128")]
fn rotate_8(v: v128) -> v128 {
    i8x16_shuffle::<3, 0, 1, 2, 7, 4, 5, 6, 11, 8, 9, 10, 15, 12, 13, 14>(v, v)
}
