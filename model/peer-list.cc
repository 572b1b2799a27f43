// SPDX-License-Identifier: GPL-2.0-only

#include "peer-list.h"

#include <tuple>

namespace ns3
{

PeerList::PeerList(const PeerListConfig& config)
    : m_config(config)
{
}

bool
PeerList::Add(const Endpoint& endpoint)
{
    if (m_index.count(endpoint))
    {
        return false;
    }
    m_index.emplace(endpoint, m_entries.size());
    Entry entry;
    entry.endpoint = endpoint;
    m_entries.push_back(entry);
    return true;
}

PeerList::Entry*
PeerList::Find(const Endpoint& endpoint)
{
    auto it = m_index.find(endpoint);
    return it == m_index.end() ? nullptr : &m_entries[it->second];
}

std::optional<Time>
PeerList::EligibleAt(const Entry& e) const
{
    if (e.failCount >= m_config.maxFailCount)
    {
        return std::nullopt;
    }
    if (!e.lastEnd)
    {
        return Time(0);
    }
    return *e.lastEnd + m_config.minReconnectTime * static_cast<int64_t>(e.failCount + 1);
}

bool
PeerList::IsCandidate(const Entry& e, Time now) const
{
    if (e.busy || !MayConnect(e.endpoint.first))
    {
        return false;
    }
    const auto at = EligibleAt(e);
    return at && *at <= now;
}

std::optional<PeerList::Endpoint>
PeerList::NextCandidate(Time now) const
{
    const Entry* best = nullptr;
    // Fewer failures first, then the longest since the last connection (never: first); ties
    // keep the order learnt, so a flash crowd dials in the tracker's order.
    auto key = [](const Entry& e) {
        return std::make_tuple(e.failCount, e.lastEnd.has_value(), e.lastEnd.value_or(Time(0)));
    };
    for (const auto& e : m_entries)
    {
        if (IsCandidate(e, now) && (!best || key(e) < key(*best)))
        {
            best = &e;
        }
    }
    return best ? std::optional<Endpoint>(best->endpoint) : std::nullopt;
}

std::optional<Time>
PeerList::NextCandidateTime(Time now) const
{
    std::optional<Time> next;
    for (const auto& e : m_entries)
    {
        if (e.busy)
        {
            continue;
        }
        const auto at = EligibleAt(e);
        if (at && *at > now && (!next || *at < *next))
        {
            next = at;
        }
    }
    return next;
}

void
PeerList::OnDialing(const Endpoint& endpoint)
{
    Add(endpoint);
    Find(endpoint)->busy = true;
}

void
PeerList::OnDialFailed(const Endpoint& endpoint, Time now)
{
    if (Entry* e = Find(endpoint))
    {
        e->busy = false;
        ++e->failCount;
        e->lastEnd = now;
    }
}

void
PeerList::OnConnected(Ipv4Address ip, std::optional<Endpoint> endpoint)
{
    ++m_openIps[ip];
    if (endpoint)
    {
        Add(*endpoint);
        Find(*endpoint)->busy = true;
    }
}

void
PeerList::OnClosed(Ipv4Address ip, std::optional<Endpoint> endpoint, Time now, bool failed)
{
    auto it = m_openIps.find(ip);
    if (it != m_openIps.end() && --it->second == 0)
    {
        m_openIps.erase(it);
    }
    if (!endpoint)
    {
        return;
    }
    if (Entry* e = Find(*endpoint))
    {
        e->busy = false;
        e->lastEnd = now;
        e->failCount += failed ? 1 : 0;
    }
}

void
PeerList::OnHandshake(const Endpoint& endpoint)
{
    if (Entry* e = Find(endpoint))
    {
        e->failCount = 0;
    }
}

bool
PeerList::MayConnect(Ipv4Address ip) const
{
    return m_config.multipleConnectionsPerIp || m_openIps.count(ip) == 0;
}

std::size_t
PeerList::GetKnownCount() const
{
    return m_entries.size();
}

uint32_t
PeerList::GetFailCount(const Endpoint& endpoint) const
{
    auto it = m_index.find(endpoint);
    return it == m_index.end() ? 0 : m_entries[it->second].failCount;
}

bool
PeerList::KeepNewer(bool olderCarriedMessages, bool newerOpenerSmaller)
{
    return !olderCarriedMessages && newerOpenerSmaller;
}

} // namespace ns3
