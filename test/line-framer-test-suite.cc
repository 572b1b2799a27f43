// SPDX-License-Identifier: GPL-2.0-only

#include "ns3/line-framer.h"
#include "ns3/test.h"

#include <string>
#include <vector>

/**
 * \file
 * \ingroup file-distribution-tests
 * Unit tests of LineFramer: lines come out whole whatever way the stream is cut.
 */

using namespace ns3;

namespace
{

/// Feeds \p stream to a framer in chunks of \p chunk bytes and collects every line.
std::vector<std::string>
FrameInChunks(const std::string& stream, std::size_t chunk)
{
    LineFramer framer;
    std::vector<std::string> lines;
    for (std::size_t pos = 0; pos < stream.size(); pos += chunk)
    {
        const std::size_t n = std::min(chunk, stream.size() - pos);
        framer.Append(reinterpret_cast<const uint8_t*>(stream.data() + pos), n);
        while (auto line = framer.Next())
        {
            lines.push_back(*line);
        }
    }
    return lines;
}

} // namespace

/**
 * \ingroup file-distribution-tests
 * Every split of a stream, at every byte and in every chunk size, yields the same lines.
 */
class LineFramerSplitTestCase : public TestCase
{
  public:
    LineFramerSplitTestCase()
        : TestCase("lines survive every split of the stream")
    {
    }

  private:
    void DoRun() override
    {
        const std::string stream = "hello\nworld\r\n\nthree lines and a half\npartial";
        const std::vector<std::string> expected{"hello", "world", "", "three lines and a half"};
        for (std::size_t chunk = 1; chunk <= stream.size(); ++chunk)
        {
            NS_TEST_ASSERT_MSG_EQ((FrameInChunks(stream, chunk) == expected),
                                  true,
                                  "wrong lines with chunks of " << chunk << " bytes");
        }
        // Two cuts at every pair of positions.
        for (std::size_t a = 0; a <= stream.size(); ++a)
        {
            for (std::size_t b = a; b <= stream.size(); ++b)
            {
                LineFramer framer;
                std::vector<std::string> lines;
                for (auto [from, to] : {std::pair{std::size_t{0}, a}, {a, b}, {b, stream.size()}})
                {
                    framer.Append(reinterpret_cast<const uint8_t*>(stream.data() + from),
                                  to - from);
                    while (auto line = framer.Next())
                    {
                        lines.push_back(*line);
                    }
                }
                NS_TEST_ASSERT_MSG_EQ((lines == expected), true, "cuts at " << a << "," << b);
                NS_TEST_ASSERT_MSG_EQ(framer.GetPendingBytes(), 7, "'partial' stays buffered");
            }
        }
    }
};

/**
 * \ingroup file-distribution-tests
 * A line over the maximum length is an error, not unbounded buffering.
 */
class LineFramerOverflowTestCase : public TestCase
{
  public:
    LineFramerOverflowTestCase()
        : TestCase("a line over the maximum length is an error")
    {
    }

  private:
    void DoRun() override
    {
        LineFramer framer(8);
        const std::string ok = "12345678\n";
        framer.Append(reinterpret_cast<const uint8_t*>(ok.data()), ok.size());
        NS_TEST_ASSERT_MSG_EQ(framer.Next().value_or("?"), "12345678", "8 bytes are allowed");
        const std::string tooLong = "123456789";
        framer.Append(reinterpret_cast<const uint8_t*>(tooLong.data()), tooLong.size());
        NS_TEST_ASSERT_MSG_EQ(framer.Next().has_value(), false, "no line yet");
        NS_TEST_ASSERT_MSG_EQ(framer.HasError(), true, "9 bytes without newline overflow");
        framer.Append(reinterpret_cast<const uint8_t*>("\n"), 1);
        NS_TEST_ASSERT_MSG_EQ(framer.Next().has_value(), false, "the error is final");

        // A fuzzing finding (doc/fuzzing.rst): a maximum-length line whose "\r\n" is cut
        // between the two bytes is still a line, as it is when the stream is not cut there.
        LineFramer cut(8);
        const std::string head = "12345678\r";
        cut.Append(reinterpret_cast<const uint8_t*>(head.data()), head.size());
        NS_TEST_ASSERT_MSG_EQ(cut.Next().has_value(), false, "no line yet");
        NS_TEST_ASSERT_MSG_EQ(cut.HasError(), false, "8 bytes and a '\\r' may still be a line");
        cut.Append(reinterpret_cast<const uint8_t*>("\n"), 1);
        NS_TEST_ASSERT_MSG_EQ(cut.Next().value_or("?"), "12345678", "the line, without \\r");
        LineFramer notCr(8);
        const std::string nine = "12345678\rx";
        notCr.Append(reinterpret_cast<const uint8_t*>(nine.data()), 9);
        NS_TEST_ASSERT_MSG_EQ(notCr.Next().has_value(), false, "no line yet");
        notCr.Append(reinterpret_cast<const uint8_t*>(nine.data()) + 9, 1);
        NS_TEST_ASSERT_MSG_EQ(notCr.Next().has_value(), false, "no line");
        NS_TEST_ASSERT_MSG_EQ(notCr.HasError(), true, "a byte after the '\\r' overflows");
    }
};

/**
 * \ingroup file-distribution-tests
 * The line framer test suite.
 */
class LineFramerTestSuite : public TestSuite
{
  public:
    LineFramerTestSuite()
        : TestSuite("file-distribution-line-framer")
    {
        AddTestCase(new LineFramerSplitTestCase);
        AddTestCase(new LineFramerOverflowTestCase);
    }
};

/// The static instance that registers the suite.
static LineFramerTestSuite g_lineFramerTestSuite;
