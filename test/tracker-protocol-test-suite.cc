// SPDX-License-Identifier: GPL-2.0-only

#include "ns3/http-message.h"
#include "ns3/ipv4-address.h"
#include "ns3/test.h"
#include "ns3/tracker-protocol.h"

#include <string>
#include <utility>
#include <vector>

/**
 * \file
 * \ingroup file-distribution-tests
 * Unit tests of the tracker protocol: announce query strings and bencoded responses.
 */

using namespace ns3;

namespace
{

/// An announce with recognisable binary fields.
AnnounceRequest
MakeAnnounce()
{
    AnnounceRequest a;
    for (uint8_t i = 0; i < 20; ++i)
    {
        a.infoHash[i] = static_cast<uint8_t>(i * 13 + 0x7f); // spans printable and not
        a.peerId[i] = static_cast<uint8_t>("-NS0001-abcdefghijkl"[i]);
    }
    a.port = 6881;
    a.uploaded = 1;
    a.downloaded = 18446744073709551615ULL;
    a.left = 262144;
    a.event = AnnounceRequest::Event::STARTED;
    a.numwant = 30;
    return a;
}

/// Parses the announce that a target would carry, as the tracker does.
std::optional<AnnounceRequest>
ParseTarget(const std::string& target, std::string* error)
{
    const auto request = ParseHttpRequest(FormatHttpRequest("GET", target, {}), error);
    if (!request)
    {
        return std::nullopt;
    }
    return AnnounceRequest::FromHttpRequest(*request, error);
}

bool
SameAnnounce(const AnnounceRequest& a, const AnnounceRequest& b)
{
    return a.infoHash == b.infoHash && a.peerId == b.peerId && a.port == b.port &&
           a.uploaded == b.uploaded && a.downloaded == b.downloaded && a.left == b.left &&
           a.event == b.event && a.numwant == b.numwant && a.compact == b.compact;
}

} // namespace

/**
 * \ingroup file-distribution-tests
 * Announce targets are exact, parse back, and every bad parameter is refused.
 */
class AnnounceRequestTestCase : public TestCase
{
  public:
    AnnounceRequestTestCase()
        : TestCase("announce targets are exact and parse back; bad parameters are refused")
    {
    }

  private:
    void DoRun() override
    {
        AnnounceRequest a = MakeAnnounce();
        const std::string target = a.ToTarget();
        NS_TEST_ASSERT_MSG_EQ(target,
                              "/announce?info_hash=%7F%8C%99%A6%B3%C0%CD%DA%E7%F4%01%0E%1B%285BO"
                              "%5Civ&peer_id=-NS0001-abcdefghijkl&port=6881&uploaded=1&"
                              "downloaded=18446744073709551615&left=262144&compact=1&event="
                              "started&numwant=30",
                              "exact target");
        std::string error;
        auto parsed = ParseTarget(target, &error);
        NS_TEST_ASSERT_MSG_EQ(parsed.has_value(), true, error);
        NS_TEST_ASSERT_MSG_EQ(SameAnnounce(*parsed, a), true, "round trip");

        for (auto event : {AnnounceRequest::Event::NONE,
                           AnnounceRequest::Event::COMPLETED,
                           AnnounceRequest::Event::STOPPED})
        {
            a.event = event;
            a.compact = event != AnnounceRequest::Event::STOPPED;
            parsed = ParseTarget(a.ToTarget("/t/announce?key=1"), &error);
            NS_TEST_ASSERT_MSG_EQ((parsed && SameAnnounce(*parsed, a)),
                                  true,
                                  "event " << AnnounceRequest::EventToString(event));
        }
        NS_TEST_ASSERT_MSG_EQ(a.ToTarget("/t/announce?key=1").substr(0, 28),
                              "/t/announce?key=1&info_hash=",
                              "existing query kept");
        NS_TEST_ASSERT_MSG_EQ((a.ToTarget().find("event=") == std::string::npos),
                              false,
                              "stopped is sent");
        a.event = AnnounceRequest::Event::NONE;
        NS_TEST_ASSERT_MSG_EQ((a.ToTarget().find("event=") == std::string::npos),
                              true,
                              "no event parameter for a regular announce");

        // Defaults of optional parameters, "empty" event, numwant clamped.
        const std::string base = "/announce?info_hash=" + std::string(20, 'h') +
                                 "&peer_id=" + std::string(20, 'p') +
                                 "&port=1&uploaded=0&downloaded=0&left=0";
        parsed = ParseTarget(base, &error);
        NS_TEST_ASSERT_MSG_EQ(parsed.has_value(), true, error);
        NS_TEST_ASSERT_MSG_EQ(parsed->numwant, 50, "default numwant");
        NS_TEST_ASSERT_MSG_EQ(parsed->compact, true, "default compact");
        NS_TEST_ASSERT_MSG_EQ((parsed->event == AnnounceRequest::Event::NONE), true, "no event");
        parsed =
            ParseTarget(base + "&event=empty&numwant=99999999999999999999999&ip=1.2.3.4", &error);
        NS_TEST_ASSERT_MSG_EQ(parsed.has_value(), true, error);
        NS_TEST_ASSERT_MSG_EQ(parsed->numwant, 4294967295u, "numwant clamped");
        NS_TEST_ASSERT_MSG_EQ((parsed->event == AnnounceRequest::Event::NONE), true, "empty");

        const std::vector<std::pair<std::string, std::string>> bad{
            {"/announce?peer_id=" + std::string(20, 'p') + "&port=1&uploaded=0&downloaded=0&left=0",
             "missing info_hash"},
            {"/announce?info_hash=" + std::string(19, 'h') + "&peer_id=" + std::string(20, 'p') +
                 "&port=1&uploaded=0&downloaded=0&left=0",
             "info_hash is not 20 bytes"},
            {"/announce?info_hash=" + std::string(20, 'h') + "&peer_id=" + std::string(21, 'p') +
                 "&port=1&uploaded=0&downloaded=0&left=0",
             "peer_id is not 20 bytes"},
            {"/announce?info_hash=" + std::string(20, 'h') + "&peer_id=" + std::string(20, 'p') +
                 "&uploaded=0&downloaded=0&left=0",
             "missing port"},
            {base + "x", "invalid left"},
            {base + "&event=begun", "invalid event"},
            {base + "&numwant=-1", "invalid numwant"},
            {base + "&numwant=", "invalid numwant"},
            {base + "&compact=yes", "invalid compact"},
        };
        for (const auto& [badTarget, message] : bad)
        {
            error.clear();
            NS_TEST_ASSERT_MSG_EQ(ParseTarget(badTarget, &error).has_value(), false, badTarget);
            NS_TEST_ASSERT_MSG_EQ(error, message, badTarget);
        }
        for (const std::string port : {"0", "65536", "-1", "+1", " 1", "0x10", ""})
        {
            const std::string t =
                "/announce?info_hash=" + std::string(20, 'h') + "&peer_id=" + std::string(20, 'p') +
                "&port=" + PercentEncode(port) + "&uploaded=0&downloaded=0&left=0";
            NS_TEST_ASSERT_MSG_EQ(ParseTarget(t, &error).has_value(), false, "port " << port);
        }
        for (const std::string n : {"-1", "1.0", "18446744073709551616", "1e3"})
        {
            NS_TEST_ASSERT_MSG_EQ(ParseTarget(base + "&uploaded=" + n, &error).has_value(),
                                  true,
                                  "the first 'uploaded' wins");
            const std::string t = "/announce?info_hash=" + std::string(20, 'h') +
                                  "&peer_id=" + std::string(20, 'p') + "&port=1&uploaded=" + n +
                                  "&downloaded=0&left=0";
            NS_TEST_ASSERT_MSG_EQ(ParseTarget(t, &error).has_value(), false, "uploaded " << n);
        }
    }
};

/**
 * \ingroup file-distribution-tests
 * Responses encode to exact bytes and decode back; compact and dictionary peer lists.
 */
class AnnounceResponseTestCase : public TestCase
{
  public:
    AnnounceResponseTestCase()
        : TestCase("responses encode exactly (BEP 23 compact) and decode back")
    {
    }

  private:
    void DoRun() override
    {
        AnnounceResponse r;
        r.interval = 1800;
        r.minInterval = 900;
        r.complete = 2;
        r.incomplete = 1;
        r.peers = {{Ipv4Address("10.0.0.1"), 6881}, {Ipv4Address("192.168.1.2"), 65535}};
        const std::string expected =
            std::string("d8:completei2e10:incompletei1e8:intervali1800e"
                        "12:min intervali900e5:peers12:") +
            std::string("\x0a\x00\x00\x01\x1a\xe1\xc0\xa8\x01\x02\xff\xff", 12) + "e";
        NS_TEST_ASSERT_MSG_EQ(r.Encode(), expected, "exact bencoding");
        std::string error;
        auto d = AnnounceResponse::Decode(expected, &error);
        NS_TEST_ASSERT_MSG_EQ(d.has_value(), true, error);
        NS_TEST_ASSERT_MSG_EQ(d->failureReason, "", "no failure");
        NS_TEST_ASSERT_MSG_EQ(d->interval, 1800, "interval");
        NS_TEST_ASSERT_MSG_EQ(d->minInterval, 900, "min interval");
        NS_TEST_ASSERT_MSG_EQ(d->complete, 2, "complete");
        NS_TEST_ASSERT_MSG_EQ(d->incomplete, 1, "incomplete");
        NS_TEST_ASSERT_MSG_EQ((d->peers == r.peers), true, "peers");

        AnnounceResponse empty;
        empty.interval = 5;
        NS_TEST_ASSERT_MSG_EQ(empty.Encode(),
                              "d8:completei0e10:incompletei0e8:intervali5e5:peers0:e",
                              "no min interval, empty peers");

        AnnounceResponse failure;
        failure.failureReason = "unknown info_hash";
        failure.interval = 7; // ignored
        NS_TEST_ASSERT_MSG_EQ(failure.Encode(),
                              "d14:failure reason17:unknown info_hashe",
                              "failure alone");
        d = AnnounceResponse::Decode(failure.Encode(), &error);
        NS_TEST_ASSERT_MSG_EQ((d && d->failureReason == "unknown info_hash"), true, "failure");

        // BEP 3's original peer list of dictionaries.
        d = AnnounceResponse::Decode("d8:intervali60e5:peersld2:ip8:10.1.2.37:peer id20:"
                                     "aaaaaaaaaaaaaaaaaaaa4:porti80eeee",
                                     &error);
        NS_TEST_ASSERT_MSG_EQ(d.has_value(), true, error);
        NS_TEST_ASSERT_MSG_EQ(d->peers.size(), 1, "one peer");
        NS_TEST_ASSERT_MSG_EQ(d->peers[0].first, Ipv4Address("10.1.2.3"), "its address");
        NS_TEST_ASSERT_MSG_EQ(d->peers[0].second, 80, "its port");

        const std::vector<std::string> bad{
            "",
            "le",
            "d8:intervali60e5:peers5:abcdee",
            "d5:peers0:e",
            "d8:intervali-1e5:peers0:e",
            "d8:intervali4294967296e5:peers0:e",
            "d8:interval2:605:peers0:e",
            "d8:intervali60ee",
            "d8:intervali60e5:peersi1ee",
            "d14:failure reason0:e",
            "d14:failure reasoni1ee",
            "d8:intervali60e5:peersld2:ip7:example4:porti80eeee",
            "d8:intervali60e5:peersld2:ip8:10.1.2.34:porti0eeee",
            "d8:intervali60e5:peersld2:ip9:10.1.2.034:porti1eeee",
            "d8:intervali60e5:peersld2:ip10:10.1.2.2564:porti1eeee",
            "d8:intervali60e5:peersli1eee",
            "d8:intervali60e5:peers0:ee",
        };
        for (const auto& body : bad)
        {
            error.clear();
            NS_TEST_ASSERT_MSG_EQ(AnnounceResponse::Decode(body, &error).has_value(), false, body);
            NS_TEST_ASSERT_MSG_EQ(error.empty(), false, "message for " << body);
        }
    }
};

/**
 * \ingroup file-distribution-tests
 * The tracker protocol test suite.
 */
class TrackerProtocolTestSuite : public TestSuite
{
  public:
    TrackerProtocolTestSuite()
        : TestSuite("file-distribution-tracker-protocol")
    {
        AddTestCase(new AnnounceRequestTestCase);
        AddTestCase(new AnnounceResponseTestCase);
    }
};

/// The static instance that registers the suite.
static TrackerProtocolTestSuite g_trackerProtocolTestSuite;
