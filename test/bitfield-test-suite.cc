// SPDX-License-Identifier: GPL-2.0-only

#include "ns3/bitfield.h"
#include "ns3/test.h"

#include <cstdint>
#include <vector>

/**
 * \file
 * \ingroup file-distribution-tests
 * Unit tests of Bitfield: BEP 3 bit order, strict parsing, word-wise queries.
 */

using namespace ns3;

/**
 * \ingroup file-distribution-tests
 * Wire form: the high bit of byte 0 is piece 0; spare bits and sizes are checked.
 */
class BitfieldWireTestCase : public TestCase
{
  public:
    BitfieldWireTestCase()
        : TestCase("BEP 3 bit order, strict sizes and spare bits")
    {
    }

  private:
    void DoRun() override
    {
        Bitfield bf(10);
        bf.Set(0);
        bf.Set(7);
        bf.Set(9);
        const std::vector<uint8_t> expected{0x81, 0x40};
        NS_TEST_ASSERT_MSG_EQ((bf.ToBytes() == expected), true, "pieces 0, 7, 9 -> 81 40");
        NS_TEST_ASSERT_MSG_EQ(bf.Count(), 3, "three set");

        auto parsed = Bitfield::FromBytes({0x81, 0x40}, 10);
        NS_TEST_ASSERT_MSG_EQ(parsed.has_value(), true, "valid bitfield");
        NS_TEST_ASSERT_MSG_EQ((*parsed == bf), true, "round trip");
        NS_TEST_ASSERT_MSG_EQ(parsed->Count(), 3, "count after parsing");
        NS_TEST_ASSERT_MSG_EQ(Bitfield::FromBytes({0x81, 0x60}, 10).has_value(),
                              false,
                              "spare bit 10 set");
        NS_TEST_ASSERT_MSG_EQ(Bitfield::FromBytes({0x81}, 10).has_value(), false, "too short");
        NS_TEST_ASSERT_MSG_EQ(Bitfield::FromBytes({0x81, 0, 0}, 10).has_value(), false, "too long");
        NS_TEST_ASSERT_MSG_EQ(Bitfield::FromBytes({}, 0).has_value(), true, "empty torrent");
        NS_TEST_ASSERT_MSG_EQ(Bitfield::FromBytes({0xFF}, 8)->IsAllSet(), true, "8 of 8");

        // Every single bit of a 200-piece field lands at the right place and back.
        for (uint32_t i = 0; i < 200; ++i)
        {
            Bitfield one(200);
            one.Set(i);
            const auto bytes = one.ToBytes();
            NS_TEST_ASSERT_MSG_EQ(bytes.size(), 25, "ceil(200/8)");
            NS_TEST_ASSERT_MSG_EQ(static_cast<int>(bytes[i / 8]),
                                  (0x80 >> (i % 8)),
                                  "bit of piece " << i);
            auto back = Bitfield::FromBytes(bytes, 200);
            NS_TEST_ASSERT_MSG_EQ((back && *back == one), true, "round trip of piece " << i);
        }
    }
};

/**
 * \ingroup file-distribution-tests
 * Set/Clear/Count, out-of-range indices, and the word-wise queries.
 */
class BitfieldQueryTestCase : public TestCase
{
  public:
    BitfieldQueryTestCase()
        : TestCase("count, bounds, HasPieceMissingFrom and FindPieceMissingFrom")
    {
    }

  private:
    void DoRun() override
    {
        Bitfield bf(130);
        NS_TEST_ASSERT_MSG_EQ(bf.IsNoneSet(), true, "new is empty");
        bf.Set(129);
        bf.Set(129);
        bf.Set(130); // out of range: ignored
        bf.Set(5000);
        NS_TEST_ASSERT_MSG_EQ(bf.Count(), 1, "double set and out of range do not count");
        NS_TEST_ASSERT_MSG_EQ(bf.Test(130), false, "out of range reads as clear");
        bf.Clear(3);
        NS_TEST_ASSERT_MSG_EQ(bf.Count(), 1, "clearing a clear bit");
        bf.Clear(129);
        NS_TEST_ASSERT_MSG_EQ(bf.IsNoneSet(), true, "cleared");
        bf.SetAll();
        NS_TEST_ASSERT_MSG_EQ(bf.Count(), 130, "SetAll");
        NS_TEST_ASSERT_MSG_EQ(bf.IsAllSet(), true, "all set");
        NS_TEST_ASSERT_MSG_EQ(static_cast<int>(bf.ToBytes().back()), 0xC0, "spare bits zero");

        Bitfield mine(130);
        Bitfield theirs(130);
        NS_TEST_ASSERT_MSG_EQ(theirs.HasPieceMissingFrom(mine), false, "nothing to offer");
        theirs.Set(100);
        NS_TEST_ASSERT_MSG_EQ(theirs.HasPieceMissingFrom(mine), true, "piece 100 in word 1");
        mine.Set(100);
        NS_TEST_ASSERT_MSG_EQ(theirs.HasPieceMissingFrom(mine), false, "now we have it");
        theirs.Set(129);
        theirs.Set(2);
        NS_TEST_ASSERT_MSG_EQ(theirs.FindPieceMissingFrom(mine, 0).value_or(999),
                              2,
                              "first from 0");
        NS_TEST_ASSERT_MSG_EQ(theirs.FindPieceMissingFrom(mine, 3).value_or(999),
                              129,
                              "skips 100 which we have");
        NS_TEST_ASSERT_MSG_EQ(theirs.FindPieceMissingFrom(mine, 129).value_or(999),
                              129,
                              "start is inclusive");
        mine.Set(129);
        NS_TEST_ASSERT_MSG_EQ(theirs.FindPieceMissingFrom(mine, 3).value_or(999),
                              2,
                              "wraps around");
        mine.Set(2);
        NS_TEST_ASSERT_MSG_EQ(theirs.FindPieceMissingFrom(mine, 77).has_value(),
                              false,
                              "none left");
        NS_TEST_ASSERT_MSG_EQ(Bitfield().FindPieceMissingFrom(mine, 0).has_value(),
                              false,
                              "empty field");

        std::vector<uint32_t> seen;
        theirs.ForEachSet([&seen](uint32_t i) { seen.push_back(i); });
        NS_TEST_ASSERT_MSG_EQ((seen == std::vector<uint32_t>{2, 100, 129}), true, "ForEachSet");
    }
};

/**
 * \ingroup file-distribution-tests
 * The bitfield test suite.
 */
class BitfieldTestSuite : public TestSuite
{
  public:
    BitfieldTestSuite()
        : TestSuite("file-distribution-bitfield")
    {
        AddTestCase(new BitfieldWireTestCase);
        AddTestCase(new BitfieldQueryTestCase);
    }
};

/// The static instance that registers the suite.
static BitfieldTestSuite g_bitfieldTestSuite;
