// SPDX-License-Identifier: GPL-2.0-only
//
// libFuzzer harness of the tracker's bencoded announce response (model/tracker-protocol.h):
// AnnounceResponse::Decode on any body, and AnnounceResponse::Encode.
//
// Input: [0] the mode, then
//   even: the response body;
//   odd:  a response as raw fields (a flag byte, interval 4, min interval 4, complete 4,
//         incomplete 4), then 6 bytes per peer (address, port); with flag bit 0 the rest is a
//         failure reason instead.
//
// Invariants:
// - a body that decodes is a bencoded dictionary; a failure response carries its non-empty
//   "failure reason" and nothing else; otherwise interval, min interval, complete and
//   incomplete are the dictionary's integers (0 when absent), and there is one peer per 6
//   bytes of a compact "peers" string or per entry of a "peers" list;
// - Encode() of a decoded response decodes to the same response and encodes to the same bytes;
// - any response, encoded, decodes to itself.

#include "fuzz-common.h"

#include "ns3/bencode.h"
#include "ns3/tracker-protocol.h"

#include <sstream>
#include <string>

using namespace ns3;

namespace
{

/// \return whether two responses are equal in every field
bool
Same(const AnnounceResponse& a, const AnnounceResponse& b)
{
    return a.failureReason == b.failureReason && a.interval == b.interval &&
           a.minInterval == b.minInterval && a.complete == b.complete &&
           a.incomplete == b.incomplete && a.peers == b.peers;
}

/// \return the integer at \p key of \p dict, 0 when absent
int64_t
IntegerOr0(const BencodeValue& dict, const std::string& key)
{
    const BencodeValue* v = dict.Find(key);
    return v != nullptr && v->GetInteger() ? *v->GetInteger() : 0;
}

/// Encodes \p response and checks it decodes to itself, twice over.
void
CheckRoundTrip(const AnnounceResponse& response)
{
    const std::string encoded = response.Encode();
    std::string error;
    const auto decoded = AnnounceResponse::Decode(encoded, &error);
    FD_FUZZ_CHECK(decoded.has_value(), error + " in " + fdfuzz::Quote(encoded));
    FD_FUZZ_CHECK(Same(response, *decoded), fdfuzz::Quote(encoded));
    FD_FUZZ_CHECK(decoded->Encode() == encoded);
}

} // namespace

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size)
{
    fdfuzz::ByteReader reader(data, size);
    const uint8_t mode = reader.U8();
    if (mode % 2 == 1)
    {
        AnnounceResponse r;
        const uint8_t flags = reader.U8();
        r.interval = static_cast<uint32_t>(reader.BigEndian(4));
        r.minInterval = static_cast<uint32_t>(reader.BigEndian(4));
        r.complete = static_cast<uint32_t>(reader.BigEndian(4));
        r.incomplete = static_cast<uint32_t>(reader.BigEndian(4));
        const std::string rest = reader.Rest();
        if ((flags & 1) != 0 && !rest.empty())
        {
            AnnounceResponse failure;
            failure.failureReason = rest;
            CheckRoundTrip(failure);
            return 0;
        }
        for (std::size_t i = 0; i + 6 <= rest.size(); i += 6)
        {
            const auto* b = reinterpret_cast<const uint8_t*>(rest.data() + i);
            r.peers.emplace_back(Ipv4Address((uint32_t{b[0]} << 24) | (uint32_t{b[1]} << 16) |
                                             (uint32_t{b[2]} << 8) | b[3]),
                                 static_cast<uint16_t>((b[4] << 8) | b[5]));
        }
        CheckRoundTrip(r);
        return 0;
    }

    const std::string body = reader.Rest();
    std::string error;
    const auto response = AnnounceResponse::Decode(body, &error);
    if (!response)
    {
        FD_FUZZ_CHECK(!error.empty());
        return 0;
    }
    const auto value = BencodeDecode(body, nullptr);
    FD_FUZZ_CHECK(value && value->GetDictionary() != nullptr);
    if (const BencodeValue* failure = value->Find("failure reason"))
    {
        FD_FUZZ_CHECK(failure->GetString() != nullptr &&
                      *failure->GetString() == response->failureReason);
        FD_FUZZ_CHECK(!response->failureReason.empty());
        FD_FUZZ_CHECK(response->interval == 0 && response->minInterval == 0 &&
                      response->complete == 0 && response->incomplete == 0 &&
                      response->peers.empty());
    }
    else
    {
        FD_FUZZ_CHECK(response->failureReason.empty());
        FD_FUZZ_CHECK(value->Find("interval") != nullptr);
        FD_FUZZ_CHECK(response->interval == IntegerOr0(*value, "interval"));
        FD_FUZZ_CHECK(response->minInterval == IntegerOr0(*value, "min interval"));
        FD_FUZZ_CHECK(response->complete == IntegerOr0(*value, "complete"));
        FD_FUZZ_CHECK(response->incomplete == IntegerOr0(*value, "incomplete"));
        const BencodeValue* peers = value->Find("peers");
        FD_FUZZ_CHECK(peers != nullptr);
        if (const std::string* compact = peers->GetString())
        {
            FD_FUZZ_CHECK(compact->size() % 6 == 0 &&
                          response->peers.size() == compact->size() / 6);
            for (std::size_t i = 0; i < response->peers.size(); ++i)
            {
                const auto* b = reinterpret_cast<const uint8_t*>(compact->data() + 6 * i);
                FD_FUZZ_CHECK(response->peers[i].first.Get() ==
                              ((uint32_t{b[0]} << 24) | (uint32_t{b[1]} << 16) |
                               (uint32_t{b[2]} << 8) | b[3]));
                FD_FUZZ_CHECK(response->peers[i].second == ((b[4] << 8) | b[5]));
            }
        }
        else
        {
            FD_FUZZ_CHECK(peers->GetList() != nullptr &&
                          peers->GetList()->size() == response->peers.size());
            for (std::size_t i = 0; i < response->peers.size(); ++i)
            {
                const BencodeValue& entry = (*peers->GetList())[i];
                FD_FUZZ_CHECK(response->peers[i].second == IntegerOr0(entry, "port"));
                FD_FUZZ_CHECK(response->peers[i].second != 0);
                // The dotted quad, printed back, is the "ip" string: strict, no leading zeros.
                std::ostringstream os;
                response->peers[i].first.Print(os);
                FD_FUZZ_CHECK(os.str() == *entry.Find("ip")->GetString(),
                              fdfuzz::Quote(*entry.Find("ip")->GetString()));
            }
        }
    }
    CheckRoundTrip(*response);
    return 0;
}
