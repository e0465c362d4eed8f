//! Unguessable coupon codes: random characters from an alphabet without look-alikes, plus a
//! check character, never two alike in a batch.
//!
//! - Randomness is ChaCha20 seeded from the operating system (`crypto.getRandomValues` in the
//!   browser) by default, or from an explicit `seed` for a reproducible batch.
//! - Characters are drawn by rejection sampling on a power-of-two mask (no `x % n`, so no
//!   character is more likely than another).
//! - The check character catches every single wrong character: for a prime-sized alphabet
//!   (the default has 31 characters) it is a weighted sum mod p that also catches every swap
//!   of two adjacent characters; for an even-sized one it is Luhn mod N (most swaps). Other
//!   sizes are refused when a check character is asked for.
//! - A code already in the batch is rejected and drawn again; the count is reported.

use rand_chacha::rand_core::{Rng, SeedableRng};
use rand_chacha::ChaCha20Rng;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// 31 characters: digits and capitals without 0/O, 1/I/L (easily confused when read aloud or
/// printed on a receipt).
pub const DEFAULT_ALPHABET: &str = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
pub const MAX_BATCH: usize = 1_000_000;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct CodeFormat {
    pub alphabet: String,
    /// Random characters per code (the check character comes on top).
    pub length: usize,
    pub prefix: String,
    pub check_character: bool,
}

impl Default for CodeFormat {
    fn default() -> Self {
        CodeFormat {
            alphabet: DEFAULT_ALPHABET.to_string(),
            length: 10,
            prefix: String::new(),
            check_character: true,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GenerateOptions {
    pub count: usize,
    #[serde(default)]
    pub format: CodeFormat,
    /// A seed for a reproducible batch; without one the batch is cryptographically random.
    #[serde(default)]
    pub seed: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GeneratedCodes {
    pub codes: Vec<String>,
    /// Entropy of the random part, in bits (length × log2 of the alphabet size).
    pub bits_per_code: f64,
    /// Draws that repeated a code already in the batch and were discarded.
    pub duplicates_rejected: u64,
    pub seeded: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CodeCheck {
    pub valid: bool,
    /// The code as compared: upper-cased, spaces and hyphens removed.
    pub normalized: String,
    /// `"length"`, `"prefix"`, `"character"` or `"checkCharacter"` when not valid.
    pub problem: Option<&'static str>,
}

impl CodeFormat {
    fn validate(&self) -> Result<Vec<char>> {
        let alphabet: Vec<char> = self.alphabet.chars().collect();
        if !(2..=64).contains(&alphabet.len()) {
            return Err(Error::out_of_range(
                "alphabet",
                "must have between 2 and 64 characters",
            ));
        }
        for (i, c) in alphabet.iter().enumerate() {
            if alphabet[..i].contains(c) {
                return Err(Error::invalid("alphabet", format!("'{c}' appears twice")));
            }
            if c.is_whitespace() || *c == '-' || c.is_lowercase() {
                return Err(Error::invalid("alphabet", format!("'{c}' cannot be told apart after normalising (spaces, hyphens, lower case)")));
            }
        }
        if self.check_character && !(is_prime(alphabet.len()) || alphabet.len().is_multiple_of(2)) {
            return Err(Error::invalid(
                "alphabet",
                format!("with a check character the alphabet needs a prime or an even number of characters, not {}", alphabet.len()),
            ));
        }
        if !(4..=32).contains(&self.length) {
            return Err(Error::out_of_range("length", "must be between 4 and 32"));
        }
        Ok(alphabet)
    }
}

fn is_prime(n: usize) -> bool {
    n >= 2
        && (2..n)
            .take_while(|d| d * d <= n)
            .all(|d| !n.is_multiple_of(d))
}

/// The check digit of `digits` over an alphabet of `n` characters.
fn check_char(digits: &[usize], n: usize) -> usize {
    let mut sum = 0;
    if is_prime(n) {
        // Position i from the right (the check itself is position 0, weight 1) weighs
        // (i mod (p − 1)) + 1: never 0 mod p, and neighbours always differ.
        for (i, &d) in digits.iter().rev().enumerate() {
            sum += ((i + 1) % (n - 1) + 1) * d;
        }
    } else {
        // Luhn mod N: every second digit from the right doubled, its base-N digits summed.
        for (i, &d) in digits.iter().rev().enumerate() {
            let v = if i % 2 == 0 { 2 * d } else { d };
            sum += v / n + v % n;
        }
    }
    (n - sum % n) % n
}

/// An index below `n` by rejection sampling on the next power-of-two mask.
fn draw(rng: &mut ChaCha20Rng, n: usize) -> usize {
    let mask = n.next_power_of_two() - 1;
    loop {
        let x = rng.next_u32() as usize & mask;
        if x < n {
            return x;
        }
    }
}

pub fn generate(options: &GenerateOptions) -> Result<GeneratedCodes> {
    let alphabet = options.format.validate()?;
    let n = alphabet.len();
    let length = options.format.length;
    if options.count == 0 || options.count > MAX_BATCH {
        return Err(Error::out_of_range(
            "count",
            format!("must be between 1 and {MAX_BATCH}"),
        ));
    }
    // Keep batches sparse in the code space: at most 1 in 1024 of the possible codes may be
    // issued, so a guessed code (which must also pass the check character) is almost never valid.
    let space_bits = length as f64 * (n as f64).log2();
    if space_bits < (options.count as f64).log2() + 10.0 {
        return Err(Error::out_of_range(
            "length",
            format!(
                "{length} characters of a {n}-letter alphabet are too guessable for {} codes",
                options.count
            ),
        ));
    }
    let seed = match options.seed {
        Some(seed) => ChaCha20Rng::seed_from_u64(seed),
        None => {
            let mut bytes = [0u8; 32];
            getrandom::fill(&mut bytes)
                .map_err(|e| Error::state("", format!("no system randomness available: {e}")))?;
            ChaCha20Rng::from_seed(bytes)
        }
    };
    let mut rng = seed;
    // Each code packed into a u128 when it fits (5 bits × 25 characters for the default
    // alphabet): 16 bytes a code keeps a batch of 10^6 small; longer codes are kept as text.
    let bits = n.next_power_of_two().trailing_zeros() as usize;
    let packable = bits * length <= 128;
    let mut packed = rustc_hash::FxHashSet::default();
    let mut long = rustc_hash::FxHashSet::default();
    let mut codes = Vec::with_capacity(options.count);
    let mut duplicates = 0u64;
    let mut digits = vec![0usize; length];
    while codes.len() < options.count {
        for d in digits.iter_mut() {
            *d = draw(&mut rng, n);
        }
        let fresh = if packable {
            packed.insert(
                digits
                    .iter()
                    .fold(0u128, |acc, &d| (acc << bits) | d as u128),
            )
        } else {
            long.insert(digits.clone())
        };
        if !fresh {
            duplicates += 1;
            continue;
        }
        let mut code = options.format.prefix.clone();
        code.extend(digits.iter().map(|&d| alphabet[d]));
        if options.format.check_character {
            code.push(alphabet[check_char(&digits, n)]);
        }
        codes.push(code);
    }
    Ok(GeneratedCodes {
        codes,
        bits_per_code: space_bits,
        duplicates_rejected: duplicates,
        seeded: options.seed.is_some(),
    })
}

/// Checks a code typed by a shopper against the format (not against a list of issued codes).
pub fn validate(code: &str, format: &CodeFormat) -> Result<CodeCheck> {
    let alphabet = format.validate()?;
    let normalized: String = code
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .flat_map(char::to_uppercase)
        .collect();
    let verdict = |problem: Option<&'static str>| CodeCheck {
        valid: problem.is_none(),
        normalized: normalized.clone(),
        problem,
    };
    let prefix: String = format.prefix.chars().flat_map(char::to_uppercase).collect();
    let Some(body) = normalized.strip_prefix(&prefix) else {
        return Ok(verdict(Some("prefix")));
    };
    let chars: Vec<char> = body.chars().collect();
    if chars.len() != format.length + usize::from(format.check_character) {
        return Ok(verdict(Some("length")));
    }
    let Some(digits) = chars
        .iter()
        .map(|c| alphabet.iter().position(|a| a == c))
        .collect::<Option<Vec<usize>>>()
    else {
        return Ok(verdict(Some("character")));
    };
    if format.check_character {
        let (body, check) = digits.split_at(format.length);
        if check.first() != Some(&check_char(body, alphabet.len())) {
            return Ok(verdict(Some("checkCharacter")));
        }
    }
    Ok(verdict(None))
}
