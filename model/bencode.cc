// SPDX-License-Identifier: GPL-2.0-only

#include "bencode.h"

#include <cstdint>
#include <limits>

namespace ns3
{

BencodeValue::BencodeValue() = default;

BencodeValue::BencodeValue(int64_t value)
    : m_type(Type::INTEGER),
      m_integer(value)
{
}

BencodeValue::BencodeValue(int value)
    : BencodeValue(static_cast<int64_t>(value))
{
}

BencodeValue::BencodeValue(std::string value)
    : m_type(Type::STRING),
      m_string(std::move(value))
{
}

BencodeValue::BencodeValue(const char* value)
    : BencodeValue(std::string(value))
{
}

BencodeValue::BencodeValue(BencodeList value)
    : m_type(Type::LIST),
      m_list(std::move(value))
{
}

BencodeValue::BencodeValue(BencodeDictionary value)
    : m_type(Type::DICTIONARY),
      m_dictionary(std::move(value))
{
}

BencodeValue::Type
BencodeValue::GetType() const
{
    return m_type;
}

std::optional<int64_t>
BencodeValue::GetInteger() const
{
    if (m_type != Type::INTEGER)
    {
        return std::nullopt;
    }
    return m_integer;
}

const std::string*
BencodeValue::GetString() const
{
    return m_type == Type::STRING ? &m_string : nullptr;
}

const BencodeList*
BencodeValue::GetList() const
{
    return m_type == Type::LIST ? &m_list : nullptr;
}

const BencodeDictionary*
BencodeValue::GetDictionary() const
{
    return m_type == Type::DICTIONARY ? &m_dictionary : nullptr;
}

const BencodeValue*
BencodeValue::Find(const std::string& key) const
{
    if (m_type != Type::DICTIONARY)
    {
        return nullptr;
    }
    const auto it = m_dictionary.find(key);
    return it == m_dictionary.end() ? nullptr : &it->second;
}

std::string
BencodeValue::Encode() const
{
    std::string out;
    EncodeTo(&out);
    return out;
}

void
BencodeValue::EncodeTo(std::string* out) const
{
    switch (m_type)
    {
    case Type::INTEGER:
        *out += 'i' + std::to_string(m_integer) + 'e';
        break;
    case Type::STRING:
        *out += std::to_string(m_string.size()) + ':' + m_string;
        break;
    case Type::LIST:
        out->push_back('l');
        for (const auto& item : m_list)
        {
            item.EncodeTo(out);
        }
        out->push_back('e');
        break;
    case Type::DICTIONARY:
        out->push_back('d');
        for (const auto& [key, value] : m_dictionary)
        {
            *out += std::to_string(key.size()) + ':' + key;
            value.EncodeTo(out);
        }
        out->push_back('e');
        break;
    }
}

bool
BencodeValue::operator==(const BencodeValue& other) const
{
    if (m_type != other.m_type)
    {
        return false;
    }
    switch (m_type)
    {
    case Type::INTEGER:
        return m_integer == other.m_integer;
    case Type::STRING:
        return m_string == other.m_string;
    case Type::LIST:
        return m_list == other.m_list;
    case Type::DICTIONARY:
        return m_dictionary == other.m_dictionary;
    }
    return false;
}

bool
BencodeValue::operator!=(const BencodeValue& other) const
{
    return !(*this == other);
}

namespace
{

/**
 * Recursive-descent decoder over a byte string. Every read checks m_pos against the size
 * first; recursion is bounded by BencodeLimits::maxDepth.
 */
class Decoder
{
  public:
    Decoder(const std::string& bytes, const BencodeLimits& limits)
        : m_bytes(bytes),
          m_limits(limits)
    {
    }

    /// Parses one value at m_pos into \p out (null: validate only).
    bool ParseValue(std::size_t depth, BencodeValue* out)
    {
        if (m_pos >= m_bytes.size())
        {
            return Truncated();
        }
        if (++m_elements > m_limits.maxElements)
        {
            return Fail(m_pos, "more than " + std::to_string(m_limits.maxElements) + " values");
        }
        const char c = m_bytes[m_pos];
        if (c == 'i')
        {
            int64_t value = 0;
            if (!ParseInteger(&value))
            {
                return false;
            }
            if (out != nullptr)
            {
                *out = BencodeValue(value);
            }
            return true;
        }
        if (c >= '0' && c <= '9')
        {
            std::string value;
            if (!ParseString(&value))
            {
                return false;
            }
            if (out != nullptr)
            {
                *out = BencodeValue(std::move(value));
            }
            return true;
        }
        if (c == 'l' || c == 'd')
        {
            if (depth >= m_limits.maxDepth)
            {
                return Fail(m_pos,
                            "nesting deeper than " + std::to_string(m_limits.maxDepth) + " levels");
            }
            return c == 'l' ? ParseList(depth, out) : ParseDictionary(depth, out);
        }
        return Fail(m_pos, "unexpected byte where a value should start");
    }

    /// Parses "<length>:<bytes>" at m_pos.
    bool ParseString(std::string* out)
    {
        const std::size_t start = m_pos;
        std::size_t length = 0;
        while (m_pos < m_bytes.size() && m_bytes[m_pos] >= '0' && m_bytes[m_pos] <= '9')
        {
            if (m_pos > start && m_bytes[start] == '0')
            {
                return Fail(start, "string length with a leading zero");
            }
            length = length * 10 + (m_bytes[m_pos] - '0');
            if (length > m_bytes.size())
            {
                // Cannot fit in the input; also stops the multiplication from overflowing.
                return Fail(start, "string length beyond the end of the input");
            }
            ++m_pos;
        }
        if (m_pos == start)
        {
            return Fail(m_pos, "string length expected");
        }
        if (m_pos >= m_bytes.size())
        {
            return Truncated();
        }
        if (m_bytes[m_pos] != ':')
        {
            return Fail(m_pos, "':' expected after a string length");
        }
        ++m_pos;
        if (length > m_limits.maxStringLength)
        {
            return Fail(start, "string longer than " + std::to_string(m_limits.maxStringLength));
        }
        if (length > m_bytes.size() - m_pos)
        {
            m_pos = m_bytes.size();
            return Truncated();
        }
        out->assign(m_bytes, m_pos, length);
        m_pos += length;
        return true;
    }

    /// Parses "i<integer>e" at m_pos.
    bool ParseInteger(int64_t* out)
    {
        ++m_pos; // 'i'
        bool negative = false;
        if (m_pos < m_bytes.size() && m_bytes[m_pos] == '-')
        {
            negative = true;
            ++m_pos;
        }
        const std::size_t digits = m_pos;
        // The magnitude of INT64_MIN is one more than INT64_MAX.
        const uint64_t limit =
            static_cast<uint64_t>(std::numeric_limits<int64_t>::max()) + (negative ? 1 : 0);
        uint64_t magnitude = 0;
        while (m_pos < m_bytes.size() && m_bytes[m_pos] >= '0' && m_bytes[m_pos] <= '9')
        {
            if (m_pos > digits && m_bytes[digits] == '0')
            {
                return Fail(digits, "integer with a leading zero");
            }
            const uint64_t digit = m_bytes[m_pos] - '0';
            if (magnitude > (limit - digit) / 10)
            {
                return Fail(digits, "integer out of the 64-bit range");
            }
            magnitude = magnitude * 10 + digit;
            ++m_pos;
        }
        if (m_pos >= m_bytes.size())
        {
            return Truncated();
        }
        if (m_pos == digits)
        {
            return Fail(m_pos, "integer without digits");
        }
        if (m_bytes[m_pos] != 'e')
        {
            return Fail(m_pos, "'e' expected at the end of an integer");
        }
        if (negative && magnitude == 0)
        {
            return Fail(digits - 1, "negative zero");
        }
        ++m_pos;
        if (negative)
        {
            // -(magnitude - 1) - 1 avoids overflowing on INT64_MIN.
            *out = magnitude == 0 ? 0 : -static_cast<int64_t>(magnitude - 1) - 1;
        }
        else
        {
            *out = static_cast<int64_t>(magnitude);
        }
        return true;
    }

    /// Parses "l...e" at m_pos.
    bool ParseList(std::size_t depth, BencodeValue* out)
    {
        ++m_pos; // 'l'
        BencodeList list;
        while (true)
        {
            if (m_pos >= m_bytes.size())
            {
                return Truncated();
            }
            if (m_bytes[m_pos] == 'e')
            {
                ++m_pos;
                break;
            }
            BencodeValue item;
            if (!ParseValue(depth + 1, out != nullptr ? &item : nullptr))
            {
                return false;
            }
            if (out != nullptr)
            {
                list.push_back(std::move(item));
            }
        }
        if (out != nullptr)
        {
            *out = BencodeValue(std::move(list));
        }
        return true;
    }

    /// Parses "d...e" at m_pos, keys strictly increasing.
    bool ParseDictionary(std::size_t depth, BencodeValue* out)
    {
        ++m_pos; // 'd'
        BencodeDictionary dictionary;
        std::string previous;
        bool first = true;
        while (true)
        {
            if (m_pos >= m_bytes.size())
            {
                return Truncated();
            }
            if (m_bytes[m_pos] == 'e')
            {
                ++m_pos;
                break;
            }
            std::string key;
            const std::size_t keyStart = m_pos;
            if (!ParseKey(&key))
            {
                return false;
            }
            if (!first && key <= previous)
            {
                return Fail(keyStart,
                            key == previous ? "duplicate dictionary key"
                                            : "dictionary keys not in sorted order");
            }
            first = false;
            BencodeValue value;
            if (!ParseValue(depth + 1, out != nullptr ? &value : nullptr))
            {
                return false;
            }
            if (out != nullptr)
            {
                dictionary.emplace_hint(dictionary.end(), key, std::move(value));
            }
            previous = std::move(key);
        }
        if (out != nullptr)
        {
            *out = BencodeValue(std::move(dictionary));
        }
        return true;
    }

    /// Parses a dictionary key at m_pos: a byte string, which counts as a value.
    bool ParseKey(std::string* key)
    {
        if (m_bytes[m_pos] < '0' || m_bytes[m_pos] > '9')
        {
            return Fail(m_pos, "dictionary key is not a byte string");
        }
        if (++m_elements > m_limits.maxElements)
        {
            return Fail(m_pos, "more than " + std::to_string(m_limits.maxElements) + " values");
        }
        return ParseString(key);
    }

    /// Records an error at \p position; returns false for the caller to propagate.
    bool Fail(std::size_t position, const std::string& message)
    {
        m_error.position = position;
        m_error.message = message;
        return false;
    }

    /// Records the end of the input as the error.
    bool Truncated()
    {
        return Fail(m_bytes.size(), "unexpected end of input");
    }

    const std::string& m_bytes;    //!< the input
    const BencodeLimits& m_limits; //!< the bounds
    std::size_t m_pos{0};          //!< next byte to read
    std::size_t m_elements{0};     //!< values seen so far
    BencodeError m_error;          //!< the first error
};

void
CopyError(const BencodeError& from, BencodeError* to)
{
    if (to != nullptr)
    {
        *to = from;
    }
}

} // namespace

std::optional<BencodeValue>
BencodeDecode(const std::string& bytes, BencodeError* error, const BencodeLimits& limits)
{
    Decoder decoder(bytes, limits);
    BencodeValue value;
    if (!decoder.ParseValue(0, &value))
    {
        CopyError(decoder.m_error, error);
        return std::nullopt;
    }
    if (decoder.m_pos != bytes.size())
    {
        CopyError(BencodeError{decoder.m_pos, "bytes after the end of the value"}, error);
        return std::nullopt;
    }
    return value;
}

std::optional<std::pair<std::size_t, std::size_t>>
BencodeFindValueSpan(const std::string& bytes,
                     const std::string& key,
                     BencodeError* error,
                     const BencodeLimits& limits)
{
    // Validate everything first, so that the walk below meets only well-formed bytes and a
    // span is never reported out of a malformed file.
    {
        Decoder validator(bytes, limits);
        if (!validator.ParseValue(0, nullptr))
        {
            CopyError(validator.m_error, error);
            return std::nullopt;
        }
        if (validator.m_pos != bytes.size())
        {
            CopyError(BencodeError{validator.m_pos, "bytes after the end of the value"}, error);
            return std::nullopt;
        }
    }
    if (bytes[0] != 'd')
    {
        CopyError(BencodeError{0, "not a dictionary"}, error);
        return std::nullopt;
    }
    Decoder walker(bytes, limits);
    walker.m_pos = 1;
    while (bytes[walker.m_pos] != 'e')
    {
        std::string name;
        walker.ParseString(&name);
        const std::size_t start = walker.m_pos;
        walker.ParseValue(1, nullptr);
        if (name == key)
        {
            return std::make_pair(start, walker.m_pos - start);
        }
    }
    CopyError(BencodeError{walker.m_pos, "key not found: " + key}, error);
    return std::nullopt;
}

} // namespace ns3
