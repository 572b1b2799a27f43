// SPDX-License-Identifier: GPL-2.0-only

#ifndef FILE_DISTRIBUTION_TRACKER_PROTOCOL_H
#define FILE_DISTRIBUTION_TRACKER_PROTOCOL_H

#include "http-message.h"

#include "ns3/ipv4-address.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

/**
 * \file
 * \ingroup file-distribution
 * The HTTP tracker protocol of BEP 3 with compact peer lists (BEP 23): the announce request
 * as a query string, the response as a bencoded dictionary. Pure logic: no sockets, no
 * simulator.
 */

namespace ns3
{

/**
 * \ingroup file-distribution
 * \brief A peer's announce to the tracker (BEP 3 "Trackers").
 */
struct AnnounceRequest
{
    /// The optional "event" parameter.
    enum class Event
    {
        NONE,      //!< a regular re-announce (no parameter, or "empty")
        STARTED,   //!< the peer joins the swarm
        COMPLETED, //!< the peer finished downloading (not sent if complete at start)
        STOPPED,   //!< the peer leaves the swarm
    };

    std::array<uint8_t, 20> infoHash{}; //!< SHA-1 of the torrent's info dictionary
    std::array<uint8_t, 20> peerId{};   //!< the peer's self-chosen id
    uint16_t port = 0;                  //!< the TCP port the peer listens on
    uint64_t uploaded = 0;              //!< bytes uploaded since "started"
    uint64_t downloaded = 0;            //!< bytes downloaded since "started"
    uint64_t left = 0;                  //!< bytes still missing (0: a seed)
    Event event = Event::NONE;          //!< started, completed, stopped, or none
    uint32_t numwant = 50;              //!< how many peers the peer asks for
    bool compact = true;                //!< the peer accepts a BEP 23 compact peer list

    /**
     * \brief Builds the request target: the path and the percent-encoded query.
     * \param announcePath the announce URL's path (a query already in it is kept)
     * \return e.g. "/announce?info_hash=%12...&peer_id=...&port=6881&...&compact=1"
     */
    std::string ToTarget(const std::string& announcePath = "/announce") const;

    /**
     * \brief Reads an announce from a parsed HTTP request's query (the path is not checked).
     *
     * info_hash and peer_id must be 20 bytes, port 1..65535, uploaded/downloaded/left
     * decimal numbers; event, numwant and compact are optional. A numwant above 2^32-1 is
     * clamped. Unknown parameters (ip, key, trackerid, ...) are ignored.
     * \param request the parsed request
     * \param error receives a message when a parameter is missing or malformed (may be null)
     * \return the announce, or nothing
     */
    static std::optional<AnnounceRequest> FromHttpRequest(const HttpRequest& request,
                                                          std::string* error);

    /**
     * \param event an event
     * \return its query value: "", "started", "completed" or "stopped"
     */
    static std::string EventToString(Event event);
};

/**
 * \ingroup file-distribution
 * \brief The tracker's answer: a failure reason, or the interval, swarm counts and peers.
 */
struct AnnounceResponse
{
    std::string failureReason; //!< non-empty: the announce failed, the other fields are unset
    uint32_t interval = 0;     //!< seconds the peer should wait before re-announcing
    uint32_t minInterval = 0;  //!< seconds it must wait at least (0: not sent)
    uint32_t complete = 0;     //!< seeds in the swarm
    uint32_t incomplete = 0;   //!< leechers in the swarm
    /// The peers to contact; BEP 23 compact 6-byte entries on the wire.
    std::vector<std::pair<Ipv4Address, uint16_t>> peers;

    /**
     * \brief Bencodes the response: {"failure reason"} alone, or {"complete", "incomplete",
     * "interval", "min interval" (when non-zero), "peers" (compact string)}.
     * \return the bencoded dictionary
     */
    std::string Encode() const;

    /**
     * \brief Decodes a tracker's response body.
     *
     * Accepts the compact peer string (BEP 23) and BEP 3's list of {"ip", "port"}
     * dictionaries (dotted-quad IPv4 only); "interval" is required unless it is a failure.
     * \param body the bencoded body
     * \param error receives a message when the body is malformed (may be null)
     * \return the response, or nothing
     */
    static std::optional<AnnounceResponse> Decode(const std::string& body, std::string* error);
};

} // namespace ns3

#endif // FILE_DISTRIBUTION_TRACKER_PROTOCOL_H
