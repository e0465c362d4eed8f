//! The random source of every lottery calculation: ChaCha8 (the reduced-round ChaCha that
//! `rand`'s authors and Aumasson's "Too Much Crypto" consider secure; 8 rounds make draws
//! markedly faster in wasm than 12 or 20) from RustCrypto's `chacha20`, whose scalar backend
//! is several times faster in wasm than `rand_chacha`'s, seeded from the operating system / `crypto.getRandomValues` by default, or from
//! an explicit seed for a reproducible run.
//!
//! Integers are drawn without modulo bias: [`Rng::below`] uses Lemire's multiply-and-reject
//! method, so every value in `[0, n)` has probability exactly `1/n`.

use chacha20::rand_core::{Rng as _, SeedableRng};
use chacha20::ChaCha8Rng;

use crate::error::{Error, Result};

/// How many words [`Rng::fill_words`] takes from ChaCha at a time (one 4-block buffer of it).
const WORDS_PER_FILL: usize = 32;

/// A seeded or cryptographically seeded ChaCha8 stream.
#[derive(Debug)]
pub struct Rng {
    inner: ChaCha8Rng,
    /// The seed given by the caller, kept so a pool's state can be exported and resumed.
    /// `None` for a cryptographically seeded stream: its seed is never exposed.
    seed: Option<u64>,
}

/// Where a resumable stream is: its seed and how many 32-bit words it has used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RngPosition {
    pub seed: u64,
    pub word_pos: u128,
}

impl Rng {
    /// A reproducible stream: the same seed gives the same draws on every platform.
    /// The 64-bit seed is expanded to ChaCha's 32-byte key by `rand_core`'s documented PCG32 expansion.
    pub fn from_seed(seed: u64) -> Rng {
        Rng {
            inner: ChaCha8Rng::seed_from_u64(seed),
            seed: Some(seed),
        }
    }

    /// A stream keyed by 32 bytes of the platform's cryptographic randomness
    /// (`getrandom`: the OS natively, `crypto.getRandomValues` in browsers and Node).
    pub fn from_entropy() -> Result<Rng> {
        let mut key = [0u8; 32];
        getrandom::fill(&mut key).map_err(|e| {
            Error::state(
                "seed",
                format!("no cryptographic random source is available ({e}); pass a seed"),
            )
        })?;
        Ok(Rng {
            inner: ChaCha8Rng::from_seed(key),
            seed: None,
        })
    }

    /// `Some(seed)` gives a reproducible stream, `None` a cryptographically seeded one.
    pub fn seeded_or_entropy(seed: Option<u64>) -> Result<Rng> {
        match seed {
            Some(seed) => Ok(Rng::from_seed(seed)),
            None => Rng::from_entropy(),
        }
    }

    /// The position of a seeded stream (`None` for a cryptographic one, which cannot be resumed).
    pub fn position(&self) -> Option<RngPosition> {
        self.seed.map(|seed| RngPosition {
            seed,
            word_pos: self.inner.get_word_pos(),
        })
    }

    /// Resumes a seeded stream where [`Rng::position`] left it.
    pub fn at_position(position: &RngPosition) -> Rng {
        let mut rng = Rng::from_seed(position.seed);
        rng.inner.set_word_pos(position.word_pos);
        rng
    }

    /// 64-bit words straight from the keystream, many per call: the bulk draws read their random
    /// bits this way because in wasm a call per word costs about as much as the word itself.
    /// In wasm, whole groups of four blocks come from the SIMD `keystream` module (the same words).
    pub fn fill_words(&mut self, words: &mut [u64]) {
        #[cfg(target_arch = "wasm32")]
        let words = self.fill_four_blocks(words);
        self.fill_words_one_block_at_a_time(words);
    }

    /// Fills the start of `words` four blocks at a time when the stream can continue there:
    /// from a whole 64-bit word (the words then pair up as in `fill_bytes`), and with at least
    /// one group of four blocks to make. Returns the part of `words` still to fill.
    #[cfg(target_arch = "wasm32")]
    fn fill_four_blocks<'w>(&mut self, words: &'w mut [u64]) -> &'w mut [u64] {
        use super::keystream::{blocks, WORDS_PER_FOUR_BLOCKS};
        let into_block = (self.inner.get_word_pos() % 16) as usize;
        // 64-bit words to the next block boundary, made the ordinary way.
        let lead = (16 - into_block) % 16 / 2;
        if !into_block.is_multiple_of(2) || words.len() < lead + WORDS_PER_FOUR_BLOCKS {
            return words;
        }
        let (head, rest) = words.split_at_mut(lead);
        self.fill_words_one_block_at_a_time(head);
        let (simd, rest) =
            rest.split_at_mut(rest.len() / WORDS_PER_FOUR_BLOCKS * WORDS_PER_FOUR_BLOCKS);
        let start = self.inner.get_word_pos();
        // The generator's input block: "expand 32-byte k", the key, the block counter, the stream.
        let mut state = [0u32; 16];
        state[..4].copy_from_slice(&[0x6170_7865, 0x3320_646e, 0x7962_2d32, 0x6b20_6574]);
        for (word, le) in state[4..12]
            .iter_mut()
            .zip(self.inner.get_seed().chunks_exact(4))
        {
            *word = u32::from_le_bytes([le[0], le[1], le[2], le[3]]);
        }
        let block = start / 16;
        let stream = self.inner.get_stream();
        state[12..].copy_from_slice(&[
            block as u32,
            (block >> 32) as u32,
            stream as u32,
            (stream >> 32) as u32,
        ]);
        // `blocks` needs WebAssembly SIMD, which every engine that loaded this module has (an
        // engine without it rejects the module's SIMD instructions at load).
        let made = blocks(&state, simd);
        self.inner.set_word_pos(start + u128::from(made) * 16);
        rest
    }

    fn fill_words_one_block_at_a_time(&mut self, words: &mut [u64]) {
        let mut bytes = [0u8; 8 * WORDS_PER_FILL];
        for chunk in words.chunks_mut(WORDS_PER_FILL) {
            let bytes = &mut bytes[..8 * chunk.len()];
            self.inner.fill_bytes(bytes);
            for (word, le) in chunk.iter_mut().zip(bytes.chunks_exact(8)) {
                let mut b = [0u8; 8];
                b.copy_from_slice(le);
                *word = u64::from_le_bytes(b);
            }
        }
    }

    #[inline]
    pub fn next_u32(&mut self) -> u32 {
        self.inner.next_u32()
    }

    #[inline]
    pub fn next_u64(&mut self) -> u64 {
        self.inner.next_u64()
    }

    /// A uniform integer in `[0, n)` for `1 ≤ n ≤ 2^32`, exactly unbiased (Lemire 2019):
    /// `x·n / 2^32` for a random 32-bit `x`, rejecting the `2^32 mod n` values of `x·n mod 2^32`
    /// that would make some results one count more likely than others.
    #[inline]
    pub fn below_u32(&mut self, n: u64) -> u64 {
        debug_assert!((1..=1 << 32).contains(&n));
        let reject_below = (1u64 << 32).wrapping_sub(n) % n;
        loop {
            let product = u64::from(self.next_u32()) * n;
            if (product & 0xffff_ffff) >= reject_below {
                return product >> 32;
            }
        }
    }

    /// A uniform integer in `[0, n)` for any `n ≥ 1`, exactly unbiased (64-bit Lemire).
    pub fn below(&mut self, n: u64) -> u64 {
        if n <= 1 << 32 {
            return self.below_u32(n.max(1));
        }
        let reject_below = n.wrapping_neg() % n;
        loop {
            let product = u128::from(self.next_u64()) * u128::from(n);
            if (product as u64) >= reject_below {
                return (product >> 64) as u64;
            }
        }
    }

    /// A uniform integer in `[low, high]` (inclusive, `low ≤ high`).
    pub fn between(&mut self, low: u64, high: u64) -> u64 {
        let span = high - low;
        if span == u64::MAX {
            return self.next_u64();
        }
        low + self.below(span + 1)
    }

    /// A uniform float in `[0, 1)` with 53 random bits (for simulations only, never for a draw).
    pub fn unit_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Shuffles in place, every permutation equally likely (Fisher–Yates).
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i as u64 + 1) as usize;
            items.swap(i, j);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn below_covers_every_value_evenly_for_a_tiny_range() {
        let mut rng = Rng::from_seed(7);
        let mut counts = [0u32; 3];
        for _ in 0..30_000 {
            counts[rng.below(3) as usize] += 1;
        }
        for c in counts {
            assert!((9_500..10_500).contains(&c), "{counts:?}");
        }
    }

    #[test]
    fn seeded_streams_resume_where_they_stopped() {
        let mut a = Rng::from_seed(42);
        for _ in 0..5 {
            a.next_u32();
        }
        let position = a.position().unwrap();
        let mut b = Rng::at_position(&position);
        assert_eq!(a.next_u64(), b.next_u64());
        assert!(Rng::from_entropy().unwrap().position().is_none());
    }

    #[test]
    fn the_full_32_bit_range_and_huge_ranges_work() {
        let mut rng = Rng::from_seed(1);
        assert!(rng.below(1 << 32) < 1 << 32);
        assert!(rng.below(u64::MAX) < u64::MAX);
        assert_eq!(rng.between(5, 5), 5);
        assert_eq!(rng.below(1), 0);
    }
}
