// SPDX-License-Identifier: GPL-2.0-only

#include "torrent-metainfo.h"

#include "bencode.h"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <limits>
#include <memory>
#include <openssl/evp.h>

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

/// SHA-1 of \p size bytes fed by \p feed(ctx); all zeros if libcrypto fails.
template <typename Feed>
std::array<uint8_t, 20>
Sha1(Feed feed)
{
    std::array<uint8_t, 20> digest{};
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
    unsigned int size = 0;
    std::array<uint8_t, EVP_MAX_MD_SIZE> out{};
    if (ctx && EVP_DigestInit_ex(ctx.get(), EVP_sha1(), nullptr) == 1 && feed(ctx.get()) &&
        EVP_DigestFinal_ex(ctx.get(), out.data(), &size) == 1 && size == digest.size())
    {
        std::copy(out.begin(), out.begin() + digest.size(), digest.begin());
    }
    return digest;
}

std::array<uint8_t, 20>
Sha1OfBytes(const std::string& bytes)
{
    return Sha1([&bytes](EVP_MD_CTX* ctx) {
        return EVP_DigestUpdate(ctx, bytes.data(), bytes.size()) == 1;
    });
}

/// SHA-1 of \p size zero bytes, streamed so that a large piece needs no large buffer.
std::array<uint8_t, 20>
Sha1OfZeros(uint64_t size)
{
    static const std::array<uint8_t, 65536> zeros{};
    return Sha1([size](EVP_MD_CTX* ctx) {
        for (uint64_t done = 0; done < size;)
        {
            const auto n = static_cast<std::size_t>(std::min<uint64_t>(zeros.size(), size - done));
            if (EVP_DigestUpdate(ctx, zeros.data(), n) != 1)
            {
                return false;
            }
            done += n;
        }
        return true;
    });
}

/// ceil(length / pieceLength), or nothing if it does not fit in 32 bits.
std::optional<uint32_t>
PieceCount(uint64_t length, uint32_t pieceLength)
{
    const uint64_t count = length / pieceLength + (length % pieceLength != 0 ? 1 : 0);
    if (count > std::numeric_limits<uint32_t>::max())
    {
        return std::nullopt;
    }
    return static_cast<uint32_t>(count);
}

} // namespace

TorrentMetainfo::TorrentMetainfo()
{
    m_infoBytes = BencodeValue(BencodeDictionary{{"length", 0},
                                                 {"name", ""},
                                                 {"piece length", int64_t{m_pieceLength}},
                                                 {"pieces", ""}})
                      .Encode();
    m_infoHash = Sha1OfBytes(m_infoBytes);
}

TorrentMetainfo
TorrentMetainfo::Synthesize(const std::string& name, uint64_t length, uint32_t pieceLength)
{
    TorrentMetainfo t;
    t.m_name = name;
    t.m_length = length;
    t.m_pieceLength = pieceLength == 0 ? DEFAULT_PIECE_LENGTH : pieceLength;
    auto count = PieceCount(length, t.m_pieceLength);
    // Only reachable with absurd sizes (over 2^32 pieces): grow the pieces until they fit.
    while (!count)
    {
        t.m_pieceLength = t.m_pieceLength > std::numeric_limits<uint32_t>::max() / 2
                              ? std::numeric_limits<uint32_t>::max()
                              : t.m_pieceLength * 2;
        count = PieceCount(length, t.m_pieceLength);
    }
    t.m_pieceCount = *count;
    if (t.m_pieceCount > 0)
    {
        // All pieces are zeros: one hash for the full size, one for a shorter last piece.
        const auto full = Sha1OfZeros(t.m_pieceLength);
        const uint32_t lastSize = t.GetPieceSize(t.m_pieceCount - 1);
        const auto last = lastSize == t.m_pieceLength ? full : Sha1OfZeros(lastSize);
        t.m_pieces.reserve(std::size_t{t.m_pieceCount} * 20);
        for (uint32_t i = 0; i + 1 < t.m_pieceCount; ++i)
        {
            t.m_pieces.append(full.begin(), full.end());
        }
        t.m_pieces.append(last.begin(), last.end());
    }
    // Keys in sorted order, as every bencoded dictionary: length, name, piece length, pieces.
    t.m_infoBytes = BencodeValue(BencodeDictionary{{"length", static_cast<int64_t>(length)},
                                                   {"name", name},
                                                   {"piece length", int64_t{t.m_pieceLength}},
                                                   {"pieces", t.m_pieces}})
                        .Encode();
    t.m_infoHash = Sha1OfBytes(t.m_infoBytes);
    return t;
}

std::optional<TorrentMetainfo>
TorrentMetainfo::LoadFile(const std::string& path, std::string* error)
{
    std::ifstream file(path, std::ios::binary);
    if (!file)
    {
        SetError(error, "cannot open " + path);
        return std::nullopt;
    }
    constexpr std::size_t maxSize = 64 << 20;
    std::string bytes;
    char buffer[65536];
    while (file.read(buffer, sizeof(buffer)) || file.gcount() > 0)
    {
        bytes.append(buffer, static_cast<std::size_t>(file.gcount()));
        if (bytes.size() > maxSize)
        {
            SetError(error, path + " is larger than 64 MiB");
            return std::nullopt;
        }
    }
    if (file.bad())
    {
        SetError(error, "cannot read " + path);
        return std::nullopt;
    }
    std::string parseError;
    auto torrent = Parse(bytes, &parseError);
    if (!torrent)
    {
        SetError(error, path + ": " + parseError);
    }
    return torrent;
}

std::optional<TorrentMetainfo>
TorrentMetainfo::Parse(const std::string& bytes, std::string* error)
{
    BencodeError bencodeError;
    const auto root = BencodeDecode(bytes, &bencodeError);
    if (!root)
    {
        SetError(error,
                 "bad bencoding at byte " + std::to_string(bencodeError.position) + ": " +
                     bencodeError.message);
        return std::nullopt;
    }
    if (root->GetDictionary() == nullptr)
    {
        SetError(error, "not a dictionary");
        return std::nullopt;
    }
    TorrentMetainfo t;
    if (const BencodeValue* announce = root->Find("announce"))
    {
        if (announce->GetString() == nullptr)
        {
            SetError(error, "'announce' is not a string");
            return std::nullopt;
        }
        t.m_announce = *announce->GetString();
    }
    const BencodeValue* info = root->Find("info");
    if (info == nullptr || info->GetDictionary() == nullptr)
    {
        SetError(error, info == nullptr ? "missing 'info'" : "'info' is not a dictionary");
        return std::nullopt;
    }
    if (info->Find("files") != nullptr)
    {
        SetError(error, "multi-file torrents are not supported");
        return std::nullopt;
    }
    const BencodeValue* name = info->Find("name");
    const BencodeValue* length = info->Find("length");
    const BencodeValue* pieceLength = info->Find("piece length");
    const BencodeValue* pieces = info->Find("pieces");
    if (name == nullptr || name->GetString() == nullptr)
    {
        SetError(error, "missing or non-string 'name'");
        return std::nullopt;
    }
    if (length == nullptr || !length->GetInteger() || *length->GetInteger() < 0)
    {
        SetError(error, "missing or negative 'length'");
        return std::nullopt;
    }
    if (pieceLength == nullptr || !pieceLength->GetInteger() || *pieceLength->GetInteger() <= 0 ||
        *pieceLength->GetInteger() > std::numeric_limits<uint32_t>::max())
    {
        SetError(error, "missing 'piece length', or not in 1..2^32-1");
        return std::nullopt;
    }
    if (pieces == nullptr || pieces->GetString() == nullptr)
    {
        SetError(error, "missing or non-string 'pieces'");
        return std::nullopt;
    }
    t.m_name = *name->GetString();
    t.m_length = static_cast<uint64_t>(*length->GetInteger());
    t.m_pieceLength = static_cast<uint32_t>(*pieceLength->GetInteger());
    t.m_pieces = *pieces->GetString();
    if (t.m_pieces.size() % 20 != 0)
    {
        SetError(error, "'pieces' is not a multiple of 20 bytes");
        return std::nullopt;
    }
    const auto count = PieceCount(t.m_length, t.m_pieceLength);
    if (!count || t.m_pieces.size() / 20 != *count)
    {
        SetError(error,
                 "'pieces' holds " + std::to_string(t.m_pieces.size() / 20) +
                     " hashes for a length that needs " +
                     (count ? std::to_string(*count) : std::string("over 2^32")) + " pieces");
        return std::nullopt;
    }
    t.m_pieceCount = *count;
    // Hash the info dictionary as it is in the file, not a re-encoding of it.
    const auto span = BencodeFindValueSpan(bytes, "info", nullptr);
    if (!span)
    {
        SetError(error, "cannot locate 'info'"); // unreachable: the bytes decoded above
        return std::nullopt;
    }
    t.m_infoBytes = bytes.substr(span->first, span->second);
    t.m_infoHash = Sha1OfBytes(t.m_infoBytes);
    return t;
}

std::string
TorrentMetainfo::Encode() const
{
    // "announce" < "info": the info bytes are spliced in verbatim, in sorted position.
    std::string out = "d";
    if (!m_announce.empty())
    {
        out += "8:announce" + BencodeValue(m_announce).Encode();
    }
    out += "4:info" + m_infoBytes + "e";
    return out;
}

void
TorrentMetainfo::SetAnnounce(const std::string& announce)
{
    m_announce = announce;
}

std::string
TorrentMetainfo::GetName() const
{
    return m_name;
}

uint64_t
TorrentMetainfo::GetLength() const
{
    return m_length;
}

uint32_t
TorrentMetainfo::GetPieceLength() const
{
    return m_pieceLength;
}

uint32_t
TorrentMetainfo::GetPieceCount() const
{
    return m_pieceCount;
}

uint32_t
TorrentMetainfo::GetPieceSize(uint32_t index) const
{
    if (index >= m_pieceCount)
    {
        return 0;
    }
    if (index + 1 < m_pieceCount)
    {
        return m_pieceLength;
    }
    return static_cast<uint32_t>(m_length - uint64_t{m_pieceLength} * index);
}

std::array<uint8_t, 20>
TorrentMetainfo::GetPieceHash(uint32_t index) const
{
    std::array<uint8_t, 20> hash{};
    if (index < m_pieceCount)
    {
        std::copy_n(m_pieces.begin() + std::size_t{index} * 20, 20, hash.begin());
    }
    return hash;
}

std::array<uint8_t, 20>
TorrentMetainfo::GetInfoHash() const
{
    return m_infoHash;
}

std::string
TorrentMetainfo::GetInfoHashHex() const
{
    static const char hex[] = "0123456789abcdef";
    std::string out;
    for (uint8_t b : m_infoHash)
    {
        out.push_back(hex[b >> 4]);
        out.push_back(hex[b & 0xf]);
    }
    return out;
}

std::string
TorrentMetainfo::GetAnnounce() const
{
    return m_announce;
}

std::array<uint8_t, 20>
Sha1Digest(const std::string& bytes)
{
    return Sha1OfBytes(bytes);
}

} // namespace ns3
