// SPDX-License-Identifier: GPL-2.0-only
//
// libFuzzer harness of the bencode decoder (model/bencode.h): BencodeDecode,
// BencodeValue::Encode and BencodeFindValueSpan on any bytes.
//
// Invariants:
// - the decoder is strict, so a value has one encoding: whatever decodes re-encodes to exactly
//   the input bytes, and the re-encoding decodes to an equal value;
// - a failure names a position within the input (or its end) and a message;
// - BencodeFindValueSpan finds, for every key of a decoded dictionary, the bytes that encode
//   its value, finds nothing for an absent key, and nothing in bytes that do not decode;
// - the limits are exact and monotonic: tighter limits accept exactly the values within them.

#include "fuzz-common.h"

#include "ns3/bencode.h"

#include <algorithm>
#include <string>

using namespace ns3;

namespace
{

/// What a value needs of BencodeLimits.
struct Needs
{
    std::size_t depth{0};    //!< lists and dictionaries nested (0 for a scalar)
    std::size_t elements{0}; //!< values and dictionary keys, as the decoder counts them
    std::size_t string{0};   //!< longest string or key
};

/// Walks a decoded value: checks its accessors agree with its type and measures it.
Needs
Measure(const BencodeValue& v)
{
    Needs needs;
    needs.elements = 1;
    const auto type = v.GetType();
    FD_FUZZ_CHECK(v.GetInteger().has_value() == (type == BencodeValue::Type::INTEGER));
    FD_FUZZ_CHECK((v.GetString() != nullptr) == (type == BencodeValue::Type::STRING));
    FD_FUZZ_CHECK((v.GetList() != nullptr) == (type == BencodeValue::Type::LIST));
    FD_FUZZ_CHECK((v.GetDictionary() != nullptr) == (type == BencodeValue::Type::DICTIONARY));
    if (const std::string* s = v.GetString())
    {
        needs.string = s->size();
    }
    auto add = [&needs](const Needs& child) {
        needs.depth = std::max(needs.depth, child.depth + 1);
        needs.elements += child.elements;
        needs.string = std::max(needs.string, child.string);
    };
    if (const BencodeList* list = v.GetList())
    {
        needs.depth = 1;
        for (const auto& item : *list)
        {
            add(Measure(item));
        }
    }
    if (const BencodeDictionary* dict = v.GetDictionary())
    {
        needs.depth = 1;
        for (const auto& [key, item] : *dict)
        {
            FD_FUZZ_CHECK(v.Find(key) == &item);
            needs.elements += 1; // the key
            needs.string = std::max(needs.string, key.size());
            add(Measure(item));
        }
    }
    return needs;
}

/// \return whether a value with these needs fits in these limits
bool
Fits(const Needs& needs, const BencodeLimits& limits)
{
    return needs.depth <= limits.maxDepth && needs.elements <= limits.maxElements &&
           needs.string <= limits.maxStringLength;
}

} // namespace

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size)
{
    const std::string input(reinterpret_cast<const char*>(data), size);
    BencodeError error;
    const auto value = BencodeDecode(input, &error);
    if (!value)
    {
        FD_FUZZ_CHECK(error.position <= input.size(), std::to_string(error.position));
        FD_FUZZ_CHECK(!error.message.empty());
        BencodeError spanError;
        FD_FUZZ_CHECK(!BencodeFindValueSpan(input, "info", &spanError));
        FD_FUZZ_CHECK(!spanError.message.empty());
    }
    else
    {
        const std::string encoded = value->Encode();
        FD_FUZZ_CHECK(encoded == input, "re-encoded as " + fdfuzz::Quote(encoded));
        const auto again = BencodeDecode(encoded, nullptr);
        FD_FUZZ_CHECK(again && *again == *value);
        FD_FUZZ_CHECK(!(*again != *value));

        const Needs needs = Measure(*value);
        FD_FUZZ_CHECK(Fits(needs, BencodeLimits()));

        if (const BencodeDictionary* dict = value->GetDictionary())
        {
            // Each lookup validates the whole input: 16 keys spread over the dictionary keep
            // a dictionary of a thousand keys from costing a thousand passes.
            const std::size_t stride = dict->size() / 16 + 1;
            std::size_t index = 0;
            for (const auto& [key, item] : *dict)
            {
                if (index++ % stride != 0 && index != dict->size())
                {
                    continue;
                }
                const auto span = BencodeFindValueSpan(input, key, nullptr);
                FD_FUZZ_CHECK(span.has_value(), "key " + fdfuzz::Quote(key));
                FD_FUZZ_CHECK(span->first <= input.size() &&
                              span->second <= input.size() - span->first);
                FD_FUZZ_CHECK(input.compare(span->first, span->second, item.Encode()) == 0,
                              "key " + fdfuzz::Quote(key));
            }
            std::string absent = "\x01";
            while (dict->count(absent) != 0)
            {
                absent += '\x01';
            }
            BencodeError absentError;
            FD_FUZZ_CHECK(!BencodeFindValueSpan(input, absent, &absentError));
            FD_FUZZ_CHECK(!absentError.message.empty());
        }
        else
        {
            FD_FUZZ_CHECK(!BencodeFindValueSpan(input, "info", nullptr));
        }

        // Tighter limits accept exactly the values that fit in them.
        for (const BencodeLimits& tight : {BencodeLimits{0, 1, 0},
                                           BencodeLimits{1, 8, 4},
                                           BencodeLimits{3, 24, 16},
                                           BencodeLimits{8, 200, 256}})
        {
            BencodeError tightError;
            const auto bounded = BencodeDecode(input, &tightError, tight);
            FD_FUZZ_CHECK(bounded.has_value() == Fits(needs, tight),
                          "depth " + std::to_string(needs.depth) + " elements " +
                              std::to_string(needs.elements) + " string " +
                              std::to_string(needs.string) + ": " + tightError.message);
            FD_FUZZ_CHECK(!bounded || *bounded == *value);
            FD_FUZZ_CHECK(bounded || tightError.position <= input.size());
        }
    }
    // Tighter limits never accept what the default ones refuse.
    if (!value)
    {
        FD_FUZZ_CHECK(!BencodeDecode(input, nullptr, BencodeLimits{3, 24, 16}));
    }
    return 0;
}
