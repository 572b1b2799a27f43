// SPDX-License-Identifier: GPL-2.0-only

#ifndef FILE_DISTRIBUTION_UPPERCASE_ECHO_HELPER_H
#define FILE_DISTRIBUTION_UPPERCASE_ECHO_HELPER_H

#include "ns3/address.h"
#include "ns3/application-container.h"
#include "ns3/attribute.h"
#include "ns3/node-container.h"
#include "ns3/object-factory.h"
#include "ns3/type-id.h"

#include <optional>
#include <string>

namespace ns3
{

/**
 * \ingroup file-distribution
 * \brief Installs UppercaseEchoServer and UppercaseEchoClient applications.
 *
 * \code
 *   UppercaseEchoHelper echo(UppercaseEchoHelper::Tcp(), 12000);
 *   ApplicationContainer server = echo.InstallServer(serverNode);
 *   echo.SetClientAttribute("Lines", StringValue("hello|world"));
 *   ApplicationContainer clients = echo.InstallClients(clientNodes, serverAddress);
 * \endcode
 */
class UppercaseEchoHelper
{
  public:
    /**
     * \param protocol socket factory TypeId: Udp() or Tcp()
     * \param port the server's port (12000, as in the textbook)
     */
    explicit UppercaseEchoHelper(TypeId protocol, uint16_t port = 12000);

    /// \return the TypeId of ns3::UdpSocketFactory
    static TypeId Udp();
    /// \return the TypeId of ns3::TcpSocketFactory
    static TypeId Tcp();

    /**
     * \brief Maps a user's protocol name to its socket factory.
     * \param name "udp" or "tcp" (any case)
     * \return the socket factory TypeId, or nothing for any other name
     */
    static std::optional<TypeId> ParseProtocol(const std::string& name);

    /**
     * \brief Sets an attribute of the servers to be installed.
     * \param name attribute name
     * \param value attribute value
     */
    void SetServerAttribute(const std::string& name, const AttributeValue& value);

    /**
     * \brief Sets an attribute of the clients to be installed.
     * \param name attribute name
     * \param value attribute value
     */
    void SetClientAttribute(const std::string& name, const AttributeValue& value);

    /**
     * \brief Installs a server on each node.
     * \param nodes the nodes
     * \return the servers
     */
    ApplicationContainer InstallServer(NodeContainer nodes) const;

    /**
     * \brief Installs a client on each node, talking to the server at \p server.
     * \param nodes the nodes
     * \param server the server's IPv4 address
     * \return the clients
     */
    ApplicationContainer InstallClients(NodeContainer nodes, const Address& server) const;

  private:
    ObjectFactory m_serverFactory; //!< makes servers
    ObjectFactory m_clientFactory; //!< makes clients
};

} // namespace ns3

#endif // FILE_DISTRIBUTION_UPPERCASE_ECHO_HELPER_H
