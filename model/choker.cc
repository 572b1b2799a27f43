// SPDX-License-Identifier: GPL-2.0-only

#include "choker.h"

#include "ns3/log.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <utility>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("Choker");

namespace
{

/// A rate or duration a caller may have computed badly (NaN, negative): those count as 0.
double
Clean(double value)
{
    return value > 0 ? value : 0.0;
}

/// One distinct connection of the snapshot, with the values the ranking uses.
struct Entry
{
    const ChokerPeer* peer; //!< the caller's record
    double rate;            //!< the rate the regular ranking uses
    double connected;       //!< connectedSeconds, cleaned
    bool snubbed;           //!< excluded from the regular slots by anti-snubbing
    bool neverUnchoked;     //!< we have not unchoked it since it connected
    uint64_t lastUnchoked;  //!< the last round we unchoked it
    int antiLeechScore;     //!< anti-leech: 1000 with no piece or all, 0 with half
    bool quotaDone;         //!< round robin: unchoked, and had its quota and its minute
    bool regular{false};    //!< it got a regular slot this round
    bool chosen{false};     //!< it got an optimistic slot this round
};

/// The default random source: fixed seed, so runs without SetRandom() repeat exactly.
std::function<uint32_t(uint32_t)>
DefaultRandom()
{
    return [engine = std::minstd_rand(1)](uint32_t n) mutable {
        return static_cast<uint32_t>(engine() % n);
    };
}

} // namespace

Choker::Choker(const ChokerConfig& config)
    : m_config(config),
      m_random(DefaultRandom())
{
}

void
Choker::SetRandom(std::function<uint32_t(uint32_t n)> uniformBelowN)
{
    m_random = uniformBelowN ? std::move(uniformBelowN) : DefaultRandom();
}

uint64_t
Choker::GetRound() const
{
    return m_round;
}

const ChokerConfig&
Choker::GetConfig() const
{
    return m_config;
}

uint32_t
Choker::Draw(uint32_t n)
{
    const uint32_t r = m_random(n);
    return r < n ? r : r % n;
}

ChokerDecision
Choker::Rechoke(const std::vector<ChokerPeer>& peers, bool weAreSeed)
{
    const uint64_t round = m_round++;
    const uint64_t period = std::max<uint32_t>(m_config.optimisticEveryRounds, 1);
    const bool rotate = round % period == 0;

    // Distinct connections in id order (the first record of a repeated id wins), so that
    // every later tie is broken by id and the decision does not depend on input order.
    std::vector<const ChokerPeer*> byId;
    byId.reserve(peers.size());
    for (const auto& peer : peers)
    {
        byId.push_back(&peer);
    }
    std::stable_sort(byId.begin(), byId.end(), [](const ChokerPeer* a, const ChokerPeer* b) {
        return a->id < b->id;
    });
    std::vector<Entry> entries;
    entries.reserve(byId.size());
    for (std::size_t i = 0; i < byId.size(); ++i)
    {
        const ChokerPeer& p = *byId[i];
        if (i > 0 && byId[i - 1]->id == p.id)
        {
            continue;
        }
        Entry e{};
        e.peer = &p;
        e.connected = Clean(p.connectedSeconds);
        if (!weAreSeed)
        {
            e.rate = Clean(p.downloadRate);
        }
        else
        {
            // What a choked peer still shows is the tail of an earlier unchoke (or of
            // requests served late); ranking by it would let a peer we dropped rank first.
            e.rate = p.unchoked ? Clean(p.uploadRate) : 0.0;
        }
        // A seed receives no blocks, so snubbing is a leecher's notion only. A connection
        // younger than snubSeconds has not had the time to snub us ("huge if never").
        e.snubbed = m_config.antiSnubbing && !weAreSeed &&
                    std::min(Clean(p.secondsSinceLastBlock), e.connected) >= m_config.snubSeconds;
        // libtorrent's V-shaped score (Chow et al., "Improving BitTorrent: A Simple Approach"):
        // in whole thousandths, so that peers at the same stage tie and take turns.
        const double completed = std::min(Clean(p.completed), 1.0);
        e.antiLeechScore = static_cast<int>(std::abs(completed - 0.5) * 2000);
        e.quotaDone = p.unchoked && Clean(p.uploadedSinceUnchoke) > m_config.seedQuotaBytes &&
                      Clean(p.secondsSinceUnchoke) > m_config.seedQuotaSeconds;
        auto last = m_lastUnchokedRound.find(p.id);
        e.neverUnchoked = last == m_lastUnchokedRound.end();
        e.lastUnchoked = e.neverUnchoked ? 0 : last->second;
        entries.push_back(e);
    }

    // Regular slots: rank the interested, non-snubbed peers and take the first ones.
    std::vector<Entry*> ranked;
    ranked.reserve(entries.size());
    for (auto& e : entries)
    {
        if (e.peer->interested && !e.snubbed)
        {
            ranked.push_back(&e);
        }
    }
    // Whoever waited longest goes first: never unchoked, then unchoked longest ago; among the
    // never unchoked, the longest connected.
    auto waitedLonger = [](const Entry* a, const Entry* b) {
        if (a->neverUnchoked != b->neverUnchoked)
        {
            return a->neverUnchoked;
        }
        if (a->lastUnchoked != b->lastUnchoked)
        {
            return a->lastUnchoked < b->lastUnchoked;
        }
        if (a->connected != b->connected)
        {
            return a->connected > b->connected;
        }
        return a->peer->id < b->peer->id;
    };
    if (weAreSeed && m_config.seedMode == ChokerConfig::SeedMode::ROUND_ROBIN)
    {
        // libtorrent's unchoke_compare_rr: the status quo holds (an unchoked peer we upload to
        // outranks every choked one, whose rate counts as 0) until a peer has had its quota;
        // then it goes last, and the slot passes to whoever waited longest.
        std::sort(ranked.begin(), ranked.end(), [&waitedLonger](const Entry* a, const Entry* b) {
            if (a->quotaDone != b->quotaDone)
            {
                return b->quotaDone;
            }
            if (a->rate != b->rate)
            {
                return a->rate > b->rate;
            }
            return waitedLonger(a, b);
        });
    }
    else if (weAreSeed && m_config.seedMode == ChokerConfig::SeedMode::ANTI_LEECH)
    {
        // Newcomers and peers about to finish first: peers in the middle of the download can
        // trade with each other, the seed's bandwidth goes where nobody else can help.
        std::sort(ranked.begin(), ranked.end(), [&waitedLonger](const Entry* a, const Entry* b) {
            if (a->antiLeechScore != b->antiLeechScore)
            {
                return a->antiLeechScore > b->antiLeechScore;
            }
            return waitedLonger(a, b);
        });
    }
    else
    {
        std::sort(ranked.begin(), ranked.end(), [](const Entry* a, const Entry* b) {
            if (a->rate != b->rate)
            {
                return a->rate > b->rate;
            }
            return a->peer->id < b->peer->id;
        });
    }
    ChokerDecision decision;
    const std::size_t regularCount =
        std::min<std::size_t>(m_config.GetRegularSlots(weAreSeed), ranked.size());
    for (std::size_t i = 0; i < regularCount; ++i)
    {
        ranked[i]->regular = true;
        decision.regular.push_back(ranked[i]->peer->id);
    }

    // Optimistic slots. Every candidate is interested and outside the regular set.
    const std::size_t slots = m_config.optimisticSlots;
    auto isOpen = [&](const Entry& e) { return e.peer->interested && !e.regular && !e.chosen; };
    auto keepHolders = [&]() {
        for (auto& e : entries)
        {
            if (decision.optimistic.size() >= slots)
            {
                return;
            }
            if (e.peer->optimistic && isOpen(e))
            {
                e.chosen = true;
                decision.optimistic.push_back(e.peer->id);
            }
        }
    };
    // Draws without replacement; a connection younger than newPeerSeconds holds 3 tickets,
    // as mainline BitTorrent gave a new connection 3 chances in its rotation list.
    auto draw = [&](bool chokedOnly) {
        if (decision.optimistic.size() >= slots)
        {
            return;
        }
        std::vector<Entry*> newer;
        std::vector<Entry*> older;
        for (auto& e : entries)
        {
            if (isOpen(e) && !(chokedOnly && e.peer->unchoked))
            {
                (e.connected < m_config.newPeerSeconds ? newer : older).push_back(&e);
            }
        }
        // Beyond 2^32 tickets (over a billion connections) weights are dropped, not overflowed.
        const bool weighted = 3 * static_cast<uint64_t>(newer.size()) + older.size() <=
                              std::numeric_limits<uint32_t>::max();
        const uint64_t weight = weighted ? 3 : 1;
        while (decision.optimistic.size() < slots && !(newer.empty() && older.empty()))
        {
            const uint64_t tickets = weight * newer.size() + older.size();
            uint64_t r = Draw(static_cast<uint32_t>(
                std::min<uint64_t>(tickets, std::numeric_limits<uint32_t>::max())));
            auto& group = r < weight * newer.size() ? newer : older;
            const std::size_t index = &group == &newer ? r / weight : r - weight * newer.size();
            Entry* pick = group[index];
            group[index] = group.back();
            group.pop_back();
            pick->chosen = true;
            decision.optimistic.push_back(pick->peer->id);
        }
    };
    if (!rotate)
    {
        keepHolders(); // refilled below only if a holder left, lost interest or went regular
    }
    draw(true);
    if (rotate)
    {
        keepHolders(); // nobody else is choked and interested: the holder may as well stay
    }
    draw(false); // last resort: a peer that just lost its regular slot

    decision.unchoke = decision.regular;
    decision.unchoke.insert(decision.unchoke.end(),
                            decision.optimistic.begin(),
                            decision.optimistic.end());

    // Forget connections that are gone, so the map stays as large as the snapshot.
    std::map<uint32_t, uint64_t> lastUnchoked;
    for (const auto& e : entries)
    {
        if (e.regular || e.chosen)
        {
            lastUnchoked.emplace_hint(lastUnchoked.end(), e.peer->id, round);
        }
        else if (!e.neverUnchoked)
        {
            lastUnchoked.emplace_hint(lastUnchoked.end(), e.peer->id, e.lastUnchoked);
        }
    }
    m_lastUnchokedRound = std::move(lastUnchoked);

    NS_LOG_DEBUG("round " << round << (rotate ? " (rotation)" : "") << ": " << entries.size()
                          << " connections, " << decision.regular.size() << " regular, "
                          << decision.optimistic.size() << " optimistic");
    return decision;
}

std::string
ChokerConfigError(const ChokerConfig& config)
{
    if (config.regularSlots == 0)
    {
        return "regularSlots must be at least 1";
    }
    if (config.optimisticEveryRounds == 0)
    {
        return "optimisticEveryRounds must be at least 1";
    }
    if (config.seedMode != ChokerConfig::SeedMode::FASTEST_UPLOAD &&
        config.seedMode != ChokerConfig::SeedMode::ROUND_ROBIN &&
        config.seedMode != ChokerConfig::SeedMode::ANTI_LEECH)
    {
        return "seedMode is none of FASTEST_UPLOAD, ROUND_ROBIN, ANTI_LEECH";
    }
    if (!std::isfinite(config.snubSeconds) || config.snubSeconds <= 0)
    {
        return "snubSeconds must be a positive finite number";
    }
    if (!std::isfinite(config.newPeerSeconds) || config.newPeerSeconds < 0)
    {
        return "newPeerSeconds must be a finite number >= 0";
    }
    if (!std::isfinite(config.seedQuotaBytes) || config.seedQuotaBytes < 0)
    {
        return "seedQuotaBytes must be a finite number >= 0";
    }
    if (!std::isfinite(config.seedQuotaSeconds) || config.seedQuotaSeconds < 0)
    {
        return "seedQuotaSeconds must be a finite number >= 0";
    }
    return "";
}

uint32_t
MainlineUploadSlots(double bytesPerSecond)
{
    if (!(bytesPerSecond > 0))
    {
        return 0;
    }
    const double kibPerSecond = bytesPerSecond / 1024;
    if (kibPerSecond < 9)
    {
        return 2;
    }
    if (kibPerSecond < 15)
    {
        return 3;
    }
    if (kibPerSecond < 42)
    {
        return 4;
    }
    // Capped far above any slot count that makes sense, so the cast cannot overflow.
    return static_cast<uint32_t>(std::sqrt(std::min(kibPerSecond * 0.6, 1e12)));
}

} // namespace ns3
