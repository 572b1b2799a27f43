// SPDX-License-Identifier: GPL-2.0-only

#include "peer-wire-framer.h"

#include "ns3/log.h"

#include <algorithm>
#include <cstring>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("PeerWireFramer");

namespace
{

/// Reads a big-endian 32-bit value.
uint32_t
ReadU32(const uint8_t* p)
{
    return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | p[3];
}

/// Handshake stages, as offsets where m_header is checked: pstrlen is checked on its own so
/// that a non-BitTorrent stream is refused after one byte; pstr and info_hash together,
/// before the peer id (a listener may answer as soon as it knows the torrent).
constexpr std::size_t HANDSHAKE_PSTRLEN_END = 1;
constexpr std::size_t HANDSHAKE_INFO_HASH_END = 1 + 19 + 8 + 20;

/// Bytes of fixed fields after the id: have (index), request/cancel (index, begin, length),
/// piece (index, begin; the block follows as payload).
constexpr std::size_t HAVE_BODY = 4;
constexpr std::size_t BLOCK_BODY = 12;
constexpr std::size_t PIECE_BODY = 8;

} // namespace

PeerWireFramer::PeerWireFramer(const PeerWireLimits& limits, bool expectHandshake)
    : m_limits(limits),
      m_state(State::LENGTH),
      m_handshakeDone(!expectHandshake)
{
    const uint64_t bitfieldMessage = 1 + (uint64_t{limits.pieceCount} + 7) / 8;
    const uint64_t pieceMessage = 9 + uint64_t{limits.maxRequestLength};
    m_maxMessageLength =
        std::max({uint64_t{limits.maxMessageLength}, bitfieldMessage, pieceMessage});
    if (expectHandshake)
    {
        m_state = State::HANDSHAKE;
        m_target = HANDSHAKE_PSTRLEN_END;
    }
    else
    {
        ExpectLength();
    }
}

PeerWireFramer::Want
PeerWireFramer::GetWant() const
{
    switch (m_state)
    {
    case State::HANDSHAKE:
    case State::LENGTH:
    case State::BODY:
        return {false, m_target - m_filled};
    case State::ID:
        return {false, 1};
    case State::BITFIELD:
        return {false, static_cast<std::size_t>(m_remaining)};
    case State::PAYLOAD:
    case State::UNKNOWN:
        return {true, static_cast<std::size_t>(m_remaining)};
    case State::FAILED:
        break;
    }
    return {false, 0};
}

void
PeerWireFramer::Push(const uint8_t* data, std::size_t size)
{
    while (size > 0 && m_state != State::FAILED)
    {
        const Want want = GetWant();
        const std::size_t n = std::min(want.bytes, size);
        if (want.payload)
        {
            SkipPayload(n);
        }
        else
        {
            PushHeader(data, n);
        }
        data += n;
        size -= n;
    }
}

void
PeerWireFramer::Skip(std::size_t size)
{
    const Want want = GetWant();
    if (!want.payload)
    {
        // A caller bug, not bad input: skipping header bytes would lose the framing.
        NS_LOG_WARN("Skip(" << size << ") while header bytes are wanted: ignored");
        return;
    }
    if (size > want.bytes)
    {
        NS_LOG_WARN("Skip(" << size << ") beyond the " << want.bytes << " payload bytes wanted");
    }
    SkipPayload(std::min(size, want.bytes));
}

void
PeerWireFramer::PushHeader(const uint8_t* data, std::size_t size)
{
    if (size == 0)
    {
        return;
    }
    switch (m_state)
    {
    case State::HANDSHAKE:
    case State::LENGTH:
    case State::BODY:
        std::memcpy(m_header.data() + m_filled, data, size);
        m_filled += size;
        if (m_filled < m_target)
        {
            return;
        }
        if (m_state == State::HANDSHAKE)
        {
            OnHandshakeStage();
        }
        else if (m_state == State::LENGTH)
        {
            OnLength();
        }
        else
        {
            OnBody();
        }
        return;
    case State::ID:
        OnId(data[0]);
        return;
    case State::BITFIELD:
        m_current.bitfield.insert(m_current.bitfield.end(), data, data + size);
        m_remaining -= size;
        if (m_remaining == 0)
        {
            OnBitfield();
        }
        return;
    case State::PAYLOAD:
    case State::UNKNOWN:
    case State::FAILED:
        return;
    }
}

void
PeerWireFramer::SkipPayload(std::size_t size)
{
    if (size == 0 || (m_state != State::PAYLOAD && m_state != State::UNKNOWN))
    {
        return;
    }
    m_remaining -= size;
    if (m_state == State::PAYLOAD)
    {
        m_payloadBytes += size;
    }
    if (m_remaining > 0)
    {
        return;
    }
    if (m_state == State::PAYLOAD)
    {
        Emit();
    }
    else
    {
        ++m_unknownSkipped;
        ExpectLength();
    }
}

void
PeerWireFramer::OnHandshakeStage()
{
    if (m_filled == HANDSHAKE_PSTRLEN_END)
    {
        if (m_header[0] != std::strlen(PeerWireCodec::PROTOCOL))
        {
            Fail(PeerWireError::BAD_HANDSHAKE);
            return;
        }
        m_target = HANDSHAKE_INFO_HASH_END;
        return;
    }
    if (m_filled == HANDSHAKE_INFO_HASH_END)
    {
        if (std::memcmp(m_header.data() + 1, PeerWireCodec::PROTOCOL, 19) != 0)
        {
            Fail(PeerWireError::BAD_HANDSHAKE);
            return;
        }
        if (std::memcmp(m_header.data() + 28, m_limits.infoHash.data(), 20) != 0)
        {
            Fail(PeerWireError::WRONG_INFO_HASH);
            return;
        }
        m_target = PeerWireCodec::HANDSHAKE_LENGTH;
        return;
    }
    m_current = PeerWireMessage{};
    m_current.type = PeerWireMessageType::HANDSHAKE;
    std::copy_n(m_header.begin() + 20, 8, m_current.reserved.begin());
    std::copy_n(m_header.begin() + 28, 20, m_current.infoHash.begin());
    std::copy_n(m_header.begin() + 48, 20, m_current.peerId.begin());
    m_handshakeDone = true;
    Emit();
}

void
PeerWireFramer::OnLength()
{
    m_length = ReadU32(m_header.data());
    if (m_length == 0)
    {
        m_current = PeerWireMessage{};
        m_current.type = PeerWireMessageType::KEEP_ALIVE;
        Emit();
        return;
    }
    if (m_length > m_maxMessageLength)
    {
        Fail(PeerWireError::MESSAGE_TOO_LONG);
        return;
    }
    m_state = State::ID;
}

void
PeerWireFramer::OnId(uint8_t id)
{
    m_id = id;
    m_current = PeerWireMessage{};
    m_filled = 0;
    // The length prefix is checked against the id at once, before any body byte arrives.
    switch (id)
    {
    case PeerWireCodec::ID_CHOKE:
    case PeerWireCodec::ID_UNCHOKE:
    case PeerWireCodec::ID_INTERESTED:
    case PeerWireCodec::ID_NOT_INTERESTED:
        if (m_length != 1)
        {
            Fail(PeerWireError::BAD_MESSAGE_LENGTH);
            return;
        }
        m_current.type =
            static_cast<PeerWireMessageType>(static_cast<uint8_t>(PeerWireMessageType::CHOKE) + id);
        Emit();
        return;
    case PeerWireCodec::ID_HAVE_ALL:
    case PeerWireCodec::ID_HAVE_NONE:
        if (m_length != 1)
        {
            Fail(PeerWireError::BAD_MESSAGE_LENGTH);
            return;
        }
        m_current.type = id == PeerWireCodec::ID_HAVE_ALL ? PeerWireMessageType::HAVE_ALL
                                                          : PeerWireMessageType::HAVE_NONE;
        Emit();
        return;
    case PeerWireCodec::ID_SUGGEST_PIECE:
    case PeerWireCodec::ID_ALLOWED_FAST:
    case PeerWireCodec::ID_HAVE:
        if (m_length != 1 + HAVE_BODY)
        {
            Fail(PeerWireError::BAD_MESSAGE_LENGTH);
            return;
        }
        m_state = State::BODY;
        m_target = HAVE_BODY;
        return;
    case PeerWireCodec::ID_BITFIELD: {
        const uint64_t bytes = (uint64_t{m_limits.pieceCount} + 7) / 8;
        if (m_length - 1 != bytes)
        {
            Fail(PeerWireError::BAD_BITFIELD_SIZE);
            return;
        }
        m_current.type = PeerWireMessageType::BITFIELD;
        if (bytes == 0)
        {
            Emit();
            return;
        }
        m_current.bitfield.reserve(bytes);
        m_remaining = bytes;
        m_state = State::BITFIELD;
        return;
    }
    case PeerWireCodec::ID_REQUEST:
    case PeerWireCodec::ID_CANCEL:
    case PeerWireCodec::ID_REJECT_REQUEST:
        if (m_length != 1 + BLOCK_BODY)
        {
            Fail(PeerWireError::BAD_MESSAGE_LENGTH);
            return;
        }
        m_state = State::BODY;
        m_target = BLOCK_BODY;
        return;
    case PeerWireCodec::ID_PIECE:
        if (m_length < 1 + PIECE_BODY)
        {
            Fail(PeerWireError::BAD_MESSAGE_LENGTH);
            return;
        }
        m_state = State::BODY;
        m_target = PIECE_BODY;
        return;
    default:
        // port (9), extension protocol (20), ...: skipped whole.
        NS_LOG_LOGIC("skipping message id " << unsigned{id} << " of length " << m_length);
        m_remaining = m_length - 1;
        if (m_remaining == 0)
        {
            ++m_unknownSkipped;
            ExpectLength();
            return;
        }
        m_state = State::UNKNOWN;
        return;
    }
}

void
PeerWireFramer::OnBody()
{
    const uint8_t* p = m_header.data();
    const uint32_t index = ReadU32(p);
    if (index >= m_limits.pieceCount)
    {
        Fail(PeerWireError::PIECE_INDEX_OUT_OF_RANGE);
        return;
    }
    m_current.index = index;
    if (m_id == PeerWireCodec::ID_HAVE || m_id == PeerWireCodec::ID_SUGGEST_PIECE ||
        m_id == PeerWireCodec::ID_ALLOWED_FAST)
    {
        m_current.type = m_id == PeerWireCodec::ID_HAVE ? PeerWireMessageType::HAVE
                         : m_id == PeerWireCodec::ID_SUGGEST_PIECE
                             ? PeerWireMessageType::SUGGEST_PIECE
                             : PeerWireMessageType::ALLOWED_FAST;
        Emit();
        return;
    }
    m_current.begin = ReadU32(p + 4);
    m_current.length = m_id == PeerWireCodec::ID_PIECE ? m_length - 1 - PIECE_BODY : ReadU32(p + 8);
    const PeerWireError error = CheckBlock(index, m_current.begin, m_current.length);
    if (error != PeerWireError::NONE)
    {
        Fail(error);
        return;
    }
    if (m_id == PeerWireCodec::ID_PIECE)
    {
        m_current.type = PeerWireMessageType::PIECE;
        m_remaining = m_current.length;
        m_state = State::PAYLOAD;
        return;
    }
    m_current.type = m_id == PeerWireCodec::ID_REQUEST  ? PeerWireMessageType::REQUEST
                     : m_id == PeerWireCodec::ID_CANCEL ? PeerWireMessageType::CANCEL
                                                        : PeerWireMessageType::REJECT_REQUEST;
    Emit();
}

void
PeerWireFramer::OnBitfield()
{
    // Only the last byte can hold spare bits: pieces are numbered from the high bit down.
    const uint32_t usedBits = m_limits.pieceCount % 8;
    if (usedBits != 0)
    {
        const uint8_t spareMask = static_cast<uint8_t>(0xff >> usedBits);
        if ((m_current.bitfield.back() & spareMask) != 0)
        {
            Fail(PeerWireError::BITFIELD_SPARE_BITS_SET);
            return;
        }
    }
    Emit();
}

PeerWireError
PeerWireFramer::CheckBlock(uint32_t index, uint32_t begin, uint32_t length) const
{
    if (length == 0 || length > m_limits.maxRequestLength)
    {
        return PeerWireError::BLOCK_OUT_OF_RANGE;
    }
    // 64-bit sum: begin + length must not wrap around.
    if (uint64_t{begin} + length > GetPieceSize(index))
    {
        return PeerWireError::BLOCK_OUT_OF_RANGE;
    }
    return PeerWireError::NONE;
}

uint64_t
PeerWireFramer::GetPieceSize(uint32_t index) const
{
    if (index >= m_limits.pieceCount)
    {
        return 0;
    }
    if (index + 1 < m_limits.pieceCount)
    {
        return m_limits.pieceLength;
    }
    const uint64_t before = uint64_t{index} * m_limits.pieceLength;
    if (m_limits.totalLength <= before)
    {
        return 0;
    }
    return std::min<uint64_t>(m_limits.totalLength - before, m_limits.pieceLength);
}

void
PeerWireFramer::Emit()
{
    NS_LOG_LOGIC("message " << ToString(m_current.type));
    m_ready.push_back(std::move(m_current));
    m_current = PeerWireMessage{};
    ExpectLength();
}

void
PeerWireFramer::ExpectLength()
{
    m_state = State::LENGTH;
    m_filled = 0;
    m_target = 4;
}

void
PeerWireFramer::Fail(PeerWireError error)
{
    NS_LOG_LOGIC("malformed stream: " << ToString(error));
    m_error = error;
    m_state = State::FAILED;
    m_remaining = 0;
    m_current = PeerWireMessage{};
}

std::optional<PeerWireMessage>
PeerWireFramer::Next()
{
    if (m_ready.empty())
    {
        return std::nullopt;
    }
    PeerWireMessage message = std::move(m_ready.front());
    m_ready.pop_front();
    return message;
}

PeerWireError
PeerWireFramer::GetError() const
{
    return m_error;
}

uint64_t
PeerWireFramer::GetUnknownMessagesSkipped() const
{
    return m_unknownSkipped;
}

uint64_t
PeerWireFramer::GetPayloadBytes() const
{
    return m_payloadBytes;
}

bool
PeerWireFramer::IsHandshakeDone() const
{
    return m_handshakeDone;
}

uint64_t
PeerWireFramer::GetMaxMessageLength() const
{
    return m_maxMessageLength;
}

} // namespace ns3
