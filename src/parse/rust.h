// Recognizer for Rust panics: the header in every era (`panicked at 'MSG',
// FILE:L:C` before 1.73; `panicked at FILE:L:C:` then the message since; the
// thread id since 1.91), the multi-line payload, the RUST_BACKTRACE note, and
// `stack backtrace:` with numbered frames and their `at FILE:L:C` lines.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "parse/recognizer.h"

namespace tbx {
namespace rust {

struct PanicHeader {
  std::string_view thread;
  std::optional<Location> location;  // absent while an old-style message is open
  std::string_view message;          // old style: the text after the opening quote
  bool old_style = false;
  bool message_closed = false;       // old style: the closing "', FILE:L:C" was on this line
  bool stack_overflow = false;       // `thread 'x' has overflowed its stack`
};
/// Parses `thread 'NAME' [(TID)] panicked at ...` (leading blanks allowed),
/// `thread 'NAME' [(TID)] has overflowed its stack`, and the thread-less
/// `panicked at FILE:L:C:` of a panic inside the panic hook.
std::optional<PanicHeader> ParsePanicHeader(std::string_view text);

/// Parses `FILE:LINE[:COL]` from the end of `s`.
std::optional<Location> ParseFileLineCol(std::string_view s);

/// `   12: symbol` or `  12:     0x55d1 - symbol`; returns index and symbol.
std::optional<std::pair<int64_t, std::string_view>> ParseBacktraceFrame(std::string_view text);

/// `             at FILE:L:C`.
std::optional<Location> ParseBacktraceAt(std::string_view text);

/// Adds a backtrace line (a numbered frame, or the `at` line of the last
/// one) to `frames`; false if `text` is neither.
bool AddBacktraceLine(std::string_view text, uint64_t input_line, FrameList* frames);

}  // namespace rust

class RustPanicRecognizer : public Recognizer {
 public:
  bool Detects(const Line& line) const override;
  Step Start(const Line& line) override;
  Step Next(const Line& line, const SplitContext& ctx) override;
  Event Take() override;

 private:
  enum class State { kOldMessage, kFirstMessageLine, kMessage, kBacktrace };
  void AddMessageLine(std::string_view text);

  Event ev_;
  State state_ = State::kMessage;
  bool in_backtrace_ = false;
  size_t header_indent_ = 0;
  bool harness_note_ = false;  // after cargo test's "note: panic did not contain ..."
};

}  // namespace tbx
