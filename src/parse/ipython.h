// Recognizer for IPython's and Jupyter's tracebacks (python.traceback
// events).
//
// Context and Verbose modes (IPython 7 and 8, Jupyter, Colab): the
// `Type     Traceback (most recent call last)` header (type first), frames
// `File PATH:LINE, in func(args)`, `Cell In[N], line M[, in func(args)]`,
// `<ipython-input-N-HASH> in <module>` and `/path/x.py in func(args)`, the
// `---->` arrow at the failing line (its number is the frame's line when the
// frame line has none) with numbered context lines, `(...)`, Verbose's
// locals, Colab's `8 frames`, the exception line and its message, chained
// exceptions. A traceback indented as a whole (a notebook exported to
// Markdown) is read without its indentation.
//
// Plain mode's frames and SyntaxErrors: `  Cell In[N], line M[ in func]`
// and `  File PATH:LINE[ in func]` (no quotes), their source lines, caret
// lines, blank lines between frames (IPython's SyntaxError layout), the
// exception line. For a SyntaxError (IndentationError, TabError) the last
// frame, printed without a function, is the exception's location. These
// lines are read when no event is open: after a `Traceback (most recent call
// last):` header the Python recognizer has the event, and reads Plain's
// `File` frames itself, but it ends at a `Cell In` line or at a blank line
// after the header (see the report); the event read from there on is then
// marked partial (the traceback header is missing) when it has frames.
//
// Minimal mode prints bare exception lines, which the Python recognizer
// reads.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "parse/recognizer.h"

namespace tbx {
namespace ipython {

// Pure line classifiers, exposed for testing.

/// `ValueError          Traceback (most recent call last)`: the type.
std::optional<std::string_view> ParseHeader(std::string_view text);

struct FrameLine {
  Frame frame;                ///< function "<module>" when none is printed
  bool has_function = false;  ///< the line named a function
};
/// A frame line of any IPython version and mode, leading blanks allowed.
std::optional<FrameLine> ParseFrame(std::string_view text);

/// `----> 6     return int(text)`: line number and code.
std::optional<std::pair<int64_t, std::string_view>> ParseArrow(std::string_view text);

/// A Plain-mode frame line: exactly two blanks, then `Cell In[` or an
/// unquoted `File ` whose path looks like Python's.
bool IsPlainFrame(std::string_view text);

/// Colab's `8 frames` (collapsed library frames).
bool IsCollapsedFrames(std::string_view text);

}  // namespace ipython

class IPythonRecognizer : public Recognizer {
 public:
  /// Detects holds only for a line that contains one of these (the
  /// splitter passes over the others; tests/prefilter_test.cc checks it).
  /// The header names the exception then `Traceback (most recent call last)`;
  /// Plain-mode frames are `  File /path.py:N in f` and `  Cell In[N], line M`.
  static constexpr std::string_view kTriggers[] = {"Traceback (most recent call last)", "File ", "Cell In["};
  bool Detects(const Line& line) const override;
  Step Start(const Line& line) override;
  Step Next(const Line& line, const SplitContext& ctx) override;
  Event Take() override;

 private:
  enum class State { kFrames, kPlain, kMessage, kAfterBlank, kSeparator };
  Step NextLine(const Line& line, std::string_view t, const SplitContext& ctx);
  void Begin(std::string_view type, Chain chain);
  void BeginPlain(Chain chain);
  void AddPlainFrame(const ipython::FrameLine& f, uint64_t input_line);
  void FlushPlainFrame();
  void AddException(std::string_view type, std::string_view message, uint64_t input_line);
  void PushException(Exception e);

  Event ev_;
  State state_ = State::kFrames;
  FrameList frames_;
  std::string header_type_;
  Chain chain_ = Chain::kNone;
  bool block_open_ = false;
  size_t indent_ = 0;              // the header's indentation, taken off every line
  std::optional<Frame> plain_last_;  // Plain: the last frame, which may be a SyntaxError's location
  bool plain_last_has_function_ = false;
  bool started_plain_ = false;     // the event began at a Plain frame (its header is elsewhere)
};

}  // namespace tbx
