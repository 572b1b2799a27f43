// SPDX-License-Identifier: GPL-2.0-only
//
// Torrent's choking: the rounds of the choker, the slots filled between rounds, and the choke
// and unchoke messages (with BEP 6's rejects). The rest of Torrent is in torrent.cc.

#include "torrent.h"

#include "ns3/simulator.h"

#include <algorithm>
#include <set>

namespace ns3
{

void
Torrent::FillFreeSlots()
{
    // Between two rechokes, a slot that frees up (its peer lost interest or left) or was never
    // used goes at once to an interested peer we choke, the longest-connected first; the next
    // rechoke ranks them by rate as usual. O(connections), on interest changes only.
    if (m_settings.freeRider || !m_running)
    {
        return;
    }
    const uint32_t slots = m_settings.choker.GetRegularSlots(m_picker->IsComplete()) +
                           m_settings.choker.optimisticSlots;
    uint32_t used = 0;
    for (const auto& [id, connection] : m_connections)
    {
        const PeerConnection& c = *connection;
        used += (!c.amChoking && c.peerInterested) ? 1 : 0;
    }
    for (auto& [id, connection] : m_connections)
    {
        PeerConnection& c = *connection;
        if (used >= slots)
        {
            return;
        }
        if (c.amChoking && c.peerInterested)
        {
            SetChoking(c, false);
            ++used;
        }
    }
}

void
Torrent::SetChoking(PeerConnection& c, bool choke)
{
    if (c.amChoking == choke)
    {
        return;
    }
    c.amChoking = choke;
    c.Send(choke ? PeerWireCodec::EncodeChoke() : PeerWireCodec::EncodeUnchoke());
    if (choke)
    {
        // BEP 3: a choked peer's pending requests are discarded. BEP 6: each with a reject
        // after the choke, but for those of its allowed fast set, which are still served.
        const auto& allowed = c.allowedFastOut;
        for (const auto& block : c.DropUploadsExcept([&allowed](const BlockRequest& b) {
                 return std::find(allowed.begin(), allowed.end(), b.piece) != allowed.end();
             }))
        {
            Reject(c, block);
        }
        c.optimistic = false;
    }
    else
    {
        c.unchokedAt = Simulator::Now();
        c.upSinceUnchoke = 0;
    }
    m_host.HandleChoke(c.GetRemote(), choke);
}

void
Torrent::Rechoke()
{
    const double elapsed = std::max((Simulator::Now() - m_lastRechoke).GetSeconds(), 1e-9);
    const bool antiLeech =
        m_picker->IsComplete() && m_settings.choker.seedMode == ChokerConfig::SeedMode::ANTI_LEECH;
    std::vector<ChokerPeer> peers;
    peers.reserve(m_connections.size());
    for (const auto& [id, connection] : m_connections)
    {
        const PeerConnection& c = *connection;
        if (!c.handshaken)
        {
            continue;
        }
        ChokerPeer p;
        p.id = id;
        p.interested = c.peerInterested;
        p.unchoked = !c.amChoking;
        p.optimistic = c.optimistic;
        p.downloadRate = c.downSinceRechoke / elapsed;
        p.uploadRate = c.upSinceRechoke / elapsed;
        p.uploadedSinceUnchoke = static_cast<double>(c.upSinceUnchoke);
        p.secondsSinceUnchoke = c.amChoking ? 0 : (Simulator::Now() - c.unchokedAt).GetSeconds();
        p.connectedSeconds = (Simulator::Now() - c.GetConnectedAt()).GetSeconds();
        // O(pieces / 64) per connection and round, so only for the one ranking that reads it.
        p.completed =
            antiLeech && c.registered
                ? static_cast<double>(m_picker->GetPeerHave(id).Count()) / m_picker->GetPieceCount()
                : 0.0;
        // A peer that chokes us cannot snub us: its clock only runs while it unchokes us.
        p.secondsSinceLastBlock =
            c.peerChoking
                ? 0
                : (Simulator::Now() - std::max(c.lastBlockAt, c.GetConnectedAt())).GetSeconds();
        peers.push_back(p);
    }
    ChokerDecision decision;
    if (!m_settings.freeRider)
    {
        decision = m_choker->Rechoke(peers, m_picker->IsComplete());
    }
    const std::set<uint32_t> unchoke(decision.unchoke.begin(), decision.unchoke.end());
    const std::set<uint32_t> optimistic(decision.optimistic.begin(), decision.optimistic.end());
    for (auto& [id, connection] : m_connections)
    {
        PeerConnection& c = *connection;
        if (!c.handshaken)
        {
            continue;
        }
        SetChoking(c, unchoke.count(id) == 0);
        c.optimistic = optimistic.count(id) > 0;
        c.downSinceRechoke = 0;
        c.upSinceRechoke = 0;
    }
    m_lastRechoke = Simulator::Now();
    m_rechokeEvent = Simulator::Schedule(m_settings.rechokeInterval, &Torrent::Rechoke, this);
}

} // namespace ns3
