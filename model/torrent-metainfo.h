// SPDX-License-Identifier: GPL-2.0-only

#ifndef FILE_DISTRIBUTION_TORRENT_METAINFO_H
#define FILE_DISTRIBUTION_TORRENT_METAINFO_H

#include <array>
#include <cstdint>
#include <optional>
#include <string>

/**
 * \file
 * \ingroup file-distribution
 * TorrentMetainfo: what a single-file .torrent says (BEP 3 "Metainfo files").
 */

namespace ns3
{

/**
 * \ingroup file-distribution
 * \brief The metainfo of a single-file torrent: name, length, pieces and info_hash.
 *
 * Either synthesized (the payload is virtual zero bytes, so the piece hashes are those of
 * zero-filled pieces) or parsed from a real .torrent file. The info_hash is the SHA-1
 * (OpenSSL libcrypto) of the bencoded info dictionary exactly as it appears in the bytes, so
 * it matches what BitTorrent clients and Wireshark show for the same file. Pure logic: no
 * sockets, no simulator; malformed input is an error value.
 */
class TorrentMetainfo
{
  public:
    /// The piece length of BEP 3's era and of mktorrent's default: 256 KiB.
    static constexpr uint32_t DEFAULT_PIECE_LENGTH = 262144;

    /// An empty torrent: no name, length 0, no pieces.
    TorrentMetainfo();

    /**
     * \brief Builds the metainfo of a file of \p length zero bytes.
     *
     * The info dictionary holds exactly length, name, piece length and pieces, as mktorrent
     * writes it, so a zero-filled file of that name gives the same info_hash with
     * `mktorrent -l log2(pieceLength)`. Only the distinct piece sizes (at most two) are hashed.
     * \param name the file name
     * \param length the file size in bytes
     * \param pieceLength bytes per piece; 0 is replaced by DEFAULT_PIECE_LENGTH
     * \return the metainfo
     */
    static TorrentMetainfo Synthesize(const std::string& name,
                                      uint64_t length,
                                      uint32_t pieceLength = DEFAULT_PIECE_LENGTH);

    /**
     * \brief Reads and parses a .torrent file.
     * \param path the file (at most 64 MiB)
     * \param error receives a message on failure (may be null)
     * \return the metainfo, or nothing
     */
    static std::optional<TorrentMetainfo> LoadFile(const std::string& path, std::string* error);

    /**
     * \brief Parses the bytes of a .torrent file.
     *
     * Requires a dictionary with an "info" dictionary holding "name" (string), "length"
     * (integer >= 0), "piece length" (integer 1..2^32-1) and "pieces" (20 bytes per piece,
     * exactly the piece count); "files" (a multi-file torrent) is refused. "announce" is
     * optional; other keys are ignored (but hashed, when inside "info").
     * \param bytes the file's bytes
     * \param error receives a message on failure (may be null)
     * \return the metainfo, or nothing
     */
    static std::optional<TorrentMetainfo> Parse(const std::string& bytes, std::string* error);

    /**
     * \brief Bencodes a .torrent file: announce (when set) and the info dictionary exactly as
     * it was hashed.
     * \return the file's bytes
     */
    std::string Encode() const;

    /**
     * \param announce the tracker URL written by Encode(); does not change the info_hash
     */
    void SetAnnounce(const std::string& announce);

    /// \return the file name
    std::string GetName() const;
    /// \return the file size in bytes
    uint64_t GetLength() const;
    /// \return bytes per piece (the last piece may be shorter)
    uint32_t GetPieceLength() const;
    /// \return the number of pieces, ceil(length / piece length)
    uint32_t GetPieceCount() const;
    /**
     * \param index a piece index
     * \return that piece's size in bytes; 0 if the index is out of range
     */
    uint32_t GetPieceSize(uint32_t index) const;
    /**
     * \param index a piece index
     * \return that piece's SHA-1 from "pieces"; all zeros if the index is out of range
     */
    std::array<uint8_t, 20> GetPieceHash(uint32_t index) const;
    /// \return the SHA-1 of the bencoded info dictionary
    std::array<uint8_t, 20> GetInfoHash() const;
    /// \return the info_hash as 40 lower-case hex digits
    std::string GetInfoHashHex() const;
    /// \return the announce URL, empty if none
    std::string GetAnnounce() const;

  private:
    std::string m_name;                           //!< the file name
    uint64_t m_length{0};                         //!< file size in bytes
    uint32_t m_pieceLength{DEFAULT_PIECE_LENGTH}; //!< bytes per piece
    uint32_t m_pieceCount{0};                     //!< ceil(length / piece length)
    std::string m_pieces;                         //!< 20-byte SHA-1 per piece, concatenated
    std::string m_infoBytes;                      //!< the info dictionary's bencoding, as hashed
    std::array<uint8_t, 20> m_infoHash{};         //!< SHA-1 of m_infoBytes
    std::string m_announce;                       //!< the tracker URL
};

/**
 * \ingroup file-distribution
 * \brief SHA-1 (OpenSSL's libcrypto).
 * \param bytes the message
 * \return its digest; all zeros if libcrypto fails
 */
std::array<uint8_t, 20> Sha1Digest(const std::string& bytes);

} // namespace ns3

#endif // FILE_DISTRIBUTION_TORRENT_METAINFO_H
