// SPDX-License-Identifier: GPL-2.0-only

#include "ns3/announce-scheduler.h"
#include "ns3/peer-list.h"
#include "ns3/test.h"

/**
 * \file
 * \ingroup file-distribution-tests
 * Unit tests of PeerList (whom to dial, reconnect back-off, one connection per IP) and of
 * AnnounceScheduler (tracker intervals and libtorrent's back-off).
 */

using namespace ns3;

namespace
{

PeerList::Endpoint
Ep(const char* ip, uint16_t port = 6881)
{
    return {Ipv4Address(ip), port};
}

} // namespace

/// New endpoints are dialled once each in the order learnt; busy ones are skipped.
class PeerListOrderTestCase : public TestCase
{
  public:
    PeerListOrderTestCase()
        : TestCase("endpoints are dialled in the order learnt, each once at a time")
    {
    }

  private:
    void DoRun() override
    {
        PeerList list;
        NS_TEST_ASSERT_MSG_EQ(list.NextCandidate(Seconds(0)).has_value(), false, "empty list");
        NS_TEST_ASSERT_MSG_EQ(list.Add(Ep("10.0.0.2")), true, "new");
        NS_TEST_ASSERT_MSG_EQ(list.Add(Ep("10.0.0.3")), true, "new");
        NS_TEST_ASSERT_MSG_EQ(list.Add(Ep("10.0.0.2")), false, "known");
        NS_TEST_ASSERT_MSG_EQ(list.GetKnownCount(), 2, "two endpoints");
        auto first = list.NextCandidate(Seconds(0));
        NS_TEST_ASSERT_MSG_EQ((first == Ep("10.0.0.2")), true, "first learnt first");
        list.OnDialing(*first);
        auto second = list.NextCandidate(Seconds(0));
        NS_TEST_ASSERT_MSG_EQ((second == Ep("10.0.0.3")), true, "a dialled one is skipped");
        list.OnDialing(*second);
        NS_TEST_ASSERT_MSG_EQ(list.NextCandidate(Seconds(0)).has_value(), false, "all busy");
        NS_TEST_ASSERT_MSG_EQ(list.NextCandidateTime(Seconds(0)).has_value(),
                              false,
                              "waiting helps none while all are busy");
    }
};

/// libtorrent's reconnect rule: (failures + 1) x min_reconnect_time after the last end,
/// never again after max_failcount failures; a handshake forgives.
class PeerListReconnectTestCase : public TestCase
{
  public:
    PeerListReconnectTestCase()
        : TestCase("reconnect after (failures + 1) x 60 s, give up after 3 failures")
    {
    }

  private:
    void DoRun() override
    {
        PeerList list; // 60 s, 3 failures
        const auto a = Ep("10.0.0.2");
        list.Add(a);
        // A dial that fails at t = 15 s: one failure, next try at 15 + 2 x 60 = 135 s.
        list.OnDialing(a);
        list.OnDialFailed(a, Seconds(15));
        NS_TEST_ASSERT_MSG_EQ(list.GetFailCount(a), 1, "one failure");
        NS_TEST_ASSERT_MSG_EQ(list.NextCandidate(Seconds(134)).has_value(), false, "too soon");
        NS_TEST_ASSERT_MSG_EQ(list.NextCandidateTime(Seconds(20)).value(),
                              Seconds(135),
                              "eligible at 135 s");
        NS_TEST_ASSERT_MSG_EQ((list.NextCandidate(Seconds(135)) == a), true, "eligible");
        // Connected, then closed gracefully at 200 s: no failure added, 2 x 60 s wait.
        list.OnDialing(a);
        list.OnConnected(a.first, a);
        list.OnClosed(a.first, a, Seconds(200), false);
        NS_TEST_ASSERT_MSG_EQ(list.GetFailCount(a), 1, "a graceful close is no failure");
        NS_TEST_ASSERT_MSG_EQ(list.NextCandidateTime(Seconds(200)).value(),
                              Seconds(320),
                              "(1 + 1) x 60 s after the close");
        // Two more failures (a time-out, then a refused dial): given up.
        list.OnDialing(a);
        list.OnConnected(a.first, a);
        list.OnClosed(a.first, a, Seconds(400), true);
        NS_TEST_ASSERT_MSG_EQ(list.GetFailCount(a), 2, "a time-out is a failure");
        NS_TEST_ASSERT_MSG_EQ(list.NextCandidateTime(Seconds(400)).value(),
                              Seconds(580),
                              "(2 + 1) x 60 s after the time-out");
        list.OnDialing(a);
        list.OnDialFailed(a, Seconds(600));
        NS_TEST_ASSERT_MSG_EQ(list.GetFailCount(a), 3, "three failures");
        NS_TEST_ASSERT_MSG_EQ(list.NextCandidate(Seconds(1e6)).has_value(), false, "given up");
        NS_TEST_ASSERT_MSG_EQ(list.NextCandidateTime(Seconds(600)).has_value(),
                              false,
                              "waiting does not help");
        // A handshake forgives: an endpoint that connected again (it dialled us) is eligible.
        list.OnHandshake(a);
        NS_TEST_ASSERT_MSG_EQ(list.GetFailCount(a), 0, "forgiven");
        NS_TEST_ASSERT_MSG_EQ((list.NextCandidate(Seconds(660)) == a), true, "dialled again");

        PeerListConfig config;
        config.minReconnectTime = Seconds(10);
        config.maxFailCount = 1;
        PeerList quick(config);
        quick.OnDialing(a);
        quick.OnDialFailed(a, Seconds(0));
        NS_TEST_ASSERT_MSG_EQ(quick.NextCandidate(Seconds(1e6)).has_value(),
                              false,
                              "max_failcount 1: one failure is enough");
    }
};

/// Fewer failures first, then the endpoint whose last connection ended longest ago.
class PeerListPreferenceTestCase : public TestCase
{
  public:
    PeerListPreferenceTestCase()
        : TestCase("candidates: fewer failures first, then the one unused longest")
    {
    }

  private:
    void DoRun() override
    {
        PeerList list;
        const auto a = Ep("10.0.0.2");
        const auto b = Ep("10.0.0.3");
        const auto c = Ep("10.0.0.4");
        for (const auto& e : {a, b, c})
        {
            list.OnDialing(e);
            list.OnConnected(e.first, e);
        }
        list.OnClosed(a.first, a, Seconds(10), true);  // 1 failure, eligible at 130 s
        list.OnClosed(b.first, b, Seconds(30), false); // eligible at 90 s
        list.OnClosed(c.first, c, Seconds(20), false); // eligible at 80 s
        NS_TEST_ASSERT_MSG_EQ((list.NextCandidate(Seconds(85)) == c), true, "only c yet");
        NS_TEST_ASSERT_MSG_EQ((list.NextCandidate(Seconds(200)) == c),
                              true,
                              "c ended before b; a failed");
        list.OnDialing(c);
        NS_TEST_ASSERT_MSG_EQ((list.NextCandidate(Seconds(200)) == b), true, "then b");
        list.OnDialing(b);
        NS_TEST_ASSERT_MSG_EQ((list.NextCandidate(Seconds(200)) == a), true, "a last");
    }
};

/// One connection per IP address, incoming ones included; allowed when configured.
class PeerListOnePerIpTestCase : public TestCase
{
  public:
    PeerListOnePerIpTestCase()
        : TestCase("one connection per IP address unless MultipleConnectionsPerIp")
    {
    }

  private:
    void DoRun() override
    {
        PeerList list;
        const auto a = Ep("10.0.0.2", 6881);
        const auto a2 = Ep("10.0.0.2", 6882);
        list.Add(a);
        list.Add(a2);
        list.OnConnected(a.first, std::nullopt); // it dialled us
        NS_TEST_ASSERT_MSG_EQ(list.MayConnect(a.first), false, "its IP has a connection");
        NS_TEST_ASSERT_MSG_EQ(list.NextCandidate(Seconds(0)).has_value(),
                              false,
                              "no dial to an IP with a connection");
        list.OnClosed(a.first, std::nullopt, Seconds(5), false);
        NS_TEST_ASSERT_MSG_EQ(list.MayConnect(a.first), true, "closed");
        NS_TEST_ASSERT_MSG_EQ((list.NextCandidate(Seconds(5)) == a), true, "dialled now");

        PeerListConfig config;
        config.multipleConnectionsPerIp = true;
        PeerList many(config);
        many.Add(a);
        many.Add(a2);
        many.OnDialing(a);
        many.OnConnected(a.first, a);
        NS_TEST_ASSERT_MSG_EQ((many.NextCandidate(Seconds(0)) == a2),
                              true,
                              "a second peer on the same node");
    }
};

/// Duplicate resolution: both ends close the same connection.
class PeerListDuplicateTestCase : public TestCase
{
  public:
    PeerListDuplicateTestCase()
        : TestCase("duplicate connections: the used one stays, else the smaller id's")
    {
    }

  private:
    void DoRun() override
    {
        NS_TEST_ASSERT_MSG_EQ(PeerList::KeepNewer(true, true), false, "a used one stays");
        NS_TEST_ASSERT_MSG_EQ(PeerList::KeepNewer(true, false), false, "a used one stays");
        NS_TEST_ASSERT_MSG_EQ(PeerList::KeepNewer(false, true), true, "smaller opener wins");
        NS_TEST_ASSERT_MSG_EQ(PeerList::KeepNewer(false, false), false, "larger opener loses");
    }
};

/// The tracker's interval, libtorrent's back-off on failures, min interval honoured.
class AnnounceSchedulerTestCase : public TestCase
{
  public:
    AnnounceSchedulerTestCase()
        : TestCase("announces: interval, back-off 17, 55, 117, 205 s, min interval honoured")
    {
    }

  private:
    void DoRun() override
    {
        AnnounceScheduler s;
        NS_TEST_ASSERT_MSG_EQ(s.GetInterval(), Seconds(1800), "default interval");
        NS_TEST_ASSERT_MSG_EQ(s.GetEarliestExtra(), Seconds(0), "nothing sent yet");
        s.OnSent(Seconds(0));
        NS_TEST_ASSERT_MSG_EQ(s.OnFailure(), Seconds(17), "5 + 1 x 5 x 2.5 (whole seconds)");
        NS_TEST_ASSERT_MSG_EQ(s.OnFailure(), Seconds(55), "5 + 4 x 12.5");
        NS_TEST_ASSERT_MSG_EQ(s.OnFailure(), Seconds(117), "5 + 9 x 12.5 (whole seconds)");
        NS_TEST_ASSERT_MSG_EQ(s.OnFailure(), Seconds(205), "5 + 16 x 12.5");
        NS_TEST_ASSERT_MSG_EQ(s.GetFailures(), 4, "four failures");
        for (int i = 0; i < 20; ++i)
        {
            s.OnFailure();
        }
        NS_TEST_ASSERT_MSG_EQ(s.OnFailure(), Seconds(3600), "at most an hour");
        NS_TEST_ASSERT_MSG_EQ(s.OnSuccess(120, 30), Seconds(120), "the tracker's interval");
        NS_TEST_ASSERT_MSG_EQ(s.GetFailures(), 0, "a reply resets the failures");
        s.OnSent(Seconds(1000));
        NS_TEST_ASSERT_MSG_EQ(s.GetEarliestExtra(), Seconds(1030), "min interval after");
        NS_TEST_ASSERT_MSG_EQ(s.OnFailure(), Seconds(30), "back-off never below min interval");
        NS_TEST_ASSERT_MSG_EQ(s.OnSuccess(0, 0), Seconds(1), "interval 0 is taken as 1 s");
        s.OnSent(Seconds(2000));
        NS_TEST_ASSERT_MSG_EQ(s.GetEarliestExtra(), Seconds(2001), "at least 1 s apart");

        AnnounceSchedulerConfig config;
        config.backoffPercent = 100;
        AnnounceScheduler linear(config);
        NS_TEST_ASSERT_MSG_EQ(linear.OnFailure(), Seconds(10), "5 + 1 x 5 x 1");
        NS_TEST_ASSERT_MSG_EQ(linear.OnFailure(), Seconds(25), "5 + 4 x 5 x 1");
    }
};

/// The peer list's and the announce scheduler's unit tests.
class PeerListTestSuite : public TestSuite
{
  public:
    PeerListTestSuite()
        : TestSuite("file-distribution-peer-list")
    {
        AddTestCase(new PeerListOrderTestCase);
        AddTestCase(new PeerListReconnectTestCase);
        AddTestCase(new PeerListPreferenceTestCase);
        AddTestCase(new PeerListOnePerIpTestCase);
        AddTestCase(new PeerListDuplicateTestCase);
        AddTestCase(new AnnounceSchedulerTestCase);
    }
};

/// Registers the suite.
static PeerListTestSuite g_peerListTestSuite;
