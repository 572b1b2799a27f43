// SPDX-License-Identifier: GPL-2.0-only
//
// libFuzzer harness of the tracker's announce parsing (model/tracker-protocol.h):
// AnnounceRequest::FromHttpRequest on the query of a request parsed by ParseHttpRequest, and
// AnnounceRequest::ToTarget.
//
// Input: [0] the mode, then
//   even: the request target (prefixed with "/announce?" unless it starts with '/');
//   odd:  an announce as raw fields (info_hash 20, peer_id 20, port 2, uploaded 8,
//         downloaded 8, left 8, event 1, numwant 4, compact 1), then an announce path.
//
// Invariants:
// - FromHttpRequest accepts exactly the queries a separate reading of BEP 3 accepts
//   (info_hash and peer_id of 20 bytes; port 1..65535; uploaded, downloaded, left plain
//   decimal numbers of at most 20 digits within 64 bits; event absent, empty, "empty",
//   started, completed or stopped; numwant all digits, clamped to 2^32-1, as is any numwant
//   of more than 20 digits; compact 0 or 1),
//   and every field it returns is the first value of its parameter;
// - an accepted announce, written again by ToTarget (also under an announce path that has a
//   query of its own), parses back to the same announce;
// - any announce with a port, written by ToTarget, parses back to itself; with port 0 it is
//   refused.

#include "fuzz-common.h"

#include "ns3/http-message.h"
#include "ns3/tracker-protocol.h"

#include <limits>
#include <string>

using namespace ns3;

namespace
{

/// \return the value of a plain decimal number of 1..20 digits within 64 bits, or nothing
std::optional<uint64_t>
Decimal(const std::optional<std::string>& text)
{
    if (!text || text->empty() || text->size() > 20 ||
        text->find_first_not_of("0123456789") != std::string::npos)
    {
        return std::nullopt;
    }
    // 20 digits may exceed 2^64-1: compare as text, zero-padded.
    if (text->size() == 20 && *text > "18446744073709551615")
    {
        return std::nullopt;
    }
    uint64_t n = 0;
    for (char c : *text)
    {
        n = n * 10 + static_cast<uint64_t>(c - '0');
    }
    return n;
}

/// \return whether two announces are equal in every field
bool
Same(const AnnounceRequest& a, const AnnounceRequest& b)
{
    return a.infoHash == b.infoHash && a.peerId == b.peerId && a.port == b.port &&
           a.uploaded == b.uploaded && a.downloaded == b.downloaded && a.left == b.left &&
           a.event == b.event && a.numwant == b.numwant && a.compact == b.compact;
}

/// Parses "GET target HTTP/1.0" and reads the announce from it.
std::optional<AnnounceRequest>
Announce(const std::string& target, std::string* error, bool* parsed)
{
    const auto request =
        ParseHttpRequest("GET " + target + " HTTP/1.0\r\nHost: tracker\r\n\r\n", error);
    *parsed = request.has_value();
    if (!request)
    {
        return std::nullopt;
    }
    return AnnounceRequest::FromHttpRequest(*request, error);
}

/// Writes \p announce with ToTarget under \p path and checks it reads back the same.
void
CheckRoundTrip(const AnnounceRequest& announce, const std::string& path)
{
    const std::string target = announce.ToTarget(path);
    std::string error;
    bool parsed = false;
    const auto again = Announce(target, &error, &parsed);
    FD_FUZZ_CHECK(parsed, error + " in " + fdfuzz::Quote(target));
    if (announce.port == 0)
    {
        FD_FUZZ_CHECK(!again, "port 0 accepted");
        return;
    }
    FD_FUZZ_CHECK(again.has_value(), error + " in " + fdfuzz::Quote(target));
    FD_FUZZ_CHECK(Same(announce, *again), fdfuzz::Quote(target));
}

/// Reads a query as BEP 3 says, separately from the model. \return the announce, or nothing
std::optional<AnnounceRequest>
Expected(const HttpRequest& request)
{
    AnnounceRequest a;
    const auto infoHash = request.GetQuery("info_hash");
    const auto peerId = request.GetQuery("peer_id");
    if (!infoHash || infoHash->size() != 20 || !peerId || peerId->size() != 20)
    {
        return std::nullopt;
    }
    std::copy(infoHash->begin(), infoHash->end(), a.infoHash.begin());
    std::copy(peerId->begin(), peerId->end(), a.peerId.begin());
    const auto port = Decimal(request.GetQuery("port"));
    const auto uploaded = Decimal(request.GetQuery("uploaded"));
    const auto downloaded = Decimal(request.GetQuery("downloaded"));
    const auto left = Decimal(request.GetQuery("left"));
    if (!port || *port == 0 || *port > 65535 || !uploaded || !downloaded || !left)
    {
        return std::nullopt;
    }
    a.port = static_cast<uint16_t>(*port);
    a.uploaded = *uploaded;
    a.downloaded = *downloaded;
    a.left = *left;
    const auto event = request.GetQuery("event");
    if (!event || *event == "" || *event == "empty")
    {
        a.event = AnnounceRequest::Event::NONE;
    }
    else if (*event == "started")
    {
        a.event = AnnounceRequest::Event::STARTED;
    }
    else if (*event == "completed")
    {
        a.event = AnnounceRequest::Event::COMPLETED;
    }
    else if (*event == "stopped")
    {
        a.event = AnnounceRequest::Event::STOPPED;
    }
    else
    {
        return std::nullopt;
    }
    if (const auto numwant = request.GetQuery("numwant"))
    {
        if (numwant->empty() || numwant->find_first_not_of("0123456789") != std::string::npos)
        {
            return std::nullopt;
        }
        // Clamped: values above 2^32-1, and (as the model's comment says, "long digit
        // strings are clamped") any string of more than 20 digits, even "000...05".
        const std::size_t first = numwant->find_first_not_of('0');
        const std::string significant = first == std::string::npos ? "0" : numwant->substr(first);
        a.numwant = numwant->size() > 20 || significant.size() > 10 ||
                            (significant.size() == 10 && significant > "4294967295")
                        ? std::numeric_limits<uint32_t>::max()
                        : static_cast<uint32_t>(std::stoull(significant));
    }
    if (const auto compact = request.GetQuery("compact"))
    {
        if (*compact != "0" && *compact != "1")
        {
            return std::nullopt;
        }
        a.compact = *compact == "1";
    }
    return a;
}

} // namespace

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size)
{
    fdfuzz::ByteReader reader(data, size);
    const uint8_t mode = reader.U8();
    if (mode % 2 == 1)
    {
        // Any announce survives ToTarget and FromHttpRequest.
        AnnounceRequest a;
        for (auto& b : a.infoHash)
        {
            b = reader.U8();
        }
        for (auto& b : a.peerId)
        {
            b = reader.U8();
        }
        a.port = static_cast<uint16_t>(reader.BigEndian(2));
        a.uploaded = reader.BigEndian(8);
        a.downloaded = reader.BigEndian(8);
        a.left = reader.BigEndian(8);
        a.event = static_cast<AnnounceRequest::Event>(reader.U8() % 4);
        a.numwant = static_cast<uint32_t>(reader.BigEndian(4));
        a.compact = (reader.U8() & 1) != 0;
        // An announce URL's path, and a query of its own (a private tracker's passkey).
        std::string path = "/";
        const std::string rest = reader.Rest();
        const std::size_t split = rest.find('\0');
        for (char c : rest.substr(0, split))
        {
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '/' || c == '.' ||
                c == '-' || c == '_' || c == '~')
            {
                path += c;
            }
        }
        CheckRoundTrip(a, path);
        if (split != std::string::npos)
        {
            CheckRoundTrip(a, path + "?passkey=" + PercentEncode(rest.substr(split + 1)));
        }
        return 0;
    }

    const std::string rest = reader.Rest();
    const std::string target = !rest.empty() && rest[0] == '/' ? rest : "/announce?" + rest;
    const auto request =
        ParseHttpRequest("GET " + target + " HTTP/1.0\r\nHost: tracker\r\n\r\n", nullptr);
    if (!request)
    {
        return 0;
    }
    std::string error;
    const auto announce = AnnounceRequest::FromHttpRequest(*request, &error);
    const auto expected = Expected(*request);
    FD_FUZZ_CHECK(announce.has_value() == expected.has_value(),
                  (announce ? std::string("accepted") : "refused (" + error + ")") + ": " +
                      fdfuzz::Quote(target));
    if (!announce)
    {
        FD_FUZZ_CHECK(!error.empty());
        return 0;
    }
    FD_FUZZ_CHECK(Same(*announce, *expected), fdfuzz::Quote(target));
    CheckRoundTrip(*announce, "/announce");
    CheckRoundTrip(*announce, "/announce?passkey=abc");
    return 0;
}
