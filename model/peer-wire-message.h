// SPDX-License-Identifier: GPL-2.0-only

#ifndef FILE_DISTRIBUTION_PEER_WIRE_MESSAGE_H
#define FILE_DISTRIBUTION_PEER_WIRE_MESSAGE_H

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup file-distribution
 * \brief The torrent geometry a PeerWireFramer checks incoming messages against.
 *
 * Piece i has pieceLength bytes, except the last one, which holds what is left of
 * totalLength.
 */
struct PeerWireLimits
{
    uint32_t pieceCount{0};             //!< number of pieces of the torrent
    uint32_t pieceLength{0};            //!< bytes per piece (all but the last)
    uint64_t totalLength{0};            //!< bytes of the whole content
    std::array<uint8_t, 20> infoHash{}; //!< the only info_hash the handshake may carry
    uint32_t maxRequestLength = 131072; //!< requests and piece blocks longer than this are errors
    /**
     * Length prefixes above this are errors (MESSAGE_TOO_LONG), unless a well-formed
     * bitfield or block of this geometry needs that length.
     */
    uint32_t maxMessageLength = 1 << 20;
};

/**
 * \ingroup file-distribution
 * \brief The kinds of BEP 3 peer wire messages.
 */
enum class PeerWireMessageType : uint8_t
{
    HANDSHAKE,      //!< pstrlen, pstr, reserved, info_hash, peer_id (no length prefix)
    KEEP_ALIVE,     //!< length prefix 0, no id
    CHOKE,          //!< id 0
    UNCHOKE,        //!< id 1
    INTERESTED,     //!< id 2
    NOT_INTERESTED, //!< id 3
    HAVE,           //!< id 4: index
    BITFIELD,       //!< id 5: one bit per piece
    REQUEST,        //!< id 6: index, begin, length
    PIECE,          //!< id 7: index, begin, block
    CANCEL,         //!< id 8: index, begin, length
    SUGGEST_PIECE,  //!< id 13 (BEP 6): index
    HAVE_ALL,       //!< id 14 (BEP 6): instead of a full bitfield
    HAVE_NONE,      //!< id 15 (BEP 6): instead of an empty bitfield
    REJECT_REQUEST, //!< id 16 (BEP 6): index, begin, length of a request that will not be served
    ALLOWED_FAST,   //!< id 17 (BEP 6): index of a piece we may request while choked
};

/**
 * \ingroup file-distribution
 * \brief One decoded peer wire message. Only the fields of its type are meaningful.
 *
 * A PIECE carries no payload: its block is virtual, only its length is kept (in length).
 */
struct PeerWireMessage
{
    PeerWireMessageType type{PeerWireMessageType::KEEP_ALIVE}; //!< which message
    uint32_t index{0};             //!< HAVE, REQUEST, CANCEL, PIECE and BEP 6's: the piece index
    uint32_t begin{0};             //!< REQUEST, CANCEL, REJECT_REQUEST, PIECE: offset in the piece
    uint32_t length{0};            //!< REQUEST, CANCEL, REJECT_REQUEST: bytes; PIECE: the block's
    std::vector<uint8_t> bitfield; //!< BITFIELD: raw bytes, piece 0 is the high bit of byte 0
    std::array<uint8_t, 20> infoHash{}; //!< HANDSHAKE: the torrent's info_hash
    std::array<uint8_t, 20> peerId{};   //!< HANDSHAKE: the remote peer's id
    std::array<uint8_t, 8> reserved{};  //!< HANDSHAKE: extension bits (BEP 4): BEP 6's only
};

/**
 * \brief Compares every field of two messages (also those their type does not use).
 * \param a one message
 * \param b the other
 * \return true if equal
 */
bool operator==(const PeerWireMessage& a, const PeerWireMessage& b);

/**
 * \brief Negation of operator==.
 * \param a one message
 * \param b the other
 * \return true if different
 */
bool operator!=(const PeerWireMessage& a, const PeerWireMessage& b);

/**
 * \ingroup file-distribution
 * \brief Why a peer wire stream was found malformed. Any error is final for the connection.
 */
enum class PeerWireError
{
    NONE,                     //!< no error so far
    BAD_HANDSHAKE,            //!< pstrlen is not 19 or pstr is not "BitTorrent protocol"
    WRONG_INFO_HASH,          //!< the handshake names another torrent
    MESSAGE_TOO_LONG,         //!< length prefix above the limit
    BAD_MESSAGE_LENGTH,       //!< length prefix wrong for the message id
    BAD_BITFIELD_SIZE,        //!< bitfield is not ceil(pieceCount / 8) bytes
    BITFIELD_SPARE_BITS_SET,  //!< a bit past the last piece is set
    PIECE_INDEX_OUT_OF_RANGE, //!< index >= pieceCount
    BLOCK_OUT_OF_RANGE,       //!< begin + length beyond the piece, length zero or too long
};

/**
 * \ingroup file-distribution
 * \brief A human-readable description of an error.
 * \param error the error
 * \return its description
 */
std::string ToString(PeerWireError error);

/**
 * \ingroup file-distribution
 * \brief The name of a message type, as in BEP 3 ("choke", "not interested", ...).
 * \param type the type
 * \return its name
 */
std::string ToString(PeerWireMessageType type);

/**
 * \ingroup file-distribution
 * \brief Encodes BEP 3 peer wire messages as the bytes that go on the wire (big-endian).
 *
 * All members are static: the codec has no state. Decoding is PeerWireFramer's job.
 */
class PeerWireCodec
{
  public:
    /// Length of the handshake: 1 + 19 + 8 + 20 + 20 bytes.
    static constexpr std::size_t HANDSHAKE_LENGTH = 68;
    /// Length of a piece message without its block: prefix, id, index, begin.
    static constexpr std::size_t PIECE_HEADER_LENGTH = 13;
    /// The protocol string of the handshake.
    static constexpr const char* PROTOCOL = "BitTorrent protocol";

    static constexpr uint8_t ID_CHOKE = 0;           //!< message id of choke
    static constexpr uint8_t ID_UNCHOKE = 1;         //!< message id of unchoke
    static constexpr uint8_t ID_INTERESTED = 2;      //!< message id of interested
    static constexpr uint8_t ID_NOT_INTERESTED = 3;  //!< message id of not interested
    static constexpr uint8_t ID_HAVE = 4;            //!< message id of have
    static constexpr uint8_t ID_BITFIELD = 5;        //!< message id of bitfield
    static constexpr uint8_t ID_REQUEST = 6;         //!< message id of request
    static constexpr uint8_t ID_PIECE = 7;           //!< message id of piece
    static constexpr uint8_t ID_CANCEL = 8;          //!< message id of cancel
    static constexpr uint8_t ID_SUGGEST_PIECE = 13;  //!< BEP 6: message id of suggest piece
    static constexpr uint8_t ID_HAVE_ALL = 14;       //!< BEP 6: message id of have all
    static constexpr uint8_t ID_HAVE_NONE = 15;      //!< BEP 6: message id of have none
    static constexpr uint8_t ID_REJECT_REQUEST = 16; //!< BEP 6: message id of reject request
    static constexpr uint8_t ID_ALLOWED_FAST = 17;   //!< BEP 6: message id of allowed fast
    /// BEP 6: the handshake's reserved byte and bit that announce the Fast Extension.
    static constexpr std::size_t FAST_EXTENSION_BYTE = 7;
    static constexpr uint8_t FAST_EXTENSION_BIT = 0x04; //!< see FAST_EXTENSION_BYTE

    /**
     * \param fast announce BEP 6's Fast Extension
     * \return the handshake's reserved bytes
     */
    static std::array<uint8_t, 8> Reserved(bool fast);
    /**
     * \param reserved a handshake's reserved bytes
     * \return true if they announce BEP 6's Fast Extension
     */
    static bool HasFastExtension(const std::array<uint8_t, 8>& reserved);

    /**
     * \brief The handshake: pstrlen 19, "BitTorrent protocol", reserved, info_hash, peer_id.
     * \param infoHash SHA-1 of the torrent's info dictionary
     * \param peerId the sender's peer id
     * \param reserved the 8 reserved (extension) bytes, zero by default
     * \return the 68 bytes
     */
    static std::vector<uint8_t> EncodeHandshake(const std::array<uint8_t, 20>& infoHash,
                                                const std::array<uint8_t, 20>& peerId,
                                                const std::array<uint8_t, 8>& reserved = {});
    /**
     * \brief A keep-alive: a zero length prefix.
     * \return the 4 bytes
     */
    static std::vector<uint8_t> EncodeKeepAlive();
    /**
     * \brief choke (id 0).
     * \return the 5 bytes
     */
    static std::vector<uint8_t> EncodeChoke();
    /**
     * \brief unchoke (id 1).
     * \return the 5 bytes
     */
    static std::vector<uint8_t> EncodeUnchoke();
    /**
     * \brief interested (id 2).
     * \return the 5 bytes
     */
    static std::vector<uint8_t> EncodeInterested();
    /**
     * \brief not interested (id 3).
     * \return the 5 bytes
     */
    static std::vector<uint8_t> EncodeNotInterested();
    /**
     * \brief have (id 4).
     * \param index the piece the sender now has
     * \return the 9 bytes
     */
    static std::vector<uint8_t> EncodeHave(uint32_t index);
    /**
     * \brief bitfield (id 5).
     * \param bytes the bitfield, piece 0 in the high bit of byte 0, spare bits zero
     * \return 5 + bytes.size() bytes
     */
    static std::vector<uint8_t> EncodeBitfield(const std::vector<uint8_t>& bytes);
    /**
     * \brief request (id 6).
     * \param index the piece
     * \param begin the offset of the block within the piece
     * \param length the bytes requested
     * \return the 17 bytes
     */
    static std::vector<uint8_t> EncodeRequest(uint32_t index, uint32_t begin, uint32_t length);
    /**
     * \brief cancel (id 8).
     * \param index the piece
     * \param begin the offset of the block within the piece
     * \param length the bytes that were requested
     * \return the 17 bytes
     */
    static std::vector<uint8_t> EncodeCancel(uint32_t index, uint32_t begin, uint32_t length);
    /**
     * \brief suggest piece (BEP 6, id 13).
     * \param index the piece
     * \return the 9 bytes
     */
    static std::vector<uint8_t> EncodeSuggestPiece(uint32_t index);
    /**
     * \brief have all (BEP 6, id 14).
     * \return the 5 bytes
     */
    static std::vector<uint8_t> EncodeHaveAll();
    /**
     * \brief have none (BEP 6, id 15).
     * \return the 5 bytes
     */
    static std::vector<uint8_t> EncodeHaveNone();
    /**
     * \brief reject request (BEP 6, id 16).
     * \param index the piece
     * \param begin the offset of the block within the piece
     * \param length the bytes that were requested
     * \return the 17 bytes
     */
    static std::vector<uint8_t> EncodeRejectRequest(uint32_t index,
                                                    uint32_t begin,
                                                    uint32_t length);
    /**
     * \brief allowed fast (BEP 6, id 17).
     * \param index the piece the receiver may request even while we choke it
     * \return the 9 bytes
     */
    static std::vector<uint8_t> EncodeAllowedFast(uint32_t index);
    /**
     * \brief The header of a piece message (id 7): length prefix 9 + blockLength, id, index,
     * begin. The sender appends the blockLength bytes of the block itself.
     * \param index the piece
     * \param begin the offset of the block within the piece
     * \param blockLength the bytes of the block that follow
     * \return the 13 bytes
     */
    static std::vector<uint8_t> EncodePieceHeader(uint32_t index,
                                                  uint32_t begin,
                                                  uint32_t blockLength);
    /**
     * \brief Encodes any message by its type (a PIECE gives its header only).
     * \param message the message
     * \return its bytes
     */
    static std::vector<uint8_t> Encode(const PeerWireMessage& message);
};

} // namespace ns3

#endif // FILE_DISTRIBUTION_PEER_WIRE_MESSAGE_H
