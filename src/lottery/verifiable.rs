//! Verifiable draws (provably fair, commit–reveal), specified byte by byte so any backend can
//! reproduce them:
//!
//! 1. Commit: the operator picks a secret `serverSeed` (any UTF-8 text; 64 hex characters of
//!    32 random bytes is a good choice) and publishes `serverSeedHash` = lowercase hex of
//!    SHA-256 over the seed's UTF-8 bytes (the text itself, not hex-decoded).
//! 2. The user supplies `clientSeed` (UTF-8 text without `:`); each draw has a `nonce`
//!    (an integer 0 … 2^53 − 1, written in decimal without leading zeros).
//! 3. Round `r` = 0, 1, 2, …: `H_r` = HMAC-SHA256(key = UTF-8 bytes of serverSeed,
//!    message = UTF-8 bytes of `clientSeed:nonce` for r = 0, `clientSeed:nonce:r` for r ≥ 1).
//! 4. Each 32-byte `H_r` gives eight 4-byte chunks read as big-endian unsigned integers `x`,
//!    in order. With `T` the total weight (1 ≤ T ≤ 2^32) and `L = 2^32 − (2^32 mod T)`, the
//!    first chunk with `x < L` gives `ticket = x mod T`; chunks with `x ≥ L` are rejected (they
//!    would make low tickets likelier). When all eight are rejected, go to round r + 1.
//!    Since `L > 2^31`, a chunk is rejected with probability below 1/2.
//! 5. The prizes, in the listed order, own consecutive ticket ranges: prize `i` wins when
//!    `w_0 + … + w_{i−1} ≤ ticket < w_0 + … + w_i`.
//! 6. Reveal: after the draws the operator publishes `serverSeed`; anyone recomputes steps 1–5.

use hmac::{Hmac, KeyInit, Mac};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::config::{check_weights, MAX_SAFE};
use crate::error::{Error, Result};

/// Rounds after which a draw gives up (each needs 8 rejections in a row, p < 2^−8: never reached).
const MAX_ROUNDS: u32 = 64;

/// A prize as a verifiable draw sees it: its id and weight, nothing else. Any other key (a pool
/// prize's `stock`, `name` …) is an error rather than ignored, so nobody believes it is part of
/// the proof.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct VerifiablePrize {
    pub id: String,
    pub weight: i64,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DrawInput {
    pub server_seed: String,
    pub client_seed: String,
    pub nonce: u64,
    pub prizes: Vec<VerifiablePrize>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct VerifyInput {
    pub server_seed: String,
    pub server_seed_hash: String,
    pub client_seed: String,
    pub nonce: u64,
    pub prizes: Vec<VerifiablePrize>,
    /// The prize the operator announced, to be checked.
    #[serde(default)]
    pub prize_id: Option<String>,
}

/// The result of a verifiable draw with everything needed to re-check it.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Proof {
    pub prize_id: String,
    pub index: usize,
    pub ticket: u64,
    pub total: u64,
    pub server_seed_hash: String,
    pub client_seed: String,
    pub nonce: u64,
    /// The HMAC round and the chunk (0–7) within it that gave the ticket.
    pub round: u32,
    pub chunk: u32,
    /// Lowercase hex of that round's HMAC.
    pub hmac: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Verification {
    /// True when the seed matches the commitment and (if given) the announced prize is the drawn one.
    pub valid: bool,
    pub hash_matches: bool,
    /// `None` when no prizeId was given.
    pub prize_matches: Option<bool>,
    /// The draw as recomputed from the revealed seed.
    pub proof: Proof,
}

pub fn sha256_hex(text: &str) -> String {
    hex(&Sha256::digest(text.as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        out.push(DIGITS[usize::from(b >> 4)] as char);
        out.push(DIGITS[usize::from(b & 15)] as char);
    }
    out
}

/// HMAC-SHA256 of round `round` (step 3).
pub fn round_hmac(
    server_seed: &str,
    client_seed: &str,
    nonce: u64,
    round: u32,
) -> Result<[u8; 32]> {
    // HMAC takes keys of any length (long ones are hashed first), so this only fails in theory.
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(server_seed.as_bytes())
        .map_err(|_| Error::invalid("serverSeed", "not usable as an HMAC key"))?;
    let message = if round == 0 {
        format!("{client_seed}:{nonce}")
    } else {
        format!("{client_seed}:{nonce}:{round}")
    };
    mac.update(message.as_bytes());
    Ok(mac.finalize().into_bytes().into())
}

/// The unbiased ticket in `[0, total)` (step 4), with the round and chunk that gave it.
pub fn ticket(
    server_seed: &str,
    client_seed: &str,
    nonce: u64,
    total: u64,
) -> Result<(u64, u32, u32, [u8; 32])> {
    check_seeds(client_seed, nonce)?;
    if total == 0 || total > 1 << 32 {
        return Err(Error::out_of_range(
            "prizes",
            "the total weight must be between 1 and 2^32",
        ));
    }
    let limit = (1u64 << 32) - (1u64 << 32) % total;
    for round in 0..MAX_ROUNDS {
        let digest = round_hmac(server_seed, client_seed, nonce, round)?;
        for (chunk, bytes) in digest.chunks_exact(4).enumerate() {
            let x = u64::from(u32::from_be_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]));
            if x < limit {
                return Ok((x % total, round, chunk as u32, digest));
            }
        }
    }
    Err(Error::state(
        "",
        "no ticket after 512 chunks (probability below 2^-500): check the inputs",
    ))
}

fn check_seeds(client_seed: &str, nonce: u64) -> Result<()> {
    if client_seed.contains(':') {
        return Err(Error::invalid(
            "clientSeed",
            "the client seed must not contain ':' (it separates the message's parts)",
        ));
    }
    if nonce > MAX_SAFE {
        return Err(Error::out_of_range(
            "nonce",
            "the nonce must be at most 2^53 − 1",
        ));
    }
    Ok(())
}

/// The server side: draws a prize and returns the proof (the seed itself stays secret).
pub fn draw(input: &DrawInput) -> Result<Proof> {
    let ids: Vec<&str> = input.prizes.iter().map(|p| p.id.as_str()).collect();
    let raw: Vec<i64> = input.prizes.iter().map(|p| p.weight).collect();
    let weights = check_weights(&ids, &raw)?;
    let total: u64 = weights.iter().sum();
    let (ticket, round, chunk, digest) =
        ticket(&input.server_seed, &input.client_seed, input.nonce, total)?;
    let index = prize_of_ticket(&weights, ticket);
    Ok(Proof {
        prize_id: input.prizes[index].id.clone(),
        index,
        ticket,
        total,
        server_seed_hash: sha256_hex(&input.server_seed),
        client_seed: input.client_seed.clone(),
        nonce: input.nonce,
        round,
        chunk,
        hmac: hex(&digest),
    })
}

/// Step 5: the prize whose cumulative range holds the ticket (`ticket < Σ weights`).
fn prize_of_ticket(weights: &[u64], ticket: u64) -> usize {
    let mut upper = 0;
    for (i, &w) in weights.iter().enumerate() {
        upper += w;
        if ticket < upper {
            return i;
        }
    }
    weights.len() - 1
}

/// Anyone's check after the reveal: the seed matches the commitment, and the draw recomputes
/// to the announced prize.
pub fn verify(input: &VerifyInput) -> Result<Verification> {
    let proof = draw(&DrawInput {
        server_seed: input.server_seed.clone(),
        client_seed: input.client_seed.clone(),
        nonce: input.nonce,
        prizes: input.prizes.clone(),
    })?;
    let hash_matches = proof
        .server_seed_hash
        .eq_ignore_ascii_case(input.server_seed_hash.trim());
    let prize_matches = input.prize_id.as_ref().map(|id| *id == proof.prize_id);
    Ok(Verification {
        valid: hash_matches && prize_matches != Some(false),
        hash_matches,
        prize_matches,
        proof,
    })
}
