// SPDX-License-Identifier: GPL-2.0-only

#include "bitfield.h"

#include <algorithm>

namespace ns3
{

namespace
{

/// \return the number of 64-bit words needed for \p size bits
std::size_t
WordsFor(uint32_t size)
{
    return (static_cast<std::size_t>(size) + 63) / 64;
}

/// \return \p b with its bit order reversed (wire bytes are MSB-first, words LSB-first)
uint8_t
ReverseBits(uint8_t b)
{
    b = static_cast<uint8_t>((b & 0xF0) >> 4 | (b & 0x0F) << 4);
    b = static_cast<uint8_t>((b & 0xCC) >> 2 | (b & 0x33) << 2);
    b = static_cast<uint8_t>((b & 0xAA) >> 1 | (b & 0x55) << 1);
    return b;
}

/// \return the number of set bits in \p x
uint32_t
PopCount(uint64_t x)
{
    return static_cast<uint32_t>(__builtin_popcountll(x));
}

/// \return a mask of the bits of the last word that lie inside a bitfield of \p size bits
uint64_t
LastWordMask(uint32_t size)
{
    const uint32_t used = size % 64;
    return used == 0 ? ~uint64_t{0} : (uint64_t{1} << used) - 1;
}

} // namespace

Bitfield::Bitfield(uint32_t size)
    : m_words(WordsFor(size), 0),
      m_size(size)
{
}

uint32_t
Bitfield::GetSize() const
{
    return m_size;
}

uint32_t
Bitfield::Count() const
{
    return m_count;
}

void
Bitfield::Set(uint32_t i)
{
    if (i >= m_size)
    {
        return;
    }
    const uint64_t bit = uint64_t{1} << (i % 64);
    if ((m_words[i / 64] & bit) == 0)
    {
        m_words[i / 64] |= bit;
        ++m_count;
    }
}

void
Bitfield::Clear(uint32_t i)
{
    if (i >= m_size)
    {
        return;
    }
    const uint64_t bit = uint64_t{1} << (i % 64);
    if ((m_words[i / 64] & bit) != 0)
    {
        m_words[i / 64] &= ~bit;
        --m_count;
    }
}

void
Bitfield::SetAll()
{
    for (auto& w : m_words)
    {
        w = ~uint64_t{0};
    }
    if (!m_words.empty())
    {
        m_words.back() &= LastWordMask(m_size);
    }
    m_count = m_size;
}

void
Bitfield::Merge(const Bitfield& other)
{
    if (other.m_size != m_size)
    {
        return;
    }
    for (std::size_t w = 0; w < m_words.size(); ++w)
    {
        m_words[w] |= other.m_words[w];
    }
}

bool
Bitfield::IsAllSet() const
{
    return m_count == m_size;
}

bool
Bitfield::IsNoneSet() const
{
    return m_count == 0;
}

std::vector<uint8_t>
Bitfield::ToBytes() const
{
    std::vector<uint8_t> bytes((static_cast<std::size_t>(m_size) + 7) / 8, 0);
    for (std::size_t j = 0; j < bytes.size(); ++j)
    {
        bytes[j] = ReverseBits(static_cast<uint8_t>(m_words[j / 8] >> (8 * (j % 8))));
    }
    return bytes;
}

std::optional<Bitfield>
Bitfield::FromBytes(const std::vector<uint8_t>& bytes, uint32_t size)
{
    if (bytes.size() != (static_cast<std::size_t>(size) + 7) / 8)
    {
        return std::nullopt;
    }
    if (size % 8 != 0 && (bytes.back() & (0xFF >> (size % 8))) != 0)
    {
        return std::nullopt; // a spare bit is set
    }
    Bitfield bf(size);
    for (std::size_t j = 0; j < bytes.size(); ++j)
    {
        bf.m_words[j / 8] |= uint64_t{ReverseBits(bytes[j])} << (8 * (j % 8));
    }
    for (auto w : bf.m_words)
    {
        bf.m_count += PopCount(w);
    }
    return bf;
}

bool
Bitfield::HasPieceMissingFrom(const Bitfield& mine) const
{
    const std::size_t n = std::min(m_words.size(), mine.m_words.size());
    for (std::size_t w = 0; w < n; ++w)
    {
        if ((m_words[w] & ~mine.m_words[w]) != 0)
        {
            return true;
        }
    }
    // Pieces beyond the other's range are missing from it.
    for (std::size_t w = n; w < m_words.size(); ++w)
    {
        if (m_words[w] != 0)
        {
            return true;
        }
    }
    return false;
}

std::optional<uint32_t>
Bitfield::FindPieceMissingFrom(const Bitfield& mine, uint32_t start) const
{
    if (m_size == 0)
    {
        return std::nullopt;
    }
    start %= m_size;
    const std::size_t words = m_words.size();
    auto candidates = [&](std::size_t w) {
        const uint64_t other = w < mine.m_words.size() ? mine.m_words[w] : 0;
        return m_words[w] & ~other;
    };
    // The first word only from bit `start` on; then every word once; then the first word's
    // bits before `start` (the wrap-around).
    const std::size_t first = start / 64;
    uint64_t bits = candidates(first) & (~uint64_t{0} << (start % 64));
    for (std::size_t k = 0; k <= words; ++k)
    {
        const std::size_t w = (first + k) % words;
        if (k > 0)
        {
            bits = candidates(w);
            if (k == words)
            {
                bits &= (uint64_t{1} << (start % 64)) - 1;
            }
        }
        if (bits != 0)
        {
            return static_cast<uint32_t>(w * 64 + CountTrailingZeros(bits));
        }
    }
    return std::nullopt;
}

bool
Bitfield::operator==(const Bitfield& other) const
{
    return m_size == other.m_size && m_words == other.m_words;
}

bool
Bitfield::operator!=(const Bitfield& other) const
{
    return !(*this == other);
}

uint32_t
Bitfield::CountTrailingZeros(uint64_t x)
{
    return static_cast<uint32_t>(__builtin_ctzll(x));
}

} // namespace ns3
