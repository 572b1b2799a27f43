// SPDX-License-Identifier: GPL-2.0-only

#ifndef FILE_DISTRIBUTION_FUZZ_COMMON_H
#define FILE_DISTRIBUTION_FUZZ_COMMON_H

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

/**
 * \file
 * \ingroup file-distribution
 * What the libFuzzer harnesses of fuzz/ share: the invariant check that turns a violated
 * invariant into a crash libFuzzer keeps, a reader for the few configuration bytes a structured
 * input starts with, and the cutting of a stream into the chunks TCP might deliver.
 */

namespace fdfuzz
{

/**
 * \brief Reports a violated invariant and aborts, so that libFuzzer saves the input.
 * \param file the harness
 * \param line the line of the check
 * \param condition the condition as written
 * \param detail what was compared, or ""
 */
[[noreturn]] inline void
Violated(const char* file, int line, const char* condition, const std::string& detail)
{
    std::fprintf(stderr,
                 "\n==FUZZ INVARIANT VIOLATED== %s:%d: %s\n%s%s",
                 file,
                 line,
                 condition,
                 detail.c_str(),
                 detail.empty() ? "" : "\n");
    std::fflush(stderr);
    std::abort();
}

/**
 * \brief Printable form of bytes for invariant messages: C escapes, at most 200 bytes.
 * \param bytes the bytes
 * \return the quoted text
 */
inline std::string
Quote(const std::string& bytes)
{
    std::string out = "\"";
    for (std::size_t i = 0; i < bytes.size() && i < 200; ++i)
    {
        const auto c = static_cast<unsigned char>(bytes[i]);
        if (c == '\\' || c == '"')
        {
            out += '\\';
            out += static_cast<char>(c);
        }
        else if (c >= 0x20 && c < 0x7f)
        {
            out += static_cast<char>(c);
        }
        else
        {
            char hex[8];
            std::snprintf(hex, sizeof(hex), "\\x%02x", c);
            out += hex;
        }
    }
    out += bytes.size() > 200 ? "\"..." : "\"";
    return out;
}

/**
 * \brief Reads the configuration bytes at the start of a structured input; past the end of the
 * input every read gives zeros, so that any input is usable.
 */
class ByteReader
{
  public:
    /**
     * \param data the input
     * \param size its size
     */
    ByteReader(const uint8_t* data, std::size_t size)
        : m_data(data),
          m_size(size)
    {
    }

    /// \return the next byte, or 0 past the end
    uint8_t U8()
    {
        return m_pos < m_size ? m_data[m_pos++] : (m_pos++, 0);
    }

    /**
     * \param bytes how many bytes, 1..8
     * \return the next \p bytes bytes as a big-endian number
     */
    uint64_t BigEndian(std::size_t bytes)
    {
        uint64_t v = 0;
        for (std::size_t i = 0; i < bytes; ++i)
        {
            v = (v << 8) | U8();
        }
        return v;
    }

    /// \return the bytes not read yet
    std::string Rest() const
    {
        return m_pos < m_size
                   ? std::string(reinterpret_cast<const char*>(m_data) + m_pos, m_size - m_pos)
                   : std::string();
    }

  private:
    const uint8_t* m_data; //!< the input
    std::size_t m_size;    //!< its size
    std::size_t m_pos{0};  //!< next byte to read
};

/**
 * \brief Splits a structured input's tail into the stream and the sizes of its chunks.
 *
 * The last \p count bytes of \p rest (at most all of it) are chunk sizes, used in turn: a size
 * byte b cuts b bytes (0: an empty write, then one byte). The rest is the stream. With no size
 * byte, the stream comes in one piece.
 * \param rest the input after the configuration bytes
 * \param count how many size bytes its end holds
 * \param stream receives the stream
 * \return the chunk sizes, in order, covering the whole stream
 */
inline std::vector<std::size_t>
CutStream(const std::string& rest, std::size_t count, std::string* stream)
{
    count = std::min(count, rest.size());
    *stream = rest.substr(0, rest.size() - count);
    const std::string sizes = rest.substr(rest.size() - count);
    std::vector<std::size_t> chunks;
    std::size_t done = 0;
    for (std::size_t i = 0; done < stream->size(); ++i)
    {
        if (sizes.empty())
        {
            chunks.push_back(stream->size());
            break;
        }
        const std::size_t b = static_cast<unsigned char>(sizes[i % sizes.size()]);
        if (b == 0)
        {
            chunks.push_back(0); // an empty write must change nothing
        }
        const std::size_t n = std::min<std::size_t>(b == 0 ? 1 : b, stream->size() - done);
        chunks.push_back(n);
        done += n;
    }
    return chunks;
}

} // namespace fdfuzz

/// Checks an invariant; on failure prints it (and \p ... , a std::string) and aborts.
#define FD_FUZZ_CHECK(condition, ...)                                                              \
    do                                                                                             \
    {                                                                                              \
        if (!(condition))                                                                          \
        {                                                                                          \
            fdfuzz::Violated(__FILE__, __LINE__, #condition, std::string(__VA_ARGS__));            \
        }                                                                                          \
    } while (false)

#endif // FILE_DISTRIBUTION_FUZZ_COMMON_H
