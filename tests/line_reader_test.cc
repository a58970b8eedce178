#include "input/line_reader.h"
#include "input/literal_scan.h"
#include "test_util.h"

#include <doctest/doctest.h>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <functional>
#include <random>
#include <string>
#include <vector>

namespace tbx {
namespace {

struct Read {
  uint64_t number;
  std::string text;
  std::string raw;
  bool truncated;
};

std::vector<Read> ReadAll(std::string data, size_t chunk = SIZE_MAX, size_t max_line = LineReader::kDefaultMaxLine) {
  StringSource src(std::move(data), chunk);
  LineReader reader(src, max_line);
  std::vector<Read> out;
  Line line;
  while (reader.Next(&line)) {
    out.push_back({line.number, std::string(line.text), std::string(line.raw), line.truncated});
  }
  return out;
}

TEST_CASE("line_reader: splits lines and numbers them from 1") {
  auto lines = ReadAll("a\nbb\n\nccc\n");
  REQUIRE(lines.size() == 4);
  CHECK(lines[0].number == 1);
  CHECK(lines[0].text == "a");
  CHECK(lines[2].text == "");
  CHECK(lines[3].number == 4);
  CHECK(lines[3].text == "ccc");
}

TEST_CASE("line_reader: a missing final newline still gives the last line") {
  auto lines = ReadAll("first\nlast");
  REQUIRE(lines.size() == 2);
  CHECK(lines[1].text == "last");
}

TEST_CASE("line_reader: CRLF loses its CR") {
  auto lines = ReadAll("one\r\ntwo\r\n");
  REQUIRE(lines.size() == 2);
  CHECK(lines[0].text == "one");
  CHECK(lines[0].raw == "one");
}

TEST_CASE("line_reader: ANSI escapes are removed from text, kept in raw") {
  auto lines = ReadAll("\x1b[1;35mValueError\x1b[0m: \x1b[35mbad\x1b[0m\n");
  REQUIRE(lines.size() == 1);
  CHECK(lines[0].text == "ValueError: bad");
  CHECK(lines[0].raw.find('\x1b') != std::string::npos);
}

TEST_CASE("line_reader: OSC 8 hyperlinks and two-byte escapes are removed") {
  std::string out;
  StripAnsi("\x1b]8;;http://x\x1b\\link\x1b]8;;\x07 \x1b(Bok", &out);
  CHECK(out == "link ok");
}

TEST_CASE("line_reader: NUL bytes pass through; a line that is not UTF-8 is read as Windows-1252") {
  std::string data("a\0b\xff\n", 5);
  auto lines = ReadAll(data);
  REQUIRE(lines.size() == 1);
  CHECK(lines[0].raw == std::string("a\0b\xff", 4));
  CHECK(lines[0].text == std::string("a\0b\xC3\xBF", 5));  // U+00FF
}

TEST_CASE("line_reader: Windows-1252 text becomes UTF-8; valid UTF-8 is left alone") {
  auto lines = ReadAll("UnicodeDecodeError: \x93" "caf\xe9\x94 \x80\n\xc3\xa9t\xc3\xa9\n");
  REQUIRE(lines.size() == 2);
  CHECK(lines[0].text == "UnicodeDecodeError: \xE2\x80\x9C" "caf\xC3\xA9\xE2\x80\x9D \xE2\x82\xAC");
  CHECK(lines[1].text == "\xC3\xA9t\xC3\xA9");
}

std::string Utf16(std::string_view ascii, bool le, bool bom) {
  std::string out;
  if (bom) out += le ? "\xFF\xFE" : "\xFE\xFF";
  for (char c : ascii) {
    if (le) {
      out += c;
      out += '\0';
    } else {
      out += '\0';
      out += c;
    }
  }
  return out;
}

TEST_CASE("line_reader: UTF-16 (PowerShell's > redirection) is decoded, with or without BOM") {
  std::string text = "Traceback (most recent call last):\r\n  File \"C:\\x.py\", line 1, in <module>\r\nValueError: bad\r\n";
  for (bool le : {true, false}) {
    for (bool bom : {true, false}) {
      for (size_t chunk : {size_t{1}, size_t{3}, size_t{4096}}) {
        CAPTURE(le);
        CAPTURE(bom);
        CAPTURE(chunk);
        auto lines = ReadAll(Utf16(text, le, bom), chunk);
        REQUIRE(lines.size() == 3);
        CHECK(lines[0].text == "Traceback (most recent call last):");
        CHECK(lines[1].text == "  File \"C:\\x.py\", line 1, in <module>");
        CHECK(lines[2].text == "ValueError: bad");
      }
    }
  }
}

TEST_CASE("line_reader: UTF-16 surrogate pairs and an odd last byte") {
  // U+1F600 as D83D DE00, little-endian, then 'x' and one stray byte.
  std::string data = std::string("\xFF\xFE", 2) + std::string("\x3D\xD8\x00\xDE", 4) + std::string("x\0", 2) + "z";
  auto lines = ReadAll(data, 1);
  REQUIRE(lines.size() == 1);
  CHECK(lines[0].text == "\xF0\x9F\x98\x80x\xEF\xBF\xBD");
}

TEST_CASE("line_reader: a UTF-8 byte order mark is dropped") {
  auto lines = ReadAll("\xEF\xBB\xBFValueError: x\n");
  REQUIRE(lines.size() == 1);
  CHECK(lines[0].text == "ValueError: x");
}

TEST_CASE("line_reader: a long line is cut to the limit and the next line is intact") {
  std::string data = std::string(1000, 'x') + "\nnext\n";
  auto lines = ReadAll(data, 7, 100);
  REQUIRE(lines.size() == 2);
  CHECK(lines[0].truncated);
  CHECK(lines[0].text.size() == 100);
  CHECK(lines[1].text == "next");
  CHECK(lines[1].number == 2);
  CHECK_FALSE(lines[1].truncated);
}

TEST_CASE("line_reader: a long last line without newline is cut, not lost") {
  auto lines = ReadAll(std::string(5000, 'y'), 13, 64);
  REQUIRE(lines.size() == 1);
  CHECK(lines[0].truncated);
  CHECK(lines[0].text == std::string(64, 'y'));
}

TEST_CASE("line_reader: the result does not depend on how the input is chunked") {
  std::string data = "Traceback (most recent call last):\r\n  File \"x.py\", line 1, in <module>\n\x1b[31mE\x1b[0m\nlast";
  auto whole = ReadAll(data);
  for (size_t chunk : {1, 2, 3, 5, 8, 13}) {
    auto parts = ReadAll(data, chunk);
    REQUIRE(parts.size() == whole.size());
    for (size_t i = 0; i < whole.size(); ++i) {
      CHECK(parts[i].text == whole[i].text);
      CHECK(parts[i].number == whole[i].number);
    }
  }
}

TEST_CASE("line_reader: empty input gives no line") {
  CHECK(ReadAll("").empty());
}

// Records where each read lands: its destination's offset in a page,
// less the source offset's.
class PageOffsetSource : public ByteSource {
 public:
  explicit PageOffsetSource(std::string data) : data_(std::move(data)) {}
  long Read(char* buf, size_t n, std::string*) override {
    size_t k = std::min(n, data_.size() - pos_);
    std::memcpy(buf, data_.data() + pos_, k);
    distances.push_back((reinterpret_cast<uintptr_t>(buf) - pos_) % 4096);
    pos_ += k;
    return static_cast<long>(k);
  }
  std::vector<size_t> distances;

 private:
  std::string data_;
  size_t pos_ = 0;
};

TEST_CASE("line_reader: each read lands at its bytes' offset in the file's pages") {
  // Lines of many lengths, some longer than a page, over several buffers.
  std::string data;
  std::mt19937 rng(5);
  while (data.size() < 3 * 1024 * 1024) data += std::string(rng() % 5000, 'x') + "\n";
  for (bool skip : {false, true}) {
    PageOffsetSource src(data);
    LineReader reader(src);
    Line line;
    size_t lines = 0;
    LiteralScanner never({"no such literal"});
    for (;;) {
      if (skip) lines += reader.SkipQuiet(never, 2);
      if (!reader.Next(&line)) break;
      ++lines;
    }
    CHECK(lines == static_cast<size_t>(std::count(data.begin(), data.end(), '\n')));
    CHECK(src.distances.size() > 10);
    CHECK(std::count(src.distances.begin(), src.distances.end(), 0) == static_cast<long>(src.distances.size()));
  }
}

// A file of a MiB or more is read where it is mapped; the lines must be
// those a string source gives, for every shape of line.
struct TempFile {
  std::string path = testing::TempPath("tbexplain-mapped").string();
  explicit TempFile(const std::string& data) { Write(data); }
  ~TempFile() { std::remove(path.c_str()); }
  void Write(const std::string& data) const {
    std::FILE* f = std::fopen(path.c_str(), "wb");
    std::fwrite(data.data(), 1, data.size(), f);
    std::fclose(f);
  }
};

bool operator==(const Read& a, const Read& b) {
  return a.number == b.number && a.text == b.text && a.raw == b.raw && a.truncated == b.truncated;
}

// Reads `path` through an FdSource, SkipQuiet passing over the lines that
// hold no "Traceback" when `skip`; `mapped` says whether it was mapped.
std::vector<Read> ReadFile(const std::string& path, bool skip, bool* mapped, std::string* error,
                           size_t max_line = LineReader::kDefaultMaxLine) {
  int fd = ::open(path.c_str(), O_RDONLY);
  REQUIRE(fd >= 0);
  std::vector<Read> out;
  {
    FdSource src(fd);
    LineReader reader(src, max_line);
    LiteralScanner triggers({"Traceback"});
    Line line;
    for (;;) {
      if (skip) reader.SkipQuiet(triggers, 2);
      if (!reader.Next(&line)) break;
      out.push_back({line.number, std::string(line.text), std::string(line.raw), line.truncated});
    }
    *mapped = src.Map() != nullptr;
    *error = reader.error();
  }
  ::close(fd);
  return out;
}

std::vector<Read> ReadString(const std::string& data, bool skip, size_t max_line = LineReader::kDefaultMaxLine) {
  StringSource src(data, 100 * 1000);
  LineReader reader(src, max_line);
  LiteralScanner triggers({"Traceback"});
  std::vector<Read> out;
  Line line;
  for (;;) {
    if (skip) reader.SkipQuiet(triggers, 2);
    if (!reader.Next(&line)) break;
    out.push_back({line.number, std::string(line.text), std::string(line.raw), line.truncated});
  }
  return out;
}

TEST_CASE("line_reader: a mapped file gives the lines a string gives") {
  std::mt19937 rng(9);
  auto make = [&](size_t size) {
    std::string data;
    while (data.size() < size) {
      switch (rng() % 8) {
        case 0: data += std::string(70000 + rng() % 70000, 'L') + "\n"; break;  // longer than a line may be
        case 1: data += "crlf line\r\n"; break;
        case 2: data += "\x1b[31mred\x1b[0m text\n"; break;
        case 3: data += "Traceback (most recent call last):\n"; break;
        case 4: data += "caf\xe9 latin-1\n"; break;
        default: data += std::string(rng() % 300, 'a' + static_cast<char>(rng() % 26)) + "\n";
      }
    }
    return data;
  };
  const std::string body = make(3 << 20);
  for (const std::string& data : {body, "\xEF\xBB\xBF" + body, body + "no final newline",
                                  body + std::string(200000, 'x'), make(1 << 20)}) {
    TempFile file(data);
    const auto all = ReadString(data, false);
    bool mapped = false;
    std::string error;
    auto got = ReadFile(file.path, false, &mapped, &error);
    CHECK(mapped);
    CHECK(error.empty());
    REQUIRE(got.size() == all.size());
    CHECK(got == all);
    // Passing over quiet lines: which of them are still handed out depends
    // on where reads end (SkipQuiet keeps the last few before the end of
    // what has been read), but each line handed out is the line of its
    // number, and every line with the trigger is among them, with the two
    // before it.
    got = ReadFile(file.path, true, &mapped, &error);
    CHECK(error.empty());
    std::vector<bool> handed(all.size() + 1);
    for (const Read& r : got) {
      REQUIRE(r.number >= 1);
      REQUIRE(r.number <= all.size());
      CHECK(r == all[r.number - 1]);
      handed[r.number] = true;
    }
    for (const Read& r : all) {
      if (r.text.find("Traceback") == std::string::npos) continue;
      CHECK(handed[r.number]);
      for (uint64_t before = std::max<uint64_t>(r.number, 3) - 2; before < r.number; ++before) CHECK(handed[before]);
    }
  }
  // Smaller than a MiB: read, not mapped.
  TempFile small("a\nb\n");
  bool mapped = true;
  std::string error;
  CHECK(ReadFile(small.path, false, &mapped, &error).size() == 2);
  CHECK_FALSE(mapped);
}

TEST_CASE("line_reader: a mapped UTF-16 file is read and decoded instead") {
  std::string text;
  while (text.size() < (1 << 20)) text += "Traceback (most recent call last):\n  line\n";
  std::string utf16 = "\xFF\xFE";
  for (char c : text) {
    utf16 += c;
    utf16 += '\0';
  }
  TempFile file(utf16);
  bool mapped = true;
  std::string error;
  auto got = ReadFile(file.path, false, &mapped, &error);
  CHECK_FALSE(mapped);
  CHECK(got == ReadString(text, false));
}

// A file of `size` bytes of ordinary lines, mapped by reading its first
// line, then changed by `change(path)` and read to the end: the texts of
// all its lines, and the reader's error.
struct AfterChange {
  std::vector<std::string> texts;
  std::string error;
  size_t ordinary = 0;  // lines of the file as written
};
AfterChange ReadChangedWhileMapped(size_t size, const std::function<void(const std::string&)>& change) {
  AfterChange out;
  std::string data;
  while (data.size() < size) data += "an ordinary line of a log\n";
  out.ordinary = static_cast<size_t>(std::count(data.begin(), data.end(), '\n'));
  TempFile file(data);
  int fd = ::open(file.path.c_str(), O_RDONLY);
  REQUIRE(fd >= 0);
  {
    FdSource src(fd);
    LineReader reader(src);
    Line line;
    REQUIRE(reader.Next(&line));
    out.texts.emplace_back(line.text);
    REQUIRE(src.Map() != nullptr);
    change(file.path);
    while (reader.Next(&line)) out.texts.emplace_back(line.text);
    out.error = reader.error();
  }
  ::close(fd);
  return out;
}

TEST_CASE("line_reader: what is written to a mapped file after it is mapped is read too") {
  auto got = ReadChangedWhileMapped(2 << 20, [](const std::string& path) {
    std::FILE* f = std::fopen(path.c_str(), "ab");
    std::fputs("written later\nand its last line", f);
    std::fclose(f);
  });
  CHECK(got.error.empty());
  REQUIRE(got.texts.size() == got.ordinary + 2);
  CHECK(got.texts[got.ordinary] == "written later");
  CHECK(got.texts.back() == "and its last line");
}

TEST_CASE("line_reader: a mapped file truncated while it is read is an error, not a crash") {
  // Half of the file goes: touching its pages raises SIGBUS.
  auto got = ReadChangedWhileMapped(8 << 20, [](const std::string& path) {
    REQUIRE(::truncate(path.c_str(), 4 << 20) == 0);
  });
  CHECK(got.texts.size() >= (4 << 20) / 26);
  CHECK(got.texts.size() < got.ordinary);
  CHECK(got.error.find("shrank") != std::string::npos);
}

TEST_CASE("FdSource: a regular file is complete, a pipe is not") {
  char path[] = "/tmp/tbexplain-test-XXXXXX";
  int fd = mkstemp(path);
  REQUIRE(fd >= 0);
  CHECK(FdSource(fd).complete());
  ::close(fd);
  std::remove(path);
  int fds[2];
  REQUIRE(pipe(fds) == 0);
  CHECK_FALSE(FdSource(fds[0]).complete());
  ::close(fds[0]);
  ::close(fds[1]);
  CHECK(StringSource("x").complete());
}

}  // namespace
}  // namespace tbx
