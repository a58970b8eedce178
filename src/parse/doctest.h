// Recognizer for doctest's failure reports. Each `File "x", line N, in NAME`
// block (at column 0, after a line of stars) is one python.traceback event
// whose `test` is NAME:
//   - `Exception raised:` followed by a traceback indented by four spaces:
//     the traceback, parsed by the Python recognizer;
//   - `Expected:` / `Got:`: an exception of type doctest.DocTestFailure (the
//     class doctest itself uses for this) with "Expected: ...\nGot: ..." as
//     its message and the example's place as its frame.
#pragma once

#include <string>

#include "parse/python.h"
#include "parse/recognizer.h"

namespace tbx {

class DoctestRecognizer : public Recognizer {
 public:
  bool Detects(const Line& line) const override;
  Step Start(const Line& line) override;
  Step Next(const Line& line, const SplitContext& ctx) override;
  Event Take() override;

 private:
  enum class State { kHeader, kExample, kExpected, kGot, kRaised, kTraceback };

  Event ev_;
  State state_ = State::kHeader;
  Frame where_;
  std::string expected_, got_;
  PythonRecognizer inner_;
  bool inner_open_ = false;
  Event inner_event_;
};

}  // namespace tbx
