// SPDX-License-Identifier: GPL-2.0-only
//
// libFuzzer harness of the HTTP/1.0 subset (model/http-message.h): HttpHeadFramer on a stream
// cut as the input says, ParseHttpRequest and ParseHttpResponse on every head it frames and on
// the raw stream, the formatters and percent-encoding.
//
// Input: 2 configuration bytes, the stream, then the chunk sizes (fuzz-common.h, CutStream):
//   [0] the framer's maxHeadBytes: 0 for the default 8192, else 16 + this byte
//   [1] how many bytes at the end of the input are chunk sizes
//
// Invariants:
// - framing does not depend on how the stream is cut: one Append, the chunks, and one byte at
//   a time give the same heads, the same final state and the same remainder;
// - each head ends with its first blank line ("\n\n" or "\n\r\n"), does not start with an
//   empty line, and is at most maxHeadBytes; the skipped empty lines, the heads and the
//   remainder put together are the stream;
// - a parsed request or response is well-formed (token method, HTTP/x.y version, printable
//   target, lower-case token header names, values without surrounding blanks or line breaks);
//   it parses the same with LF line ends instead of CRLF and without its final blank line;
// - formatting it back (FormatHttpRequest, FormatHttpResponseHead) frames as exactly one head
//   that parses to the same fields; its path and query, percent-encoded again, parse to the
//   same decoded path and query; PercentDecode(PercentEncode(x)) == x;
// - GetQuery/GetHeader return the first pair of that name; GetContentLength is the decimal
//   value of an all-digit Content-Length that fits in 64 bits, and nothing otherwise.

#include "fuzz-common.h"

#include "ns3/http-message.h"

#include <string>
#include <vector>

using namespace ns3;

namespace
{

using Fields = std::vector<std::pair<std::string, std::string>>;

/// What one framing of the stream produced.
struct Framing
{
    std::vector<std::string> heads;                                 //!< in order
    HttpHeadFramer::State state{HttpHeadFramer::State::INCOMPLETE}; //!< at the end
    std::string remainder; //!< TakeRemainder() at the end, unless TOO_LARGE
};

/// Takes every complete head out of \p framer.
void
TakeHeads(HttpHeadFramer& framer, std::vector<std::string>* heads)
{
    while (framer.GetState() == HttpHeadFramer::State::COMPLETE)
    {
        std::string head = framer.TakeHead();
        FD_FUZZ_CHECK(!head.empty());
        heads->push_back(std::move(head));
    }
}

/// Frames \p stream cut into \p chunks.
Framing
Frame(const std::string& stream, const std::vector<std::size_t>& chunks, std::size_t maxHead)
{
    HttpHeadFramer framer(maxHead);
    Framing f;
    std::size_t pos = 0;
    for (std::size_t n : chunks)
    {
        const auto state = framer.Append(reinterpret_cast<const uint8_t*>(stream.data()) + pos, n);
        FD_FUZZ_CHECK(state == framer.GetState());
        pos += n;
        TakeHeads(framer, &f.heads);
    }
    f.state = framer.GetState();
    if (f.state != HttpHeadFramer::State::TOO_LARGE)
    {
        f.remainder = framer.TakeRemainder();
    }
    return f;
}

/// \return the length of an empty line at \p pos of \p s ("\n" or "\r\n"), or 0
std::size_t
EmptyLineAt(const std::string& s, std::size_t pos)
{
    if (pos < s.size() && s[pos] == '\n')
    {
        return 1;
    }
    if (pos + 1 < s.size() && s[pos] == '\r' && s[pos + 1] == '\n')
    {
        return 2;
    }
    return 0;
}

/// \return where the first head end ('\n' then "\n" or "\r\n") of \p s ends, or npos
std::size_t
FirstHeadEnd(const std::string& s)
{
    for (std::size_t i = 0; i < s.size(); ++i)
    {
        if (s[i] == '\n')
        {
            if (const std::size_t n = EmptyLineAt(s, i + 1))
            {
                return i + 1 + n;
            }
        }
    }
    return std::string::npos;
}

/// \return whether \p c may appear in a method or header name (RFC 9110 tchar)
bool
IsTokenChar(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           std::string("!#$%&'*+-.^_`|~").find(c) != std::string::npos;
}

/// Checks parsed header fields.
void
CheckHeaders(const Fields& headers)
{
    for (const auto& [name, value] : headers)
    {
        FD_FUZZ_CHECK(!name.empty());
        for (char c : name)
        {
            FD_FUZZ_CHECK(IsTokenChar(c) && !(c >= 'A' && c <= 'Z'), fdfuzz::Quote(name));
        }
        FD_FUZZ_CHECK(value.find_first_of(std::string("\r\n\0", 3)) == std::string::npos);
        FD_FUZZ_CHECK(value.empty() || (value.front() != ' ' && value.front() != '\t' &&
                                        value.back() != ' ' && value.back() != '\t'),
                      fdfuzz::Quote(value));
    }
}

/// Checks that a name lookup returns the first pair of that name.
void
CheckLookup(const Fields& fields, const std::string& name, const std::optional<std::string>& got)
{
    for (const auto& [n, v] : fields)
    {
        if (n == name)
        {
            FD_FUZZ_CHECK(got && *got == v);
            return;
        }
    }
    FD_FUZZ_CHECK(!got);
}

/// \return \p head with every CRLF replaced by LF
std::string
ToLf(const std::string& head)
{
    std::string out;
    for (std::size_t i = 0; i < head.size(); ++i)
    {
        if (!(head[i] == '\r' && i + 1 < head.size() && head[i + 1] == '\n'))
        {
            out += head[i];
        }
    }
    return out;
}

/// \return \p head without its final blank line, if it ends with one
std::string
WithoutBlankLine(const std::string& head)
{
    for (const char* end : {"\r\n\r\n", "\n\r\n", "\r\n\n", "\n\n"})
    {
        const std::string e(end);
        if (head.size() >= e.size() && head.compare(head.size() - e.size(), e.size(), e) == 0)
        {
            return head.substr(0, head.size() - e.size() + (e[0] == '\r' ? 2 : 1));
        }
    }
    return head;
}

/// Checks two parsed requests are equal.
bool
Same(const HttpRequest& a, const HttpRequest& b)
{
    return a.method == b.method && a.target == b.target && a.path == b.path &&
           a.version == b.version && a.query == b.query && a.headers == b.headers;
}

/// Checks two parsed responses are equal.
bool
Same(const HttpResponse& a, const HttpResponse& b)
{
    return a.status == b.status && a.reason == b.reason && a.version == b.version &&
           a.headers == b.headers;
}

/// Frames \p head alone: it must be exactly one head.
void
CheckFramesAlone(const std::string& head)
{
    HttpHeadFramer framer(head.size());
    FD_FUZZ_CHECK(framer.Append(reinterpret_cast<const uint8_t*>(head.data()), head.size()) ==
                      HttpHeadFramer::State::COMPLETE,
                  fdfuzz::Quote(head));
    FD_FUZZ_CHECK(framer.TakeHead() == head);
    FD_FUZZ_CHECK(framer.GetState() == HttpHeadFramer::State::INCOMPLETE);
    FD_FUZZ_CHECK(framer.TakeRemainder().empty());
}

/// Checks percent-encoding round trips and only emits unreserved characters and escapes.
void
CheckPercent(const std::string& bytes)
{
    const std::string encoded = PercentEncode(bytes);
    for (std::size_t i = 0; i < encoded.size(); ++i)
    {
        const char c = encoded[i];
        const bool unreserved = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
                                (c >= 'A' && c <= 'Z') || c == '-' || c == '.' || c == '_' ||
                                c == '~';
        FD_FUZZ_CHECK(unreserved || (c == '%' && i + 2 < encoded.size()));
        if (c == '%')
        {
            i += 2;
        }
    }
    const auto decoded = PercentDecode(encoded);
    FD_FUZZ_CHECK(decoded && *decoded == bytes, fdfuzz::Quote(bytes));
}

/// Parses \p head as a request and checks what comes out.
void
CheckRequest(const std::string& head)
{
    std::string error;
    const auto request = ParseHttpRequest(head, &error);
    if (!request)
    {
        FD_FUZZ_CHECK(!error.empty());
        return;
    }
    FD_FUZZ_CHECK(!request->method.empty());
    for (char c : request->method)
    {
        FD_FUZZ_CHECK(IsTokenChar(c));
    }
    const std::string& v = request->version;
    FD_FUZZ_CHECK(v.size() == 8 && v.compare(0, 5, "HTTP/") == 0 && v[6] == '.');
    FD_FUZZ_CHECK(!request->target.empty());
    for (char c : request->target)
    {
        FD_FUZZ_CHECK(static_cast<unsigned char>(c) > 0x20 && static_cast<unsigned char>(c) < 0x7f);
    }
    CheckHeaders(request->headers);
    for (const auto& [key, value] : request->query)
    {
        CheckLookup(request->query, key, request->GetQuery(key));
        CheckPercent(key);
        CheckPercent(value);
    }
    for (const auto& field : request->headers)
    {
        CheckLookup(request->headers, field.first, request->GetHeader(field.first));
    }
    CheckLookup(request->headers, "host", request->GetHeader("host"));
    CheckPercent(request->path);

    // The same head with LF line ends, and without its final blank line.
    const auto lf = ParseHttpRequest(ToLf(head), &error);
    FD_FUZZ_CHECK(lf && Same(*request, *lf), "with LF ends: " + error);
    const auto open = ParseHttpRequest(WithoutBlankLine(head), &error);
    FD_FUZZ_CHECK(open && Same(*request, *open), "without the blank line: " + error);

    // Formatted back, it frames alone and parses to the same fields (version HTTP/1.0).
    const std::string formatted =
        FormatHttpRequest(request->method, request->target, request->headers);
    CheckFramesAlone(formatted);
    auto reparsed = ParseHttpRequest(formatted, &error);
    FD_FUZZ_CHECK(reparsed.has_value(), error + " in " + fdfuzz::Quote(formatted));
    FD_FUZZ_CHECK(reparsed->version == "HTTP/1.0");
    reparsed->version = request->version;
    FD_FUZZ_CHECK(Same(*request, *reparsed), fdfuzz::Quote(formatted));

    // The decoded path and query, encoded again, decode to themselves.
    std::string target = "/" + PercentEncode(request->path);
    for (std::size_t i = 0; i < request->query.size(); ++i)
    {
        target += (i == 0 ? "?" : "&") + PercentEncode(request->query[i].first) + "=" +
                  PercentEncode(request->query[i].second);
    }
    const auto rebuilt = ParseHttpRequest("GET " + target + " HTTP/1.0\r\n\r\n", &error);
    FD_FUZZ_CHECK(rebuilt.has_value(), error + " in " + fdfuzz::Quote(target));
    FD_FUZZ_CHECK(rebuilt->path == "/" + request->path, fdfuzz::Quote(target));
    FD_FUZZ_CHECK(rebuilt->query == request->query, fdfuzz::Quote(target));
}

/// Parses \p head as a response and checks what comes out.
void
CheckResponse(const std::string& head)
{
    std::string error;
    const auto response = ParseHttpResponse(head, &error);
    if (!response)
    {
        FD_FUZZ_CHECK(!error.empty());
        return;
    }
    FD_FUZZ_CHECK(response->status >= 100 && response->status <= 999);
    const std::string& v = response->version;
    FD_FUZZ_CHECK(v.size() == 8 && v.compare(0, 5, "HTTP/") == 0 && v[6] == '.');
    FD_FUZZ_CHECK(response->reason.find_first_of(std::string("\r\n\0", 3)) == std::string::npos);
    CheckHeaders(response->headers);
    for (const auto& field : response->headers)
    {
        CheckLookup(response->headers, field.first, response->GetHeader(field.first));
    }

    // Content-Length: the decimal value of all digits, when it fits in 64 bits.
    const auto text = response->GetHeader("content-length");
    const auto length = response->GetContentLength();
    const bool digits =
        text && !text->empty() && text->find_first_not_of("0123456789") == std::string::npos;
    if (!digits)
    {
        FD_FUZZ_CHECK(!length);
    }
    else
    {
        const std::size_t first = text->find_first_not_of('0');
        const std::string significant = first == std::string::npos ? "0" : text->substr(first);
        const bool fits = significant.size() < 20 ||
                          (significant.size() == 20 && significant <= "18446744073709551615");
        FD_FUZZ_CHECK(length.has_value() == fits, *text);
        FD_FUZZ_CHECK(!length || std::to_string(*length) == significant, *text);
    }

    const auto lf = ParseHttpResponse(ToLf(head), &error);
    FD_FUZZ_CHECK(lf && Same(*response, *lf), "with LF ends: " + error);
    const auto open = ParseHttpResponse(WithoutBlankLine(head), &error);
    FD_FUZZ_CHECK(open && Same(*response, *open), "without the blank line: " + error);

    const std::string formatted =
        FormatHttpResponseHead(response->status, response->reason, response->headers);
    CheckFramesAlone(formatted);
    auto reparsed = ParseHttpResponse(formatted, &error);
    FD_FUZZ_CHECK(reparsed.has_value(), error + " in " + fdfuzz::Quote(formatted));
    FD_FUZZ_CHECK(reparsed->version == "HTTP/1.0");
    reparsed->version = response->version;
    FD_FUZZ_CHECK(Same(*response, *reparsed), fdfuzz::Quote(formatted));
}

} // namespace

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size)
{
    fdfuzz::ByteReader reader(data, size);
    const uint8_t maxByte = reader.U8();
    const std::size_t maxHead = maxByte == 0 ? 8192 : 16 + maxByte;
    const std::size_t sizeBytes = reader.U8();
    std::string stream;
    const std::vector<std::size_t> chunks = fdfuzz::CutStream(reader.Rest(), sizeBytes, &stream);

    // Framing does not depend on the cuts.
    const Framing whole = Frame(stream, {stream.size()}, maxHead);
    const Framing cut = Frame(stream, chunks, maxHead);
    std::vector<std::size_t> ones(stream.size(), 1);
    const Framing bytes = Frame(stream, ones, maxHead);
    for (const Framing* other : {&cut, &bytes})
    {
        FD_FUZZ_CHECK(other->heads == whole.heads && other->state == whole.state &&
                          other->remainder == whole.remainder,
                      std::to_string(other->heads.size()) + " heads, state " +
                          std::to_string(static_cast<int>(other->state)) + " vs " +
                          std::to_string(whole.heads.size()) + " heads, state " +
                          std::to_string(static_cast<int>(whole.state)));
    }

    // The heads, the empty lines between them and the remainder are the stream.
    std::size_t pos = 0;
    for (const std::string& head : whole.heads)
    {
        while (const std::size_t n = EmptyLineAt(stream, pos))
        {
            pos += n;
        }
        FD_FUZZ_CHECK(stream.compare(pos, head.size(), head) == 0, fdfuzz::Quote(head));
        FD_FUZZ_CHECK(head.size() <= maxHead);
        FD_FUZZ_CHECK(FirstHeadEnd(head) == head.size(), fdfuzz::Quote(head));
        FD_FUZZ_CHECK(EmptyLineAt(head, 0) == 0, fdfuzz::Quote(head));
        pos += head.size();
        CheckRequest(head);
        CheckResponse(head);
    }
    if (whole.state == HttpHeadFramer::State::INCOMPLETE)
    {
        while (const std::size_t n = EmptyLineAt(stream, pos))
        {
            pos += n;
        }
        FD_FUZZ_CHECK(stream.compare(pos, std::string::npos, whole.remainder) == 0 &&
                          pos + whole.remainder.size() == stream.size(),
                      fdfuzz::Quote(whole.remainder));
        FD_FUZZ_CHECK(FirstHeadEnd(whole.remainder) == std::string::npos);
        FD_FUZZ_CHECK(whole.remainder.size() <= maxHead);
    }
    else
    {
        // Too large: the rest holds no head end within the limit.
        while (const std::size_t n = EmptyLineAt(stream, pos))
        {
            pos += n;
        }
        const std::size_t end = FirstHeadEnd(stream.substr(pos));
        FD_FUZZ_CHECK(end == std::string::npos || end > maxHead);
        FD_FUZZ_CHECK(stream.size() - pos > maxHead);
    }

    // The parsers on the raw stream, whatever the framing.
    CheckRequest(stream);
    CheckResponse(stream);
    return 0;
}
