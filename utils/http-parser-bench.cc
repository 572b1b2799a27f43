// SPDX-License-Identifier: GPL-2.0-only

/*
 * http-parser-bench: the module's hand-written HTTP/1.0 head framer and parsers
 * (model/http-message.{h,cc}) against Boost.Beast's HTTP parser (Boost 1.74, header-only), on
 * the heads the module really exchanges, fed whole and cut into 64-, 7- and 1-byte pieces as
 * TCP may deliver them; then both on a set of malformed heads. doc/http-parsers.rst has the
 * results and the decision. A standalone program, not part of the CMake build. Build it with
 * one compiler process, from the module's root directory (no -I needed: the module headers are
 * included by relative path, Beast and ns-3 from /usr/include):
 *
 *   g++ -O2 -std=c++17 -o /tmp/http-parser-bench utils/http-parser-bench.cc \
 *       model/http-message.cc model/tracker-protocol.cc model/bencode.cc \
 *       -lns3-network -lns3-core
 *
 * (tracker-protocol.cc needs ns3::Ipv4Address, hence libns3-network; nothing here logs.) Run it
 * single-threaded:
 *
 *   /tmp/http-parser-bench [--iterations=N] [--repetitions=R] [--behaviour-only]
 *
 * Each timing is the median over R repetitions (default 7) of N iterations (default 100000)
 * of one whole head, in processor time of the thread (CLOCK_THREAD_CPUTIME_ID: time spent
 * waiting for a shared core is not counted): a fresh framer or parser, the bytes fed in
 * pieces, the head parsed, and what the application extracts (announce fields, status and
 * Content-Length, the bytes after the head). All variants run in the same process on the
 * same inputs, interleaved within each repetition so that machine noise falls on all alike.
 */

#include "../model/http-message.h"
#include "../model/tracker-protocol.h"

#include <algorithm>
#include <boost/beast/http.hpp>
#include <boost/beast/version.hpp>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <iomanip>
#include <iostream>
#include <limits>
#include <sstream>
#include <string>
#include <string_view>
#include <time.h>
#include <vector>

namespace http = boost::beast::http;
namespace net = boost::asio;

using namespace ns3;

namespace
{

constexpr std::size_t MAX_HEAD_BYTES = 8192; // the module's default (MaxHeadBytes attributes)

/// What a head reader says after a piece of bytes.
enum class Verdict
{
    INCOMPLETE, //!< needs more bytes
    COMPLETE,   //!< a whole, valid head
    REJECTED,   //!< malformed or too large
};

// =============================================================================================
// BEGIN GLUE: what the module would need on top of Boost.Beast to replace HttpHeadFramer,
// ParseHttpRequest and ParseHttpResponse (counted in doc/http-parsers.rst).

/**
 * Collects one head from a TCP stream with a Beast parser: Beast parses a header only once
 * it is contiguous in memory, so the caller keeps the bytes not yet consumed (what
 * http::read does with a DynamicBuffer).
 */
template <bool isRequest>
class BeastHeadReader
{
  public:
    explicit BeastHeadReader(std::size_t maxHeadBytes)
    {
        m_parser.header_limit(static_cast<std::uint32_t>(maxHeadBytes));
        // The file server's body may be any size (the default limit is 8 MB for a response).
        // Not boost::none, although documented as "no limit": Beast 1.74 then refuses every
        // Content-Length > 0 (boostorg/beast issue 2070).
        m_parser.body_limit(std::numeric_limits<std::uint64_t>::max());
        m_parser.eager(false); // stop after the header: the body is not parsed here
    }

    Verdict Append(const uint8_t* data, std::size_t size)
    {
        m_buffer.append(reinterpret_cast<const char*>(data), size);
        if (m_verdict != Verdict::INCOMPLETE)
        {
            return m_verdict;
        }
        boost::system::error_code ec;
        const std::size_t used = m_parser.put(net::buffer(m_buffer), ec);
        m_buffer.erase(0, used);
        if (ec == http::error::need_more)
        {
            return m_verdict;
        }
        if (ec)
        {
            m_error = ec.message();
            m_verdict = Verdict::REJECTED;
        }
        else if (m_parser.is_header_done())
        {
            m_verdict = Verdict::COMPLETE;
        }
        return m_verdict;
    }

    /// The bytes received after the head (a body), which leave the reader.
    std::string TakeRemainder()
    {
        std::string rest;
        rest.swap(m_buffer);
        return rest;
    }

    http::parser<isRequest, http::empty_body> m_parser; //!< Beast's parser
    std::string m_buffer;                               //!< bytes not consumed by the parser
    std::string m_error;                                //!< Beast's message on rejection
    Verdict m_verdict{Verdict::INCOMPLETE};             //!< where the head is
};

/**
 * Beast keeps the target opaque: the module's target handling (origin and absolute form,
 * path, query pairs, %-decoding with PercentDecode) would stay, moved out of ParseHttpRequest.
 * Fills the fields of HttpRequest that AnnounceRequest::FromHttpRequest and the file server
 * read; the header fields stay in Beast's container.
 */
bool
RequestFromBeast(const http::request_header<>& header, HttpRequest* request, std::string* error)
{
    request->method = std::string(header.method_string());
    request->target = std::string(header.target());
    request->version = header.version() == 11 ? "HTTP/1.1" : "HTTP/1.0";
    // Beast 1.74 returns boost::string_view unless BOOST_BEAST_USE_STD_STRING_VIEW is defined.
    std::string_view rest(header.target().data(), header.target().size());
    rest = rest.substr(0, rest.find('#'));
    const std::size_t scheme = rest.find("://");
    std::string absolutePath;
    if (!rest.empty() && rest[0] != '/' && scheme != std::string_view::npos)
    {
        const std::size_t slash = rest.find_first_of("/?", scheme + 3);
        absolutePath = slash == std::string_view::npos ? "/" : std::string(rest.substr(slash));
        if (absolutePath[0] == '?')
        {
            absolutePath.insert(0, "/");
        }
        rest = absolutePath;
    }
    else if (rest.empty() || (rest[0] != '/' && rest != "*"))
    {
        *error = "request target is neither a path nor an absolute URI";
        return false;
    }
    const std::size_t question = rest.find('?');
    const auto path = PercentDecode(std::string(rest.substr(0, question)));
    if (!path)
    {
        *error = "bad %-escape in the path";
        return false;
    }
    request->path = *path;
    if (question == std::string_view::npos)
    {
        return true;
    }
    const std::string_view query = rest.substr(question + 1);
    std::size_t pos = 0;
    while (pos <= query.size())
    {
        const std::size_t amp = std::min(query.find('&', pos), query.size());
        const std::string_view pair = query.substr(pos, amp - pos);
        pos = amp + 1;
        if (pair.empty())
        {
            continue;
        }
        const std::size_t eq = pair.find('=');
        const auto key = PercentDecode(std::string(pair.substr(0, eq)));
        const auto value = PercentDecode(
            eq == std::string_view::npos ? std::string() : std::string(pair.substr(eq + 1)));
        if (!key || !value)
        {
            *error = "bad %-escape in the query";
            return false;
        }
        request->query.emplace_back(*key, *value);
    }
    return true;
}

// END GLUE
// =============================================================================================

/// One benchmark input: the bytes a receiver gets (head, then what follows it).
struct Input
{
    std::string name;  //!< what it is
    std::string bytes; //!< the head and the bytes after it
    bool request;      //!< a request head (else a status head)
    bool announce;     //!< an announce: the tracker also reads the query
};

/// A head as the tracker client sends it: BitTorrentPeer::MakeAnnounce + TrackerClient::Send.
std::string
AnnounceHead()
{
    AnnounceRequest announce;
    // A SHA-1: 20 bytes, most of which are not unreserved characters and get %-encoded.
    const uint8_t infoHash[20] = {0x3b, 0x24, 0x55, 0x04, 0xcf, 0x5f, 0x11, 0xbb, 0xdb, 0xe1,
                                  0x20, 0x1c, 0xea, 0x6a, 0x6b, 0xf4, 0x5a, 0xee, 0x1b, 0xc0};
    std::copy(infoHash, infoHash + 20, announce.infoHash.begin());
    // BitTorrentPeer's Azureus-style id: "-NS0001-" + node id (7 digits) + port (5 digits).
    const std::string peerId = "-NS0001-000001206881";
    std::copy(peerId.begin(), peerId.end(), announce.peerId.begin());
    announce.port = 6881;
    announce.uploaded = 1572864;
    announce.downloaded = 4194304;
    announce.left = 6291456;
    announce.event = AnnounceRequest::Event::STARTED;
    announce.numwant = 50;
    return FormatHttpRequest("GET", announce.ToTarget(), {{"User-Agent", "ns-3 BitTorrentPeer"}});
}

/// The tracker's answer with 50 compact peers: BitTorrentTracker::Respond.
std::string
TrackerResponse()
{
    AnnounceResponse response;
    response.interval = 1800;
    response.complete = 3;
    response.incomplete = 47;
    for (uint32_t i = 0; i < 50; ++i)
    {
        // AccessNetworkHelper: host k is 10.0.0.0 + 4k + 2; hosts 1..50 are the peers.
        response.peers.emplace_back(Ipv4Address((10u << 24) | (4 * (i + 1) + 2)), 6881);
    }
    const std::string body = response.Encode();
    return FormatHttpResponseHead(
               200,
               "OK",
               {{"Content-Type", "text/plain"}, {"Content-Length", std::to_string(body.size())}}) +
           body;
}

/// FileClient::HandleConnected's request.
std::string
FileRequest()
{
    return FormatHttpRequest("GET", "/" + PercentEncode("file.bin"), {{"Host", "10.0.0.2"}});
}

/// FileServer::Answer's first packet: the head padded with body bytes to a 1448-byte segment.
std::string
FileResponse()
{
    std::string head = FormatHttpResponseHead(200,
                                              "OK",
                                              {{"Content-Type", "application/octet-stream"},
                                               {"Content-Length", std::to_string(10485760)}});
    return head + std::string(1448 - head.size(), '\0');
}

/// Feeds bytes in pieces of at most chunk bytes until the reader leaves INCOMPLETE.
template <typename Feed>
Verdict
FeedPieces(const std::string& bytes, std::size_t chunk, Feed&& feed)
{
    const auto* data = reinterpret_cast<const uint8_t*>(bytes.data());
    Verdict verdict = Verdict::INCOMPLETE;
    for (std::size_t pos = 0; pos < bytes.size() && verdict == Verdict::INCOMPLETE; pos += chunk)
    {
        verdict = feed(data + pos, std::min(chunk, bytes.size() - pos));
    }
    return verdict;
}

Verdict
FromFramerState(HttpHeadFramer::State state)
{
    switch (state)
    {
    case HttpHeadFramer::State::COMPLETE:
        return Verdict::COMPLETE;
    case HttpHeadFramer::State::TOO_LARGE:
        return Verdict::REJECTED;
    case HttpHeadFramer::State::INCOMPLETE:
        break;
    }
    return Verdict::INCOMPLETE;
}

/// The result of one head through one implementation.
struct Outcome
{
    Verdict verdict{Verdict::INCOMPLETE}; //!< accepted, rejected, or still waiting
    std::string why;                      //!< the rejection message
    uint64_t checksum = 0;                //!< depends on the parsed values: keeps them computed
};

/// The module's path: HttpHeadFramer, then ParseHttpRequest/ParseHttpResponse, then what the
/// tracker, the tracker client or the file client reads. framingOnly stops after the framer.
Outcome
ModulePath(const Input& input, std::size_t chunk, bool framingOnly)
{
    Outcome outcome;
    HttpHeadFramer framer(MAX_HEAD_BYTES);
    outcome.verdict = FeedPieces(input.bytes, chunk, [&](const uint8_t* data, std::size_t size) {
        return FromFramerState(framer.Append(data, size));
    });
    if (outcome.verdict != Verdict::COMPLETE)
    {
        outcome.why = outcome.verdict == Verdict::REJECTED ? "head too large" : "";
        return outcome;
    }
    const std::string head = framer.TakeHead();
    if (framingOnly)
    {
        outcome.checksum = head.size();
        return outcome;
    }
    std::string error;
    if (input.request)
    {
        const auto request = ParseHttpRequest(head, &error);
        if (!request)
        {
            outcome.verdict = Verdict::REJECTED;
            outcome.why = error;
            return outcome;
        }
        outcome.checksum = request->path.size() + (request->method == "GET");
        if (input.announce)
        {
            const auto announce = AnnounceRequest::FromHttpRequest(*request, &error);
            if (!announce)
            {
                outcome.verdict = Verdict::REJECTED;
                outcome.why = "announce: " + error;
                return outcome;
            }
            outcome.checksum += announce->port + announce->left + announce->infoHash[7];
        }
        return outcome;
    }
    const std::string rest = framer.TakeRemainder();
    const auto response = ParseHttpResponse(head, &error);
    if (!response)
    {
        outcome.verdict = Verdict::REJECTED;
        outcome.why = error;
        return outcome;
    }
    outcome.checksum = response->status + response->GetContentLength().value_or(1) + rest.size();
    return outcome;
}

/// The same with Beast: BeastHeadReader, then the same extraction (RequestFromBeast and
/// FromHttpRequest for an announce; result_int() and content_length() for a response).
/// parseOnly stops after the parser.
template <bool isRequest>
Outcome
BeastPath(const Input& input, std::size_t chunk, bool parseOnly)
{
    Outcome outcome;
    BeastHeadReader<isRequest> reader(MAX_HEAD_BYTES);
    outcome.verdict = FeedPieces(input.bytes, chunk, [&](const uint8_t* data, std::size_t size) {
        return reader.Append(data, size);
    });
    if (outcome.verdict != Verdict::COMPLETE)
    {
        outcome.why = reader.m_error;
        return outcome;
    }
    const auto& message = reader.m_parser.get();
    if (parseOnly)
    {
        outcome.checksum = reader.m_buffer.size() + message.version();
        return outcome;
    }
    if constexpr (isRequest)
    {
        HttpRequest request;
        std::string error;
        if (!RequestFromBeast(message, &request, &error))
        {
            outcome.verdict = Verdict::REJECTED;
            outcome.why = "glue: " + error;
            return outcome;
        }
        outcome.checksum = request.path.size() + (message.method() == http::verb::get);
        if (input.announce)
        {
            const auto announce = AnnounceRequest::FromHttpRequest(request, &error);
            if (!announce)
            {
                outcome.verdict = Verdict::REJECTED;
                outcome.why = "announce: " + error;
                return outcome;
            }
            outcome.checksum += announce->port + announce->left + announce->infoHash[7];
        }
    }
    else
    {
        const std::string rest = reader.TakeRemainder();
        const auto length = reader.m_parser.content_length();
        outcome.checksum = message.result_int() + (length ? *length : 1) + rest.size();
    }
    return outcome;
}

Outcome
Beast(const Input& input, std::size_t chunk, bool parseOnly)
{
    return input.request ? BeastPath<true>(input, chunk, parseOnly)
                         : BeastPath<false>(input, chunk, parseOnly);
}

std::string
ChunkName(std::size_t chunk)
{
    return chunk == 0 || chunk >= (1u << 20) ? "whole" : std::to_string(chunk) + " B";
}

std::string
VerdictText(const Outcome& outcome)
{
    switch (outcome.verdict)
    {
    case Verdict::COMPLETE:
        return "accept";
    case Verdict::REJECTED:
        return "reject (" + outcome.why + ")";
    case Verdict::INCOMPLETE:
        break;
    }
    return "waits for more bytes";
}

// ---------------------------------------------------------------------------------------------
// Timing

/// Processor time of this thread: on a shared machine, the time the process waits for a core
/// would otherwise count as parsing time.
double
ThreadCpuNanoseconds()
{
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return static_cast<double>(now.tv_sec) * 1e9 + static_cast<double>(now.tv_nsec);
}

/// One implementation's path through one head.
struct Variant
{
    std::string name;                                      //!< column name
    std::function<Outcome(const Input&, std::size_t)> run; //!< one head
};

void
RunTimings(const std::vector<Input>& inputs, std::size_t iterations, std::size_t repetitions)
{
    const std::vector<std::size_t> chunks = {1u << 20, 64, 7, 1};
    const std::vector<Variant> variants = {
        {"module", [](const Input& in, std::size_t c) { return ModulePath(in, c, false); }},
        {"beast", [](const Input& in, std::size_t c) { return Beast(in, c, false); }},
        {"module framer only",
         [](const Input& in, std::size_t c) { return ModulePath(in, c, true); }},
        {"beast parser only", [](const Input& in, std::size_t c) { return Beast(in, c, true); }},
    };
    // samples[input][chunk][variant] = ns per head, one per repetition
    std::vector<std::vector<std::vector<std::vector<double>>>> samples(
        inputs.size(),
        std::vector<std::vector<std::vector<double>>>(
            chunks.size(),
            std::vector<std::vector<double>>(variants.size())));
    uint64_t sink = 0;
    for (std::size_t r = 0; r < repetitions; ++r)
    {
        for (std::size_t i = 0; i < inputs.size(); ++i)
        {
            for (std::size_t c = 0; c < chunks.size(); ++c)
            {
                // Both full paths must extract the same values (the checksum covers them).
                if (variants[0].run(inputs[i], chunks[c]).checksum !=
                    variants[1].run(inputs[i], chunks[c]).checksum)
                {
                    std::cerr << "module and beast disagree on " << inputs[i].name << "\n";
                    std::exit(1);
                }
                for (std::size_t v = 0; v < variants.size(); ++v)
                {
                    // Every run must parse: a timing of a failing path would be meaningless.
                    const Outcome check = variants[v].run(inputs[i], chunks[c]);
                    if (check.verdict != Verdict::COMPLETE)
                    {
                        std::cerr << variants[v].name << " fails on " << inputs[i].name << ": "
                                  << VerdictText(check) << "\n";
                        std::exit(1);
                    }
                    const double start = ThreadCpuNanoseconds();
                    for (std::size_t n = 0; n < iterations; ++n)
                    {
                        sink += variants[v].run(inputs[i], chunks[c]).checksum;
                    }
                    samples[i][c][v].push_back((ThreadCpuNanoseconds() - start) /
                                               static_cast<double>(iterations));
                }
            }
        }
    }
    std::cout << "ns of thread processor time per head, median of " << repetitions
              << " repetitions of " << iterations << " iterations (min-max in brackets)\n\n";
    std::cout << std::left << std::setw(34) << "input" << std::setw(8) << "pieces";
    for (const auto& variant : variants)
    {
        std::cout << std::right << std::setw(24) << variant.name;
    }
    std::cout << "   beast/module\n";
    for (std::size_t i = 0; i < inputs.size(); ++i)
    {
        for (std::size_t c = 0; c < chunks.size(); ++c)
        {
            std::cout << std::left << std::setw(34)
                      << (inputs[i].name + " (" + std::to_string(inputs[i].bytes.size()) + " B)")
                      << std::setw(8) << ChunkName(chunks[c]);
            std::vector<double> medians;
            for (std::size_t v = 0; v < variants.size(); ++v)
            {
                auto s = samples[i][c][v];
                std::sort(s.begin(), s.end());
                medians.push_back(s[s.size() / 2]);
                std::ostringstream cell;
                cell << std::fixed << std::setprecision(0) << medians.back() << " [" << s.front()
                     << "-" << s.back() << "]";
                std::cout << std::right << std::setw(24) << cell.str();
            }
            std::cout << std::right << std::setw(15) << std::fixed << std::setprecision(2)
                      << medians[1] / medians[0] << "\n";
        }
    }
    std::cout << "\n(checksum " << sink << ")\n\n";
}

// ---------------------------------------------------------------------------------------------
// Behaviour on malformed input

struct Case
{
    std::string name;  //!< what is wrong
    std::string bytes; //!< the head (and what follows)
    bool request;      //!< a request head
};

std::string
WithPad(const std::string& firstLine, std::size_t headBytes)
{
    // firstLine + "X-Pad: aaa...\r\n\r\n", exactly headBytes long.
    const std::string start = firstLine + "X-Pad: ";
    const std::size_t pad = headBytes - start.size() - 4;
    return start + std::string(pad, 'a') + "\r\n\r\n";
}

void
RunBehaviour()
{
    const std::string announceTarget =
        "/announce?info_hash=%3B%24U%04%CF_%11%BB%DB%E1%20%1C%EAjk%F4Z%EE%1B%C0"
        "&peer_id=-NS0001-000001206881&port=6881&uploaded=0&downloaded=0&left=6291456"
        "&compact=1&event=started&numwant=50";
    const std::string get = "GET " + announceTarget + " HTTP/1.0\r\n";
    const std::vector<Case> cases = {
        {"well-formed announce", get + "User-Agent: ns-3 BitTorrentPeer\r\n\r\n", true},
        {"well-formed response", "HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n", false},
        {"head of 8192 bytes (at the limit)", WithPad("GET /file.bin HTTP/1.0\r\n", 8192), true},
        {"head of 8193 bytes", WithPad("GET /file.bin HTTP/1.0\r\n", 8193), true},
        {"head of 9000 bytes", WithPad("GET /file.bin HTTP/1.0\r\n", 9000), true},
        {"head of 16000 bytes, 8000-byte target",
         WithPad("GET /" + std::string(8000, 'f') + " HTTP/1.0\r\n", 16000),
         true},
        {"response head of 9000 bytes", WithPad("HTTP/1.0 200 OK\r\n", 9000), false},
        {"bare LF line ends (request)", "GET /file.bin HTTP/1.0\nHost: 10.0.0.2\n\n", true},
        {"bare LF line ends (response)", "HTTP/1.0 200 OK\nContent-Length: 5\n\nhello", false},
        {"obs-fold header line",
         "GET /file.bin HTTP/1.0\r\nUser-Agent: ns-3\r\n BitTorrentPeer\r\n\r\n",
         true},
        {"missing HTTP version", "GET /file.bin\r\n\r\n", true},
        {"non-numeric status", "HTTP/1.0 2x0 OK\r\nContent-Length: 0\r\n\r\n", false},
        {"NUL byte in a header value",
         std::string("GET /file.bin HTTP/1.0\r\nHost: 10.0.\0.2\r\n\r\n", 42),
         true},
        {"NUL byte in the target", std::string("GET /file\0bin HTTP/1.0\r\n\r\n", 26), true},
        {"header line without ':'", "GET /file.bin HTTP/1.0\r\nHost 10.0.0.2\r\n\r\n", true},
        {"space before ':'", "GET /file.bin HTTP/1.0\r\nHost : 10.0.0.2\r\n\r\n", true},
        {"bare CR in a header value", "GET /file.bin HTTP/1.0\r\nHost: a\rb\r\n\r\n", true},
        {"empty lines before the request line", "\r\n\r\nGET /file.bin HTTP/1.0\r\n\r\n", true},
        {"HTTP/1.2 (unknown minor version)", "GET /file.bin HTTP/1.2\r\n\r\n", true},
        {"HTTP/2.0 status line", "HTTP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n", false},
        {"two spaces in the request line", "GET  /file.bin HTTP/1.0\r\n\r\n", true},
        {"target with a byte >= 0x80", "GET /fil\xe9.bin HTTP/1.0\r\n\r\n", true},
        {"bad %-escape in the query", "GET /announce?info_hash=%zz HTTP/1.0\r\n\r\n", true},
        {"status line without reason", "HTTP/1.0 200\r\nContent-Length: 0\r\n\r\n", false},
        {"status 099", "HTTP/1.0 099 X\r\nContent-Length: 0\r\n\r\n", false},
        {"status 1000", "HTTP/1.0 1000 X\r\nContent-Length: 0\r\n\r\n", false},
        {"non-numeric Content-Length", "HTTP/1.0 200 OK\r\nContent-Length: abc\r\n\r\n", false},
        {"two different Content-Lengths",
         "HTTP/1.0 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!",
         false},
        {"Content-Length beyond 64 bits",
         "HTTP/1.0 200 OK\r\nContent-Length: 99999999999999999999999\r\n\r\n",
         false},
        {"chunked response to HTTP/1.0",
         "HTTP/1.0 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
         false},
        {"lower-case method 'get'", "get /file.bin HTTP/1.0\r\n\r\n", true},
        {"absolute-form target", "GET http://10.0.0.2/file.bin HTTP/1.0\r\n\r\n", true},
    };
    const std::vector<std::size_t> chunks = {1u << 20, 64, 7, 1};
    std::cout << "Behaviour on malformed input: verdict fed whole; [pieces: ...] when cutting "
                 "the bytes into 64-, 7- or 1-byte pieces changes it\n\n";
    for (const auto& c : cases)
    {
        const Input input{c.name, c.bytes, c.request, false};
        std::cout << "* " << c.name << "\n";
        for (int impl = 0; impl < 2; ++impl)
        {
            std::string whole;
            std::string varies;
            for (std::size_t chunk : chunks)
            {
                const Outcome outcome =
                    impl == 0 ? ModulePath(input, chunk, false) : Beast(input, chunk, false);
                const std::string text = VerdictText(outcome);
                if (whole.empty())
                {
                    whole = text;
                }
                else if (text != whole)
                {
                    varies += " [" + ChunkName(chunk) + " pieces: " + text + "]";
                }
            }
            std::cout << "    " << (impl == 0 ? "module: " : "beast:  ") << whole << varies << "\n";
        }
    }

    // Formatting: the module's formatters drop CR and LF from names and values, so a value
    // cannot inject a header. Does Beast's serializer?
    http::request<http::empty_body> request{http::verb::get, "/file.bin", 10};
    request.set(http::field::host, "10.0.0.2\r\nX-Injected: yes");
    std::ostringstream beastText;
    beastText << request;
    const std::string moduleText =
        FormatHttpRequest("GET", "/file.bin", {{"Host", "10.0.0.2\r\nX-Injected: yes"}});
    std::cout << "\nA value with CRLF inside, formatted:\n    module: "
              << (moduleText.find("\r\nX-Injected") == std::string::npos ? "stripped" : "INJECTED")
              << "\n    beast:  "
              << (beastText.str().find("\r\nX-Injected") == std::string::npos ? "stripped"
                                                                              : "INJECTED")
              << "\n\n";
}

} // namespace

int
main(int argc, char** argv)
{
    std::size_t iterations = 100000;
    std::size_t repetitions = 7;
    bool behaviourOnly = false;
    for (int i = 1; i < argc; ++i)
    {
        const std::string arg = argv[i];
        if (arg.rfind("--iterations=", 0) == 0)
        {
            iterations = std::stoul(arg.substr(13));
        }
        else if (arg.rfind("--repetitions=", 0) == 0)
        {
            repetitions = std::stoul(arg.substr(14));
        }
        else if (arg == "--behaviour-only")
        {
            behaviourOnly = true;
        }
        else
        {
            std::cerr << "usage: " << argv[0]
                      << " [--iterations=N] [--repetitions=R] [--behaviour-only]\n";
            return 1;
        }
    }
    if (iterations == 0 || repetitions == 0)
    {
        std::cerr << "iterations and repetitions must be positive\n";
        return 1;
    }
    const std::vector<Input> inputs = {
        {"announce request", AnnounceHead(), true, true},
        {"tracker response", TrackerResponse(), false, false},
        {"file request", FileRequest(), true, false},
        {"file response", FileResponse(), false, false},
    };
    std::cout << "Boost " << BOOST_LIB_VERSION << ", Beast " << BOOST_BEAST_VERSION_STRING
              << "\nInputs (bytes fed; the head is what precedes the blank line):\n";
    for (const auto& input : inputs)
    {
        const std::size_t headEnd = input.bytes.find("\r\n\r\n") + 4;
        std::cout << "  " << input.name << ": " << headEnd << " B head + "
                  << input.bytes.size() - headEnd << " B after it\n";
        std::cout << "    " << input.bytes.substr(0, input.bytes.find("\r\n")) << "\n";
    }
    std::cout << "\n";
    RunBehaviour();
    if (!behaviourOnly)
    {
        RunTimings(inputs, iterations, repetitions);
    }
    return 0;
}
