// SPDX-License-Identifier: GPL-2.0-only

#include "file-server-helper.h"

#include "ns3/address.h"
#include "ns3/file-client.h"
#include "ns3/file-server.h"
#include "ns3/uinteger.h"

namespace ns3
{

FileServerHelper::FileServerHelper(uint64_t fileSize, uint16_t port)
{
    m_factory.SetTypeId(FileServer::GetTypeId());
    m_factory.Set("FileSize", UintegerValue(fileSize));
    m_factory.Set("Port", UintegerValue(port));
}

void
FileServerHelper::SetAttribute(const std::string& name, const AttributeValue& value)
{
    m_factory.Set(name, value);
}

ApplicationContainer
FileServerHelper::Install(Ptr<Node> node) const
{
    Ptr<Application> app = m_factory.Create<FileServer>();
    node->AddApplication(app);
    return ApplicationContainer(app);
}

ApplicationContainer
FileServerHelper::Install(NodeContainer nodes) const
{
    ApplicationContainer apps;
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        apps.Add(Install(*it));
    }
    return apps;
}

FileClientHelper::FileClientHelper(const Address& server, uint16_t port)
{
    m_factory.SetTypeId(FileClient::GetTypeId());
    m_factory.Set("Remote", AddressValue(server));
    m_factory.Set("Port", UintegerValue(port));
}

void
FileClientHelper::SetAttribute(const std::string& name, const AttributeValue& value)
{
    m_factory.Set(name, value);
}

ApplicationContainer
FileClientHelper::Install(Ptr<Node> node) const
{
    Ptr<Application> app = m_factory.Create<FileClient>();
    node->AddApplication(app);
    return ApplicationContainer(app);
}

ApplicationContainer
FileClientHelper::Install(NodeContainer nodes) const
{
    ApplicationContainer apps;
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        apps.Add(Install(*it));
    }
    return apps;
}

} // namespace ns3
