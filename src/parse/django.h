// Recognizer for Django's debug error page copied from a browser: the
// summary table (`Django Version:`, `Exception Type:`, `Exception Value:`,
// `Exception Location: FILE in FUNC, line N`), with or without its labels
// (a copy often keeps the values only, one per line, or markdown `| --`
// table rows). It becomes a python.traceback event with one exception and
// the exception location as its only frame. The page's "copy-and-paste
// view" holds a plain traceback, which the Python recognizer reads.
#pragma once

#include <optional>
#include <string_view>

#include "parse/recognizer.h"

namespace tbx {
namespace django {

/// `FILE in FUNC, line N`, Django's "Exception Location".
std::optional<Frame> ParseLocation(std::string_view text);

}  // namespace django

class DjangoPageRecognizer : public Recognizer {
 public:
  /// Detects holds only for a line that contains one of these (the
  /// splitter passes over the others; tests/prefilter_test.cc checks it).
  static constexpr std::string_view kTriggers[] = {"Django Version"};
  bool Detects(const Line& line) const override;
  Step Start(const Line& line) override;
  Step Next(const Line& line, const SplitContext& ctx) override;
  Event Take() override;

 private:
  Event ev_;
  int lines_ = 0;
  bool have_type_ = false;
  bool have_value_ = false;
  bool have_location_ = false;
};

}  // namespace tbx
