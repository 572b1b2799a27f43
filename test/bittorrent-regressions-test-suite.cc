// SPDX-License-Identifier: GPL-2.0-only

#include "ns3/access-network-helper.h"
#include "ns3/application-container.h"
#include "ns3/bittorrent-helper.h"
#include "ns3/bittorrent-peer.h"
#include "ns3/closed-sockets.h"
#include "ns3/data-rate.h"
#include "ns3/inet-socket-address.h"
#include "ns3/nstime.h"
#include "ns3/packet-sink-helper.h"
#include "ns3/packet.h"
#include "ns3/peer-wire-framer.h"
#include "ns3/peer-wire-message.h"
#include "ns3/simulator.h"
#include "ns3/socket.h"
#include "ns3/swarm-statistics.h"
#include "ns3/tcp-socket-factory.h"
#include "ns3/test.h"
#include "ns3/torrent-metainfo.h"

#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

/**
 * \file
 * \ingroup file-distribution-tests
 * Regression tests: one per defect found in the peer, each failed before its fix.
 */

using namespace ns3;

namespace
{

/// A test-controlled remote end: connects to a peer, sends its handshake late, and records
/// what the peer says.
struct LateHandshaker
{
    Ptr<Socket> socket;             //!< the connection to the peer
    PeerWireFramer framer;          //!< splits what the peer sends
    std::set<uint32_t> announced;   //!< pieces the peer's bitfield and haves announced
    std::vector<uint8_t> handshake; //!< ours, sent late

    /// \param limits the torrent's geometry
    explicit LateHandshaker(const PeerWireLimits& limits)
        : framer(limits)
    {
    }

    /// \param s the socket with bytes
    void Read(Ptr<Socket> s)
    {
        while (Ptr<Packet> p = s->Recv())
        {
            std::vector<uint8_t> bytes(p->GetSize());
            p->CopyData(bytes.data(), bytes.size());
            framer.Push(bytes.data(), bytes.size());
            while (auto m = framer.Next())
            {
                if (m->type == PeerWireMessageType::HAVE)
                {
                    announced.insert(m->index);
                }
                if (m->type == PeerWireMessageType::BITFIELD)
                {
                    for (uint32_t i = 0; i < 8 * m->bitfield.size(); ++i)
                    {
                        if (m->bitfield[i / 8] & (0x80 >> (i % 8)))
                        {
                            announced.insert(i);
                        }
                    }
                }
            }
        }
    }

    /// \brief Sends our handshake now.
    void SendHandshake()
    {
        socket->Send(handshake.data(), handshake.size(), 0);
    }
};

} // namespace

/**
 * \ingroup file-distribution-tests
 * A piece completed after a connection opened but before the remote handshake arrived is
 * announced on that connection (it used to be skipped for good).
 */
class HaveBeforeHandshakeTestCase : public TestCase
{
  public:
    HaveBeforeHandshakeTestCase()
        : TestCase("a piece completed before the remote handshake arrives is still announced")
    {
    }

  private:
    void DoRun() override
    {
        AccessNetworkHelper net;
        const uint32_t seedHost = net.AddHost(DataRate("10Mbps"), DataRate("10Mbps"));
        const uint32_t leecherHost = net.AddHost(DataRate("2Mbps"), DataRate("8Mbps"));
        const uint32_t testHost = net.AddHost(DataRate("2Mbps"), DataRate("8Mbps"));
        net.Install();
        const TorrentMetainfo torrent = TorrentMetainfo::Synthesize("f.bin", 1000000, 262144);
        BitTorrentHelper bt(torrent);
        bt.InstallTracker(net.GetHost(seedHost), net.GetHostAddress(seedHost));
        bt.InstallSeeds(net.GetHost(seedHost));
        ApplicationContainer leecher = bt.InstallLeechers(net.GetHost(leecherHost));

        PeerWireLimits limits;
        limits.pieceCount = torrent.GetPieceCount();
        limits.pieceLength = torrent.GetPieceLength();
        limits.totalLength = torrent.GetLength();
        limits.infoHash = torrent.GetInfoHash();
        LateHandshaker remote(limits);
        std::array<uint8_t, 20> id{};
        id.fill('x');
        remote.handshake = PeerWireCodec::EncodeHandshake(limits.infoHash, id);
        remote.socket = Socket::CreateSocket(net.GetHost(testHost), TcpSocketFactory::GetTypeId());
        remote.socket->Bind();
        remote.socket->SetRecvCallback(MakeCallback(&LateHandshaker::Read, &remote));
        // Connect before the leecher has a piece; say hello only once it has them all (about
        // 1.1 s for 1 MB at 8 Mbps), within its 10 s handshake time-out.
        const Address to = InetSocketAddress(net.GetHostAddress(leecherHost), 6881);
        Simulator::Schedule(Seconds(0.05), [&remote, to]() { remote.socket->Connect(to); });
        Simulator::Schedule(Seconds(5), &LateHandshaker::SendHandshake, &remote);
        Simulator::Stop(Seconds(8));
        Simulator::Run();
        Ptr<BitTorrentPeer> peer = DynamicCast<BitTorrentPeer>(leecher.Get(0));
        const bool complete = peer->IsComplete();
        const uint32_t pieces = torrent.GetPieceCount();
        Simulator::Destroy();
        NS_TEST_ASSERT_MSG_EQ(complete, true, "the leecher completed");
        NS_TEST_ASSERT_MSG_EQ(ToString(remote.framer.GetError()),
                              ToString(PeerWireError::NONE),
                              "valid bytes");
        NS_TEST_ASSERT_MSG_EQ(remote.announced.size(), pieces, "every piece announced");
    }
};

/**
 * \ingroup file-distribution-tests
 * By default (libtorrent's send_redundant_have) a leecher tells its seed every piece it
 * completes, so the seed knows its progress; it used to tell it nothing.
 */
class RedundantHaveDefaultTestCase : public TestCase
{
  public:
    RedundantHaveDefaultTestCase()
        : TestCase("by default a seed learns its leechers' progress (send_redundant_have)")
    {
    }

  private:
    void DoRun() override
    {
        AccessNetworkHelper net;
        const uint32_t seedHost = net.AddHost(DataRate("10Mbps"), DataRate("10Mbps"));
        const uint32_t leecherHost = net.AddHost(DataRate("2Mbps"), DataRate("8Mbps"));
        net.Install();
        const TorrentMetainfo torrent = TorrentMetainfo::Synthesize("f.bin", 2000000, 262144);
        BitTorrentHelper bt(torrent);
        bt.InstallTracker(net.GetHost(seedHost), net.GetHostAddress(seedHost));
        bt.InstallSeeds(net.GetHost(seedHost));
        ApplicationContainer leecher = bt.InstallLeechers(net.GetHost(leecherHost));
        Simulator::Stop(Seconds(10));
        Simulator::Run();
        const uint64_t haves = DynamicCast<BitTorrentPeer>(leecher.Get(0))->GetHaveMessagesSent();
        Simulator::Destroy();
        NS_TEST_ASSERT_MSG_EQ(haves, torrent.GetPieceCount(), "one 'have' per piece to the seed");
    }
};

/**
 * \ingroup file-distribution-tests
 * The download-time CDF is over all leechers: with 1 of 4 never finishing it ends at 0.75 (it
 * used to reach 1).
 */
class CdfOverAllLeechersTestCase : public TestCase
{
  public:
    CdfOverAllLeechersTestCase()
        : TestCase("the download-time CDF counts the leechers that never finish")
    {
    }

  private:
    void DoRun() override
    {
        AccessNetworkHelper net;
        const uint32_t seedHost = net.AddHost(DataRate("10Mbps"), DataRate("10Mbps"));
        const uint32_t first = net.AddHosts(4, DataRate("2Mbps"), DataRate("8Mbps"));
        net.Install();
        BitTorrentHelper bt(TorrentMetainfo::Synthesize("f.bin", 1000000, 262144));
        bt.InstallTracker(net.GetHost(seedHost), net.GetHostAddress(seedHost));
        ApplicationContainer all = bt.InstallSeeds(net.GetHost(seedHost));
        NodeContainer nodes;
        for (uint32_t i = 0; i < 4; ++i)
        {
            nodes.Add(net.GetHost(first + i));
        }
        ApplicationContainer leechers = bt.InstallLeechers(nodes);
        all.Add(leechers);
        Simulator::Schedule(Seconds(0.01),
                            &BitTorrentPeer::Crash,
                            DynamicCast<BitTorrentPeer>(leechers.Get(0)));
        SwarmStatistics stats;
        stats.Track(all);
        Simulator::Stop(Seconds(100));
        Simulator::Run();
        const std::string file = CreateTempDirFilename("cdf.plt");
        stats.WriteCdfPlot(file, "test");
        Simulator::Destroy();
        std::ifstream in(file);
        std::string line;
        double lastY = -1;
        while (std::getline(in, line))
        {
            std::istringstream fields(line);
            double x;
            double y;
            if (fields >> x >> y)
            {
                lastY = y;
            }
        }
        NS_TEST_ASSERT_MSG_EQ_TOL(lastY, 0.75, 1e-9, "3 of 4 leechers finished");
    }
};

/**
 * \ingroup file-distribution-tests
 * A tracker that accepts the connection and never answers: the announce fails after the
 * receive time-out (10 s) and is retried with back-off (it used to wait for ever, and the
 * peer never announced again).
 */
class SilentTrackerTestCase : public TestCase
{
  public:
    SilentTrackerTestCase()
        : TestCase("a tracker that accepts and never answers: the announce times out, retried")
    {
    }

  private:
    void DoRun() override
    {
        AccessNetworkHelper net;
        const uint32_t trackerHost = net.AddHost(DataRate("10Mbps"), DataRate("10Mbps"));
        const uint32_t peerHost = net.AddHost(DataRate("10Mbps"), DataRate("10Mbps"));
        net.Install();
        // A TCP sink on the tracker's port: it accepts and reads, and says nothing.
        PacketSinkHelper sink("ns3::TcpSocketFactory",
                              InetSocketAddress(Ipv4Address::GetAny(), 2710));
        sink.Install(net.GetHost(trackerHost));
        Ptr<BitTorrentPeer> peer = CreateObject<BitTorrentPeer>();
        peer->SetTorrent(TorrentMetainfo::Synthesize("f.bin", 100000, 16384));
        peer->SetTracker(net.GetHostAddress(trackerHost), 2710);
        net.GetHost(peerHost)->AddApplication(peer);
        uint32_t failuresAt9 = 99;
        uint32_t failuresAt11 = 99;
        uint32_t announcesAt30 = 0;
        Simulator::Schedule(Seconds(9),
                            [&]() { failuresAt9 = peer->GetTrackerClient().GetFailures(); });
        Simulator::Schedule(Seconds(11),
                            [&]() { failuresAt11 = peer->GetTrackerClient().GetFailures(); });
        Simulator::Schedule(Seconds(30),
                            [&]() { announcesAt30 = peer->GetTrackerClient().GetAnnounceCount(); });
        Simulator::Stop(Seconds(31));
        Simulator::Run();
        Simulator::Destroy();
        NS_TEST_ASSERT_MSG_EQ(failuresAt9, 0, "still waiting within the receive time-out");
        NS_TEST_ASSERT_MSG_EQ(failuresAt11, 1, "failed after 10 s of silence");
        NS_TEST_ASSERT_MSG_EQ(announcesAt30, 2, "announced again 17 s after the failure");
    }
};

/**
 * \ingroup file-distribution-tests
 * Closed sockets are kept 10 minutes, then let go (the peer's and the tracker client's lists
 * used to grow for the whole run).
 */
class ClosedSocketsTestCase : public TestCase
{
  public:
    ClosedSocketsTestCase()
        : TestCase("closed sockets are let go 10 minutes after they closed")
    {
    }

  private:
    void DoRun() override
    {
        ClosedSockets closed;
        std::vector<std::size_t> sizes;
        Simulator::Schedule(Seconds(0), [&closed]() {
            closed.Add(nullptr);
            closed.Add(nullptr);
        });
        Simulator::Schedule(Seconds(300), [&closed]() { closed.Add(nullptr); });
        Simulator::Schedule(Seconds(600), [&]() {
            closed.Add(nullptr);
            sizes.push_back(closed.GetSize());
        });
        Simulator::Schedule(Seconds(601), [&]() {
            closed.Add(nullptr);
            sizes.push_back(closed.GetSize());
        });
        Simulator::Schedule(Seconds(1300), [&]() {
            closed.Add(nullptr);
            sizes.push_back(closed.GetSize());
        });
        Simulator::Run();
        Simulator::Destroy();
        NS_TEST_ASSERT_MSG_EQ(sizes.at(0), 4, "none is 10 minutes old yet");
        NS_TEST_ASSERT_MSG_EQ(sizes.at(1), 3, "the two of t = 0 are gone");
        NS_TEST_ASSERT_MSG_EQ(sizes.at(2), 1, "only the newest is left");
    }
};

/// Regression tests of the peer.
class BitTorrentRegressionsTestSuite : public TestSuite
{
  public:
    BitTorrentRegressionsTestSuite()
        : TestSuite("file-distribution-bittorrent-regressions")
    {
        AddTestCase(new HaveBeforeHandshakeTestCase);
        AddTestCase(new RedundantHaveDefaultTestCase);
        AddTestCase(new CdfOverAllLeechersTestCase);
        AddTestCase(new SilentTrackerTestCase);
        AddTestCase(new ClosedSocketsTestCase);
    }
};

/// Registers the suite.
static BitTorrentRegressionsTestSuite g_bitTorrentRegressionsTestSuite;
