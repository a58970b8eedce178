// Hostile input: each case states its outcome. Nothing crashes, hangs or
// grows without bound, and nothing is silently dropped.
#include <doctest/doctest.h>

#include <cstring>
#include <functional>
#include <random>
#include <sstream>

#include "app/analyze.h"
#include "parse/splitter.h"
#include "report/renderer.h"
#include "util/strings.h"

namespace tbx {
namespace {

// Produces bytes from a generator, chunk by chunk, without holding them.
class GeneratedSource : public ByteSource {
 public:
  // `next` appends the next piece to its argument; returns false when done.
  explicit GeneratedSource(std::function<bool(std::string*)> next) : next_(std::move(next)) {}
  long Read(char* buf, size_t n, std::string*) override {
    while (pos_ == piece_.size()) {
      piece_.clear();
      pos_ = 0;
      if (done_ || !next_(&piece_)) {
        done_ = true;
        if (piece_.empty()) return 0;
      }
    }
    size_t k = std::min(n, piece_.size() - pos_);
    std::memcpy(buf, piece_.data() + pos_, k);
    pos_ += k;
    return static_cast<long>(k);
  }

 private:
  std::function<bool(std::string*)> next_;
  std::string piece_;
  size_t pos_ = 0;
  bool done_ = false;
};

struct Collect : SplitSink {
  std::vector<Event> events;
  uint64_t other = 0;
  void OnEvent(Event&& e) override { events.push_back(std::move(e)); }
  void OnOtherLine(const Line&) override { ++other; }
};

std::vector<Event> ParseSource(ByteSource& src, uint64_t* lines = nullptr) {
  LineReader reader(src);
  Collect sink;
  Splitter splitter("x", sink);
  Line line;
  while (reader.Next(&line)) {
    splitter.Feed(line);
    if (lines) *lines = line.number;
  }
  splitter.Finish();
  return std::move(sink.events);
}

std::vector<Event> Parse(const std::string& data) {
  StringSource src(data);
  return ParseSource(src);
}

Report Explain(const std::string& data) {
  RuleSet rules;
  Report report;
  ReportBuilder builder(&report);
  StringSource src(data);
  report.inputs.push_back(Analyze("x", src, rules, builder));
  builder.Finish();
  return report;
}

TEST_CASE("hostile: empty input gives no event") {
  CHECK(Parse("").empty());
  CHECK(Parse("\n\n\n").empty());
}

TEST_CASE("hostile: 8 MiB of random bytes complete, every event within its bounds") {
  std::mt19937 rng(8);
  std::string data(8 << 20, '\0');
  for (auto& c : data) c = static_cast<char>(rng());
  auto events = Parse(data);
  for (const auto& e : events) {
    CHECK(e.lines.size() <= kMaxEventLines);
    CHECK(e.exceptions.size() <= kMaxExceptions);
  }
}

TEST_CASE("hostile: NUL bytes inside a traceback are kept and escaped on output") {
  std::string data = std::string("Traceback (most recent call last):\n  File \"a.py\", line 1, in <module>\nValueError: a") +
                     '\0' + "b\n";
  auto events = Parse(data);
  REQUIRE(events.size() == 1);
  CHECK(events[0].exceptions[0].message == std::string("a\0b", 3));
  Report r = Explain(data);
  for (const auto& def : Renderers()) {
    std::ostringstream out;
    def.render(r, RenderOptions{}, out);
    CAPTURE(def.name);
    CHECK(out.str().find('\0') == std::string::npos);
  }
}

TEST_CASE("hostile: one line of 1 GiB is cut, and the line after it is still read") {
  const uint64_t kGiB = uint64_t{1} << 30;
  uint64_t sent = 0;
  GeneratedSource src([&](std::string* piece) {
    if (sent < kGiB) {
      piece->assign(1 << 20, 'x');
      sent += 1 << 20;
      return true;
    }
    *piece = "\nValueError: after the long line\n";
    return false;
  });
  uint64_t lines = 0;
  auto events = ParseSource(src, &lines);
  CHECK(lines == 2);
  REQUIRE(events.size() == 1);
  CHECK(events[0].first_line == 2);
  CHECK(events[0].exceptions[0].type == "ValueError");
}

TEST_CASE("hostile: a traceback of 10^6 frames keeps its first and last frames and counts the rest") {
  const int kFrames = 1000000;
  int i = -1;
  GeneratedSource src([&](std::string* piece) {
    if (i < 0) {
      *piece = "Traceback (most recent call last):\n";
    } else if (i < kFrames) {
      *piece = "  File \"/app/f.py\", line " + std::to_string(i + 1) + ", in f\n    f()\n";
    } else {
      *piece = "RecursionError: maximum recursion depth exceeded\n";
      ++i;
      return false;
    }
    ++i;
    return true;
  });
  auto events = ParseSource(src);
  REQUIRE(events.size() == 1);
  const Exception& x = events[0].exceptions.back();
  CHECK(x.type == "RecursionError");
  CHECK(x.frames.size() == 2 * FrameList::kHead);
  CHECK(x.frames.elided() == kFrames - 2 * FrameList::kHead);
  CHECK(x.frames.frames().front().line == 1);
  CHECK(x.frames.frames().back().line == kFrames);
  CHECK(events[0].lines.size() <= kMaxEventLines);
  CHECK(events[0].lines_truncated);
}

TEST_CASE("hostile: 10^5 chained exceptions keep the first and last and count the rest") {
  const int kChain = 100000;
  int i = 0;
  GeneratedSource src([&](std::string* piece) {
    *piece = "Traceback (most recent call last):\n  File \"a.py\", line 1, in f\nValueError: n=" +
             std::to_string(i) + "\n";
    if (++i == kChain) return false;
    *piece += "\nDuring handling of the above exception, another exception occurred:\n\n";
    return true;
  });
  auto events = ParseSource(src);
  REQUIRE(events.size() == 1);
  CHECK(events[0].exceptions.size() == kMaxExceptions);
  CHECK(events[0].elided_exceptions == kChain - kMaxExceptions);
  CHECK(events[0].exceptions.front().message == "n=0");
  CHECK(events[0].exceptions.back().message == "n=99999");
  CHECK(events[0].exceptions.back().chain == Chain::kContext);
}

TEST_CASE("hostile: exception groups nested 10^4 deep parse in bounded memory") {
  const int kDepth = 10000;
  std::string data = "  + Exception Group Traceback (most recent call last):\n"
                     "  |   File \"a.py\", line 1, in <module>\n"
                     "  | ExceptionGroup: level 0 (1 sub-exception)\n";
  for (int d = 1; d < kDepth; ++d) {
    std::string pad(2 * d, ' ');
    data += pad + "+-+---------------- 1 ----------------\n";
    data += pad + "  | ExceptionGroup: level " + std::to_string(d) + " (1 sub-exception)\n";
  }
  auto events = Parse(data);
  REQUIRE(events.size() == 1);
  CHECK(events[0].exceptions.size() == kMaxExceptions);
  CHECK(events[0].elided_exceptions == kDepth - kMaxExceptions);
  CHECK(events[0].exceptions[5].depth == 5);
  CHECK(events[0].exceptions.back().message == "level 9999 (1 sub-exception)");
  CHECK(events[0].exceptions.back().depth == kDepth - 1);
}

TEST_CASE("hostile: a traceback cut at every line is still reported, as partial where cut") {
  std::string full =
      "Traceback (most recent call last):\n"
      "  File \"/app/a.py\", line 5, in b\n"
      "    a()\n"
      "  File \"/app/a.py\", line 2, in a\n"
      "    raise OSError(2, \"No such file or directory\")\n"
      "FileNotFoundError: [Errno 2] No such file or directory\n"
      "\n"
      "The above exception was the direct cause of the following exception:\n"
      "\n"
      "Traceback (most recent call last):\n"
      "  File \"/app/a.py\", line 10, in c\n"
      "    b()\n"
      "RuntimeError: b failed\n";
  auto all = Split(full, '\n');
  for (size_t k = 1; k < all.size(); ++k) {
    std::string cut;
    for (size_t i = 0; i < k; ++i) cut += std::string(all[i]) + "\n";
    CAPTURE(k);
    auto events = Parse(cut);
    REQUIRE(events.size() == 1);  // one report, never lost, never split
    // Complete: the first traceback alone (and its blank line), and the whole chain.
    bool complete = k == 6 || k == 7 || k == 13;
    CHECK(events[0].partial == !complete);
    CHECK(events[0].last_line <= k);
  }
}

TEST_CASE("hostile: two tracebacks interleaved line by line: both exceptions are still found") {
  std::string a[] = {"Traceback (most recent call last):", "  File \"/a.py\", line 1, in f", "    f()",
                     "ValueError: from a"};
  std::string b[] = {"Traceback (most recent call last):", "  File \"/b.py\", line 9, in g", "    g()",
                     "KeyError: 'from b'"};
  std::string data;
  for (int i = 0; i < 4; ++i) data += a[i] + "\n" + b[i] + "\n";
  auto events = Parse(data);
  bool value = false, key = false;
  for (const auto& e : events) {
    for (const auto& x : e.exceptions) {
      value |= x.type == "ValueError";
      key |= x.type == "KeyError";
    }
  }
  CHECK(value);
  CHECK(key);
  CHECK(events.size() >= 2);
}

TEST_CASE("hostile: Windows-1252 and UTF-16 text parse, and the JSON stays valid UTF-8") {
  std::string cp1252 =
      "Traceback (most recent call last):\n  File \"C:\\Users\\Jos\xe9\\app.py\", line 3, in <module>\n"
      "UnicodeDecodeError: 'utf-8' codec can't decode byte 0xe9 in position 3: \x93invalid\x94\n";
  auto events = Parse(cp1252);
  REQUIRE(events.size() == 1);
  CHECK(events[0].exceptions[0].frames.frames()[0].file == "C:\\Users\\Jos\xC3\xA9\\app.py");
  std::ostringstream json;
  RenderJson(Explain(cp1252), RenderOptions{}, json);
  CHECK(IsValidUtf8(json.str()));

  std::string utf16 = "\xFF\xFE";
  for (char c : std::string("Traceback (most recent call last):\r\n  File \"a.py\", line 1, in <module>\r\nKeyError: 'k'\r\n")) {
    utf16 += c;
    utf16 += '\0';
  }
  events = Parse(utf16);
  REQUIRE(events.size() == 1);
  CHECK(events[0].exceptions[0].type == "KeyError");
  CHECK(events[0].exceptions[0].frames.size() == 1);
}

TEST_CASE("hostile: escape sequences from the input never reach the output raw, in any format") {
  std::string evil =
      "Traceback (most recent call last):\n"
      "  File \"/tmp/\x1b]52;c;ZXZpbA==\x07x.py\", line 1, in \x1b[2J<module>\n"
      "    boom()\x08\x08\n"
      "ValueError: \x1b]8;;http://evil\x1b\\click\x1b]8;;\x1b\\ \x9b" "31m \xc2\x9b" "31m bell\x07 cr\r end\n"
      "\n"
      "thread 'ma\x1b[31min' panicked at src/\x1b[1mmain.rs:1:1:\n"
      "msg \x1b]0;title\x07 \x7f\n";
  Report r = Explain(evil);
  REQUIRE(r.events.size() == 2);
  for (const auto& def : Renderers()) {
    for (bool brief : {false, true}) {
      std::ostringstream out;
      RenderOptions o;
      o.brief = brief;
      def.render(r, o, out);
      std::string s = out.str();
      CAPTURE(def.name);
      CHECK(IsValidUtf8(s));
      for (size_t i = 0; i < s.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        bool control = (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f;
        bool c1 = c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) >= 0x80 &&
                  static_cast<unsigned char>(s[i + 1]) <= 0x9F;
        CAPTURE(i);
        CHECK_FALSE(control);
        CHECK_FALSE(c1);
      }
    }
  }
}

TEST_CASE("hostile: N incidents planted in noise give exactly N incidents") {
  std::mt19937 rng(42);
  const char* planted[] = {
      "Traceback (most recent call last):\n  File \"/srv/app.py\", line 3, in <module>\n    main()\nKeyError: 'x'\n",
      "\nthread 'main' (77) panicked at src/main.rs:4:5:\ncalled `Option::unwrap()` on a `None` value\n"
      "note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n",
      "error[E0308]: mismatched types\n --> src/lib.rs:3:5\n  |\n3 |     \"x\"\n  |     ^^^ expected `u32`\n\n",
      "ERROR: No matching distribution found for nosuchpkg==9.9\n",
      "ModuleNotFoundError: No module named 'yaml'\n",
  };
  // Noise that looks a little like error output but is none.
  auto noise = [&]() {
    std::string line;
    switch (rng() % 8) {
      case 0: line = "2024-05-01T12:00:00.1234567Z INFO build step " + std::to_string(rng()); break;
      case 1: line = "  Downloading https://files.example/pkg-" + std::to_string(rng() % 100) + ".whl"; break;
      case 2: line = "\x1b[32mPASSED\x1b[0m tests/test_" + std::to_string(rng() % 50) + ".py"; break;
      case 3: line = std::string(500 + rng() % 1500, 'a' + static_cast<char>(rng() % 26)); break;
      case 4: line = "The word Traceback appears here, and Error: too, mid-sentence"; break;
      case 5: for (int k = 0; k < 40; ++k) line += static_cast<char>(0x80 + rng() % 0x7f); break;
      case 6: line = "   Compiling serde v1.0." + std::to_string(rng() % 200); break;
      default: line = "warning (not a diagnostic): cache is " + std::to_string(rng() % 100) + "% full"; break;
    }
    return line + "\n";
  };
  std::string log;
  const int kIncidents = 300;
  for (int i = 0; i < kIncidents; ++i) {
    int gap = 5 + static_cast<int>(rng() % 50);
    for (int k = 0; k < gap; ++k) log += noise();
    log += planted[rng() % 5];
  }
  for (int k = 0; k < 10; ++k) log += noise();
  Report r = Explain(log);
  CHECK(r.incidents.size() == kIncidents);
  for (const auto& e : r.events) CHECK_FALSE(e.partial);
}

}  // namespace
}  // namespace tbx
