// SPDX-License-Identifier: GPL-2.0-only

#ifndef FILE_DISTRIBUTION_PEER_WIRE_FRAMER_H
#define FILE_DISTRIBUTION_PEER_WIRE_FRAMER_H

#include "peer-wire-message.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>

namespace ns3
{

/**
 * \ingroup file-distribution
 * \brief Turns the TCP byte stream of one peer wire connection into BEP 3 messages.
 *
 * TCP cuts the stream anywhere, so the framer is a state machine that says what it needs
 * next (GetWant()): up to n header bytes, which the caller copies out of its packet and
 * Push()es, or up to n payload bytes (the block of a piece, the body of a message this
 * module does not implement), which the caller drops from its packet with Skip(). Payload
 * is never copied, so a 16 KiB block costs O(1) whatever its size; header bytes go through
 * a fixed 68-byte buffer, and a bitfield body is the only variable-size thing copied.
 *
 * Every message is checked against the torrent's geometry (PeerWireLimits) as soon as the
 * bytes that decide it are in: a bad length prefix is refused before its body arrives.
 * The first violation puts the framer in a final error state (GetError()); it then wants
 * nothing more and returns no message that came after the bad one. The owner closes the
 * connection. Pure logic: no sockets, no simulator, no assertion on what the network sends.
 */
class PeerWireFramer
{
  public:
    /**
     * \param limits the torrent geometry to check messages against
     * \param expectHandshake true (the default) if the stream starts with the 68-byte
     *        handshake, false to start directly with length-prefixed messages
     */
    explicit PeerWireFramer(const PeerWireLimits& limits, bool expectHandshake = true);

    /// What the stream must give the framer next.
    struct Want
    {
        bool payload;      //!< false: header bytes to Push(); true: payload bytes to Skip()
        std::size_t bytes; //!< at most this many; > 0 unless the framer is in error
    };

    /**
     * \return what the framer needs next ({false, 0} once in error)
     */
    Want GetWant() const;

    /**
     * \brief Gives the framer header bytes, as they came off the stream.
     *
     * Normally size <= GetWant().bytes with GetWant().payload false. Larger inputs are
     * accepted too: the framer walks through them, handling any payload part as Skip() would
     * (still without copying it). Bytes given after an error are ignored.
     * \param data the bytes
     * \param size how many
     */
    void Push(const uint8_t* data, std::size_t size);

    /**
     * \brief Consumes payload bytes that the caller drops from its buffer.
     *
     * Only valid when GetWant().payload is true; at most GetWant().bytes are consumed.
     * \param size how many bytes
     */
    void Skip(std::size_t size);

    /**
     * \brief Takes the next complete message, in stream order.
     *
     * A PIECE is returned once its whole block was skipped; its length is the block length.
     * Messages completed before an error are still returned; none after it.
     * \return the message, or nothing if no complete message is waiting
     */
    std::optional<PeerWireMessage> Next();

    /**
     * \return NONE until the stream is found malformed, then the first error (final)
     */
    PeerWireError GetError() const;

    /**
     * \return how many messages with an id this framer does not implement (port, BEP 6
     *         fast extension, BEP 10 extension protocol, ...) were skipped whole
     */
    uint64_t GetUnknownMessagesSkipped() const;

    /**
     * \return how many piece block bytes were consumed so far
     */
    uint64_t GetPayloadBytes() const;

    /**
     * \return true once the whole handshake was received (always true without handshake)
     */
    bool IsHandshakeDone() const;

    /**
     * \brief The longest length prefix accepted: limits.maxMessageLength, raised if needed so
     * that a well-formed bitfield or a block of maxRequestLength bytes is never refused.
     * \return the limit in bytes
     */
    uint64_t GetMaxMessageLength() const;

    /**
     * \brief The size of a piece: pieceLength, except for the last piece.
     * \param index the piece (must be < pieceCount)
     * \return its size in bytes (0 if the limits are inconsistent)
     */
    uint64_t GetPieceSize(uint32_t index) const;

  private:
    /// Where the framer is in the stream.
    enum class State : uint8_t
    {
        HANDSHAKE, //!< filling m_header with a stage of the handshake
        LENGTH,    //!< filling m_header with a 4-byte length prefix
        ID,        //!< waiting for the 1-byte message id
        BODY,      //!< filling m_header with the fixed fields after the id
        BITFIELD,  //!< copying the bitfield body into m_current
        PAYLOAD,   //!< skipping the block of a piece
        UNKNOWN,   //!< skipping the body of a message this framer does not implement
        FAILED,    //!< the stream is malformed
    };

    /// Copies header bytes (at most what is wanted) into the state machine.
    void PushHeader(const uint8_t* data, std::size_t size);
    /// Consumes payload bytes (at most what is wanted).
    void SkipPayload(std::size_t size);
    /// Checks a completed stage of the handshake.
    void OnHandshakeStage();
    /// Acts on a complete length prefix.
    void OnLength();
    /// Acts on the message id.
    void OnId(uint8_t id);
    /// Decodes the fixed fields after the id.
    void OnBody();
    /// Checks a complete bitfield.
    void OnBitfield();
    /// Checks index, begin and length of a block (request, cancel, piece).
    /// \return the error, or NONE
    PeerWireError CheckBlock(uint32_t index, uint32_t begin, uint32_t length) const;
    /// Queues a complete message and waits for the next length prefix.
    void Emit();
    /// Waits for the next length prefix.
    void ExpectLength();
    /// Enters the final error state.
    void Fail(PeerWireError error);

    PeerWireLimits m_limits;     //!< the torrent geometry
    uint64_t m_maxMessageLength; //!< longest length prefix accepted
    State m_state;               //!< where the framer is
    std::array<uint8_t, PeerWireCodec::HANDSHAKE_LENGTH> m_header{}; //!< header bytes so far
    std::size_t m_filled{0};                                         //!< bytes of m_header filled
    std::size_t m_target{0};             //!< bytes of m_header the current stage needs
    uint32_t m_length{0};                //!< length prefix of the current message
    uint8_t m_id{0};                     //!< id of the current message
    uint64_t m_remaining{0};             //!< bitfield, block or unknown body bytes still to come
    PeerWireMessage m_current;           //!< the message being assembled
    std::deque<PeerWireMessage> m_ready; //!< complete messages not yet taken by Next()
    PeerWireError m_error{PeerWireError::NONE}; //!< first error, final
    uint64_t m_unknownSkipped{0};               //!< messages with unimplemented ids skipped
    uint64_t m_payloadBytes{0};                 //!< piece block bytes consumed
    bool m_handshakeDone;                       //!< the handshake was received
};

} // namespace ns3

#endif // FILE_DISTRIBUTION_PEER_WIRE_FRAMER_H
