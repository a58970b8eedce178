// Recognizer for Python warnings as the warnings module prints them:
// `path:LINE: CategoryWarning: message` and, indented, the source line.
// Each becomes a `diagnostic` event: tool "python", level "warning", code
// the category, location the file and line.
#pragma once

#include <optional>
#include <string_view>

#include "parse/recognizer.h"

namespace tbx {
namespace pywarning {

struct WarningLine {
  std::string_view file;
  int64_t line = 0;
  std::string_view category;  // e.g. DeprecationWarning
  std::string_view message;
};
/// Parses `path:LINE: CategoryWarning: message`.
std::optional<WarningLine> Parse(std::string_view text);

}  // namespace pywarning

class PythonWarningRecognizer : public Recognizer {
 public:
  /// Detects holds only for a line that contains one of these (the
  /// splitter passes over the others; tests/prefilter_test.cc checks it).
  static constexpr std::string_view kTriggers[] = {"Warning: "};
  bool Detects(const Line& line) const override;
  Step Start(const Line& line) override;
  Step Next(const Line& line, const SplitContext& ctx) override;
  Event Take() override;

 private:
  Event ev_;
  bool have_source_ = false;
};

}  // namespace tbx
