// Recognizer for compiler and installer diagnostics in the human format.
//
// rustc: `error[E0308]: msg` / `error: msg` / `warning: msg`, its ` --> FILE:L:C`
// arrow (the first one gives the location), gutter lines (`  |`, `7 | code`,
// `  = note: ...` with its deeper-indented continuation, e.g. a linker's
// output under ``error: linking with `cc` failed``, blank lines inside such
// a note included), suggestion lines (`3 ~ code`, `LL + code`), `...`,
// ` ::: FILE`, and the `note:`/`help:` sub-diagnostics printed right under it
// (no blank line between). The short format `src/main.rs:4:5: error[E0308]:
// msg` (.rs files) is one line.
//
// cargo: `error: could not compile ...`, `error: cannot install package ...`,
// ``error: linker `cc` not found`` and every other `error: msg` without a
// code. `Caused by:` sections (one or more, separated by blank lines) and a
// build script's `process didn't exit successfully: ...`, `--- stdout`,
// `--- stderr` sections belong to the error above them, indented by two
// (cargo 1.5x+) or not (older cargo). A line inside them that another
// recognizer starts an event at -- the build script's panic, indented or
// not -- ends the diagnostic, so that the panic is its own event.
// `note: test did not panic as expected at FILE:L:C` is a cargo test error.
// `warning: msg` without a code, an arrow or the shape of a cargo summary is
// withdrawn (many programs print `warning: ...`).
//
// pip: `ERROR: msg` is one line, except ``ERROR: Command errored out with
// exit status N:`` (pip < 22), which takes its ` command:`/` cwd:` lines,
// `Complete output (N lines):` and exactly N lines after it, and the closing
// line of dashes. The rich errors `error: kebab-case-name` (pip >= 22:
// subprocess-exited-with-error, externally-managed-environment,
// legacy-install-failure, ...) take their box: the `×`, `│` and `╰─>` lines,
// everything indented deeper than the header (the subprocess's output up to
// `[end of output]`), blank lines inside, and the `note:` and `hint:` lines.
// pip indents its whole output inside an indented step (`  Building wheel
// for x (setup.py) ... error`), so pip headers are recognized at any
// indentation up to 8; the event then ends at the first line indented no
// deeper than the header that is not part of the box.
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

/// A pip header (`ERROR: msg`, `error: kebab-case`) indented by at most 8;
/// returns it and sets `*indent`.
std::optional<Header> ParsePipHeader(std::string_view text, size_t* indent);

/// rustc's source snippet and notes: `  |`, ` 3 |`, `  = note:`, `...`,
/// ` ::: FILE`, suggestion lines `3 ~ x`, `LL + x`, `12 - x`.
bool IsGutterLine(std::string_view text);

/// pip's box lines: `× ...`, `│ ...`, `╰─> ...`, and its `note:`/`hint:` lines.
bool IsPipBoxLine(std::string_view text);

/// `Complete output (N lines):` (pip < 22): N, or nullopt.
std::optional<int64_t> ParsePipCompleteOutput(std::string_view text);

}  // namespace diag

/// A compiler's or cargo's summary of the diagnostics before it:
/// "could not compile `x`", "aborting due to 2 previous errors",
/// "3 warnings emitted", "`x` (bin "x") generated 3 warnings".
bool IsSummaryDiagnostic(const Event& e);

class DiagnosticRecognizer : public Recognizer {
 public:
  /// Detects holds only for a line that contains one of these (the
  /// splitter passes over the others; tests/prefilter_test.cc checks it).
  /// Headers: rustc's and cargo's `error[E0308]: `, `error: `, `warning: `
  /// (also after a `file.rs:L:C: ` location), pip's `ERROR: `, and libtest's
  /// `note: test did not panic as expected`.
  static constexpr std::string_view kTriggers[] = {
      "error: ", "error[", "warning: ", "warning[", "ERROR: ", "did not panic"};
  bool Detects(const Line& line) const override;
  Step Start(const Line& line) override;
  Step Next(const Line& line, const SplitContext& ctx) override;
  Event Take() override;

 private:
  Step NextRust(const Line& line, const SplitContext& ctx);
  Step NextPip(const Line& line, const SplitContext& ctx);

  Event ev_;
  size_t indent_ = 0;         // the header's indentation (pip)
  bool structured_ = false;   // rustc: an arrow or gutter line was seen
  bool caused_by_ = false;    // cargo: inside `Caused by:` or build-script sections
  bool old_sections_ = false; // old cargo: build-script sections at column 0
  bool blank_seen_ = false;   // cargo: the blank line before `Caused by:`
  bool after_blank_ = false;  // the line before was blank (consumed tentatively)
  size_t note_indent_ = 0;    // inside a `= note:` block: its text's column
  // pip < 22: `ERROR: Command errored out ...` and its output.
  bool pip_old_ = false;
  int64_t pip_output_left_ = -1;  // lines of `Complete output (N lines):` still to come
  bool pip_until_rule_ = false;   // `Complete output from command ...:` runs to the dashes
};

}  // namespace tbx
