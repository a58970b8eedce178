// Streaming invariants on every captured format (tests/formats/): the events
// do not depend on how the input is split into reads, and the whole
// collection concatenated into one input gives each file's events, at the
// same lines shifted by the lines before it.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "parse/splitter.h"

namespace tbx {
namespace {

namespace fs = std::filesystem;

struct Collect : SplitSink {
  std::vector<std::string> events;
  const std::vector<uint64_t>* starts = nullptr;  // first line of each file, if concatenated
  void OnEvent(Event&& e) override {
    uint64_t shift = 0;
    if (starts) {
      auto it = std::upper_bound(starts->begin(), starts->end(), e.first_line);
      shift = *(it - 1) - 1;
    }
    std::ostringstream s;
    s << e.kind << ' ' << (e.first_line - shift) << '-' << (e.last_line - shift) << ' ' << e.partial;
    for (const auto& x : e.exceptions) {
      s << " [" << x.type << '|' << x.message << '|' << x.frames.size() << '|' << x.depth << ']';
    }
    s << " {" << e.thread << '|' << e.message << '|' << e.frames.size() << '|' << e.tool << '|' << e.code << '}';
    events.push_back(s.str());
  }
  void OnOtherLine(const Line&) override {}
};

std::string Read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<std::string> Events(const std::string& data, size_t chunk) {
  StringSource src(data, chunk);
  LineReader reader(src);
  Collect sink;
  Splitter splitter("x", sink);
  Line line;
  while (reader.Next(&line)) splitter.Feed(line);
  splitter.Finish();
  return sink.events;
}

std::vector<fs::path> Formats() {
  std::vector<fs::path> files;
  for (const auto& e : fs::recursive_directory_iterator(fs::path(TBEXPLAIN_SOURCE_DIR) / "tests" / "formats")) {
    if (e.is_regular_file() && e.path().extension() == ".txt") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

TEST_CASE("stream: every format gives the same events whatever the read sizes") {
  std::mt19937 rng(20261125);
  auto files = Formats();
  REQUIRE(files.size() > 250);
  for (const auto& f : files) {
    CAPTURE(f.filename().string());
    std::string data = Read(f);
    auto whole = Events(data, SIZE_MAX);
    for (size_t chunk : {size_t{1}, size_t{7}, size_t{1 + rng() % 4096}}) {
      CAPTURE(chunk);
      CHECK(Events(data, chunk) == whole);
    }
  }
}

TEST_CASE("stream: the formats concatenated give each file's events") {
  auto files = Formats();
  std::string all;
  std::vector<std::string> expected;
  uint64_t lines_before = 0;
  for (const auto& f : files) {
    std::string data = Read(f);
    if (!data.empty() && data.back() != '\n') data += '\n';
    for (auto& e : Events(data, SIZE_MAX)) expected.push_back(e);
    all += data;
    lines_before += static_cast<uint64_t>(std::count(data.begin(), data.end(), '\n'));
  }
  // Compare with line numbers made relative to each file again.
  StringSource src(all);
  LineReader reader(src);
  Collect sink;
  Splitter splitter("all", sink);
  Line line;
  std::vector<uint64_t> starts;  // first line of each file in the whole
  uint64_t at = 1;
  for (const auto& f : files) {
    std::string data = Read(f);
    if (!data.empty() && data.back() != '\n') data += '\n';
    starts.push_back(at);
    at += static_cast<uint64_t>(std::count(data.begin(), data.end(), '\n'));
  }
  sink.starts = &starts;
  while (reader.Next(&line)) splitter.Feed(line);
  splitter.Finish();
  CHECK(lines_before + 1 == at);
  // Report the first difference readably.
  size_t n = std::min(expected.size(), sink.events.size());
  size_t i = 0;
  while (i < n && expected[i] == sink.events[i]) ++i;
  if (i < n || expected.size() != sink.events.size()) {
    CAPTURE(i);
    CHECK((i < expected.size() ? expected[i] : "(none)") == (i < sink.events.size() ? sink.events[i] : "(none)"));
  }
  CHECK(sink.events.size() == expected.size());
}

}  // namespace
}  // namespace tbx
