// SPDX-License-Identifier: GPL-2.0-only

#ifndef FILE_DISTRIBUTION_UPPERCASE_ECHO_CLIENT_H
#define FILE_DISTRIBUTION_UPPERCASE_ECHO_CLIENT_H

#include "line-framer.h"

#include "ns3/address.h"
#include "ns3/application.h"
#include "ns3/event-id.h"
#include "ns3/nstime.h"
#include "ns3/ptr.h"
#include "ns3/traced-callback.h"
#include "ns3/type-id.h"

#include <deque>
#include <optional>
#include <string>
#include <vector>

namespace ns3
{

class Socket;

/**
 * \ingroup file-distribution
 * \brief The textbook's socket primer client: sends lines, receives them back in upper case.
 *
 * One line is sent every `Interval`, taken from the `Lines` attribute (separated by '|') or,
 * when `InputFile` is set, from a text file (one line per line). Over UDP each line is one
 * datagram; a reply that has not arrived `Timeout` after its line was sent counts as lost, so
 * the client never waits forever. Over TCP lines are terminated by '\\n' and replies are framed
 * on '\\n'; TCP loses nothing, so a line is lost only if the connection fails.
 *
 * When every line is answered or lost the client closes its socket and fires `Done`.
 */
class UppercaseEchoClient : public Application
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    UppercaseEchoClient();
    ~UppercaseEchoClient() override;

    /// One line and what became of it.
    struct Exchange
    {
        std::string line;                 //!< the line sent
        Time sent;                        //!< when it was sent
        std::optional<std::string> reply; //!< the reply, if one arrived in time
        Time rtt;                         //!< round-trip time of the reply
        bool lost{false};                 //!< no reply in time (UDP) or the connection failed
    };

    /**
     * \return every line sent so far and its reply, in sending order
     */
    const std::vector<Exchange>& GetExchanges() const;

    /**
     * \return the number of lines whose reply never came (in time)
     */
    uint32_t GetLost() const;

    /**
     * \return true once every line was answered or counted as lost
     */
    bool IsDone() const;

    /**
     * \return the local address and port of the client's socket, once started
     */
    Address GetLocalAddress() const;

    /**
     * \brief Splits the `Lines` attribute format: lines separated by '|'.
     * \param text the lines
     * \return the lines (an empty text gives none)
     */
    static std::vector<std::string> SplitLines(const std::string& text);

    /**
     * \brief Reads a text file, one line per line ('\\r' before '\\n' dropped).
     * \param path the file
     * \param [out] error why it could not be read
     * \return the lines, or nothing if the file cannot be read
     */
    static std::optional<std::vector<std::string>> ReadLinesFile(const std::string& path,
                                                                 std::string* error);

    /**
     * TracedCallback signature for a line sent.
     * \param [in] line the line
     */
    typedef void (*TxTracedCallback)(const std::string& line);

    /**
     * TracedCallback signature for a reply received.
     * \param [in] reply the reply line
     * \param [in] rtt the time since its line was sent
     */
    typedef void (*RxTracedCallback)(const std::string& reply, Time rtt);

  protected:
    void DoDispose() override;

  private:
    void StartApplication() override;
    void StopApplication() override;

    /// Sends the next line and schedules the one after.
    void SendNext();
    /**
     * \brief The TCP connection is established.
     * \param socket the socket
     */
    void HandleConnected(Ptr<Socket> socket);
    /**
     * \brief The TCP connection failed or closed.
     * \param socket the socket
     */
    void HandleConnectionLost(Ptr<Socket> socket);
    /**
     * \brief Reads replies.
     * \param socket the socket
     */
    void HandleRead(Ptr<Socket> socket);
    /**
     * \brief Matches a reply with the oldest outstanding line it answers.
     * \param reply the reply
     */
    void HandleReply(const std::string& reply);
    /// UDP: counts as lost the outstanding lines whose Timeout has passed.
    void ExpireOutstanding();
    /// Marks every outstanding line lost (the connection is gone).
    void LoseOutstanding();
    /// Closes the socket and fires Done when nothing is left to send or wait for.
    void CheckDone();

    Address m_peerAddress;                 //!< server address
    uint16_t m_peerPort;                   //!< server port
    TypeId m_protocol;                     //!< socket factory
    std::string m_linesText;               //!< `Lines` attribute
    std::string m_inputFile;               //!< `InputFile` attribute
    Time m_interval;                       //!< time between lines
    Time m_timeout;                        //!< UDP: reply deadline
    std::vector<std::string> m_lines;      //!< what to send
    std::size_t m_nextLine{0};             //!< index of the next line to send
    std::vector<Exchange> m_exchanges;     //!< every line sent
    std::deque<std::size_t> m_outstanding; //!< exchanges waiting for their reply, oldest first
    uint32_t m_lost{0};                    //!< lines lost
    bool m_done{false};                    //!< everything answered or lost
    bool m_tcp{false};                     //!< Protocol is TCP
    Ptr<Socket> m_socket;                  //!< the socket
    LineFramer m_framer;                   //!< TCP: frames the replies
    EventId m_sendEvent;                   //!< next SendNext
    EventId m_expireEvent;                 //!< next ExpireOutstanding
    TracedCallback<const std::string&> m_txTrace;       //!< a line was sent
    TracedCallback<const std::string&, Time> m_rxTrace; //!< a reply arrived
    TracedCallback<const std::string&> m_lostTrace;     //!< a line got no reply
    TracedCallback<> m_doneTrace;                       //!< nothing left to do
};

} // namespace ns3

#endif // FILE_DISTRIBUTION_UPPERCASE_ECHO_CLIENT_H
