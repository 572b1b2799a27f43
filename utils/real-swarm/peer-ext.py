#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""One testbed peer (the shared peer.py) with the settings real-swarm-ext.py passes down."""

import json
import os
import runpy
import sys

import libtorrent as lt

_session = lt.session
_extra = json.loads(os.environ.get("FD_LT_SETTINGS", "{}"))
_local_slots = os.environ.get("FD_LOCAL_PEERS", "slots") == "slots"


def session(settings=None, *args, **kwargs):
    settings = dict(settings or {})
    settings.update(_extra)
    ses = _session(settings, *args, **kwargs)
    if _local_slots:
        # The 'local' class (10/8, 172.16/12, 192.168/16, ...) ignores unchoke_slots_limit.
        pcid = _session.local_peer_class_id
        pc = ses.get_peer_class(pcid)
        pc["ignore_unchoke_slots"] = False
        ses.set_peer_class(pcid, pc)
        print("peer-ext: local peer class %s" % ses.get_peer_class(pcid), file=sys.stderr)
    if _extra:
        print("peer-ext: settings %s" % {k: ses.get_settings()[k] for k in _extra}, file=sys.stderr)
    return ses


lt.session = session
peer = os.environ["FD_REAL_SWARM_PEER"]
sys.argv[0] = peer
runpy.run_path(peer, run_name="__main__")
