// SPDX-License-Identifier: GPL-2.0-only

#include "ns3/http-message.h"
#include "ns3/test.h"

#include <string>
#include <utility>
#include <vector>

/**
 * \file
 * \ingroup file-distribution-tests
 * Unit tests of the HTTP/1.0 subset: head framing, request and response parsing, formatting and
 * percent-encoding.
 */

using namespace ns3;

namespace
{

/// Appends a string to a framer.
HttpHeadFramer::State
AppendString(HttpHeadFramer& framer, const std::string& s)
{
    return framer.Append(reinterpret_cast<const uint8_t*>(s.data()), s.size());
}

} // namespace

/**
 * \ingroup file-distribution-tests
 * The framer finds the same head and remainder however the stream is cut.
 */
class HttpHeadFramerSplitTestCase : public TestCase
{
  public:
    HttpHeadFramerSplitTestCase()
        : TestCase("head framing survives every split; remainder and pipelining")
    {
    }

  private:
    void DoRun() override
    {
        const std::string head = "GET /a HTTP/1.0\r\nHost: x\r\n\r\n";
        const std::string body = "BODY\r\n\r\nmore";
        const std::string stream = head + body;
        for (std::size_t a = 0; a <= stream.size(); ++a)
        {
            for (std::size_t b = a; b <= stream.size(); ++b)
            {
                HttpHeadFramer framer;
                std::string got;
                std::string rest;
                for (auto [from, to] : {std::pair{std::size_t{0}, a}, {a, b}, {b, stream.size()}})
                {
                    if (got.empty())
                    {
                        const auto state = AppendString(framer, stream.substr(from, to - from));
                        if (state == HttpHeadFramer::State::COMPLETE)
                        {
                            rest = framer.TakeRemainder();
                            NS_TEST_ASSERT_MSG_EQ(
                                (framer.GetState() == HttpHeadFramer::State::COMPLETE),
                                true,
                                "remainder taken, head still pending");
                            got = framer.TakeHead();
                        }
                    }
                    else
                    {
                        rest += stream.substr(from, to - from);
                    }
                }
                NS_TEST_ASSERT_MSG_EQ(got, head, "head with cuts at " << a << "," << b);
                NS_TEST_ASSERT_MSG_EQ(rest, body, "remainder with cuts at " << a << "," << b);
            }
        }

        // LF-only line ends, leading empty lines skipped, two pipelined requests.
        HttpHeadFramer framer;
        const std::string two = "\r\n\nGET /1 HTTP/1.0\n\nGET /2 HTTP/1.0\r\nA: b\r\n\r\nxyz";
        NS_TEST_ASSERT_MSG_EQ((AppendString(framer, two) == HttpHeadFramer::State::COMPLETE),
                              true,
                              "first head complete");
        NS_TEST_ASSERT_MSG_EQ(framer.TakeHead(), "GET /1 HTTP/1.0\n\n", "first head, LFLF");
        NS_TEST_ASSERT_MSG_EQ((framer.GetState() == HttpHeadFramer::State::COMPLETE),
                              true,
                              "the pipelined head is found at once");
        NS_TEST_ASSERT_MSG_EQ(framer.TakeHead(), "GET /2 HTTP/1.0\r\nA: b\r\n\r\n", "second head");
        NS_TEST_ASSERT_MSG_EQ((framer.GetState() == HttpHeadFramer::State::INCOMPLETE),
                              true,
                              "no third head");
        NS_TEST_ASSERT_MSG_EQ(framer.TakeHead(), "", "nothing to take");
        NS_TEST_ASSERT_MSG_EQ(framer.TakeRemainder(), "xyz", "bytes after the second head");
        NS_TEST_ASSERT_MSG_EQ(framer.TakeRemainder(), "", "taken once");

        // "\n\r\n" (LF then CRLF) also ends a head.
        HttpHeadFramer mixed;
        NS_TEST_ASSERT_MSG_EQ(
            (AppendString(mixed, "GET / HTTP/1.0\n\r\nz") == HttpHeadFramer::State::COMPLETE),
            true,
            "LF CRLF ends the head");
        NS_TEST_ASSERT_MSG_EQ(mixed.TakeHead(), "GET / HTTP/1.0\n\r\n", "mixed head");
        // A lone CR between lines does not.
        HttpHeadFramer cr;
        NS_TEST_ASSERT_MSG_EQ(
            (AppendString(cr, "GET / HTTP/1.0\r\n\rX\r\n") == HttpHeadFramer::State::INCOMPLETE),
            true,
            "CR not followed by LF is not a blank line");
    }
};

/**
 * \ingroup file-distribution-tests
 * A head longer than the maximum is refused, exactly at the limit.
 */
class HttpHeadFramerLimitTestCase : public TestCase
{
  public:
    HttpHeadFramerLimitTestCase()
        : TestCase("a head over the maximum size is TOO_LARGE, and stays so")
    {
    }

  private:
    void DoRun() override
    {
        const std::string head = "GET /abc HTTP/1.0\r\n\r\n"; // 21 bytes
        {
            HttpHeadFramer framer(head.size());
            NS_TEST_ASSERT_MSG_EQ(
                (AppendString(framer, head + "tail") == HttpHeadFramer::State::COMPLETE),
                true,
                "a head of exactly the maximum fits");
        }
        {
            HttpHeadFramer framer(head.size() - 1);
            NS_TEST_ASSERT_MSG_EQ((AppendString(framer, head) == HttpHeadFramer::State::TOO_LARGE),
                                  true,
                                  "one byte more does not");
            NS_TEST_ASSERT_MSG_EQ((AppendString(framer, "GET / HTTP/1.0\r\n\r\n") ==
                                   HttpHeadFramer::State::TOO_LARGE),
                                  true,
                                  "the error is final");
            NS_TEST_ASSERT_MSG_EQ(framer.TakeHead(), "", "no head after an error");
        }
        {
            // A peer that never sends a blank line: TOO_LARGE as soon as it passes the limit.
            HttpHeadFramer framer(100);
            const std::string junk(10, 'x');
            HttpHeadFramer::State state = HttpHeadFramer::State::INCOMPLETE;
            int chunks = 0;
            while (state == HttpHeadFramer::State::INCOMPLETE && chunks < 1000)
            {
                state = AppendString(framer, junk);
                ++chunks;
            }
            NS_TEST_ASSERT_MSG_EQ(chunks, 11, "refused at 110 bytes");
        }
        {
            // Endless empty lines are discarded, not buffered.
            HttpHeadFramer framer(16);
            for (int i = 0; i < 100; ++i)
            {
                NS_TEST_ASSERT_MSG_EQ(
                    (AppendString(framer, "\r\n") == HttpHeadFramer::State::INCOMPLETE),
                    true,
                    "empty lines before a head are skipped");
            }
        }
    }
};

/**
 * \ingroup file-distribution-tests
 * Request heads: target split into decoded path and query, headers lower-cased; every
 * malformed head refused with a message.
 */
class HttpRequestParseTestCase : public TestCase
{
  public:
    HttpRequestParseTestCase()
        : TestCase("request heads parse exactly; malformed ones are refused")
    {
    }

  private:
    void DoRun() override
    {
        std::string error;
        const std::string head = "GET /an%20nounce?info_hash=%12%34V%78%9a%bc%DE%F0%00%FF"
                                 "&peer_id=-XX0001-abc&&flag&port=6881&empty= HTTP/1.0\r\n"
                                 "Host: tracker:2710\r\n"
                                 "User-Agent:   ns-3 \t\r\n"
                                 "X-Empty:\r\n"
                                 "\r\n";
        auto request = ParseHttpRequest(head, &error);
        NS_TEST_ASSERT_MSG_EQ(request.has_value(), true, "valid request: " << error);
        NS_TEST_ASSERT_MSG_EQ(request->method, "GET", "method");
        NS_TEST_ASSERT_MSG_EQ(request->version, "HTTP/1.0", "version");
        NS_TEST_ASSERT_MSG_EQ(request->path, "/an nounce", "decoded path");
        NS_TEST_ASSERT_MSG_EQ(request->target.substr(0, 14), "/an%20nounce?i", "raw target");
        const std::vector<std::pair<std::string, std::string>> query{
            {"info_hash", std::string("\x12\x34V\x78\x9a\xbc\xde\xf0\x00\xff", 10)},
            {"peer_id", "-XX0001-abc"},
            {"flag", ""},
            {"port", "6881"},
            {"empty", ""}};
        NS_TEST_ASSERT_MSG_EQ((request->query == query), true, "decoded query, in order");
        NS_TEST_ASSERT_MSG_EQ(request->GetQuery("port").value_or("?"), "6881", "GetQuery");
        NS_TEST_ASSERT_MSG_EQ(request->GetQuery("nope").has_value(), false, "absent key");
        NS_TEST_ASSERT_MSG_EQ(request->headers.size(), 3, "three headers");
        NS_TEST_ASSERT_MSG_EQ(request->GetHeader("host").value_or("?"), "tracker:2710", "host");
        NS_TEST_ASSERT_MSG_EQ(request->GetHeader("user-agent").value_or("?"), "ns-3", "trimmed");
        NS_TEST_ASSERT_MSG_EQ(request->GetHeader("x-empty").value_or("?"), "", "empty value");

        // LF line ends, no headers, no final blank line, absolute-form target.
        request = ParseHttpRequest("HEAD http://h:80/f.bin?x=1 HTTP/1.1\n", &error);
        NS_TEST_ASSERT_MSG_EQ(request.has_value(), true, "absolute form: " << error);
        NS_TEST_ASSERT_MSG_EQ(request->path, "/f.bin", "path of an absolute URI");
        NS_TEST_ASSERT_MSG_EQ(request->GetQuery("x").value_or("?"), "1", "its query");
        request = ParseHttpRequest("GET http://h HTTP/1.0\r\n\r\n", &error);
        NS_TEST_ASSERT_MSG_EQ((request && request->path == "/"), true, "absolute, no path");

        const std::vector<std::string> bad{
            "",
            "\r\n\r\n",
            "GET\r\n\r\n",
            "GET /\r\n\r\n",
            "GET / HTTP/1.0 extra\r\n\r\n",
            "GET  / HTTP/1.0\r\n\r\n",
            "GET / HTTP/1\r\n\r\n",
            "GET / http/1.0\r\n\r\n",
            "G(T / HTTP/1.0\r\n\r\n",
            "GET a/b HTTP/1.0\r\n\r\n",
            "GET /%zz HTTP/1.0\r\n\r\n",
            "GET /%4 HTTP/1.0\r\n\r\n",
            "GET /?a=%4 HTTP/1.0\r\n\r\n",
            "GET /?%g0=1 HTTP/1.0\r\n\r\n",
            "GET /\x7f HTTP/1.0\r\n\r\n",
            "GET / HTTP/1.0\r\nNoColon\r\n\r\n",
            "GET / HTTP/1.0\r\nBad Name: x\r\n\r\n",
            "GET / HTTP/1.0\r\n: x\r\n\r\n",
            "GET / HTTP/1.0\r\nA: b\r\n folded\r\n\r\n",
            "GET / HTTP/1.0\rA: b\r\n\r\n",
            std::string("GET / HTTP/1.0\r\nA: \0\r\n\r\n", 23),
            "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03",
        };
        for (const auto& head : bad)
        {
            error.clear();
            NS_TEST_ASSERT_MSG_EQ(ParseHttpRequest(head, &error).has_value(),
                                  false,
                                  "malformed head accepted: " << head);
            NS_TEST_ASSERT_MSG_EQ(error.empty(), false, "no message for: " << head);
            NS_TEST_ASSERT_MSG_EQ(ParseHttpRequest(head, nullptr).has_value(),
                                  false,
                                  "null error pointer");
        }
    }
};

/**
 * \ingroup file-distribution-tests
 * Status heads and Content-Length.
 */
class HttpResponseParseTestCase : public TestCase
{
  public:
    HttpResponseParseTestCase()
        : TestCase("response heads and Content-Length parse exactly")
    {
    }

  private:
    void DoRun() override
    {
        std::string error;
        auto response = ParseHttpResponse("HTTP/1.0 404 Not Found Here\r\nContent-Length: "
                                          "1234\r\nCONTENT-TYPE: text/plain\r\n\r\n",
                                          &error);
        NS_TEST_ASSERT_MSG_EQ(response.has_value(), true, "valid: " << error);
        NS_TEST_ASSERT_MSG_EQ(response->status, 404, "status");
        NS_TEST_ASSERT_MSG_EQ(response->reason, "Not Found Here", "reason with spaces");
        NS_TEST_ASSERT_MSG_EQ(response->version, "HTTP/1.0", "version");
        NS_TEST_ASSERT_MSG_EQ(response->GetContentLength().value_or(0), 1234, "length");
        NS_TEST_ASSERT_MSG_EQ(response->GetHeader("content-type").value_or("?"),
                              "text/plain",
                              "lower-cased name");

        response = ParseHttpResponse("HTTP/1.1 200\r\n\r\n", &error);
        NS_TEST_ASSERT_MSG_EQ((response && response->status == 200 && response->reason.empty()),
                              true,
                              "empty reason");
        NS_TEST_ASSERT_MSG_EQ(response->GetContentLength().has_value(), false, "no length");

        const std::vector<std::pair<std::string, bool>> lengths{{"0", true},
                                                                {"18446744073709551615", true},
                                                                {"18446744073709551616", false},
                                                                {"-1", false},
                                                                {"12a", false},
                                                                {"", false},
                                                                {"1 2", false}};
        for (const auto& [value, valid] : lengths)
        {
            response = ParseHttpResponse("HTTP/1.0 200 OK\r\nContent-Length: " + value + "\r\n\r\n",
                                         &error);
            NS_TEST_ASSERT_MSG_EQ(response.has_value(), true, "head is valid");
            NS_TEST_ASSERT_MSG_EQ(response->GetContentLength().has_value(),
                                  valid,
                                  "Content-Length '" << value << "'");
        }
        NS_TEST_ASSERT_MSG_EQ(response->GetContentLength().has_value(), false, "last was bad");

        const std::vector<std::string> bad{"",
                                           "HTTP/1.0\r\n\r\n",
                                           "HTTP/1.0 20\r\n\r\n",
                                           "HTTP/1.0 2000 OK\r\n\r\n",
                                           "HTTP/1.0 099 X\r\n\r\n",
                                           "HTTP/1.0  200 OK\r\n\r\n",
                                           "HTTP/1.0 abc OK\r\n\r\n",
                                           "HTTP/x.0 200 OK\r\n\r\n",
                                           "GET / HTTP/1.0\r\n\r\n",
                                           "HTTP/1.0 200 OK\r\nbad\r\n\r\n"};
        for (const auto& head : bad)
        {
            error.clear();
            NS_TEST_ASSERT_MSG_EQ(ParseHttpResponse(head, &error).has_value(),
                                  false,
                                  "malformed head accepted: " << head);
            NS_TEST_ASSERT_MSG_EQ(error.empty(), false, "no message for: " << head);
        }
    }
};

/**
 * \ingroup file-distribution-tests
 * Formatted heads are exact and parse back.
 */
class HttpFormatTestCase : public TestCase
{
  public:
    HttpFormatTestCase()
        : TestCase("formatted heads are exact HTTP 1.0 and parse back")
    {
    }

  private:
    void DoRun() override
    {
        const std::string request =
            FormatHttpRequest("GET", "/f.bin?a=%20", {{"Host", "10.0.0.1"}, {"X", "y"}});
        NS_TEST_ASSERT_MSG_EQ(request,
                              "GET /f.bin?a=%20 HTTP/1.0\r\nHost: 10.0.0.1\r\nX: y\r\n\r\n",
                              "request bytes");
        auto parsed = ParseHttpRequest(request, nullptr);
        NS_TEST_ASSERT_MSG_EQ((parsed && parsed->GetQuery("a") == std::string(" ")),
                              true,
                              "request parses back");
        const std::string response = FormatHttpResponseHead(200, "OK", {{"Content-Length", "5"}});
        NS_TEST_ASSERT_MSG_EQ(response,
                              "HTTP/1.0 200 OK\r\nContent-Length: 5\r\n\r\n",
                              "response bytes");
        auto parsedResponse = ParseHttpResponse(response, nullptr);
        NS_TEST_ASSERT_MSG_EQ((parsedResponse && parsedResponse->GetContentLength() == 5u),
                              true,
                              "response parses back");
        NS_TEST_ASSERT_MSG_EQ(FormatHttpResponseHead(400, "Bad\r\nRequest", {{"A\n", "b\r\nC: d"}}),
                              "HTTP/1.0 400 BadRequest\r\nA: bC: d\r\n\r\n",
                              "no header injection");
    }
};

/**
 * \ingroup file-distribution-tests
 * Percent-encoding: exact output, round trip of every byte, malformed escapes refused.
 */
class PercentEncodingTestCase : public TestCase
{
  public:
    PercentEncodingTestCase()
        : TestCase("percent-encoding is RFC 3986 exact and round-trips every byte")
    {
    }

  private:
    void DoRun() override
    {
        NS_TEST_ASSERT_MSG_EQ(PercentEncode("aZ09-._~ /?+&=%"),
                              "aZ09-._~%20%2F%3F%2B%26%3D%25",
                              "unreserved kept, rest escaped in upper case");
        NS_TEST_ASSERT_MSG_EQ(PercentEncode(std::string("\x00\xff\x80", 3)), "%00%FF%80", "bytes");
        std::string all;
        for (int c = 0; c < 256; ++c)
        {
            all.push_back(static_cast<char>(c));
        }
        NS_TEST_ASSERT_MSG_EQ(PercentDecode(PercentEncode(all)).value_or(""), all, "round trip");
        NS_TEST_ASSERT_MSG_EQ(PercentEncode(all).size(), 66 + 190 * 3, "66 unreserved bytes");
        NS_TEST_ASSERT_MSG_EQ(PercentDecode("a+b%2b%2B%41").value_or("?"), "a+b++A", "decode");
        NS_TEST_ASSERT_MSG_EQ(PercentDecode("").value_or("?"), "", "empty");
        for (const std::string bad : {"%", "%4", "a%", "%G1", "%1G", "%%41", "% 41"})
        {
            NS_TEST_ASSERT_MSG_EQ(PercentDecode(bad).has_value(), false, "malformed: " << bad);
        }
    }
};

/**
 * \ingroup file-distribution-tests
 * The HTTP message test suite.
 */
class HttpMessageTestSuite : public TestSuite
{
  public:
    HttpMessageTestSuite()
        : TestSuite("file-distribution-http-message")
    {
        AddTestCase(new HttpHeadFramerSplitTestCase);
        AddTestCase(new HttpHeadFramerLimitTestCase);
        AddTestCase(new HttpRequestParseTestCase);
        AddTestCase(new HttpResponseParseTestCase);
        AddTestCase(new HttpFormatTestCase);
        AddTestCase(new PercentEncodingTestCase);
    }
};

/// The static instance that registers the suite.
static HttpMessageTestSuite g_httpMessageTestSuite;
