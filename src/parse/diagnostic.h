// Recognizer for compiler and installer diagnostics in the human format:
// rustc's `error[E0308]: msg` with its ` --> file:l:c` arrow and gutter lines,
// cargo's `error: could not compile ...`, and pip's `ERROR: ...` lines and
// `error: externally-managed-environment` style boxes.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "parse/recognizer.h"

namespace tbx {
namespace diag {

struct Header {
  std::string_view level;  // "error" or "warning"
  std::string_view code;   // "E0308" or empty
  std::string_view message;
  std::string_view tool;   // guessed from the header alone: "pip" or ""
  std::optional<Location> location;  // short format only
};
/// `error[E0308]: msg`, `error: msg`, `warning: msg`, pip's `ERROR: msg`.
std::optional<Header> ParseHeader(std::string_view text);

/// The short format: `src/main.rs:4:5: error[E0308]: msg` (.rs files only).
std::optional<Header> ParseShortHeader(std::string_view text);

}  // namespace diag

/// A compiler's or cargo's summary of the diagnostics before it:
/// "could not compile `x`", "aborting due to 2 previous errors",
/// "3 warnings emitted", "`x` (bin "x") generated 3 warnings".
bool IsSummaryDiagnostic(const Event& e);

class DiagnosticRecognizer : public Recognizer {
 public:
  // cargo's `Caused by:` and build-script `--- stdout`/`--- stderr` sections
  // (indented by two) belong to the error above them.
  bool Detects(const Line& line) const override;
  Step Start(const Line& line) override;
  Step Next(const Line& line, const SplitContext& ctx) override;
  Event Take() override;

 private:
  Event ev_;
  bool caused_by_ = false;
  bool blank_seen_ = false;
  size_t note_indent_ = 0;  // inside a `= note:` block: its text's column
};

}  // namespace tbx
