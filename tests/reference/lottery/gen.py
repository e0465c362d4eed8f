"""Reference values for the lottery tests, from sources independent of the Rust code.

- chi-square critical values: scipy.stats.chi2.ppf;
- the verifiable-draw vectors: SHA-256 and HMAC-SHA256 from Python's hashlib/hmac AND the
  `openssl dgst` command line (the script stops if they disagree), and the ticket computed by
  this file's own implementation of the scheme as the README specifies it;
- exact odds: Python fractions over the documented sold-out rules;
- coupon-collector expectations: n·H_n as exact fractions, a small unequal case by
  inclusion-exclusion in fractions, a 20-card case by mpmath quadrature at 40 digits,
  P(T <= n) by inclusion-exclusion in fractions and, for equal cards, by Stirling numbers;
- red-packet position expectations: exact enumeration of the documented 二倍均值 rule.

Run: python3 tests/reference/lottery/gen.py  (writes reference.json next to this file)
"""
import hashlib
import hmac
import itertools
import json
import subprocess
from fractions import Fraction
from pathlib import Path

import mpmath
from scipy.stats import chi2

OUT = Path(__file__).with_name("reference.json")


def openssl(args, data: bytes) -> str:
    out = subprocess.run(["openssl", "dgst", *args], input=data, capture_output=True, check=True).stdout
    return out.decode().strip().split("= ")[-1]


def sha256_hex(text: str) -> str:
    mine = hashlib.sha256(text.encode()).hexdigest()
    assert mine == openssl(["-sha256"], text.encode()), "hashlib and openssl disagree"
    return mine


def hmac_hex(key: str, message: str) -> str:
    mine = hmac.new(key.encode(), message.encode(), hashlib.sha256).hexdigest()
    assert mine == openssl(["-sha256", "-hmac", key], message.encode()), "hmac and openssl disagree"
    return mine


def ticket(server_seed, client_seed, nonce, total):
    """The scheme, step 3-4: first accepted 4-byte big-endian chunk, x mod total."""
    limit = 2**32 - (2**32 % total)
    for rnd in itertools.count():
        message = f"{client_seed}:{nonce}" if rnd == 0 else f"{client_seed}:{nonce}:{rnd}"
        digest = bytes.fromhex(hmac_hex(server_seed, message))
        for chunk in range(8):
            x = int.from_bytes(digest[4 * chunk: 4 * chunk + 4], "big")
            if x < limit:
                return x % total, rnd, chunk, digest.hex()


def prize_of(weights, t):
    upper = 0
    for i, w in enumerate(weights):
        upper += w
        if t < upper:
            return i


def verifiable_vectors():
    server_seed = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
    client_seed = "user-42"
    prizes = [("iphone", 1), ("coupon50", 99), ("coupon5", 900), ("thanks", 9000)]
    weights = [w for _, w in prizes]
    vectors = []

    def add(seed, client, nonce, prizes, note):
        ws = [w for _, w in prizes]
        t, rnd, chunk, digest = ticket(seed, client, nonce, sum(ws))
        vectors.append({
            "note": note, "serverSeed": seed, "serverSeedHash": sha256_hex(seed), "clientSeed": client,
            "nonce": nonce, "prizes": [{"id": i, "weight": w} for i, w in prizes], "total": sum(ws),
            "hmacRound0": hmac_hex(seed, f"{client}:{nonce}"), "ticket": t, "round": rnd, "chunk": chunk,
            "hmac": digest, "prizeId": prizes[prize_of(ws, t)][0],
        })

    add(server_seed, client_seed, 1, prizes, "the README's vector")
    add(server_seed, client_seed, 2, prizes, "another nonce")
    add("", "c", 0, [("only", 1)], "empty server seed, one prize")
    # A total just above 2^31 rejects about half the chunks: find a nonce whose first chunk is
    # rejected, and one whose whole first round is rejected (the round counter is then used).
    big = [("a", 2**31), ("b", 1)]
    first_rejected = next(n for n in range(10_000) if ticket(server_seed, "r", n, 2**31 + 1)[2] > 0)
    add(server_seed, "r", first_rejected, big, "first chunk rejected")
    round_one = next(n for n in range(100_000) if ticket(server_seed, "r", n, 2**31 + 1)[1] > 0)
    add(server_seed, "r", round_one, big, "whole first round rejected: round 1 used")
    add(server_seed, "full", 7, [("x", 2**31), ("y", 2**31)], "total 2^32: every chunk accepted")
    return vectors


def odds_cases():
    """Exact odds under the documented rules: renormalize drops a sold-out weight, fallback moves it."""
    prizes = [("p1", 1, 1), ("p2", 10, 0), ("p3", 89, None), ("none", 900, None)]  # id, weight, stock
    weights = {p[0]: p[1] for p in prizes}

    def fractions(ws):
        total = sum(ws.values())
        return {k: f"{Fraction(v, total).numerator}/{Fraction(v, total).denominator}" for k, v in ws.items()}

    configured = fractions(weights)
    renorm = dict(weights, p2=0)  # p2 starts sold out
    renorm_after_p1 = dict(renorm, p1=0)
    fallback = dict(weights, p2=0, none=weights["none"] + weights["p2"])
    fallback_after_p1 = dict(fallback, p1=0, none=fallback["none"] + 1)
    return {
        "prizes": [{"id": i, "weight": w, "stock": s} for i, w, s in prizes],
        "configured": configured,
        "renormalize": fractions(renorm),
        "renormalizeAfterP1": fractions(renorm_after_p1),
        "fallback": fractions(fallback),
        "fallbackAfterP1": fractions(fallback_after_p1),
    }


def harmonic_expectation(n):
    return n * sum(Fraction(1, k) for k in range(1, n + 1))


def ie_expectation(ps):
    total = Fraction(0)
    for r in range(1, len(ps) + 1):
        for subset in itertools.combinations(ps, r):
            total += (-1) ** (r + 1) / sum(subset)
    return total


def ie_within(ps, n):
    """P(T <= n) = sum over sets S of missing cards of (-1)^|S| (1 - P(S))^n."""
    total = Fraction(0)
    for r in range(0, len(ps) + 1):
        for subset in itertools.combinations(ps, r):
            total += (-1) ** r * (1 - sum(subset)) ** n
    return total


def stirling2(n, k):
    row = [1] + [0] * k
    for i in range(1, n + 1):
        new = [0] * (k + 1)
        for j in range(1, min(i, k) + 1):
            new[j] = j * row[j] + row[j - 1]
        row = new
    return row[k]


def equal_within(k, n):
    """P(T <= n) with k equal cards: k! S(n, k) / k^n."""
    return Fraction(mpmath.factorial(k) and int(mpmath.factorial(k)) * stirling2(n, k), k**n)


def integral_expectation(ps):
    mpmath.mp.dps = 40
    f = lambda t: 1 - mpmath.fprod([1 - mpmath.exp(-p * t) for p in ps])
    return mpmath.quad(f, [0, 1, 10, 100, 1000, 10000, mpmath.inf])


def cards():
    unequal = [Fraction(1, 2), Fraction(1, 4), Fraction(1, 8), Fraction(1, 8)]
    # 集五福-like: four common cards and a rare one.
    wufu = [Fraction(24, 100)] * 4 + [Fraction(4, 100)]
    twenty = [Fraction(i, 210) for i in range(1, 21)]  # 1/210 … 20/210, sum 1
    return {
        "equal": [{"cards": n, "expected": float(harmonic_expectation(n))} for n in (1, 2, 5, 10, 16, 17, 50, 100, 1000)],
        "unequal": {
            "probabilities": [float(p) for p in unequal],
            "expected": float(ie_expectation(unequal)),
            "within": [{"draws": n, "probability": float(ie_within(unequal, n))} for n in (0, 3, 4, 5, 10, 20, 50)],
        },
        "wufu": {
            "probabilities": [float(p) for p in wufu],
            "expected": float(ie_expectation(wufu)),
            "within": [{"draws": n, "probability": float(ie_within(wufu, n))} for n in (5, 20, 30, 60)],
        },
        "twenty": {"probabilities": [float(p) for p in twenty], "expected": float(integral_expectation([float(p) for p in twenty]))},
        "equalWithin": [
            {"cards": k, "draws": n, "probability": float(equal_within(k, n))} for k, n in ((5, 5), (5, 12), (10, 30), (30, 100))
        ],
    }


def red_packet_expectations(total, count, minimum):
    """Exact E[amount] per position of the documented 二倍均值 rule, by enumerating every path."""
    dist = {total: Fraction(1)}  # money left -> probability
    means = []
    for k in range(count, 1, -1):
        mean = Fraction(0)
        new = {}
        for left, p in dist.items():
            hi = min(2 * left // k, left - (k - 1) * minimum)
            choices = range(minimum, hi + 1)
            for a in choices:
                q = p / len(choices)
                mean += q * a
                new[left - a] = new.get(left - a, 0) + q
        means.append(mean)
        dist = new
    means.append(sum(p * left for left, p in dist.items()))
    return [float(m) for m in means]


def main():
    alpha = 0.001
    weights = [1, 9, 90, 400, 500]  # the chi-square pool (total 1000)
    reference = {
        "chiSquare": {
            "alpha": alpha, "weights": weights, "draws": 1_000_000,
            "critical": float(chi2.ppf(1 - alpha, len(weights) - 1)),
            # The pity pool: a run of 1e6 draws with stock on top (the test's own scenario).
        },
        "verifiable": verifiable_vectors(),
        "odds": odds_cases(),
        "cards": cards(),
        "redPacket": [
            {"totalFen": t, "count": c, "minFen": m, "positionMeans": red_packet_expectations(t, c, m)}
            for t, c, m in ((10, 3, 1), (100, 4, 1), (30, 5, 2))
        ],
    }
    OUT.write_text(json.dumps(reference, indent=1, ensure_ascii=False) + "\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
