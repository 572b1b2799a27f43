// SPDX-License-Identifier: GPL-2.0-only
//
// libFuzzer harness of TorrentMetainfo::Parse (model/torrent-metainfo.h) on any bytes.
//
// Invariants, for every file that parses:
// - the info_hash is the SHA-1 (computed here, separately) of the "info" value's bytes exactly
//   as they are in the file, and GetInfoHashHex() spells it;
// - name, length, piece length and pieces are those of the bencoded info dictionary; the
//   piece count is ceil(length / piece length), the piece sizes add up to the length, and the
//   piece hashes are the 20-byte slices of "pieces";
// - Encode() parses again to the same metainfo with an identical info_hash, re-encodes to the
//   same bytes, and a different announce URL leaves the info_hash unchanged.
// A file that does not parse gets an error message.

#include "fuzz-common.h"

#include "ns3/bencode.h"
#include "ns3/torrent-metainfo.h"

#include <array>
#include <openssl/evp.h>
#include <string>

using namespace ns3;

namespace
{

/// SHA-1 by OpenSSL's one-shot EVP_Digest (the model streams it through a context).
std::array<uint8_t, 20>
Sha1(const std::string& bytes)
{
    std::array<uint8_t, EVP_MAX_MD_SIZE> out{};
    unsigned int size = 0;
    FD_FUZZ_CHECK(EVP_Digest(bytes.data(), bytes.size(), out.data(), &size, EVP_sha1(), nullptr) ==
                  1);
    FD_FUZZ_CHECK(size == 20);
    std::array<uint8_t, 20> digest{};
    std::copy_n(out.begin(), 20, digest.begin());
    return digest;
}

/// Checks that two metainfos say the same, announce included.
void
CheckSame(const TorrentMetainfo& a, const TorrentMetainfo& b)
{
    FD_FUZZ_CHECK(a.GetInfoHash() == b.GetInfoHash());
    FD_FUZZ_CHECK(a.GetName() == b.GetName());
    FD_FUZZ_CHECK(a.GetLength() == b.GetLength());
    FD_FUZZ_CHECK(a.GetPieceLength() == b.GetPieceLength());
    FD_FUZZ_CHECK(a.GetPieceCount() == b.GetPieceCount());
    FD_FUZZ_CHECK(a.GetAnnounce() == b.GetAnnounce());
    for (uint32_t i = 0; i <= a.GetPieceCount(); ++i)
    {
        FD_FUZZ_CHECK(a.GetPieceSize(i) == b.GetPieceSize(i));
        FD_FUZZ_CHECK(a.GetPieceHash(i) == b.GetPieceHash(i));
    }
}

} // namespace

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size)
{
    const std::string input(reinterpret_cast<const char*>(data), size);
    std::string error;
    const auto torrent = TorrentMetainfo::Parse(input, &error);
    if (!torrent)
    {
        FD_FUZZ_CHECK(!error.empty());
        return 0;
    }

    // The info_hash is the SHA-1 of the info dictionary as it is in the file.
    const auto span = BencodeFindValueSpan(input, "info", nullptr);
    FD_FUZZ_CHECK(span.has_value());
    const std::string infoBytes = input.substr(span->first, span->second);
    FD_FUZZ_CHECK(torrent->GetInfoHash() == Sha1(infoBytes));
    static const char hex[] = "0123456789abcdef";
    std::string hexHash;
    for (uint8_t b : torrent->GetInfoHash())
    {
        hexHash += hex[b >> 4];
        hexHash += hex[b & 0xf];
    }
    FD_FUZZ_CHECK(torrent->GetInfoHashHex() == hexHash);

    // The fields are those of the bencoded dictionary.
    const auto root = BencodeDecode(input, nullptr);
    FD_FUZZ_CHECK(root.has_value());
    const BencodeValue* info = root->Find("info");
    FD_FUZZ_CHECK(info != nullptr && info->GetDictionary() != nullptr);
    FD_FUZZ_CHECK(info->Encode() == infoBytes);
    FD_FUZZ_CHECK(info->Find("files") == nullptr);
    const BencodeValue* announce = root->Find("announce");
    FD_FUZZ_CHECK(torrent->GetAnnounce() ==
                  (announce != nullptr ? *announce->GetString() : std::string()));
    FD_FUZZ_CHECK(*info->Find("name")->GetString() == torrent->GetName());
    FD_FUZZ_CHECK(*info->Find("length")->GetInteger() ==
                  static_cast<int64_t>(torrent->GetLength()));
    FD_FUZZ_CHECK(*info->Find("piece length")->GetInteger() ==
                  static_cast<int64_t>(torrent->GetPieceLength()));
    const std::string& pieces = *info->Find("pieces")->GetString();
    FD_FUZZ_CHECK(pieces.size() == std::size_t{torrent->GetPieceCount()} * 20);

    // Piece geometry.
    const uint64_t length = torrent->GetLength();
    const uint64_t pieceLength = torrent->GetPieceLength();
    FD_FUZZ_CHECK(pieceLength >= 1);
    FD_FUZZ_CHECK(torrent->GetPieceCount() == (length + pieceLength - 1) / pieceLength);
    uint64_t total = 0;
    for (uint32_t i = 0; i < torrent->GetPieceCount(); ++i)
    {
        const uint32_t pieceSize = torrent->GetPieceSize(i);
        FD_FUZZ_CHECK(pieceSize >= 1 && pieceSize <= pieceLength);
        FD_FUZZ_CHECK(i + 1 == torrent->GetPieceCount() || pieceSize == pieceLength);
        total += pieceSize;
        const auto hash = torrent->GetPieceHash(i);
        FD_FUZZ_CHECK(
            pieces.compare(std::size_t{i} * 20, 20, std::string(hash.begin(), hash.end())) == 0);
    }
    FD_FUZZ_CHECK(total == length);
    FD_FUZZ_CHECK(torrent->GetPieceSize(torrent->GetPieceCount()) == 0);
    FD_FUZZ_CHECK(torrent->GetPieceHash(torrent->GetPieceCount()) == (std::array<uint8_t, 20>{}));

    // Re-encoding keeps the info_hash and everything else.
    const std::string encoded = torrent->Encode();
    const auto reparsed = TorrentMetainfo::Parse(encoded, &error);
    FD_FUZZ_CHECK(reparsed.has_value(), error + " in " + fdfuzz::Quote(encoded));
    CheckSame(*torrent, *reparsed);
    FD_FUZZ_CHECK(reparsed->Encode() == encoded);

    // The announce URL is outside the info dictionary: it never changes the info_hash.
    TorrentMetainfo moved = *torrent;
    moved.SetAnnounce(torrent->GetAnnounce() + "/moved");
    const auto movedParsed = TorrentMetainfo::Parse(moved.Encode(), &error);
    FD_FUZZ_CHECK(movedParsed.has_value(), error);
    FD_FUZZ_CHECK(movedParsed->GetInfoHash() == torrent->GetInfoHash());
    FD_FUZZ_CHECK(movedParsed->GetAnnounce() == torrent->GetAnnounce() + "/moved");
    return 0;
}
