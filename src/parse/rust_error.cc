#include "parse/rust_error.h"

#include <cctype>

#include "parse/rust.h"
#include "util/strings.h"

namespace tbx {
namespace rusterror {

namespace {
bool IsIdentChar(char c) { return IsAsciiAlnum(c) || c == '_'; }
}  // namespace

bool LooksLikeDebug(std::string_view m) {
  m = Trim(m);
  if (m.size() >= 2 && m.front() == '"' && m.back() == '"') return true;
  if (m.find("(os error ") != std::string_view::npos) return true;
  // A path (`Os`, `reqwest::Error`) whose last segment is a type or variant
  // name, then ` { ... }` or `(...)`.
  size_t i = 0;
  size_t segment = 0;
  while (i < m.size()) {
    if (!(IsAsciiAlpha(m[i]) || m[i] == '_')) return false;
    segment = i;
    while (i < m.size() && IsIdentChar(m[i])) ++i;
    if (m.substr(i).starts_with("::")) {
      i += 2;
      continue;
    }
    break;
  }
  if (i == 0 || !IsAsciiUpper(m[segment])) return false;
  std::string_view rest = m.substr(i);
  return (rest.starts_with(" { ") && rest.ends_with(" }")) || (rest.starts_with("(") && rest.ends_with(")"));
}

std::optional<std::string_view> ParseNumberedItem(std::string_view line) {
  std::string_view s = TrimLeft(line);
  if (LeadingSpaces(line) == 0) return std::nullopt;
  size_t colon = s.find(": ");
  if (colon == std::string_view::npos || colon == 0 || colon > 4 || !ParseUint(s.substr(0, colon))) {
    return std::nullopt;
  }
  return TrimRight(s.substr(colon + 2));
}

}  // namespace rusterror

namespace {
// color-eyre's section rules: `  ━━━━ BACKTRACE ━━━━`.
bool IsEyreRule(std::string_view s, std::string_view title) {
  return s.starts_with("\xE2\x94\x81") && s.find(title) != std::string_view::npos;
}
// color-eyre: `⋮ 5 frames hidden ⋮`.
bool IsHiddenFrames(std::string_view s) {
  return s.starts_with("\xE2\x8B\xAE") && s.find(" hidden ") != std::string_view::npos;
}
// color-eyre's hints when no backtrace was captured.
bool IsEyreHint(std::string_view s) {
  return s.starts_with("Backtrace omitted.") || s.starts_with("Run with RUST_BACKTRACE=") ||
         s.starts_with("Run with RUST_LIB_BACKTRACE=") || s.starts_with("Run with COLORBT_SHOW_HIDDEN=");
}
}  // namespace

bool RustErrorRecognizer::Detects(const Line& line) const {
  std::string_view t = line.text;
  if (!t.starts_with("Error:")) return false;
  // `Error: MSG`, or `Error:` alone (color-eyre puts its report on the next lines).
  return t.size() == 6 || t[6] == ' ';
}

Step RustErrorRecognizer::Start(const Line& line) {
  ev_ = Event();
  ev_.kind = std::string(kRustError);
  std::string_view m = Trim(line.text.substr(std::min<size_t>(6, line.text.size())));
  AppendBounded(m, kMaxMessageBytes, &ev_.message);
  confirmed_ = !m.empty() && rusterror::LooksLikeDebug(m);
  state_ = m.empty() ? State::kEyreList : State::kAfterMessage;
  blanks_ = 0;
  return Step::kConsumed;
}

void RustErrorRecognizer::AddCause(std::string_view text, bool numbered) {
  if (numbered || ev_.causes.empty()) {
    if (ev_.causes.size() >= 64) return;
    ev_.causes.emplace_back();
    AppendBounded(text, kMaxMessageBytes, &ev_.causes.back());
    return;
  }
  // A cause over several lines: anyhow indents its continuation lines.
  std::string& last = ev_.causes.back();
  if (last.size() + 1 + text.size() > kMaxMessageBytes) return;
  last += '\n';
  last += text;
}

Step RustErrorRecognizer::Next(const Line& line, const SplitContext& ctx) {
  std::string_view t = line.text;
  std::string_view s = Trim(t);
  if (s.empty()) {
    // anyhow and eyre separate their sections with one blank line.
    return ++blanks_ <= 1 ? Step::kConsumed : Step::kEnd;
  }
  int blanks = blanks_;
  blanks_ = 0;
  // Section headers, at column 0.
  if (LeadingSpaces(t) == 0) {
    if (s == "Caused by:") {
      confirmed_ = true;
      state_ = State::kCauses;
      return Step::kConsumed;
    }
    if (s == "Stack backtrace:") {
      confirmed_ = true;
      state_ = State::kBacktrace;
      return Step::kConsumed;
    }
    if (s == "Location:") {
      state_ = State::kLocation;
      return Step::kConsumed;
    }
    if (confirmed_ && IsEyreHint(s)) {
      state_ = State::kAfterSection;
      return Step::kConsumed;
    }
  }
  if (confirmed_ && IsEyreRule(s, " BACKTRACE ")) {
    state_ = State::kBacktrace;
    return Step::kConsumed;
  }
  if (confirmed_ && IsEyreRule(s, " SPANTRACE ")) {
    state_ = State::kSpantrace;
    return Step::kConsumed;
  }
  switch (state_) {
    case State::kAfterMessage:
    case State::kAfterSection:
      return Step::kEnd;
    case State::kEyreList: {
      // color-eyre: `   0: message`, `   1: cause`, continuation lines deeper.
      if (blanks > 0 && !ev_.message.empty()) {
        state_ = State::kAfterSection;
        return Step::kEnd;
      }
      if (auto item = rusterror::ParseNumberedItem(t)) {
        if (!confirmed_) {
          confirmed_ = true;
          ev_.message.clear();
          AppendBounded(*item, kMaxMessageBytes, &ev_.message);
        } else {
          AddCause(*item, true);
        }
        return Step::kConsumed;
      }
      if (confirmed_ && LeadingSpaces(t) > 3 && !ctx.StartsOther(line)) {
        if (ev_.causes.empty()) {
          AppendMessageLine(s, &ev_.message, &ev_.message_truncated);
        } else {
          AddCause(s, false);
        }
        return Step::kConsumed;
      }
      return Step::kEnd;
    }
    case State::kCauses: {
      if (blanks > 0 || LeadingSpaces(t) < 2 || ctx.StartsOther(line)) return Step::kEnd;
      if (auto item = rusterror::ParseNumberedItem(t)) {
        AddCause(*item, true);
      } else {
        AddCause(s, false);
      }
      return Step::kConsumed;
    }
    case State::kLocation: {
      // eyre: `    src/main.rs:4:5`; color-eyre: `   src/main.rs:4`.
      auto loc = rust::ParseFileLineCol(s);
      if (blanks > 0 || LeadingSpaces(t) < 2 || !loc) {
        return Step::kEnd;
      }
      ev_.location = std::move(loc);
      confirmed_ = true;
      state_ = State::kAfterSection;
      return Step::kConsumed;
    }
    case State::kBacktrace: {
      if (blanks > 0 && !ev_.frames.empty()) return Step::kEnd;
      if (IsHiddenFrames(s)) return Step::kConsumed;
      if (rust::ParseBacktraceContinuation(t) && ctx.StartsOther(line)) return Step::kEnd;
      if (rust::AddBacktraceLine(t, line.number, &ev_.frames)) return Step::kConsumed;
      return Step::kEnd;
    }
    case State::kSpantrace: {
      // Spans, not frames: `   0: app::handler with id=3` and `at` lines.
      if (blanks > 0) return Step::kEnd;
      if (rust::ParseBacktraceFrame(t) || rust::ParseBacktraceAt(t)) return Step::kConsumed;
      return Step::kEnd;
    }
  }
  return Step::kEnd;
}

Event RustErrorRecognizer::Take() {
  ev_.frames.Finish();
  Event out = std::move(ev_);
  ev_ = Event();
  if (!confirmed_) return Event();  // a log line that says "Error:", no more
  return out;
}

}  // namespace tbx
