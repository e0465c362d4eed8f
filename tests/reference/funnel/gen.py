"""Reference vectors for the funnel tests.

1. clickhouse.json: ClickHouse's own functional test for windowFunnel, transcribed row by row
   (ClickHouse/ClickHouse tests/queries/0_stateless/00632_aggregation_window_funnel.sql and its
   .reference). Times are ClickHouse's seconds (the Rust test multiplies by 1000 for ms, the
   window too). Each case names the query it comes from. Cases where that stored .reference
   disagrees with the current source (AggregateFunctionWindowFunnel.cpp, allow_reentry and
   re-entered step 1 under strict_order) are listed in README "Funnels", not here.
2. wilson.json: Wilson score intervals from statsmodels' proportion_confint(method='wilson').
3. percentiles.json: nearest-rank median / p90 from numpy (method='inverted_cdf').
4. breakdown_times.json: a generated log where every user's chain is plain (each step at most once,
   in order, no ties), so pandas can take each chain's step-to-step durations directly; per
   breakdown group (first touch) and overall: users per step and times to convert — numpy's
   inverted_cdf median / p90 and a histogram over the README's bin edges.
5. correlation.json: a generated log for correlation analysis; pandas decides each user's
   success (reached the last step within the window) and which events / first-event property
   values they have in their window; statsmodels' Table2x2 (shift_zeros=True, which in its code
   turns zero cells into 0.5) gives each factor's odds ratio, 95 % interval and p-value.

Run: python3 tests/reference/funnel/gen.py
"""
import json, os
import numpy as np
import pandas as pd
from statsmodels.stats.contingency_tables import Table2x2
from statsmodels.stats.proportion import proportion_confint

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = "ClickHouse tests/queries/0_stateless/00632_aggregation_window_funnel.sql"

def seq(events, start=1):
    """A user's rows: event names at times start, start+1, ..."""
    return [[start + i, e] for i, e in enumerate(events)]

cases = []
def case(query, window, mode, steps, users):
    """users: {user: (rows, expected level)}; steps: event names or lists (any of the names)."""
    cases.append({"source": SRC, "query": query, "windowS": window, "mode": mode, "steps": steps,
                  "users": [{"user": u, "rows": rows, "expected": exp} for u, (rows, exp) in users.items()]})

t1 = [[i, str(1000 + i)] for i in range(9)]
for w, steps, exp in [
    (10000, ["1000"], None),
    (10000, ["1000", "1001"], 2), (10000, ["1000", "1001", "1002"], 3),
    (10000, ["1000", "1001", "1002", "1008"], 4),
    (2, ["1003", "1004", "1005", "1006", "1007"], 3), (3, ["1003", "1004", "1005", "1006", "1007"], 4),
    (4, ["1003", "1004", "1005", "1006", "1007"], 5),
]:
    if exp is None:
        continue  # one-step funnels: yunying needs at least two steps
    case(f"select {exp} = windowFunnel({w})(timestamp, " + ", ".join(f"event = {s}" for s in steps) + ") from funnel_test", w, [], steps, {1: (t1, exp)})

t2 = [[i, str(1000 + i)] for i in range(1, 9)]
case("select 2 = windowFunnel(10000)(timestamp, event = 1001, event = 1008) from funnel_test2", 10000, [], ["1001", "1008"], {1: (t2, 2)})
case("select 1 = windowFunnel(10000)(timestamp, event = 1008, event = 1001) from funnel_test2", 10000, [], ["1008", "1001"], {1: (t2, 1)})
names = [str(e) for e in range(1001, 1009)]
le = lambda x: [n for n in names if int(n) <= x]
ge = lambda x: [n for n in names if int(n) >= x]
case("select 4 = windowFunnel(4)(timestamp, event <= 1007, event >= 1002, event <= 1006, event >= 1004) from funnel_test2",
     4, [], [le(1007), ge(1002), le(1006), ge(1004)], {1: (t2, 4)})

ts = [[0, "1000"], [10, "1001"], [20, "1002"], [30, "1003"], [40, "1004"], [50, "1005"], [51, "1005"], [60, "1006"], [70, "1007"], [80, "1008"]]
s7 = [str(e) for e in range(1000, 1007)]
case("select 6 = windowFunnel(10000, 'strict_deduplication')(timestamp, event = 1000, …, event = 1006) from funnel_test_strict", 10000, ["strict_deduplication"], s7, {1: (ts, 6)})
case("select 7 = windowFunnel(10000)(timestamp, event = 1000, …, event = 1006) from funnel_test_strict", 10000, [], s7, {1: (ts, 7)})

so = {1: "abc", 2: "adbc", 3: "aabbcc", 4: "aaaabbcc", 5: "aabbdcc", 6: "ccbbaa"}
for mode, exp in [([], [3, 3, 3, 3, 3, 1]), (["strict_order"], [3, 1, 3, 3, 2, 1]),
                  (["strict_deduplication", "strict_order"], [3, 1, 2, 2, 2, 1])]:
    q = "select user, windowFunnel(86400" + "".join(f", '{m}'" for m in mode) + ")(dt, event='a', event='b', event='c') as s from funnel_test_strict_order group by user"
    case(q, 86400, mode, ["a", "b", "c"], {u: (seq(list(e)), x) for (u, e), x in zip(so.items(), exp)})
case("select user, windowFunnel(10, 'strict_order')(dt, event = 'a', event = 'b', event = 'c') from funnel_test_strict_order where user = 7",
     10, ["strict_order"], ["a", "b", "c"], {7: (seq(list("acb")), 1)})
case("select 3 = windowFunnel(86400, 'strict_deduplication')(ts, event='a', event='b', event='c', event='d') from strict_BiteTheDDDD",
     86400, ["strict_deduplication"], ["a", "b", "c", "d"], {1: (seq(list("abcbd")), 3)})

inc = [[0, "1000"], [1, "1001"], [1, "1002"], [1, "1003"], [2, "1004"]]
s5 = [str(e) for e in range(1000, 1005)]
case("select 5 = windowFunnel(10000)(timestamp, event = 1000, …, event = 1004) from funnel_test_strict_increase", 10000, [], s5, {1: (inc, 5)})
case("select 2 = windowFunnel(10000, 'strict_increase')(timestamp, event = 1000, …, event = 1004) from funnel_test_strict_increase", 10000, ["strict_increase"], s5, {1: (inc, 2)})
for mode, exp in [([], 3), (["strict_once"], 1), (["strict_increase"], 1)]:
    q = "select %d = windowFunnel(10000%s)(timestamp, event = 1004, event = 1004, event = 1004) from funnel_test_strict_increase" % (exp, "".join(f", '{m}'" for m in mode))
    case(q, 10000, mode, ["1004", "1004", "1004"], {1: (inc, exp)})

fs = {123: [[180, "failure"], [220, "failure"], [250, "success"]], 234: [[100, "failure"], [250, "failure"]],
      345: [[200, "success"], [210, "failure"], [230, "success"]]}
for mode in (["strict_once", "strict_increase"], ["strict_once"], ["strict_once", "strict_deduplication"]):
    q = "SELECT uid, windowFunnel(200" + "".join(f", '{m}'" for m in mode) + ")(toUInt32(event_ts), result='failure', result='failure', result='success') FROM funnel_test2 GROUP BY uid"
    case(q, 200, mode, ["failure", "failure", "success"], {u: (fs[u], x) for u, x in [(123, 3), (234, 2), (345, 1)]})

# allow_reentry: only the users on which the stored .reference and the current source agree.
ar = {1: "abac", 2: "ababc", 3: "abcbd", 4: "acb", 5: "abcabcd"}
def pick(users, exp):
    return {u: (seq(list(ar[u])), exp[u]) for u in users}
case("select user, windowFunnel(86400, 'strict_order')(dt, event='a', event='b', event='c') from funnel_test_allow_reentry group by user",
     86400, ["strict_order"], ["a", "b", "c"], pick([3, 4, 5], {3: 3, 4: 1, 5: 3}))
case("select user, windowFunnel(86400, 'strict_order', 'allow_reentry')(dt, event='a', event='b', event='c') from funnel_test_allow_reentry group by user",
     86400, ["strict_order", "allow_reentry"], ["a", "b", "c"], pick([1, 2, 3, 5], {1: 3, 2: 3, 3: 3, 5: 3}))
case("select user, windowFunnel(86400, 'strict_order')(dt, event='a', event='b', event='c', event='d') from funnel_test_allow_reentry group by user",
     86400, ["strict_order"], ["a", "b", "c", "d"], pick([3, 4], {3: 4, 4: 1}))
case("select user, windowFunnel(86400, 'strict_order', 'allow_reentry')(dt, event='a', event='b', event='c', event='d') from funnel_test_allow_reentry group by user",
     86400, ["strict_order", "allow_reentry"], ["a", "b", "c", "d"], pick([1, 2, 3, 5], {1: 3, 2: 3, 3: 4, 5: 4}))
case("select user, windowFunnel(86400, 'strict_order', 'allow_reentry', 'strict_deduplication')(dt, event='a', event='b', event='c') from funnel_test_allow_reentry group by user",
     86400, ["strict_order", "allow_reentry", "strict_deduplication"], ["a", "b", "c"], pick([1, 3, 5], {1: 3, 3: 3, 5: 3}))
ec = {1: [[100, "B"], [200, "V"], [300, "B"], [400, "P"]], 2: [[100, "B"], [200, "V"], [250, "V"], [300, "B"], [400, "P"]], 3: [[100, "B"], [200, "V"], [300, "P"]]}
case("select user_id, windowFunnel(600, 'strict_order')(timestamp, action='begin_checkout', action='view_product_detail', action='complete_payment') from funnel_test_ecommerce (user 3)",
     600, ["strict_order"], ["B", "V", "P"], {3: (ec[3], 3)})
case("select user_id, windowFunnel(600, 'strict_order', 'allow_reentry')(timestamp, action='begin_checkout', action='view_product_detail', action='complete_payment') from funnel_test_ecommerce",
     600, ["strict_order", "allow_reentry"], ["B", "V", "P"], {u: (ec[u], 3) for u in ec})
case("select user_id, windowFunnel(600, 'strict_order')(timestamp, action='begin_checkout', action='view_product_detail', action='begin_checkout', action='complete_payment') from funnel_test_ecommerce",
     600, ["strict_order"], ["B", "V", "B", "P"], {u: (ec[u], 1) for u in ec})

with open(os.path.join(HERE, "clickhouse.json"), "w") as f:
    json.dump(cases, f, ensure_ascii=False, indent=1)

wilson = []
for x, n in [(0, 10), (1, 10), (5, 10), (10, 10), (37, 120), (4321, 50000), (1, 1), (999, 1000)]:
    lo, hi = proportion_confint(x, n, alpha=0.05, method="wilson")
    wilson.append({"x": x, "n": n, "lo": lo, "hi": hi})
with open(os.path.join(HERE, "wilson.json"), "w") as f:
    json.dump(wilson, f, indent=1)

rng = np.random.default_rng(7)
pct = []
for size in (1, 2, 3, 10, 11, 101):
    v = rng.integers(0, 10**7, size=size)
    pct.append({"values": v.tolist(), "median": int(np.percentile(v, 50, method="inverted_cdf")),
                "p90": int(np.percentile(v, 90, method="inverted_cdf"))})
with open(os.path.join(HERE, "percentiles.json"), "w") as f:
    json.dump(pct, f, indent=1)

# 4. Times to convert per breakdown group.
STEPS = ["view", "cart", "pay"]
WINDOW_MS = 3_600_000
EDGES_MS = [e for e in [0, 10_000, 60_000, 300_000, 900_000, 1_800_000, 3_600_000, 10_800_000] if e <= WINDOW_MS]
CHANNELS = ["抖音", "微信", "百度", None]
rng = np.random.default_rng(11)
rows = []
for user in range(1, 401):
    t = int(rng.integers(0, 10**9))
    for k, step in enumerate(STEPS):
        if k > 0:
            if rng.random() < 0.3:
                break
            t += int(np.exp(rng.uniform(np.log(1_000), np.log(5_000_000))))  # 1 s … 83 min
        rows.append([user, t, step, CHANNELS[int(rng.integers(0, len(CHANNELS)))]])
        if rng.random() < 0.5:  # an event that is no step, in between
            rows.append([user, t + 1 + int(rng.integers(0, 500)), "share", CHANNELS[int(rng.integers(0, 3))]])

df = pd.DataFrame(rows, columns=["user", "ts", "event", "channel"])
times = df[df.event.isin(STEPS)].pivot(index="user", columns="event", values="ts")[STEPS]
channel = df[df.event == STEPS[0]].set_index("user").channel
start = times[STEPS[0]]
# Steps reached: each step within the window of the view (and only after the previous one).
reached = pd.DataFrame({s: times[s].notna() & (times[s] <= start + WINDOW_MS) for s in STEPS})
reached = reached.cummin(axis=1)
level = reached.sum(axis=1)

def summary(users):
    out = []
    for k, s in enumerate(STEPS):
        n = int((level[users] > k).sum())
        step = {"users": n}
        if k > 0:
            d = (times[s] - times[STEPS[k - 1]])[users][level[users] > k].to_numpy()
            step["count"] = len(d)
            step["medianMs"] = int(np.percentile(d, 50, method="inverted_cdf")) if len(d) else None
            step["p90Ms"] = int(np.percentile(d, 90, method="inverted_cdf")) if len(d) else None
            bins = np.searchsorted(EDGES_MS, d, side="right") - 1
            step["histogram"] = np.bincount(bins, minlength=len(EDGES_MS)).tolist()
        out.append(step)
    return out

groups = []
for value in df.channel.drop_duplicates():
    users = channel.index[channel.isna()] if value is None else channel.index[channel == value]
    if len(users):
        groups.append({"value": value, "steps": summary(users)})
groups.sort(key=lambda g: (-g["steps"][0]["users"], g["value"] is not None, g["value"] or ""))
with open(os.path.join(HERE, "breakdown_times.json"), "w") as f:
    json.dump({"steps": STEPS, "windowMs": WINDOW_MS, "rows": rows, "total": summary(times.index),
               "groups": groups}, f, ensure_ascii=False, indent=None)

# 5. Correlation analysis.
CITIES = ["上海", "北京", "广州", None]
rng = np.random.default_rng(5)
rows = []
for user in range(1, 601):
    t0 = int(rng.integers(0, 10**9))
    city = CITIES[int(rng.integers(0, len(CITIES)))]
    rows.append([user, t0, "view", city])
    p = 0.25 + {"上海": 0.15, "北京": 0.0, "广州": -0.1, None: 0.0}[city]
    for event, chance, effect in [("coupon", 0.4, 0.3), ("complaint", 0.2, -0.2), ("share", 0.3, 0.0)]:
        if rng.random() < chance:
            rows.append([user, t0 + int(rng.integers(1_000, 1_800_000)), event, CITIES[int(rng.integers(0, 3))]])
            p += effect
    if rng.random() < 0.15:  # outside the window: before the view, or after it closes
        late = rng.random() < 0.5
        rows.append([user, t0 + (WINDOW_MS + int(rng.integers(1, 10**6)) if late else -int(rng.integers(1, 10**6))), "coupon", None])
    if rng.random() < 0.1:
        rows.append([user, t0 + WINDOW_MS + 5_000, "refund", None])  # only ever after the window
    if rng.random() < 0.7:
        cart = t0 + int(rng.integers(1_000, 1_200_000))
        rows.append([user, cart, "cart", None])
        if rng.random() < min(max(p, 0.02), 0.98):
            paid = cart + int(rng.integers(1_000, 1_200_000))
            rows.append([user, paid, "pay", None])
            if rng.random() < 0.1:  # only converters do this: a table with a zero cell
                rows.append([user, paid + 1_000, "vip", None])

df = pd.DataFrame(rows, columns=["user", "ts", "event", "city"])
view = df[df.event == "view"].set_index("user")
t0 = view.ts
first_time = lambda name: df[df.event == name].groupby("user").ts.min().reindex(t0.index)
cart, pay = first_time("cart"), first_time("pay")
success = (cart <= t0 + WINDOW_MS) & (pay >= cart) & (pay <= t0 + WINDOW_MS)
in_window = df[(df.ts >= df.user.map(t0)) & (df.ts <= df.user.map(t0) + WINDOW_MS)]

def factor(has):
    a, c = int((has & success).sum()), int((has & ~success).sum())
    b, d = int(success.sum()) - a, int((~success).sum()) - c
    t = Table2x2(np.array([[a, b], [c, d]]), shift_zeros=True)
    lo, hi = t.oddsratio_confint(alpha=0.05)
    return {"success": a, "failure": c, "oddsRatio": t.oddsratio, "ci95": [lo, hi],
            "pValue": t.log_oddsratio_pvalue()}

events = {}
for name in sorted(set(in_window.event) - {"view", "cart", "pay"}):
    did = pd.Series(t0.index.isin(in_window[in_window.event == name].user), index=t0.index)
    events[name] = factor(did)
properties = []
for value in CITIES:
    has = view.city.isna() if value is None else view.city == value
    if has.any():
        properties.append({"name": "city", "value": value, **factor(has)})
with open(os.path.join(HERE, "correlation.json"), "w") as f:
    json.dump({"steps": ["view", "cart", "pay"], "windowMs": WINDOW_MS, "rows": rows,
               "successUsers": int(success.sum()), "failureUsers": int((~success).sum()),
               "events": events, "properties": properties}, f, ensure_ascii=False)
print(len(cases), "ClickHouse cases,", len(wilson), "Wilson intervals,", len(pct), "percentile sets,",
      len(groups), "breakdown groups,", len(events), "correlated events")
