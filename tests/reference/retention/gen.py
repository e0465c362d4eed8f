"""Reference retention matrices computed with pandas, independently of yunying.

Run: python3 tests/reference/retention/gen.py  (writes calendar_day.json and metrics.json next
to this file).

A deterministic random event log (users, epoch-ms times, event names) and, for several
option sets, the calendar-day retention matrix as pandas computes it from the definitions in
src/retention/mod.rs:
  - local day = floor((ts + offset·60 000) / 86 400 000);
  - first_time: a user's cohort is the day of their first start event; recurring: every day
    with a start event, anchored at the first start event of that day;
  - returns count when at or after the anchor; k = return day − cohort day;
  - on: distinct members with a return on day k; on_or_after: members whose last return is on
    day ≥ k (the last column also takes later days);
  - a cell is null when day cohort+k begins after asOf;
  - the column average is weighted by cohort size over cohorts whose day cohort+k had ended.
"""
import json
import pathlib

import numpy as np
import pandas as pd

DAY = 86_400_000
HERE = pathlib.Path(__file__).parent


def make_log(seed, users, days, start_ms):
    rng = np.random.default_rng(seed)
    rows = []
    for u in range(users):
        signup_day = int(rng.integers(0, days))
        propensity = rng.uniform(0.05, 0.6)
        # Some users view before signing up (those views must not count in period 0).
        if rng.random() < 0.2:
            rows.append((u, start_ms + signup_day * DAY + int(rng.integers(0, 8 * 3_600_000)), "view"))
        t0 = start_ms + signup_day * DAY + int(rng.integers(8 * 3_600_000, DAY))
        rows.append((u, t0, "signup"))
        for d in range(signup_day, days):
            if rng.random() < propensity:
                for _ in range(int(rng.integers(1, 3))):
                    rows.append((u, start_ms + d * DAY + int(rng.integers(0, DAY)), "view"))
                if rng.random() < 0.1:
                    rows.append((u, start_ms + d * DAY + int(rng.integers(0, DAY)), "signup"))
            if rng.random() < 0.03:
                rows.append((u, start_ms + d * DAY + int(rng.integers(0, DAY)), "pay"))
    df = pd.DataFrame(rows, columns=["user", "ts", "event"])
    return df.sample(frac=1.0, random_state=seed).reset_index(drop=True)  # input order is not time order


def matrix(df, start, ret, cohort, criterion, periods, offset, as_of):
    df = df[df.ts <= as_of].copy()
    df["day"] = (df.ts + offset * 60_000) // DAY
    starts = df if start is None else df[df.event == start]
    returns = df if ret is None else df[df.event == ret]
    if cohort == "first_time":
        anchors = starts.groupby("user", as_index=False).ts.min()
        anchors["cohort"] = (anchors.ts + offset * 60_000) // DAY
    else:
        anchors = starts.groupby(["user", "day"], as_index=False).ts.min().rename(columns={"day": "cohort"})
    anchors = anchors.rename(columns={"ts": "anchor"})
    as_of_day = (as_of + offset * 60_000) // DAY
    first, last = int(anchors.cohort.min()), int(as_of_day)
    pairs = anchors.merge(returns[["user", "ts", "day"]], on="user")
    pairs = pairs[pairs.ts >= pairs.anchor].copy()
    pairs["k"] = pairs.day - pairs.cohort
    sizes = anchors.groupby("cohort").size()
    if criterion == "on":
        hits = pairs[pairs.k <= periods].drop_duplicates(["user", "cohort", "k"]).groupby(["cohort", "k"]).size()
        count = lambda c, k: int(hits.get((c, k), 0))
    else:
        kmax = pairs.groupby(["user", "cohort"]).k.max().reset_index()
        count = lambda c, k: int(((kmax.cohort == c) & (kmax.k >= k)).sum())
    rows = []
    for c in range(first, last + 1):
        counts = [count(c, k) if c + k <= as_of_day else None for k in range(periods + 1)]
        rows.append({"day": c, "size": int(sizes.get(c, 0)), "counts": counts})
    average = []
    for k in range(periods + 1):
        done = [r for r in rows if (r["day"] + k + 1) * DAY - offset * 60_000 - 1 <= as_of]
        users = sum(r["size"] for r in done)
        retained = sum(r["counts"][k] for r in done)
        average.append({"retained": retained, "users": users, "cohorts": len(done)})
    return {"rows": rows, "average": average}


def metrics_reference(seed, users, days, start_ms, offset):
    """A log with views, clicks, orders, payments (amount in 分) and shares, and the metrics of
    src/metrics computed plainly with pandas: rolling DAU/WAU/MAU, the 30-day stickiness
    distribution, GMV/ARPU/ARPPU, repurchase, CTR/CVR and feature penetration."""
    rng = np.random.default_rng(seed)
    rows = []
    for u in range(users):
        first = int(rng.integers(0, days))
        p = rng.uniform(0.05, 0.7)
        for d in range(first, days):
            if rng.random() >= p:
                continue
            for _ in range(int(rng.integers(1, 4))):
                t = start_ms + d * DAY + int(rng.integers(0, DAY))
                rows.append((u, t, "view", None))
                if rng.random() < 0.3:
                    rows.append((u, t + 1000, "click", None))
                    if rng.random() < 0.3:
                        rows.append((u, t + 2000, "order", None))
                        if rng.random() < 0.8:
                            rows.append((u, t + 3000, "pay", int(rng.integers(1, 50_000))))
                if rng.random() < 0.05:
                    rows.append((u, t + 4000, "share", None))
    df = pd.DataFrame(rows, columns=["user", "ts", "event", "amount"])
    df = df.sample(frac=1.0, random_state=seed).reset_index(drop=True)
    df["day"] = (df.ts + offset * 60_000) // DAY
    first_day, last_day = int(df.day.min()), int(df.day.max())
    series = {"dau": [], "wau": [], "mau": []}
    for d in range(first_day, last_day + 1):
        for key, width in (("dau", 1), ("wau", 7), ("mau", 30)):
            series[key].append(int(df[(df.day > d - width) & (df.day <= d)].user.nunique()))
    window_first = max(last_day - 29, first_day)
    window = df[df.day >= window_first]
    user_days = int(window.groupby("day").user.nunique().sum())
    stick = {"userDays": user_days, "days": last_day - window_first + 1, "mau": int(window.user.nunique()),
             "wau": series["wau"][-1]}
    views = df[(df.event == "view") & (df.day >= last_day - 29)]
    per_user = views.groupby("user").day.nunique()
    distribution = [int((per_user == n).sum()) for n in range(31)]
    distribution[0] = int(df.user.nunique()) - int(per_user.size)  # users of the log with no view in the window
    # A sub-range given as local dates: from the start of the first day to the end of the last.
    lo_day, hi_day = first_day + 9, first_day + 19
    sub = df[(df.day >= lo_day) & (df.day <= hi_day)]
    pays = sub[sub.event == "pay"]
    gmv = int(pays.amount.sum())
    active = int(sub.user.nunique())
    paying = int(pays.user.nunique())
    half_up = lambda n, d: (2 * n + d) // (2 * d)
    orders = sub[sub.event == "order"].groupby("user").size()
    count = lambda e: int((sub.event == e).sum())
    users_of = lambda e: int(sub[sub.event == e].user.nunique())
    label = lambda day: str(pd.Timestamp(day * DAY, unit="ms").date())
    return {
        "events": {"user": df.user.tolist(), "ts": df.ts.tolist(), "event": df.event.tolist(),
                   "amount": [None if pd.isna(a) else int(a) for a in df.amount]},
        "utcOffsetMinutes": offset,
        "firstDay": label(first_day),
        "active": series,
        "stickiness": stick,
        "distribution": distribution,
        "subRange": {"from": label(lo_day), "to": label(hi_day)},
        "revenue": {"gmvFen": gmv, "payments": int(pays.shape[0]), "payingUsers": paying, "activeUsers": active,
                    "arpuFen": half_up(gmv, active), "arppuFen": half_up(gmv, paying)},
        "repurchase": {"orders": int(orders.sum()), "buyers": int(orders.size), "repeatBuyers": int((orders >= 2).sum())},
        "conversion": {"impressions": count("view"), "clicks": count("click"), "orders": count("order"),
                       "impressionUsers": users_of("view"), "clickUsers": users_of("click"), "orderUsers": users_of("order")},
        "penetration": {"activeUsers": active, "share": users_of("share"), "click": users_of("click")},
    }


def main():
    start_ms = 1_759_248_000_000  # 2025-09-30 16:00 UTC = 2025-10-01 00:00 Beijing
    df = make_log(seed=7, users=400, days=45, start_ms=start_ms)
    last = int(df.ts.max())
    cases = []
    for offset in (480, -300):
        for cohort in ("first_time", "recurring"):
            for criterion in ("on", "on_or_after"):
                for start, ret, as_of in (("signup", "view", None), (None, None, last - 10 * DAY)):
                    at = last if as_of is None else as_of
                    cases.append({
                        "options": {"startEvent": start, "returnEvent": ret, "cohort": cohort, "criterion": criterion,
                                    "periods": 14, "utcOffsetMinutes": offset, "asOf": as_of},
                        "asOf": at,
                        **matrix(df, start, ret, cohort, criterion, 14, offset, at),
                    })
    out = {
        "generator": "tests/reference/retention/gen.py (pandas %s)" % pd.__version__,
        "events": {"user": df.user.tolist(), "ts": df.ts.tolist(), "event": df.event.tolist()},
        "cases": cases,
    }
    (HERE / "calendar_day.json").write_text(json.dumps(out, separators=(",", ":")))
    print(f"{len(df)} events, {len(cases)} cases")
    metrics = metrics_reference(seed=11, users=300, days=50, start_ms=start_ms, offset=480)
    (HERE / "metrics.json").write_text(json.dumps(metrics, separators=(",", ":")))
    print(f"metrics: {len(metrics['events']['ts'])} events")


if __name__ == "__main__":
    main()
