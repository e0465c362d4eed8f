//! Draw tables: random bits in, outcomes out, each with probability exactly `w_i / W`, drawn one at
//! a time or a batch at a time.
//!
//! - **Tickets** (total weight up to 2^[`TICKET_BITS_MAX`]): `2^b` tickets, of which outcome `i`
//!   holds `w_i · q` (`q = ⌊2^b / W⌋`) and the other `2^b − W·q` say "draw again". A draw reads `b`
//!   random bits, so every ticket has probability `2^−b` and, given that the ticket is kept, outcome
//!   `i` comes out with probability `w_i·q / (W·q) = w_i / W` exactly: rejection sampling with no
//!   multiplication, division or modulo. One 64-bit ChaCha word gives `⌊64 / b⌋` tickets;
//!   `b ≥ ⌈log2 W⌉` is chosen for the most kept tickets per word (about 10.2 random bits per draw
//!   for W = 1000, where a 32-bit draw per outcome would spend 32).
//! - **Alias** (any total up to 2^32): the integer alias table, one exact Lemire draw each.
//!
//! Outcomes are labels the caller chooses (the pool packs a prize index with its flags), so a
//! draw loop reads one `u16` per draw.

use super::alias::AliasTable;
use super::rng::Rng;

/// Ticket tables up to 2^13 entries (16 KB each: a pool's two stay in the L1 cache).
pub const TICKET_BITS_MAX: u32 = 13;
const TICKETS: usize = 1 << TICKET_BITS_MAX;
/// A label with this bit set is a "draw again" ticket; callers' labels must leave it clear.
const REDRAW: u16 = 0x8000;
/// The most outcomes one [`Sampler::fill`] adds.
pub const BATCH: usize = 4096;
/// The most words a ticket fill reads: enough for a batch of the widest tickets (4 per word).
const MOST_WORDS_PER_BATCH: usize = BATCH / (64 / TICKET_BITS_MAX as usize);
/// Outcomes an alias table adds per fill (one Lemire draw each).
const ALIAS_PER_BATCH: usize = 64;

pub enum Sampler {
    /// `tickets[..2^bits]` is the table; the rest is never read (a fixed size lets every lookup
    /// go without a bounds check).
    Tickets {
        bits: u32,
        tickets: Box<[u16; TICKETS]>,
    },
    Alias {
        table: AliasTable,
        labels: Vec<u16>,
    },
}

/// Outcomes drawn ahead, read in order from `at` to `len`.
pub struct Batch {
    pub labels: [u16; BATCH],
    pub at: usize,
    pub len: usize,
}

impl Default for Batch {
    fn default() -> Batch {
        Batch {
            labels: [0; BATCH],
            at: 0,
            len: 0,
        }
    }
}

impl Batch {
    pub fn remaining(&self) -> usize {
        self.len - self.at
    }

    /// Drops what is left. Each outcome is independent of every other and of the past, so
    /// outcomes never read change no probability.
    pub fn clear(&mut self) {
        (self.at, self.len) = (0, 0);
    }
}

impl Sampler {
    /// A table for `weights` (zeros allowed: such outcomes never come out) whose draws return
    /// `labels[i]` for outcome `i`. `None` when every weight is zero. The caller keeps
    /// `Σ w ≤ MAX_TOTAL_WEIGHT`, `len ≤ MAX_OUTCOMES` and labels below `0x8000`.
    pub fn new(weights: &[u64], labels: &[u16]) -> Option<Sampler> {
        debug_assert!(weights.len() == labels.len() && labels.iter().all(|l| l & REDRAW == 0));
        let total: u64 = weights.iter().sum();
        if total == 0 {
            return None;
        }
        let Some(bits) = ticket_bits(total) else {
            return Some(Sampler::Alias {
                table: AliasTable::new(weights)?,
                labels: labels.to_vec(),
            });
        };
        let copies = (1u64 << bits) / total;
        let mut tickets = Box::new([REDRAW; TICKETS]);
        let held = weights
            .iter()
            .zip(labels)
            .flat_map(|(&w, &label)| std::iter::repeat_n(label, (w * copies) as usize));
        for (ticket, label) in tickets.iter_mut().zip(held) {
            *ticket = label;
        }
        Some(Sampler::Tickets { bits, tickets })
    }

    /// One outcome's label.
    pub fn draw(&self, rng: &mut Rng) -> u16 {
        match self {
            Sampler::Tickets { bits, tickets } => loop {
                let label = tickets[(rng.next_u32() as usize & ((1 << bits) - 1)) % TICKETS];
                if label & REDRAW == 0 {
                    return label;
                }
            },
            Sampler::Alias { table, labels } => alias_draw(table, labels, rng),
        }
    }

    /// Refills an empty `batch` with outcomes' labels.
    pub fn fill(&self, rng: &mut Rng, batch: &mut Batch) {
        batch.clear();
        match self {
            Sampler::Tickets { bits, tickets } => {
                // Enough words for a full batch of tickets: a long draw loop refills rarely.
                let mut words = [0u64; MOST_WORDS_PER_BATCH];
                let words = &mut words[..BATCH / (64 / *bits as usize)];
                rng.fill_words(words);
                // A fixed ticket size per table: the loop over a word's tickets unrolls.
                batch.len = match bits {
                    1 => read_tickets::<1>(words, tickets, &mut batch.labels),
                    2 => read_tickets::<2>(words, tickets, &mut batch.labels),
                    3 => read_tickets::<3>(words, tickets, &mut batch.labels),
                    4 => read_tickets::<4>(words, tickets, &mut batch.labels),
                    5 => read_tickets::<5>(words, tickets, &mut batch.labels),
                    6 => read_tickets::<6>(words, tickets, &mut batch.labels),
                    7 => read_tickets::<7>(words, tickets, &mut batch.labels),
                    8 => read_tickets::<8>(words, tickets, &mut batch.labels),
                    9 => read_tickets::<9>(words, tickets, &mut batch.labels),
                    10 => read_tickets::<10>(words, tickets, &mut batch.labels),
                    11 => read_tickets::<11>(words, tickets, &mut batch.labels),
                    12 => read_tickets::<12>(words, tickets, &mut batch.labels),
                    _ => read_tickets::<13>(words, tickets, &mut batch.labels),
                };
            }
            Sampler::Alias { table, labels } => {
                for slot in &mut batch.labels[..ALIAS_PER_BATCH] {
                    *slot = alias_draw(table, labels, rng);
                }
                batch.len = ALIAS_PER_BATCH;
            }
        }
    }
}

/// The labels of the kept `BITS`-bit tickets of `words`, in order; returns how many.
fn read_tickets<const BITS: u32>(
    words: &[u64],
    tickets: &[u16; TICKETS],
    labels: &mut [u16; BATCH],
) -> usize {
    let mut len = 0;
    for &word in words {
        for field in 0..64 / BITS {
            let label = tickets[(word >> (field * BITS)) as usize % (1 << BITS)];
            // Written unconditionally, kept only if it is not "draw again": no branch.
            labels[len % BATCH] = label;
            len += usize::from(label & REDRAW == 0);
        }
    }
    len
}

fn alias_draw(table: &AliasTable, labels: &[u16], rng: &mut Rng) -> u16 {
    let outcome = table.pick(rng.below(table.span()));
    labels.get(outcome).copied().unwrap_or(0)
}

/// The ticket table's `b` for a total `W`, or `None` when `W` needs more than
/// [`TICKET_BITS_MAX`] bits: the `b` with the most kept tickets per 64-bit word,
/// `⌊64 / b⌋ · W·⌊2^b / W⌋ / 2^b`.
fn ticket_bits(total: u64) -> Option<u32> {
    let least = (64 - (total - 1).leading_zeros()).max(1);
    (least..=TICKET_BITS_MAX).max_by_key(|&b| {
        let kept = total * ((1u64 << b) / total);
        // Kept tickets per word, scaled by 2^TICKET_BITS_MAX to compare in integers; on a tie
        // the smaller table.
        let per_word = (64 / u64::from(b)) * (kept << (TICKET_BITS_MAX - b));
        (per_word, std::cmp::Reverse(b))
    })
}

/// One outcome for a one-off list of weights (`None` when they are all zero): a uniform ticket in
/// `[0, W)` (Lemire, unbiased) found in the running sums. O(outcomes), for tables used once.
pub fn draw_once(weights: &[u64], rng: &mut Rng) -> Option<usize> {
    let total: u64 = weights.iter().sum();
    if total == 0 {
        return None;
    }
    let mut ticket = rng.below(total);
    weights.iter().position(|&w| {
        let here = ticket < w;
        ticket = ticket.wrapping_sub(w);
        here
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(n: usize) -> Vec<u16> {
        (0..n as u16).collect()
    }

    /// Every ticket, counted: outcome `i` holds `w_i · q`, the rest say "draw again".
    fn assert_exact_tickets(weights: &[u64]) {
        let Some(Sampler::Tickets { bits, tickets }) =
            Sampler::new(weights, &labels(weights.len()))
        else {
            panic!("{weights:?} should use tickets");
        };
        let total: u64 = weights.iter().sum();
        assert!(total <= 1 << bits);
        let tickets = &tickets[..1 << bits];
        let copies = (1u64 << bits) / total;
        for (i, &w) in weights.iter().enumerate() {
            let held = tickets.iter().filter(|&&t| t == i as u16).count() as u64;
            assert_eq!(held, w * copies, "{weights:?}, outcome {i}");
        }
        let redraw = tickets.iter().filter(|&&t| t == REDRAW).count() as u64;
        assert_eq!(redraw, (1 << bits) - total * copies);
    }

    #[test]
    fn ticket_tables_hold_exactly_the_weights() {
        assert_exact_tickets(&[1]);
        assert_exact_tickets(&[1, 2]);
        assert_exact_tickets(&[1, 4, 20, 75, 150, 200, 250, 300]);
        assert_exact_tickets(&[0, 5, 0, 7, 1]);
        assert_exact_tickets(&[1, 1024]);
        assert_exact_tickets(&[(1 << TICKET_BITS_MAX) - 1, 1]);
        assert!(Sampler::new(&[0, 0], &labels(2)).is_none());
    }

    #[test]
    fn the_ticket_size_keeps_most_random_bits() {
        assert_eq!(ticket_bits(1), Some(1));
        assert_eq!(ticket_bits(1000), Some(10)); // 6 per word, 97.7% kept
        assert_eq!(ticket_bits(1025), Some(12)); // 5 per word, 75% kept (11 bits: 50%)
        assert_eq!(ticket_bits(1 << TICKET_BITS_MAX), Some(TICKET_BITS_MAX));
        assert_eq!(ticket_bits((1 << TICKET_BITS_MAX) + 1), None);
    }

    #[test]
    fn large_totals_use_the_alias_table() {
        let weights = [1u64 << 20, 3];
        assert!(matches!(
            Sampler::new(&weights, &labels(2)),
            Some(Sampler::Alias { .. })
        ));
    }

    #[test]
    fn batches_and_single_draws_only_return_outcomes_with_weight() {
        let mut rng = Rng::from_seed(4);
        for weights in [vec![0u64, 3, 0, 1], vec![0, 1 << 20, 0, 3]] {
            let sampler = Sampler::new(&weights, &[10, 11, 12, 13]).unwrap();
            let mut batch = Batch::default();
            sampler.fill(&mut rng, &mut batch);
            assert!(batch.len > 0);
            let one = sampler.draw(&mut rng);
            let mut drawn = batch.labels[..batch.len].iter().chain([&one]);
            assert!(drawn.all(|&l| l == 11 || l == 13), "{weights:?}");
        }
        assert_eq!(draw_once(&[0, 0, 2], &mut rng), Some(2));
        assert_eq!(draw_once(&[0, 0], &mut rng), None);
    }
}
