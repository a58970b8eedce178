// Recognizer for Rust panics, in every era of the default panic hook:
//
//   thread '<main>' panicked at 'MSG', FILE:LINE               (2015: no column)
//   thread 'NAME' panicked at 'MSG', FILE:LINE:COL             (up to 1.72; MSG may
//                                                               span lines, the quote
//                                                               closes on the last)
//   thread 'NAME' panicked at FILE:LINE:COL:\nMSG...           (1.73)
//   \nthread 'NAME' panicked at FILE:LINE:COL:\nMSG...         (about 1.85)
//   \nthread 'NAME' (TID) panicked at FILE:LINE:COL:\nMSG...   (1.91)
//   panicked at FILE:L:C:\nMSG                                 (inside the panic hook)
//   aborting due to panic at FILE:L:C:\nMSG                    (panic::always_abort)
//   thread 'NAME' [(TID)] has overflowed its stack             (a signal handler, not a
//                                                               panic: message "stack
//                                                               overflow", no location)
//
// then the RUST_BACKTRACE note, `stack backtrace:` with its frames, and the
// abort trailers (`thread caused non-unwinding panic. aborting.`,
// `fatal runtime error: ...`, the shell's `Aborted (core dumped)`), which
// belong to the panic they end. A header indented by cargo (a build script's
// stderr) has that indentation stripped from its message lines.
//
// The 1.73+ message has no terminator: it ends at a blank line (inside a
// build script's indented output, a message that starts with a blank line
// may hold single blank lines: openssl-sys's paragraphs), the note,
// `stack backtrace:`, an abort trailer, cargo test's next section line, pyo3's
// `--- PyO3 is resuming a panic` line, or a line another recognizer starts
// an event at. The line right after the header is always the message's first
// line (possibly empty, for `panic!("")`), unless it is the note, the
// backtrace header, a trailer or another panic.
//
// Backtraces: `{idx:>4}: SYMBOL` (short), `{idx:>4}:     0xADDR - SYMBOL`
// (full), each optionally followed by `at FILE:L[:C]` lines. Unnumbered
// symbol lines (inlined callers: column 27 in the old full format, 6 spaces in
// the backtrace crate's output used by anyhow) are frames with the index of
// the numbered frame above them. Old std layouts print several `at` lines
// under one symbol (innermost inlined location first, the symbol's own last):
// each becomes a frame with that index, and the symbol stays on the last one.
// `[... omitted N frames ...]` is consumed.
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
/// `panicked at FILE:L:C:` (a panic inside the panic hook) and
/// `aborting due to panic at FILE:L:C:`.
std::optional<PanicHeader> ParsePanicHeader(std::string_view text);

/// Parses `FILE:LINE[:COL]` from the end of `s`.
std::optional<Location> ParseFileLineCol(std::string_view s);

/// `   12: symbol` or `  12:     0x55d1 - symbol`; returns index and symbol.
std::optional<std::pair<int64_t, std::string_view>> ParseBacktraceFrame(std::string_view text);

/// `             at FILE:L:C`.
std::optional<Location> ParseBacktraceAt(std::string_view text);

/// An unnumbered symbol line of an inlined frame, indented at least 6
/// (`      std::panicking::catch_unwind::do_call::<...>`); returns the symbol.
/// Only meaningful right after a backtrace line.
std::optional<std::string_view> ParseBacktraceContinuation(std::string_view text);

/// `      [... omitted 2 frames ...]`.
bool IsOmittedFramesLine(std::string_view text);

/// ``note: run with `RUST_BACKTRACE=1` ...`` (any era) and Miri's note.
bool IsBacktraceNote(std::string_view text);

/// What the runtime (or the shell) prints when a panic aborts the process.
bool IsAbortTrailer(std::string_view text);

/// libtest's own lines around captured output: `---- NAME stdout ----`,
/// `failures:`, `successes:`, `running N tests`, `test NAME ... ok`,
/// `test result: ...`. They end a panic message.
bool IsTestHarnessLine(std::string_view text);

/// Adds a backtrace line (a numbered frame, an `at` line, or the unnumbered
/// symbol of an inlined frame) to `frames`; false if `text` is none of these.
/// `[... omitted N frames ...]` is accepted and adds nothing.
bool AddBacktraceLine(std::string_view text, uint64_t input_line, FrameList* frames);

}  // namespace rust

class RustPanicRecognizer : public Recognizer {
 public:
  /// Detects holds only for a line that contains one of these (the
  /// splitter passes over the others; tests/prefilter_test.cc checks it).
  static constexpr std::string_view kTriggers[] = {"thread '", "panicked at ", "panic at "};
  bool Detects(const Line& line) const override;
  Step Start(const Line& line) override;
  Step Next(const Line& line, const SplitContext& ctx) override;
  Event Take() override;

 private:
  enum class State {
    kOldMessage,        // inside a quoted pre-1.73 message
    kFirstMessageLine,  // right after a 1.73+ header
    kMessage,           // further message lines
    kAfterMessage,      // message complete: notes, `stack backtrace:`, trailers
    kBacktrace,         // inside `stack backtrace:`
  };
  void AddMessageLine(std::string_view text);
  /// Lines that may follow a complete message; nullopt if `text` is none.
  std::optional<Step> AfterMessage(std::string_view text);

  Event ev_;
  State state_ = State::kMessage;
  size_t header_indent_ = 0;
  bool harness_note_ = false;  // after cargo test's "note: panic did not contain ..."
  bool leading_blank_ = false;  // a 1.73+ message whose first line is blank
  int pending_blanks_ = 0;      // blank lines consumed tentatively inside a message
};

}  // namespace tbx
