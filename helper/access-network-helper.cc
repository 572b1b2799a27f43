// SPDX-License-Identifier: GPL-2.0-only

#include "access-network-helper.h"

#include "ns3/access-core-routing.h"
#include "ns3/command-line.h"
#include "ns3/config.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-interface-address.h"
#include "ns3/ipv4-static-routing-helper.h"
#include "ns3/ipv4-static-routing.h"
#include "ns3/ipv4.h"
#include "ns3/log.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/point-to-point-net-device.h"
#include "ns3/quantity-parser.h"
#include "ns3/queue-disc.h"
#include "ns3/queue-limits.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/traffic-control-helper.h"
#include "ns3/uinteger.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("AccessNetworkHelper");

namespace
{
/// Each access link is a /30: network, core, host, broadcast.
const Ipv4Mask ACCESS_MASK("255.255.255.252");

/**
 * \param typeId a TypeId name, or "" for none
 * \param base the type it must derive from
 * \return true for "" and for a registered subtype of \p base
 */
bool
IsTypeOrNone(const std::string& typeId, TypeId base)
{
    TypeId tid;
    return typeId.empty() || (TypeId::LookupByNameFailSafe(typeId, &tid) && tid.IsChildOf(base));
}

/**
 * \brief Whether the user changed an attribute's default (Config::SetDefault, or
 * --ns3::Type::Attribute on the command line), so that the helper's own choice must yield.
 * \param tid the type
 * \param name the attribute
 * \return true when its initial value is no longer the one the type was registered with
 */
bool
IsDefaultChanged(TypeId tid, const std::string& name)
{
    TypeId::AttributeInformation info;
    if (!tid.LookupAttributeByName(name, &info))
    {
        return false;
    }
    return info.initialValue->SerializeToString(info.checker) !=
           info.originalInitialValue->SerializeToString(info.checker);
}

/// FqCoDel's buckets: Linux's largest (tc's "flows" limit), so that a server's flows do not
/// share buckets by hash collision as they do among fq_codel's default 1024 (with 1000
/// clients, 63 % of the flows share one and get half of a fair share or less).
constexpr uint32_t FQ_CODEL_FLOWS = 65536;

/// FqCoDel's packet limit: ten times Linux's 10240. A Linux host's TCP Small Queues keep each
/// socket's packets in the queue disc to about two, so a flash crowd of 1000 connections
/// never fills fq_codel; ns-3's TCP has no such limit and puts whole initial windows (10
/// segments each) in the queue disc, which would overflow and drop the first flows' windows.
constexpr uint32_t FQ_CODEL_LIMIT_PACKETS = 102400;

} // namespace

AccessNetworkHelper::AccessNetworkHelper()
    : m_delay(MilliSeconds(2)),
      m_queueDiscType("ns3::FqCoDelQueueDisc"),
      m_queueDiscSize("0p"),
      m_downlinkQueueDiscType(""),
      m_deviceQueueSize("100p"),
      m_queueLimitsType("ns3::DynamicQueueLimits"),
      m_codelRateScaling(false),
      m_fqCoDelFlows(0),
      m_sndBuf(1 << 20),
      m_rcvBuf(1 << 20),
      m_segmentSize(1448),
      m_tcpEcn(true),
      m_base("10.0.0.0"),
      m_ranks(1),
      m_regions(1),
      m_serverLoad(0),
      m_backboneDelay(MilliSeconds(1))
{
}

uint32_t
AccessNetworkHelper::AddHost(DataRate up, DataRate down)
{
    m_rates.push_back({up, down});
    return static_cast<uint32_t>(m_rates.size() - 1);
}

uint32_t
AccessNetworkHelper::AddHosts(uint32_t n, DataRate up, DataRate down)
{
    const auto first = static_cast<uint32_t>(m_rates.size());
    m_rates.insert(m_rates.end(), n, {up, down});
    return first;
}

uint32_t
AccessNetworkHelper::AddHosts(uint32_t n,
                              Ptr<RandomVariableStream> upBps,
                              Ptr<RandomVariableStream> downBps)
{
    // A rate must be positive: a distribution with mass at or below zero is clamped (the
    // negated comparison also catches NaN).
    auto draw = [](Ptr<RandomVariableStream> rv) {
        const double v = rv->GetValue();
        if (!(v >= 1.0))
        {
            NS_LOG_WARN("drawn rate " << v << " bit/s raised to 1 bit/s");
            return DataRate(1);
        }
        return DataRate(static_cast<uint64_t>(std::min(v, 1e18)));
    };
    const auto first = static_cast<uint32_t>(m_rates.size());
    for (uint32_t i = 0; i < n; ++i)
    {
        const DataRate up = draw(upBps);
        m_rates.push_back({up, draw(downBps)});
    }
    return first;
}

void
AccessNetworkHelper::SetDelay(Time delay)
{
    m_delay = delay;
}

bool
AccessNetworkHelper::SetQueueDisc(const std::string& typeId, QueueSize maxSize)
{
    if (!IsTypeOrNone(typeId, QueueDisc::GetTypeId()))
    {
        return false;
    }
    m_queueDiscType = typeId;
    m_queueDiscSize = maxSize;
    return true;
}

bool
AccessNetworkHelper::SetDownlinkQueueDisc(const std::string& typeId)
{
    if (!IsTypeOrNone(typeId, QueueDisc::GetTypeId()))
    {
        return false;
    }
    m_downlinkQueueDiscType = typeId;
    return true;
}

void
AccessNetworkHelper::SetDeviceQueueSize(QueueSize size)
{
    m_deviceQueueSize = size;
}

bool
AccessNetworkHelper::SetQueueLimits(const std::string& typeId)
{
    if (!IsTypeOrNone(typeId, QueueLimits::GetTypeId()))
    {
        return false;
    }
    m_queueLimitsType = typeId;
    return true;
}

void
AccessNetworkHelper::SetFqCoDelFlows(uint32_t flows)
{
    m_fqCoDelFlows = flows;
}

void
AccessNetworkHelper::SetCoDelRateScaling(bool enable)
{
    m_codelRateScaling = enable;
}

void
AccessNetworkHelper::SetTcpBufferSizes(uint32_t sndBufBytes, uint32_t rcvBufBytes)
{
    m_sndBuf = sndBufBytes;
    m_rcvBuf = rcvBufBytes;
}

void
AccessNetworkHelper::SetTcpEcn(bool enable)
{
    m_tcpEcn = enable;
}

void
AccessNetworkHelper::SetTcpSegmentSize(uint32_t bytes)
{
    m_segmentSize = bytes;
}

void
AccessNetworkHelper::SetNetworkBase(Ipv4Address base)
{
    m_base = base;
}

NodeContainer
AccessNetworkHelper::Install()
{
    NS_LOG_FUNCTION(this << m_rates.size());
    Config::SetDefault("ns3::TcpSocket::SndBufSize", UintegerValue(m_sndBuf));
    Config::SetDefault("ns3::TcpSocket::RcvBufSize", UintegerValue(m_rcvBuf));
    Config::SetDefault("ns3::TcpSocket::SegmentSize", UintegerValue(m_segmentSize));
    Config::SetDefault("ns3::TcpSocketBase::UseEcn", StringValue(m_tcpEcn ? "On" : "Off"));

    // Every rank creates every node, in the same order (node ids must match); a node's rank
    // says which process simulates it.
    m_cores = NodeContainer();
    for (uint32_t k = 0; k < m_regions; ++k)
    {
        m_cores.Add(CreateObject<Node>(GetRegionRank(k)));
    }
    m_hosts = NodeContainer();
    for (uint32_t i = 0; i < m_rates.size(); ++i)
    {
        m_hosts.Add(CreateObject<Node>(GetHostRank(i)));
    }

    // Static routing only: global routing would compute O(N^2) routes for a star.
    InternetStackHelper stack;
    stack.SetIpv6StackInstall(false);
    Ipv4StaticRoutingHelper staticRouting;
    stack.SetRoutingHelper(staticRouting);
    stack.Install(m_cores);
    stack.Install(m_hosts);

    PointToPointHelper p2p;
    p2p.SetChannelAttribute("Delay", TimeValue(m_delay));
    p2p.SetQueue("ns3::DropTailQueue<Packet>", "MaxSize", QueueSizeValue(m_deviceQueueSize));

    m_hostDevices = NetDeviceContainer();
    m_coreDevices = NetDeviceContainer();
    // A core finds a host's link from its address in O(1): static routing scans all N
    // connected routes per forwarded packet, most of the run time of a 1000-host swarm.
    std::vector<Ptr<AccessCoreRouting>> routing;
    for (uint32_t k = 0; k < m_regions; ++k)
    {
        routing.push_back(CreateObject<AccessCoreRouting>());
        routing.back()->SetNetworkBase(m_base);
        m_cores.Get(k)->GetObject<Ipv4>()->SetRoutingProtocol(routing.back());
    }
    for (uint32_t i = 0; i < m_rates.size(); ++i)
    {
        Ptr<Node> host = m_hosts.Get(i);
        const uint32_t region = GetHostRegion(i);
        Ptr<Ipv4> coreIp = m_cores.Get(region)->GetObject<Ipv4>();
        const Ptr<AccessCoreRouting>& coreRouting = routing[region];
        NetDeviceContainer link = p2p.Install(host, m_cores.Get(region));
        Ptr<NetDevice> hostDevice = link.Get(0);
        Ptr<NetDevice> coreDevice = link.Get(1);
        // The asymmetry: each end of the link sends at its own rate.
        hostDevice->SetAttribute("DataRate", DataRateValue(m_rates[i].up));
        coreDevice->SetAttribute("DataRate", DataRateValue(m_rates[i].down));
        m_hostDevices.Add(hostDevice);
        m_coreDevices.Add(coreDevice);
        InstallQueueDisc(hostDevice, m_rates[i].up, m_queueDiscType, m_queueDiscSize);
        InstallQueueDisc(coreDevice, m_rates[i].down, m_downlinkQueueDiscType, QueueSize("0p"));
        if (m_downlinkQueueDiscType.empty() &&
            m_deviceQueueSize.GetUnit() == QueueSizeUnit::PACKETS)
        {
            // The downloads' FIFO holds the bytes of that many full-size packets: a shaper's
            // buffer (the real-client testbed's tbf: 100 x 1514 bytes) counts bytes, so a
            // burst of small packets fits; in packets, the SYNs of 1000 clients starting at
            // once overflow a server's 100-packet queue and half of them give up.
            const uint32_t frame = coreDevice->GetMtu() + 2; // + PPP header
            DynamicCast<PointToPointNetDevice>(coreDevice)
                ->GetQueue()
                ->SetMaxSize(QueueSize(QueueSizeUnit::BYTES, m_deviceQueueSize.GetValue() * frame));
        }

        // Addresses set directly (not by Ipv4AddressHelper): no global allocator state, so
        // several networks can be built in one process (tests) without collisions.
        const Ipv4Address coreAddress(m_base.Get() + 4 * i + 1);
        const int32_t coreIf = coreIp->AddInterface(coreDevice);
        coreIp->AddAddress(coreIf, Ipv4InterfaceAddress(coreAddress, ACCESS_MASK));
        coreIp->SetUp(coreIf);
        coreRouting->AddHost(i, static_cast<uint32_t>(coreIf));

        Ptr<Ipv4> hostIp = host->GetObject<Ipv4>();
        const int32_t hostIf = hostIp->AddInterface(hostDevice);
        hostIp->AddAddress(hostIf, Ipv4InterfaceAddress(GetHostAddress(i), ACCESS_MASK));
        hostIp->SetUp(hostIf);
        staticRouting.GetStaticRouting(hostIp)->SetDefaultRoute(coreAddress, hostIf);
    }
    if (m_regions > 1)
    {
        InstallBackbone(routing);
    }
    return m_hosts;
}

void
AccessNetworkHelper::InstallQueueDisc(Ptr<NetDevice> device,
                                      DataRate rate,
                                      const std::string& typeId,
                                      QueueSize maxSize) const
{
    if (typeId.empty())
    {
        return;
    }
    TrafficControlHelper tch;
    // The root queue disc with the attributes given, and MaxSize if one was set.
    auto setRoot = [&typeId, maxSize, &tch](auto&&... attributes) {
        if (maxSize.GetValue() > 0)
        {
            tch.SetRootQueueDisc(typeId, "MaxSize", QueueSizeValue(maxSize), attributes...);
        }
        else
        {
            tch.SetRootQueueDisc(typeId, attributes...);
        }
    };
    if (m_codelRateScaling &&
        (typeId == "ns3::FqCoDelQueueDisc" || typeId == "ns3::CoDelQueueDisc"))
    {
        // sch_cake's rule (cake_set_rate): CoDel cannot keep a packet's sojourn time below
        // the time the packet itself takes to send, so the target is at least 1.5 MTUs' worth
        // of the link's time, and the interval grows by what the target grew (and stays at
        // least twice the target).
        const Time mtuTime = rate.CalculateBytesTxTime(device->GetMtu() + 2); // + PPP header
        const Time target = std::max(MilliSeconds(5), mtuTime * 3 / 2);
        const Time interval = std::max(MilliSeconds(100) + (target - MilliSeconds(5)), target * 2);
        // FqCoDel's Target and Interval are strings in every ns-3 version; CoDel converts.
        setRoot("Target",
                StringValue(std::to_string(target.GetMicroSeconds()) + "us"),
                "Interval",
                StringValue(std::to_string(interval.GetMicroSeconds()) + "us"));
    }
    else
    {
        setRoot();
    }
    if (!m_queueLimitsType.empty())
    {
        tch.SetQueueLimits(m_queueLimitsType);
    }
    QueueDiscContainer installed = tch.Install(device);
    // FqCoDel's limits as a Linux host behaves (FQ_CODEL_FLOWS, FQ_CODEL_LIMIT_PACKETS), unless
    // the user set them (through the helper, or defaults that differ from ns-3's: ns-3's own
    // values cannot be told from unchanged ones). Set before the simulation starts, when the
    // queue disc checks them.
    if (typeId == "ns3::FqCoDelQueueDisc" && installed.GetN() == 1)
    {
        const TypeId tid = TypeId::LookupByName(typeId);
        if (m_fqCoDelFlows > 0)
        {
            installed.Get(0)->SetAttribute("Flows", UintegerValue(m_fqCoDelFlows));
        }
        else if (!IsDefaultChanged(tid, "Flows"))
        {
            installed.Get(0)->SetAttribute("Flows", UintegerValue(FQ_CODEL_FLOWS));
        }
        if (maxSize.GetValue() == 0 && !IsDefaultChanged(tid, "MaxSize"))
        {
            installed.Get(0)->SetMaxSize(QueueSize(QueueSizeUnit::PACKETS, FQ_CODEL_LIMIT_PACKETS));
        }
    }
}

void
AccessNetworkHelper::EnablePcap(const std::string& prefix, uint32_t hostIndex)
{
    Ptr<NetDevice> device = GetHostDevice(hostIndex);
    if (device && IsLocal(hostIndex)) // a distributed run captures only its own hosts
    {
        PointToPointHelper().EnablePcap(prefix, device, false);
    }
}

void
AccessNetworkHelper::EnablePcapAll(const std::string& prefix)
{
    for (uint32_t i = 0; i < m_hostDevices.GetN(); ++i)
    {
        EnablePcap(prefix, i);
    }
}

void
AccessNetworkHelper::EnableAscii(const std::string& prefix, uint32_t hostIndex)
{
    Ptr<NetDevice> device = GetHostDevice(hostIndex);
    if (device)
    {
        PointToPointHelper().EnableAscii(prefix, device);
    }
}

uint32_t
AccessNetworkHelper::GetHostCount() const
{
    return static_cast<uint32_t>(m_rates.size());
}

void
AccessNetworkHelper::SetRanks(uint32_t ranks)
{
    m_ranks = std::max<uint32_t>(ranks, 1);
}

uint32_t
AccessNetworkHelper::GetHostRank(uint32_t i) const
{
    // Regions: a host goes with its core. The star: its core on rank 0, the hosts in blocks
    // of equal work, the core's counted with rank 0's. The core forwards every packet; per
    // host it runs about a third of a host's events (doc/distributed.rst: 200 peers on 2
    // ranks with equal blocks, 6.71 M events on rank 0 against 3.40 M).
    constexpr double starCoreLoadPerHost = 0.35;
    if (m_regions > 1)
    {
        return GetRegionRank(GetHostRegion(i));
    }
    const double coreLoad = m_ranks > 1 ? starCoreLoadPerHost * (m_rates.size() - 1) : 0.0;
    return GetHostBlock(i, m_ranks, m_serverLoad + coreLoad);
}

bool
AccessNetworkHelper::IsLocal(uint32_t i) const
{
    return GetHostRank(i) == Simulator::GetSystemId();
}

Ptr<Node>
AccessNetworkHelper::GetHost(uint32_t i) const
{
    return i < m_hosts.GetN() ? m_hosts.Get(i) : nullptr;
}

NodeContainer
AccessNetworkHelper::GetHosts() const
{
    return m_hosts;
}

Ptr<Node>
AccessNetworkHelper::GetCore() const
{
    return GetRegionCore(0);
}

Ipv4Address
AccessNetworkHelper::GetHostAddress(uint32_t i) const
{
    return Ipv4Address(m_base.Get() + 4 * i + 2);
}

Ptr<NetDevice>
AccessNetworkHelper::GetHostDevice(uint32_t i) const
{
    return i < m_hostDevices.GetN() ? m_hostDevices.Get(i) : nullptr;
}

Ptr<NetDevice>
AccessNetworkHelper::GetCoreDevice(uint32_t i) const
{
    return i < m_coreDevices.GetN() ? m_coreDevices.Get(i) : nullptr;
}

DataRate
AccessNetworkHelper::GetUploadRate(uint32_t i) const
{
    return i < m_rates.size() ? m_rates[i].up : DataRate(0);
}

DataRate
AccessNetworkHelper::GetDownloadRate(uint32_t i) const
{
    return i < m_rates.size() ? m_rates[i].down : DataRate(0);
}

Time
AccessNetworkHelper::GetDelay() const
{
    return m_delay;
}

void
QueueingOptions::AddTo(CommandLine& cmd)
{
    cmd.AddValue("queue-limits",
                 "access device byte queue limits: ns3::DynamicQueueLimits, 'none', or "
                 "'default' (the helper's)",
                 queueLimits);
    cmd.AddValue("codel-scaling",
                 "scale CoDel's target to each access link's rate: true, false, or 'default'",
                 codelScaling);
    cmd.AddValue("tcp-ecn", "TCP negotiates ECN: true, false, or 'default'", tcpEcn);
    cmd.AddValue("downlink-queue-disc",
                 "queue discipline of the core's devices toward the hosts (their downloads): "
                 "an ns-3 QueueDisc type, 'none' (the device's drop-tail FIFO, as an access "
                 "provider's shaper), or 'default' (the helper's: none)",
                 downlinkQueueDisc);
}

std::string
AccessNetworkHelper::ApplyQueueingOptions(const QueueingOptions& options, std::string* badOption)
{
    std::string error;
    const std::string& limits = options.queueLimits;
    if (limits != "default" && !SetQueueLimits(limits == "none" ? "" : limits))
    {
        *badOption = "queue-limits";
        return "unknown queue limits '" + limits +
               "'; expected ns3::DynamicQueueLimits, none or default";
    }
    if (options.codelScaling != "default")
    {
        const auto scale = ParseBool(options.codelScaling, &error);
        if (!scale)
        {
            *badOption = "codel-scaling";
            return error + " (or default)";
        }
        SetCoDelRateScaling(*scale);
    }
    if (options.tcpEcn != "default")
    {
        const auto ecn = ParseBool(options.tcpEcn, &error);
        if (!ecn)
        {
            *badOption = "tcp-ecn";
            return error + " (or default)";
        }
        SetTcpEcn(*ecn);
    }
    const std::string& downlink = options.downlinkQueueDisc;
    if (downlink != "default" && !SetDownlinkQueueDisc(downlink == "none" ? "" : downlink))
    {
        *badOption = "downlink-queue-disc";
        return "unknown queue discipline '" + downlink +
               "'; expected an ns-3 QueueDisc type such as ns3::FqCoDelQueueDisc, none or "
               "default";
    }
    return "";
}

} // namespace ns3
