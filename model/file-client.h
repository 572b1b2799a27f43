// SPDX-License-Identifier: GPL-2.0-only

#ifndef FILE_DISTRIBUTION_FILE_CLIENT_H
#define FILE_DISTRIBUTION_FILE_CLIENT_H

#include "http-message.h"

#include "ns3/address.h"
#include "ns3/application.h"
#include "ns3/nstime.h"
#include "ns3/packet.h"
#include "ns3/ptr.h"
#include "ns3/socket.h"
#include "ns3/traced-callback.h"

#include <cstdint>
#include <optional>
#include <string>

namespace ns3
{

/**
 * \ingroup file-distribution
 * \brief Downloads one file from a FileServer: connects, sends "GET /<FileName> HTTP/1.0",
 * reads the status line and Content-Length, then counts the body bytes without copying them.
 *
 * It records when it sent the request, when the last body byte arrived, how many body bytes
 * it received and the status. The download is complete when Content-Length bytes arrived (or,
 * without Content-Length, when the server closed after a 200); the client then closes. Any
 * other outcome (a non-200 status, a connection closed or refused before the end) is a failure.
 */
class FileClient : public Application
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    FileClient();
    ~FileClient() override;

    /**
     * TracedCallback signature for a complete download.
     * \param [in] bytes the body bytes received (the file size)
     * \param [in] downloadTime from the request to the last body byte
     */
    typedef void (*DownloadCompleteTracedCallback)(uint64_t bytes, Time downloadTime);

    /**
     * TracedCallback signature for a failed download.
     * \param [in] status the HTTP status received, 0 if none
     * \param [in] bytes the body bytes received before the failure
     */
    typedef void (*FailedTracedCallback)(int status, uint64_t bytes);

    /**
     * \brief Sets the server's address and port (same as the attributes).
     * \param address the server's IPv4 address
     * \param port the server's port
     */
    void SetRemote(const Address& address, uint16_t port);

    /// \return when the GET was sent; zero before
    Time GetRequestTime() const;
    /// \return when the last body byte arrived; zero until complete
    Time GetCompletionTime() const;
    /// \return the body bytes received so far
    uint64_t GetBytesReceived() const;
    /// \return the HTTP status received; 0 before the response head
    int GetStatus() const;
    /// \return true once the whole file arrived
    bool IsComplete() const;
    /// \return true once the download failed
    bool HasFailed() const;

  protected:
    void DoDispose() override;

  private:
    void StartApplication() override;
    void StopApplication() override;

    /**
     * \brief Sends the request.
     * \param socket the connected socket
     */
    void HandleConnect(Ptr<Socket> socket);

    /**
     * \brief The connection was refused.
     * \param socket the socket
     */
    void HandleConnectFailed(Ptr<Socket> socket);

    /**
     * \brief Reads the response.
     * \param socket the socket
     */
    void HandleRead(Ptr<Socket> socket);

    /**
     * \brief The server closed or the connection failed.
     * \param socket the socket
     */
    void HandleClose(Ptr<Socket> socket);

    /// \brief Records the completion, traces it and closes.
    void Complete();

    /// \brief Records a failure, traces it and closes.
    void Fail();

    /// \brief Closes the socket and drops its callbacks.
    void CloseSocket();

    Address m_remote;                        //!< the server's IPv4 address
    uint16_t m_port;                         //!< the server's port
    std::string m_fileName;                  //!< the file requested
    Ptr<Socket> m_socket;                    //!< the connection
    HttpHeadFramer m_framer;                 //!< collects the response head
    bool m_headDone{false};                  //!< the response head was parsed
    std::optional<uint64_t> m_contentLength; //!< from the response head
    Time m_requestTime;                      //!< when the GET was sent
    Time m_completionTime;                   //!< when the last body byte arrived
    uint64_t m_bytes{0};                     //!< body bytes received
    int m_status{0};                         //!< HTTP status, 0 before the head
    bool m_complete{false};                  //!< the whole file arrived
    bool m_failed{false};                    //!< the download failed

    TracedCallback<uint64_t, Time> m_completeTrace;              //!< download complete
    TracedCallback<int, uint64_t> m_failedTrace;                 //!< download failed
    TracedCallback<Ptr<const Packet>, const Address&> m_rxTrace; //!< every packet received
};

} // namespace ns3

#endif // FILE_DISTRIBUTION_FILE_CLIENT_H
