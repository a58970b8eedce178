// Recognizer for pytest's renderings of failures (python.traceback events
// whose `test` names the failing test):
//   --tb=long/auto: a `____ test_name ____` header, source sections with `>`
//     at the failing line and `E   ` lines for the exception, each section
//     closed by `path:LINE: ExcType`; chained exceptions with the usual
//     sentences; `ERROR collecting ...` and `ERROR at setup of ...` blocks.
//   --tb=short: `path:LINE: in func` frames, their source line, `E   ` lines.
//   --tb=line: `path.py:LINE: message`, one line per failure.
//   `ImportError while loading conftest '...'.` with a short traceback.
// A bare `E   assert ...` (assertion rewriting) is an AssertionError whose
// message is the assertion. --tb=native prints CPython tracebacks, which the
// Python recognizer reads.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parse/recognizer.h"

namespace tbx {
namespace pytest {

/// `____ test_name ____` (not the `_ _ _` separator); returns the title.
std::optional<std::string_view> ParseHeader(std::string_view text);

struct Location {
  std::string_view file;
  int64_t line = 0;
  std::string_view rest;  // after "LINE: "
};
/// `path:LINE: rest` (rest may be empty).
std::optional<Location> ParseLocation(std::string_view text);

/// `E   text` (E, then at least one blank); returns the text after "E".
std::optional<std::string_view> ParseELine(std::string_view text);

}  // namespace pytest

class PytestRecognizer : public Recognizer {
 public:
  bool Detects(const Line& line) const override;
  Step Start(const Line& line) override;
  Step Next(const Line& line, const SplitContext& ctx) override;
  Event Take() override;

 private:
  void FinishException();

  Event ev_;
  Chain chain_ = Chain::kNone;
  FrameList frames_;
  std::string pending_function_;  // from `def name(` in long style
  std::string pending_code_;      // from the `>` line
  std::string location_type_;     // from `path:LINE: ExcType`
  std::vector<std::string> e_lines_;
  bool have_content_ = false;
};

}  // namespace tbx
