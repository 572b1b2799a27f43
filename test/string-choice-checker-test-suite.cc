// SPDX-License-Identifier: GPL-2.0-only

#include "ns3/bittorrent-peer.h"
#include "ns3/config.h"
#include "ns3/string-choice-checker.h"
#include "ns3/string.h"
#include "ns3/test.h"
#include "ns3/uinteger.h"

/**
 * \file
 * \ingroup file-distribution-tests
 * Unit tests of MakeStringChoiceChecker, alone and on BitTorrentPeer::SeedChokingMode.
 */

using namespace ns3;

/**
 * \ingroup file-distribution-tests
 * Only the listed words pass; ns-3 refuses the others where they are given.
 */
class StringChoiceCheckerTestCase : public TestCase
{
  public:
    StringChoiceCheckerTestCase()
        : TestCase("only the listed words are accepted, by the checker and by Config")
    {
    }

  private:
    void DoRun() override
    {
        const auto checker = MakeStringChoiceChecker({"red", "green"});
        NS_TEST_ASSERT_MSG_EQ(checker->Check(StringValue("red")), true, "listed");
        NS_TEST_ASSERT_MSG_EQ(checker->Check(StringValue("green")), true, "listed");
        NS_TEST_ASSERT_MSG_EQ(checker->Check(StringValue("Red")), false, "case matters");
        NS_TEST_ASSERT_MSG_EQ(checker->Check(StringValue("")), false, "empty");
        NS_TEST_ASSERT_MSG_EQ(checker->Check(UintegerValue(1)), false, "not a string");
        NS_TEST_ASSERT_MSG_EQ(checker->GetUnderlyingTypeInformation(), "red|green", "listing");
        NS_TEST_ASSERT_MSG_EQ(checker->CreateValidValue(StringValue("blue")),
                              nullptr,
                              "what Config and the command line use");
        StringValue copy;
        NS_TEST_ASSERT_MSG_EQ(checker->Copy(StringValue("green"), copy), true, "copy");
        NS_TEST_ASSERT_MSG_EQ(copy.Get(), "green", "copied");

        // A typo in the seed's choking mode is refused instead of silently ignored.
        const std::string mode = "ns3::BitTorrentPeer::SeedChokingMode";
        NS_TEST_ASSERT_MSG_EQ(Config::SetDefaultFailSafe(mode, StringValue("anti-leach")),
                              false,
                              "typo");
        Ptr<BitTorrentPeer> peer = CreateObject<BitTorrentPeer>();
        NS_TEST_ASSERT_MSG_EQ(peer->SetAttributeFailSafe("SeedChokingMode", StringValue("x")),
                              false,
                              "refused");
        for (const std::string value : {"round-robin", "anti-leech", "fastest-upload"})
        {
            NS_TEST_ASSERT_MSG_EQ(peer->SetAttributeFailSafe("SeedChokingMode", StringValue(value)),
                                  true,
                                  value);
            StringValue got;
            peer->GetAttribute("SeedChokingMode", got);
            NS_TEST_ASSERT_MSG_EQ(got.Get(), value, "read back");
        }
    }
};

/**
 * \ingroup file-distribution-tests
 * The string choice checker test suite.
 */
class StringChoiceCheckerTestSuite : public TestSuite
{
  public:
    StringChoiceCheckerTestSuite()
        : TestSuite("file-distribution-string-choice-checker")
    {
        AddTestCase(new StringChoiceCheckerTestCase);
    }
};

static StringChoiceCheckerTestSuite g_stringChoiceCheckerTestSuite; //!< the suite's instance
