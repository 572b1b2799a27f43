// SPDX-License-Identifier: GPL-2.0-only

#include "quantity-parser.h"

#include <cstddef>
#include <limits>
#include <string>
#include <utility>

namespace ns3
{

namespace
{

/// 128-bit unsigned arithmetic keeps "1.5MB" exact where a double would round
/// (__extension__: without it -Wpedantic, on in ns-3-dev, warns about __int128).
__extension__ using Wide = unsigned __int128;

/// At most this many digits: 10^24 times the largest unit multiplier (a day in ns, 8.64e13)
/// still fits in 128 bits.
constexpr std::size_t MAX_DIGITS = 24;

/// A decimal number split into its digits and the position of the point:
/// value = digits / 10^fractionDigits.
struct Decimal
{
    Wide digits{0};             //!< all digits, as an integer
    uint32_t fractionDigits{0}; //!< how many of them are after the point
};

/// A number and the unit text that follows it.
struct NumberAndUnit
{
    Decimal number;   //!< the number
    std::string unit; //!< the unit, without surrounding spaces (maybe empty)
};

bool
IsSpace(char c)
{
    return c == ' ' || c == '\t';
}

bool
IsDigit(char c)
{
    return c >= '0' && c <= '9';
}

/**
 * Splits "  12.5 MB " into 12.5 and "MB".
 * \param text the text
 * \param problem receives why the text is malformed
 * \return the parts, or nothing
 */
std::optional<NumberAndUnit>
SplitNumberAndUnit(const std::string& text, std::string* problem)
{
    std::size_t pos = 0;
    while (pos < text.size() && IsSpace(text[pos]))
    {
        ++pos;
    }
    if (pos < text.size() && text[pos] == '-')
    {
        *problem = "negative values are not allowed";
        return std::nullopt;
    }
    NumberAndUnit result;
    std::size_t significantDigits = 0; // leading zeros do not count against the limit
    bool sawDigit = false;
    bool point = false;
    for (; pos < text.size(); ++pos)
    {
        const char c = text[pos];
        if (IsDigit(c))
        {
            sawDigit = true;
            if (point && ++result.number.fractionDigits > MAX_DIGITS)
            {
                *problem = "the number has too many digits";
                return std::nullopt;
            }
            if (significantDigits == 0 && c == '0')
            {
                continue;
            }
            if (++significantDigits > MAX_DIGITS)
            {
                *problem = "the number has too many digits";
                return std::nullopt;
            }
            result.number.digits = result.number.digits * 10 + Wide(c - '0');
        }
        else if (c == '.' && !point)
        {
            point = true;
        }
        else
        {
            break;
        }
    }
    if (!sawDigit)
    {
        *problem = "it does not start with a number";
        return std::nullopt;
    }
    while (pos < text.size() && IsSpace(text[pos]))
    {
        ++pos;
    }
    std::size_t end = text.size();
    while (end > pos && IsSpace(text[end - 1]))
    {
        --end;
    }
    result.unit = text.substr(pos, end - pos);
    for (char c : result.unit)
    {
        if (IsSpace(c))
        {
            *problem = "unexpected text after the unit";
            return std::nullopt;
        }
    }
    return result;
}

/// Why an exact scaling failed.
enum class ScaleError
{
    NONE,
    FRACTION,
    OVERFLOW
};

/**
 * \param number the decimal number
 * \param multiplier the unit, in base units
 * \param max the largest result accepted
 * \param error receives why it failed
 * \return number * multiplier when it is a whole number not above max
 */
std::optional<uint64_t>
ScaleExact(const Decimal& number, uint64_t multiplier, uint64_t max, ScaleError* error)
{
    Wide value = number.digits * Wide(multiplier);
    for (uint32_t i = 0; i < number.fractionDigits; ++i)
    {
        if (value % 10 != 0)
        {
            *error = ScaleError::FRACTION;
            return std::nullopt;
        }
        value /= 10;
    }
    if (value > Wide(max))
    {
        *error = ScaleError::OVERFLOW;
        return std::nullopt;
    }
    *error = ScaleError::NONE;
    return static_cast<uint64_t>(value);
}

/// A unit name and its size in base units.
struct Unit
{
    const char* name;    //!< as typed
    uint64_t multiplier; //!< in base units (bytes, bit/s or ns)
};

constexpr uint64_t KILO = 1000;
constexpr uint64_t KIBI = 1024;

const Unit BYTE_UNITS[] = {
    {"", 1},
    {"B", 1},
    {"kB", KILO},
    {"KB", KILO},
    {"MB", KILO* KILO},
    {"GB", KILO* KILO* KILO},
    {"TB", KILO* KILO* KILO* KILO},
    {"KiB", KIBI},
    {"MiB", KIBI* KIBI},
    {"GiB", KIBI* KIBI* KIBI},
    {"TiB", KIBI* KIBI* KIBI* KIBI},
};

/// The units of ns3::DataRate's string constructor, in bit/s.
const Unit RATE_UNITS[] = {
    {"", 1},
    {"bps", 1},
    {"b/s", 1},
    {"Bps", 8},
    {"B/s", 8},
    {"kbps", KILO},
    {"kb/s", KILO},
    {"Kbps", KILO},
    {"Kb/s", KILO},
    {"kBps", 8 * KILO},
    {"kB/s", 8 * KILO},
    {"KBps", 8 * KILO},
    {"KB/s", 8 * KILO},
    {"Kib/s", KIBI},
    {"KiB/s", 8 * KIBI},
    {"Mbps", KILO* KILO},
    {"Mb/s", KILO* KILO},
    {"MBps", 8 * KILO* KILO},
    {"MB/s", 8 * KILO* KILO},
    {"Mib/s", KIBI* KIBI},
    {"MiB/s", 8 * KIBI* KIBI},
    {"Gbps", KILO* KILO* KILO},
    {"Gb/s", KILO* KILO* KILO},
    {"GBps", 8 * KILO* KILO* KILO},
    {"GB/s", 8 * KILO* KILO* KILO},
    {"Gib/s", KIBI* KIBI* KIBI},
    {"GiB/s", 8 * KIBI* KIBI* KIBI},
};

constexpr uint64_t NS_PER_S = 1000000000;

/// Time units, in nanoseconds.
const Unit TIME_UNITS[] = {
    {"", NS_PER_S},
    {"s", NS_PER_S},
    {"ms", NS_PER_S / 1000},
    {"us", NS_PER_S / 1000000},
    {"ns", 1},
    {"min", 60 * NS_PER_S},
    {"h", 3600 * NS_PER_S},
    {"d", 86400 * NS_PER_S},
};

template <std::size_t N>
const Unit*
FindUnit(const Unit (&units)[N], const std::string& name)
{
    for (const Unit& unit : units)
    {
        if (name == unit.name)
        {
            return &unit;
        }
    }
    return nullptr;
}

/**
 * The common path: split, find the unit, scale exactly.
 * \param text the text
 * \param units the accepted units
 * \param max the largest value in base units
 * \param what how to name the quantity in messages ("byte size")
 * \param allowed what is allowed, for messages
 * \param wholeOf the base unit, for the "not a whole number of" message
 * \param allowZero whether 0 is a valid value
 * \param error receives the message
 * \return the value in base units
 */
template <std::size_t N>
std::optional<uint64_t>
Parse(const std::string& text,
      const Unit (&units)[N],
      uint64_t max,
      const char* what,
      const char* allowed,
      const char* wholeOf,
      bool allowZero,
      std::string* error)
{
    auto fail = [&](const std::string& why) -> std::optional<uint64_t> {
        if (error)
        {
            *error = std::string("invalid ") + what + " '" + text + "': " + why + "; expected " +
                     allowed;
        }
        return std::nullopt;
    };
    std::string problem;
    auto parts = SplitNumberAndUnit(text, &problem);
    if (!parts)
    {
        return fail(problem);
    }
    const Unit* unit = FindUnit(units, parts->unit);
    if (!unit)
    {
        return fail("unknown unit '" + parts->unit + "'");
    }
    ScaleError scaleError = ScaleError::NONE;
    auto value = ScaleExact(parts->number, unit->multiplier, max, &scaleError);
    if (!value)
    {
        return fail(scaleError == ScaleError::FRACTION
                        ? std::string("not a whole number of ") + wholeOf
                        : std::string("too large"));
    }
    if (*value == 0 && !allowZero)
    {
        return fail("it must be greater than zero");
    }
    return value;
}

} // namespace

std::optional<uint64_t>
ParseByteSize(const std::string& text, std::string* error)
{
    return Parse(text,
                 BYTE_UNITS,
                 std::numeric_limits<uint64_t>::max(),
                 "byte size",
                 "a positive number of bytes with an optional unit B, kB, MB, GB, TB, KiB, MiB, "
                 "GiB, TiB (e.g. 1000, 10MB, 4MiB)",
                 "bytes",
                 false,
                 error);
}

std::optional<DataRate>
ParseDataRate(const std::string& text, std::string* error)
{
    auto bps = Parse(text,
                     RATE_UNITS,
                     std::numeric_limits<uint64_t>::max(),
                     "data rate",
                     "a positive rate with a unit bps, b/s, Bps, B/s and an optional prefix k, "
                     "K, M, G, Ki, Mi, Gi (e.g. 2Mbps, 500kbps, 1Gb/s)",
                     "bit/s",
                     false,
                     error);
    if (!bps)
    {
        return std::nullopt;
    }
    return DataRate(*bps);
}

std::optional<Time>
ParseTime(const std::string& text, std::string* error)
{
    auto ns = Parse(text,
                    TIME_UNITS,
                    static_cast<uint64_t>(std::numeric_limits<int64_t>::max()),
                    "time",
                    "a non-negative number with a unit d, h, min, s, ms, us, ns (e.g. 10ms, 2s)",
                    "nanoseconds",
                    true,
                    error);
    if (!ns)
    {
        return std::nullopt;
    }
    return NanoSeconds(static_cast<int64_t>(*ns));
}

std::optional<uint64_t>
ParseCount(const std::string& text, uint64_t min, uint64_t max, std::string* error)
{
    const bool digits = !text.empty() && text.size() <= 19 &&
                        text.find_first_not_of("0123456789") == std::string::npos;
    const uint64_t value = digits ? std::stoull(text) : 0;
    if (!digits || value < min || value > max)
    {
        if (error)
        {
            *error = "invalid value '" + text + "'; expected a whole number from " +
                     std::to_string(min) + " to " + std::to_string(max);
        }
        return std::nullopt;
    }
    return value;
}

std::optional<bool>
ParseBool(const std::string& text, std::string* error)
{
    if (text == "true" || text == "1" || text == "yes" || text == "on")
    {
        return true;
    }
    if (text == "false" || text == "0" || text == "no" || text == "off")
    {
        return false;
    }
    if (error)
    {
        *error = "invalid value '" + text + "'; expected true or false";
    }
    return std::nullopt;
}

} // namespace ns3
