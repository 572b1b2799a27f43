// SPDX-License-Identifier: GPL-2.0-only

#ifndef FILE_DISTRIBUTION_FILE_SERVER_HELPER_H
#define FILE_DISTRIBUTION_FILE_SERVER_HELPER_H

#include "ns3/address.h"
#include "ns3/application-container.h"
#include "ns3/attribute.h"
#include "ns3/node-container.h"
#include "ns3/node.h"
#include "ns3/object-factory.h"
#include "ns3/ptr.h"

#include <cstdint>
#include <string>

namespace ns3
{

/**
 * \ingroup file-distribution
 * \brief Installs FileServer applications, like UdpEchoServerHelper.
 */
class FileServerHelper
{
  public:
    /**
     * \param fileSize the size F of the file served, in bytes
     * \param port the TCP port to listen on
     */
    explicit FileServerHelper(uint64_t fileSize, uint16_t port = 80);

    /**
     * \brief Sets an attribute of the servers created.
     * \param name the attribute's name
     * \param value its value
     */
    void SetAttribute(const std::string& name, const AttributeValue& value);

    /**
     * \param node where to install a server
     * \return the application
     */
    ApplicationContainer Install(Ptr<Node> node) const;

    /**
     * \param nodes where to install a server each
     * \return the applications
     */
    ApplicationContainer Install(NodeContainer nodes) const;

  private:
    ObjectFactory m_factory; //!< makes FileServer objects
};

/**
 * \ingroup file-distribution
 * \brief Installs FileClient applications, like UdpEchoClientHelper.
 */
class FileClientHelper
{
  public:
    /**
     * \param server the server's IPv4 address
     * \param port the server's TCP port
     */
    explicit FileClientHelper(const Address& server, uint16_t port = 80);

    /**
     * \brief Sets an attribute of the clients created.
     * \param name the attribute's name
     * \param value its value
     */
    void SetAttribute(const std::string& name, const AttributeValue& value);

    /**
     * \param node where to install a client
     * \return the application
     */
    ApplicationContainer Install(Ptr<Node> node) const;

    /**
     * \param nodes where to install a client each
     * \return the applications
     */
    ApplicationContainer Install(NodeContainer nodes) const;

  private:
    ObjectFactory m_factory; //!< makes FileClient objects
};

} // namespace ns3

#endif // FILE_DISTRIBUTION_FILE_SERVER_HELPER_H
