#!/usr/bin/env python3
"""Turns a soak run into its figures and verdict.

Usage: report.py WORKDIR OUTDIR START_EPOCH
Reads WORKDIR/samples.csv (sample.py), WORKDIR/host.log (the host's per-request "Request finished" lines, with UTC
timestamps) and WORKDIR/ops.log (one line per client operation: epoch, loop, operation, ok|FAIL, seconds); writes
OUTDIR/samples.csv, OUTDIR/latency.csv (per minute: requests, 5xx, p50 and p99 in ms), OUTDIR/soak.svg and
OUTDIR/summary.txt. Exits 1 when any client operation or request failed, or when something grows without bound.

"Grows without bound" is the least-squares slope over the last 10 minutes of the run (the last third when the run is
shorter than 30 minutes), per minute, above: RSS 2 MiB, GC heap 1 MiB, open fds 0.5, threads 0.5 (set
SOAK_MAX_RSS_SLOPE, SOAK_MAX_HEAP_SLOPE, SOAK_MAX_FD_SLOPE, SOAK_MAX_THREAD_SLOPE to change them). A leak of one
object graph, handle or thread per request shows as far more than that at the soak's request rate; a warmed-up
process's noise (GC heap between collections, thread pool injection) stays under it.
"""
import csv, datetime, os, re, shutil, sys
from collections import Counter, defaultdict

work, out, start = sys.argv[1], sys.argv[2], float(sys.argv[3])
os.makedirs(out, exist_ok=True)

samples = []
with open(os.path.join(work, "samples.csv")) as f:
    for row in csv.DictReader(f):
        samples.append(row)
shutil.copyfile(os.path.join(work, "samples.csv"), os.path.join(out, "samples.csv"))

# Per-minute latency from the host's own measurement (ASP.NET Core's hosting diagnostics, server time per request).
line = re.compile(r"^(\S+) info: Microsoft\.AspNetCore\.Hosting\.Diagnostics\[2\] Request finished \S+ (\S+) \S+ - (\d{3}) .* ([0-9.]+)ms$")
per_minute = defaultdict(list)
errors = Counter()
statuses = Counter()
server_errors = []
with open(os.path.join(work, "host.log"), errors="replace") as f:
    for text in f:
        m = line.match(text.rstrip("\n"))
        if not m:
            continue
        stamp = datetime.datetime.strptime(m.group(1), "%Y-%m-%dT%H:%M:%S.%f").replace(tzinfo=datetime.timezone.utc).timestamp()
        minute = int((stamp - start) // 60)
        status = int(m.group(3))
        statuses[status // 100 * 100] += 1
        per_minute[minute].append(float(m.group(4)))
        if status >= 500:
            errors[minute] += 1
            server_errors.append(text.strip())


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


latency = []
with open(os.path.join(out, "latency.csv"), "w") as f:
    f.write("minute,requests,errors_5xx,p50_ms,p99_ms\n")
    for minute in sorted(per_minute):
        values = per_minute[minute]
        row = (minute, len(values), errors[minute], pct(values, 50), pct(values, 99))
        latency.append(row)
        f.write("%d,%d,%d,%.2f,%.2f\n" % row)

ops = Counter()
failed = []
with open(os.path.join(work, "ops.log")) as f:
    for text in f:
        cells = text.rstrip("\n").split("\t")
        if len(cells) < 5:
            continue
        ops[(cells[1], cells[2], cells[3])] += 1
        if cells[3] != "ok":
            failed.append(text.strip())


def series(key):
    return [(float(s["elapsed_s"]) / 60, float(s[key])) for s in samples if s.get(key)]


def slope(points):
    if len(points) < 3:
        return 0.0
    n = len(points)
    mx = sum(x for x, _ in points) / n
    my = sum(y for _, y in points) / n
    den = sum((x - mx) ** 2 for x, _ in points)
    return sum((x - mx) * (y - my) for x, y in points) / den if den else 0.0


duration = float(samples[-1]["elapsed_s"]) / 60 if samples else 0
window = 10.0 if duration >= 30 else max(duration / 3, 1.0)
checks = [("rss_mib", "RSS (MiB/min)", float(os.environ.get("SOAK_MAX_RSS_SLOPE", 2))),
          ("gc_heap_mib", "GC heap (MiB/min)", float(os.environ.get("SOAK_MAX_HEAP_SLOPE", 1))),
          ("fds", "open fds (/min)", float(os.environ.get("SOAK_MAX_FD_SLOPE", 0.5))),
          ("threads", "threads (/min)", float(os.environ.get("SOAK_MAX_THREAD_SLOPE", 0.5)))]
verdicts = []
grew = False
for key, label, limit in checks:
    points = [(x, y) for x, y in series(key) if x >= duration - window]
    if not points:
        verdicts.append(f"  {label}: no samples")
        continue
    s = slope(points)
    bad = s > limit
    grew |= bad
    verdicts.append(f"  {label}: slope {s:+.3f} over the last {window:.0f} min (limit {limit}){'  GROWS' if bad else ''}; "
                    f"min {min(y for _, y in points):g}, max {max(y for _, y in points):g}")

summary = [f"soak: {duration:.1f} minutes, {len(samples)} samples every 10 s",
           "client operations (loop, operation, result: count):"]
summary += [f"  {l} {o} {r}: {c}" for (l, o, r), c in sorted(ops.items())]
summary.append("requests by status class (host log): " + ", ".join(f"{k // 100}xx: {v}" for k, v in sorted(statuses.items())))
if latency:
    summary.append("p99 per minute (ms): min %.1f, median %.1f, max %.1f" % (
        min(r[4] for r in latency), pct([r[4] for r in latency], 50), max(r[4] for r in latency)))
summary.append("growth (least-squares slope):")
summary += verdicts
summary += ["FAILED client operation: " + f for f in failed[:20]]
summary += ["5xx: " + e for e in server_errors[:20]]
ok = not failed and not server_errors and not grew
summary.append("verdict: " + ("PASS" if ok else "FAIL"))
with open(os.path.join(out, "summary.txt"), "w") as f:
    f.write("\n".join(summary) + "\n")
print("\n".join(summary))

# The plot, drawn by hand: four panels sharing the time axis.
W, H, L, R, T, B = 900, 190, 70, 20, 28, 30
panels = [("Memory (MiB)", [("RSS", series("rss_mib"), "#1f77b4"), ("VmHWM", series("hwm_mib"), "#aec7e8"),
                             ("GC heap", series("gc_heap_mib"), "#2ca02c")]),
          ("Open file descriptors", [("fds", series("fds"), "#d62728")]),
          ("Threads", [("threads", series("threads"), "#9467bd")]),
          ("Request latency per minute (ms, server time)", [("p99", [(r[0] + 0.5, r[4]) for r in latency], "#ff7f0e"),
                                                            ("p50", [(r[0] + 0.5, r[3]) for r in latency], "#8c564b")])]
xmax = max(duration, 1.0)
svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H * len(panels) + 20}" font-family="sans-serif" font-size="11">',
       f'<rect width="100%" height="100%" fill="white"/>']
for i, (title, lines) in enumerate(panels):
    top = i * H + T
    ph = H - T - B
    ys = [y for _, pts, _ in lines for _, y in pts]
    ymax = max(ys) * 1.1 if ys and max(ys) > 0 else 1.0
    svg.append(f'<text x="{L}" y="{top - 8}" font-size="13" font-weight="bold">{title}</text>')
    svg.append(f'<rect x="{L}" y="{top}" width="{W - L - R}" height="{ph}" fill="none" stroke="#888"/>')
    for k in range(5):
        v = ymax * k / 4
        y = top + ph - ph * k / 4
        svg.append(f'<line x1="{L}" x2="{W - R}" y1="{y:.1f}" y2="{y:.1f}" stroke="#eee"/>')
        svg.append(f'<text x="{L - 6}" y="{y + 4:.1f}" text-anchor="end">{v:.4g}</text>')
    step = 5 if xmax > 10 else 1
    for m in range(0, int(xmax) + 1, step):
        x = L + (W - L - R) * m / xmax
        svg.append(f'<text x="{x:.1f}" y="{top + ph + 14}" text-anchor="middle">{m} min</text>')
    lx = W - R - 10
    for name, pts, color in reversed(lines):
        if not pts:
            continue
        coords = " ".join(f"{L + (W - L - R) * x / xmax:.1f},{top + ph - ph * y / ymax:.1f}" for x, y in pts)
        svg.append(f'<polyline points="{coords}" fill="none" stroke="{color}" stroke-width="1.5"/>')
        svg.append(f'<text x="{lx}" y="{top - 8}" text-anchor="end" fill="{color}">{name}</text>')
        lx -= 8 * len(name) + 20
svg.append(f'<text x="{L}" y="{H * len(panels) + 12}" fill="#555">scripts/soak/run.sh: {duration:.0f} min, '
           f'{sum(statuses.values())} requests, {sum(ops.values())} client operations, verdict {"PASS" if ok else "FAIL"}</text>')
svg.append("</svg>")
with open(os.path.join(out, "soak.svg"), "w") as f:
    f.write("\n".join(svg) + "\n")
sys.exit(0 if ok else 1)
