// The line reader: bytes in, numbered lines out, in constant memory.
//
// It splits on '\n', drops a trailing '\r' (CRLF input), and hands out each
// line twice: `raw` as it was, and `text` with ANSI escape sequences (CSI,
// OSC, two-byte ESC sequences) removed, which is what the recognizers parse.
// UTF-16 input (a byte order mark, or NUL in every other byte: what Windows
// PowerShell's `>` writes) is decoded to UTF-8 as it is read, and a line
// that is not UTF-8 at all is read as Windows-1252.
// A line longer than `max_line` bytes is cut to its first `max_line` bytes
// and flagged `truncated`; the rest of it is skipped without being stored,
// so memory never depends on the input. NUL bytes and invalid UTF-8 are
// passed through untouched: the renderers make them safe. A regular file
// of a MiB or more is scanned where it is mapped, not copied into the
// buffer (FdSource::Map, MappedFile).
//
// Example:
//   FdSource src(0);
//   LineReader reader(src);
//   Line line;
//   while (reader.Next(&line)) Use(line.number, line.text);
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace tbx {

class LiteralScanner;
class MappedFile;

struct Line {
  uint64_t number = 0;     ///< 1-based number of the line in the raw input.
  std::string_view text;   ///< Without line end and ANSI escapes.
  std::string_view raw;    ///< Without line end; escapes kept.
  bool truncated = false;  ///< The line was longer than the limit and was cut.
};

/// Where bytes come from. Read returns the number of bytes read, 0 at end of
/// input, or -1 on error (with `error` set).
class ByteSource {
 public:
  virtual ~ByteSource() = default;
  virtual long Read(char* buf, size_t n, std::string* error) = 0;
  /// True if the input is all there already (a regular file): reading it
  /// never waits for a writer, so what is read can be handled in batches.
  virtual bool complete() const { return false; }
  /// The input mapped into memory, if the source can (a regular file of at
  /// least kMinMapped bytes, read from its start), for the reader to scan in
  /// place; Read then goes on after the mapped bytes, with what has been
  /// written since. Null otherwise. Asked before the first Read.
  virtual MappedFile* Map() { return nullptr; }
  /// Gives the mapping up unused: Read starts from the beginning.
  virtual void Unmap() {}
  static constexpr size_t kMinMapped = 1 << 20;
};

/// Reads a file descriptor; retries on EINTR.
class FdSource : public ByteSource {
 public:
  explicit FdSource(int fd);
  ~FdSource() override;
  long Read(char* buf, size_t n, std::string* error) override;
  bool complete() const override { return regular_; }
  MappedFile* Map() override;
  void Unmap() override;

 private:
  int fd_;
  bool regular_;
  std::unique_ptr<MappedFile> map_;
};

/// Reads a string in chunks of at most `chunk` bytes (for tests).
class StringSource : public ByteSource {
 public:
  explicit StringSource(std::string data, size_t chunk = SIZE_MAX)
      : data_(std::move(data)), chunk_(chunk ? chunk : 1) {}
  long Read(char* buf, size_t n, std::string* error) override;
  bool complete() const override { return true; }

 private:
  std::string data_;
  size_t pos_ = 0;
  size_t chunk_;
};

/// Removes ANSI escape sequences from `in` into `out`. Exposed for testing.
void StripAnsi(std::string_view in, std::string* out);

/// Decodes Windows-1252 text into UTF-8. Exposed for testing.
void DecodeCp1252(std::string_view in, std::string* out);

class LineReader {
 public:
  static constexpr size_t kDefaultMaxLine = 64 * 1024;

  explicit LineReader(ByteSource& source, size_t max_line = kDefaultMaxLine);

  /// Fills `line` with the next line; its views stay valid until the next
  /// call. Returns false at end of input or on a read error (see error()).
  bool Next(Line* line);

  /// The bytes read but not yet handed out, after reading until there are
  /// at least `want` of them (or the input ends): a sample of what is to
  /// come.
  std::string_view Peek(size_t want);

  /// Passes over lines that hold none of `triggers`' literals, except the
  /// last `keep` of them before the next line that does (or before the end
  /// of what has been read): those, and that line, are still to come from
  /// Next. Returns how many lines were passed over; they count in the line
  /// numbers as if Next had handed them out. A line with an escape byte is
  /// never passed over: its escapes could hide a literal.
  uint64_t SkipQuiet(const LiteralScanner& triggers, size_t keep);

  /// True if SkipQuiet has already searched the next line and found none of
  /// its literals (nor an escape) in it: one of the lines it kept.
  bool NextIsQuiet() const {
    return hot_ != std::string_view::npos ? begin_ < hot_ : begin_ < scan_pos_;
  }

  /// Number of lines handed out or passed over so far.
  uint64_t lines() const { return number_; }

  /// Empty unless reading failed.
  const std::string& error() const { return error_; }
  /// Number of bytes read so far.
  uint64_t bytes_read() const { return bytes_read_; }

 private:
  bool Fill();  // Reads more bytes after end_; false at EOF or error.
  long ReadDecoded(char* dst, size_t n);  // Source bytes as UTF-8.
  long Sniff(char* dst, size_t n);        // The first read: decides the encoding.
  enum class Encoding { kUtf8, kUtf16Le, kUtf16Be };
  // The encoding the first bytes show, and the length of its byte order
  // mark there (0 if none).
  static Encoding DetectEncoding(std::string_view head, size_t* bom);
  void Emit(size_t begin, size_t end, bool truncated, Line* line);
  // Where in buf_ to keep the `keep` unconsumed bytes before the next read:
  // at the offset in a page that makes the read's bytes land at the same
  // offset in their page as they have in the file. The kernel's copy into a
  // page 1 to 31 bytes past the source's offset in its page ran at a fifth
  // of its speed here, and 0.7% of the reads of a log fell there by chance
  // (docs/performance.md). Within buf_'s first kPage bytes.
  size_t Front(size_t keep) const;
  static constexpr size_t kPage = 4096;
  // The first Fill of a mapped source: the whole file is there at once,
  // read in place. False (nothing changed) if it is not UTF-8.
  bool StartMapped(MappedFile& map);

  ByteSource& source_;
  size_t max_line_;
  std::vector<char> buf_;
  // The bytes begin_, end_ and the others index: buf_'s, or the mapped
  // file's while map_ is set.
  const char* data_ = nullptr;
  MappedFile* map_ = nullptr;
  size_t begin_ = 0;  // Start of unconsumed bytes.
  size_t end_ = 0;    // End of valid bytes.
  bool eof_ = false;
  bool skipping_ = false;  // Inside the unstored rest of a truncated line.
  uint64_t number_ = 0;
  uint64_t bytes_read_ = 0;
  std::string scratch_;
  std::string decoded_;
  std::string error_;
  bool sniffed_ = false;
  Encoding encoding_ = Encoding::kUtf8;
  std::string pending_;  // UTF-16 bytes not yet decoded
  std::string raw_;
  // SkipQuiet's progress in buf_: bytes before scan_pos_ (from begin_ on)
  // have been searched; hot_ is the start of the next line holding a
  // trigger, or npos.
  size_t scan_pos_ = 0;
  size_t hot_ = std::string_view::npos;
};

}  // namespace tbx
