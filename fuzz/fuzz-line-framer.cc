// SPDX-License-Identifier: GPL-2.0-only
//
// libFuzzer harness of LineFramer (model/line-framer.h): a stream, the longest line accepted
// and the way TCP cuts the stream, all from the input.
//
// Input: 2 configuration bytes, the stream, then the chunk sizes (fuzz-common.h, CutStream):
//   [0] maxLineLength: this byte (0..254), or the default 65536 for 255
//   [1] how many bytes at the end of the input are chunk sizes
//
// The stream is framed four ways: in one Append; in chunks, taking every line after each;
// in chunks, taking at most one line after each (the rest at the end); one byte at a time.
// Invariants:
// - every way gives the lines, the error state and the pending bytes of a separate model:
//   lines end at '\n', one '\r' before it is dropped, a line longer than the maximum is an
//   error, and so is an unfinished line that is already longer than the maximum (an
//   unfinished line ending in '\r' may still be a maximum-length line: one byte more);
// - the lines joined with their terminators ("\n" or "\r\n") are the consumed bytes, and
//   GetPendingBytes() is the rest of the stream;
// - an error is final: Next() returns nothing and Append() changes nothing.

#include "fuzz-common.h"

#include "ns3/line-framer.h"

#include <string>
#include <vector>

using namespace ns3;

namespace
{

/// What a framing produced.
struct Outcome
{
    std::vector<std::string> lines; //!< in order
    bool error{false};              //!< HasError() at the end
    std::size_t pending{0};         //!< GetPendingBytes() at the end
};

/// Takes at most \p most lines (all: SIZE_MAX) from \p framer.
void
Take(LineFramer& framer, std::vector<std::string>* lines, std::size_t most = SIZE_MAX)
{
    for (std::size_t i = 0; i < most; ++i)
    {
        auto line = framer.Next();
        if (!line)
        {
            return;
        }
        lines->push_back(*line);
    }
}

/// Frames \p stream in \p chunks; after each, takes \p perChunk lines (all: SIZE_MAX).
Outcome
Frame(const std::string& stream,
      const std::vector<std::size_t>& chunks,
      std::size_t maxLine,
      std::size_t perChunk)
{
    LineFramer framer(maxLine);
    Outcome o;
    std::size_t pos = 0;
    for (std::size_t n : chunks)
    {
        const bool failed = framer.HasError();
        const std::size_t pending = framer.GetPendingBytes();
        framer.Append(reinterpret_cast<const uint8_t*>(stream.data()) + pos, n);
        pos += n;
        if (failed)
        {
            FD_FUZZ_CHECK(framer.HasError() && framer.GetPendingBytes() == pending,
                          "Append after an error");
            FD_FUZZ_CHECK(!framer.Next(), "a line after an error");
            continue;
        }
        Take(framer, &o.lines, perChunk);
    }
    Take(framer, &o.lines);
    o.error = framer.HasError();
    o.pending = framer.GetPendingBytes();
    if (o.error)
    {
        FD_FUZZ_CHECK(!framer.Next());
    }
    return o;
}

/// The model: \return the lines, the error and the pending bytes of \p stream.
Outcome
Model(const std::string& stream, std::size_t maxLine)
{
    Outcome o;
    std::size_t start = 0;
    while (true)
    {
        const std::size_t end = stream.find('\n', start);
        if (end == std::string::npos)
        {
            const std::size_t unfinished = stream.size() - start;
            const bool cr = unfinished > 0 && stream.back() == '\r';
            o.error = unfinished > maxLine + (cr ? 1 : 0);
            o.pending = unfinished;
            return o;
        }
        std::string line = stream.substr(start, end - start);
        if (!line.empty() && line.back() == '\r')
        {
            line.pop_back();
        }
        if (line.size() > maxLine)
        {
            o.error = true;
            o.pending = stream.size() - start;
            return o;
        }
        o.lines.push_back(line);
        start = end + 1;
    }
}

/// \return a description of an outcome for messages
std::string
Describe(const Outcome& o)
{
    return std::to_string(o.lines.size()) + " lines, error " + (o.error ? "yes" : "no") +
           ", pending " + std::to_string(o.pending);
}

} // namespace

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size)
{
    fdfuzz::ByteReader reader(data, size);
    const uint8_t maxByte = reader.U8();
    const std::size_t maxLine = maxByte == 255 ? 65536 : maxByte;
    const std::size_t sizeBytes = reader.U8();
    std::string stream;
    const std::vector<std::size_t> chunks = fdfuzz::CutStream(reader.Rest(), sizeBytes, &stream);

    const Outcome model = Model(stream, maxLine);
    const std::vector<std::size_t> ones(stream.size(), 1);
    const Outcome whole = Frame(stream, {stream.size()}, maxLine, SIZE_MAX);
    const Outcome cut = Frame(stream, chunks, maxLine, SIZE_MAX);
    const Outcome lazy = Frame(stream, chunks, maxLine, 1);
    const Outcome bytes = Frame(stream, ones, maxLine, SIZE_MAX);
    for (const auto& [what, o] : {std::pair{"one Append", &whole},
                                  std::pair{"in chunks", &cut},
                                  std::pair{"in chunks, one line each", &lazy},
                                  std::pair{"byte by byte", &bytes}})
    {
        FD_FUZZ_CHECK(o->lines == model.lines && o->error == model.error &&
                          (o->error || o->pending == model.pending),
                      std::string(what) + ": " + Describe(*o) + "; expected " + Describe(model));
    }

    // The lines and their terminators are the consumed bytes; the rest is pending.
    std::size_t pos = 0;
    for (const std::string& line : whole.lines)
    {
        FD_FUZZ_CHECK(line.find('\n') == std::string::npos);
        FD_FUZZ_CHECK(stream.compare(pos, line.size(), line) == 0, fdfuzz::Quote(line));
        pos += line.size();
        if (stream.compare(pos, 2, "\r\n") == 0)
        {
            pos += 2;
        }
        else
        {
            FD_FUZZ_CHECK(pos < stream.size() && stream[pos] == '\n');
            pos += 1;
        }
    }
    if (!whole.error)
    {
        FD_FUZZ_CHECK(whole.pending == stream.size() - pos);
        FD_FUZZ_CHECK(stream.find('\n', pos) == std::string::npos);
    }
    return 0;
}
