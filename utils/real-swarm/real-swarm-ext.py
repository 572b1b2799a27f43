#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""The shared real-swarm testbed with this project's additions, without editing it.

Runs ../shared/tools/real-swarm/real-swarm.py (or --real-swarm PATH) with every option it
takes, plus:
  --local-peers slots|unchoked  libtorrent puts private addresses (10/8, ...) in its 'local'
                                peer class, which ignores unchoke_slots_limit; every testbed
                                host is 10.x, so by default nobody is ever choked. 'slots' (the
                                default here) makes the local class obey the slots; 'unchoked'
                                keeps libtorrent's behaviour.
  --peer-classes SHARE:UP:DOWN+...
                                leechers in classes (rates as the testbed parses them), given
                                in order by largest remainders, as bittorrent-swarm's
                                --host-classes does: the first round(share x N) leechers get
                                the first class, and so on.
  --lt-settings JSON            extra libtorrent settings for every peer, e.g.
                                '{"allowed_fast_set_size": 0}'.
The per-host rows of --csv carry each host's own rates (up_bps, down_bps); their D_over_bound
column still uses the single-class bound, so utils/validate-real.py recomputes it from the rows.
"""

import argparse
import importlib.util
import json
import math
import os
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT = os.path.normpath(os.path.join(HERE, "..", "..", "..", "shared", "tools", "real-swarm",
                                        "real-swarm.py"))


def assign_classes(spec, n, parse_rate):
    """Largest remainders, as AssignHostClasses in helper/churn-spec.cc."""
    classes = []
    for part in spec.split("+"):
        fields = part.split(":")
        if len(fields) != 3:
            sys.exit("--peer-classes '%s': each class is SHARE:UP:DOWN" % spec)
        try:
            share = float(fields[0])
        except ValueError:
            sys.exit("--peer-classes '%s': share '%s' is not a number" % (spec, fields[0]))
        if not 0 < share <= 1:
            sys.exit("--peer-classes '%s': share %s is not in (0, 1]" % (spec, fields[0]))
        classes.append((share, parse_rate(fields[1]), parse_rate(fields[2])))
    if abs(sum(c[0] for c in classes) - 1) > 1e-6:
        sys.exit("--peer-classes '%s': the shares do not add up to 1" % spec)
    counts = [math.floor(c[0] * n) for c in classes]
    order = sorted(range(len(classes)), key=lambda k: (-(classes[k][0] * n - counts[k]), k))
    for k in order[:n - sum(counts)]:
        counts[k] += 1
    rates = []
    for k, c in enumerate(classes):
        rates += [(c[1], c[2])] * counts[k]
    return rates


def main():
    ap = argparse.ArgumentParser(add_help=False)
    ap.add_argument("--local-peers", choices=["slots", "unchoked"], default="slots")
    ap.add_argument("--peer-classes", default="")
    ap.add_argument("--lt-settings", default="{}")
    ap.add_argument("--real-swarm", default=DEFAULT)
    ours, rest = ap.parse_known_args()
    try:
        settings = json.loads(ours.lt_settings)
        assert isinstance(settings, dict)
    except (ValueError, AssertionError):
        sys.exit("--lt-settings '%s' is not a JSON object" % ours.lt_settings)

    # Importing the testbed re-executes this script under Debian's python when the running one
    # has no libtorrent module; sys.argv is still ours then, which is what we want.
    spec = importlib.util.spec_from_file_location("real_swarm", ours.real_swarm)
    rs = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(rs)

    # The peers run our wrapper, which runs the testbed's peer.py; its helpers stay the testbed's.
    tools = tempfile.mkdtemp(prefix="fd-real-swarm-")
    shared = os.path.dirname(os.path.abspath(ours.real_swarm))
    for name in os.listdir(shared):
        if name.endswith(".py") and name != "peer.py":
            os.symlink(os.path.join(shared, name), os.path.join(tools, name))
    os.symlink(os.path.join(HERE, "peer-ext.py"), os.path.join(tools, "peer.py"))
    rs.HERE = tools
    os.environ["FD_REAL_SWARM_PEER"] = os.path.join(shared, "peer.py")
    os.environ["FD_LOCAL_PEERS"] = ours.local_peers
    os.environ["FD_LT_SETTINGS"] = json.dumps(settings)

    if ours.peer_classes:
        n = None
        for k, arg in enumerate(rest):
            if arg == "--peers" and k + 1 < len(rest):
                n = int(rest[k + 1])
            elif arg.startswith("--peers="):
                n = int(arg.split("=", 1)[1])
        rates = assign_classes(ours.peer_classes, n if n is not None else 3, rs.parse_rate)
        base = rs.Host

        class ClassedHost(base):
            def __init__(self, idx, role, up, down):
                if role == "leech" and 1 <= idx <= len(rates):
                    up, down = rates[idx - 1]
                super().__init__(idx, role, up, down)

        rs.Host = ClassedHost
    sys.argv = [ours.real_swarm] + rest
    try:
        return rs.main()
    finally:
        for name in os.listdir(tools):
            os.unlink(os.path.join(tools, name))
        os.rmdir(tools)


if __name__ == "__main__":
    sys.exit(main())
