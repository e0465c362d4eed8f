//! Exact probabilities: a reduced fraction of integers, and its decimal for display.

use serde::Serialize;

/// `num / den` in lowest terms (`0/1` for an impossible outcome).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Fraction {
    pub num: u64,
    pub den: u64,
}

impl Fraction {
    /// `num / den` reduced; `den` must be positive.
    pub fn new(num: u64, den: u64) -> Fraction {
        let g = gcd(num, den).max(1);
        Fraction {
            num: num / g,
            den: den / g,
        }
    }

    /// The nearest double, for display and charts only.
    pub fn to_f64(self) -> f64 {
        self.num as f64 / self.den as f64
    }
}

impl std::fmt::Display for Fraction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.num, self.den)
    }
}

pub fn gcd(mut a: u64, mut b: u64) -> u64 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

/// A probability as reported to users: the exact fraction, its text and its decimal.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Probability {
    pub num: u64,
    pub den: u64,
    /// `"num/den"`, reduced.
    pub fraction: String,
    pub decimal: f64,
}

impl Probability {
    pub fn of(weight: u64, total: u64) -> Probability {
        let f = if total == 0 {
            Fraction { num: 0, den: 1 }
        } else {
            Fraction::new(weight, total)
        };
        Probability {
            num: f.num,
            den: f.den,
            fraction: f.to_string(),
            decimal: f.to_f64(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fractions_are_reduced() {
        assert_eq!(Fraction::new(50, 1000).to_string(), "1/20");
        assert_eq!(Fraction::new(0, 7).to_string(), "0/1");
        assert_eq!(Probability::of(3, 0).fraction, "0/1");
        assert_eq!(Probability::of(6, 9).decimal, 2.0 / 3.0);
    }
}

/// Exact odds of a pool: as configured, now (after the stock-outs so far) and, optionally,
/// in a what-if where more prizes have sold out.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OddsReport {
    pub configured_total: u64,
    /// The effective total weight now (0 when the pool is empty).
    pub current_total: u64,
    pub prizes: Vec<PrizeOdds>,
    /// Expected value of one draw in 分, as configured and now: exact fraction and decimal.
    pub configured_value_fen: ExactValue,
    pub current_value_fen: ExactValue,
    pub empty: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PrizeOdds {
    pub id: String,
    pub name: String,
    pub weight: u64,
    pub value_fen: i64,
    pub stock: Option<u64>,
    pub remaining: Option<u64>,
    pub sold_out: bool,
    pub configured: Probability,
    /// With the stock-outs so far (and the what-if ones) applied.
    pub current: Probability,
    /// The weight a draw uses now.
    pub current_weight: u64,
}

/// An exact non-negative rational (possibly beyond 64 bits) as text, with its decimal.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExactValue {
    pub fraction: String,
    pub decimal: f64,
}

impl ExactValue {
    pub fn of(num: u128, den: u128) -> ExactValue {
        if den == 0 {
            return ExactValue {
                fraction: "0/1".into(),
                decimal: 0.0,
            };
        }
        let mut a = num;
        let mut b = den;
        while b != 0 {
            (a, b) = (b, a % b);
        }
        let g = a.max(1);
        ExactValue {
            fraction: format!("{}/{}", num / g, den / g),
            decimal: num as f64 / den as f64,
        }
    }
}

/// Σ w·v / Σ w over the prizes, exactly.
fn expected_value(weights: &[u64], values: &[i64]) -> ExactValue {
    let num: u128 = weights
        .iter()
        .zip(values)
        .map(|(&w, &v)| u128::from(w) * v.unsigned_abs() as u128)
        .sum();
    ExactValue::of(num, weights.iter().map(|&w| u128::from(w)).sum())
}

impl super::pool::PrizePool {
    /// The odds now; `assume_sold_out` adds what-if stock-outs (prize ids) on top of the real ones.
    pub fn odds(&self, assume_sold_out: &[String]) -> crate::error::Result<OddsReport> {
        let mut what_if = vec![false; self.prizes().len()];
        for (k, id) in assume_sold_out.iter().enumerate() {
            let index = self.rules().index_of(id).ok_or_else(|| {
                crate::error::Error::not_found(
                    format!("assumeSoldOut[{k}]"),
                    format!("no prize has the id '{id}'"),
                )
            })?;
            what_if[index] = true;
        }
        let configured: Vec<u64> = self.prizes().iter().map(|p| p.weight).collect();
        let current = self.effective_weights(|i| self.is_sold_out(i) || what_if[i]);
        let configured_total: u64 = configured.iter().sum();
        let current_total: u64 = current.iter().sum();
        let values: Vec<i64> = self.prizes().iter().map(|p| p.value_fen).collect();
        let prizes = self
            .prizes()
            .iter()
            .enumerate()
            .map(|(i, p)| PrizeOdds {
                id: p.id.clone(),
                name: p.name.clone(),
                weight: p.weight,
                value_fen: p.value_fen,
                stock: p.stock,
                remaining: self.remaining()[i],
                sold_out: self.is_sold_out(i) || what_if[i],
                configured: Probability::of(p.weight, configured_total),
                current: Probability::of(current[i], current_total),
                current_weight: current[i],
            })
            .collect();
        Ok(OddsReport {
            configured_total,
            current_total,
            prizes,
            configured_value_fen: expected_value(&configured, &values),
            current_value_fen: expected_value(&current, &values),
            empty: current_total == 0,
        })
    }
}
