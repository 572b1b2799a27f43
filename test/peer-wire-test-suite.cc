// SPDX-License-Identifier: GPL-2.0-only

#include "ns3/peer-wire-framer.h"
#include "ns3/peer-wire-message.h"
#include "ns3/test.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

/**
 * \file
 * \ingroup file-distribution-tests
 * Unit tests of PeerWireCodec and PeerWireFramer: exact BEP 3 bytes, messages that come out
 * whole whatever way TCP cuts the stream, and a distinct error for every malformed message.
 */

using namespace ns3;

namespace
{

using Bytes = std::vector<uint8_t>;

/// Appends \p more to \p out.
void
Append(Bytes& out, const Bytes& more)
{
    out.insert(out.end(), more.begin(), more.end());
}

/// A recognisable 20-byte value.
std::array<uint8_t, 20>
Hash20(uint8_t seed)
{
    std::array<uint8_t, 20> h{};
    for (std::size_t i = 0; i < h.size(); ++i)
    {
        h[i] = static_cast<uint8_t>(seed + 7 * i);
    }
    return h;
}

/// The test torrent: 10 pieces of 64 bytes, the last one 20 bytes; blocks of up to 32.
PeerWireLimits
TestLimits()
{
    PeerWireLimits limits;
    limits.pieceCount = 10;
    limits.pieceLength = 64;
    limits.totalLength = 9 * 64 + 20;
    limits.infoHash = Hash20(0x10);
    limits.maxRequestLength = 32;
    limits.maxMessageLength = 64;
    return limits;
}

/// What a framer made of a stream.
struct FrameResult
{
    std::vector<PeerWireMessage> messages;    //!< every message, in order
    PeerWireError error{PeerWireError::NONE}; //!< the framer's final error
    uint64_t payloadBytes{0};                 //!< piece block bytes consumed
    uint64_t unknown{0};                      //!< unknown messages skipped

    /// \param o the other result \return true if identical
    bool operator==(const FrameResult& o) const
    {
        return messages == o.messages && error == o.error && payloadBytes == o.payloadBytes &&
               unknown == o.unknown;
    }
};

/// Drains every complete message of \p framer into \p out.
void
Drain(PeerWireFramer& framer, std::vector<PeerWireMessage>& out)
{
    while (auto m = framer.Next())
    {
        out.push_back(*m);
    }
}

/**
 * Feeds \p stream to a framer as a socket owner would: each chunk (ending at the positions in
 * \p cuts, then at the end of the stream) is handed over as GetWant() says, header bytes by
 * Push(), payload bytes by Skip(), never more than wanted.
 */
FrameResult
FeedByWant(const PeerWireLimits& limits,
           const Bytes& stream,
           const std::vector<std::size_t>& cuts,
           bool expectHandshake = true)
{
    PeerWireFramer framer(limits, expectHandshake);
    FrameResult r;
    std::size_t pos = 0;
    std::vector<std::size_t> ends = cuts;
    ends.push_back(stream.size());
    for (std::size_t end : ends)
    {
        while (pos < end)
        {
            const PeerWireFramer::Want want = framer.GetWant();
            if (want.bytes == 0)
            {
                pos = end; // error: the owner would close the connection
                break;
            }
            const std::size_t n = std::min(want.bytes, end - pos);
            if (want.payload)
            {
                framer.Skip(n);
            }
            else
            {
                framer.Push(stream.data() + pos, n);
            }
            pos += n;
            Drain(framer, r.messages);
        }
    }
    r.error = framer.GetError();
    r.payloadBytes = framer.GetPayloadBytes();
    r.unknown = framer.GetUnknownMessagesSkipped();
    return r;
}

/// Feeds \p stream with plain Push() calls of \p chunk bytes (payload included).
FrameResult
FeedByPush(const PeerWireLimits& limits,
           const Bytes& stream,
           std::size_t chunk,
           bool expectHandshake = true)
{
    PeerWireFramer framer(limits, expectHandshake);
    FrameResult r;
    for (std::size_t pos = 0; pos < stream.size(); pos += chunk)
    {
        framer.Push(stream.data() + pos, std::min(chunk, stream.size() - pos));
        Drain(framer, r.messages);
    }
    r.error = framer.GetError();
    r.payloadBytes = framer.GetPayloadBytes();
    r.unknown = framer.GetUnknownMessagesSkipped();
    return r;
}

/// An unknown (to this framer) message: length prefix, id, body.
Bytes
Unknown(uint8_t id, const Bytes& body)
{
    Bytes out(5 + body.size(), 0);
    out[3] = static_cast<uint8_t>(1 + body.size());
    out[4] = id;
    std::copy(body.begin(), body.end(), out.begin() + 5);
    return out;
}

/// A whole piece message: header then a block of 0xff bytes (a huge length if misparsed).
Bytes
Piece(uint32_t index, uint32_t begin, uint32_t length)
{
    Bytes out = PeerWireCodec::EncodePieceHeader(index, begin, length);
    out.insert(out.end(), length, 0xff);
    return out;
}

/// Shorthand constructors of expected messages.
PeerWireMessage
Msg(PeerWireMessageType type, uint32_t index = 0, uint32_t begin = 0, uint32_t length = 0)
{
    PeerWireMessage m;
    m.type = type;
    m.index = index;
    m.begin = begin;
    m.length = length;
    return m;
}

/// The handshake message the test stream starts with.
PeerWireMessage
TestHandshake()
{
    PeerWireMessage m;
    m.type = PeerWireMessageType::HANDSHAKE;
    m.infoHash = TestLimits().infoHash;
    m.peerId = Hash20(0x80);
    m.reserved = {0, 0, 0, 0, 0, 0x10, 0, 0x04}; // BEP 10 and BEP 6 bits, as real clients set
    return m;
}

} // namespace

/**
 * \ingroup file-distribution-tests
 * The encoders produce the exact BEP 3 bytes.
 */
class PeerWireEncodeTestCase : public TestCase
{
  public:
    PeerWireEncodeTestCase()
        : TestCase("encoders produce the exact BEP 3 bytes")
    {
    }

  private:
    /// Compares \p actual with \p expected byte by byte.
    void Check(const Bytes& actual, const Bytes& expected, const std::string& what)
    {
        NS_TEST_ASSERT_MSG_EQ(actual.size(), expected.size(), what << ": size");
        for (std::size_t i = 0; i < std::min(actual.size(), expected.size()); ++i)
        {
            NS_TEST_ASSERT_MSG_EQ(unsigned{actual[i]},
                                  unsigned{expected[i]},
                                  what << " byte " << i);
        }
    }

    void DoRun() override
    {
        std::array<uint8_t, 20> infoHash{};
        std::array<uint8_t, 20> peerId{};
        for (uint8_t i = 0; i < 20; ++i)
        {
            infoHash[i] = 0xa0 + i;
            peerId[i] = '0' + (i % 10);
        }
        const Bytes handshake{
            19,   'B',  'i',  't',  'T',  'o',  'r',  'r',  'e',  'n',  't',  ' ',  'p',  'r',
            'o',  't',  'o',  'c',  'o',  'l',  0,    0,    0,    0,    0,    0,    0,    0,
            0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xab, 0xac, 0xad,
            0xae, 0xaf, 0xb0, 0xb1, 0xb2, 0xb3, '0',  '1',  '2',  '3',  '4',  '5',  '6',  '7',
            '8',  '9',  '0',  '1',  '2',  '3',  '4',  '5',  '6',  '7',  '8',  '9'};
        NS_TEST_ASSERT_MSG_EQ(handshake.size(), 68, "the hand-written handshake is 68 bytes");
        Check(PeerWireCodec::EncodeHandshake(infoHash, peerId), handshake, "handshake");
        Bytes withReserved = handshake;
        withReserved[25] = 0x10;
        Check(PeerWireCodec::EncodeHandshake(infoHash, peerId, {0, 0, 0, 0, 0, 0x10, 0, 0}),
              withReserved,
              "handshake with the BEP 10 bit");

        Check(PeerWireCodec::EncodeKeepAlive(), {0, 0, 0, 0}, "keep-alive");
        Check(PeerWireCodec::EncodeChoke(), {0, 0, 0, 1, 0}, "choke");
        Check(PeerWireCodec::EncodeUnchoke(), {0, 0, 0, 1, 1}, "unchoke");
        Check(PeerWireCodec::EncodeInterested(), {0, 0, 0, 1, 2}, "interested");
        Check(PeerWireCodec::EncodeNotInterested(), {0, 0, 0, 1, 3}, "not interested");
        Check(PeerWireCodec::EncodeHave(0x01020304), {0, 0, 0, 5, 4, 1, 2, 3, 4}, "have");
        Check(PeerWireCodec::EncodeBitfield({0xb0, 0xc0}), {0, 0, 0, 3, 5, 0xb0, 0xc0}, "bitfield");
        Check(PeerWireCodec::EncodeRequest(7, 0x4000, 0x4000),
              {0, 0, 0, 13, 6, 0, 0, 0, 7, 0, 0, 0x40, 0, 0, 0, 0x40, 0},
              "request");
        Check(PeerWireCodec::EncodeCancel(0xdeadbeef, 0x10203040, 0x00020000),
              {0, 0, 0, 13, 8, 0xde, 0xad, 0xbe, 0xef, 0x10, 0x20, 0x30, 0x40, 0, 2, 0, 0},
              "cancel");
        // BEP 6, the Fast Extension: the reserved bit and its five messages.
        withReserved = handshake;
        withReserved[27] = 0x04;
        Check(PeerWireCodec::EncodeHandshake(infoHash, peerId, PeerWireCodec::Reserved(true)),
              withReserved,
              "handshake with the BEP 6 bit");
        NS_TEST_ASSERT_MSG_EQ(PeerWireCodec::HasFastExtension(PeerWireCodec::Reserved(true)),
                              true,
                              "fast bit read back");
        NS_TEST_ASSERT_MSG_EQ(PeerWireCodec::HasFastExtension({0, 0, 0, 0, 0, 0x10, 0, 0x01}),
                              false,
                              "BEP 10 and DHT bits are not BEP 6");
        Check(PeerWireCodec::EncodeSuggestPiece(0x01020304),
              {0, 0, 0, 5, 13, 1, 2, 3, 4},
              "suggest piece");
        Check(PeerWireCodec::EncodeHaveAll(), {0, 0, 0, 1, 14}, "have all");
        Check(PeerWireCodec::EncodeHaveNone(), {0, 0, 0, 1, 15}, "have none");
        Check(PeerWireCodec::EncodeRejectRequest(7, 0x4000, 0x4000),
              {0, 0, 0, 13, 16, 0, 0, 0, 7, 0, 0, 0x40, 0, 0, 0, 0x40, 0},
              "reject request");
        Check(PeerWireCodec::EncodeAllowedFast(0x0a0b0c0d),
              {0, 0, 0, 5, 17, 0x0a, 0x0b, 0x0c, 0x0d},
              "allowed fast");
        // 9 + 16384 = 0x4009.
        Check(PeerWireCodec::EncodePieceHeader(0x0a0b0c0d, 0x8000, 0x4000),
              {0, 0, 0x40, 0x09, 7, 0x0a, 0x0b, 0x0c, 0x0d, 0, 0, 0x80, 0},
              "piece header");
        NS_TEST_ASSERT_MSG_EQ(PeerWireCodec::EncodePieceHeader(0, 0, 1).size(),
                              PeerWireCodec::PIECE_HEADER_LENGTH,
                              "piece header length");
    }
};

/**
 * \ingroup file-distribution-tests
 * Every message type survives encoding and framing unchanged.
 */
class PeerWireRoundTripTestCase : public TestCase
{
  public:
    PeerWireRoundTripTestCase()
        : TestCase("every message round-trips through the framer")
    {
    }

  private:
    void DoRun() override
    {
        const PeerWireLimits limits = TestLimits();
        PeerWireMessage bitfield = Msg(PeerWireMessageType::BITFIELD);
        bitfield.bitfield = {0xff, 0xc0}; // all 10 pieces
        const std::vector<PeerWireMessage> messages{
            TestHandshake(),
            Msg(PeerWireMessageType::KEEP_ALIVE),
            Msg(PeerWireMessageType::CHOKE),
            Msg(PeerWireMessageType::UNCHOKE),
            Msg(PeerWireMessageType::INTERESTED),
            Msg(PeerWireMessageType::NOT_INTERESTED),
            Msg(PeerWireMessageType::HAVE, 9),
            bitfield,
            Msg(PeerWireMessageType::REQUEST, 0, 32, 32),
            Msg(PeerWireMessageType::REQUEST, 9, 0, 20), // the whole (short) last piece
            Msg(PeerWireMessageType::CANCEL, 5, 63, 1),
            Msg(PeerWireMessageType::PIECE, 2, 0, 32),
            Msg(PeerWireMessageType::PIECE, 9, 19, 1),
        };
        for (const PeerWireMessage& m : messages)
        {
            const bool handshake = m.type == PeerWireMessageType::HANDSHAKE;
            Bytes stream = PeerWireCodec::Encode(m);
            if (m.type == PeerWireMessageType::PIECE)
            {
                stream.insert(stream.end(), m.length, 0);
            }
            const FrameResult r = FeedByWant(limits, stream, {}, handshake);
            NS_TEST_ASSERT_MSG_EQ(r.messages.size(), 1, ToString(m.type) << ": one message");
            NS_TEST_ASSERT_MSG_EQ((r.messages[0] == m), true, ToString(m.type) << " differs");
            NS_TEST_ASSERT_MSG_EQ((r.error == PeerWireError::NONE), true, ToString(m.type));
            const uint64_t payload = m.type == PeerWireMessageType::PIECE ? m.length : 0;
            NS_TEST_ASSERT_MSG_EQ(r.payloadBytes, payload, ToString(m.type) << ": payload");
            NS_TEST_ASSERT_MSG_EQ((FeedByPush(limits, stream, 1, handshake) == r),
                                  true,
                                  ToString(m.type) << " byte by byte");
        }
    }
};

/**
 * \ingroup file-distribution-tests
 * A stream of every message type, unknown ids and pieces with their blocks frames the same
 * whatever way it is cut.
 */
class PeerWireSplitTestCase : public TestCase
{
  public:
    PeerWireSplitTestCase()
        : TestCase("mixed stream survives every split")
    {
    }

  private:
    void DoRun() override
    {
        const PeerWireLimits limits = TestLimits();
        Bytes stream;
        std::vector<PeerWireMessage> expected;
        auto add = [&](const Bytes& bytes, std::optional<PeerWireMessage> m) {
            Append(stream, bytes);
            if (m)
            {
                expected.push_back(*m);
            }
        };
        const PeerWireMessage hs = TestHandshake();
        add(PeerWireCodec::EncodeHandshake(hs.infoHash, hs.peerId, hs.reserved), hs);
        PeerWireMessage bitfield = Msg(PeerWireMessageType::BITFIELD);
        bitfield.bitfield = {0xb0, 0xc0};
        add(PeerWireCodec::EncodeBitfield(bitfield.bitfield), bitfield);
        add(Unknown(20, {0, 'd', '1', ':', 'm', 'd', 'e', 'e'}), std::nullopt);  // BEP 10
        add(PeerWireCodec::EncodeHaveAll(), Msg(PeerWireMessageType::HAVE_ALL)); // BEP 6
        add(PeerWireCodec::EncodeKeepAlive(), Msg(PeerWireMessageType::KEEP_ALIVE));
        add(PeerWireCodec::EncodeUnchoke(), Msg(PeerWireMessageType::UNCHOKE));
        add(PeerWireCodec::EncodeInterested(), Msg(PeerWireMessageType::INTERESTED));
        add(PeerWireCodec::EncodeHave(9), Msg(PeerWireMessageType::HAVE, 9));
        add(PeerWireCodec::EncodeRequest(0, 0, 32), Msg(PeerWireMessageType::REQUEST, 0, 0, 32));
        add(Piece(0, 0, 32), Msg(PeerWireMessageType::PIECE, 0, 0, 32));
        add(Unknown(9, {0x1a, 0xe1}), std::nullopt); // port 6881
        add(Piece(9, 0, 20), Msg(PeerWireMessageType::PIECE, 9, 0, 20));
        add(Unknown(13, {0, 0, 0, 3}), Msg(PeerWireMessageType::SUGGEST_PIECE, 3)); // BEP 6
        add(PeerWireCodec::EncodeAllowedFast(2), Msg(PeerWireMessageType::ALLOWED_FAST, 2));
        add(PeerWireCodec::EncodeRejectRequest(3, 0, 32),
            Msg(PeerWireMessageType::REJECT_REQUEST, 3, 0, 32));
        add(PeerWireCodec::EncodeHaveNone(), Msg(PeerWireMessageType::HAVE_NONE));
        add(PeerWireCodec::EncodeCancel(3, 32, 32), Msg(PeerWireMessageType::CANCEL, 3, 32, 32));
        add(Piece(3, 63, 1), Msg(PeerWireMessageType::PIECE, 3, 63, 1));
        add(PeerWireCodec::EncodeChoke(), Msg(PeerWireMessageType::CHOKE));
        add(PeerWireCodec::EncodeNotInterested(), Msg(PeerWireMessageType::NOT_INTERESTED));
        add(PeerWireCodec::EncodeKeepAlive(), Msg(PeerWireMessageType::KEEP_ALIVE));

        FrameResult want;
        want.messages = expected;
        want.payloadBytes = 32 + 20 + 1;
        want.unknown = 2;
        NS_TEST_ASSERT_MSG_EQ((FeedByWant(limits, stream, {}) == want), true, "whole stream");

        for (std::size_t chunk = 1; chunk <= stream.size(); ++chunk)
        {
            std::vector<std::size_t> cuts;
            for (std::size_t pos = chunk; pos < stream.size(); pos += chunk)
            {
                cuts.push_back(pos);
            }
            NS_TEST_ASSERT_MSG_EQ((FeedByWant(limits, stream, cuts) == want),
                                  true,
                                  "chunks of " << chunk << " bytes");
            NS_TEST_ASSERT_MSG_EQ((FeedByPush(limits, stream, chunk) == want),
                                  true,
                                  "plain Push() in chunks of " << chunk << " bytes");
        }
        for (std::size_t a = 0; a <= stream.size(); ++a)
        {
            for (std::size_t b = a; b <= stream.size(); ++b)
            {
                NS_TEST_ASSERT_MSG_EQ((FeedByWant(limits, stream, {a, b}) == want),
                                      true,
                                      "cuts at " << a << " and " << b);
            }
        }
    }
};

/**
 * \ingroup file-distribution-tests
 * Each malformed input gives its own error, stops the framer, and nothing after it comes out.
 */
class PeerWireErrorTestCase : public TestCase
{
  public:
    PeerWireErrorTestCase()
        : TestCase("every malformed message gives its distinct error")
    {
    }

  private:
    /// One malformed case.
    struct Case
    {
        std::string name;    //!< what is wrong
        Bytes bad;           //!< the offending bytes
        PeerWireError error; //!< the error expected
        bool inHandshake;    //!< \p bad replaces the handshake
    };

    void DoRun() override
    {
        const PeerWireLimits limits = TestLimits();
        const PeerWireMessage hs = TestHandshake();
        const Bytes handshake = PeerWireCodec::EncodeHandshake(hs.infoHash, hs.peerId);
        using E = PeerWireError;
        auto withByte = [&](std::size_t i, uint8_t v) {
            Bytes b = handshake;
            b[i] = v;
            return b;
        };
        const std::vector<Case> cases{
            {"pstrlen 18", withByte(0, 18), E::BAD_HANDSHAKE, true},
            {"pstrlen 0 (not BitTorrent at all)", withByte(0, 0), E::BAD_HANDSHAKE, true},
            {"pstr misspelt", withByte(19, 'L'), E::BAD_HANDSHAKE, true},
            {"other torrent", withByte(47, 0), E::WRONG_INFO_HASH, true},
            {"length prefix 1 MiB", {0, 0x10, 0, 0, 7, 0, 0, 0, 0}, E::MESSAGE_TOO_LONG, false},
            {"length prefix 2^32-1", {0xff, 0xff, 0xff, 0xff}, E::MESSAGE_TOO_LONG, false},
            {"unknown id too long", {0, 0, 0, 65, 20}, E::MESSAGE_TOO_LONG, false},
            {"choke of length 2", {0, 0, 0, 2, 0, 0}, E::BAD_MESSAGE_LENGTH, false},
            {"interested of length 5", {0, 0, 0, 5, 2, 0, 0, 0, 0}, E::BAD_MESSAGE_LENGTH, false},
            {"have of length 4", {0, 0, 0, 4, 4, 0, 0, 0}, E::BAD_MESSAGE_LENGTH, false},
            {"have of length 6", {0, 0, 0, 6, 4, 0, 0, 0, 0, 0}, E::BAD_MESSAGE_LENGTH, false},
            {"request of length 12", {0, 0, 0, 12, 6}, E::BAD_MESSAGE_LENGTH, false},
            {"cancel of length 14", {0, 0, 0, 14, 8}, E::BAD_MESSAGE_LENGTH, false},
            {"have all of length 2", {0, 0, 0, 2, 14, 0}, E::BAD_MESSAGE_LENGTH, false},
            {"have none of length 5", {0, 0, 0, 5, 15}, E::BAD_MESSAGE_LENGTH, false},
            {"allowed fast of length 4", {0, 0, 0, 4, 17, 0, 0, 0}, E::BAD_MESSAGE_LENGTH, false},
            {"suggest of length 9", {0, 0, 0, 9, 13}, E::BAD_MESSAGE_LENGTH, false},
            {"reject of length 12", {0, 0, 0, 12, 16}, E::BAD_MESSAGE_LENGTH, false},
            {"allowed fast 10",
             PeerWireCodec::EncodeAllowedFast(10),
             E::PIECE_INDEX_OUT_OF_RANGE,
             false},
            {"suggest 2^32-1",
             PeerWireCodec::EncodeSuggestPiece(~0u),
             E::PIECE_INDEX_OUT_OF_RANGE,
             false},
            {"reject past the piece",
             PeerWireCodec::EncodeRejectRequest(1, 40, 32),
             E::BLOCK_OUT_OF_RANGE,
             false},
            {"piece of length 8",
             {0, 0, 0, 8, 7, 0, 0, 0, 0, 0, 0, 0},
             E::BAD_MESSAGE_LENGTH,
             false},
            {"bitfield of 1 byte", {0, 0, 0, 2, 5, 0xff}, E::BAD_BITFIELD_SIZE, false},
            {"bitfield of 3 bytes", {0, 0, 0, 4, 5, 0xff, 0xc0, 0}, E::BAD_BITFIELD_SIZE, false},
            {"empty bitfield", {0, 0, 0, 1, 5}, E::BAD_BITFIELD_SIZE, false},
            {"bitfield bit 10 set", {0, 0, 0, 3, 5, 0xff, 0xe0}, E::BITFIELD_SPARE_BITS_SET, false},
            {"bitfield last bit set", {0, 0, 0, 3, 5, 0, 0x01}, E::BITFIELD_SPARE_BITS_SET, false},
            {"have 10", PeerWireCodec::EncodeHave(10), E::PIECE_INDEX_OUT_OF_RANGE, false},
            {"have 2^32-1", PeerWireCodec::EncodeHave(~0u), E::PIECE_INDEX_OUT_OF_RANGE, false},
            {"request 10",
             PeerWireCodec::EncodeRequest(10, 0, 1),
             E::PIECE_INDEX_OUT_OF_RANGE,
             false},
            {"cancel 10",
             PeerWireCodec::EncodeCancel(10, 0, 1),
             E::PIECE_INDEX_OUT_OF_RANGE,
             false},
            {"piece 10", Piece(10, 0, 1), E::PIECE_INDEX_OUT_OF_RANGE, false},
            {"request of 0 bytes",
             PeerWireCodec::EncodeRequest(0, 0, 0),
             E::BLOCK_OUT_OF_RANGE,
             false},
            {"request of 33 bytes",
             PeerWireCodec::EncodeRequest(0, 0, 33),
             E::BLOCK_OUT_OF_RANGE,
             false},
            {"request past the piece",
             PeerWireCodec::EncodeRequest(1, 40, 32),
             E::BLOCK_OUT_OF_RANGE,
             false},
            {"request past the last piece",
             PeerWireCodec::EncodeRequest(9, 0, 21),
             E::BLOCK_OUT_OF_RANGE,
             false},
            {"request begin wraps",
             PeerWireCodec::EncodeRequest(0, ~0u, 2),
             E::BLOCK_OUT_OF_RANGE,
             false},
            {"cancel past the piece",
             PeerWireCodec::EncodeCancel(0, 64, 1),
             E::BLOCK_OUT_OF_RANGE,
             false},
            {"piece of 0 bytes", Piece(0, 0, 0), E::BLOCK_OUT_OF_RANGE, false},
            {"piece of 33 bytes", Piece(0, 0, 33), E::BLOCK_OUT_OF_RANGE, false},
            {"piece past the last piece", Piece(9, 10, 11), E::BLOCK_OUT_OF_RANGE, false},
        };

        std::set<PeerWireError> seen;
        std::set<std::string> texts;
        for (const Case& c : cases)
        {
            // A valid message before the bad one, valid messages after it.
            Bytes stream = c.inHandshake ? c.bad : handshake;
            Append(stream, PeerWireCodec::EncodeHave(1));
            if (!c.inHandshake)
            {
                Append(stream, c.bad);
            }
            Append(stream, PeerWireCodec::EncodeHave(2));
            Append(stream, Piece(0, 0, 32));
            Append(stream, PeerWireCodec::EncodeChoke());

            std::vector<PeerWireMessage> before;
            if (!c.inHandshake)
            {
                PeerWireMessage h = hs;
                h.reserved = {};
                before = {h, Msg(PeerWireMessageType::HAVE, 1)};
            }
            for (std::size_t chunk : {std::size_t{1}, std::size_t{7}, stream.size()})
            {
                std::vector<std::size_t> cuts;
                for (std::size_t pos = chunk; pos < stream.size(); pos += chunk)
                {
                    cuts.push_back(pos);
                }
                const FrameResult r = FeedByWant(limits, stream, cuts);
                NS_TEST_ASSERT_MSG_EQ((r.error == c.error),
                                      true,
                                      c.name << ": got \"" << ToString(r.error) << "\"");
                NS_TEST_ASSERT_MSG_EQ((r.messages == before),
                                      true,
                                      c.name << ": " << r.messages.size()
                                             << " messages, nothing after the error expected");
                NS_TEST_ASSERT_MSG_EQ(r.payloadBytes, 0, c.name << ": no payload after error");
                const FrameResult p = FeedByPush(limits, stream, chunk);
                NS_TEST_ASSERT_MSG_EQ((p.error == c.error && p.messages == before),
                                      true,
                                      c.name << ": plain Push()");
            }
            seen.insert(c.error);
            texts.insert(ToString(c.error));
        }
        NS_TEST_ASSERT_MSG_EQ(seen.size(), 8, "every error value is exercised");
        NS_TEST_ASSERT_MSG_EQ(texts.size(), 8, "every error has its own description");
        NS_TEST_ASSERT_MSG_EQ((texts.count(ToString(PeerWireError::NONE)) == 0), true, "NONE");

        // The error is final: the framer wants nothing and ignores what comes.
        PeerWireFramer framer(limits);
        Bytes bad = withByte(0, 20);
        framer.Push(bad.data(), 1);
        NS_TEST_ASSERT_MSG_EQ((framer.GetError() == E::BAD_HANDSHAKE), true, "after 1 byte");
        NS_TEST_ASSERT_MSG_EQ(framer.GetWant().bytes, 0, "wants nothing after an error");
        framer.Push(handshake.data(), handshake.size());
        framer.Skip(10);
        NS_TEST_ASSERT_MSG_EQ(framer.Next().has_value(), false, "nothing after an error");
        NS_TEST_ASSERT_MSG_EQ((framer.GetError() == E::BAD_HANDSHAKE), true, "error is final");
    }
};

/**
 * \ingroup file-distribution-tests
 * Errors are found as soon as the deciding bytes are in, without waiting for a body.
 */
class PeerWireEarlyErrorTestCase : public TestCase
{
  public:
    PeerWireEarlyErrorTestCase()
        : TestCase("errors are found before the body arrives")
    {
    }

  private:
    /// Pushes \p bytes (after a handshake) and returns the error.
    PeerWireError After(const Bytes& bytes)
    {
        const PeerWireLimits limits = TestLimits();
        PeerWireFramer framer(limits);
        const Bytes hs = PeerWireCodec::EncodeHandshake(limits.infoHash, Hash20(1));
        framer.Push(hs.data(), hs.size());
        framer.Push(bytes.data(), bytes.size());
        return framer.GetError();
    }

    void DoRun() override
    {
        using E = PeerWireError;
        NS_TEST_ASSERT_MSG_EQ((After({0, 0x10, 0, 0}) == E::MESSAGE_TOO_LONG), true, "prefix");
        NS_TEST_ASSERT_MSG_EQ((After({0, 0, 0, 2, 1}) == E::BAD_MESSAGE_LENGTH), true, "id 1");
        NS_TEST_ASSERT_MSG_EQ((After({0, 0, 0, 9, 5}) == E::BAD_BITFIELD_SIZE), true, "id 5");
        Bytes header = PeerWireCodec::EncodePieceHeader(0, 0, 33);
        NS_TEST_ASSERT_MSG_EQ((After(header) == E::BLOCK_OUT_OF_RANGE), true, "piece header");
        header = PeerWireCodec::EncodePieceHeader(0, 0, 32);
        NS_TEST_ASSERT_MSG_EQ((After(header) == E::NONE), true, "good piece header");

        const PeerWireLimits limits = TestLimits();
        PeerWireFramer framer(limits);
        const Bytes hs = PeerWireCodec::EncodeHandshake(Hash20(0x33), Hash20(1));
        framer.Push(hs.data(), 47);
        NS_TEST_ASSERT_MSG_EQ((framer.GetError() == E::NONE), true, "hash not complete");
        framer.Push(hs.data() + 47, 1);
        NS_TEST_ASSERT_MSG_EQ((framer.GetError() == E::WRONG_INFO_HASH),
                              true,
                              "wrong info_hash found before the peer id");
    }
};

/**
 * \ingroup file-distribution-tests
 * GetWant() asks for header and payload bytes exactly as the protocol lays them out.
 */
class PeerWireWantTestCase : public TestCase
{
  public:
    PeerWireWantTestCase()
        : TestCase("GetWant, Skip and the counters")
    {
    }

  private:
    void DoRun() override
    {
        PeerWireLimits limits = TestLimits();
        PeerWireFramer framer(limits);
        NS_TEST_ASSERT_MSG_EQ(framer.IsHandshakeDone(), false, "handshake expected first");
        NS_TEST_ASSERT_MSG_EQ(framer.GetWant().payload, false, "handshake is header");
        NS_TEST_ASSERT_MSG_EQ(framer.GetWant().bytes, 1, "pstrlen first");
        const Bytes hs = PeerWireCodec::EncodeHandshake(limits.infoHash, Hash20(1));
        framer.Push(hs.data(), 1);
        NS_TEST_ASSERT_MSG_EQ(framer.GetWant().bytes, 47, "then up to the info_hash");
        framer.Push(hs.data() + 1, 47);
        NS_TEST_ASSERT_MSG_EQ(framer.GetWant().bytes, 20, "then the peer id");
        framer.Push(hs.data() + 48, 20);
        NS_TEST_ASSERT_MSG_EQ(framer.IsHandshakeDone(), true, "handshake done");
        NS_TEST_ASSERT_MSG_EQ(framer.GetWant().bytes, 4, "a length prefix");

        const Bytes header = PeerWireCodec::EncodePieceHeader(4, 16, 30);
        framer.Push(header.data(), 4);
        NS_TEST_ASSERT_MSG_EQ(framer.GetWant().bytes, 1, "an id");
        framer.Push(header.data() + 4, 1);
        NS_TEST_ASSERT_MSG_EQ(framer.GetWant().bytes, 8, "index and begin");
        framer.Skip(8); // a caller bug: ignored, the framer keeps its place
        NS_TEST_ASSERT_MSG_EQ(framer.GetWant().bytes, 8, "Skip of header bytes is ignored");
        framer.Push(header.data() + 5, 8);
        PeerWireFramer::Want want = framer.GetWant();
        NS_TEST_ASSERT_MSG_EQ(want.payload, true, "the block is payload");
        NS_TEST_ASSERT_MSG_EQ(want.bytes, 30, "all of the block");
        NS_TEST_ASSERT_MSG_EQ(framer.Next().has_value(), true, "the handshake");
        framer.Skip(29);
        NS_TEST_ASSERT_MSG_EQ(framer.GetPayloadBytes(), 29, "payload counted as skipped");
        NS_TEST_ASSERT_MSG_EQ(framer.Next().has_value(), false, "piece not complete");
        NS_TEST_ASSERT_MSG_EQ(framer.GetWant().bytes, 1, "one block byte left");
        framer.Skip(5); // more than wanted: only what is wanted is consumed
        NS_TEST_ASSERT_MSG_EQ(framer.GetPayloadBytes(), 30, "the block, no more");
        auto piece = framer.Next();
        NS_TEST_ASSERT_MSG_EQ((piece && *piece == Msg(PeerWireMessageType::PIECE, 4, 16, 30)),
                              true,
                              "the piece once its block is in");

        const Bytes unknown = Unknown(20, Bytes(40, 0));
        framer.Push(unknown.data(), 5);
        want = framer.GetWant();
        NS_TEST_ASSERT_MSG_EQ((want.payload && want.bytes == 40), true, "unknown body skipped");
        framer.Skip(40);
        NS_TEST_ASSERT_MSG_EQ(framer.GetUnknownMessagesSkipped(), 1, "counted");
        NS_TEST_ASSERT_MSG_EQ(framer.GetPayloadBytes(), 30, "not piece payload");
        NS_TEST_ASSERT_MSG_EQ(framer.Next().has_value(), false, "not a message");
        NS_TEST_ASSERT_MSG_EQ(framer.GetWant().bytes, 4, "back in sync");

        // Several messages in one Push() are queued in order.
        Bytes many = PeerWireCodec::EncodeHave(1);
        Append(many, PeerWireCodec::EncodeKeepAlive());
        Append(many, PeerWireCodec::EncodeHave(2));
        framer.Push(many.data(), many.size());
        NS_TEST_ASSERT_MSG_EQ(framer.Next().value_or(PeerWireMessage{}).index, 1, "first");
        NS_TEST_ASSERT_MSG_EQ((framer.Next().value_or(Msg(PeerWireMessageType::CHOKE)).type ==
                               PeerWireMessageType::KEEP_ALIVE),
                              true,
                              "second");
        NS_TEST_ASSERT_MSG_EQ(framer.Next().value_or(PeerWireMessage{}).index, 2, "third");
        NS_TEST_ASSERT_MSG_EQ(framer.Next().has_value(), false, "no more");

        // Piece sizes, the last one shorter.
        NS_TEST_ASSERT_MSG_EQ(framer.GetPieceSize(0), 64, "piece 0");
        NS_TEST_ASSERT_MSG_EQ(framer.GetPieceSize(9), 20, "last piece");
        NS_TEST_ASSERT_MSG_EQ(framer.GetPieceSize(10), 0, "no piece 10");
    }
};

/**
 * \ingroup file-distribution-tests
 * The message length limit never refuses a well-formed bitfield or block.
 */
class PeerWireLimitTestCase : public TestCase
{
  public:
    PeerWireLimitTestCase()
        : TestCase("maximum message length and real-size geometry")
    {
    }

  private:
    void DoRun() override
    {
        // 100 pieces need a 13-byte bitfield (length 14), above maxMessageLength 8.
        PeerWireLimits limits;
        limits.pieceCount = 100;
        limits.pieceLength = 16;
        limits.totalLength = 1600;
        limits.maxRequestLength = 4;
        limits.maxMessageLength = 8;
        PeerWireFramer framer(limits, false);
        NS_TEST_ASSERT_MSG_EQ(framer.GetMaxMessageLength(), 14, "raised for the bitfield");
        Bytes stream = PeerWireCodec::EncodeBitfield(Bytes(13, 0));
        Append(stream, Unknown(21, Bytes(13, 0))); // length 14: allowed
        framer.Push(stream.data(), stream.size());
        NS_TEST_ASSERT_MSG_EQ((framer.GetError() == PeerWireError::NONE), true, "length 14");
        NS_TEST_ASSERT_MSG_EQ(framer.GetUnknownMessagesSkipped(), 1, "unknown skipped");
        stream = Unknown(21, Bytes(14, 0));
        framer.Push(stream.data(), stream.size());
        NS_TEST_ASSERT_MSG_EQ((framer.GetError() == PeerWireError::MESSAGE_TOO_LONG),
                              true,
                              "length 15");

        // A real torrent: 100 MB in 256 KiB pieces, default limits, 16 KiB blocks.
        limits = PeerWireLimits{};
        limits.pieceLength = 256 * 1024;
        limits.totalLength = 100'000'000;
        limits.pieceCount = static_cast<uint32_t>((limits.totalLength + limits.pieceLength - 1) /
                                                  limits.pieceLength);
        PeerWireFramer big(limits, false);
        NS_TEST_ASSERT_MSG_EQ(big.GetMaxMessageLength(), 1 << 20, "default limit");
        const uint32_t last = limits.pieceCount - 1;
        const uint32_t lastSize = static_cast<uint32_t>(limits.totalLength % limits.pieceLength);
        NS_TEST_ASSERT_MSG_EQ(big.GetPieceSize(last), lastSize, "last piece size");
        stream = PeerWireCodec::EncodeRequest(last, lastSize - 16384, 16384);
        Append(stream, PeerWireCodec::EncodeRequest(0, 0, 131072));
        Append(stream, PeerWireCodec::EncodePieceHeader(1, 256 * 1024 - 16384, 16384));
        big.Push(stream.data(), stream.size());
        big.Skip(16384);
        NS_TEST_ASSERT_MSG_EQ((big.GetError() == PeerWireError::NONE), true, "valid blocks");
        NS_TEST_ASSERT_MSG_EQ(big.GetPayloadBytes(), 16384, "one block");
        stream = PeerWireCodec::EncodeRequest(last, lastSize - 16383, 16384);
        big.Push(stream.data(), stream.size());
        NS_TEST_ASSERT_MSG_EQ((big.GetError() == PeerWireError::BLOCK_OUT_OF_RANGE),
                              true,
                              "one byte past the end of the file");
    }
};

/**
 * \ingroup file-distribution-tests
 * The peer wire test suite.
 */
class PeerWireTestSuite : public TestSuite
{
  public:
    PeerWireTestSuite()
        : TestSuite("file-distribution-peer-wire")
    {
        AddTestCase(new PeerWireEncodeTestCase);
        AddTestCase(new PeerWireRoundTripTestCase);
        AddTestCase(new PeerWireSplitTestCase);
        AddTestCase(new PeerWireErrorTestCase);
        AddTestCase(new PeerWireEarlyErrorTestCase);
        AddTestCase(new PeerWireWantTestCase);
        AddTestCase(new PeerWireLimitTestCase);
    }
};

/// The static instance that registers the suite.
static PeerWireTestSuite g_peerWireTestSuite;
