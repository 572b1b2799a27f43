// SPDX-License-Identifier: GPL-2.0-only

#ifndef FILE_DISTRIBUTION_BITFIELD_H
#define FILE_DISTRIBUTION_BITFIELD_H

#include <cstdint>
#include <optional>
#include <vector>

namespace ns3
{

/**
 * \ingroup file-distribution
 * \brief Which pieces of a torrent a peer has: one bit per piece.
 *
 * Stored as 64-bit words (piece i is bit i % 64 of word i / 64) so that "does this peer have
 * something I lack" is one AND-NOT per 64 pieces. On the wire (BEP 3 bitfield message) the
 * order is different: the high bit of byte 0 is piece 0; ToBytes() and FromBytes() convert.
 * Bits past GetSize() ("spare bits") are always zero, which the word operations rely on.
 *
 * Pure logic: out-of-range indices are ignored (Set/Clear) or read as "not set" (Test).
 */
class Bitfield
{
  public:
    /// An empty bitfield of size 0.
    Bitfield() = default;

    /**
     * \brief A bitfield of \p size pieces, none set.
     * \param size the number of pieces
     */
    explicit Bitfield(uint32_t size);

    /// \return the number of pieces
    uint32_t GetSize() const;

    /// \return how many pieces are set, in O(1) (a counter is kept)
    uint32_t Count() const;

    /**
     * \param i a piece index
     * \return true if piece \p i is set; false if not, or if \p i is out of range
     */
    bool Test(uint32_t i) const
    {
        return i < m_size && (m_words[i / 64] >> (i % 64) & 1) != 0;
    }

    /**
     * \brief Sets piece \p i; does nothing if \p i is out of range.
     * \param i a piece index
     */
    void Set(uint32_t i);

    /**
     * \brief Clears piece \p i; does nothing if \p i is out of range.
     * \param i a piece index
     */
    void Clear(uint32_t i);

    /// \brief Sets every piece.
    void SetAll();

    /**
     * \brief Sets every bit that is set in \p other (a union), a word at a time.
     * \param other a bitfield of the same size (a different size is ignored)
     */
    void Merge(const Bitfield& other);

    /// \return true if every piece is set (also true for size 0)
    bool IsAllSet() const;

    /// \return true if no piece is set
    bool IsNoneSet() const;

    /**
     * \brief The BEP 3 wire form: the high bit of byte 0 is piece 0.
     * \return ceil(size / 8) bytes, spare bits zero
     */
    std::vector<uint8_t> ToBytes() const;

    /**
     * \brief Parses the BEP 3 wire form.
     * \param bytes the payload of a bitfield message
     * \param size the number of pieces of the torrent
     * \return the bitfield, or nothing if bytes.size() != ceil(size / 8) or a spare bit is set
     *         (BEP 3: "clients should drop the connection if they receive bitfields that are
     *         not of the correct size, or if the bitfield has any of the spare bits set")
     */
    static std::optional<Bitfield> FromBytes(const std::vector<uint8_t>& bytes, uint32_t size);

    /**
     * \brief Does this bitfield (a remote peer's) have a piece that \p mine lacks?
     *
     * Checks 64 pieces per step. Typical call: peerHas.HasPieceMissingFrom(ourHave) tells
     * whether we are interested in that peer. Only the common range is compared when the
     * sizes differ.
     *
     * \param mine the other bitfield (usually our own pieces)
     * \return true if some piece is set here and clear in \p mine
     */
    bool HasPieceMissingFrom(const Bitfield& mine) const;

    /**
     * \brief The first piece at or after \p start (wrapping around at the end) that is set
     *        here and clear in \p mine, scanning 64 pieces per step.
     * \param mine the other bitfield (usually the pieces we have or do not want)
     * \param start where to begin; taken modulo the size
     * \return the piece index, or nothing if there is none
     */
    std::optional<uint32_t> FindPieceMissingFrom(const Bitfield& mine, uint32_t start) const;

    /**
     * \brief Calls \p f(i) for every set piece i, in increasing order, 64 pieces per step.
     * \param f the function to call
     */
    template <typename F>
    void ForEachSet(F f) const
    {
        for (std::size_t w = 0; w < m_words.size(); ++w)
        {
            uint64_t bits = m_words[w];
            while (bits != 0)
            {
                const uint32_t b = CountTrailingZeros(bits);
                f(static_cast<uint32_t>(w * 64 + b));
                bits &= bits - 1;
            }
        }
    }

    /**
     * \brief Calls \p f(i) for every piece i set here and clear in \p mine, in increasing
     *        order, 64 pieces per step: O(size / 64 + number of such pieces).
     * \param mine the other bitfield (usually the pieces we have or do not want)
     * \param f the function to call
     */
    template <typename F>
    void ForEachMissingFrom(const Bitfield& mine, F f) const
    {
        for (std::size_t w = 0; w < m_words.size(); ++w)
        {
            uint64_t bits = m_words[w] & ~(w < mine.m_words.size() ? mine.m_words[w] : 0);
            while (bits != 0)
            {
                f(static_cast<uint32_t>(w * 64 + CountTrailingZeros(bits)));
                bits &= bits - 1;
            }
        }
    }

    /**
     * \param other another bitfield
     * \return true if both have the same size and the same pieces set
     */
    bool operator==(const Bitfield& other) const;

    /**
     * \param other another bitfield
     * \return the negation of operator==
     */
    bool operator!=(const Bitfield& other) const;

  private:
    /**
     * \param x a non-zero word
     * \return the index of its lowest set bit
     */
    static uint32_t CountTrailingZeros(uint64_t x);

    std::vector<uint64_t> m_words; //!< piece i is bit i % 64 of word i / 64
    uint32_t m_size{0};            //!< number of pieces
    uint32_t m_count{0};           //!< number of pieces set
};

} // namespace ns3

#endif // FILE_DISTRIBUTION_BITFIELD_H
