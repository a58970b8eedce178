// Recognizer for AWS Lambda's Python runtime reporting an unhandled
// exception. The runtime prints the exception line first, behind a
// `[ERROR] ` level, and the frames after it, with no exception line at the
// end:
//
//   [ERROR] Runtime.ImportModuleError: Unable to import module 'app': No module named '_cffi_backend'
//   Traceback (most recent call last):
//
//   [ERROR] KeyError: 'body'
//   Traceback (most recent call last):
//     File "/var/task/app.py", line 12, in handler
//       payload = json.loads(event["body"])
//
// Each becomes a `python.traceback` event with one exception holding the
// frames that follow.
#pragma once

#include <optional>
#include <string_view>

#include "parse/recognizer.h"

namespace tbx {
namespace lambda {

/// The exception of `[ERROR] Type: message` (type as for a bare exception
/// line, or the runtime's own `Runtime.XxxError`); nullopt otherwise.
std::optional<std::string_view> ExceptionText(std::string_view text);

}  // namespace lambda

class LambdaRecognizer : public Recognizer {
 public:
  /// Detects holds only for a line that contains one of these (the
  /// splitter passes over the others; tests/prefilter_test.cc checks it).
  /// `[ERROR] Type: message`: the type ends like a Python exception's
  /// (python::IsBareExceptionLine).
  static constexpr std::string_view kTriggers[] = {
      "Error", "Exception", "KeyboardInterrupt", "SystemExit", "StopIteration", "StopAsyncIteration",
      "GeneratorExit"};
  bool Detects(const Line& line) const override;
  Step Start(const Line& line) override;
  Step Next(const Line& line, const SplitContext& ctx) override;
  Event Take() override;

 private:
  enum class State { kAfterException, kAfterHeader, kAfterFrame, kAfterSource };
  Event ev_;
  State state_ = State::kAfterException;
};

}  // namespace tbx
