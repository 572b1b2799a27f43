// SPDX-License-Identifier: GPL-2.0-only

#include "ns3/quantity-parser.h"
#include "ns3/test.h"

#include <string>

/**
 * \file
 * \ingroup file-distribution-tests
 * Unit tests of ParseByteSize, ParseDataRate and ParseTime: exact values for every unit, and
 * an error message (never an abort) for every malformed input.
 */

using namespace ns3;

/**
 * \ingroup file-distribution-tests
 * Byte sizes: every unit, fractions, spaces, and the errors.
 */
class QuantityParserByteSizeTestCase : public TestCase
{
  public:
    QuantityParserByteSizeTestCase()
        : TestCase("byte sizes")
    {
    }

  private:
    void DoRun() override
    {
        const std::pair<const char*, uint64_t> good[] = {
            {"1000", 1000},
            {"1", 1},
            {"1000B", 1000},
            {"256kB", 256000},
            {"256KB", 256000},
            {"10MB", 10000000},
            {"1GB", 1000000000},
            {"2TB", 2000000000000ULL},
            {"512KiB", 512 * 1024},
            {"4MiB", 4 * 1024 * 1024},
            {"1GiB", 1024ULL * 1024 * 1024},
            {"1.5MB", 1500000},
            {"0.5KiB", 512},
            {" 10 MB ", 10000000},
            {"007", 7},
            {"5.", 5},
            {"0.001MB", 1000},
            {"18446744073709551615", 18446744073709551615ULL},
        };
        for (const auto& [text, expected] : good)
        {
            std::string error;
            auto value = ParseByteSize(text, &error);
            NS_TEST_ASSERT_MSG_EQ(value.has_value(), true, "'" << text << "': " << error);
            NS_TEST_ASSERT_MSG_EQ(*value, expected, "'" << text << "'");
            NS_TEST_ASSERT_MSG_EQ(error, "", "no message on success");
        }
        const std::pair<const char*, const char*> bad[] = {
            {"", "it does not start with a number"},
            {"MB", "it does not start with a number"},
            {".", "it does not start with a number"},
            {"-5MB", "negative values are not allowed"},
            {"+5", "it does not start with a number"},
            {"0", "it must be greater than zero"},
            {"0MB", "it must be greater than zero"},
            {"10XB", "unknown unit 'XB'"},
            {"10mb", "unknown unit 'mb'"},
            {"10 MB x", "unexpected text after the unit"},
            {"1.2.3", "unknown unit '.3'"},
            {"1e6", "unknown unit 'e6'"},
            {"0x10", "unknown unit 'x10'"},
            {"1.5", "not a whole number of bytes"},
            {"0.0001kB", "not a whole number of bytes"},
            {"18446744073709551616", "too large"},
            {"20000000TB", "too large"},
            {"1000000000000000000000000000", "the number has too many digits"},
        };
        for (const auto& [text, why] : bad)
        {
            std::string error;
            NS_TEST_ASSERT_MSG_EQ(ParseByteSize(text, &error).has_value(), false, text);
            NS_TEST_ASSERT_MSG_EQ(error.find(std::string("invalid byte size '") + text +
                                             "': " + why + "; expected a positive number of bytes"),
                                  0,
                                  "message for '" << text << "': " << error);
            NS_TEST_ASSERT_MSG_NE(error.find("10MB"), std::string::npos, "an example is given");
        }
        NS_TEST_ASSERT_MSG_EQ(ParseByteSize("bad", nullptr).has_value(), false, "null error ok");
    }
};

/**
 * \ingroup file-distribution-tests
 * Data rates: the units of ns3::DataRate, and the errors.
 */
class QuantityParserDataRateTestCase : public TestCase
{
  public:
    QuantityParserDataRateTestCase()
        : TestCase("data rates")
    {
    }

  private:
    void DoRun() override
    {
        const std::pair<const char*, uint64_t> good[] = {
            {"2Mbps", 2000000},
            {"500kbps", 500000},
            {"500Kbps", 500000},
            {"1Gb/s", 1000000000},
            {"1Gbps", 1000000000},
            {"128 kb/s", 128000},
            {"8Kib/s", 8192},
            {"1kB/s", 8000},
            {"1KBps", 8000},
            {"1MB/s", 8000000},
            {"1MiB/s", 8388608},
            {"1Mib/s", 1048576},
            {"1GiB/s", 8589934592ULL},
            {"100", 100},
            {"100bps", 100},
            {"100b/s", 100},
            {"3Bps", 24},
            {"1.5Mbps", 1500000},
            {"0.3Mbps", 300000},
            {"2GBps", 16000000000ULL},
        };
        for (const auto& [text, expected] : good)
        {
            std::string error;
            auto rate = ParseDataRate(text, &error);
            NS_TEST_ASSERT_MSG_EQ(rate.has_value(), true, "'" << text << "': " << error);
            NS_TEST_ASSERT_MSG_EQ(rate->GetBitRate(), expected, "'" << text << "'");
        }
        // Agrees with ns-3's own parser on what both accept.
        for (const char* text : {"2Mbps", "8Kib/s", "1kB/s", "1GiB/s", "100bps"})
        {
            NS_TEST_ASSERT_MSG_EQ(ParseDataRate(text, nullptr)->GetBitRate(),
                                  DataRate(text).GetBitRate(),
                                  text);
        }
        const std::pair<const char*, const char*> bad[] = {
            {"", "it does not start with a number"},
            {"fast", "it does not start with a number"},
            {"-2Mbps", "negative values are not allowed"},
            {"0Mbps", "it must be greater than zero"},
            {"2 Mbit/s", "unknown unit 'Mbit/s'"},
            {"2mbps", "unknown unit 'mbps'"},
            {"2MB", "unknown unit 'MB'"},
            {"0.5bps", "not a whole number of bit/s"},
            {"100000000000Gbps", "too large"},
        };
        for (const auto& [text, why] : bad)
        {
            std::string error;
            NS_TEST_ASSERT_MSG_EQ(ParseDataRate(text, &error).has_value(), false, text);
            NS_TEST_ASSERT_MSG_EQ(error.find(std::string("invalid data rate '") + text +
                                             "': " + why + "; expected a positive rate"),
                                  0,
                                  "message for '" << text << "': " << error);
        }
    }
};

/**
 * \ingroup file-distribution-tests
 * Times: the units, zero allowed, and the errors.
 */
class QuantityParserTimeTestCase : public TestCase
{
  public:
    QuantityParserTimeTestCase()
        : TestCase("times")
    {
    }

  private:
    void DoRun() override
    {
        const std::pair<const char*, int64_t> good[] = {
            {"10ms", 10000000},
            {"2s", 2000000000},
            {"2", 2000000000},
            {"0", 0},
            {"0ms", 0},
            {"1.5min", 90000000000},
            {"1h", 3600000000000},
            {"1d", 86400000000000},
            {"250us", 250000},
            {"7ns", 7},
            {"0.000001s", 1000},
            {" 5 ms", 5000000},
        };
        for (const auto& [text, expected] : good)
        {
            std::string error;
            auto time = ParseTime(text, &error);
            NS_TEST_ASSERT_MSG_EQ(time.has_value(), true, "'" << text << "': " << error);
            NS_TEST_ASSERT_MSG_EQ(time->GetNanoSeconds(), expected, "'" << text << "'");
        }
        const std::pair<const char*, const char*> bad[] = {
            {"", "it does not start with a number"},
            {"soon", "it does not start with a number"},
            {"-1s", "negative values are not allowed"},
            {"10 sec", "unknown unit 'sec'"},
            {"10S", "unknown unit 'S'"},
            {"0.5ns", "not a whole number of nanoseconds"},
            {"300y", "unknown unit 'y'"},
            {"1000000000000d", "too large"},
        };
        for (const auto& [text, why] : bad)
        {
            std::string error;
            NS_TEST_ASSERT_MSG_EQ(ParseTime(text, &error).has_value(), false, text);
            NS_TEST_ASSERT_MSG_EQ(error.find(std::string("invalid time '") + text + "': " + why +
                                             "; expected a non-negative number with a unit"),
                                  0,
                                  "message for '" << text << "': " << error);
        }
    }
};

/**
 * \ingroup file-distribution-tests
 * The quantity parser test suite.
 */
class QuantityParserTestSuite : public TestSuite
{
  public:
    QuantityParserTestSuite()
        : TestSuite("file-distribution-quantity-parser")
    {
        AddTestCase(new QuantityParserByteSizeTestCase);
        AddTestCase(new QuantityParserDataRateTestCase);
        AddTestCase(new QuantityParserTimeTestCase);
    }
};

static QuantityParserTestSuite g_quantityParserTestSuite; //!< the suite's instance
