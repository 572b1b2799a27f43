// SPDX-License-Identifier: GPL-2.0-only

#ifndef FILE_DISTRIBUTION_HTTP_MESSAGE_H
#define FILE_DISTRIBUTION_HTTP_MESSAGE_H

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

/**
 * \file
 * \ingroup file-distribution
 * The HTTP/1.0 subset spoken by the file server and the tracker: a framer that collects a
 * message head from a TCP stream, parsers for request and status heads, formatters, and
 * RFC 3986 percent-encoding. Pure logic: no sockets, no simulator; malformed input yields an
 * error value, never an assertion.
 */

namespace ns3
{

/**
 * \ingroup file-distribution
 * \brief Collects an HTTP head (request or status line + headers) from a TCP stream, up to
 * the blank line.
 *
 * Bytes after the head stay available (a body, or a pipelined request). Empty lines before
 * the head are skipped, as RFC 9112 section 2.2 asks of a robust receiver. A head that is
 * still incomplete after maxHeadBytes bytes puts the framer in the final TOO_LARGE state, so
 * a peer that never sends the blank line cannot make it buffer without bound.
 */
class HttpHeadFramer
{
  public:
    /**
     * \brief Where the framer is.
     */
    enum class State
    {
        INCOMPLETE, //!< the blank line that ends the head has not arrived yet
        COMPLETE,   //!< a whole head is buffered: TakeHead() returns it
        TOO_LARGE,  //!< the head exceeded the maximum size; the stream is unusable
    };

    /**
     * \param maxHeadBytes the largest head accepted, blank line included
     */
    explicit HttpHeadFramer(std::size_t maxHeadBytes = 8192);

    /**
     * \brief Appends bytes as they came off the stream.
     * \param data the bytes
     * \param size how many
     * \return the state after appending
     */
    State Append(const uint8_t* data, std::size_t size);

    /**
     * \return the current state
     */
    State GetState() const;

    /**
     * \brief Takes the complete head and resets for the next one.
     *
     * The bytes after the head stay buffered: they are scanned at once for the next head
     * (a pipelined request), and TakeRemainder() returns them.
     * \return the head including its final CRLFCRLF (or LFLF); empty unless COMPLETE
     */
    std::string TakeHead();

    /**
     * \brief Takes the bytes received after the head.
     *
     * Before TakeHead(), the bytes after the pending head; after it, everything buffered.
     * \return those bytes, which leave the framer
     */
    std::string TakeRemainder();

  private:
    /// Looks for the end of the head in the buffer and updates the state.
    void Scan();

    std::string m_buffer;             //!< bytes received and not yet taken
    std::size_t m_headEnd{0};         //!< one past the head's blank line, when COMPLETE
    std::size_t m_scanned{0};         //!< bytes of m_buffer already known to hold no head end
    std::size_t m_maxHeadBytes;       //!< largest head accepted
    State m_state{State::INCOMPLETE}; //!< current state
};

/**
 * \ingroup file-distribution
 * \brief A parsed HTTP request head.
 */
struct HttpRequest
{
    std::string method;  //!< e.g. "GET", case kept
    std::string target;  //!< the request target as sent, e.g. "/announce?info_hash=%12..."
    std::string path;    //!< the target's path, percent-decoded, without the query
    std::string version; //!< e.g. "HTTP/1.0"
    /// The query's key=value pairs, percent-decoded (raw bytes), in order; "k" alone is k="".
    std::vector<std::pair<std::string, std::string>> query;
    /// Header fields in order, names lower-cased, values without surrounding blanks.
    std::vector<std::pair<std::string, std::string>> headers;

    /**
     * \param key a decoded query key
     * \return the first value of that key, if present
     */
    std::optional<std::string> GetQuery(const std::string& key) const;

    /**
     * \param lowerName a header name in lower case
     * \return the first value of that header, if present
     */
    std::optional<std::string> GetHeader(const std::string& lowerName) const;
};

/**
 * \ingroup file-distribution
 * \brief A parsed HTTP response head.
 */
struct HttpResponse
{
    int status = 0;      //!< status code, 100..999
    std::string reason;  //!< reason phrase, possibly empty
    std::string version; //!< e.g. "HTTP/1.0"
    /// Header fields in order, names lower-cased, values without surrounding blanks.
    std::vector<std::pair<std::string, std::string>> headers;

    /**
     * \param lowerName a header name in lower case
     * \return the first value of that header, if present
     */
    std::optional<std::string> GetHeader(const std::string& lowerName) const;

    /**
     * \return the Content-Length header as a number; nothing if absent, not a plain decimal
     * number, or beyond 64 bits
     */
    std::optional<uint64_t> GetContentLength() const;
};

/**
 * \ingroup file-distribution
 * \brief Parses a request head ("GET /x?a=b HTTP/1.0" + headers).
 * \param head the head as HttpHeadFramer::TakeHead() returns it (the final blank line is
 * optional)
 * \param error receives a message when the head is malformed (may be null)
 * \return the request, or nothing for a malformed head (bad request line, bad %-escape, bad
 * header line)
 */
std::optional<HttpRequest> ParseHttpRequest(const std::string& head, std::string* error);

/**
 * \ingroup file-distribution
 * \brief Parses a response head ("HTTP/1.0 200 OK" + headers).
 * \param head the head as HttpHeadFramer::TakeHead() returns it
 * \param error receives a message when the head is malformed (may be null)
 * \return the response, or nothing for a malformed head
 */
std::optional<HttpResponse> ParseHttpResponse(const std::string& head, std::string* error);

/**
 * \ingroup file-distribution
 * \brief Formats an HTTP/1.0 request head with CRLF line ends and the final blank line.
 *
 * CR and LF inside names or values are dropped so that a header cannot inject another.
 * \param method e.g. "GET"
 * \param target e.g. "/file.bin", already percent-encoded
 * \param headers header fields in order
 * \return the head
 */
std::string FormatHttpRequest(const std::string& method,
                              const std::string& target,
                              const std::vector<std::pair<std::string, std::string>>& headers);

/**
 * \ingroup file-distribution
 * \brief Formats an HTTP/1.0 status line and headers with CRLF line ends and the final blank
 * line.
 * \param status e.g. 200
 * \param reason e.g. "OK"
 * \param headers header fields in order
 * \return the head
 */
std::string FormatHttpResponseHead(int status,
                                   const std::string& reason,
                                   const std::vector<std::pair<std::string, std::string>>& headers);

/**
 * \ingroup file-distribution
 * \brief Percent-encodes bytes: RFC 3986 unreserved characters (ALPHA DIGIT - . _ ~) are
 * kept, every other byte becomes %XX (upper-case hex).
 * \param bytes any bytes
 * \return the encoded text
 */
std::string PercentEncode(const std::string& bytes);

/**
 * \ingroup file-distribution
 * \brief Decodes %XX escapes. '+' stays '+' (RFC 3986, not HTML form encoding).
 * \param text the encoded text
 * \return the bytes, or nothing if a '%' is not followed by two hex digits
 */
std::optional<std::string> PercentDecode(const std::string& text);

} // namespace ns3

#endif // FILE_DISTRIBUTION_HTTP_MESSAGE_H
