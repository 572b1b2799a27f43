#!/usr/bin/env python3
"""The fidelity grid: bittorrent-swarm against real libtorrent on the same access network.

Each cell of the grid is one swarm set-up (N leechers, F, piece size, u_s, u, d). The real
side runs ../shared/tools/real-swarm/real-swarm.py (libtorrent 2.0.8 in network namespaces,
root only); the simulated side runs bittorrent-swarm with the same options, RngRun 1..runs.
Both write their per-host CSV under the output directory; the table (reStructuredText, for
doc/bittorrent-fidelity.rst) compares the medians of D / bound, the mean download time and the
seed's share of the upload.

Run through utils/validate-real.sh, which builds the module first.
"""

import argparse
import csv
import os
import statistics
import subprocess
import sys

MIB = 1 << 20
KIB = 1 << 10

# name: (N, file size, piece size, u_s, u, d, what the cell varies); rates in Mbps.
# N from 5 to 30, 8 to 160 pieces, u_s / u from 2 to 60, d / u from 1 to 8, and one mix of
# host classes (CLASSES below).
GRID = {
    "small": (5, 2 * MIB, 256 * KIB, 4, 2, 8, "8 pieces, u_s/u = 2"),
    "n10": (10, 10 * MIB, 256 * KIB, 10, 2, 8, "40 pieces, u_s/u = 5, d/u = 4"),
    "n20-4mb": (20, 4000000, 256 * KIB, 10, 2, 8, "16 pieces, u_s/u = 5"),
    "n30-4mb": (30, 4000000, 256 * KIB, 8, 2, 8, "16 pieces, u_s/u = 4"),
    "n30-10mb": (30, 10000000, 256 * KIB, 10, 2, 8, "39 pieces, u_s/u = 5"),
    "pieces160": (10, 10 * MIB, 64 * KIB, 16, 2, 16, "160 pieces, u_s/u = 8, d/u = 8"),
    "d-eq-u": (10, 5 * MIB, 256 * KIB, 20, 2, 2, "20 pieces, u_s/u = 10, d/u = 1"),
    "seed30": (10, 18 * MIB, 256 * KIB, 30, 1, 2, "72 pieces, u_s/u = 30, d/u = 2"),
    "seed60": (10, 18 * MIB, 256 * KIB, 60, 1, 4, "72 pieces, u_s/u = 60, d/u = 4 (slow uplinks)"),
    "seed15-d1": (10, 18 * MIB, 256 * KIB, 30, 2, 2, "72 pieces, u_s/u = 15, d/u = 1"),
    "classes": (10, 10 * MIB, 256 * KIB, 20, 1, 4, "40 pieces, half at 1/4, half at 4/16"),
    # Slow uplinks at N = 100, outside the default grid (--cells=...): the rates of seed60 and
    # seed30 halved so that u_s + N u stays within the testbed's 100 Mbit/s on two cores.
    "n100-seed60": (100, 18 * MIB, 256 * KIB, 30, 0.5, 2, "N = 100, u_s/u = 60, d/u = 4"),
    "n100-seed30": (100, 18 * MIB, 256 * KIB, 15, 0.5, 1, "N = 100, u_s/u = 30, d/u = 2"),
}
# The cells run when --cells is not given.
DEFAULT_CELLS = [c for c in GRID if not c.startswith("n100-")]

# Cells whose leechers come in classes, SHARE:UP:DOWN joined by + (u and d above are the
# first class's): the same spec on both sides, assigned in order by largest remainders.
CLASSES = {"classes": "0.5:1Mbps:4Mbps+0.5:4Mbps:16Mbps"}

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
# The shared testbed through this project's wrapper (--local-peers, --peer-classes, --lt-settings).
REAL_SWARM = os.path.join(HERE, "real-swarm", "real-swarm-ext.py")


def bound(n, f, us, u, d):
    bits = 8.0 * f
    return max(bits / (us * 1e6), bits / (d * 1e6), n * bits / ((us + n * u) * 1e6))


# How each side chokes. tft: the lecture's 4 + 1 slots on both sides (libtorrent's
# unchoke_slots_limit 5 includes the optimistic slot, and its 'local' peer class, which holds
# the testbed's 10.x addresses, is made to obey the slots). all: every interested peer
# unchoked, which is what libtorrent does by default with peers on private addresses.
CHOKING = {
    "tft": (["--unchoke-slots", "5", "--local-peers", "slots"], []),
    "all": (["--unchoke-slots", "5", "--local-peers", "unchoked"],
            ["--unchoke-slots=1000", "--seed-unchoke-slots=1000"]),
}


def run_real(name, cell, runs, out, choking, extra):
    n, f, piece, us, u, d, _ = cell
    path = os.path.join(out, "real-%s-%s.csv" % (choking, name))
    if os.path.exists(path):
        return path
    cmd = [sys.executable, REAL_SWARM, "--peers", str(n), "--file-size", str(f),
           "--piece-size", str(piece), "--server-upload", "%gMbps" % us,
           "--peer-upload", "%gMbps" % u, "--peer-download", "%gMbps" % d, "--delay", "2ms",
           "--runs", str(runs), "--csv", path + ".part"] + CHOKING[choking][0] + extra
    if name in CLASSES:
        cmd += ["--peer-classes", CLASSES[name]]
    print("# real:", " ".join(cmd), flush=True)
    log_path = os.path.join(out, "real-%s-%s.log" % (choking, name))
    with open(log_path, "w") as log:
        rc = subprocess.call(cmd, stdout=log, stderr=subprocess.STDOUT)
    if rc != 0:
        print("# real side of %s failed (exit %d): see %s" % (name, rc, log_path))
        return None
    os.rename(path + ".part", path)
    return path


def real_summary(path, n, f):
    rows = list(csv.DictReader(open(path)))
    runs = sorted({int(r["run"]) for r in rows})
    ratios, means, seed_share, dup = [], [], [], []
    for k in runs:
        rr = [r for r in rows if int(r["run"]) == k]
        leech = [r for r in rr if r["role"] == "leech"]
        if not all(r["finish_s"] for r in leech):
            continue
        # The bound from the hosts' own rates (the testbed's column assumes one class).
        ups = [float(r["up_bps"]) for r in leech]
        seed_up = sum(float(r["up_bps"]) for r in rr if r["role"] != "leech")
        bits = 8.0 * f
        real_bound = max(bits / seed_up, bits / min(float(r["down_bps"]) for r in leech),
                         len(leech) * bits / (seed_up + sum(ups)))
        ratios.append(float(rr[0]["D_s"]) / real_bound)
        means.append(statistics.mean(float(r["finish_s"]) for r in leech))
        seed = [r for r in rr if r["role"] != "leech"]
        seed_share.append(sum(float(r["payload_up"] or 0) for r in seed) / (n * f))
        dup.append(sum(float(r["redundant_bytes"] or 0) for r in leech) / (n * f))
    return ratios, means, seed_share, dup


def run_sim(name, cell, runs, out, extra, choking):
    n, f, piece, us, u, d, _ = cell
    ratios, means, seed_share, dup = [], [], [], []
    for r in range(1, runs + 1):
        path = os.path.join(out, "sim-%s-%s-%d.csv" % (choking, name, r))
        cmd = [os.path.join(ROOT, "build", "bin", "bittorrent-swarm"), "--hosts=%d" % n,
               "--file-size=%d" % f, "--piece-size=%d" % piece, "--server-upload=%gMbps" % us,
               "--host-upload=%gMbps" % u, "--host-download=%gMbps" % d, "--delay=2ms",
               "--RngRun=%d" % r, "--csv=" + path] + CHOKING[choking][1] + extra
        if name in CLASSES:
            named = "+".join("c%d:%s" % (k, spec)
                             for k, spec in enumerate(CLASSES[name].split("+")))
            cmd.append("--host-classes=" + named)
        res = subprocess.run(cmd, capture_output=True, text=True)
        if res.returncode != 0:
            print("# simulated %s RngRun %d failed:\n%s" % (name, r, res.stdout + res.stderr))
            continue
        rows = list(csv.DictReader(open(path)))
        leech = [x for x in rows if x["role"] == "leecher"]
        done = [float(x["done_s"]) for x in leech]
        # The simulator's own bound (d_min and sum u_i of the hosts as drawn or classed).
        p2p = [line for line in res.stdout.splitlines() if line.startswith("P2P bound = ")]
        sim_bound = float(p2p[0].split()[3]) if p2p else bound(n, f, us, u, d)
        ratios.append(max(done) / sim_bound)
        means.append(statistics.mean(done))
        seed_share.append(sum(float(x["bytes_up"]) for x in rows if x["role"] == "seed") / (n * f))
        dup.append((sum(float(x["bytes_down"]) for x in leech) - n * f) / (n * f))
    return ratios, means, seed_share, dup


def fmt(values, digits=3):
    if not values:
        return "--"
    med = statistics.median(values)
    return "%.*f (%.*f-%.*f)" % (digits, med, digits, min(values), digits, max(values))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cells", default=",".join(DEFAULT_CELLS),
                    help="comma-separated cell names (default: the grid without the n100 cells)")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--out", default=os.path.join(ROOT, "build", "validate-real"))
    ap.add_argument("--sim-only", action="store_true", help="use the real CSVs already in --out")
    ap.add_argument("--real-only", action="store_true",
                    help="run the real side only (the simulated side later with --sim-only)")
    ap.add_argument("--sim-args", default="", help="extra bittorrent-swarm options")
    ap.add_argument("--real-args", default="",
                    help="extra testbed options, e.g. --lt-settings={\"allowed_fast_set_size\":0}")
    ap.add_argument("--choking", choices=sorted(CHOKING), default="tft",
                    help="tft: 4 + 1 slots on both sides; all: every interested peer unchoked")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    names = [c for c in a.cells.split(",") if c]
    for c in names:
        if c not in GRID:
            sys.exit("unknown cell %r; cells: %s" % (c, ", ".join(GRID)))
    header = ("cell", "set-up", "real D/bound", "simulated D/bound", "sim/real",
              "mean dl sim/real", "seed share real", "seed share sim", "dup real", "dup sim")
    table = []
    for name in names:
        cell = GRID[name]
        n, f = cell[0], cell[1]
        real_csv = os.path.join(a.out, "real-%s-%s.csv" % (a.choking, name))
        if not a.sim_only:
            real_csv = run_real(name, cell, a.runs, a.out, a.choking, a.real_args.split())
        real = (real_summary(real_csv, n, f) if real_csv and os.path.exists(real_csv)
                else ([], [], [], []))
        if a.real_only:
            print("%-10s real %s" % (name, fmt(real[0])), flush=True)
            continue
        sim = run_sim(name, cell, a.runs, a.out, a.sim_args.split(), a.choking)
        ratio = (statistics.median(sim[0]) / statistics.median(real[0])
                 if sim[0] and real[0] else float("nan"))
        mean_ratio = (statistics.median(sim[1]) / statistics.median(real[1])
                      if sim[1] and real[1] else float("nan"))
        setup = "N=%d, %s MB, %d KiB pieces, %g/%g/%g Mbps: %s" % (
            n, "%.1f" % (f / 1e6), cell[2] // KIB, cell[3], cell[4], cell[5], cell[6])
        table.append((name, setup, fmt(real[0]), fmt(sim[0]), "%.2f" % ratio,
                      "%.2f" % mean_ratio, fmt(real[2], 2), fmt(sim[2], 2),
                      fmt(real[3], 3), fmt(sim[3], 3)))
        print("%-10s real %s  sim %s  sim/real %.2f  mean dl sim/real %.2f" %
              (name, fmt(real[0]), fmt(sim[0]), ratio, mean_ratio), flush=True)
    if not table:
        return
    widths = [max(len(str(r[i])) for r in table + [header]) for i in range(len(header))]
    rule = "  ".join("=" * w for w in widths)
    lines = [rule, "  ".join(h.ljust(w) for h, w in zip(header, widths)), rule]
    lines += ["  ".join(str(c).ljust(w) for c, w in zip(r, widths)) for r in table]
    lines.append(rule)
    text = "\n".join(lines) + "\n"
    open(os.path.join(a.out, "table-%s.rst" % a.choking), "w").write(text)
    print()
    print(text)


if __name__ == "__main__":
    main()
