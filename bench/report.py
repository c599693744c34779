#!/usr/bin/env python3
"""bench/report.py: turns bench/dom0.sh's JSON-lines records into a table
of medians and ratios (ours/Debian) on stdout and one JSON document.

    bench/report.py RAW.jsonl OUT.json
"""
import json
import random
import statistics
import sys

EDGE = 5  # domains averaged at each end of the scale run
RESAMPLES = 1000  # bootstrap resamples for the 90% intervals


def load(path):
    recs = []
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line:
                recs.append(json.loads(line))
    return recs


def secs(recs, phase, tool, op, owner=None):
    """Successful timings for one phase/tool/op (of one owner's domains)."""
    return [r["secs"] for r in recs
            if r.get("phase") == phase and r.get("tool") == tool
            and r.get("op") == op and r.get("rc") == 0
            and (owner is None or r.get("owner") == owner)]


def failures(recs, tool):
    return sum(1 for r in recs if r.get("tool") == tool and r.get("rc", 0) != 0)


def median(xs):
    return statistics.median(xs) if xs else None


def scale_edges(recs, tool):
    """Median creation time of the tool's first and last EDGE domains."""
    pts = sorted((r["n"], r["secs"]) for r in recs
                 if r.get("phase") == "scale" and r.get("tool") == tool
                 and r.get("op") == "create" and r.get("rc") == 0)
    if len(pts) < 2 * EDGE:
        return None, None, pts
    return (median([s for _, s in pts[:EDGE]]),
            median([s for _, s in pts[-EDGE:]]), pts)


def line_fit(pts, ends=None):
    """A line through all the (n, secs) points, its values at the first
    and the last n: the Theil-Sen estimator (the median of the slopes
    between every two points), which a few slow runs do not move, where
    the medians at each end swing with them (0.84 to 1.4 from boot to
    boot for one build in the lab). ends: the two n to give the line's
    values at (by default the first and the last n of the points)."""
    if len(pts) < 2:
        return None, None
    slopes = [(pts[j][1] - pts[i][1]) / (pts[j][0] - pts[i][0])
              for i in range(len(pts)) for j in range(i + 1, len(pts))
              if pts[j][0] != pts[i][0]]
    if not slopes:
        return None, None
    m = statistics.median(slopes)
    b = statistics.median([s - m * n for n, s in pts])
    lo, hi = ends if ends else (min(pts)[0], max(pts)[0])
    return b + m * lo, b + m * hi


def interval(stat, *samples, resamples=RESAMPLES):
    """The 5th and 95th percentiles of stat over bootstrap resamples of
    the samples (each resampled with replacement, on its own): how far
    the figure could move with other runs of the same boot. A fixed seed
    keeps a report reproducible from its raw figures."""
    if any(len(x) < 2 for x in samples):
        return None
    rng = random.Random(1)
    vals = []
    for _ in range(resamples):
        v = stat(*[[rng.choice(x) for _ in x] for x in samples])
        if v is not None:
            vals.append(v)
    if len(vals) < resamples // 2:
        return None
    vals.sort()
    return vals[len(vals) // 20], vals[len(vals) * 19 // 20]


def ratio_of_medians(a, b):
    return median(a) / median(b) if a and b and median(b) else None


def last_over_first(f0, f1):
    return f1 / f0 if (f0 and f1 and f0 > 0) else None


def fit_growth(pts, ends=None):
    return last_over_first(*line_fit(pts, ends))


def list_floors(recs, infos):
    """Per scale run, the median of xk-xs-floor's timings (dom0.sh) and
    how each tool's list compares with it: the xenstore reads any list of
    names needs, on their own."""
    out = {}
    for i in infos:
        owner = i.get("owner")
        fl = secs(recs, "at-scale", "floor", "list", owner)
        if not fl:
            continue
        ds = secs(recs, "at-scale", "debian", "list", owner)
        os_ = secs(recs, "at-scale", "ours", "list", owner)
        fd = ratio_of_medians(fl, ds)
        of = ratio_of_medians(os_, fl)
        whose = {"debian": "Debian's", "ours": "ours"}.get(owner, owner)
        out["%d domains, %s" % (i.get("domains", 0), whose)] = {
            "floor": median(fl), "samples": len(fl),
            "failed": sum(1 for r in recs if r.get("tool") == "floor"
                          and r.get("owner") == owner and r.get("rc") != 0),
            "floor_over_debian": fd,
            "floor_over_debian_interval90":
                interval(ratio_of_medians, fl, ds) if fd else None,
            "ours_over_floor": of,
            "ours_over_floor_interval90":
                interval(ratio_of_medians, os_, fl) if of else None}
    return out


def fmt_iv(iv):
    return "" if iv is None else " [%.2f-%.2f]" % iv


def fmt(x, unit=" s"):
    return "-" if x is None else "%.3f%s" % (x, unit)


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: report.py RAW.jsonl OUT.json")
    recs = load(sys.argv[1])
    setup = next((r for r in recs if r.get("phase") == "setup"), {})
    infos = [r for r in recs if r.get("phase") == "scale-info"]
    info = infos[0] if infos else {}
    end = next((r for r in recs if r.get("phase") == "end"), {})
    tools = setup.get("tools", "debian").split()
    ndom = info.get("domains", 0)

    rows = [  # label, phase, op, target ratio (ours/Debian) or None, owner
        ("create -p", "ops", "create", 0.2, None),
        ("unpause", "ops", "unpause", None, None),
        ("destroy", "ops", "destroy", 0.2, None),
        ("list (1 domain)", "ops", "list", None, None),
    ]
    # One list row per scale run: "own" runs fill the host with one tool's
    # domains at a time (whose domains they are is in the label).
    for i in infos:
        owner = i.get("owner", "mixed")
        whose = "" if owner == "mixed" else (
            ", Debian's" if owner == "debian" else ", ours")
        rows.append(("list (%d domains%s)" % (i.get("domains", 0), whose),
                     "at-scale", "list", 0.2,
                     owner if "owner" in i else None))
    rows.append(("destroy (of %d domains)" % ndom, "teardown", "destroy",
                 None, None))
    summary = {}
    print("xenkit bench: Xen %s (%s), tinypv kernel %s bytes, memory %s "
          "MiB, %s rounds after %s warm-up creations"
          % (setup.get("xen", "?"), setup.get("xenstored", "?"),
             setup.get("kernel_bytes", "?"),
             setup.get("guest_mem_mib", "?"), setup.get("rounds", "?"),
             setup.get("warmup", "?")))
    timer = setup.get("timer", "bash fork")
    print("each command timed by %s" % (
        "its spawn (xk-bench-time: %s)" % timer if timer != "bash fork"
        else "bash around a fork"))
    if "ours" not in tools:
        print("ours: not available (%s)" % (setup.get("ours_note") or "skipped"))
    print()
    print("%-30s %10s %10s %12s %12s %8s" % (
        "median wall time", "Debian xl", "ours", "ours/Debian",
        "90% interval", "target"))
    for label, phase, op, target, owner in rows:
        ds = secs(recs, phase, "debian", op, owner)
        os_ = secs(recs, phase, "ours", op, owner) if "ours" in tools else []
        d, o = median(ds), median(os_)
        ratio = ratio_of_medians(os_, ds)
        iv = interval(ratio_of_medians, os_, ds) if ratio else None
        summary[label] = {"debian": d, "ours": o, "ratio": ratio,
                          "interval90": iv, "target_ratio": target,
                          "samples": {"debian": len(ds), "ours": len(os_)}}
        print("%-30s %10s %10s %12s %12s %8s" % (
            label, fmt(d), fmt(o), fmt(ratio, ""), fmt_iv(iv).strip(),
            "<= %.1f" % target if target else ""))

    floors = list_floors(recs, infos)
    if floors:
        print()
        print("list at scale against its floor (xk-xs-floor: the same "
              "names read over 16 connections, nothing else):")
        for label, f in floors.items():
            print("  %-26s floor %s, floor/Debian %s%s, ours/floor %s%s%s" % (
                label, fmt(f["floor"]), fmt(f["floor_over_debian"], ""),
                fmt_iv(f["floor_over_debian_interval90"]),
                fmt(f["ours_over_floor"], ""),
                fmt_iv(f["ours_over_floor_interval90"]),
                " (%d runs failed)" % f["failed"] if f["failed"] else ""))

    print()
    print("creation time as %s domains grow to %d (median of %d at each "
          "end):" % ("each tool's own" if info.get("owner") not in
                     (None, "mixed") else "running", ndom, EDGE))
    growth = {}
    for t in tools:
        first, last, pts = scale_edges(recs, t)
        g = last_over_first(first, last)
        f0, f1 = line_fit(pts)
        fg = last_over_first(f0, f1)
        # Theil-Sen is quadratic in the points: fewer resamples.
        ends = (pts[0][0], pts[-1][0]) if pts else None
        fiv = (interval(lambda p: fit_growth(p, ends), pts,
                        resamples=RESAMPLES // 5) if fg else None)
        # create -p with the host full against create -p with it empty,
        # both after a quiet moment (dom0.sh: at-scale-create, ops).
        full, empty = (secs(recs, "at-scale-create", t, "create"),
                       secs(recs, "ops", t, "create"))
        sg = ratio_of_medians(full, empty)
        siv = interval(ratio_of_medians, full, empty) if sg else None
        growth[t] = {"first": first, "last": last, "last_over_first": g,
                     "fit": {"first": f0, "last": f1, "last_over_first": fg,
                             "interval90": fiv},
                     "create_p": {"full": median(full), "empty": median(empty),
                                  "full_over_empty": sg, "interval90": siv},
                     "points": pts}
        print("  %-8s first %s, last %s, last/first %s%s" % (
            t, fmt(first), fmt(last), fmt(g, ""),
            "  (target <= 1.2)" if t == "ours" else ""))
        if fg is not None:
            print("  %-8s a line through all %d: first %s, last %s, "
                  "last/first %s%s" % ("", len(pts), fmt(f0), fmt(f1),
                                       fmt(fg, ""), fmt_iv(fiv)))
        if sg is not None:
            print("  %-8s create -p, host full / empty: %s / %s = %s%s" % (
                "", fmt(median(full)), fmt(median(empty)), fmt(sg, ""),
                fmt_iv(siv)))
    bad = {t: failures(recs, t) for t in tools}
    if any(bad.values()):
        print("failed commands: " +
              ", ".join("%s %d" % (t, n) for t, n in bad.items()))
    if end.get("domains_left"):
        print("warning: %d domains left after the run" % end["domains_left"])

    doc = {"setup": setup, "scale_info": infos, "end": end,
           "summary": summary, "list_floors": floors, "growth": growth,
           "failures": bad,
           "records": recs}
    with open(sys.argv[2], "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
