// Recognizer for pytest's renderings of failures: python.traceback events
// whose `test` names the failing test.
//
// Read:
//   --tb=long/auto: a `____ test_name ____` header (one or two `_` each side
//     when the name is too long for the terminal), source sections with `>`
//     at the failing line and `E   ` lines for the exception, each section
//     closed by `path:LINE: ExcType` (`path:LINE: ` between sections, which
//     `_ _ _` lines separate), `--tb=auto`'s short middle entries, locals
//     (`x = 'b'`, `--showlocals`), chained exceptions with the usual
//     sentences, pytest-xdist's `[gw0] ...` line under the header.
//   --tb=short: `path:LINE: in func` frames, their source line (`???` when
//     there is none), `E   ` lines.
//   --tb=line: `/abs/path.py:LINE: assert ...` or `...: ExcType: message`,
//     one line per failure (no test name: pytest prints none).
//   --tb=native: a CPython traceback under the header. The Python
//     recognizer reads it (this one hands it every line), so the event is
//     exactly what a bare traceback gives, plus the test's name.
//   Setup and teardown errors (`ERROR at setup of NAME`), fixture lookup
//     errors (`file PATH, line N`, the def line, `E       fixture 'x' not
//     found`, `>` lines listing the fixtures: type FixtureLookupError).
//   Collection errors: `ERROR collecting PATH` (with or without the `_`
//     padding), `ImportError while importing test module '...'.`, `Hint:`,
//     `Traceback:` then short frames; `ImportError while loading conftest
//     '...'.` with a short traceback.
//   --doctest-modules: `[doctest] NAME` sections: numbered source lines,
//     Expected:/Got: (type doctest.DocTestFailure, as the doctest
//     recognizer), or `UNEXPECTED EXCEPTION:` and a traceback (read by the
//     Python recognizer), closed by `path:LINE: DocTestFailure`.
//   The short test summary: `FAILED path::test - Type: message` and `ERROR
//     ...` give a bare exception (no frames, `test` the node id) only for a
//     test whose traceback this input did not show since the session's
//     `test session starts` line (--tb=no, or a paste of the summary only).
//     A summary line pytest cut with `...` gives a partial event.
// The exception is the first line of the E block that starts at its left
// edge: `Type: message`, or `assert ...` (assertion rewriting), an
// AssertionError whose message is the assertion; a SyntaxError's
// `File "x", line N` block above it becomes the exception's location.
//
// Not read: `--tb=no` beyond its summary lines; summary lines without a
// message or whose type pytest cut; `--tb=line` lines of exceptions without
// a message (`path:LINE: StopIteration` cannot be told from a long entry's
// location line); a test's captured output sections (they end the event).
#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "parse/python.h"
#include "parse/recognizer.h"

namespace tbx {
namespace pytest {

// Pure line classifiers, exposed for testing.

/// `____ test_name ____` (not the `_ _ _` separator); returns the title.
std::optional<std::string_view> ParseHeader(std::string_view text);

/// The test a header's title names: without `ERROR collecting `, `ERROR at
/// setup of `, `ERROR at teardown of ` and `[doctest] `.
std::string_view HeaderTest(std::string_view title);

/// `ERROR collecting PATH` without its padding (a paste that lost it).
std::optional<std::string_view> ParseBareCollectHeader(std::string_view text);

struct Location {
  std::string_view file;
  int64_t line = 0;
  std::string_view rest;  // after "LINE: "
};
/// `path:LINE: rest` (rest may be empty). The path has no blanks, except
/// `<frozen ...>`-style names and Windows drive paths.
std::optional<Location> ParseLocation(std::string_view text);

/// `path:LINE` alone: the last line of a fixture error.
std::optional<Location> ParseBareLocation(std::string_view text);

/// `file PATH, line N`: where a fixture error points.
std::optional<Location> ParseFixtureFile(std::string_view text);

/// `E   text` (E, then at least one blank); returns the text after "E".
std::optional<std::string_view> ParseELine(std::string_view text);

/// `ImportError while loading conftest '...'.`
bool IsConftestLine(std::string_view text);

/// `=== test session starts ===`.
bool IsSessionStart(std::string_view text);

/// A line of the short test summary: `FAILED nodeid - message` or `ERROR
/// nodeid[ - message]`.
struct Summary {
  std::string_view outcome;  // "FAILED" or "ERROR"
  std::string_view nodeid;
  std::string_view message;  // empty when there is none
};
std::optional<Summary> ParseSummaryLine(std::string_view text);

/// The name a header gives the test of `nodeid`: `path::Class::test[p]`
/// -> `Class.test[p]`; a module's node id (collection errors) is its path.
std::string NodeIdTest(std::string_view nodeid);

}  // namespace pytest

class PytestRecognizer : public Recognizer {
 public:
  /// Detects holds only for a line that contains one of these (the
  /// splitter passes over the others; tests/prefilter_test.cc checks it).
  /// Section headers `____ test_x ____` hold "_ "; session start, summary
  /// lines, collection errors, conftest import errors (an "Error"), and
  /// --tb=line's `path.py:N: Type: message` (a digit after ".py:", so that
  /// pytest -v's `tests/test_x.py::test_y PASSED` lines are not candidates).
  static constexpr std::string_view kTriggers[] = {
      "_ ", "test session starts", "FAILED ", "ERROR ", "ImportError", ".py:0", ".py:1", ".py:2",
      ".py:3", ".py:4", ".py:5", ".py:6", ".py:7", ".py:8", ".py:9"};
  bool Detects(const Line& line) const override;
  Step Start(const Line& line) override;
  Step Next(const Line& line, const SplitContext& ctx) override;
  Event Take() override;

 private:
  enum class Mode {
    kHeader,   // after a header: nothing of the failure yet
    kBody,     // --tb=long/auto/short content, conftest and collection errors
    kDoctest,  // a [doctest] section
    kDone,     // a one-line event (--tb=line, summary) or a withdrawn one
  };
  enum class DoctestPart { kNone, kExpected, kGot };

  void Reset();
  void AddELine(std::string_view text);
  void FinishException();
  Step NextBody(const Line& line, const SplitContext& ctx);
  Step NextDoctest(const Line& line, const SplitContext& ctx);
  Step StartInner(const Line& line);
  Step NextInner(const Line& line, const SplitContext& ctx);
  Step EndInner(Step step, const Line& line, const SplitContext& ctx);
  void Remember(std::unordered_set<std::string>* set, std::string_view key);
  void Remember(std::set<std::string>* set, std::string_view key);
  bool Reported(std::string_view key, std::string_view message) const;

  Event ev_;
  Mode mode_ = Mode::kBody;
  bool withdraw_ = false;
  Chain chain_ = Chain::kNone;
  FrameList frames_;
  std::string pending_function_;  // from the first `def name(` of a long section
  std::string pending_code_;      // from the `>` line
  std::string location_type_;     // from `path:LINE: ExcType`
  std::vector<std::string> e_lines_;
  bool have_content_ = false;
  bool fixture_ = false;          // a fixture lookup error's block
  bool expect_code_ = false;      // after `path:LINE: in func`: its source line
  bool doctest_ = false;          // a [doctest] section

  // --doctest-modules
  DoctestPart doctest_part_ = DoctestPart::kNone;
  std::string example_, expected_, got_, unexpected_;
  std::optional<Frame> doctest_at_;  // from `path:LINE: DocTestFailure`

  // --tb=native and doctest's UNEXPECTED EXCEPTION: the Python recognizer.
  PythonRecognizer python_;
  bool inner_open_ = false;
  bool prev_blank_ = false;
  Event inner_event_;

  // Tests (and --tb=line messages) reported since the session started, so
  // that summary lines repeat none of them. Bounded; once full, summary
  // lines give no events.
  static constexpr size_t kMaxRemembered = 4096;
  std::unordered_set<std::string> tests_seen_;
  std::set<std::string> line_messages_;  // sorted: a cut summary line is a prefix
  bool remember_full_ = false;
};

}  // namespace tbx
