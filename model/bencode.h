// SPDX-License-Identifier: GPL-2.0-only

#ifndef FILE_DISTRIBUTION_BENCODE_H
#define FILE_DISTRIBUTION_BENCODE_H

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

/**
 * \file
 * \ingroup file-distribution
 * Bencoding (BEP 3): the value type, the encoder and a strict, bounded decoder.
 */

namespace ns3
{

class BencodeValue;

/// \ingroup file-distribution
/// A bencoded list.
using BencodeList = std::vector<BencodeValue>;
/// \ingroup file-distribution
/// A bencoded dictionary; std::string compares as unsigned bytes, so keys stay in the raw
/// byte order that BEP 3 requires.
using BencodeDictionary = std::map<std::string, BencodeValue>;

/**
 * \ingroup file-distribution
 * \brief A bencoded value: an integer, a byte string, a list or a dictionary.
 *
 * The accessors never assert: asking an integer for its string returns null, so code that
 * walks untrusted input checks types with a null test instead of crashing.
 */
class BencodeValue
{
  public:
    /// The four kinds of values.
    enum class Type
    {
        INTEGER,
        STRING,
        LIST,
        DICTIONARY,
    };

    /// The integer 0.
    BencodeValue();
    /**
     * \param value an integer
     */
    BencodeValue(int64_t value);
    /**
     * \param value an integer
     */
    BencodeValue(int value);
    /**
     * \param value a byte string (any bytes)
     */
    BencodeValue(std::string value);
    /**
     * \param value a NUL-terminated byte string
     */
    BencodeValue(const char* value);
    /**
     * \param value a list
     */
    BencodeValue(BencodeList value);
    /**
     * \param value a dictionary
     */
    BencodeValue(BencodeDictionary value);

    /**
     * \return the kind of value
     */
    Type GetType() const;

    /**
     * \return the integer, or nothing if this is not an integer
     */
    std::optional<int64_t> GetInteger() const;
    /**
     * \return the byte string, or null if this is not a string
     */
    const std::string* GetString() const;
    /**
     * \return the list, or null if this is not a list
     */
    const BencodeList* GetList() const;
    /**
     * \return the dictionary, or null if this is not a dictionary
     */
    const BencodeDictionary* GetDictionary() const;

    /**
     * \param key a dictionary key
     * \return the value of that key, or null if this is not a dictionary or has no such key
     */
    const BencodeValue* Find(const std::string& key) const;

    /**
     * \return the bencoding of this value
     */
    std::string Encode() const;

    /**
     * \param other another value
     * \return true if both have the same type and content
     */
    bool operator==(const BencodeValue& other) const;
    /**
     * \param other another value
     * \return the opposite of operator==
     */
    bool operator!=(const BencodeValue& other) const;

  private:
    /// Appends the bencoding of this value to \p out.
    void EncodeTo(std::string* out) const;

    Type m_type{Type::INTEGER};     //!< which of the members below holds the value
    int64_t m_integer{0};           //!< the integer, for INTEGER
    std::string m_string;           //!< the bytes, for STRING
    BencodeList m_list;             //!< the items, for LIST
    BencodeDictionary m_dictionary; //!< the entries, for DICTIONARY
};

/**
 * \ingroup file-distribution
 * \brief Bounds that keep the decoder's time, memory and recursion in check.
 */
struct BencodeLimits
{
    std::size_t maxDepth = 64;              //!< deepest nesting of lists and dictionaries
    std::size_t maxElements = 1000000;      //!< most values in total (all levels)
    std::size_t maxStringLength = 64 << 20; //!< longest byte string (also bounded by input)
};

/**
 * \ingroup file-distribution
 * \brief Why and where decoding failed.
 */
struct BencodeError
{
    std::size_t position = 0; //!< offset of the offending byte (input size if truncated)
    std::string message;      //!< what was wrong there
};

/**
 * \ingroup file-distribution
 * \brief Decodes exactly one value that spans the whole input.
 *
 * Strict: integers without leading zeros, "-0", "i-e" or "ie"; string lengths without
 * leading zeros and within the input; dictionary keys strictly increasing in raw byte order
 * (hence unique); no bytes after the value. Never reads past the buffer, never asserts.
 * \param bytes the bencoded input
 * \param error receives the position and message on failure (may be null)
 * \param limits depth, element and string length bounds
 * \return the value, or nothing on failure
 */
std::optional<BencodeValue> BencodeDecode(const std::string& bytes,
                                          BencodeError* error,
                                          const BencodeLimits& limits = BencodeLimits());

/**
 * \ingroup file-distribution
 * \brief Where a top-level dictionary key's value is in the original bytes.
 *
 * The info_hash of a torrent is the SHA-1 of the info dictionary exactly as it appears in the
 * file, so it must be hashed from the input, not re-encoded. The whole input is validated as
 * by BencodeDecode() first.
 * \param bytes the bencoded input, a dictionary
 * \param key the key to look for
 * \param error receives the position and message on failure, or when the key is absent
 * (may be null)
 * \param limits depth, element and string length bounds
 * \return (offset, length) of the value's encoding, or nothing
 */
std::optional<std::pair<std::size_t, std::size_t>> BencodeFindValueSpan(
    const std::string& bytes,
    const std::string& key,
    BencodeError* error,
    const BencodeLimits& limits = BencodeLimits());

} // namespace ns3

#endif // FILE_DISTRIBUTION_BENCODE_H
