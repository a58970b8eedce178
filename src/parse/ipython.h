// Recognizer for IPython's and Jupyter's tracebacks (Context and Verbose
// modes, IPython 7 and 8): the `Type     Traceback (most recent call last)`
// header (type first), `File PATH:LINE, in func(args)`, `Cell In[N], line M`
// and `<ipython-input-N-HASH> in <module>` frames, the `---->` arrow at the
// failing line with numbered context lines around it, the exception line,
// and chained exceptions. IPython's Plain and Minimal modes print CPython's
// layout, which the Python recognizer reads.
#pragma once

#include <optional>
#include <string_view>

#include "parse/recognizer.h"

namespace tbx {
namespace ipython {

/// `ValueError          Traceback (most recent call last)`: the type.
std::optional<std::string_view> ParseHeader(std::string_view text);

/// A frame line of any IPython version.
std::optional<Frame> ParseFrame(std::string_view text);

/// `----> 6     return int(text)`: line number and code.
std::optional<std::pair<int64_t, std::string_view>> ParseArrow(std::string_view text);

}  // namespace ipython

class IPythonRecognizer : public Recognizer {
 public:
  bool Detects(const Line& line) const override;
  Step Start(const Line& line) override;
  Step Next(const Line& line, const SplitContext& ctx) override;
  Event Take() override;

 private:
  enum class State { kFrames, kMessage, kAfterBlank, kSeparator };
  void Begin(std::string_view type, Chain chain);

  Event ev_;
  State state_ = State::kFrames;
  FrameList frames_;
  std::string header_type_;
  Chain chain_ = Chain::kNone;
  bool block_open_ = false;
};

}  // namespace tbx
