// SPDX-License-Identifier: GPL-2.0-only
//
// libFuzzer harness of PeerWireFramer (model/peer-wire-framer.h): a peer wire stream, the
// torrent geometry it is checked against, and the way TCP cuts it, all from the input.
//
// Input: 14 configuration bytes, the stream, then the chunk sizes (fuzz-common.h, CutStream):
//   [0]      flags: bit 0 the stream starts with a handshake
//   [1]      how many bytes at the end of the input are chunk sizes
//   [2..3]   piece count (big-endian)
//   [4..6]   piece length
//   [7..9]   size of the last piece (total length = (count - 1) * piece length + this; a size
//            above the piece length makes an inconsistent geometry, which must not matter)
//   [10..11] maxRequestLength (0: the default, 131072)
//   [12..13] maxMessageLength (0: the default, 2^20)
// The handshake's info_hash must be kInfoHash below.
//
// The stream is framed five ways: in one Push; in chunks by Push (the framer walks through
// payload by itself); as PeerConnection does, by GetWant(): Push() header bytes and Skip()
// payload bytes, never more than wanted, with the chunk sizes as further cuts; one byte at a
// time; and the encoding of the messages found, in one Push. Invariants:
// - all ways give the same messages, the same error, the same counters and the same want;
// - every message re-encodes with PeerWireCodec::Encode to exactly the bytes it consumed (a
//   PIECE to its 13-byte header, followed by its block's length of consumed payload bytes);
//   every skipped unknown message consumed a length prefix, an id the framer skips whatever
//   the message (never one of BEP 3's ids 0 to 8) and its body; the consumed spans tile the
//   stream from its start;
// - each message is valid for the geometry (indexes, blocks, bitfield size and spare bits,
//   the handshake first and with the right info_hash);
// - a framer started fresh at the last message boundary wants exactly what the framer wants at
//   the end, and fails at the same byte with the same error;
// - once failed, the framer stays failed: it wants nothing, returns nothing more, ignores
//   further bytes and keeps its first error.

#include "fuzz-common.h"

#include "ns3/peer-wire-framer.h"
#include "ns3/peer-wire-message.h"

#include <cstring>
#include <string>
#include <vector>

using namespace ns3;

namespace
{

/// The info_hash a handshake must carry: 20 ASCII bytes, easy to write in a seed.
const std::array<uint8_t, 20> kInfoHash = {'f', 'u', 'z', 'z', '-', 'i', 'n', 'f', 'o', '-',
                                           'h', 'a', 's', 'h', '-', '0', '1', '2', '3', '4'};

/// What a framing of the stream produced.
struct Outcome
{
    std::vector<PeerWireMessage> messages;    //!< in order
    PeerWireError error{PeerWireError::NONE}; //!< GetError() at the end
    uint64_t unknown{0};                      //!< GetUnknownMessagesSkipped()
    uint64_t payload{0};                      //!< GetPayloadBytes()
    bool handshakeDone{false};                //!< IsHandshakeDone()
    PeerWireFramer::Want want{false, 0};      //!< GetWant() at the end
};

/// Drains \p framer's ready messages into \p out.
void
Drain(PeerWireFramer& framer, std::vector<PeerWireMessage>* out)
{
    while (auto m = framer.Next())
    {
        out->push_back(*m);
    }
}

/// Reads the end state of \p framer into \p out.
void
Finish(PeerWireFramer& framer, Outcome* out)
{
    Drain(framer, &out->messages);
    out->error = framer.GetError();
    out->unknown = framer.GetUnknownMessagesSkipped();
    out->payload = framer.GetPayloadBytes();
    out->handshakeDone = framer.IsHandshakeDone();
    out->want = framer.GetWant();
}

/// \return a description of an outcome for messages
std::string
Describe(const Outcome& o)
{
    std::string s = std::to_string(o.messages.size()) + " messages";
    for (std::size_t i = 0; i < o.messages.size() && i < 8; ++i)
    {
        s += (i == 0 ? ": " : ", ") + ToString(o.messages[i].type);
    }
    return s + "; error " + ToString(o.error) + ", unknown " + std::to_string(o.unknown) +
           ", payload " + std::to_string(o.payload) + ", want " +
           (o.want.payload ? "payload " : "header ") + std::to_string(o.want.bytes);
}

/// Checks two framings agree.
void
CheckSameOutcome(const Outcome& a, const Outcome& b, const char* what)
{
    const bool same = a.messages == b.messages && a.error == b.error && a.unknown == b.unknown &&
                      a.payload == b.payload && a.handshakeDone == b.handshakeDone &&
                      a.want.payload == b.want.payload && a.want.bytes == b.want.bytes;
    FD_FUZZ_CHECK(same, std::string(what) + ": " + Describe(b) + "\n  vs one Push: " + Describe(a));
}

/**
 * \brief Which message ids the framer skips as not implemented, found by asking it once: a
 * one-byte message of each id, on a framer without handshake.
 *
 * Asked rather than listed, so that the harness stays right when the framer learns more
 * messages (BEP 6's ids 13 to 17, say). The invariants then say that the choice depends on the
 * id alone, and that BEP 3's ids 0 to 8 are never skipped.
 * \return per id, true if skipped
 */
const std::array<bool, 256>&
SkippedIds()
{
    static const std::array<bool, 256> skipped = [] {
        std::array<bool, 256> ids{};
        PeerWireLimits limits;
        limits.pieceCount = 8;
        limits.pieceLength = 16384;
        limits.totalLength = 8 * 16384;
        for (unsigned id = 0; id < 256; ++id)
        {
            PeerWireFramer framer(limits, false);
            const uint8_t message[5] = {0, 0, 0, 1, static_cast<uint8_t>(id)};
            framer.Push(message, sizeof(message));
            ids[id] = framer.GetUnknownMessagesSkipped() == 1;
            FD_FUZZ_CHECK(!ids[id] || (id > PeerWireCodec::ID_CANCEL && !framer.Next() &&
                                       framer.GetError() == PeerWireError::NONE),
                          "id " + std::to_string(id));
        }
        return ids;
    }();
    return skipped;
}

/// Reads a big-endian 32-bit value.
uint32_t
ReadU32(const std::string& s, std::size_t pos)
{
    return (uint32_t{static_cast<uint8_t>(s[pos])} << 24) |
           (uint32_t{static_cast<uint8_t>(s[pos + 1])} << 16) |
           (uint32_t{static_cast<uint8_t>(s[pos + 2])} << 8) | static_cast<uint8_t>(s[pos + 3]);
}

/// Checks that a message is valid for the geometry the framer checks it against.
void
CheckValid(const PeerWireMessage& m, const PeerWireFramer& framer, const PeerWireLimits& limits)
{
    switch (m.type)
    {
    case PeerWireMessageType::HANDSHAKE:
        FD_FUZZ_CHECK(m.infoHash == limits.infoHash);
        break;
    case PeerWireMessageType::HAVE:
        FD_FUZZ_CHECK(m.index < limits.pieceCount);
        break;
    case PeerWireMessageType::BITFIELD:
        FD_FUZZ_CHECK(m.bitfield.size() == (uint64_t{limits.pieceCount} + 7) / 8);
        if (limits.pieceCount % 8 != 0)
        {
            FD_FUZZ_CHECK((m.bitfield.back() & (0xff >> (limits.pieceCount % 8))) == 0);
        }
        break;
    case PeerWireMessageType::REQUEST:
    case PeerWireMessageType::CANCEL:
    case PeerWireMessageType::PIECE:
        FD_FUZZ_CHECK(m.index < limits.pieceCount);
        FD_FUZZ_CHECK(m.length >= 1 && m.length <= limits.maxRequestLength);
        FD_FUZZ_CHECK(uint64_t{m.begin} + m.length <= framer.GetPieceSize(m.index));
        break;
    default:
        break;
    }
}

} // namespace

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size)
{
    fdfuzz::ByteReader reader(data, size);
    const uint8_t flags = reader.U8();
    const std::size_t sizeBytes = reader.U8();
    PeerWireLimits limits;
    limits.pieceCount = static_cast<uint32_t>(reader.BigEndian(2));
    limits.pieceLength = static_cast<uint32_t>(reader.BigEndian(3));
    const uint64_t last = reader.BigEndian(3);
    limits.totalLength =
        limits.pieceCount == 0 ? last : uint64_t{limits.pieceCount - 1} * limits.pieceLength + last;
    limits.infoHash = kInfoHash;
    if (const auto v = reader.BigEndian(2))
    {
        limits.maxRequestLength = static_cast<uint32_t>(v);
    }
    if (const auto v = reader.BigEndian(2))
    {
        limits.maxMessageLength = static_cast<uint32_t>(v);
    }
    const bool handshake = (flags & 1) != 0;
    std::string stream;
    const std::vector<std::size_t> chunks = fdfuzz::CutStream(reader.Rest(), sizeBytes, &stream);
    const auto* bytes = reinterpret_cast<const uint8_t*>(stream.data());

    // 1. The reference: the whole stream in one Push.
    PeerWireFramer reference(limits, handshake);
    reference.Push(bytes, stream.size());
    Outcome one;
    Finish(reference, &one);
    FD_FUZZ_CHECK(reference.GetMaxMessageLength() >= limits.maxMessageLength);
    FD_FUZZ_CHECK((one.error == PeerWireError::NONE) == (one.want.bytes > 0), Describe(one));
    for (std::size_t i = 0; i < one.messages.size(); ++i)
    {
        const PeerWireMessage& m = one.messages[i];
        CheckValid(m, reference, limits);
        FD_FUZZ_CHECK((m.type == PeerWireMessageType::HANDSHAKE) == (handshake && i == 0),
                      Describe(one));
    }
    FD_FUZZ_CHECK(one.handshakeDone ==
                  (!handshake || (!one.messages.empty() &&
                                  one.messages[0].type == PeerWireMessageType::HANDSHAKE)));

    // 2. In chunks, by Push alone, draining after each.
    {
        PeerWireFramer framer(limits, handshake);
        Outcome o;
        std::size_t pos = 0;
        for (std::size_t n : chunks)
        {
            // Messages completed before an error come out, even in the failing Push; none
            // after a Push that found the framer failed.
            const bool failedBefore = framer.GetError() != PeerWireError::NONE;
            framer.Push(bytes + pos, n);
            pos += n;
            const std::size_t before = o.messages.size();
            Drain(framer, &o.messages);
            FD_FUZZ_CHECK(!failedBefore || o.messages.size() == before,
                          "a message after the error");
        }
        Finish(framer, &o);
        CheckSameOutcome(one, o, "in chunks by Push");
    }

    // 3. One byte at a time.
    {
        PeerWireFramer framer(limits, handshake);
        Outcome o;
        for (std::size_t i = 0; i < stream.size(); ++i)
        {
            framer.Push(bytes + i, 1);
            Drain(framer, &o.messages);
        }
        Finish(framer, &o);
        CheckSameOutcome(one, o, "byte by byte");
    }

    // 4. As PeerConnection does: what GetWant() says, Push or Skip, never more. Each call
    // completes at most one stage, so it tells exactly which bytes each message consumed.
    PeerWireFramer framer(limits, handshake);
    Outcome byWant;
    std::size_t pos = 0;
    std::size_t boundary = 0; // end of the last message or skipped unknown message
    std::size_t failedAt = 0; // offset after the call that failed
    PeerWireError firstError = PeerWireError::NONE;
    uint64_t unknown = 0;
    for (std::size_t chunk : chunks)
    {
        if (chunk == 0)
        {
            framer.Push(bytes + pos, 0);
            continue;
        }
        const std::size_t chunkEnd = pos + chunk;
        while (pos < chunkEnd)
        {
            const PeerWireFramer::Want want = framer.GetWant();
            if (want.bytes == 0)
            {
                break;
            }
            const std::size_t n = std::min(want.bytes, chunkEnd - pos);
            if (want.payload)
            {
                framer.Skip(n);
            }
            else
            {
                framer.Push(bytes + pos, n);
            }
            pos += n;

            if (firstError == PeerWireError::NONE && framer.GetError() != PeerWireError::NONE)
            {
                firstError = framer.GetError();
                failedAt = pos;
            }
            FD_FUZZ_CHECK(framer.GetError() == firstError, "the error changed");
            std::vector<PeerWireMessage> got;
            Drain(framer, &got);
            const uint64_t unknownNow = framer.GetUnknownMessagesSkipped();
            FD_FUZZ_CHECK(got.size() + (unknownNow - unknown) <= 1,
                          "one call within one stage completed two messages");
            if (!got.empty())
            {
                // The message consumed [boundary, pos).
                const PeerWireMessage& m = got[0];
                FD_FUZZ_CHECK(firstError == PeerWireError::NONE, "a message with the error");
                const std::vector<uint8_t> encoded = PeerWireCodec::Encode(m);
                const std::string enc(encoded.begin(), encoded.end());
                const std::size_t consumed = pos - boundary;
                if (m.type == PeerWireMessageType::PIECE)
                {
                    FD_FUZZ_CHECK(consumed == PeerWireCodec::PIECE_HEADER_LENGTH + m.length,
                                  "piece consumed " + std::to_string(consumed) + " bytes");
                    FD_FUZZ_CHECK(stream.compare(boundary, enc.size(), enc) == 0,
                                  "piece header " + fdfuzz::Quote(enc) + " but consumed " +
                                      fdfuzz::Quote(stream.substr(boundary, enc.size())));
                }
                else
                {
                    FD_FUZZ_CHECK(stream.compare(boundary, consumed, enc) == 0,
                                  ToString(m.type) + " re-encodes as " + fdfuzz::Quote(enc) +
                                      " but consumed " +
                                      fdfuzz::Quote(stream.substr(boundary, consumed)));
                }
                byWant.messages.push_back(m);
                boundary = pos;
            }
            if (unknownNow != unknown)
            {
                // A length prefix, an id this framer does not implement, and the body.
                const std::size_t consumed = pos - boundary;
                FD_FUZZ_CHECK(consumed >= 5);
                FD_FUZZ_CHECK(ReadU32(stream, boundary) == consumed - 4);
                FD_FUZZ_CHECK(SkippedIds()[static_cast<uint8_t>(stream[boundary + 4])],
                              "id " + std::to_string(static_cast<uint8_t>(stream[boundary + 4])));
                unknown = unknownNow;
                boundary = pos;
            }
        }
        pos = std::max(pos, chunkEnd); // after an error the rest of the chunk is dropped
    }
    Finish(framer, &byWant);
    CheckSameOutcome(one, byWant, "by GetWant");

    const bool failed = byWant.error != PeerWireError::NONE;
    const bool expectHandshake = handshake && !byWant.handshakeDone;
    if (!failed)
    {
        // Everything after the last boundary is an unfinished message: a fresh framer given
        // those bytes is where this one is.
        PeerWireFramer fresh(limits, expectHandshake);
        fresh.Push(bytes + boundary, stream.size() - boundary);
        FD_FUZZ_CHECK(!fresh.Next() && fresh.GetUnknownMessagesSkipped() == 0 &&
                      fresh.GetError() == PeerWireError::NONE);
        const auto want = fresh.GetWant();
        FD_FUZZ_CHECK(want.payload == byWant.want.payload && want.bytes == byWant.want.bytes,
                      "a fresh framer wants " + std::to_string(want.bytes));
    }
    else
    {
        // A fresh framer at the last boundary fails at the same byte with the same error.
        PeerWireFramer upTo(limits, expectHandshake);
        upTo.Push(bytes + boundary, failedAt - boundary);
        FD_FUZZ_CHECK(upTo.GetError() == byWant.error && !upTo.Next());
        PeerWireFramer before(limits, expectHandshake);
        before.Push(bytes + boundary, failedAt - boundary - 1);
        FD_FUZZ_CHECK(before.GetError() == PeerWireError::NONE);

        // Failed is final: more bytes, even a valid keep-alive, change nothing.
        static const uint8_t keepAlive[4] = {0, 0, 0, 0};
        framer.Push(keepAlive, sizeof(keepAlive));
        framer.Push(bytes, stream.size());
        framer.Skip(16384);
        FD_FUZZ_CHECK(!framer.Next());
        FD_FUZZ_CHECK(framer.GetError() == byWant.error);
        FD_FUZZ_CHECK(framer.GetWant().bytes == 0 && !framer.GetWant().payload);
        FD_FUZZ_CHECK(framer.GetUnknownMessagesSkipped() == byWant.unknown);
        FD_FUZZ_CHECK(framer.GetPayloadBytes() == byWant.payload);
    }

    // 5. The messages found, encoded again (blocks as zeros), frame to the same messages.
    std::string again;
    for (const auto& m : byWant.messages)
    {
        const auto encoded = PeerWireCodec::Encode(m);
        again.append(encoded.begin(), encoded.end());
        if (m.type == PeerWireMessageType::PIECE)
        {
            again.append(m.length, '\0');
        }
    }
    PeerWireFramer reframer(limits, handshake);
    reframer.Push(reinterpret_cast<const uint8_t*>(again.data()), again.size());
    std::vector<PeerWireMessage> reframed;
    Drain(reframer, &reframed);
    FD_FUZZ_CHECK(reframed == byWant.messages && reframer.GetError() == PeerWireError::NONE &&
                  reframer.GetUnknownMessagesSkipped() == 0);
    return 0;
}
