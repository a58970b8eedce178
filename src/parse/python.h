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

}  // namespace python

class PythonRecognizer : public Recognizer {
 public:
  bool Detects(const Line& line) const override;
  Step Start(const Line& line) override;
  Step Next(const Line& line, const SplitContext& ctx) override;
  Event Take() override;

 private:
  enum class State { kFrames, kSyntax, kMessage, kAfterBlank, kSeparator };

  std::string_view StripPrefix(std::string_view text) const;
  void BeginBlock(Chain chain);
  void AddFrame(const python::FrameLine& f, uint64_t input_line);
  void AddException(const python::ExceptionLine& x, uint64_t input_line);
  void MarkPartial(std::string_view reason);

  Event ev_;
  State state_ = State::kFrames;
  std::string prefix_;
  Chain chain_ = Chain::kNone;   // chain of the block being read
  FrameList frames_;             // frames of the block being read
  bool block_open_ = false;      // frames read, exception line not yet
  bool bare_ = false;            // the current exception had no traceback
  size_t frame_indent_ = 0;
  int blanks_ = 0;
};

}  // namespace tbx
