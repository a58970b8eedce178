// Recognizer for a Rust `main` (or test) that returned an error: std's
// `Error: {:?}`, anyhow's and eyre's reports. It becomes a rust.error event
// (message, causes, location, frames).
//
// A line `Error: ...` is common in CI logs, so only these are accepted; any
// other `Error: ...` line is withdrawn and stays an ordinary line:
//
//  1. `Error: MSG` at column 0 where MSG has the shape of Rust's Debug output
//     of an error value (LooksLikeDebug): a double-quoted string
//     (`"database not reachable"`), a struct `Name { ... }` (`Os { code: 2,
//     kind: NotFound, message: "..." }`, `ParseIntError { kind: InvalidDigit }`,
//     `Custom { .. }`, `reqwest::Error { ... }`), a tuple `Name(...)`
//     (`Io(Os { ... })`), where Name is a path whose last segment starts with
//     an upper-case letter; or MSG contains io::Error's `(os error N)`
//     (anyhow's `{:#}`: `Error: could not start: ... (os error 2)`).
//  2. `Error: MSG` followed, after at most one blank line, by one of
//     anyhow's/eyre's sections: `Caused by:` (then `    0: cause` lines, or
//     plain indented lines for a single cause; deeper-indented lines continue
//     the cause above), `Stack backtrace:` (numbered frames, `at` lines,
//     6-space inlined symbols), or eyre's `Location:` whose next line is an
//     indented FILE:LINE[:COL].
//  3. `Error:` with nothing after it (color-eyre), followed by its numbered
//     list `   0: MSG`, `   1: cause`...; then its `Location:`, `Backtrace
//     omitted...`/`Run with RUST_BACKTRACE...` lines and its `━━━ BACKTRACE ━━━`
//     and `━━━ SPANTRACE ━━━` sections (`⋮ N frames hidden ⋮` is skipped;
//     span traces are consumed but are not frames).
//
// Sections may follow each other with one blank line between them.
#pragma once

#include <optional>
#include <string_view>

#include "parse/recognizer.h"

namespace tbx {
namespace rusterror {

/// True if `message` looks like Rust's Debug output of an error value (see 1.).
bool LooksLikeDebug(std::string_view message);

/// `   0: text` (anyhow's and color-eyre's numbered lists): the text, or nullopt.
std::optional<std::string_view> ParseNumberedItem(std::string_view line);

}  // namespace rusterror

class RustErrorRecognizer : public Recognizer {
 public:
  /// Detects holds only for a line that contains one of these (the
  /// splitter passes over the others; tests/prefilter_test.cc checks it).
  static constexpr std::string_view kTriggers[] = {"Error:"};
  bool Detects(const Line& line) const override;
  Step Start(const Line& line) override;
  Step Next(const Line& line, const SplitContext& ctx) override;
  Event Take() override;

 private:
  enum class State { kAfterMessage, kEyreList, kCauses, kLocation, kAfterSection, kBacktrace, kSpantrace };
  /// Appends a cause line: a new cause, or the continuation of the last one.
  void AddCause(std::string_view text, bool numbered);

  Event ev_;
  State state_ = State::kAfterMessage;
  bool confirmed_ = false;
  int blanks_ = 0;
};

}  // namespace tbx
