// SPDX-License-Identifier: GPL-2.0-only

#include "tracker-client.h"

#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/socket.h"
#include "ns3/tcp-socket-factory.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TrackerClient");

TrackerClient::~TrackerClient()
{
    Cancel();
}

bool
TrackerClient::IsBusy() const
{
    return m_socket != nullptr;
}

void
TrackerClient::Announce(Ptr<Node> node,
                        const Address& tracker,
                        const AnnounceRequest& request,
                        ResponseCallback callback)
{
    Cancel();
    m_callback = callback;
    m_request =
        FormatHttpRequest("GET", request.ToTarget(), {{"User-Agent", "ns-3 BitTorrentPeer"}});
    m_head = HttpHeadFramer();
    m_response.reset();
    m_body.clear();
    m_socket = Socket::CreateSocket(node, TcpSocketFactory::GetTypeId());
    m_socket->Bind();
    m_socket->SetConnectCallback(MakeCallback(&TrackerClient::HandleConnected, this),
                                 MakeCallback(&TrackerClient::HandleConnectFailed, this));
    m_socket->SetRecvCallback(MakeCallback(&TrackerClient::HandleRead, this));
    m_socket->SetCloseCallbacks(MakeCallback(&TrackerClient::HandleClosed, this),
                                MakeCallback(&TrackerClient::HandleClosed, this));
    m_socket->Connect(tracker);
}

void
TrackerClient::Cancel()
{
    if (!m_socket)
    {
        return;
    }
    m_socket->SetConnectCallback(MakeNullCallback<void, Ptr<Socket>>(),
                                 MakeNullCallback<void, Ptr<Socket>>());
    m_socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
    m_socket->SetCloseCallbacks(MakeNullCallback<void, Ptr<Socket>>(),
                                MakeNullCallback<void, Ptr<Socket>>());
    m_socket->Close();
    m_closed.push_back(m_socket);
    m_socket = nullptr;
}

void
TrackerClient::HandleConnected(Ptr<Socket> socket)
{
    socket->Send(reinterpret_cast<const uint8_t*>(m_request.data()), m_request.size(), 0);
}

void
TrackerClient::HandleConnectFailed(Ptr<Socket> socket)
{
    Fail("cannot connect to the tracker");
}

void
TrackerClient::HandleRead(Ptr<Socket> socket)
{
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
    ResponseCallback callback = m_callback;
    const HttpResponse response = *m_response;
    const std::string body = m_body;
    Cancel();
    if (response.status != 200)
    {
        callback(std::nullopt, "tracker answered HTTP " + std::to_string(response.status));
        return;
    }
    std::string error;
    auto reply = AnnounceResponse::Decode(body, &error);
    callback(reply, reply ? std::string() : "malformed tracker reply: " + error);
}

void
TrackerClient::Fail(const std::string& reason)
{
    NS_LOG_WARN(reason);
    ResponseCallback callback = m_callback;
    Cancel();
    callback(std::nullopt, reason);
}

} // namespace ns3
