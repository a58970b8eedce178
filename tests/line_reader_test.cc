#include "input/line_reader.h"

#include <doctest/doctest.h>

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

TEST_CASE("line_reader: NUL bytes and invalid UTF-8 pass through") {
  std::string data("a\0b\xff\n", 5);
  auto lines = ReadAll(data);
  REQUIRE(lines.size() == 1);
  CHECK(lines[0].text == std::string("a\0b\xff", 4));
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

}  // namespace
}  // namespace tbx
