// Recognizer for CPython tracebacks: the "Traceback (most recent call last):"
// header, `File "...", line N, in name` frames with their source and marker
// lines, the exception line and its message, both chaining sentences,
// SyntaxError blocks, bare exception lines, and tracebacks whose header was
// not pasted. A constant prefix before the header (a log or prompt prefix) is
// stripped from the lines that repeat it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "parse/recognizer.h"

namespace tbx {
namespace python {

// Pure line classifiers, exposed for testing.

struct FrameLine {
  std::string_view file;
  int64_t line = 0;
  std::string_view function;  // empty for a SyntaxError location
  bool has_function = false;
  size_t indent = 0;
};
/// `  File "path", line N, in name` or, for SyntaxErrors, `  File "path", line N`.
std::optional<FrameLine> ParseFrameLine(std::string_view text);

struct ExceptionLine {
  std::string_view type;
  std::string_view message;
  bool has_message = false;
};
/// `Type: message`, `pkg.mod.Type: message` or a bare `Type`.
std::optional<ExceptionLine> ParseExceptionLine(std::string_view text);

/// A line that is an exception report on its own, with no traceback: the
/// type must look like an exception class (`...Error`, `...Exception`,
/// `KeyboardInterrupt`, ...), so that ordinary log lines do not qualify.
bool IsBareExceptionLine(std::string_view text);

/// Only `^`, `~` and blanks (3.11+ marker lines), at least one `^` or `~`.
bool IsMarkerLine(std::string_view text);

/// The two chaining sentences.
std::optional<Chain> ParseChainSentence(std::string_view text);

/// If `text` ends with the traceback header, returns the length of what
/// precedes it (the prefix).
std::optional<size_t> FindHeader(std::string_view text);

/// `[Previous line repeated N more times]`.
std::optional<int64_t> ParseRepeatLine(std::string_view text);

/// A line that starts a new log record or shell command (timestamps, log
/// levels, prompts): it never continues an exception message.
bool LooksLikeNewRecord(std::string_view text);

/// Lines that other reporters print before a traceback: `Exception in
/// thread NAME:`, `Exception ignored in: ...`, `Exception ignored on calling ctypes
/// callback function: ...`, `Exception ignored in atexit
/// callback ...`, `Task exception was never retrieved`, `Error in
/// atexit._run_exitfuncs:`, `Unhandled exception in thread started by ...`.
bool IsPreamble(std::string_view text);

/// faulthandler's `Fatal Python error: NAME`; returns NAME.
std::optional<std::string_view> ParseFatalError(std::string_view text);

/// A line inside an exception group's box, with its margin taken off.
struct GroupLine {
  enum Kind { kContent, kSeparator, kClose } kind = kContent;
  int depth = 0;                 ///< box depth: 1 for the outermost group's lines
  std::string_view content;      ///< kContent: the line without its margin
};
/// `  | text`, `  + text`, `  +-+---- 1 ----`, `    +---- 2 ----`,
/// `    +------------------------------------`.
std::optional<GroupLine> ParseGroupLine(std::string_view text);

}  // namespace python

class PythonRecognizer : public Recognizer {
 public:
  /// Detects holds only for a line that contains one of these (the
  /// splitter passes over the others; tests/prefilter_test.cc checks it).
  /// The header; frame lines; the preambles (`Exception in thread`, `Exception
  /// ignored`, `Task exception was never retrieved`, `Error in atexit`,
  /// `Unhandled exception in thread`); `Fatal Python error: `; bare
  /// exception lines, whose type ends in Error, Exception or ExceptionGroup
  /// or is one of the exact names (IsBareExceptionLine); RemoteTraceback.
  static constexpr std::string_view kTriggers[] = {
      "Traceback", "File \"", "Exception", "exception was never", "Unhandled exception", "Error",
      "Fatal Python", "KeyboardInterrupt", "SystemExit", "StopIteration", "StopAsyncIteration",
      "GeneratorExit"};
  bool Detects(const Line& line) const override;
  Step Start(const Line& line) override;
  Step Next(const Line& line, const SplitContext& ctx) override;
  Event Take() override;

 private:
  enum class State {
    kFrames,      // frames of a traceback block
    kSyntax,      // after a SyntaxError's `File "x", line N`
    kMessage,     // after an exception line: message, notes
    kAfterBlank,  // a blank line after an exception: a chain sentence may follow
    kSeparator,   // after a chain sentence: the next block
    kPreamble,    // after `Exception in thread ...:` and the like
    kBlockStart,  // after an exception group's sub-exception separator
    kRemote,      // inside multiprocessing's """-quoted remote traceback
    kFault,       // a faulthandler dump
    kRecentFirst, // frames after a bare exception line, most recent first (Sentry)
  };

  std::string_view StripPrefix(std::string_view text) const;
  Step NextContent(std::string_view t, const Line& line, const SplitContext& ctx);
  bool StartsBlock(std::string_view t, const Line& line);
  void BeginBlock(Chain chain);
  void AddFrame(const python::FrameLine& f, uint64_t input_line);
  void AddException(const python::ExceptionLine& x, uint64_t input_line);
  void MarkPartial(std::string_view reason);
  void PushException(Exception e);

  Event ev_;
  State state_ = State::kFrames;
  std::string prefix_;
  Chain chain_ = Chain::kNone;   // chain of the block being read
  FrameList frames_;             // frames of the block being read
  std::optional<Frame> syntax_location_;  // a SyntaxError's `File "x", line N`
  bool block_open_ = false;      // frames read, exception line not yet
  bool bare_ = false;            // the current exception had no traceback
  size_t frame_indent_ = 0;
  int blanks_ = 0;
  bool group_ = false;           // inside exception group boxes
  int depth_ = 0;                // box depth of the current line
  size_t remote_ = 0;            // index of the RemoteTraceback exception
  std::string wrapped_;          // the first part of a frame line wrapped by hand
};

}  // namespace tbx
