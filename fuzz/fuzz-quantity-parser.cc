// SPDX-License-Identifier: GPL-2.0-only
//
// libFuzzer harness of the quantity parsers (model/quantity-parser.h): ParseByteSize,
// ParseDataRate, ParseTime, ParseCount and ParseBool.
//
// Input: [0] which parser (modulo 5: size, rate, time, count, bool); for ParseCount then
// [1..2] min and [3..10] max (big-endian); the rest is the text.
//
// Invariants, for a text that parses to a value v:
// - v is in range (sizes and rates positive, times non-negative, counts within [min, max]);
// - v parses identically from its plain decimal form in the base unit ("1500", "1500B",
//   "12000bps", "1500000000ns"), from its decimal form in every larger unit that represents
//   it exactly ("1.5kB", "1.46484375KiB", "1.5s", "0.025min"), and from the text with blanks
//   around it or a leading zero before it;
// - a rate's RateSpec::ToString() parses back to it (ParseDataRate and ParseRateSpec);
// - ParseCount and ParseBool agree with a separate reading of their documentation.
// A text that does not parse gets a message that names it.

#include "fuzz-common.h"

#include "ns3/distribution-experiment.h"
#include "ns3/quantity-parser.h"
#include "ns3/scenario-config.h"

#include <limits>
#include <string>

using namespace ns3;

namespace
{

/**
 * \param value an integer
 * \param scale a power of ten or two the unit stands for
 * \return value / scale written exactly in decimal ("1.5"), or "" when it needs more than the
 * 24 digits the parser reads, or never ends (a scale with a factor 3: min, h, d)
 */
std::string
ExactDecimal(uint64_t value, uint64_t scale)
{
    std::string text = std::to_string(value / scale);
    uint64_t rest = value % scale;
    if (rest != 0)
    {
        text += '.';
        // 40 digits end every expansion that ends: 10^40 is a multiple of 2^40 and 5^40.
        for (int i = 0; rest != 0 && i < 40; ++i)
        {
            const unsigned __int128 r = static_cast<unsigned __int128>(rest) * 10;
            text += static_cast<char>('0' + static_cast<int>(r / scale));
            rest = static_cast<uint64_t>(r % scale);
        }
        if (rest != 0)
        {
            return "";
        }
    }
    std::size_t digits = 0;
    bool significant = false;
    for (char c : text)
    {
        significant = significant || (c >= '1' && c <= '9');
        digits += significant && c != '.' ? 1 : 0;
    }
    const std::size_t point = text.find('.');
    const std::size_t fraction = point == std::string::npos ? 0 : text.size() - point - 1;
    return digits <= 24 && fraction <= 24 ? text : "";
}

/// Checks that a failed parse named the text.
void
CheckError(const std::string& text, const std::string& error)
{
    FD_FUZZ_CHECK(!error.empty());
    FD_FUZZ_CHECK(error.find(text) != std::string::npos, error);
}

/// The texts that must give the same value as \p text: blanks around it, a leading zero.
std::vector<std::string>
Variants(const std::string& text)
{
    std::vector<std::string> v{" " + text, text + "\t", "\t " + text + "  "};
    if (!text.empty() && ((text[0] >= '0' && text[0] <= '9') || text[0] == '.'))
    {
        v.push_back("0" + text);
    }
    return v;
}

/// A unit and what it stands for in base units.
struct Unit
{
    const char* name; //!< as typed
    uint64_t scale;   //!< base units
};

void
CheckByteSize(const std::string& text)
{
    std::string error;
    const auto v = ParseByteSize(text, &error);
    if (!v)
    {
        CheckError(text, error);
        return;
    }
    FD_FUZZ_CHECK(*v >= 1);
    for (const auto& other : Variants(text))
    {
        FD_FUZZ_CHECK(ParseByteSize(other, nullptr) == v, fdfuzz::Quote(other));
    }
    static const Unit units[] = {{"", 1},
                                 {"B", 1},
                                 {"kB", 1000},
                                 {"KB", 1000},
                                 {"MB", 1000000},
                                 {"GB", 1000000000},
                                 {"TB", 1000000000000},
                                 {"KiB", 1ULL << 10},
                                 {"MiB", 1ULL << 20},
                                 {"GiB", 1ULL << 30},
                                 {"TiB", 1ULL << 40}};
    for (const Unit& u : units)
    {
        const std::string number = ExactDecimal(*v, u.scale);
        if (!number.empty())
        {
            const std::string form = number + u.name;
            FD_FUZZ_CHECK(ParseByteSize(form, nullptr) == v,
                          fdfuzz::Quote(form) + " for " + std::to_string(*v));
        }
    }
}

void
CheckDataRate(const std::string& text)
{
    std::string error;
    const auto v = ParseDataRate(text, &error);
    if (!v)
    {
        CheckError(text, error);
        return;
    }
    const uint64_t bps = v->GetBitRate();
    FD_FUZZ_CHECK(bps >= 1);
    for (const auto& other : Variants(text))
    {
        FD_FUZZ_CHECK(ParseDataRate(other, nullptr) == v, fdfuzz::Quote(other));
    }
    static const Unit units[] = {{"", 1},
                                 {"bps", 1},
                                 {"b/s", 1},
                                 {"kbps", 1000},
                                 {"Kb/s", 1000},
                                 {"Mbps", 1000000},
                                 {"Gb/s", 1000000000},
                                 {"Kib/s", 1ULL << 10},
                                 {"Mib/s", 1ULL << 20},
                                 {"Gib/s", 1ULL << 30}};
    for (const Unit& u : units)
    {
        const std::string number = ExactDecimal(bps, u.scale);
        if (!number.empty())
        {
            FD_FUZZ_CHECK(ParseDataRate(number + u.name, nullptr) == v, number + u.name);
        }
    }
    // Bytes per second: bps / 8 in B/s units.
    static const Unit byteUnits[] = {{"Bps", 8},
                                     {"B/s", 8},
                                     {"kBps", 8000},
                                     {"MB/s", 8000000},
                                     {"GBps", 8000000000},
                                     {"KiB/s", 8ULL << 10},
                                     {"MiB/s", 8ULL << 20},
                                     {"GiB/s", 8ULL << 30}};
    for (const Unit& u : byteUnits)
    {
        const std::string number = ExactDecimal(bps, u.scale);
        if (!number.empty())
        {
            FD_FUZZ_CHECK(ParseDataRate(number + u.name, nullptr) == v, number + u.name);
        }
    }
    // The formatter of rates (RateSpec::ToString) writes what the parsers read back.
    const std::string formatted = RateSpec(*v).ToString();
    FD_FUZZ_CHECK(ParseDataRate(formatted, nullptr) == v, formatted);
    const auto spec = ParseRateSpec(formatted, &error);
    FD_FUZZ_CHECK(spec && !spec->uniform && spec->min == *v && spec->max == *v, formatted);
}

void
CheckTime(const std::string& text)
{
    std::string error;
    const auto v = ParseTime(text, &error);
    if (!v)
    {
        CheckError(text, error);
        return;
    }
    const int64_t ns = v->GetNanoSeconds();
    FD_FUZZ_CHECK(ns >= 0 && *v == NanoSeconds(ns));
    for (const auto& other : Variants(text))
    {
        FD_FUZZ_CHECK(ParseTime(other, nullptr) == v, fdfuzz::Quote(other));
    }
    static const Unit units[] = {{"ns", 1},
                                 {"us", 1000},
                                 {"ms", 1000000},
                                 {"s", 1000000000},
                                 {"", 1000000000},
                                 {"min", 60000000000},
                                 {"h", 3600000000000},
                                 {"d", 86400000000000}};
    for (const Unit& u : units)
    {
        // min, h and d hold a factor 3: only some values are finite decimals of them.
        const std::string number = ExactDecimal(static_cast<uint64_t>(ns), u.scale);
        if (!number.empty())
        {
            FD_FUZZ_CHECK(ParseTime(number + u.name, nullptr) == v,
                          number + u.name + " for " + std::to_string(ns) + "ns");
        }
    }
}

void
CheckCount(const std::string& text, uint64_t min, uint64_t max)
{
    std::string error;
    const auto v = ParseCount(text, min, max, &error);
    // Digits only, at most 19 of them (any 19 digits fit in 64 bits), within [min, max].
    std::optional<uint64_t> expected;
    if (!text.empty() && text.size() <= 19 &&
        text.find_first_not_of("0123456789") == std::string::npos)
    {
        uint64_t n = 0;
        for (char c : text)
        {
            n = n * 10 + static_cast<uint64_t>(c - '0');
        }
        if (n >= min && n <= max)
        {
            expected = n;
        }
    }
    FD_FUZZ_CHECK(v == expected, fdfuzz::Quote(text));
    if (!v)
    {
        CheckError(text, error);
    }
}

void
CheckBool(const std::string& text)
{
    std::string error;
    const auto v = ParseBool(text, &error);
    std::optional<bool> expected;
    if (text == "true" || text == "1" || text == "yes" || text == "on")
    {
        expected = true;
    }
    else if (text == "false" || text == "0" || text == "no" || text == "off")
    {
        expected = false;
    }
    FD_FUZZ_CHECK(v == expected, fdfuzz::Quote(text));
    if (!v)
    {
        CheckError(text, error);
    }
    else
    {
        FD_FUZZ_CHECK(ParseBool(*v ? "true" : "false", nullptr) == v);
    }
}

} // namespace

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size)
{
    fdfuzz::ByteReader reader(data, size);
    switch (reader.U8() % 5)
    {
    case 0:
        CheckByteSize(reader.Rest());
        break;
    case 1:
        CheckDataRate(reader.Rest());
        break;
    case 2:
        CheckTime(reader.Rest());
        break;
    case 3: {
        const uint64_t min = reader.BigEndian(2);
        const uint64_t max = reader.BigEndian(8);
        CheckCount(reader.Rest(), min, max);
        break;
    }
    default:
        CheckBool(reader.Rest());
        break;
    }
    return 0;
}
