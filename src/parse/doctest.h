// Recognizer for doctest's failure reports (`python -m doctest`,
// doctest.testmod(), and the same blocks inside unittest's report). Each
// `File "x", line N, in NAME` block (at column 0, after a line of stars or
// dashes, then `Failed example:`) is one python.traceback event whose `test`
// is NAME:
//   - `Exception raised:` followed by a traceback indented by four spaces
//     (its blank lines are not indented): the traceback, without the
//     indentation, read by the Python recognizer, chains included;
//   - `Expected:` / `Got:` (or `Expected nothing` / `Got nothing`): an
//     exception of type doctest.DocTestFailure (the class doctest itself
//     uses for this) with "Expected: ...\nGot: ..." as its message and the
//     example's place (file, line, NAME, the example's first line) as its
//     frame.
// A `File "x", line N, in NAME` line at column 0 that `Failed example:` does
// not follow is no doctest report: the event is withdrawn.
// pytest's --doctest-modules sections are the pytest recognizer's.
#pragma once

#include <string_view>

#include <string>

#include "parse/python.h"
#include "parse/recognizer.h"

namespace tbx {

class DoctestRecognizer : public Recognizer {
 public:
  /// Detects holds only for a line that contains one of these (the
  /// splitter passes over the others; tests/prefilter_test.cc checks it).
  static constexpr std::string_view kTriggers[] = {"File \""};
  bool Detects(const Line& line) const override;
  Step Start(const Line& line) override;
  Step Next(const Line& line, const SplitContext& ctx) override;
  Event Take() override;

 private:
  enum class State { kFile, kHeader, kExample, kExpected, kGot, kRaised, kTraceback };

  Event ev_;
  State state_ = State::kHeader;
  Frame where_;
  std::string expected_, got_;
  PythonRecognizer inner_;
  bool inner_open_ = false;
  Event inner_event_;
  bool withdraw_ = false;
};

}  // namespace tbx
