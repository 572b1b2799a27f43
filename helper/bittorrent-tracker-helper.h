// SPDX-License-Identifier: GPL-2.0-only

#ifndef FILE_DISTRIBUTION_BITTORRENT_TRACKER_HELPER_H
#define FILE_DISTRIBUTION_BITTORRENT_TRACKER_HELPER_H

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
 * \brief Installs a BitTorrentTracker on nodes.
 *
 * \code
 *   BitTorrentTrackerHelper tracker(2710);
 *   tracker.SetAttribute("Interval", TimeValue(Seconds(30)));
 *   ApplicationContainer apps = tracker.Install(trackerNode);
 * \endcode
 */
class BitTorrentTrackerHelper
{
  public:
    /**
     * \param port the TCP port the tracker listens on
     */
    explicit BitTorrentTrackerHelper(uint16_t port = 2710);

    /**
     * \brief Sets an attribute of the trackers to be installed.
     * \param name the attribute name
     * \param value its value
     */
    void SetAttribute(const std::string& name, const AttributeValue& value);

    /**
     * \param node the node
     * \return a container with the tracker installed on it
     */
    ApplicationContainer Install(Ptr<Node> node) const;

    /**
     * \param nodes the nodes
     * \return a container with one tracker per node
     */
    ApplicationContainer Install(const NodeContainer& nodes) const;

  private:
    ObjectFactory m_factory; //!< makes BitTorrentTracker applications
};

} // namespace ns3

#endif // FILE_DISTRIBUTION_BITTORRENT_TRACKER_HELPER_H
