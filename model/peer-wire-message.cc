// SPDX-License-Identifier: GPL-2.0-only

#include "peer-wire-message.h"

#include <cstring>

namespace ns3
{

namespace
{

/// Appends \p value big-endian (network byte order), as BEP 3 requires.
void
AppendU32(std::vector<uint8_t>& out, uint32_t value)
{
    out.push_back(static_cast<uint8_t>(value >> 24));
    out.push_back(static_cast<uint8_t>(value >> 16));
    out.push_back(static_cast<uint8_t>(value >> 8));
    out.push_back(static_cast<uint8_t>(value));
}

/// A message of only a length prefix 1 and an id.
std::vector<uint8_t>
EncodeIdOnly(uint8_t id)
{
    std::vector<uint8_t> out;
    out.reserve(5);
    AppendU32(out, 1);
    out.push_back(id);
    return out;
}

/// have, suggest piece and allowed fast share their layout.
std::vector<uint8_t>
EncodeIndexMessage(uint8_t id, uint32_t index)
{
    std::vector<uint8_t> out;
    out.reserve(9);
    AppendU32(out, 5);
    out.push_back(id);
    AppendU32(out, index);
    return out;
}

/// request, cancel and reject request share their layout.
std::vector<uint8_t>
EncodeBlockMessage(uint8_t id, uint32_t index, uint32_t begin, uint32_t length)
{
    std::vector<uint8_t> out;
    out.reserve(17);
    AppendU32(out, 13);
    out.push_back(id);
    AppendU32(out, index);
    AppendU32(out, begin);
    AppendU32(out, length);
    return out;
}

} // namespace

bool
operator==(const PeerWireMessage& a, const PeerWireMessage& b)
{
    return a.type == b.type && a.index == b.index && a.begin == b.begin && a.length == b.length &&
           a.bitfield == b.bitfield && a.infoHash == b.infoHash && a.peerId == b.peerId &&
           a.reserved == b.reserved;
}

bool
operator!=(const PeerWireMessage& a, const PeerWireMessage& b)
{
    return !(a == b);
}

std::string
ToString(PeerWireError error)
{
    switch (error)
    {
    case PeerWireError::NONE:
        return "no error";
    case PeerWireError::BAD_HANDSHAKE:
        return "bad handshake (pstrlen is not 19 or pstr is not \"BitTorrent protocol\")";
    case PeerWireError::WRONG_INFO_HASH:
        return "handshake info_hash is not this torrent's";
    case PeerWireError::MESSAGE_TOO_LONG:
        return "length prefix above the maximum message length";
    case PeerWireError::BAD_MESSAGE_LENGTH:
        return "length prefix wrong for the message id";
    case PeerWireError::BAD_BITFIELD_SIZE:
        return "bitfield size does not match the piece count";
    case PeerWireError::BITFIELD_SPARE_BITS_SET:
        return "bitfield has spare bits set past the last piece";
    case PeerWireError::PIECE_INDEX_OUT_OF_RANGE:
        return "piece index out of range";
    case PeerWireError::BLOCK_OUT_OF_RANGE:
        return "block out of range (beyond the piece, empty or too long)";
    }
    return "unknown error";
}

std::string
ToString(PeerWireMessageType type)
{
    switch (type)
    {
    case PeerWireMessageType::HANDSHAKE:
        return "handshake";
    case PeerWireMessageType::KEEP_ALIVE:
        return "keep-alive";
    case PeerWireMessageType::CHOKE:
        return "choke";
    case PeerWireMessageType::UNCHOKE:
        return "unchoke";
    case PeerWireMessageType::INTERESTED:
        return "interested";
    case PeerWireMessageType::NOT_INTERESTED:
        return "not interested";
    case PeerWireMessageType::HAVE:
        return "have";
    case PeerWireMessageType::BITFIELD:
        return "bitfield";
    case PeerWireMessageType::REQUEST:
        return "request";
    case PeerWireMessageType::PIECE:
        return "piece";
    case PeerWireMessageType::CANCEL:
        return "cancel";
    case PeerWireMessageType::SUGGEST_PIECE:
        return "suggest piece";
    case PeerWireMessageType::HAVE_ALL:
        return "have all";
    case PeerWireMessageType::HAVE_NONE:
        return "have none";
    case PeerWireMessageType::REJECT_REQUEST:
        return "reject request";
    case PeerWireMessageType::ALLOWED_FAST:
        return "allowed fast";
    }
    return "unknown";
}

std::vector<uint8_t>
PeerWireCodec::EncodeHandshake(const std::array<uint8_t, 20>& infoHash,
                               const std::array<uint8_t, 20>& peerId,
                               const std::array<uint8_t, 8>& reserved)
{
    std::vector<uint8_t> out;
    out.reserve(HANDSHAKE_LENGTH);
    const std::size_t pstrlen = std::strlen(PROTOCOL);
    out.push_back(static_cast<uint8_t>(pstrlen));
    out.insert(out.end(), PROTOCOL, PROTOCOL + pstrlen);
    out.insert(out.end(), reserved.begin(), reserved.end());
    out.insert(out.end(), infoHash.begin(), infoHash.end());
    out.insert(out.end(), peerId.begin(), peerId.end());
    return out;
}

std::vector<uint8_t>
PeerWireCodec::EncodeKeepAlive()
{
    return {0, 0, 0, 0};
}

std::vector<uint8_t>
PeerWireCodec::EncodeChoke()
{
    return EncodeIdOnly(ID_CHOKE);
}

std::vector<uint8_t>
PeerWireCodec::EncodeUnchoke()
{
    return EncodeIdOnly(ID_UNCHOKE);
}

std::vector<uint8_t>
PeerWireCodec::EncodeInterested()
{
    return EncodeIdOnly(ID_INTERESTED);
}

std::vector<uint8_t>
PeerWireCodec::EncodeNotInterested()
{
    return EncodeIdOnly(ID_NOT_INTERESTED);
}

std::array<uint8_t, 8>
PeerWireCodec::Reserved(bool fast)
{
    std::array<uint8_t, 8> reserved{};
    reserved[FAST_EXTENSION_BYTE] = fast ? FAST_EXTENSION_BIT : 0;
    return reserved;
}

bool
PeerWireCodec::HasFastExtension(const std::array<uint8_t, 8>& reserved)
{
    return (reserved[FAST_EXTENSION_BYTE] & FAST_EXTENSION_BIT) != 0;
}

std::vector<uint8_t>
PeerWireCodec::EncodeHave(uint32_t index)
{
    return EncodeIndexMessage(ID_HAVE, index);
}

std::vector<uint8_t>
PeerWireCodec::EncodeSuggestPiece(uint32_t index)
{
    return EncodeIndexMessage(ID_SUGGEST_PIECE, index);
}

std::vector<uint8_t>
PeerWireCodec::EncodeHaveAll()
{
    return EncodeIdOnly(ID_HAVE_ALL);
}

std::vector<uint8_t>
PeerWireCodec::EncodeHaveNone()
{
    return EncodeIdOnly(ID_HAVE_NONE);
}

std::vector<uint8_t>
PeerWireCodec::EncodeRejectRequest(uint32_t index, uint32_t begin, uint32_t length)
{
    return EncodeBlockMessage(ID_REJECT_REQUEST, index, begin, length);
}

std::vector<uint8_t>
PeerWireCodec::EncodeAllowedFast(uint32_t index)
{
    return EncodeIndexMessage(ID_ALLOWED_FAST, index);
}

std::vector<uint8_t>
PeerWireCodec::EncodeBitfield(const std::vector<uint8_t>& bytes)
{
    std::vector<uint8_t> out;
    out.reserve(5 + bytes.size());
    AppendU32(out, static_cast<uint32_t>(1 + bytes.size()));
    out.push_back(ID_BITFIELD);
    out.insert(out.end(), bytes.begin(), bytes.end());
    return out;
}

std::vector<uint8_t>
PeerWireCodec::EncodeRequest(uint32_t index, uint32_t begin, uint32_t length)
{
    return EncodeBlockMessage(ID_REQUEST, index, begin, length);
}

std::vector<uint8_t>
PeerWireCodec::EncodeCancel(uint32_t index, uint32_t begin, uint32_t length)
{
    return EncodeBlockMessage(ID_CANCEL, index, begin, length);
}

std::vector<uint8_t>
PeerWireCodec::EncodePieceHeader(uint32_t index, uint32_t begin, uint32_t blockLength)
{
    std::vector<uint8_t> out;
    out.reserve(PIECE_HEADER_LENGTH);
    AppendU32(out, 9 + blockLength);
    out.push_back(ID_PIECE);
    AppendU32(out, index);
    AppendU32(out, begin);
    return out;
}

std::vector<uint8_t>
PeerWireCodec::Encode(const PeerWireMessage& message)
{
    switch (message.type)
    {
    case PeerWireMessageType::HANDSHAKE:
        return EncodeHandshake(message.infoHash, message.peerId, message.reserved);
    case PeerWireMessageType::KEEP_ALIVE:
        return EncodeKeepAlive();
    case PeerWireMessageType::CHOKE:
        return EncodeChoke();
    case PeerWireMessageType::UNCHOKE:
        return EncodeUnchoke();
    case PeerWireMessageType::INTERESTED:
        return EncodeInterested();
    case PeerWireMessageType::NOT_INTERESTED:
        return EncodeNotInterested();
    case PeerWireMessageType::HAVE:
        return EncodeHave(message.index);
    case PeerWireMessageType::BITFIELD:
        return EncodeBitfield(message.bitfield);
    case PeerWireMessageType::REQUEST:
        return EncodeRequest(message.index, message.begin, message.length);
    case PeerWireMessageType::PIECE:
        return EncodePieceHeader(message.index, message.begin, message.length);
    case PeerWireMessageType::CANCEL:
        return EncodeCancel(message.index, message.begin, message.length);
    case PeerWireMessageType::SUGGEST_PIECE:
        return EncodeSuggestPiece(message.index);
    case PeerWireMessageType::HAVE_ALL:
        return EncodeHaveAll();
    case PeerWireMessageType::HAVE_NONE:
        return EncodeHaveNone();
    case PeerWireMessageType::REJECT_REQUEST:
        return EncodeRejectRequest(message.index, message.begin, message.length);
    case PeerWireMessageType::ALLOWED_FAST:
        return EncodeAllowedFast(message.index);
    }
    return {};
}

} // namespace ns3
