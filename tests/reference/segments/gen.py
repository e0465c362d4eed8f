"""Reference vectors for user segmentation and RFM, computed with pandas (independently of yunying).

Run:  python3 -m venv /tmp/venv && /tmp/venv/bin/pip install pandas==3.1.1 numpy==2.4.6
      /tmp/venv/bin/python tests/reference/segments/gen.py
(pinned: pandas 3 computes quintile levels slightly differently from pandas 1.x, see
src/segment/quantile.rs, and a value lying exactly on an edge can change bin.)
Writes tests/reference/segments/vectors.json, read by tests/segments.rs.

Conventions reproduced here the way an analyst writes them in a notebook:
- RFM quintiles: pd.qcut(x, 5, labels=False, duplicates='drop', retbins=True); recency scored
  5 - bin (most recent = 5), monetary with the best bin = 5 (6 + bin - bins), frequency cut on
  x.rank(method='first').
- Named segments: the classic R/F regex map on the string f"{R}{F}", Hibernating split into
  R=2 (hibernating) and R=1 (lost).
- 8-class: high = strictly better than the mean / median of the raw values.
- Features: pandas groupby over events with ts <= asOf, local day = floor((ts + offset) / day).
"""
import json
import pathlib

import numpy as np
import pandas as pd

OUT = pathlib.Path(__file__).with_name("vectors.json")
DAY = 86_400_000
rng = np.random.default_rng(20251111)

SEG_MAP = {
    r"[1-2][1-2]": "hibernating",
    r"[1-2][3-4]": "atRisk",
    r"[1-2]5": "cantLose",
    r"3[1-2]": "aboutToSleep",
    r"33": "needAttention",
    r"[3-4][4-5]": "loyal",
    r"41": "promising",
    r"51": "new",
    r"[4-5][2-3]": "potentialLoyalist",
    r"5[4-5]": "champions",
}
NAMED = ["champions", "loyal", "potentialLoyalist", "new", "promising", "needAttention",
         "aboutToSleep", "atRisk", "cantLose", "hibernating", "lost"]
EIGHT = ["importantValue", "importantDevelop", "importantKeep", "importantRetain",
         "generalValue", "generalDevelop", "generalKeep", "generalRetain"]


def qcut_scores(x, high_best):
    codes, bins = pd.qcut(x, 5, labels=False, duplicates="drop", retbins=True)
    nbins = len(bins) - 1
    codes = codes.astype(int)
    return (6 + codes - nbins) if high_best else (5 - codes), list(map(float, bins))


def segment_table(df, key_col, keys):
    g = df.groupby(key_col)
    out = []
    for k in keys:
        if k in g.groups:
            part = g.get_group(k)
            out.append({"key": k, "customers": int(len(part)),
                        "avgRecencyDays": float(part.recency.mean()),
                        "avgFrequency": float(part.frequency.mean()),
                        "avgMonetaryFen": float(part.monetary.mean()),
                        "totalMonetaryFen": int(part.monetary.sum())})
        else:
            out.append({"key": k, "customers": 0, "avgRecencyDays": 0.0, "avgFrequency": 0.0,
                        "avgMonetaryFen": 0.0, "totalMonetaryFen": 0})
    return out


def rfm_expected(df, thresholds=None, split="mean"):
    df = df.copy()
    if thresholds is None:
        df["R"], r_edges = qcut_scores(df.recency, high_best=False)
        df["F"], f_edges = qcut_scores(df.frequency.rank(method="first"), high_best=True)
        df["M"], m_edges = qcut_scores(df.monetary, high_best=True)
    else:
        cut = lambda x, c: pd.cut(x, [-np.inf, *c, np.inf], labels=False, right=True).astype(int)
        df["R"] = 5 - cut(df.recency, thresholds["recency"])
        df["F"] = 1 + cut(df.frequency, thresholds["frequency"])
        df["M"] = 1 + cut(df.monetary, thresholds["monetary"])
        r_edges, f_edges, m_edges = thresholds["recency"], thresholds["frequency"], thresholds["monetary"]
    rf = df.R.astype(str) + df.F.astype(str)
    df["named"] = rf.replace(SEG_MAP, regex=True)
    df.loc[df.named.eq("hibernating") & df.R.eq(1), "named"] = "lost"
    centre = {"mean": lambda s: s.mean(), "median": lambda s: s.median()}[split]
    r_high = df.recency < centre(df.recency)
    f_high = df.frequency > centre(df.frequency)
    m_high = df.monetary > centre(df.monetary)
    idx = 4 * (~m_high).astype(int) + 2 * (~r_high).astype(int) + (~f_high).astype(int)
    df["eight"] = [EIGHT[i] for i in idx]
    grid = pd.crosstab(df.R, df.F).reindex(index=range(1, 6), columns=range(1, 6), fill_value=0)
    return {
        "r": df.R.tolist(), "f": df.F.tolist(), "m": df.M.tolist(),
        "named": df.named.tolist(), "eight": df.eight.tolist(),
        # As repr() strings: exact to the bit whatever JSON parser reads them.
        "edges": {"recency": [repr(float(e)) for e in r_edges],
                  "frequency": [repr(float(e)) for e in f_edges],
                  "monetary": [repr(float(e)) for e in m_edges]},
        "namedSegments": segment_table(df, "named", NAMED),
        "eightSegments": segment_table(df, "eight", EIGHT),
        "split": {"recencyDays": float(centre(df.recency)), "frequency": float(centre(df.frequency)),
                  "monetaryFen": float(centre(df.monetary))},
        "grid": grid.values.tolist(),
    }


def table_case(name, n, recency, frequency, monetary, thresholds=None, split="mean"):
    df = pd.DataFrame({"recency": recency, "frequency": frequency, "monetary": monetary})
    return {"name": name, "split": split, "thresholds": thresholds,
            "recency": [float(x) for x in recency], "frequency": [float(x) for x in frequency],
            "monetary": [int(x) for x in monetary], "expected": rfm_expected(df, thresholds, split)}


def rfm_tables():
    cases = []
    n = 500
    rec = rng.integers(0, 91, n)
    freq = np.minimum(1 + rng.geometric(0.45, n) - 1, 30)
    mon = (rng.lognormal(np.log(9000), 0.9, n) // 10 * 10).astype(np.int64)
    cases.append(table_case("random", n, rec, freq, mon))
    cases.append(table_case("random-median", n, rec, freq, mon, split="median"))
    # Heavy ties: most customers bought one ¥99 item recently, so edges collapse.
    n = 200
    rec = np.where(rng.random(n) < 0.5, 0, rng.integers(1, 40, n))
    freq = np.where(rng.random(n) < 0.7, 1, rng.integers(2, 6, n))
    mon = np.where(rng.random(n) < 0.6, 9900, rng.integers(100, 100000, n))
    cases.append(table_case("collapsed", n, rec, freq, mon))
    # Fractional recency (a caller's own table) and small n.
    cases.append(table_case("small", 7, [0.5, 3.25, 3.25, 10, 1, 30, 7.75], [1, 2, 2, 5, 1, 1, 3],
                            [100, 5000, 5000, 120000, 100, 800, 9999], split="median"))
    cases.append(table_case("fixed", 300, rng.integers(0, 120, 300), rng.integers(1, 12, 300),
                            rng.integers(0, 200000, 300),
                            thresholds={"recency": [7, 14, 30, 60], "frequency": [1, 2, 4, 8],
                                        "monetary": [5000, 20000, 50000, 100000]}))
    return cases


def event_log():
    """A small random log: 300 users over 60 days in Beijing time, some users only after asOf."""
    start = 1_759_248_000_000  # 2025-10-01 00:00 Beijing (16:00 UTC the day before)
    users, ts, events, amount, city = [], [], [], [], []
    names = ["view", "pay", "share"]
    cities = ["上海", "北京", "广州", "深圳"]
    for u in rng.permutation(np.arange(1, 301)):
        first = int(rng.integers(0, 62))
        for _ in range(int(rng.integers(1, 25))):
            day = min(61, first + int(rng.exponential(8)))
            t = start + day * DAY + int(rng.integers(0, DAY))
            e = int(rng.choice(3, p=[0.75, 0.17, 0.08]))
            users.append(int(u) * 7)  # ids that are not 0..n
            ts.append(t)
            events.append(names[e])
            amount.append(int(rng.lognormal(np.log(8000), 0.8)) if e == 1 and rng.random() > 0.1 else None)
            city.append(cities[int(rng.integers(0, 4))] if rng.random() > 0.05 else None)
    order = rng.permutation(len(ts))  # input order is not time order
    pick = lambda v: [v[i] for i in order]
    return {"start": start, "user": pick(users), "ts": pick(ts), "event": pick(events),
            "amount": pick(amount), "city": pick(city)}


def features(log, as_of, offset):
    df = pd.DataFrame({"user": log["user"], "ts": log["ts"], "event": log["event"],
                       "amount": pd.array(log["amount"], dtype="Int64"), "city": log["city"]})
    all_users = pd.unique(df.user)  # the log's user order: first appearance in the input
    df = df[df.ts <= as_of].copy()
    df["day"] = (df.ts + offset * 60_000) // DAY
    as_of_day = (as_of + offset * 60_000) // DAY
    g = df.groupby("user")
    pay = df[df.event == "pay"].groupby("user")
    recent = df[df.day >= as_of_day - 13].groupby("user")
    views7 = df[(df.event == "view") & (df.day >= as_of_day - 6)].groupby("user")
    f = pd.DataFrame(index=all_users)
    f["first_day"] = g.day.min()
    f["last_day"] = g.day.max()
    f["events"] = g.size().reindex(all_users, fill_value=0)
    f["active_days"] = g.day.nunique().reindex(all_users, fill_value=0)
    f["orders"] = pay.size().reindex(all_users, fill_value=0)
    f["paid"] = pay.amount.sum().reindex(all_users, fill_value=0).astype(np.int64)
    f["last_order_day"] = pay.day.max()
    f["active14"] = recent.day.nunique().reindex(all_users, fill_value=0)
    f["views7"] = views7.size().reindex(all_users, fill_value=0)
    f["cities"] = g.city.nunique().reindex(all_users, fill_value=0)
    f["since_first"] = as_of_day - f.first_day
    f["since_last"] = as_of_day - f.last_day
    f["since_order"] = as_of_day - f.last_order_day
    return f, int(as_of_day)


def stats(f, labels, keys):
    f = f.assign(seg=labels)
    out = []
    for k in keys:
        part = f[f.seg == k]
        seen = part[part.last_day.notna()]
        out.append({"key": k, "users": int(len(part)),
                    "usersWithoutEvents": int(part.last_day.isna().sum()),
                    "avgEvents": float(part.events.mean()) if len(part) else 0.0,
                    "avgActiveDays": float(part.active_days.mean()) if len(part) else 0.0,
                    "avgDaysSinceLastSeen": float(seen.since_last.mean()) if len(seen) else None,
                    "avgOrders": float(part.orders.mean()) if len(part) else 0.0,
                    "totalPaidFen": int(part.paid.sum())})
    return out


def default_layering(f, t):
    conds = [f.since_first < t["newDays"], f.since_last >= t["churnDays"], f.since_last >= t["dormantDays"],
             (f.paid >= t["highValueFen"]) | (f.orders >= t["highValueOrders"]),
             f.active14 >= t["activeMinDays"]]
    keys = ["new", "churned", "dormant", "highValue", "active"]
    labels = np.select([c.fillna(False).astype(bool) for c in conds], keys, default="other")
    return labels, keys + ["other"]


def custom_rules(f):
    # segments[0] 多城市活跃: all(distinctValues city >= 2, events view within 7 >= 2)
    # segments[1] 近期下单: not(daysSinceLastOrder >= 10)   (non-buyers included)
    # segments[2] 老客: any(daysSinceFirstSeen >= 30, orders >= 2)
    conds = [(f.cities >= 2) & (f.views7 >= 2), ~(f.since_order >= 10).fillna(False).astype(bool),
             (f.since_first >= 30).fillna(False).astype(bool) | (f.orders >= 2)]
    keys = ["多城市活跃", "近期下单", "老客"]
    return np.select(conds, keys, default="other"), keys + ["other"]


def main():
    log = event_log()
    offset = 480
    as_of = log["start"] + 50 * DAY + 12 * 3_600_000  # 2025-11-20 12:00 Beijing
    f, as_of_day = features(log, as_of, offset)
    thresholds = {"newDays": 7, "dormantDays": 14, "churnDays": 30, "highValueFen": 30000,
                  "highValueOrders": 3, "activeMinDays": 3, "activeWindowDays": 14}
    d_labels, d_keys = default_layering(f, thresholds)
    c_labels, c_keys = custom_rules(f)
    buyers = f[f.orders > 0]
    customers = pd.DataFrame({"recency": (as_of_day - buyers.last_order_day).astype(int),
                              "frequency": buyers.orders.astype(int), "monetary": buyers.paid})
    out = {
        "generator": f"pandas {pd.__version__}, numpy {np.__version__}",
        "rfmTables": rfm_tables(),
        "log": {k: log[k] for k in ["user", "ts", "event", "amount", "city"]},
        "asOf": as_of,
        "utcOffsetMinutes": offset,
        "users": int(len(f)),
        "usersWithoutEvents": int(f.last_day.isna().sum()),
        "layering": {"thresholds": thresholds, "labels": d_labels.tolist(), "segments": stats(f, d_labels, d_keys)},
        "custom": {"labels": c_labels.tolist(), "segments": stats(f, c_labels, c_keys)},
        "logRfm": {"userIds": [int(u) for u in buyers.index], "usersWithoutOrders": int(len(f) - len(buyers)),
                   "expected": rfm_expected(customers.reset_index(drop=True))},
    }
    OUT.write_text(json.dumps(out, ensure_ascii=False, indent=None, separators=(",", ":")))
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
