// SPDX-License-Identifier: GPL-2.0-only

#include "ns3/test.h"
#include "ns3/torrent-metainfo.h"

#include <array>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

/**
 * \file
 * \ingroup file-distribution-tests
 * Unit tests of TorrentMetainfo against .torrent files made by mktorrent, whose info_hash
 * transmission-show printed.
 *
 * test/data/ was made with (mktorrent 1.1, transmission-cli 3.00, Debian 12):
 *
 *     head -c 100000 /dev/zero > zeros.bin      # not kept: 100 kB of zeros
 *     mktorrent -d -t 1 -l 15 -a http://10.0.0.1:2710/announce -o zeros.torrent zeros.bin
 *     python3 -c "for i in range(40): print('line %02d of a small test file for the \
 * file-distribution module' % i)" > hello.txt
 *     mktorrent -d -p -t 1 -l 15 -c "file-distribution test data" \
 *         -a http://10.0.0.1:2710/announce -o hello.torrent hello.txt
 *     mkdir multi && echo a > multi/a.txt && echo bb > multi/b.txt
 *     mktorrent -d -t 1 -l 15 -a http://10.0.0.1:2710/announce -o multi.torrent multi
 *     transmission-show zeros.torrent    # Hash: 57c718416289bbf851a04d2fc849dea989f0d930
 *     transmission-show hello.torrent    # Hash: 7a32e1c4842ae97baf6a34409840dbcc4c6f75fd
 *     sha1sum hello.txt                  # 52f0c3832f765a6a9f6b3c035c84282840b8e038
 */

using namespace ns3;

namespace
{

/// A file in test/data/, found from this source file's location (in-tree and standalone).
std::string
DataFile(const std::string& name)
{
    const std::string source = __FILE__;
    const std::size_t slash = source.find_last_of('/');
    return (slash == std::string::npos ? std::string(".") : source.substr(0, slash)) + "/data/" +
           name;
}

/// Lower-case hex of 20 bytes.
std::string
Hex(const std::array<uint8_t, 20>& bytes)
{
    static const char digits[] = "0123456789abcdef";
    std::string out;
    for (uint8_t b : bytes)
    {
        out.push_back(digits[b >> 4]);
        out.push_back(digits[b & 0xf]);
    }
    return out;
}

} // namespace

/**
 * \ingroup file-distribution-tests
 * Real .torrent files: fields, piece sizes and the info_hash transmission-show prints.
 */
class TorrentMetainfoFileTestCase : public TestCase
{
  public:
    TorrentMetainfoFileTestCase()
        : TestCase("mktorrent files parse with transmission-show's info_hash")
    {
    }

  private:
    void DoRun() override
    {
        std::string error;
        auto zeros = TorrentMetainfo::LoadFile(DataFile("zeros.torrent"), &error);
        NS_TEST_ASSERT_MSG_EQ(zeros.has_value(), true, error);
        NS_TEST_ASSERT_MSG_EQ(zeros->GetInfoHashHex(),
                              "57c718416289bbf851a04d2fc849dea989f0d930",
                              "info_hash as transmission-show prints it");
        NS_TEST_ASSERT_MSG_EQ(Hex(zeros->GetInfoHash()), zeros->GetInfoHashHex(), "bytes = hex");
        NS_TEST_ASSERT_MSG_EQ(zeros->GetName(), "zeros.bin", "name");
        NS_TEST_ASSERT_MSG_EQ(zeros->GetLength(), 100000, "length");
        NS_TEST_ASSERT_MSG_EQ(zeros->GetPieceLength(), 32768, "piece length 2^15");
        NS_TEST_ASSERT_MSG_EQ(zeros->GetPieceCount(), 4, "piece count");
        NS_TEST_ASSERT_MSG_EQ(zeros->GetPieceSize(0), 32768, "first piece");
        NS_TEST_ASSERT_MSG_EQ(zeros->GetPieceSize(2), 32768, "third piece");
        NS_TEST_ASSERT_MSG_EQ(zeros->GetPieceSize(3), 100000 - 3 * 32768, "last piece");
        NS_TEST_ASSERT_MSG_EQ(zeros->GetPieceSize(4), 0, "out of range");
        NS_TEST_ASSERT_MSG_EQ(zeros->GetAnnounce(), "http://10.0.0.1:2710/announce", "announce");

        // A private torrent with a comment: extra keys inside "info" are hashed too.
        auto hello = TorrentMetainfo::LoadFile(DataFile("hello.torrent"), &error);
        NS_TEST_ASSERT_MSG_EQ(hello.has_value(), true, error);
        NS_TEST_ASSERT_MSG_EQ(hello->GetInfoHashHex(),
                              "7a32e1c4842ae97baf6a34409840dbcc4c6f75fd",
                              "info_hash of a private torrent");
        NS_TEST_ASSERT_MSG_EQ(hello->GetPieceCount(), 1, "one piece");
        NS_TEST_ASSERT_MSG_EQ(hello->GetPieceSize(0), 2480, "of the whole file");
        NS_TEST_ASSERT_MSG_EQ(Hex(hello->GetPieceHash(0)),
                              "52f0c3832f765a6a9f6b3c035c84282840b8e038",
                              "piece hash = sha1sum of the file");
        NS_TEST_ASSERT_MSG_EQ(Hex(hello->GetPieceHash(1)), std::string(40, '0'), "none");

        NS_TEST_ASSERT_MSG_EQ(TorrentMetainfo::Parse(std::string(), &error).has_value(),
                              false,
                              "empty");
        NS_TEST_ASSERT_MSG_EQ(
            TorrentMetainfo::LoadFile(DataFile("multi.torrent"), &error).has_value(),
            false,
            "multi-file");
        NS_TEST_ASSERT_MSG_EQ(error.substr(error.size() - 37),
                              "multi-file torrents are not supported",
                              "its message");
        NS_TEST_ASSERT_MSG_EQ(
            TorrentMetainfo::LoadFile(DataFile("absent.torrent"), &error).has_value(),
            false,
            "absent file");
        NS_TEST_ASSERT_MSG_EQ(error.substr(0, 13), "cannot open /", "its message");
    }
};

/**
 * \ingroup file-distribution-tests
 * Synthesized metainfo: zero-filled pieces, the same info_hash as mktorrent for zeros.
 */
class TorrentMetainfoSynthesizeTestCase : public TestCase
{
  public:
    TorrentMetainfoSynthesizeTestCase()
        : TestCase("synthesized metainfo matches mktorrent for a zero-filled file")
    {
    }

  private:
    void DoRun() override
    {
        const auto t = TorrentMetainfo::Synthesize("zeros.bin", 100000, 32768);
        NS_TEST_ASSERT_MSG_EQ(t.GetInfoHashHex(),
                              "57c718416289bbf851a04d2fc849dea989f0d930",
                              "same info_hash as mktorrent's zeros.torrent");
        NS_TEST_ASSERT_MSG_EQ(t.GetPieceCount(), 4, "piece count");
        NS_TEST_ASSERT_MSG_EQ(t.GetPieceSize(3), 1696, "last piece");
        NS_TEST_ASSERT_MSG_EQ(t.GetAnnounce(), "", "no announce");

        const auto big = TorrentMetainfo::Synthesize("f.bin", 1 << 20);
        NS_TEST_ASSERT_MSG_EQ(big.GetPieceLength(), 262144, "default piece length");
        NS_TEST_ASSERT_MSG_EQ(big.GetPieceCount(), 4, "1 MiB = 4 pieces");
        NS_TEST_ASSERT_MSG_EQ(big.GetPieceSize(3), 262144, "exact multiple: last piece full");
        NS_TEST_ASSERT_MSG_EQ(Hex(big.GetPieceHash(3)),
                              "2e000fa7e85759c7f4c254d4d9c33ef481e459a7",
                              "sha1 of 256 KiB of zeros");

        const auto odd = TorrentMetainfo::Synthesize("g", 262145);
        NS_TEST_ASSERT_MSG_EQ(odd.GetPieceCount(), 2, "one byte more: two pieces");
        NS_TEST_ASSERT_MSG_EQ(odd.GetPieceSize(1), 1, "of which the last is 1 byte");
        NS_TEST_ASSERT_MSG_EQ(Hex(odd.GetPieceHash(1)),
                              "5ba93c9db0cff93f52b521d7420e43f6eda2784f",
                              "sha1 of one zero byte");

        const auto empty = TorrentMetainfo::Synthesize("e", 0);
        NS_TEST_ASSERT_MSG_EQ(empty.GetPieceCount(), 0, "no pieces");
        NS_TEST_ASSERT_MSG_EQ(empty.GetPieceSize(0), 0, "none");
        NS_TEST_ASSERT_MSG_EQ(TorrentMetainfo::Synthesize("e", 10, 0).GetPieceLength(),
                              262144,
                              "piece length 0 means the default");
        NS_TEST_ASSERT_MSG_EQ((TorrentMetainfo::Synthesize("a", 10).GetInfoHash() !=
                               TorrentMetainfo::Synthesize("b", 10).GetInfoHash()),
                              true,
                              "the name is part of the info_hash");

        // A big virtual file is cheap: two distinct piece hashes, not one per piece.
        const auto huge = TorrentMetainfo::Synthesize("h", 10ULL << 30, 4 << 20);
        NS_TEST_ASSERT_MSG_EQ(huge.GetPieceCount(), 2560, "10 GiB in 4 MiB pieces");

        // Encode() writes a .torrent that parses back to the same metainfo.
        auto withTracker = TorrentMetainfo::Synthesize("zeros.bin", 100000, 32768);
        withTracker.SetAnnounce("http://10.0.0.1:2710/announce");
        NS_TEST_ASSERT_MSG_EQ(withTracker.GetInfoHashHex(), t.GetInfoHashHex(), "hash unchanged");
        std::string error;
        const auto back = TorrentMetainfo::Parse(withTracker.Encode(), &error);
        NS_TEST_ASSERT_MSG_EQ(back.has_value(), true, error);
        NS_TEST_ASSERT_MSG_EQ(back->GetInfoHashHex(), t.GetInfoHashHex(), "same hash");
        NS_TEST_ASSERT_MSG_EQ(back->GetAnnounce(), "http://10.0.0.1:2710/announce", "announce");
        NS_TEST_ASSERT_MSG_EQ(back->GetName(), "zeros.bin", "name");
        NS_TEST_ASSERT_MSG_EQ(TorrentMetainfo::Parse(t.Encode(), nullptr).has_value(),
                              true,
                              "no announce");
    }
};

/**
 * \ingroup file-distribution-tests
 * Every invalid metainfo is refused with a message.
 */
class TorrentMetainfoInvalidTestCase : public TestCase
{
  public:
    TorrentMetainfoInvalidTestCase()
        : TestCase("invalid metainfo is refused")
    {
    }

  private:
    void DoRun() override
    {
        const std::string h20(20, 'x');
        // A valid info dictionary, then one mutation at a time.
        auto info = [](const std::string& length,
                       const std::string& name,
                       const std::string& pieceLength,
                       const std::string& pieces) {
            return "d8:announce3:url4:infod" + length + name + pieceLength + pieces + "ee";
        };
        const std::string okLength = "6:lengthi10e";
        const std::string okName = "4:name1:n";
        const std::string okPieceLength = "12:piece lengthi8e";
        const std::string okPieces = "6:pieces40:" + h20 + h20;
        std::string error;
        NS_TEST_ASSERT_MSG_EQ(
            TorrentMetainfo::Parse(info(okLength, okName, okPieceLength, okPieces), &error)
                .has_value(),
            true,
            "the base case is valid: " << error);
        const std::vector<std::pair<std::string, std::string>> bad{
            {"i1e", "not a dictionary"},
            {"d8:announce3:urle", "missing 'info'"},
            {"d4:info3:abce", "'info' is not a dictionary"},
            {"d8:announcei1e4:infodee", "'announce' is not a string"},
            {"d4:infod5:filesle6:lengthi1e4:name1:n12:piece lengthi1e6:pieces20:" + h20 + "ee",
             "multi-file torrents are not supported"},
            {info(okLength, "", okPieceLength, okPieces), "missing or non-string 'name'"},
            {info(okLength, "4:namei1e", okPieceLength, okPieces), "missing or non-string 'name'"},
            {info("", okName, okPieceLength, okPieces), "missing or negative 'length'"},
            {info("6:lengthi-1e", okName, okPieceLength, okPieces), "missing or negative 'length'"},
            {info(okLength, okName, "", okPieces), "missing 'piece length', or not in 1..2^32-1"},
            {info(okLength, okName, "12:piece lengthi0e", okPieces),
             "missing 'piece length', or not in 1..2^32-1"},
            {info(okLength, okName, "12:piece lengthi4294967296e", okPieces),
             "missing 'piece length', or not in 1..2^32-1"},
            {info(okLength, okName, okPieceLength, ""), "missing or non-string 'pieces'"},
            {info(okLength, okName, okPieceLength, "6:pieces39:" + h20 + h20.substr(1)),
             "'pieces' is not a multiple of 20 bytes"},
            {info(okLength, okName, okPieceLength, "6:pieces20:" + h20),
             "'pieces' holds 1 hashes for a length that needs 2 pieces"},
            {info("6:lengthi16e", okName, okPieceLength, "6:pieces60:" + h20 + h20 + h20),
             "'pieces' holds 3 hashes for a length that needs 2 pieces"},
        };
        for (const auto& [bytes, message] : bad)
        {
            error.clear();
            NS_TEST_ASSERT_MSG_EQ(TorrentMetainfo::Parse(bytes, &error).has_value(), false, bytes);
            NS_TEST_ASSERT_MSG_EQ(error, message, bytes);
        }
        NS_TEST_ASSERT_MSG_EQ(TorrentMetainfo::Parse("d4:infod", &error).has_value(),
                              false,
                              "truncated");
        NS_TEST_ASSERT_MSG_EQ(error, "bad bencoding at byte 8: unexpected end of input", "");
    }
};

/**
 * \ingroup file-distribution-tests
 * The torrent metainfo test suite.
 */
class TorrentMetainfoTestSuite : public TestSuite
{
  public:
    TorrentMetainfoTestSuite()
        : TestSuite("file-distribution-torrent-metainfo")
    {
        AddTestCase(new TorrentMetainfoFileTestCase);
        AddTestCase(new TorrentMetainfoSynthesizeTestCase);
        AddTestCase(new TorrentMetainfoInvalidTestCase);
    }
};

/// The static instance that registers the suite.
static TorrentMetainfoTestSuite g_torrentMetainfoTestSuite;
