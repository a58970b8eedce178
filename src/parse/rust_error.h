// Recognizer for a Rust `main` that returned an error: `Error: MESSAGE`,
// with anyhow's or eyre's `Caused by:` list (`    0: ...` or indented
// lines) and `Stack backtrace:` frames. It becomes a rust.error event.
//
// A line `Error: ...` is common in logs, so it is kept only when the message
// has the shape of Rust's Debug output (`Os { code: 2, ... }`,
// `ParseIntError { ... }`, `"quoted"`, `... (os error 2)`) or a `Caused by:`
// or `Stack backtrace:` section follows; otherwise it is withdrawn and its
// lines stay ordinary lines.
#pragma once

#include <string_view>

#include "parse/recognizer.h"

namespace tbx {
namespace rusterror {

/// True if `message` looks like Rust's Debug output of an error value.
bool LooksLikeDebug(std::string_view message);

}  // namespace rusterror

class RustErrorRecognizer : public Recognizer {
 public:
  bool Detects(const Line& line) const override;
  Step Start(const Line& line) override;
  Step Next(const Line& line, const SplitContext& ctx) override;
  Event Take() override;

 private:
  enum class State { kAfterMessage, kCauses, kBacktrace };
  Event ev_;
  State state_ = State::kAfterMessage;
  bool confirmed_ = false;
  int blanks_ = 0;
};

}  // namespace tbx
