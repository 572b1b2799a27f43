// SPDX-License-Identifier: GPL-2.0-only

#include "uppercase-echo-helper.h"

#include "ns3/address.h"
#include "ns3/node.h"
#include "ns3/tcp-socket-factory.h"
#include "ns3/udp-socket-factory.h"
#include "ns3/uinteger.h"
#include "ns3/uppercase-echo-client.h"
#include "ns3/uppercase-echo-server.h"

#include <algorithm>
#include <cctype>

namespace ns3
{

UppercaseEchoHelper::UppercaseEchoHelper(TypeId protocol, uint16_t port)
{
    m_serverFactory.SetTypeId(UppercaseEchoServer::GetTypeId());
    m_serverFactory.Set("Protocol", TypeIdValue(protocol));
    m_serverFactory.Set("Port", UintegerValue(port));
    m_clientFactory.SetTypeId(UppercaseEchoClient::GetTypeId());
    m_clientFactory.Set("Protocol", TypeIdValue(protocol));
    m_clientFactory.Set("RemotePort", UintegerValue(port));
}

TypeId
UppercaseEchoHelper::Udp()
{
    return UdpSocketFactory::GetTypeId();
}

TypeId
UppercaseEchoHelper::Tcp()
{
    return TcpSocketFactory::GetTypeId();
}

std::optional<TypeId>
UppercaseEchoHelper::ParseProtocol(const std::string& name)
{
    std::string lower = name;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) {
        return static_cast<char>(std::tolower(c));
    });
    if (lower == "udp")
    {
        return Udp();
    }
    if (lower == "tcp")
    {
        return Tcp();
    }
    return std::nullopt;
}

void
UppercaseEchoHelper::SetServerAttribute(const std::string& name, const AttributeValue& value)
{
    m_serverFactory.Set(name, value);
}

void
UppercaseEchoHelper::SetClientAttribute(const std::string& name, const AttributeValue& value)
{
    m_clientFactory.Set(name, value);
}

ApplicationContainer
UppercaseEchoHelper::InstallServer(NodeContainer nodes) const
{
    ApplicationContainer apps;
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        Ptr<Application> app = m_serverFactory.Create<Application>();
        (*it)->AddApplication(app);
        apps.Add(app);
    }
    return apps;
}

ApplicationContainer
UppercaseEchoHelper::InstallClients(NodeContainer nodes, const Address& server) const
{
    ApplicationContainer apps;
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        Ptr<Application> app = m_clientFactory.Create<Application>();
        app->SetAttribute("RemoteAddress", AddressValue(server));
        (*it)->AddApplication(app);
        apps.Add(app);
    }
    return apps;
}

} // namespace ns3
