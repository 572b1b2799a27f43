// SPDX-License-Identifier: GPL-2.0-only

#include "tracker-protocol.h"

#include "bencode.h"

#include <algorithm>
#include <limits>

namespace ns3
{

namespace
{

void
SetError(std::string* error, const std::string& message)
{
    if (error != nullptr)
    {
        *error = message;
    }
}

/// A plain decimal number: digits only, no sign, no blanks, within 64 bits.
std::optional<uint64_t>
ParseDecimal(const std::string& text)
{
    if (text.empty() || text.size() > 20)
    {
        return std::nullopt;
    }
    uint64_t n = 0;
    for (char c : text)
    {
        if (c < '0' || c > '9')
        {
            return std::nullopt;
        }
        const uint64_t digit = c - '0';
        if (n > (std::numeric_limits<uint64_t>::max() - digit) / 10)
        {
            return std::nullopt;
        }
        n = n * 10 + digit;
    }
    return n;
}

/// A dotted-quad IPv4 address, strictly (four decimal octets, no leading zeros).
std::optional<uint32_t>
ParseDottedQuad(const std::string& text)
{
    uint32_t address = 0;
    std::size_t pos = 0;
    for (int octet = 0; octet < 4; ++octet)
    {
        const std::size_t end = octet < 3 ? text.find('.', pos) : text.size();
        if (end == std::string::npos || end == pos || end - pos > 3 ||
            (end - pos > 1 && text[pos] == '0'))
        {
            return std::nullopt;
        }
        const auto value = ParseDecimal(text.substr(pos, end - pos));
        if (!value || *value > 255)
        {
            return std::nullopt;
        }
        address = (address << 8) | static_cast<uint32_t>(*value);
        pos = end + 1;
    }
    return address;
}

/// Reads a non-negative integer entry that fits in 32 bits; absent is \p fallback.
bool
ReadUint32(const BencodeValue& dict,
           const std::string& key,
           bool required,
           uint32_t* out,
           std::string* error)
{
    const BencodeValue* value = dict.Find(key);
    if (value == nullptr)
    {
        if (required)
        {
            SetError(error, "missing '" + key + "'");
            return false;
        }
        return true;
    }
    const auto n = value->GetInteger();
    if (!n || *n < 0 || *n > std::numeric_limits<uint32_t>::max())
    {
        SetError(error, "'" + key + "' is not an integer in 0..2^32-1");
        return false;
    }
    *out = static_cast<uint32_t>(*n);
    return true;
}

} // namespace

std::string
AnnounceRequest::EventToString(Event event)
{
    switch (event)
    {
    case Event::STARTED:
        return "started";
    case Event::COMPLETED:
        return "completed";
    case Event::STOPPED:
        return "stopped";
    case Event::NONE:
        break;
    }
    return "";
}

std::string
AnnounceRequest::ToTarget(const std::string& announcePath) const
{
    std::string target = announcePath;
    target += announcePath.find('?') == std::string::npos ? '?' : '&';
    target += "info_hash=" + PercentEncode(std::string(infoHash.begin(), infoHash.end()));
    target += "&peer_id=" + PercentEncode(std::string(peerId.begin(), peerId.end()));
    target += "&port=" + std::to_string(port);
    target += "&uploaded=" + std::to_string(uploaded);
    target += "&downloaded=" + std::to_string(downloaded);
    target += "&left=" + std::to_string(left);
    target += std::string("&compact=") + (compact ? "1" : "0");
    if (event != Event::NONE)
    {
        target += "&event=" + EventToString(event);
    }
    target += "&numwant=" + std::to_string(numwant);
    return target;
}

std::optional<AnnounceRequest>
AnnounceRequest::FromHttpRequest(const HttpRequest& request, std::string* error)
{
    AnnounceRequest announce;
    for (const auto& [key, target] :
         {std::pair{"info_hash", &announce.infoHash}, std::pair{"peer_id", &announce.peerId}})
    {
        const auto value = request.GetQuery(key);
        if (!value)
        {
            SetError(error, std::string("missing ") + key);
            return std::nullopt;
        }
        if (value->size() != 20)
        {
            SetError(error, std::string(key) + " is not 20 bytes");
            return std::nullopt;
        }
        std::copy(value->begin(), value->end(), target->begin());
    }

    const auto port = request.GetQuery("port");
    const auto portNumber = port ? ParseDecimal(*port) : std::nullopt;
    if (!portNumber || *portNumber == 0 || *portNumber > 65535)
    {
        SetError(error, port ? "invalid port" : "missing port");
        return std::nullopt;
    }
    announce.port = static_cast<uint16_t>(*portNumber);

    for (const auto& [key, target] : {std::pair{"uploaded", &announce.uploaded},
                                      std::pair{"downloaded", &announce.downloaded},
                                      std::pair{"left", &announce.left}})
    {
        const auto value = request.GetQuery(key);
        const auto number = value ? ParseDecimal(*value) : std::nullopt;
        if (!number)
        {
            SetError(error, std::string(value ? "invalid " : "missing ") + key);
            return std::nullopt;
        }
        *target = *number;
    }

    const auto event = request.GetQuery("event");
    if (!event || event->empty() || *event == "empty")
    {
        announce.event = Event::NONE;
    }
    else if (*event == "started")
    {
        announce.event = Event::STARTED;
    }
    else if (*event == "completed")
    {
        announce.event = Event::COMPLETED;
    }
    else if (*event == "stopped")
    {
        announce.event = Event::STOPPED;
    }
    else
    {
        SetError(error, "invalid event");
        return std::nullopt;
    }

    if (const auto numwant = request.GetQuery("numwant"))
    {
        // Long digit strings are clamped rather than refused: asking for "all" is harmless.
        const bool allDigits =
            !numwant->empty() && numwant->find_first_not_of("0123456789") == std::string::npos;
        if (!allDigits)
        {
            SetError(error, "invalid numwant");
            return std::nullopt;
        }
        const auto number = ParseDecimal(*numwant);
        announce.numwant = !number || *number > std::numeric_limits<uint32_t>::max()
                               ? std::numeric_limits<uint32_t>::max()
                               : static_cast<uint32_t>(*number);
    }

    if (const auto compact = request.GetQuery("compact"))
    {
        if (*compact != "0" && *compact != "1")
        {
            SetError(error, "invalid compact");
            return std::nullopt;
        }
        announce.compact = *compact == "1";
    }
    return announce;
}

std::string
AnnounceResponse::Encode() const
{
    BencodeDictionary dict;
    if (!failureReason.empty())
    {
        dict["failure reason"] = failureReason;
        return BencodeValue(std::move(dict)).Encode();
    }
    dict["complete"] = static_cast<int64_t>(complete);
    dict["incomplete"] = static_cast<int64_t>(incomplete);
    dict["interval"] = static_cast<int64_t>(interval);
    if (minInterval != 0)
    {
        dict["min interval"] = static_cast<int64_t>(minInterval);
    }
    std::string compactPeers;
    compactPeers.reserve(peers.size() * 6);
    for (const auto& [address, port] : peers)
    {
        // BEP 23: 4 bytes of address then 2 bytes of port, both in network byte order.
        const uint32_t ip = address.Get();
        compactPeers.push_back(static_cast<char>(ip >> 24));
        compactPeers.push_back(static_cast<char>(ip >> 16));
        compactPeers.push_back(static_cast<char>(ip >> 8));
        compactPeers.push_back(static_cast<char>(ip));
        compactPeers.push_back(static_cast<char>(port >> 8));
        compactPeers.push_back(static_cast<char>(port));
    }
    dict["peers"] = std::move(compactPeers);
    return BencodeValue(std::move(dict)).Encode();
}

std::optional<AnnounceResponse>
AnnounceResponse::Decode(const std::string& body, std::string* error)
{
    BencodeError bencodeError;
    const auto value = BencodeDecode(body, &bencodeError);
    if (!value)
    {
        SetError(error,
                 "bad bencoding at byte " + std::to_string(bencodeError.position) + ": " +
                     bencodeError.message);
        return std::nullopt;
    }
    if (value->GetDictionary() == nullptr)
    {
        SetError(error, "response is not a dictionary");
        return std::nullopt;
    }
    AnnounceResponse response;
    if (const BencodeValue* failure = value->Find("failure reason"))
    {
        if (failure->GetString() == nullptr || failure->GetString()->empty())
        {
            SetError(error, "'failure reason' is not a non-empty string");
            return std::nullopt;
        }
        response.failureReason = *failure->GetString();
        return response;
    }
    if (!ReadUint32(*value, "interval", true, &response.interval, error) ||
        !ReadUint32(*value, "min interval", false, &response.minInterval, error) ||
        !ReadUint32(*value, "complete", false, &response.complete, error) ||
        !ReadUint32(*value, "incomplete", false, &response.incomplete, error))
    {
        return std::nullopt;
    }
    const BencodeValue* peers = value->Find("peers");
    if (peers == nullptr)
    {
        SetError(error, "missing 'peers'");
        return std::nullopt;
    }
    if (const std::string* compactPeers = peers->GetString())
    {
        if (compactPeers->size() % 6 != 0)
        {
            SetError(error, "compact 'peers' is not a multiple of 6 bytes");
            return std::nullopt;
        }
        for (std::size_t i = 0; i < compactPeers->size(); i += 6)
        {
            const auto* b = reinterpret_cast<const uint8_t*>(compactPeers->data() + i);
            const uint32_t ip = (uint32_t{b[0]} << 24) | (uint32_t{b[1]} << 16) |
                                (uint32_t{b[2]} << 8) | uint32_t{b[3]};
            const auto port = static_cast<uint16_t>((b[4] << 8) | b[5]);
            response.peers.emplace_back(Ipv4Address(ip), port);
        }
        return response;
    }
    const BencodeList* list = peers->GetList();
    if (list == nullptr)
    {
        SetError(error, "'peers' is neither a string nor a list");
        return std::nullopt;
    }
    for (const auto& peer : *list)
    {
        const BencodeValue* ip = peer.Find("ip");
        const BencodeValue* port = peer.Find("port");
        const auto address = ip != nullptr && ip->GetString() != nullptr
                                 ? ParseDottedQuad(*ip->GetString())
                                 : std::nullopt;
        const auto portNumber = port != nullptr ? port->GetInteger() : std::nullopt;
        if (!address || !portNumber || *portNumber < 1 || *portNumber > 65535)
        {
            SetError(error, "a peer entry lacks a dotted-quad 'ip' or a valid 'port'");
            return std::nullopt;
        }
        response.peers.emplace_back(Ipv4Address(*address), static_cast<uint16_t>(*portNumber));
    }
    return response;
}

} // namespace ns3
