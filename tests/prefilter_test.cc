// The prefilter that lets the line reader pass over lines that cannot start
// an event: the literal scanner against a plain search, every recognizer's
// Detects against its declared triggers on every real capture we have, and
// the whole pipeline with and without passing over lines.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <random>
#include <sstream>

#include "input/literal_scan.h"
#include "parse/prefix.h"
#include "parse/registry.h"
#include "report/renderer.h"
#include "test_util.h"

namespace tbx {
namespace {

namespace fs = std::filesystem;
using testing::ReadFile;

// The leftmost occurrence of the literals that hold no other literal: what
// LiteralScanner::Find promises.
size_t NaiveFind(std::string_view hay, const std::vector<std::string>& lits) {
  size_t best = std::string_view::npos;
  for (const auto& l : lits) {
    bool minimal = true;
    for (const auto& m : lits) {
      if (!m.empty() && m.size() < l.size() && l.find(m) != std::string::npos) minimal = false;
    }
    if (minimal && !l.empty()) best = std::min(best, hay.find(l));
  }
  return best;
}

// True if an occurrence of a literal ends at or before `at`.
bool EndsBefore(std::string_view hay, const std::vector<std::string>& lits, size_t at) {
  for (const auto& l : lits) {
    size_t p = hay.find(l);
    if (!l.empty() && p != std::string_view::npos && p + l.size() <= at) return true;
  }
  return false;
}

// Every real capture the project holds: samples, the formats and the corpus.
std::vector<fs::path> Captures() {
  std::vector<fs::path> out;
  fs::path root(TBEXPLAIN_SOURCE_DIR);
  for (const char* dir : {"samples", "tests/formats", "tests/corpus"}) {
    for (const auto& e : fs::recursive_directory_iterator(root / dir)) {
      if (e.is_regular_file() && e.path().extension() == ".txt") out.push_back(e.path());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

// What FindOrStop promises: the lesser of Find's offset and the first
// `stop` byte's, and the line ends before it.
LiteralScanner::Hit NaiveFindOrStop(std::string_view hay, const std::vector<std::string>& lits, char stop) {
  size_t at = std::min(NaiveFind(hay, lits), hay.find(stop));
  std::string_view before = hay.substr(0, at);
  return {at, static_cast<size_t>(std::count(before.begin(), before.end(), '\n'))};
}

void CheckFindOrStop(const LiteralScanner& scan, std::string_view hay, const std::vector<std::string>& lits,
                     char stop) {
  LiteralScanner::Hit want = NaiveFindOrStop(hay, lits, stop);
  LiteralScanner::Hit simd = scan.FindOrStop(hay, stop), scalar = scan.FindOrStopScalar(hay, stop);
  CHECK(simd.at == want.at);
  CHECK(simd.newlines == want.newlines);
  CHECK(scalar.at == want.at);
  CHECK(scalar.newlines == want.newlines);
}

TEST_CASE("LiteralScanner finds the leftmost occurrence, as a plain search does") {
  std::mt19937 rng(7);
  const std::string alphabet = "abcErorExceptionKyzw_ :[\"\n\x1b\xff\xfe.py";
  const std::vector<std::vector<std::string>> sets = {
      {"Error"},
      {"_ ", "\x1b", "Traceback (", "panicked at ", "error[", "error: ", "File \"", ".py:"},
      {"ab", "abc", "b", "zzzz", "Exception", "Error", "KeyboardInterrupt", "warning: ", "ERROR"},
      {std::string(1, '\0'), "\xff\xfe", "a\nb"},
      // Literals holding FindOrStop's stop byte: one may start before the
      // first stop byte and have its fingerprint after it.
      {"Exc\x1bption", "ab\x1b", "\x1b[31mError", "zz\nzz"},
      // Bytes of 0x80 and more in a fingerprint: first (the tables must mask
      // the low nibble) and last (the other bytes need not).
      {"\xfe" "ab", "Error"},
      {"ab\xff", "za\xfe", "Error"},
      // Two bytes of "_ " are its own: the first two low nibbles are looked
      // up unmasked, the others masked (any byte may follow it).
      {"_ ", "Error", "Exception"},
  };
  // Fingerprints picked by the static guess, and by counts in a sample.
  std::string sample;
  for (size_t i = 0; i < 100000; ++i) sample += alphabet[rng() % alphabet.size()];
  for (size_t set = 0; set < 2 * sets.size(); ++set) {
    const auto& lits = sets[set / 2];
    LiteralScanner scan(lits, set % 2 ? std::string_view(sample) : std::string_view());
    for (int round = 0; round < 3000; ++round) {
      size_t n = rng() % 200;
      std::string hay;
      for (size_t i = 0; i < n; ++i) hay += alphabet[rng() % alphabet.size()];
      // Now and then plant a literal at a random place, near the ends too.
      if (rng() % 2 && !lits.empty()) {
        const std::string& l = lits[rng() % lits.size()];
        hay.insert(std::min(hay.size(), static_cast<size_t>(rng() % (hay.size() + 1))), l);
      }
      size_t want = NaiveFind(hay, lits);
      CAPTURE(hay);
      CHECK(scan.Find(hay) == want);
      CHECK(scan.FindScalar(hay) == want);
      // So no occurrence of any literal, even one holding another, lies
      // wholly before what Find returns (the line it is on comes first).
      if (want != std::string_view::npos) CHECK_FALSE(EndsBefore(hay, lits, want));
      // The same search stopping at a byte too, and counting line ends, also
      // after a quiet stretch that the SIMD steps pass over.
      for (const std::string& h : {hay, std::string(150, 'q') + hay}) {
        CheckFindOrStop(scan, h, lits, '\x1b');
        CheckFindOrStop(scan, h, lits, '\n');
      }
    }
  }
}

TEST_CASE("LiteralScanner: a literal at every offset of a long block, and none at all") {
  LiteralScanner scan({"Traceback (", "thread '", "_ "});
  std::string base(300, 'x');
  CHECK(scan.Find(base) == LiteralScanner::npos);
  for (size_t at = 0; at + 8 <= base.size(); ++at) {
    std::string hay = base;
    hay.replace(at, 8, "thread '");
    CHECK(scan.Find(hay) == at);
    CHECK(scan.FindScalar(hay) == at);
  }
  CHECK(scan.Find("") == LiteralScanner::npos);
  CHECK(scan.Find("_") == LiteralScanner::npos);
  CHECK(scan.Find("x_ ") == 1);
}

// The SIMD path tests 64 positions per step and leaves the last few to the
// scalar loop: literals planted across and beside every step boundary, in
// text dense with near misses, on both paths.
TEST_CASE("LiteralScanner: literals across the SIMD steps' boundaries, as a plain search finds them") {
  std::mt19937 rng(11);
  const std::string alphabet = "EroExceptinKybdaw :[.py\n";  // no '_': "_ " would be everywhere
  const std::vector<std::string> lits = {"_ ",    "Traceback (", "panicked at ", "error[",  "error: ",
                                         ".py:1", "Exception",   "KeyboardInt",  "running "};
  std::string sample;
  for (size_t i = 0; i < 20000; ++i) sample += alphabet[rng() % alphabet.size()];
  for (std::string_view s : {std::string_view(), std::string_view(sample)}) {
    LiteralScanner scan(lits, s);
    for (int round = 0; round < 2000; ++round) {
      std::string hay;
      size_t n = rng() % 400;
      for (size_t i = 0; i < n; ++i) hay += alphabet[rng() % alphabet.size()];
      if (rng() % 4) {
        const std::string& l = lits[rng() % lits.size()];
        size_t step = 64 * (rng() % 7);
        size_t at = std::min(hay.size(), step + rng() % 16 - std::min<size_t>(step, 8));
        hay.insert(at, l);
      }
      CAPTURE(hay);
      size_t want = NaiveFind(hay, lits);
      CHECK(scan.Find(hay) == want);
      CHECK(scan.FindScalar(hay) == want);
    }
  }
}

TEST_CASE("LiteralScanner::FindOrStop: an escape at every offset of the SIMD steps, lines counted across") {
  const std::vector<std::string> lits = {"Traceback (", "thread '", "_ ", "Exc\x1bption"};
  LiteralScanner scan(lits);
  std::string base;
  while (base.size() < 400) base += "line of nothing\n";
  CheckFindOrStop(scan, base, lits, '\x1b');
  for (size_t at = 0; at < base.size(); ++at) {
    std::string hay = base;
    hay[at] = '\x1b';
    CheckFindOrStop(scan, hay, lits, '\x1b');
    // A literal just before the escape, and one holding it that starts
    // before it.
    if (at >= 8) {
      CheckFindOrStop(scan, hay.substr(0, at - 8) + "thread '" + hay.substr(at), lits, '\x1b');
      CheckFindOrStop(scan, hay.substr(0, at - 3) + "Exc\x1bption" + hay.substr(at + 1), lits, '\x1b');
    }
  }
}

// Blocks of several KiB go through FindAvx2's two-pass chunks of 1 KiB, a
// chunk holding the stop byte through the one-pass steps: literals planted
// across and beside the chunks' boundaries, with and without stop bytes in
// the same chunk, before it and after it.
TEST_CASE("LiteralScanner::FindOrStop: literals and stops about the two-pass chunks' boundaries") {
  std::mt19937 rng(13);
  const std::vector<std::string> lits = {"_ ", "Traceback (", "panicked at ", "error[", "Exception", "Exc\x1bption"};
  std::string base;
  while (base.size() < 5000) base += (rng() % 3 ? "ordinary log line, nothing in it\n" : "x=1 y=2 ok\n");
  for (std::string_view sample : {std::string_view(), std::string_view(base)}) {
    LiteralScanner scan(lits, sample);
    CheckFindOrStop(scan, base, lits, '\x1b');
    for (int round = 0; round < 600; ++round) {
      std::string hay = base;
      // Near a chunk boundary (multiples of 1,024 from the block's start).
      auto near = [&](size_t span) {
        size_t edge = 1024 * (1 + rng() % 4);
        return std::min(hay.size() - 1, edge - std::min<size_t>(edge, span) + rng() % (2 * span));
      };
      if (rng() % 4) {
        const std::string& l = lits[rng() % lits.size()];
        hay.replace(near(80), l.size(), l);
      }
      if (rng() % 3 == 0) hay[near(1100)] = '\x1b';
      if (rng() % 5 == 0) hay[rng() % hay.size()] = '\x1b';
      CAPTURE(round);
      CheckFindOrStop(scan, hay, lits, '\x1b');
      CHECK(scan.Find(hay) == NaiveFind(hay, lits));
    }
  }
}

TEST_CASE("CountNewlines counts every line end") {
  std::mt19937 rng(3);
  for (int round = 0; round < 500; ++round) {
    std::string s(rng() % 300, 'a');
    for (auto& c : s) {
      if (rng() % 5 == 0) c = '\n';
    }
    CHECK(CountNewlines(s) == static_cast<size_t>(std::count(s.begin(), s.end(), '\n')));
  }
}

// Detects on a line implies one of the recognizer's triggers is in it: the
// contract that makes passing over the other lines safe. Checked on every
// line of every capture, with and without its log prefix, and on each line
// with its first or last character cut (the edges of a trigger).
TEST_CASE("every line a recognizer detects holds one of its triggers") {
  std::vector<std::pair<const RecognizerDef*, std::unique_ptr<Recognizer>>> recs;
  std::vector<LiteralScanner> scanners;
  for (const auto& def : Recognizers()) {
    recs.emplace_back(&def, def.make());
    scanners.emplace_back(std::vector<std::string>(def.triggers.begin(), def.triggers.end()));
  }
  size_t lines = 0, detected = 0;
  std::string failures;
  auto check = [&](std::string_view text, const fs::path& file, uint64_t number) {
    Line line;
    line.number = number;
    line.text = text;
    line.raw = text;
    for (size_t i = 0; i < recs.size(); ++i) {
      if (!recs[i].second->Detects(line)) continue;
      ++detected;
      if (scanners[i].Find(text) == LiteralScanner::npos && failures.size() < 4000) {
        failures += std::string(recs[i].first->name) + " detects " + file.filename().string() + ":" +
                    std::to_string(number) + ": " + std::string(text) + "\n";
      }
    }
  };
  for (const auto& file : Captures()) {
    StringSource src(ReadFile(file.string()));
    LineReader reader(src);
    Line line;
    while (reader.Next(&line)) {
      ++lines;
      std::string_view t = line.text;
      check(t, file, line.number);
      t.remove_prefix(PrefixLength(t));
      check(t, file, line.number);
      if (t.size() > 1) {
        check(t.substr(1), file, line.number);
        check(t.substr(0, t.size() - 1), file, line.number);
      }
    }
  }
  MESSAGE(lines << " lines, " << detected << " detections checked");
  CHECK(lines > 5000);
  CHECK(failures == "");
}

std::string Explain(const std::string& input, const RuleSet& rules, bool skip_quiet, size_t chunk) {
  Report report;
  ReportBuilder builder(&report);
  StringSource src(input, chunk);
  report.inputs.push_back(Analyze("in.txt", src, rules, builder, skip_quiet));
  builder.Finish();
  std::ostringstream out;
  RenderJson(report, RenderOptions{}, out);
  return out.str();
}

const RuleSet& BuiltinRules() {
  static const RuleSet kRules = [] {
    std::vector<Rule> rules;
    std::vector<Diag> errors;
    LoadRuleDir((fs::path(TBEXPLAIN_SOURCE_DIR) / "rules").string(), &rules, &errors);
    RuleSet set;
    set.AddLayer(std::move(rules));
    return set;
  }();
  return kRules;
}

TEST_CASE("passing over quiet lines changes nothing in the report") {
  // Each capture alone, then all of them in one log with ordinary lines
  // between (some long, some coloured, some CRLF), read in small and in
  // odd-sized chunks so that lines straddle the reader's buffer.
  std::mt19937 rng(11);
  std::string log;
  auto filler = [&](size_t n) {
    for (size_t i = 0; i < n; ++i) {
      switch (rng() % 8) {
        case 0: log += "2024-05-01T12:00:00.1234567Z   Compiling serde v1.0." + std::to_string(i) + "\n"; break;
        case 1: log += std::string(500 + rng() % 2000, 'k') + "\n"; break;
        case 2: log += "\x1b[32mok\x1b[0m test " + std::to_string(i) + "\r\n"; break;
        case 3: log += "\n"; break;
        case 4: log += "caf\xe9 latin-1 line\n"; break;
        default: log += "INFO step " + std::to_string(i) + " done\n"; break;
      }
    }
  };
  size_t files = 0;
  for (const auto& file : Captures()) {
    std::string text = ReadFile(file.string());
    CAPTURE(file.string());
    CHECK(Explain(text, BuiltinRules(), true, SIZE_MAX) == Explain(text, BuiltinRules(), false, SIZE_MAX));
    filler(rng() % 40);
    log += text;
    if (!text.empty() && text.back() != '\n') log += "\n";
    ++files;
  }
  filler(30);
  CHECK(files > 100);
  std::string want = Explain(log, BuiltinRules(), false, SIZE_MAX);
  CHECK(want.find("\"incidents\"") != std::string::npos);
  CHECK(Explain(log, BuiltinRules(), true, SIZE_MAX) == want);
  CHECK(Explain(log, BuiltinRules(), true, 4093) == want);
  CHECK(Explain(log, BuiltinRules(), true, 100000) == want);
}

TEST_CASE("passing over quiet lines: line numbers, context and the end of input") {
  std::string quiet;
  for (int i = 1; i <= 50000; ++i) quiet += "line " + std::to_string(i) + " of nothing in particular\n";
  const std::string tb =
      "$ python3.13 app.py\n"
      "Traceback (most recent call last):\n"
      "  File \"/home/u/app.py\", line 1, in <module>\n"
      "    import requests\n"
      "ModuleNotFoundError: No module named 'requests'\n";
  RuleSet none;
  for (const std::string& input :
       {quiet + tb, tb + quiet, quiet + tb + quiet, quiet + tb + "no final newline", quiet + "\x1b[31m" + tb}) {
    std::string with = Explain(input, none, true, SIZE_MAX);
    CHECK(with == Explain(input, none, false, SIZE_MAX));
    CHECK(with == Explain(input, none, true, 777));
  }
  // The line numbers and the context line survive the skipping.
  std::string json = Explain(quiet + tb, none, true, SIZE_MAX);
  CHECK(json.find("\"first_line\": 50002") != std::string::npos);
  CHECK(json.find("\"python3.13\"") != std::string::npos);  // a fact from the context line
}

TEST_CASE("passing over quiet lines: a line longer than the reader's limit") {
  std::string long_line(200 * 1024, 'x');
  const std::string panic = "thread 'main' panicked at src/main.rs:2:5:\nboom\n";
  RuleSet none;
  for (const std::string& input : {long_line + "\n" + panic, panic + long_line + "\n" + panic,
                                   long_line + " thread 'main' panicked at src/main.rs:2:5:\n" + panic}) {
    CHECK(Explain(input, none, true, SIZE_MAX) == Explain(input, none, false, SIZE_MAX));
    CHECK(Explain(input, none, true, 5000) == Explain(input, none, false, 5000));
  }
}

}  // namespace
}  // namespace tbx
