//! Multiple comparisons across the variants tested against one control.
//!
//! Each method returns the adjusted p-values *and* the per-comparison level α_i at which that
//! comparison's interval is drawn, chosen so the two always agree: the interval excludes zero
//! exactly when the adjusted p-value is ≤ α.
//! - Bonferroni: p·m, α_i = α/m;
//! - Šidák: 1 − (1 − p)^m, α_i = 1 − (1 − α)^(1/m);
//! - Holm (step-down): the rank-i p-value (ascending, from 0) is compared with α/(m − i);
//!   rejected hypotheses get α/(m − i), the others α/(m − r) with r rejections;
//! - Benjamini–Hochberg (FDR): p_(i)·m/(i + 1), made monotone from the top; every interval at
//!   α·max(R, 1)/m with R discoveries (Benjamini & Yekutieli's FCR-adjusted intervals).

use super::def::Correction;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Adjusted {
    pub p_value: f64,
    pub level_alpha: f64,
}

/// Adjusts `p` (one per comparison) at family level `alpha`.
pub fn adjust(p: &[f64], alpha: f64, correction: Correction) -> Vec<Adjusted> {
    let m = p.len() as f64;
    let mut order: Vec<usize> = (0..p.len()).collect();
    order.sort_by(|&a, &b| p[a].total_cmp(&p[b]));
    match correction {
        Correction::None => p
            .iter()
            .map(|&p| Adjusted {
                p_value: p,
                level_alpha: alpha,
            })
            .collect(),
        Correction::Bonferroni => p
            .iter()
            .map(|&p| Adjusted {
                p_value: (p * m).min(1.0),
                level_alpha: alpha / m,
            })
            .collect(),
        Correction::Sidak => {
            let level = -(f64::ln_1p(-alpha) / m).exp_m1();
            p.iter()
                .map(|&p| Adjusted {
                    p_value: -(m * f64::ln_1p(-p)).exp_m1(),
                    level_alpha: level,
                })
                .collect()
        }
        Correction::Holm => {
            let mut out = vec![
                Adjusted {
                    p_value: 1.0,
                    level_alpha: alpha
                };
                p.len()
            ];
            let mut running = 0.0f64;
            for (rank, &i) in order.iter().enumerate() {
                running = running.max(((m - rank as f64) * p[i]).min(1.0));
                out[i].p_value = running;
            }
            let rejected = out.iter().filter(|a| a.p_value <= alpha).count();
            for (rank, &i) in order.iter().enumerate() {
                out[i].level_alpha = if rank < rejected {
                    alpha / (m - rank as f64)
                } else {
                    alpha / (m - rejected as f64)
                };
            }
            out
        }
        Correction::BenjaminiHochberg => {
            let mut out = vec![
                Adjusted {
                    p_value: 1.0,
                    level_alpha: alpha
                };
                p.len()
            ];
            let mut running = 1.0f64;
            for (rank, &i) in order.iter().enumerate().rev() {
                running = running.min(p[i] * m / (rank as f64 + 1.0));
                out[i].p_value = running;
            }
            let discoveries = out.iter().filter(|a| a.p_value <= alpha).count().max(1);
            for a in &mut out {
                a.level_alpha = alpha * discoveries as f64 / m;
            }
            out
        }
    }
}
