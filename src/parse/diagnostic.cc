#include "parse/diagnostic.h"

#include <cctype>

#include "parse/python.h"
#include "parse/rust.h"
#include "util/strings.h"

namespace tbx {
namespace diag {

std::optional<Header> ParseShortHeader(std::string_view text) {
  // rustc --error-format=short, cargo --message-format=short:
  // `src/main.rs:4:5: error[E0308]: mismatched types`
  size_t rs = text.find(".rs:");
  if (rs == std::string_view::npos || text.empty() || text[0] == ' ') return std::nullopt;
  size_t sep = text.find(": ", rs);
  if (sep == std::string_view::npos) return std::nullopt;
  auto loc = rust::ParseFileLineCol(text.substr(0, sep));
  if (!loc || !loc->file.ends_with(".rs")) return std::nullopt;
  auto h = ParseHeader(text.substr(sep + 2));
  if (!h || h->tool == "pip") return std::nullopt;
  h->location = std::move(loc);
  return h;
}

std::optional<Header> ParseHeader(std::string_view text) {
  Header h;
  std::string_view s = text;
  if (s.starts_with("ERROR: ")) {
    h.level = "error";
    h.message = Trim(s.substr(7));
    h.tool = "pip";
    return h.message.empty() ? std::nullopt : std::optional<Header>(h);
  }
  if (s.starts_with("error")) {
    h.level = "error";
    s.remove_prefix(5);
  } else if (s.starts_with("warning")) {
    h.level = "warning";
    s.remove_prefix(7);
  } else {
    return std::nullopt;
  }
  if (s.starts_with("[")) {
    size_t close = s.find(']');
    if (close == std::string_view::npos || close > 40) return std::nullopt;
    h.code = s.substr(1, close - 1);
    s.remove_prefix(close + 1);
  }
  if (!s.starts_with(": ")) return std::nullopt;
  h.message = Trim(s.substr(2));
  if (h.message.empty()) return std::nullopt;
  // pip names its errors in kebab-case: externally-managed-environment.
  bool kebab = h.message.find('-') != std::string_view::npos;
  for (char c : h.message) {
    if (!(IsAsciiLower(c) || c == '-')) {
      kebab = false;
      break;
    }
  }
  if (kebab && h.code.empty()) h.tool = "pip";
  return h;
}

std::optional<Header> ParsePipHeader(std::string_view text, size_t* indent) {
  size_t n = LeadingSpaces(text);
  if (n > 8 || n >= text.size() || text[n] == '\t') return std::nullopt;
  auto h = ParseHeader(text.substr(n));
  if (!h || h->tool != "pip") return std::nullopt;
  *indent = n;
  return h;
}

bool IsGutterLine(std::string_view t) {
  std::string_view s = TrimLeft(t);
  if (s.empty()) return false;
  if (s.starts_with("= ") || s == "..." || s.starts_with("::: ")) return true;
  size_t i = 0;
  while (i < s.size() && IsAsciiDigit(s[i])) ++i;
  // UI tests print LL for line numbers.
  if (i == 0 && s.starts_with("LL ")) i = 2;
  std::string_view r = TrimLeft(s.substr(i));
  if (r.starts_with("|")) return true;
  // Suggestions: `3 ~ code` (changed line), `5 + code`, `5 - code` (diff).
  if (i > 0 && r.size() >= 1 && (r[0] == '~' || r[0] == '+' || r[0] == '-') &&
      (r.size() == 1 || r[1] == ' ')) {
    return true;
  }
  return false;
}

bool IsPipBoxLine(std::string_view t) {
  std::string_view s = TrimLeft(t);
  return s.starts_with("\xC3\x97") || s.starts_with("\xE2\x94\x82") ||
         s.starts_with("\xE2\x95\xB0") || s.starts_with("note: ") || s.starts_with("hint: ");
}

std::optional<int64_t> ParsePipCompleteOutput(std::string_view text) {
  std::string_view s = Trim(text);
  constexpr std::string_view kOpen = "Complete output (";
  if (!s.starts_with(kOpen) || (!s.ends_with(" lines):") && !s.ends_with(" line):"))) return std::nullopt;
  std::string_view n = s.substr(kOpen.size());
  n = n.substr(0, n.find(' '));
  return ParseUint(n);
}

}  // namespace diag

bool IsSummaryDiagnostic(const Event& e) {
  if (e.kind != kDiagnostic) return false;
  std::string_view m = e.message;
  return m.starts_with("could not compile") || m.starts_with("aborting due to") ||
         // cargo install: `failed to compile `x v1.2.3`, intermediate artifacts
         // can be found at ...`.
         m.starts_with("failed to compile `") ||
         // old cargo, after a build script failed: `error: build failed`.
         m == "build failed" ||
         m.ends_with("warnings emitted") || m.ends_with("warning emitted") ||
         // `x` (bin "x") generated 3 warnings[ (run `cargo fix ...` to apply ...)]
         (m.starts_with("`") && m.find(" generated ") != std::string_view::npos &&
          m.find(" warning") != std::string_view::npos);
}

namespace {
// cargo test: `note: test did not panic as expected at src/lib.rs:33:8`.
constexpr std::string_view kNoPanic = "note: test did not panic as expected at ";

bool IsDashRule(std::string_view t) {
  std::string_view s = Trim(t);
  return s.size() >= 10 && s.find_first_not_of('-') == std::string_view::npos;
}
}  // namespace

bool DiagnosticRecognizer::Detects(const Line& line) const {
  std::string_view t = line.text;
  if (t.empty()) return false;
  if (t[0] == ' ') {
    size_t indent = 0;
    return diag::ParsePipHeader(t, &indent).has_value();
  }
  if (t.starts_with(kNoPanic)) return true;
  if (t.find(".rs:") != std::string_view::npos && diag::ParseShortHeader(t)) return true;
  char c = t[0];
  if (c != 'e' && c != 'w' && c != 'E') return false;
  auto h = diag::ParseHeader(t);
  // Warnings only from rustc-style headers; a bare "warning: " from other
  // tools is too common to be an event by itself (see Take).
  return h && !(h->level == "warning" && h->message.starts_with("unused manifest key"));
}

Step DiagnosticRecognizer::Start(const Line& line) {
  ev_ = Event();
  ev_.kind = std::string(kDiagnostic);
  indent_ = 0;
  structured_ = false;
  caused_by_ = false;
  old_sections_ = false;
  blank_seen_ = false;
  after_blank_ = false;
  note_indent_ = 0;
  pip_old_ = false;
  pip_output_left_ = -1;
  pip_until_rule_ = false;
  std::string_view t = line.text;
  if (t.starts_with(kNoPanic)) {
    // A #[should_panic] test that returned normally.
    ev_.tool = "cargo";
    ev_.level = "error";
    ev_.message = "test did not panic as expected";
    ev_.location = rust::ParseFileLineCol(t.substr(kNoPanic.size()));
    return Step::kDone;
  }
  std::optional<diag::Header> h;
  if (!t.empty() && t[0] == ' ') {
    h = diag::ParsePipHeader(t, &indent_);
  } else {
    h = diag::ParseHeader(t);
    if (!h) h = diag::ParseShortHeader(t);
  }
  if (!h) {  // Start is only called after Detects; be safe anyway.
    ev_.kind.clear();
    return Step::kDone;
  }
  ev_.level = std::string(h->level);
  if (h->location) ev_.location = h->location;
  ev_.code = std::string(h->code);
  ev_.tool = h->tool.empty() ? (h->code.empty() && !h->location ? "cargo" : "rustc") : std::string(h->tool);
  // rustc's own summary; cargo's is "could not compile".
  if (h->message.starts_with("could not compile")) {
    ev_.tool = "cargo";
  } else if (h->message.starts_with("aborting due to") || h->message.ends_with(" emitted")) {
    ev_.tool = "rustc";
  }
  AppendBounded(h->message, kMaxMessageBytes, &ev_.message);
  if (h->location) return Step::kDone;  // the short format is one line
  if (ev_.tool == "pip" && t.substr(indent_).starts_with("ERROR: ")) {
    // pip < 22 prints the failed command's output under this one.
    pip_old_ = h->message.starts_with("Command errored out with exit status ") && h->message.ends_with(":");
    return pip_old_ ? Step::kConsumed : Step::kDone;
  }
  return Step::kConsumed;
}

Step DiagnosticRecognizer::Next(const Line& line, const SplitContext& ctx) {
  return ev_.tool == "pip" ? NextPip(line, ctx) : NextRust(line, ctx);
}

Step DiagnosticRecognizer::NextPip(const Line& line, const SplitContext& ctx) {
  std::string_view t = line.text;
  std::string_view s = Trim(t);
  if (pip_old_) {
    if (pip_output_left_ > 0) {
      --pip_output_left_;
      return Step::kConsumed;
    }
    if (pip_output_left_ == 0 || pip_until_rule_) {
      if (IsDashRule(t)) return Step::kDone;
      if (pip_until_rule_) return Step::kConsumed;
      return Step::kEnd;  // the closing rule is missing
    }
    if (auto n = diag::ParsePipCompleteOutput(t)) {
      pip_output_left_ = *n;
      return Step::kConsumed;
    }
    if (s.starts_with("Complete output from command ") && s.ends_with(":")) {
      pip_until_rule_ = true;
      return Step::kConsumed;
    }
    // ` command: /usr/bin/python3 -u -c '...'`, `     cwd: /tmp/pip-.../`
    if (LeadingSpaces(t) > indent_ && !s.empty()) return Step::kConsumed;
    return Step::kEnd;
  }
  if (s.empty()) {
    after_blank_ = true;
    return Step::kConsumed;  // tentatively: the box has blank lines inside
  }
  after_blank_ = false;
  // Everything deeper than the header (the subprocess's output, the
  // continuation of a `╰─>` line) and the box's own lines belong to it.
  if (LeadingSpaces(t) > indent_ || diag::IsPipBoxLine(t)) return Step::kConsumed;
  (void)ctx;
  return Step::kEnd;
}

Step DiagnosticRecognizer::NextRust(const Line& line, const SplitContext& ctx) {
  std::string_view t = line.text;
  std::string_view s = TrimLeft(t);
  bool after_blank = after_blank_;
  after_blank_ = false;
  if (s.empty()) {
    if (note_indent_ > 0 || caused_by_ || (ev_.tool == "cargo" && !blank_seen_)) {
      // Tentatively: a linker's output under `= note:` may hold blank
      // lines, cargo puts one before `Caused by:`, a build script's output
      // may have any.
      if (!caused_by_) blank_seen_ = true;
      after_blank_ = true;
      return Step::kConsumed;
    }
    return Step::kEnd;
  }
  if (!after_blank || note_indent_ > 0) {
    if (s.starts_with("--> ")) {
      if (!ev_.location) {
        if (auto loc = rust::ParseFileLineCol(s.substr(4))) {
          ev_.location = std::move(loc);
          if (ev_.tool == "cargo") ev_.tool = "rustc";
        }
      }
      structured_ = true;
      note_indent_ = 0;
      return Step::kConsumed;
    }
    if (diag::IsGutterLine(t)) {
      // `= note: ...` blocks continue on deeper-indented lines (the linker's
      // output under `linking with cc failed`).
      note_indent_ = s.starts_with("= ") ? LeadingSpaces(t) + 2 : 0;
      structured_ = true;
      return Step::kConsumed;
    }
    if (note_indent_ > 0 && LeadingSpaces(t) > note_indent_) return Step::kConsumed;
  }
  note_indent_ = 0;
  // rustc's `note:`/`help:` sub-diagnostics, right under the main one.
  if (structured_ && !after_blank && !caused_by_ &&
      (t.starts_with("note: ") || t.starts_with("help: ") || t.starts_with("note[") ||
       t == "note:" || t == "help:") &&
      !t.starts_with(kNoPanic) && !rust::IsBacktraceNote(t)) {
    return Step::kConsumed;
  }
  // `error: 3 targets failed:` and its indented list (`    `--lib``).
  if (ev_.tool == "cargo" && !structured_ && !caused_by_ && !after_blank && ev_.message.ends_with(":") &&
      LeadingSpaces(t) >= 2) {
    return Step::kConsumed;
  }
  if (ev_.tool == "cargo" && t == "Caused by:" && (caused_by_ || blank_seen_ || !structured_)) {
    caused_by_ = true;
    return Step::kConsumed;
  }
  // Old cargo: the build script's sections at column 0, without `Caused by:`.
  if (ev_.tool == "cargo" && ev_.message.starts_with("failed to run custom build command") && !structured_ &&
      (s.starts_with("process didn't exit successfully: ") || t == "--- stdout" || t == "--- stderr")) {
    caused_by_ = true;
    old_sections_ = old_sections_ || LeadingSpaces(t) == 0;
    return Step::kConsumed;
  }
  if (caused_by_) {
    // The build script's panic (or anything else another recognizer
    // starts at) is its own event.
    if (ctx.StartsOther(line) || rust::ParsePanicHeader(t)) return Step::kEnd;
    if (LeadingSpaces(t) >= 2 && !python::LooksLikeNewRecord(t)) return Step::kConsumed;
    if (old_sections_ && !python::LooksLikeNewRecord(t)) return Step::kConsumed;
    return Step::kEnd;
  }
  return Step::kEnd;
}

Event DiagnosticRecognizer::Take() {
  // `warning: ...` is what many programs print: without a code, a --> span
  // or a cargo summary shape it is no rustc warning, and is withdrawn.
  if (ev_.level == "warning" && ev_.tool == "cargo" && ev_.code.empty() && !ev_.location &&
      !IsSummaryDiagnostic(ev_) && !caused_by_) {
    ev_ = Event();
    return Event();
  }
  Event out = std::move(ev_);
  ev_ = Event();
  return out;
}

}  // namespace tbx
