#! /usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only

# A list of C++ examples to run in order to ensure that they remain
# buildable and runnable over time.  Each tuple in the list contains
#
#     (example_name, do_run, do_valgrind_run).
#
# See test.py for more information.
cpp_examples = [
    ("distribution-comparison --hosts=4 --file-size=1MB", "True", "True"),
    ("scenario-runner scenarios/tiny.ini --output=scenario-runner-tiny", "True", "True"),
    ("bittorrent-swarm --peers=5 --file-size=1MB --piece-size=64KiB", "True", "True"),
    ("bittorrent-swarm --peers=1 --file-size=1", "True", "True"),
    ("client-server-distribution --clients=3 --file-size=1MB", "True", "True"),
    ("client-server-distribution --clients=4 --file-size=2MB --server-upload=100Mbps --client-download=5Mbps", "True", "False"),
    ("uppercase-echo --protocol=tcp --clients=3", "True", "True"),
    ("uppercase-echo --protocol=udp --clients=2 --loss=0.2", "True", "True"),
]

# A list of Python examples to run in order to ensure that they remain
# runnable over time.  Each tuple in the list contains
#
#     (example_name, do_run).
#
# See test.py for more information.
python_examples = []
