// SPDX-License-Identifier: GPL-2.0-only

#include "tracker-client.h"

#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/socket.h"
#include "ns3/tcp-socket-factory.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TrackerClient");

TrackerClient::~TrackerClient()
{
    Cancel();
}

void
TrackerClient::SetTimeouts(Time receive, Time completion)
{
    m_receiveTimeout = receive;
    m_completionTimeout = completion;
}

void
TrackerClient::SetSchedule(const AnnounceSchedulerConfig& config)
{
    m_schedule = AnnounceScheduler(config);
}

bool
TrackerClient::IsBusy() const
{
    return m_socket != nullptr;
}

uint32_t
TrackerClient::GetFailures() const
{
    return m_schedule.GetFailures();
}

uint32_t
TrackerClient::GetAnnounceCount() const
{
    return m_announces;
}

void
TrackerClient::Start(Ptr<Node> node,
                     const Address& tracker,
                     RequestBuilder build,
                     PeersCallback peers)
{
    m_node = node;
    m_trackerAddress = tracker;
    m_build = std::move(build);
    m_peers = std::move(peers);
    m_stopped = false;
    Send(AnnounceRequest::Event::STARTED);
}

void
TrackerClient::AnnounceNow(AnnounceRequest::Event event)
{
    if (!m_stopped)
    {
        Send(event);
    }
}

void
TrackerClient::AnnounceForPeers()
{
    if (m_stopped || IsBusy())
    {
        return;
    }
    const Time when = std::max(m_schedule.GetEarliestExtra(), Simulator::Now());
    if (!m_nextEvent.IsExpired() && m_nextAt <= when)
    {
        return;
    }
    ScheduleNext(when - Simulator::Now());
}

void
TrackerClient::Stop()
{
    if (m_stopped)
    {
        return;
    }
    Send(AnnounceRequest::Event::STOPPED);
    m_stopped = true;
    m_nextEvent.Cancel();
}

void
TrackerClient::Cancel()
{
    m_stopped = true;
    m_nextEvent.Cancel();
    CloseSocket();
    m_closed.Clear();
}

void
TrackerClient::Abandon()
{
    m_stopped = true;
    m_nextEvent.Cancel();
    CloseSocket(false);
}

void
TrackerClient::ScheduleNext(Time delay)
{
    m_nextEvent.Cancel();
    m_nextAt = Simulator::Now() + delay;
    m_nextEvent =
        Simulator::Schedule(delay, &TrackerClient::Send, this, AnnounceRequest::Event::NONE);
}

void
TrackerClient::Send(AnnounceRequest::Event event)
{
    CloseSocket(); // a new announce abandons the one in flight
    m_inFlight = event;
    ++m_announces;
    m_schedule.OnSent(Simulator::Now());
    m_request = FormatHttpRequest("GET",
                                  m_build(event).ToTarget(),
                                  {{"User-Agent", "ns-3 BitTorrentPeer"}});
    m_head = HttpHeadFramer();
    m_response.reset();
    m_body.clear();
    m_socket = Socket::CreateSocket(m_node, TcpSocketFactory::GetTypeId());
    m_socket->Bind();
    m_socket->SetConnectCallback(MakeCallback(&TrackerClient::HandleConnected, this),
                                 MakeCallback(&TrackerClient::HandleConnectFailed, this));
    m_socket->SetRecvCallback(MakeCallback(&TrackerClient::HandleRead, this));
    m_socket->SetCloseCallbacks(MakeCallback(&TrackerClient::HandleClosed, this),
                                MakeCallback(&TrackerClient::HandleClosed, this));
    m_socket->Connect(m_trackerAddress);
    m_completionEvent =
        Simulator::Schedule(m_completionTimeout, &TrackerClient::HandleTimeout, this);
}

void
TrackerClient::CloseSocket(bool close)
{
    m_receiveEvent.Cancel();
    m_completionEvent.Cancel();
    if (!m_socket)
    {
        return;
    }
    m_socket->SetConnectCallback(MakeNullCallback<void, Ptr<Socket>>(),
                                 MakeNullCallback<void, Ptr<Socket>>());
    m_socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
    m_socket->SetCloseCallbacks(MakeNullCallback<void, Ptr<Socket>>(),
                                MakeNullCallback<void, Ptr<Socket>>());
    if (close)
    {
        m_socket->Close();
    }
    m_closed.Add(m_socket);
    m_socket = nullptr;
}

void
TrackerClient::HandleResponse(std::optional<AnnounceResponse> response, const std::string& error)
{
    if (m_stopped || m_inFlight == AnnounceRequest::Event::STOPPED)
    {
        return; // nobody waits for the answer to `stopped`
    }
    if (!response || !response->failureReason.empty())
    {
        NS_LOG_WARN("announce failed: " << (response ? response->failureReason : error));
        ScheduleNext(m_schedule.OnFailure());
        return;
    }
    ScheduleNext(m_schedule.OnSuccess(response->interval, response->minInterval));
    NS_LOG_INFO("tracker: " << response->peers.size() << " peers, " << response->complete
                            << " seeds, " << response->incomplete << " leechers");
    m_peers(*response);
}

void
TrackerClient::HandleTimeout()
{
    Fail("the tracker did not answer in time");
}

void
TrackerClient::HandleConnected(Ptr<Socket> socket)
{
    socket->Send(reinterpret_cast<const uint8_t*>(m_request.data()), m_request.size(), 0);
    m_receiveEvent = Simulator::Schedule(m_receiveTimeout, &TrackerClient::HandleTimeout, this);
}

void
TrackerClient::HandleConnectFailed(Ptr<Socket> socket)
{
    Fail("cannot connect to the tracker");
}

void
TrackerClient::HandleRead(Ptr<Socket> socket)
{
    // Replies are a few hundred bytes: rescheduling per read costs nothing.
    m_receiveEvent.Cancel();
    m_receiveEvent = Simulator::Schedule(m_receiveTimeout, &TrackerClient::HandleTimeout, this);
    while (Ptr<Packet> packet = socket->Recv())
    {
        if (packet->GetSize() == 0)
        {
            break;
        }
        std::string bytes(packet->GetSize(), '\0');
        packet->CopyData(reinterpret_cast<uint8_t*>(bytes.data()), bytes.size());
        if (m_response)
        {
            m_body += bytes;
        }
        else
        {
            const auto state =
                m_head.Append(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
            if (state == HttpHeadFramer::State::TOO_LARGE)
            {
                Fail("the tracker's response head is too large");
                return;
            }
            if (state == HttpHeadFramer::State::INCOMPLETE)
            {
                continue;
            }
            std::string error;
            m_response = ParseHttpResponse(m_head.TakeHead(), &error);
            if (!m_response)
            {
                Fail("malformed HTTP response from the tracker: " + error);
                return;
            }
            m_body = m_head.TakeRemainder();
        }
        const auto length = m_response->GetContentLength();
        if (length && m_body.size() >= *length)
        {
            m_body.resize(*length);
            Finish();
            return;
        }
    }
}

void
TrackerClient::HandleClosed(Ptr<Socket> socket)
{
    if (!m_response)
    {
        Fail("the tracker closed the connection without a response");
        return;
    }
    Finish();
}

void
TrackerClient::Finish()
{
    const HttpResponse response = *m_response;
    const std::string body = m_body;
    CloseSocket();
    if (response.status != 200)
    {
        HandleResponse(std::nullopt, "tracker answered HTTP " + std::to_string(response.status));
        return;
    }
    std::string error;
    auto reply = AnnounceResponse::Decode(body, &error);
    HandleResponse(reply, reply ? std::string() : "malformed tracker reply: " + error);
}

void
TrackerClient::Fail(const std::string& reason)
{
    CloseSocket();
    HandleResponse(std::nullopt, reason);
}

} // namespace ns3
