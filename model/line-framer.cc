// SPDX-License-Identifier: GPL-2.0-only

#include "line-framer.h"

namespace ns3
{

LineFramer::LineFramer(std::size_t maxLineLength)
    : m_maxLineLength(maxLineLength)
{
}

void
LineFramer::Append(const uint8_t* data, std::size_t size)
{
    if (m_error)
    {
        return;
    }
    // Compact lazily so that returning lines one by one does not move the tail each time.
    if (m_start > 0 && m_start >= m_buffer.size() / 2)
    {
        m_buffer.erase(0, m_start);
        m_start = 0;
    }
    m_buffer.append(reinterpret_cast<const char*>(data), size);
}

std::optional<std::string>
LineFramer::Next()
{
    if (m_error)
    {
        return std::nullopt;
    }
    const std::size_t end = m_buffer.find('\n', m_start + m_scanned);
    if (end == std::string::npos)
    {
        m_scanned = m_buffer.size() - m_start;
        // One byte more than the maximum is still a line of the maximum length if that byte
        // is a '\r' whose '\n' has not arrived yet: the verdict must not depend on where the
        // stream was cut.
        const bool pendingCr = m_scanned == m_maxLineLength + 1 && m_buffer.back() == '\r';
        if (m_scanned > m_maxLineLength && !pendingCr)
        {
            m_error = true;
        }
        return std::nullopt;
    }
    std::size_t lineEnd = end;
    if (lineEnd > m_start && m_buffer[lineEnd - 1] == '\r')
    {
        --lineEnd;
    }
    if (lineEnd - m_start > m_maxLineLength)
    {
        m_error = true;
        return std::nullopt;
    }
    std::string line = m_buffer.substr(m_start, lineEnd - m_start);
    m_start = end + 1;
    m_scanned = 0;
    return line;
}

bool
LineFramer::HasError() const
{
    return m_error;
}

std::size_t
LineFramer::GetPendingBytes() const
{
    return m_buffer.size() - m_start;
}

} // namespace ns3
