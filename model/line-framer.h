// SPDX-License-Identifier: GPL-2.0-only

#ifndef FILE_DISTRIBUTION_LINE_FRAMER_H
#define FILE_DISTRIBUTION_LINE_FRAMER_H

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace ns3
{

/**
 * \ingroup file-distribution
 * \brief Splits a byte stream into '\n'-terminated lines, whatever way it arrives.
 *
 * TCP delivers a stream, not messages: one Recv() may hold half a line, or three lines and
 * a half. The framer keeps the unfinished tail until its '\n' arrives. Pure logic: no
 * sockets, no simulator.
 *
 * A line longer than the maximum (a peer that never sends '\n') puts the framer in an error
 * state instead of buffering without bound; the owner then closes that connection.
 */
class LineFramer
{
  public:
    /**
     * \param maxLineLength the longest line accepted, without its '\n'
     */
    explicit LineFramer(std::size_t maxLineLength = 65536);

    /**
     * \brief Appends bytes as they came off the stream.
     * \param data the bytes
     * \param size how many
     */
    void Append(const uint8_t* data, std::size_t size);

    /**
     * \brief Takes the next complete line, without its '\n' (and without a '\r' before it).
     * \return the line, or nothing when no complete line is buffered (or after an error)
     */
    std::optional<std::string> Next();

    /**
     * \return true once a line exceeded the maximum length; the stream is then unusable
     */
    bool HasError() const;

    /**
     * \return how many bytes are buffered that do not yet form a complete line
     */
    std::size_t GetPendingBytes() const;

  private:
    std::string m_buffer;        //!< bytes received and not yet returned as lines
    std::size_t m_start{0};      //!< where the first unreturned byte is in m_buffer
    std::size_t m_scanned{0};    //!< bytes from m_start already known to hold no '\n'
    std::size_t m_maxLineLength; //!< longest line accepted
    bool m_error{false};         //!< a line was too long
};

} // namespace ns3

#endif // FILE_DISTRIBUTION_LINE_FRAMER_H
