#include "parse/rust_error.h"

#include <cctype>

#include "parse/rust.h"
#include "util/strings.h"

namespace tbx {
namespace rusterror {

bool LooksLikeDebug(std::string_view m) {
  m = Trim(m);
  if (m.size() >= 2 && m.front() == '"' && m.back() == '"') return true;
  if (m.find("(os error ") != std::string_view::npos) return true;
  // `Os { code: 2, ... }`, `ParseIntError { kind: InvalidDigit }`, `Custom { ... }`.
  size_t i = 0;
  if (m.empty() || !std::isupper(static_cast<unsigned char>(m[0]))) return false;
  while (i < m.size() && (std::isalnum(static_cast<unsigned char>(m[i])) || m[i] == '_' || m[i] == ':')) ++i;
  std::string_view rest = m.substr(i);
  return (rest.starts_with(" { ") && rest.ends_with(" }")) || (rest.starts_with("(") && rest.ends_with(")"));
}

}  // namespace rusterror

bool RustErrorRecognizer::Detects(const Line& line) const {
  std::string_view t = line.text;
  return t.starts_with("Error: ") && t.size() > 7;
}

Step RustErrorRecognizer::Start(const Line& line) {
  ev_ = Event();
  ev_.kind = std::string(kRustError);
  std::string_view m = TrimRight(line.text.substr(7));
  AppendBounded(m, kMaxMessageBytes, &ev_.message);
  confirmed_ = rusterror::LooksLikeDebug(m);
  state_ = State::kAfterMessage;
  blanks_ = 0;
  return Step::kConsumed;
}

Step RustErrorRecognizer::Next(const Line& line, const SplitContext& ctx) {
  std::string_view t = line.text;
  std::string_view s = Trim(t);
  if (s == "Caused by:") {
    confirmed_ = true;
    state_ = State::kCauses;
    blanks_ = 0;
    return Step::kConsumed;
  }
  if (s == "Stack backtrace:") {
    confirmed_ = true;
    state_ = State::kBacktrace;
    blanks_ = 0;
    return Step::kConsumed;
  }
  if (s.empty()) {
    // anyhow separates its sections with one blank line.
    return ++blanks_ <= 1 ? Step::kConsumed : Step::kEnd;
  }
  blanks_ = 0;
  switch (state_) {
    case State::kAfterMessage:
      return Step::kEnd;
    case State::kCauses: {
      if (LeadingSpaces(t) < 2 || ctx.StartsOther(line)) return Step::kEnd;
      std::string_view cause = s;
      // `0: failed to fetch manifest`
      size_t colon = cause.find(": ");
      if (colon != std::string_view::npos && ParseUint(cause.substr(0, colon))) cause = cause.substr(colon + 2);
      if (ev_.causes.size() < 64) ev_.causes.emplace_back(cause);
      return Step::kConsumed;
    }
    case State::kBacktrace: {
      if (rust::AddBacktraceLine(t, line.number, &ev_.frames)) return Step::kConsumed;
      if (LeadingSpaces(t) >= 6 && !ctx.StartsOther(line)) return Step::kConsumed;  // inlined frames
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
