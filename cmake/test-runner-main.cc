// SPDX-License-Identifier: GPL-2.0-only
//
// Standalone test runner: ns-3's TestRunner (exported by libns3-core) with the module's
// TestSuites linked in. Same options as ns-3's test-runner, e.g. --suite=NAME, --list.

#include "ns3/test.h"

int
main(int argc, char* argv[])
{
    return ns3::TestRunner::Run(argc, argv);
}
