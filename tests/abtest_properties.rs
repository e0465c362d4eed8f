//! Invariants of the A/B statistics over random experiments, and the errors bad input gets.

use proptest::prelude::*;
use yunying::abtest::def::{Alternative, Correction, Method};
use yunying::abtest::sequential::Sequence;
use yunying::abtest::{ab_test, AbTestResult, TestDef, VariantInput};
use yunying::error::ErrorCode;

fn conv(users: f64, conversions: f64) -> VariantInput {
    VariantInput {
        users: Some(users),
        conversions: Some(conversions),
        ..Default::default()
    }
}

fn mean(n: f64, m: f64, sd: f64) -> VariantInput {
    VariantInput {
        n: Some(n),
        mean: Some(m),
        sd: Some(sd),
        ..Default::default()
    }
}

/// (users, conversions) with conversions ≤ users, from tiny to huge.
fn arm() -> impl Strategy<Value = (f64, f64)> {
    prop_oneof![1u64..50, 50u64..100_000, 100_000u64..200_000_000]
        .prop_flat_map(|n| (Just(n as f64), (0..=n).prop_map(|x| x as f64)))
}

fn methods() -> impl Strategy<Value = Method> {
    prop_oneof![
        Just(Method::Frequentist),
        Just(Method::Sequential),
        Just(Method::Bayesian)
    ]
}

fn corrections() -> impl Strategy<Value = Correction> {
    prop_oneof![
        Just(Correction::None),
        Just(Correction::Bonferroni),
        Just(Correction::Sidak),
        Just(Correction::Holm),
        Just(Correction::BenjaminiHochberg)
    ]
}

fn no_nan_or_infinity(result: &AbTestResult) {
    let text = format!("{result:?}");
    assert!(!text.contains("NaN") && !text.contains("inf"), "{text}");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 150, ..ProptestConfig::default() })]

    #[test]
    fn swapping_arms_negates_the_difference((na, xa) in arm(), (nb, xb) in arm()) {
        let (def_ab, def_ba) = (TestDef::new(vec![conv(na, xa), conv(nb, xb)]), TestDef::new(vec![conv(nb, xb), conv(na, xa)]));
        let (ab, ba) = (ab_test(&def_ab).unwrap(), ab_test(&def_ba).unwrap());
        let (c1, c2) = (&ab.comparisons[0], &ba.comparisons[0]);
        match (c1.difference, c2.difference) {
            (Some(d1), Some(d2)) => {
                prop_assert_eq!(d1, -d2);
                prop_assert_eq!(c1.statistic.map(|s| -s), c2.statistic);
                prop_assert_eq!(c1.p_value, c2.p_value);
                let (i1, i2) = (c1.difference_interval.unwrap(), c2.difference_interval.unwrap());
                prop_assert!((i1.lower.unwrap() + i2.upper.unwrap()).abs() <= 1e-12);
            }
            (None, None) => prop_assert_eq!(&c1.undefined, &c2.undefined),
            other => prop_assert!(false, "one direction defined, the other not: {:?}", other),
        }
    }

    // Not for the sequential method: GrowthBook tunes ρ from α, so two α give two different
    // sequences, and a p-value computed under one is not compared with the α of the other (found
    // by this test: arms [(13,12),(581,247),(62284557,29225564),(36,0),(123637428,105215400)],
    // Bonferroni, significant at α = 0.2388 and not at α = 0.4169). For one sequence the
    // property holds: `a_sequence_is_never_narrower_at_a_smaller_alpha` below.
    #[test]
    fn a_smaller_alpha_never_makes_a_result_more_significant(
        arms in prop::collection::vec(arm(), 2..6),
        a1 in 0.0001f64..0.5, a2 in 0.0001f64..0.5,
        method in prop_oneof![Just(Method::Frequentist), Just(Method::Bayesian)],
        correction in corrections(),
    ) {
        let (small, large) = if a1 < a2 { (a1, a2) } else { (a2, a1) };
        let def = |alpha| {
            let mut def = TestDef::new(arms.iter().map(|&(n, x)| conv(n, x)).collect());
            def.alpha = alpha;
            def.method = method;
            def.correction = correction;
            def
        };
        let (def_small, def_large) = (def(small), def(large));
        let (strict, loose) = (ab_test(&def_small).unwrap(), ab_test(&def_large).unwrap());
        for (s, l) in strict.comparisons.iter().zip(&loose.comparisons) {
            prop_assert!(!s.significant || l.significant, "significant at α={} but not at α={}", small, large);
        }
        for (s, l) in strict.bayesian.iter().zip(&loose.bayesian) {
            let won = |c: &yunying::abtest::test::BayesianComparison| matches!(c.verdict, Some(yunying::abtest::compare::Verdict::Better | yunying::abtest::compare::Verdict::Worse));
            prop_assert!(!won(s) || won(l));
        }
    }

    #[test]
    fn a_sequence_is_never_narrower_at_a_smaller_alpha(
        tuned_at in 0.0001f64..0.5, a1 in 0.0001f64..0.5, a2 in 0.0001f64..0.5,
        tuning in 100f64..1e7, n in 2f64..1e9, se in 1e-6f64..10.0, one_sided in any::<bool>(),
    ) {
        let (small, large) = if a1 < a2 { (a1, a2) } else { (a2, a1) };
        let sequence = Sequence::new(tuned_at, tuning, one_sided);
        prop_assert!(sequence.half_width(se, n, small) >= sequence.half_width(se, n, large));
    }

    #[test]
    fn never_significant_while_an_interval_crosses_zero(
        arms in prop::collection::vec(arm(), 2..6),
        alpha in 0.001f64..0.3, method in methods(), correction in corrections(),
        alternative in prop_oneof![Just(Alternative::TwoSided), Just(Alternative::Greater), Just(Alternative::Less)],
        pooled in any::<bool>(),
    ) {
        let mut def = TestDef::new(arms.iter().map(|&(n, x)| conv(n, x)).collect());
        def.alpha = alpha;
        def.method = method;
        def.correction = correction;
        def.alternative = alternative;
        if pooled {
            def.test = yunying::abtest::ProportionTest::Pooled;
        }
        let result = ab_test(&def).unwrap();
        no_nan_or_infinity(&result);
        for c in &result.comparisons {
            if c.significant {
                prop_assert!(!c.difference_interval.unwrap().contains_zero());
                prop_assert!(c.relative_interval.is_none_or(|i| !i.contains_zero()));
                prop_assert!(c.adjusted_p_value.unwrap() <= alpha);
            }
        }
        for b in &result.bayesian {
            if matches!(b.verdict, Some(yunying::abtest::compare::Verdict::Better | yunying::abtest::compare::Verdict::Worse)) {
                prop_assert!(!b.difference_interval.unwrap().contains_zero());
            }
        }
    }

    #[test]
    fn means_never_produce_nan(n1 in 0u32..50, n2 in 0u32..50, m in -1e6f64..1e6, sd in 0f64..1e4, method in methods()) {
        let mut def = TestDef::new(vec![mean(f64::from(n1), m, sd), mean(f64::from(n2), m * 1.01, sd * 0.5)]);
        def.method = method;
        no_nan_or_infinity(&ab_test(&def).unwrap());
    }
}

fn error_of(def: TestDef) -> (ErrorCode, String) {
    let e = ab_test(&def).expect_err("bad input is rejected");
    (e.code, e.field)
}

#[test]
fn bad_input_names_the_field() {
    let two = |a: VariantInput, b: VariantInput| TestDef::new(vec![a, b]);
    assert_eq!(
        error_of(two(conv(10.0, 11.0), conv(10.0, 1.0))).1,
        "variants[0].conversions"
    );
    assert_eq!(
        error_of(two(conv(10.0, 1.0), conv(-3.0, 0.0))).1,
        "variants[1].users"
    );
    assert_eq!(
        error_of(two(conv(10.0, 1.5), conv(10.0, 1.0))).1,
        "variants[0].conversions"
    );
    assert_eq!(
        error_of(two(conv(f64::NAN, 1.0), conv(10.0, 1.0))).1,
        "variants[0].users"
    );
    assert_eq!(
        error_of(two(mean(10.0, f64::INFINITY, 1.0), mean(10.0, 1.0, 1.0))).1,
        "variants[0].mean"
    );
    assert_eq!(
        error_of(two(mean(10.0, 1.0, -1.0), mean(10.0, 1.0, 1.0))).1,
        "variants[0].sd"
    );
    assert_eq!(
        error_of(two(conv(10.0, 1.0), mean(10.0, 1.0, 1.0))).1,
        "variants[1]"
    );
    assert_eq!(error_of(TestDef::new(vec![conv(10.0, 1.0)])).1, "variants");
    for alpha in [0.0, 1.0, -0.1, f64::NAN] {
        let mut def = two(conv(10.0, 1.0), conv(10.0, 2.0));
        def.alpha = alpha;
        assert_eq!(error_of(def), (ErrorCode::OutOfRange, "alpha".to_string()));
    }
    let mut def = two(conv(10.0, 1.0), conv(10.0, 2.0));
    def.weights = Some(vec![0.5, 0.0]);
    assert_eq!(error_of(def).1, "weights[1]");
    let mut def = two(conv(10.0, 1.0), conv(10.0, 2.0));
    def.weights = Some(vec![0.5]);
    assert_eq!(error_of(def).1, "weights");
    let values = VariantInput {
        values: Some(vec![1.0, f64::NAN]),
        ..Default::default()
    };
    assert_eq!(
        error_of(two(values, mean(10.0, 1.0, 1.0))).1,
        "variants[0].values[1]"
    );
}

#[test]
fn undefined_results_say_why() {
    let def = TestDef::new(vec![conv(0.0, 0.0), conv(10.0, 1.0)]);
    let r = ab_test(&def).unwrap();
    assert!(r.comparisons[0]
        .undefined
        .as_deref()
        .unwrap()
        .starts_with("because"));
    assert!(r.srm.p_value.is_some());
    let def = TestDef::new(vec![conv(100.0, 0.0), conv(100.0, 0.0)]);
    let r = ab_test(&def).unwrap();
    assert!(r.comparisons[0]
        .undefined
        .as_deref()
        .unwrap()
        .contains("0%"));
    assert!(r.omnibus.unwrap().undefined.is_some());
    let def = TestDef::new(vec![mean(1.0, 3.0, 0.0), mean(5.0, 3.0, 1.0)]);
    let r = ab_test(&def).unwrap();
    assert!(r.comparisons[0]
        .undefined
        .as_deref()
        .unwrap()
        .contains("at least 2"));
}

#[test]
fn one_sided_p_values_are_halves_of_the_two_sided_one() {
    let mut def = TestDef::new(vec![conv(5000.0, 400.0), conv(5000.0, 460.0)]);
    let two = ab_test(&def).unwrap().comparisons[0].p_value.unwrap();
    def.alternative = Alternative::Greater;
    let greater = ab_test(&def).unwrap().comparisons[0].p_value.unwrap();
    def.alternative = Alternative::Less;
    let less = ab_test(&def).unwrap().comparisons[0].p_value.unwrap();
    assert!((greater * 2.0 - two).abs() < 1e-15);
    assert!((greater + less - 1.0).abs() < 1e-12);
}

#[test]
fn lower_is_better_flips_the_verdict_not_the_numbers() {
    let def = TestDef::new(vec![conv(20000.0, 1000.0), conv(20000.0, 1200.0)]);
    let lower_is_better = TestDef {
        higher_is_better: false,
        ..def.clone()
    };
    let (up, down) = (ab_test(&def).unwrap(), ab_test(&lower_is_better).unwrap());
    assert_eq!(up.comparisons[0].difference, down.comparisons[0].difference);
    assert_eq!(
        up.comparisons[0].verdict,
        Some(yunying::abtest::compare::Verdict::Better)
    );
    assert_eq!(
        down.comparisons[0].verdict,
        Some(yunying::abtest::compare::Verdict::Worse)
    );
}

#[test]
fn relative_lift_divides_by_the_magnitude_of_a_negative_baseline() {
    // Net refunds per user: control −20, treatment −10 (less negative is better): lift +50%.
    let def = TestDef::new(vec![mean(1000.0, -20.0, 5.0), mean(1000.0, -10.0, 5.0)]);
    let r = ab_test(&def).unwrap();
    assert_eq!(r.comparisons[0].relative_lift, Some(0.5));
}

#[test]
fn sample_size_and_power_are_inverse() {
    use yunying::abtest::planning::{mde, power, sample_size, PlanInput};
    let input: PlanInput = serde_json::from_str(r#"{ "baseline": 0.08, "mde": 0.1, "relativeMde": true, "variants": 3, "ratio": 1.5, "dailyTraffic": 12000 }"#).unwrap();
    let plan = sample_size(&input).unwrap();
    let mut at = input.clone();
    at.users_per_arm = Some(plan.users_per_arm_exact[0]);
    assert!(
        (power(&at).unwrap().power - 0.8).abs() < 1e-9,
        "{}",
        power(&at).unwrap().power
    );
    assert!((mde(&at).unwrap().effect - 0.008).abs() < 1e-9);
    assert_eq!(plan.users_per_arm.len(), 3);
    assert_eq!(plan.days, Some((plan.total_users / 12000.0).ceil()));
}
