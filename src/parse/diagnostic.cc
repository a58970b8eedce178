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
  std::string_view rest = text.substr(rs + 3);
  auto loc = rust::ParseFileLineCol(text.substr(0, text.find(": ", rs)));
  if (!loc || !loc->file.ends_with(".rs")) return std::nullopt;
  size_t sep = text.find(": ", rs);
  if (sep == std::string_view::npos) return std::nullopt;
  auto h = ParseHeader(text.substr(sep + 2));
  if (!h || h->tool == "pip") return std::nullopt;
  h->location = std::move(loc);
  (void)rest;
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
    if (!(std::islower(static_cast<unsigned char>(c)) || c == '-')) {
      kebab = false;
      break;
    }
  }
  if (kebab && h.code.empty()) h.tool = "pip";
  return h;
}

}  // namespace diag

bool IsSummaryDiagnostic(const Event& e) {
  if (e.kind != kDiagnostic) return false;
  std::string_view m = e.message;
  return m.starts_with("could not compile") || m.starts_with("aborting due to") ||
         m.ends_with("warnings emitted") || m.ends_with("warning emitted") ||
         // `x` (bin "x") generated 3 warnings[ (run `cargo fix ...` to apply ...)]
         (m.starts_with("`") && m.find(" generated ") != std::string_view::npos &&
          m.find(" warning") != std::string_view::npos);
}

namespace {
// rustc's source snippet and notes: "  |", " 3 |", "  = note:", "...", ":::".
bool IsGutterLine(std::string_view t) {
  std::string_view s = TrimLeft(t);
  if (s.empty()) return false;
  size_t i = 0;
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
  std::string_view r = TrimLeft(s.substr(i));
  return r.starts_with("|") || s.starts_with("= ") || s == "..." || s.starts_with("::: ");
}
// pip's boxes: "× ...", "│ ...", "╰─> ...", and their "note:"/"hint:" lines.
bool IsPipBoxLine(std::string_view t) {
  std::string_view s = TrimLeft(t);
  return s.starts_with("\xC3\x97") || s.starts_with("\xE2\x94\x82") ||
         s.starts_with("\xE2\x95\xB0") || s.starts_with("note: ") || s.starts_with("hint: ");
}
}  // namespace

namespace {
// cargo test: `note: test did not panic as expected at src/lib.rs:33:8`.
constexpr std::string_view kNoPanic = "note: test did not panic as expected at ";
}  // namespace

bool DiagnosticRecognizer::Detects(const Line& line) const {
  if (line.text.starts_with(kNoPanic)) return true;
  if (line.text.find(".rs:") != std::string_view::npos && diag::ParseShortHeader(line.text)) return true;
  char c = line.text.empty() ? 0 : line.text[0];
  if (c != 'e' && c != 'w' && c != 'E') return false;
  auto h = diag::ParseHeader(line.text);
  // Warnings only from rustc-style headers; a bare "warning: " from other
  // tools is too common to be an event by itself.
  return h && !(h->level == "warning" && h->message.starts_with("unused manifest key"));
}

Step DiagnosticRecognizer::Start(const Line& line) {
  ev_ = Event();
  ev_.kind = std::string(kDiagnostic);
  caused_by_ = false;
  blank_seen_ = false;
  note_indent_ = 0;
  if (line.text.starts_with(kNoPanic)) {
    // A #[should_panic] test that returned normally.
    ev_.tool = "cargo";
    ev_.level = "error";
    ev_.message = "test did not panic as expected";
    ev_.location = rust::ParseFileLineCol(line.text.substr(kNoPanic.size()));
    return Step::kDone;
  }
  auto h = diag::ParseHeader(line.text);
  if (!h) h = diag::ParseShortHeader(line.text);
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
  return ev_.tool == "pip" && line.text.starts_with("ERROR: ") ? Step::kDone : Step::kConsumed;
}

Step DiagnosticRecognizer::Next(const Line& line, const SplitContext& ctx) {
  std::string_view t = line.text;
  std::string_view s = TrimLeft(t);
  if (s.starts_with("--> ")) {
    if (!ev_.location) {
      if (auto loc = rust::ParseFileLineCol(s.substr(4))) {
        ev_.location = std::move(loc);
        if (ev_.tool == "cargo") ev_.tool = "rustc";
      }
    }
    return Step::kConsumed;
  }
  if (IsGutterLine(t)) {
    // `= note: ...` blocks continue on deeper-indented lines (the linker's
    // output under `linking with cc failed`).
    note_indent_ = s.starts_with("= ") ? LeadingSpaces(t) + 2 : 0;
    return Step::kConsumed;
  }
  if (note_indent_ > 0 && LeadingSpaces(t) > note_indent_ && !s.empty()) return Step::kConsumed;
  note_indent_ = 0;
  if (ev_.tool == "pip" && (IsPipBoxLine(t) || (LeadingSpaces(t) > 0 && !s.empty()))) {
    return Step::kConsumed;
  }
  if (ev_.tool == "pip" && s.empty()) return Step::kConsumed;
  if (ctx.StartsOther(line)) return Step::kEnd;
  // cargo's `Caused by:` and a build script's `--- stdout` / `--- stderr`,
  // indented by two; a panic inside was handed to the panic recognizer above.
  if (ev_.tool == "cargo" && s == "Caused by:") {
    caused_by_ = true;
    return Step::kConsumed;
  }
  if (ev_.tool == "cargo" && !caused_by_ && s.empty() && !blank_seen_) {
    blank_seen_ = true;  // cargo puts a blank line before `Caused by:`
    return Step::kConsumed;
  }
  if (caused_by_ && ((LeadingSpaces(t) >= 2 && !s.empty() && !python::LooksLikeNewRecord(t)) ||
                     (s.empty() && ev_.message.starts_with("failed to run custom build command")))) {
    return Step::kConsumed;
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
