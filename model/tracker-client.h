// SPDX-License-Identifier: GPL-2.0-only

#ifndef FILE_DISTRIBUTION_TRACKER_CLIENT_H
#define FILE_DISTRIBUTION_TRACKER_CLIENT_H

#include "announce-scheduler.h"
#include "closed-sockets.h"
#include "http-message.h"
#include "tracker-protocol.h"

#include "ns3/address.h"
#include "ns3/event-id.h"
#include "ns3/nstime.h"
#include "ns3/ptr.h"
#include "ns3/socket.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace ns3
{

class Node;

/**
 * \ingroup file-distribution
 * \brief The tracker side of a peer (libtorrent's tracker manager): HTTP announces over
 * ns-3 TCP, when to send them, and what to do when the tracker does not answer.
 *
 * Each announce opens a connection, sends `GET /announce?... HTTP/1.0`, reads the response
 * until the tracker closes the connection (HTTP/1.0) or Content-Length bytes of body arrived,
 * and decodes the bencoded reply. An announce fails when the connection is refused, when
 * nothing arrives for ReceiveTimeout once connected or the whole exchange takes longer than
 * CompletionTimeout (libtorrent's tracker_receive_timeout, 10 s, and
 * tracker_completion_timeout, 30 s), on an HTTP status other than 200, a malformed reply or a
 * `failure reason`.
 *
 * The schedule is AnnounceScheduler's: after a reply, the next announce comes the tracker's
 * interval later; after a failure, libtorrent's back-off. A peer that runs low on neighbours
 * asks for an extra announce, sent no sooner than the tracker's min interval after the last.
 * Not an Object: the owner (a BitTorrentPeer) keeps it by value and calls Stop() or Cancel()
 * before it goes away.
 */
class TrackerClient
{
  public:
    /// Builds the request of an announce with the owner's current counters.
    using RequestBuilder = std::function<AnnounceRequest(AnnounceRequest::Event)>;
    /// Called with every reply that lists peers.
    using PeersCallback = std::function<void(const AnnounceResponse&)>;

    TrackerClient() = default;
    ~TrackerClient();
    TrackerClient(const TrackerClient&) = delete;
    TrackerClient& operator=(const TrackerClient&) = delete;

    /**
     * \param receive fail when nothing arrives this long once connected
     * \param completion fail when the whole announce takes longer
     */
    void SetTimeouts(Time receive, Time completion);
    /// \param config the back-off's knobs
    void SetSchedule(const AnnounceSchedulerConfig& config);

    /**
     * \brief Announces `started` now and keeps announcing on schedule.
     * \param node the node whose TCP stack is used
     * \param tracker the tracker's InetSocketAddress
     * \param build builds each request
     * \param peers where replies go
     */
    void Start(Ptr<Node> node, const Address& tracker, RequestBuilder build, PeersCallback peers);
    /// \param event announces it now (`completed`), then on schedule again
    void AnnounceNow(AnnounceRequest::Event event);
    /// \brief Announces soon for more peers: now, or at the tracker's min interval.
    void AnnounceForPeers();
    /// \brief Announces `stopped` (its answer is not awaited) and stops the schedule.
    void Stop();
    /// \brief Abandons the announce in flight and the schedule; no callback is called.
    void Cancel();
    /// \brief Stops without closing anything (the peer crashed): nothing is sent.
    void Abandon();

    /// \return true while an announce is in flight
    bool IsBusy() const;
    /// \return consecutive failed announces
    uint32_t GetFailures() const;
    /// \return announces sent
    uint32_t GetAnnounceCount() const;

  private:
    /// \param event sends an announce of this event now
    void Send(AnnounceRequest::Event event);
    /// \param response the decoded reply, or nothing \param error why there is none
    void HandleResponse(std::optional<AnnounceResponse> response, const std::string& error);
    /// \param delay when the next regular announce goes
    void ScheduleNext(Time delay);
    /// \param close whether to close it (false: only forget it, sending nothing)
    /// \brief Ends the connection in flight, if any.
    void CloseSocket(bool close = true);
    /// \param socket the connected socket
    void HandleConnected(Ptr<Socket> socket);
    /// \param socket the socket whose connection failed
    void HandleConnectFailed(Ptr<Socket> socket);
    /// \param socket the socket with data
    void HandleRead(Ptr<Socket> socket);
    /// \param socket the socket the tracker closed
    void HandleClosed(Ptr<Socket> socket);
    /// \brief The receive or completion time-out fired.
    void HandleTimeout();
    /// \brief Decodes what arrived and hands it on.
    void Finish();
    /// \param reason what went wrong: the announce failed
    void Fail(const std::string& reason);

    Ptr<Node> m_node;                      //!< whose TCP stack announces use
    Address m_trackerAddress;              //!< the tracker
    RequestBuilder m_build;                //!< builds requests
    PeersCallback m_peers;                 //!< where replies go
    AnnounceScheduler m_schedule;          //!< when to announce
    Time m_receiveTimeout{Seconds(10)};    //!< nothing received this long: failed
    Time m_completionTimeout{Seconds(30)}; //!< whole announce longer than this: failed
    bool m_stopped{true};                  //!< no schedule (before Start, after Stop)
    AnnounceRequest::Event m_inFlight{AnnounceRequest::Event::NONE}; //!< event in flight
    Ptr<Socket> m_socket;                                            //!< the connection in flight
    ClosedSockets m_closed;                 //!< kept alive while TCP may need them
    std::string m_request;                  //!< HTTP request bytes
    HttpHeadFramer m_head;                  //!< collects the response head
    std::optional<HttpResponse> m_response; //!< the parsed head, once complete
    std::string m_body;                     //!< response body so far
    EventId m_nextEvent;                    //!< next scheduled announce
    Time m_nextAt;                          //!< when m_nextEvent fires
    EventId m_receiveEvent;                 //!< receive time-out
    EventId m_completionEvent;              //!< completion time-out
    uint32_t m_announces{0};                //!< announces sent
};

} // namespace ns3

#endif // FILE_DISTRIBUTION_TRACKER_CLIENT_H
