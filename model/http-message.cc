// SPDX-License-Identifier: GPL-2.0-only

#include "http-message.h"

#include <algorithm>
#include <cctype>
#include <limits>

namespace ns3
{

namespace
{

void
SetError(std::string* error, const std::string& message)
{
    if (error != nullptr)
    {
        *error = message;
    }
}

/// ASCII letter or digit, whatever the locale.
bool
IsAlnum(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/// RFC 9110 tchar: the characters of a method or header name.
bool
IsTokenChar(unsigned char c)
{
    if (IsAlnum(c))
    {
        return true;
    }
    switch (c)
    {
    case '!':
    case '#':
    case '$':
    case '%':
    case '&':
    case '\'':
    case '*':
    case '+':
    case '-':
    case '.':
    case '^':
    case '_':
    case '`':
    case '|':
    case '~':
        return true;
    default:
        return false;
    }
}

bool
IsToken(const std::string& s)
{
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return IsTokenChar(c); });
}

/// "HTTP/" DIGIT "." DIGIT
bool
IsHttpVersion(const std::string& s)
{
    return s.size() == 8 && s.compare(0, 5, "HTTP/") == 0 && std::isdigit((unsigned char)s[5]) &&
           s[6] == '.' && std::isdigit((unsigned char)s[7]);
}

std::string
ToLower(std::string s)
{
    for (auto& c : s)
    {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return s;
}

/**
 * Splits a head into its lines (CRLF or LF ends, CR dropped) up to the first empty line.
 * Refuses NUL bytes and bare CRs, which no well-formed head carries.
 */
std::optional<std::vector<std::string>>
SplitLines(const std::string& head, std::string* error)
{
    std::vector<std::string> lines;
    std::size_t pos = 0;
    while (pos < head.size())
    {
        std::size_t end = head.find('\n', pos);
        const bool terminated = end != std::string::npos;
        if (!terminated)
        {
            end = head.size();
        }
        std::size_t lineEnd = end;
        if (terminated && lineEnd > pos && head[lineEnd - 1] == '\r')
        {
            --lineEnd;
        }
        std::string line = head.substr(pos, lineEnd - pos);
        if (line.find('\r') != std::string::npos || line.find('\0') != std::string::npos)
        {
            SetError(error, "bare CR or NUL byte in the head");
            return std::nullopt;
        }
        if (line.empty())
        {
            break;
        }
        lines.push_back(std::move(line));
        pos = end + 1;
    }
    if (lines.empty())
    {
        SetError(error, "empty head");
        return std::nullopt;
    }
    return lines;
}

/// Parses "name: value" lines (all lines after the first) into lower-cased names.
bool
ParseHeaders(const std::vector<std::string>& lines,
             std::vector<std::pair<std::string, std::string>>* headers,
             std::string* error)
{
    for (std::size_t i = 1; i < lines.size(); ++i)
    {
        const std::string& line = lines[i];
        if (line[0] == ' ' || line[0] == '\t')
        {
            SetError(error, "obsolete header line folding is not supported");
            return false;
        }
        const std::size_t colon = line.find(':');
        if (colon == std::string::npos)
        {
            SetError(error, "header line without ':'");
            return false;
        }
        const std::string name = line.substr(0, colon);
        if (!IsToken(name))
        {
            SetError(error, "bad header name");
            return false;
        }
        std::size_t first = colon + 1;
        std::size_t last = line.size();
        while (first < last && (line[first] == ' ' || line[first] == '\t'))
        {
            ++first;
        }
        while (last > first && (line[last - 1] == ' ' || line[last - 1] == '\t'))
        {
            --last;
        }
        headers->emplace_back(ToLower(name), line.substr(first, last - first));
    }
    return true;
}

std::optional<std::string>
FindHeader(const std::vector<std::pair<std::string, std::string>>& headers,
           const std::string& lowerName)
{
    for (const auto& [name, value] : headers)
    {
        if (name == lowerName)
        {
            return value;
        }
    }
    return std::nullopt;
}

/// Drops CR and LF so that a formatted field cannot end its line early.
std::string
StripLineBreaks(const std::string& s)
{
    std::string out;
    out.reserve(s.size());
    for (char c : s)
    {
        if (c != '\r' && c != '\n')
        {
            out.push_back(c);
        }
    }
    return out;
}

void
AppendHeaders(std::string* out, const std::vector<std::pair<std::string, std::string>>& headers)
{
    for (const auto& [name, value] : headers)
    {
        *out += StripLineBreaks(name) + ": " + StripLineBreaks(value) + "\r\n";
    }
    *out += "\r\n";
}

int
HexValue(unsigned char c)
{
    if (c >= '0' && c <= '9')
    {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f')
    {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F')
    {
        return c - 'A' + 10;
    }
    return -1;
}

} // namespace

// ---------------------------------------------------------------------------------------------
// HttpHeadFramer

HttpHeadFramer::HttpHeadFramer(std::size_t maxHeadBytes)
    : m_maxHeadBytes(maxHeadBytes)
{
}

HttpHeadFramer::State
HttpHeadFramer::Append(const uint8_t* data, std::size_t size)
{
    if (m_state == State::TOO_LARGE)
    {
        return m_state;
    }
    if (size > 0)
    {
        m_buffer.append(reinterpret_cast<const char*>(data), size);
    }
    if (m_state == State::INCOMPLETE)
    {
        Scan();
    }
    return m_state;
}

HttpHeadFramer::State
HttpHeadFramer::GetState() const
{
    return m_state;
}

void
HttpHeadFramer::Scan()
{
    {
        // Skip empty lines before the head (RFC 9112 section 2.2); erasing them keeps memory
        // bounded even if a peer sends nothing else. A head never starts with CR or LF.
        std::size_t skip = 0;
        while (true)
        {
            if (skip < m_buffer.size() && m_buffer[skip] == '\n')
            {
                skip += 1;
            }
            else if (skip + 1 < m_buffer.size() && m_buffer[skip] == '\r' &&
                     m_buffer[skip + 1] == '\n')
            {
                skip += 2;
            }
            else
            {
                break;
            }
        }
        if (skip > 0)
        {
            m_buffer.erase(0, skip);
            m_scanned = 0;
        }
    }
    // The head ends at a '\n' followed by "\n" or "\r\n".
    bool undecided = false;
    for (std::size_t i = m_scanned; i < m_buffer.size(); ++i)
    {
        if (m_buffer[i] != '\n')
        {
            continue;
        }
        std::size_t end = 0;
        if (i + 1 < m_buffer.size() && m_buffer[i + 1] == '\n')
        {
            end = i + 2;
        }
        else if (i + 2 < m_buffer.size() && m_buffer[i + 1] == '\r' && m_buffer[i + 2] == '\n')
        {
            end = i + 3;
        }
        else if (i + 2 >= m_buffer.size())
        {
            // Not decidable yet: resume at this '\n' when more bytes come.
            m_scanned = i;
            undecided = true;
            break;
        }
        if (end != 0)
        {
            if (end > m_maxHeadBytes)
            {
                m_state = State::TOO_LARGE;
                return;
            }
            m_headEnd = end;
            m_state = State::COMPLETE;
            return;
        }
    }
    if (!undecided)
    {
        m_scanned = m_buffer.size();
    }
    if (m_buffer.size() > m_maxHeadBytes)
    {
        m_state = State::TOO_LARGE;
    }
}

std::string
HttpHeadFramer::TakeHead()
{
    if (m_state != State::COMPLETE)
    {
        return {};
    }
    std::string head = m_buffer.substr(0, m_headEnd);
    m_buffer.erase(0, m_headEnd);
    m_headEnd = 0;
    m_scanned = 0;
    m_state = State::INCOMPLETE;
    Scan();
    return head;
}

std::string
HttpHeadFramer::TakeRemainder()
{
    std::string rest;
    if (m_state == State::COMPLETE)
    {
        rest = m_buffer.substr(m_headEnd);
        m_buffer.resize(m_headEnd);
    }
    else
    {
        rest.swap(m_buffer);
        m_scanned = 0;
    }
    return rest;
}

// ---------------------------------------------------------------------------------------------
// HttpRequest / HttpResponse

std::optional<std::string>
HttpRequest::GetQuery(const std::string& key) const
{
    return FindHeader(query, key);
}

std::optional<std::string>
HttpRequest::GetHeader(const std::string& lowerName) const
{
    return FindHeader(headers, lowerName);
}

std::optional<std::string>
HttpResponse::GetHeader(const std::string& lowerName) const
{
    return FindHeader(headers, lowerName);
}

std::optional<uint64_t>
HttpResponse::GetContentLength() const
{
    const auto value = GetHeader("content-length");
    if (!value || value->empty())
    {
        return std::nullopt;
    }
    uint64_t n = 0;
    for (unsigned char c : *value)
    {
        if (!std::isdigit(c))
        {
            return std::nullopt;
        }
        const uint64_t digit = c - '0';
        if (n > (std::numeric_limits<uint64_t>::max() - digit) / 10)
        {
            return std::nullopt;
        }
        n = n * 10 + digit;
    }
    return n;
}

std::optional<HttpRequest>
ParseHttpRequest(const std::string& head, std::string* error)
{
    const auto lines = SplitLines(head, error);
    if (!lines)
    {
        return std::nullopt;
    }
    const std::string& first = (*lines)[0];
    const std::size_t sp1 = first.find(' ');
    const std::size_t sp2 = sp1 == std::string::npos ? sp1 : first.find(' ', sp1 + 1);
    if (sp2 == std::string::npos || first.find(' ', sp2 + 1) != std::string::npos)
    {
        SetError(error, "request line is not 'METHOD TARGET VERSION'");
        return std::nullopt;
    }
    HttpRequest request;
    request.method = first.substr(0, sp1);
    request.target = first.substr(sp1 + 1, sp2 - sp1 - 1);
    request.version = first.substr(sp2 + 1);
    if (!IsToken(request.method))
    {
        SetError(error, "bad method");
        return std::nullopt;
    }
    if (!IsHttpVersion(request.version))
    {
        SetError(error, "bad HTTP version");
        return std::nullopt;
    }
    if (request.target.empty() ||
        !std::all_of(request.target.begin(), request.target.end(), [](char c) {
            return static_cast<unsigned char>(c) > 0x20 && static_cast<unsigned char>(c) < 0x7f;
        }))
    {
        SetError(error, "bad request target");
        return std::nullopt;
    }

    // origin-form "/path?query", or absolute-form "http://host/path?query" (sent to proxies).
    std::string rest = request.target;
    const std::size_t fragment = rest.find('#');
    if (fragment != std::string::npos)
    {
        rest.resize(fragment);
    }
    const std::size_t scheme = rest.find("://");
    if (rest[0] != '/' && scheme != std::string::npos)
    {
        const std::size_t slash = rest.find_first_of("/?", scheme + 3);
        rest = slash == std::string::npos ? "/" : rest.substr(slash);
        if (rest[0] == '?')
        {
            rest = "/" + rest;
        }
    }
    else if (rest[0] != '/' && rest != "*")
    {
        SetError(error, "request target is neither a path nor an absolute URI");
        return std::nullopt;
    }
    const std::size_t question = rest.find('?');
    const auto path = PercentDecode(rest.substr(0, question));
    if (!path)
    {
        SetError(error, "bad %-escape in the path");
        return std::nullopt;
    }
    request.path = *path;
    if (question != std::string::npos)
    {
        const std::string query = rest.substr(question + 1);
        std::size_t pos = 0;
        while (pos <= query.size())
        {
            std::size_t amp = query.find('&', pos);
            if (amp == std::string::npos)
            {
                amp = query.size();
            }
            const std::string pair = query.substr(pos, amp - pos);
            pos = amp + 1;
            if (pair.empty())
            {
                continue;
            }
            const std::size_t eq = pair.find('=');
            const auto key = PercentDecode(pair.substr(0, eq));
            const auto value =
                PercentDecode(eq == std::string::npos ? std::string() : pair.substr(eq + 1));
            if (!key || !value)
            {
                SetError(error, "bad %-escape in the query");
                return std::nullopt;
            }
            request.query.emplace_back(*key, *value);
        }
    }
    if (!ParseHeaders(*lines, &request.headers, error))
    {
        return std::nullopt;
    }
    return request;
}

std::optional<HttpResponse>
ParseHttpResponse(const std::string& head, std::string* error)
{
    const auto lines = SplitLines(head, error);
    if (!lines)
    {
        return std::nullopt;
    }
    const std::string& first = (*lines)[0];
    // "HTTP/1.0 200 OK": the reason may be empty, and may contain spaces.
    if (first.size() < 12 || !IsHttpVersion(first.substr(0, 8)) || first[8] != ' ' ||
        !std::isdigit((unsigned char)first[9]) || !std::isdigit((unsigned char)first[10]) ||
        !std::isdigit((unsigned char)first[11]) || (first.size() > 12 && first[12] != ' ') ||
        first[9] == '0')
    {
        SetError(error, "status line is not 'HTTP/x.y NNN reason'");
        return std::nullopt;
    }
    HttpResponse response;
    response.version = first.substr(0, 8);
    response.status = (first[9] - '0') * 100 + (first[10] - '0') * 10 + (first[11] - '0');
    response.reason = first.size() > 13 ? first.substr(13) : std::string();
    if (!ParseHeaders(*lines, &response.headers, error))
    {
        return std::nullopt;
    }
    return response;
}

std::string
FormatHttpRequest(const std::string& method,
                  const std::string& target,
                  const std::vector<std::pair<std::string, std::string>>& headers)
{
    std::string out = StripLineBreaks(method) + " " + StripLineBreaks(target) + " HTTP/1.0\r\n";
    AppendHeaders(&out, headers);
    return out;
}

std::string
FormatHttpResponseHead(int status,
                       const std::string& reason,
                       const std::vector<std::pair<std::string, std::string>>& headers)
{
    std::string out = "HTTP/1.0 " + std::to_string(status) + " " + StripLineBreaks(reason) + "\r\n";
    AppendHeaders(&out, headers);
    return out;
}

std::string
PercentEncode(const std::string& bytes)
{
    static const char hex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(bytes.size() * 3);
    for (unsigned char c : bytes)
    {
        if (IsAlnum(c) || c == '-' || c == '.' || c == '_' || c == '~')
        {
            out.push_back(static_cast<char>(c));
        }
        else
        {
            out.push_back('%');
            out.push_back(hex[c >> 4]);
            out.push_back(hex[c & 0xf]);
        }
    }
    return out;
}

std::optional<std::string>
PercentDecode(const std::string& text)
{
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i)
    {
        if (text[i] != '%')
        {
            out.push_back(text[i]);
            continue;
        }
        if (i + 2 >= text.size())
        {
            return std::nullopt;
        }
        const int hi = HexValue(text[i + 1]);
        const int lo = HexValue(text[i + 2]);
        if (hi < 0 || lo < 0)
        {
            return std::nullopt;
        }
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
    }
    return out;
}

} // namespace ns3
