// The language-neutral event model: what the recognizers produce and what
// rules and renderers consume. One Event is one report printed by a program
// (a Python traceback with its chain, a Rust panic with its backtrace, a
// compiler or pip diagnostic).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tbx {

/// Where a frame's code comes from.
enum class Origin { kUnknown, kUser, kLibrary, kStdlib };
std::string_view OriginName(Origin o);  // "unknown", "user", "library", "stdlib"

struct Location {
  std::string file;
  int64_t line = 0;    // 0: not printed
  int64_t column = 0;  // 0: not printed
};

struct Frame {
  std::string file;
  int64_t line = 0;
  int64_t column = 0;
  std::string function;
  std::string code;          ///< Source line(s) as printed, markers removed.
  int64_t index = -1;        ///< Rust backtrace frame number; -1 for Python.
  int64_t repeated = 0;      ///< "[Previous line repeated N more times]" after it.
  Origin origin = Origin::kUnknown;
  uint64_t input_line = 0;   ///< Line of the input where the frame starts.
};

/// Frames kept per exception or panic. A longer list keeps its first and last
/// kHead frames and counts the elided middle.
class FrameList {
 public:
  static constexpr size_t kHead = 64;

  void Add(Frame f);
  /// The kept frames, in order; call once the list is complete.
  const std::vector<Frame>& frames() const { return frames_; }
  std::vector<Frame>& mutable_frames() { return frames_; }
  /// Number of frames elided from the middle.
  uint64_t elided() const { return elided_; }
  Frame* last();
  bool empty() const { return frames_.empty(); }
  size_t size() const { return frames_.size(); }

 private:
  std::vector<Frame> frames_;  // head, then a ring of the tail
  size_t tail_start_ = 0;      // ring start within the tail, once full
  uint64_t elided_ = 0;
  void Linearize();
  friend struct Exception;
  friend struct Event;
 public:
  /// Puts the tail ring in order. Called by the recognizer when done.
  void Finish() { Linearize(); }
};

enum class Chain { kNone, kCause, kContext };
std::string_view ChainName(Chain c);  // "", "cause", "context"

struct Exception {
  std::string type;           ///< As printed, e.g. "pkg.errors.PaymentError".
  std::string message;        ///< Whole message, notes included, lines joined by '\n'.
  Chain chain = Chain::kNone; ///< How this exception is linked to the one before it.
  FrameList frames;
  int depth = 0;              ///< Nesting depth inside exception groups.
  /// SyntaxError and its subclasses: the `File "x", line N` block that
  /// points at the bad source (not a frame: nothing was running there).
  std::optional<Frame> location;
  uint64_t input_line = 0;    ///< Line of the exception line.
  bool message_truncated = false;
};

/// Kinds of events. Renderers and rules dispatch on these names.
inline constexpr std::string_view kPythonTraceback = "python.traceback";
inline constexpr std::string_view kRustPanic = "rust.panic";
inline constexpr std::string_view kDiagnostic = "diagnostic";
/// A Rust program's `main` returned an error (`Error: ...`, anyhow's
/// `Caused by:` list and `Stack backtrace:`).
inline constexpr std::string_view kRustError = "rust.error";

struct Event {
  std::string kind;           ///< One of the k* names above.
  std::string input;          ///< Name of the input it was read from.
  uint64_t first_line = 0;    ///< 1-based, inclusive.
  uint64_t last_line = 0;
  bool partial = false;       ///< Cut short (missing header, end, or parts).
  std::string partial_reason;

  // python.traceback
  std::vector<Exception> exceptions;   ///< at most kMaxExceptions
  uint64_t elided_exceptions = 0;      ///< left out of the middle of a longer chain

  // rust.panic and rust.error
  std::string thread;
  std::string test;           ///< the test whose output holds it (cargo test, pytest), if known
  std::vector<std::string> causes;  ///< rust.error: anyhow's "Caused by:" list, outermost first
  std::string message;
  std::optional<Location> location;
  FrameList frames;
  bool message_truncated = false;

  // diagnostic (message and location above are shared)
  std::string tool;           ///< "rustc", "cargo", "pip", ...
  std::string level;          ///< "error" or "warning"
  std::string code;           ///< "E0308" or empty

  /// The lines of the input that make up the event (text, escapes removed),
  /// bounded; rules' `line:` conditions search them.
  std::vector<std::string> lines;
  bool lines_truncated = false;
};

/// Limits that keep memory bounded whatever the input.
inline constexpr size_t kMaxMessageBytes = 16 * 1024;
inline constexpr size_t kMaxMessageLines = 64;
inline constexpr size_t kMaxEventLines = 4096;
inline constexpr size_t kMaxEventLineBytes = 1024 * 1024;
inline constexpr size_t kMaxExceptions = 256;
inline constexpr size_t kMaxFieldBytes = 4096;  ///< a frame's file, function or code

/// `s` cut to kMaxFieldBytes (at a UTF-8 boundary), for a frame's fields.
std::string CapField(std::string_view s);

/// Appends one line to a message under the limits above.
void AppendMessageLine(std::string_view line, std::string* message, bool* truncated);

/// The frames of the exception that propagated (the last exception with
/// frames) or of the panic's backtrace, innermost first. Python prints the
/// innermost frame last, Rust first; this hides the difference.
std::vector<const Frame*> FramesInnermostFirst(const Event& e);

}  // namespace tbx
