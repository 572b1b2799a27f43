// SPDX-License-Identifier: GPL-2.0-only

#ifndef FILE_DISTRIBUTION_QUANTITY_PARSER_H
#define FILE_DISTRIBUTION_QUANTITY_PARSER_H

#include "ns3/data-rate.h"
#include "ns3/nstime.h"

#include <cstdint>
#include <optional>
#include <string>

/**
 * \file
 * \ingroup file-distribution
 * Parsing of the quantities users type on command lines and in scenario files: byte sizes,
 * data rates and times.
 *
 * ns-3's own DataRate and Time string constructors abort the program on a malformed string;
 * these functions return an error message instead, so that an example can print it and exit
 * with a non-zero code. Pure logic: no simulator, no sockets.
 *
 * Numbers are decimal, with an optional fraction ("1.5MB"); the unit may be separated from the
 * number by spaces. Signs, exponents, hexadecimal and trailing garbage are refused.
 */

namespace ns3
{

/**
 * \ingroup file-distribution
 * \brief Parses a positive byte size: "1000", "1000B", "256kB", "10MB" (10^7), "1GB", "512KiB",
 * "4MiB" (4*2^20), "1GiB". "KB" is taken as "kB" (10^3); "TB" and "TiB" are accepted too.
 * \param text the text to parse
 * \param error when not null, receives a message naming the value and what is allowed
 * \return the size in bytes, or nothing when the text is malformed, zero, fractional in bytes
 * or larger than 2^64-1
 */
std::optional<uint64_t> ParseByteSize(const std::string& text, std::string* error);

/**
 * \brief Parses a positive data rate with the units of ns3::DataRate: bps, b/s, Bps, B/s, with
 * the prefixes k/K (10^3), M (10^6), G (10^9) and Ki, Mi, Gi (2^10, 2^20, 2^30): "2Mbps",
 * "500kbps", "1Gb/s", "1MB/s" (8*10^6 bit/s), "8Kib/s" (8192 bit/s). A bare number is bit/s.
 * \ingroup file-distribution
 * \param text the text to parse
 * \param error when not null, receives a message naming the value and what is allowed
 * \return the rate, or nothing when the text is malformed, zero or not a whole number of bit/s
 */
std::optional<DataRate> ParseDataRate(const std::string& text, std::string* error);

/**
 * \brief Parses a non-negative time: a number with a unit among d, h, min, s, ms, us, ns, as
 * ns3::Time's string constructor takes them ("10ms", "2s", "1.5min"). A bare number is seconds.
 * \ingroup file-distribution
 * \param text the text to parse
 * \param error when not null, receives a message naming the value and what is allowed
 * \return the time, or nothing when the text is malformed, negative or too large
 */
std::optional<Time> ParseTime(const std::string& text, std::string* error);

/**
 * \brief Parses a whole number within [min, max], digits only.
 * \param text the text
 * \param min the smallest value allowed
 * \param max the largest value allowed
 * \param error receives a message naming the value and the range on failure (may be null)
 * \return the number, or nothing
 */
std::optional<uint64_t> ParseCount(const std::string& text,
                                   uint64_t min,
                                   uint64_t max,
                                   std::string* error);

/**
 * \brief Parses a boolean as ns-3's CommandLine does: true/false, 1/0 (also yes/no, on/off).
 * \param text the text
 * \param error receives a message naming the value on failure (may be null)
 * \return the value, or nothing
 */
std::optional<bool> ParseBool(const std::string& text, std::string* error);

} // namespace ns3

#endif // FILE_DISTRIBUTION_QUANTITY_PARSER_H
