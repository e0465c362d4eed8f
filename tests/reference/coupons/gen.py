"""Reference vectors for the coupon pricing, from an independent Python implementation.

Written from the rules as documented in README.md (Coupons), not from the Rust code: exact
rational arithmetic (fractions.Fraction), largest-remainder splits with ties to the lower line
index, the store → platform stage order, one coupon per store / one platform coupon, non-stackable
coupons alone, thresholds judged pre-coupon or on the running amount. bestCoupons is brute force
over every subset of the wallet. Run `python3 gen.py > vectors.json`.
"""

import itertools
import json
import random
from fractions import Fraction
from math import floor


def split(total, weights):
    """Largest remainder: floor(total*w/W), leftovers to the largest remainders, ties to lower index."""
    s = sum(weights)
    exact = [Fraction(total * w, s) for w in weights]
    shares = [floor(x) for x in exact]
    left = total - sum(shares)
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - shares[i]), i))
    for i in order[:left]:
        shares[i] += 1
    return shares


def in_scope(scope, line):
    t = scope["type"]
    if t in ("order", "platform"):
        return t == "order" or "stores" not in scope or line["store"] in scope["stores"]
    if t == "store":
        return line["store"] == scope["store"]
    if t == "categories":
        return line["category"] in scope["categories"] and ("store" not in scope or line["store"] == scope["store"])
    raise ValueError(t)


def store_of(offer):
    return offer["scope"].get("store") if offer["scope"]["type"] in ("store", "categories") else None


def percent(amount, pct, rounding):
    x = Fraction(amount) * Fraction(str(pct)) / 100
    return floor(x + Fraction(1, 2)) if rounding == "halfUp" else floor(x)


def outcome(rule, basis, running):
    """(discount, short) of a rule: discount taken from running, thresholds judged on basis."""
    k = rule["kind"]
    if k == "fullReduction":
        d, short = (rule["offFen"], 0) if basis >= rule["thresholdFen"] else (0, rule["thresholdFen"] - basis)
    elif k == "tiered":
        met = [t for t in rule["tiers"] if basis >= t["thresholdFen"]]
        d, short = (met[-1]["offFen"], 0) if met else (0, rule["tiers"][0]["thresholdFen"] - basis)
    elif k == "everyReduction":
        steps = basis // rule["everyFen"]
        d = steps * rule["offFen"]
        if "capFen" in rule:
            d = min(d, rule["capFen"])
        short = 0 if steps else rule["everyFen"] - basis
    elif k == "percentage":
        if basis < rule.get("thresholdFen", 0):
            return 0, rule["thresholdFen"] - basis
        d = percent(running, rule["percentOff"], rule.get("rounding", "halfUp"))
        if "capFen" in rule:
            d = min(d, rule["capFen"])
        short = 0
    elif k == "noThreshold":
        d, short = rule["offFen"], 0
    else:
        raise ValueError(k)
    return min(d, running), short


def price(cart):
    lines = cart["lines"]
    n = len(lines)
    amount = [l["unitPriceFen"] * l["quantity"] for l in lines]
    pre = amount[:]
    scopes = lambda o: [i for i in range(n) if in_scope(o["scope"], lines[i])]

    # Selection, in input order.
    accepted, groups = [], {}
    for c in cart["coupons"]:
        sc = scopes(c)
        if not sc:
            continue
        base = sum(pre[i] for i in sc)
        if outcome(c["rule"], base, base)[1] > 0:
            continue
        if any(not a.get("stackable", True) for a in accepted) or (not c.get("stackable", True) and accepted):
            continue
        g = store_of(c) or "platform"
        if g in groups:
            continue
        groups[g] = c["id"]
        accepted.append(c)

    applied = []

    def apply(o):
        sc = scopes(o)
        if not sc:
            return
        basis_of = pre if o.get("thresholdBasis", "preCoupon") == "preCoupon" else amount
        d, _ = outcome(o["rule"], sum(basis_of[i] for i in sc), sum(amount[i] for i in sc))
        if d <= 0:
            return
        shares = [0] * n
        for i, s in zip(sc, split(d, [amount[i] for i in sc])):
            shares[i] = s
            amount[i] -= s
        applied.append({"id": o["id"], "discountFen": d, "shares": shares})

    for c in accepted:
        if store_of(c):
            apply(c)
    for p in cart.get("promotions", []):
        apply(p)
    for c in accepted:
        if not store_of(c):
            apply(c)
    coupon_ids = [a["id"] for a in applied if a["id"] in {c["id"] for c in cart["coupons"]}]
    return {"payableFen": sum(amount), "applied": applied, "couponIds": coupon_ids}


def best(cart):
    ranked = []
    coupons = cart["coupons"]
    for r in range(len(coupons) + 1):
        for subset in itertools.combinations(coupons, r):
            p = price({**cart, "coupons": list(subset)})
            ids = sorted(p["couponIds"])
            ranked.append((p["payableFen"], len(ids), ids))
    ranked.sort()
    return {"payableFen": ranked[0][0], "couponIds": ranked[0][2]}


def random_cart(rng):
    stores = ["A", "B", "C"]
    cats = ["x", "y"]
    lines = [
        {"lineId": f"L{i}", "sku": f"s{i}", "category": rng.choice(cats), "store": rng.choice(stores),
         "unitPriceFen": rng.randint(1, 30000), "quantity": rng.randint(1, 4)}
        for i in range(rng.randint(1, 7))
    ]
    total = sum(l["unitPriceFen"] * l["quantity"] for l in lines)

    def rule():
        t = rng.randint(0, max(1, total))
        off = rng.randint(0, t)
        k = rng.choice(["fullReduction", "tiered", "everyReduction", "percentage", "noThreshold"])
        if k == "fullReduction":
            return {"kind": k, "thresholdFen": t, "offFen": off}
        if k == "tiered":
            t2 = t + rng.randint(1, 20000)
            return {"kind": k, "tiers": [{"thresholdFen": t, "offFen": off}, {"thresholdFen": t2, "offFen": rng.randint(off, t2)}]}
        if k == "everyReduction":
            every = rng.randint(1, 20000)
            r = {"kind": k, "everyFen": every, "offFen": rng.randint(0, every)}
            if rng.random() < 0.5:
                r["capFen"] = rng.randint(0, 30000)
            return r
        if k == "percentage":
            r = {"kind": k, "percentOff": rng.choice([5, 10, 12.5, 15, 33.33, 50, 99.99, 100]),
                 "rounding": rng.choice(["halfUp", "floor"])}
            if rng.random() < 0.5:
                r["capFen"] = rng.randint(0, 20000)
            if rng.random() < 0.5:
                r["thresholdFen"] = t
            return r
        return {"kind": k, "offFen": rng.randint(0, 20000)}

    def scope():
        s = rng.choice(["order", "store", "categories", "platform"])
        if s == "store":
            return {"type": "store", "store": rng.choice(stores)}
        if s == "categories":
            return {"type": "categories", "categories": [rng.choice(cats)], "store": rng.choice(stores)}
        if s == "platform":
            return {"type": "platform", "stores": rng.sample(stores, 2)}
        return {"type": "order"}

    coupons = []
    for k in range(rng.randint(0, 7)):
        c = {"id": f"C{k}", "rule": rule(), "scope": scope(),
             "thresholdBasis": rng.choice(["preCoupon", "running"])}
        if rng.random() < 0.15:
            c["stackable"] = False
        coupons.append(c)
    promotions = []
    if rng.random() < 0.6:
        promotions.append({"id": "cross", "rule": {"kind": "everyReduction", "everyFen": 30000, "offFen": 5000},
                           "scope": {"type": "platform"}})
    return {"lines": lines, "promotions": promotions, "coupons": coupons}


def main():
    rng = random.Random(20251111)
    vectors = []
    for _ in range(300):
        cart = random_cart(rng)
        vectors.append({"cart": cart, "priced": price(cart), "best": best(cart)})
    print(json.dumps({"generator": "tests/reference/coupons/gen.py", "vectors": vectors}, ensure_ascii=False))


if __name__ == "__main__":
    main()
