// SPDX-License-Identifier: GPL-2.0-only

#include "ns3/bencode.h"
#include "ns3/test.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

/**
 * \file
 * \ingroup file-distribution-tests
 * Unit tests of Bencode: BEP 3's examples, every malformed form, truncation, limits, spans.
 */

using namespace ns3;

/**
 * \ingroup file-distribution-tests
 * BEP 3's examples decode to the expected values and encode back to the same bytes.
 */
class BencodeExamplesTestCase : public TestCase
{
  public:
    BencodeExamplesTestCase()
        : TestCase("BEP 3 examples decode and re-encode exactly")
    {
    }

  private:
    void DoRun() override
    {
        const std::vector<std::pair<std::string, BencodeValue>> examples{
            {"4:spam", BencodeValue("spam")},
            {"0:", BencodeValue("")},
            {"i3e", BencodeValue(3)},
            {"i-3e", BencodeValue(-3)},
            {"i0e", BencodeValue(0)},
            {"i9223372036854775807e", BencodeValue(INT64_MAX)},
            {"i-9223372036854775808e", BencodeValue(INT64_MIN)},
            {"le", BencodeValue(BencodeList{})},
            {"de", BencodeValue(BencodeDictionary{})},
            {"l4:spam4:eggse", BencodeValue(BencodeList{"spam", "eggs"})},
            {"d3:cow3:moo4:spam4:eggse",
             BencodeValue(BencodeDictionary{{"cow", "moo"}, {"spam", "eggs"}})},
            {"d4:spaml1:a1:bee",
             BencodeValue(BencodeDictionary{{"spam", BencodeValue(BencodeList{"a", "b"})}})},
            {"d9:publisher3:bob17:publisher-webpage15:www.example.com18:publisher.location4:homee",
             BencodeValue(BencodeDictionary{{"publisher", "bob"},
                                            {"publisher-webpage", "www.example.com"},
                                            {"publisher.location", "home"}})},
            {std::string("3:\0\xff:", 5), BencodeValue(std::string("\0\xff:", 3))},
            {"lli1eei2ed1:ai3eee",
             BencodeValue(BencodeList{BencodeValue(BencodeList{1}),
                                      2,
                                      BencodeValue(BencodeDictionary{{"a", 3}})})},
        };
        for (const auto& [bytes, expected] : examples)
        {
            BencodeError error;
            const auto value = BencodeDecode(bytes, &error);
            NS_TEST_ASSERT_MSG_EQ(value.has_value(), true, bytes << ": " << error.message);
            NS_TEST_ASSERT_MSG_EQ((*value == expected), true, "value of " << bytes);
            NS_TEST_ASSERT_MSG_EQ(value->Encode(), bytes, "re-encoding of " << bytes);
            NS_TEST_ASSERT_MSG_EQ(expected.Encode(), bytes, "encoding of the expected value");
        }

        // Accessors return null/nothing for the wrong type, never assert.
        const auto dict = BencodeDecode("d3:cow3:moo1:ni7ee", nullptr);
        NS_TEST_ASSERT_MSG_EQ(dict.has_value(), true, "valid");
        NS_TEST_ASSERT_MSG_EQ((dict->GetType() == BencodeValue::Type::DICTIONARY), true, "type");
        NS_TEST_ASSERT_MSG_EQ(*dict->Find("cow")->GetString(), "moo", "Find string");
        NS_TEST_ASSERT_MSG_EQ(dict->Find("n")->GetInteger().value_or(0), 7, "Find integer");
        NS_TEST_ASSERT_MSG_EQ(dict->Find("n")->GetString(), nullptr, "integer is no string");
        NS_TEST_ASSERT_MSG_EQ(dict->Find("cow")->GetInteger().has_value(), false, "no integer");
        NS_TEST_ASSERT_MSG_EQ(dict->Find("cow")->Find("x"), nullptr, "string has no keys");
        NS_TEST_ASSERT_MSG_EQ(dict->Find("dog"), nullptr, "absent key");
        NS_TEST_ASSERT_MSG_EQ(dict->GetList(), nullptr, "dictionary is no list");
        NS_TEST_ASSERT_MSG_EQ(BencodeValue().Encode(), "i0e", "default value");

        // Keys sort as unsigned bytes when encoding.
        const BencodeValue keys(BencodeDictionary{{"\xff", 1}, {"b", 2}, {"a", 3}, {"", 4}});
        NS_TEST_ASSERT_MSG_EQ(keys.Encode(), "d0:i4e1:ai3e1:bi2e1:\xffi1ee", "raw byte order");
        NS_TEST_ASSERT_MSG_EQ(BencodeDecode(keys.Encode(), nullptr).has_value(), true, "decodes");
    }
};

/**
 * \ingroup file-distribution-tests
 * Every malformed form is refused, with the position of the offending byte.
 */
class BencodeMalformedTestCase : public TestCase
{
  public:
    BencodeMalformedTestCase()
        : TestCase("malformed input is refused at the right position")
    {
    }

  private:
    void DoRun() override
    {
        const std::vector<std::pair<std::string, std::size_t>> cases{
            {"", 0},
            {"x", 0},
            {"e", 0},
            {"ie", 1},
            {"i-e", 2},
            {"i-0e", 1},
            {"i03e", 1},
            {"i-03e", 2},
            {"i00e", 1},
            {"i1.5e", 2},
            {"i+1e", 1},
            {"i 1e", 1},
            {"i1", 2},
            {"i9223372036854775808e", 1},
            {"i-9223372036854775809e", 2},
            {"i99999999999999999999999e", 1},
            {"03:abc", 0},
            {"3abc", 1},
            {"-1:a", 0},
            {"5:abc", 5},
            {"99999999999999999999999:a", 0},
            {"4:spamx", 6},
            {"i1ei2e", 3},
            {"l", 1},
            {"li1e", 4},
            {"lxe", 1},
            {"d", 1},
            {"di1ei2ee", 1},
            {"dl1:ae1:be", 1},
            {"d1:ae", 4},
            {"d1:a", 4},
            {"d1:b1:x1:a1:ye", 7},
            {"d1:a1:x1:a1:ye", 7},
            {"d2:ab1:x1:a1:ye", 8},
            {"d0:1:x0:1:ye", 6},
            {"d1:ai1e1:bi03ee", 11},
            {"ld1:b0:1:a0:ee", 7},
        };
        for (const auto& [bytes, position] : cases)
        {
            BencodeError error;
            NS_TEST_ASSERT_MSG_EQ(BencodeDecode(bytes, &error).has_value(),
                                  false,
                                  "accepted: " << bytes);
            NS_TEST_ASSERT_MSG_EQ(error.position, position, bytes << ": " << error.message);
            NS_TEST_ASSERT_MSG_EQ(error.message.empty(), false, "message for " << bytes);
            NS_TEST_ASSERT_MSG_EQ(BencodeDecode(bytes, nullptr).has_value(), false, "null error");
        }
        BencodeError error;
        BencodeDecode("d1:b1:x1:a1:ye", &error);
        NS_TEST_ASSERT_MSG_EQ(error.message, "dictionary keys not in sorted order", "message");
        BencodeDecode("d1:a1:x1:a1:ye", &error);
        NS_TEST_ASSERT_MSG_EQ(error.message, "duplicate dictionary key", "message");
        BencodeDecode("i-0e", &error);
        NS_TEST_ASSERT_MSG_EQ(error.message, "negative zero", "message");
    }
};

/**
 * \ingroup file-distribution-tests
 * Every strict prefix of a valid encoding is refused, and so is every one-byte corruption
 * that breaks it, without reading past the buffer.
 */
class BencodeTruncationTestCase : public TestCase
{
  public:
    BencodeTruncationTestCase()
        : TestCase("truncation at every position is refused")
    {
    }

  private:
    void DoRun() override
    {
        const std::string valid = "d8:announce15:http://x:2710/a4:infod6:lengthi1048576e4:name5:"
                                  "a.bin12:piece lengthi262144e6:pieces20:aaaaaaaaaaaaaaaaaaaa"
                                  "e4:listli-1el0:deeee";
        BencodeError error;
        NS_TEST_ASSERT_MSG_EQ(BencodeDecode(valid, &error).has_value(), true, error.message);
        for (std::size_t n = 0; n < valid.size(); ++n)
        {
            const std::string prefix = valid.substr(0, n);
            error = BencodeError();
            NS_TEST_ASSERT_MSG_EQ(BencodeDecode(prefix, &error).has_value(),
                                  false,
                                  "prefix of " << n << " bytes accepted");
            NS_TEST_ASSERT_MSG_EQ((error.position <= n), true, "position within the input");
            // A copy without a terminating NUL in reach: the decoder must stop at size().
            const std::vector<char> exact(prefix.begin(), prefix.end());
            NS_TEST_ASSERT_MSG_EQ(
                BencodeDecode(std::string(exact.data(), exact.size()), nullptr).has_value(),
                false,
                "exact-size prefix");
        }
        // Every single-byte substitution either fails cleanly or decodes to a value that
        // re-encodes to the same bytes (the encoding is canonical).
        for (std::size_t i = 0; i < valid.size(); ++i)
        {
            for (int c : {0,
                          int{'0'},
                          int{'9'},
                          int{'e'},
                          int{'i'},
                          int{'l'},
                          int{'d'},
                          int{':'},
                          int{'-'},
                          0xff})
            {
                std::string bytes = valid;
                bytes[i] = static_cast<char>(c);
                const auto value = BencodeDecode(bytes, nullptr);
                if (value)
                {
                    NS_TEST_ASSERT_MSG_EQ(value->Encode(), bytes, "canonical at " << i);
                }
            }
        }
    }
};

/**
 * \ingroup file-distribution-tests
 * Depth, element count and string length limits.
 */
class BencodeLimitsTestCase : public TestCase
{
  public:
    BencodeLimitsTestCase()
        : TestCase("depth, element and string limits hold")
    {
    }

  private:
    void DoRun() override
    {
        BencodeError error;
        const std::string deep64 = std::string(64, 'l') + std::string(64, 'e');
        NS_TEST_ASSERT_MSG_EQ(BencodeDecode(deep64, &error).has_value(), true, "64 levels ok");
        const std::string deep65 = std::string(65, 'l') + std::string(65, 'e');
        NS_TEST_ASSERT_MSG_EQ(BencodeDecode(deep65, &error).has_value(), false, "65 refused");
        NS_TEST_ASSERT_MSG_EQ(error.position, 64, "at the 65th 'l'");
        // A hostile input far deeper than the limit fails without deep recursion.
        const std::string deep = std::string(1000000, 'l');
        NS_TEST_ASSERT_MSG_EQ(BencodeDecode(deep, &error).has_value(), false, "very deep");
        NS_TEST_ASSERT_MSG_EQ(error.position, 64, "stops at the limit");
        std::string mixed;
        for (int i = 0; i < 40; ++i)
        {
            mixed += "d1:a";
            mixed += "l";
        }
        NS_TEST_ASSERT_MSG_EQ(BencodeDecode(mixed, &error).has_value(), false, "mixed nesting");
        NS_TEST_ASSERT_MSG_EQ(error.position, 32 * 5, "dictionaries count as levels too");

        BencodeLimits limits;
        limits.maxDepth = 2;
        NS_TEST_ASSERT_MSG_EQ(BencodeDecode("llee", nullptr, limits).has_value(), true, "2");
        NS_TEST_ASSERT_MSG_EQ(BencodeDecode("llleee", nullptr, limits).has_value(), false, "3");

        limits = BencodeLimits();
        limits.maxElements = 4; // the list and three items, or a dict, a key and a value...
        NS_TEST_ASSERT_MSG_EQ(BencodeDecode("li1ei2ei3ee", nullptr, limits).has_value(),
                              true,
                              "4 values");
        NS_TEST_ASSERT_MSG_EQ(BencodeDecode("li1ei2ei3ei4ee", &error, limits).has_value(),
                              false,
                              "5 values");
        NS_TEST_ASSERT_MSG_EQ(error.position, 10, "at the fifth value");
        NS_TEST_ASSERT_MSG_EQ(BencodeDecode("d1:ai1e1:bi2ee", &error, limits).has_value(),
                              false,
                              "keys count as values");

        limits = BencodeLimits();
        limits.maxStringLength = 3;
        NS_TEST_ASSERT_MSG_EQ(BencodeDecode("3:abc", nullptr, limits).has_value(), true, "3");
        NS_TEST_ASSERT_MSG_EQ(BencodeDecode("4:abcd", &error, limits).has_value(), false, "4");
        NS_TEST_ASSERT_MSG_EQ(error.position, 0, "at the length");
    }
};

/**
 * \ingroup file-distribution-tests
 * The span of a top-level key's value is its exact bytes in the input.
 */
class BencodeSpanTestCase : public TestCase
{
  public:
    BencodeSpanTestCase()
        : TestCase("the span of a key's value is exact")
    {
    }

  private:
    void DoRun() override
    {
        // Keys before and after "info", and a nested dictionary inside it.
        const std::string bytes = "d1:ai1e4:infod1:xli1ei2ee1:y0:e1:zi-5ee";
        BencodeError error;
        // The text of the span for \p key, or "?" when there is none.
        auto spanText = [&bytes](const std::string& key) {
            const auto span = BencodeFindValueSpan(bytes, key, nullptr);
            return span ? bytes.substr(span->first, span->second) : std::string("?");
        };
        NS_TEST_ASSERT_MSG_EQ(spanText("info"), "d1:xli1ei2ee1:y0:e", "info span");
        NS_TEST_ASSERT_MSG_EQ(spanText("z"), "i-5e", "last key");
        NS_TEST_ASSERT_MSG_EQ(spanText("a"), "i1e", "first key");
        NS_TEST_ASSERT_MSG_EQ(
            BencodeFindValueSpan(bytes, "a", nullptr).value_or(std::make_pair(0, 0)).first,
            4,
            "offset");
        NS_TEST_ASSERT_MSG_EQ(BencodeFindValueSpan(bytes, "x", &error).has_value(),
                              false,
                              "nested keys are not top-level");
        NS_TEST_ASSERT_MSG_EQ(error.message, "key not found: x", "message");
        NS_TEST_ASSERT_MSG_EQ(BencodeFindValueSpan("li1ee", "a", &error).has_value(),
                              false,
                              "not a dictionary");
        NS_TEST_ASSERT_MSG_EQ(BencodeFindValueSpan("d4:infode", "info", &error).has_value(),
                              false,
                              "malformed input yields no span");
        NS_TEST_ASSERT_MSG_EQ(error.position, 9, "truncated");
        NS_TEST_ASSERT_MSG_EQ(BencodeFindValueSpan("", "info", &error).has_value(), false, "");
    }
};

/**
 * \ingroup file-distribution-tests
 * The bencode test suite.
 */
class BencodeTestSuite : public TestSuite
{
  public:
    BencodeTestSuite()
        : TestSuite("file-distribution-bencode")
    {
        AddTestCase(new BencodeExamplesTestCase);
        AddTestCase(new BencodeMalformedTestCase);
        AddTestCase(new BencodeTruncationTestCase);
        AddTestCase(new BencodeLimitsTestCase);
        AddTestCase(new BencodeSpanTestCase);
    }
};

/// The static instance that registers the suite.
static BencodeTestSuite g_bencodeTestSuite;
