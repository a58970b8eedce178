#include "parse/rust.h"

#include <cctype>

#include "parse/origin.h"
#include "parse/python.h"
#include "util/strings.h"

namespace tbx {
namespace rust {

std::optional<Location> ParseFileLineCol(std::string_view s) {
  s = Trim(s);
  auto take_number = [&](std::string_view* rest) -> std::optional<int64_t> {
    size_t colon = rest->rfind(':');
    if (colon == std::string_view::npos) return std::nullopt;
    auto n = ParseUint(rest->substr(colon + 1));
    if (!n) return std::nullopt;
    *rest = rest->substr(0, colon);
    return n;
  };
  std::string_view rest = s;
  auto last = take_number(&rest);
  if (!last) return std::nullopt;
  Location loc;
  std::string_view before = rest;
  if (auto mid = take_number(&rest)) {
    loc.line = *mid;
    loc.column = *last;
  } else {
    rest = before;
    loc.line = *last;
  }
  if (rest.empty()) return std::nullopt;
  loc.file = std::string(rest);
  return loc;
}

std::optional<PanicHeader> ParsePanicHeader(std::string_view text) {
  std::string_view s = TrimLeft(text);
  if (s.starts_with("panicked at ")) {
    // A panic inside the panic hook prints no thread.
    std::string_view rest = TrimRight(s.substr(12));
    if (!rest.ends_with(":")) return std::nullopt;
    auto loc = ParseFileLineCol(rest.substr(0, rest.size() - 1));
    if (!loc) return std::nullopt;
    PanicHeader h;
    h.location = std::move(loc);
    return h;
  }
  if (!s.starts_with("thread '")) return std::nullopt;
  s.remove_prefix(8);
  // `thread 'main' (11311) has overflowed its stack`: no location, and the
  // process aborts.
  if (size_t over = s.find(" has overflowed its stack"); over != std::string_view::npos &&
                                                          s.find(" panicked at ") == std::string_view::npos) {
    std::string_view name_part = s.substr(0, over);
    if (name_part.ends_with(")")) {
      size_t open = name_part.rfind("' (");
      if (open == std::string_view::npos) return std::nullopt;
      name_part = name_part.substr(0, open + 1);
    }
    if (!name_part.ends_with("'")) return std::nullopt;
    PanicHeader h;
    h.thread = name_part.substr(0, name_part.size() - 1);
    h.message = "has overflowed its stack";
    h.stack_overflow = true;
    return h;
  }
  // The name ends at the quote followed by " panicked at " or " (TID) panicked at ".
  size_t at = s.find(" panicked at ");
  if (at == std::string_view::npos) return std::nullopt;
  std::string_view name_part = s.substr(0, at);
  PanicHeader h;
  if (name_part.ends_with(")")) {
    size_t open = name_part.rfind("' (");
    if (open == std::string_view::npos) return std::nullopt;
    if (!ParseUint(name_part.substr(open + 3, name_part.size() - open - 4))) return std::nullopt;
    h.thread = name_part.substr(0, open);
  } else {
    if (!name_part.ends_with("'")) return std::nullopt;
    h.thread = name_part.substr(0, name_part.size() - 1);
  }
  std::string_view rest = TrimRight(s.substr(at + 13));
  if (rest.starts_with("'")) {
    // Before 1.73: 'MSG', FILE:L:C -- the message may go on over lines.
    h.old_style = true;
    rest.remove_prefix(1);
    size_t close = rest.rfind("', ");
    if (close != std::string_view::npos) {
      if (auto loc = ParseFileLineCol(rest.substr(close + 3))) {
        h.location = std::move(loc);
        h.message = rest.substr(0, close);
        h.message_closed = true;
        return h;
      }
    }
    if (rest.size() > 1 && rest.ends_with("'")) {
      // The quote closes on this line but no location follows: the paste
      // was cut after the message.
      h.message = rest.substr(0, rest.size() - 1);
      h.message_closed = true;
      return h;
    }
    h.message = rest;
    return h;
  }
  if (!rest.ends_with(":")) return std::nullopt;
  auto loc = ParseFileLineCol(rest.substr(0, rest.size() - 1));
  if (!loc) return std::nullopt;
  h.location = std::move(loc);
  return h;
}

std::optional<std::pair<int64_t, std::string_view>> ParseBacktraceFrame(std::string_view text) {
  std::string_view s = TrimLeft(text);
  size_t digits = 0;
  while (digits < s.size() && std::isdigit(static_cast<unsigned char>(s[digits]))) ++digits;
  if (digits == 0 || digits >= s.size() || s[digits] != ':') return std::nullopt;
  auto n = ParseUint(s.substr(0, digits));
  if (!n) return std::nullopt;
  std::string_view sym = Trim(s.substr(digits + 1));
  if (sym.starts_with("0x")) {
    size_t dash = sym.find(" - ");
    if (dash != std::string_view::npos) sym = sym.substr(dash + 3);
  }
  if (sym.empty()) return std::nullopt;
  return std::make_pair(*n, sym);
}

std::optional<Location> ParseBacktraceAt(std::string_view text) {
  std::string_view s = TrimLeft(text);
  if (!s.starts_with("at ")) return std::nullopt;
  return ParseFileLineCol(s.substr(3));
}

bool AddBacktraceLine(std::string_view text, uint64_t input_line, FrameList* frames) {
  if (auto f = ParseBacktraceFrame(text)) {
    Frame fr;
    fr.index = f->first;
    fr.function = std::string(f->second);
    fr.input_line = input_line;
    fr.origin = ClassifyRustFrame("", fr.function);
    frames->Add(std::move(fr));
    return true;
  }
  if (auto loc = ParseBacktraceAt(text)) {
    // The first `at` line names the frame's place; later ones (older std
    // layouts list inlined callers) are left out.
    if (Frame* last = frames->last(); last && last->file.empty()) {
      last->file = loc->file;
      last->line = loc->line;
      last->column = loc->column;
      last->origin = ClassifyRustFrame(last->file, last->function);
    }
    return true;
  }
  return false;
}

}  // namespace rust

using namespace rust;

namespace {
bool IsNoteLine(std::string_view t) {
  t = TrimLeft(t);
  return t.starts_with("note: run with `RUST_BACKTRACE=") ||
         t.starts_with("note: Run with `RUST_BACKTRACE=") ||
         t.starts_with("note: in Miri, you may have to set");
}
bool IsOmittedNote(std::string_view t) {
  return TrimLeft(t).starts_with("note: Some details are omitted");
}
}  // namespace

bool RustPanicRecognizer::Detects(const Line& line) const {
  std::string_view t = line.text;
  size_t i = LeadingSpaces(t);
  if (t.size() < i + 16 || (t.compare(i, 8, "thread '") != 0 && t.compare(i, 12, "panicked at ") != 0)) {
    return false;
  }
  return ParsePanicHeader(t).has_value();
}

namespace {
// What the runtime prints when a panic aborts the process.
bool IsAbortTrailer(std::string_view t) {
  std::string_view s = Trim(t);
  return s == "thread caused non-unwinding panic. aborting." ||
         s == "thread panicked while processing panic. aborting." ||
         s.starts_with("fatal runtime error: ") || s.starts_with("Aborted (core dumped)") ||
         s.starts_with("Segmentation fault") || s == "Aborted";
}
}  // namespace

void RustPanicRecognizer::AddMessageLine(std::string_view text) {
  // Lines indented like the header (cargo indents a build script's output
  // by two) lose that indentation.
  size_t strip = std::min(LeadingSpaces(text), header_indent_);
  text.remove_prefix(strip);
  if (ev_.message.empty() && !ev_.message_truncated && text.empty()) {
    // A message that starts with blank lines: keep them out.
    return;
  }
  AppendMessageLine(text, &ev_.message, &ev_.message_truncated);
}

Step RustPanicRecognizer::Start(const Line& line) {
  ev_ = Event();
  ev_.kind = std::string(kRustPanic);
  in_backtrace_ = false;
  harness_note_ = false;
  header_indent_ = LeadingSpaces(line.text);
  auto h = ParsePanicHeader(line.text);
  ev_.thread = std::string(h->thread);
  if (h->location) ev_.location = *h->location;
  if (h->stack_overflow) {
    ev_.message = std::string(h->message);
    state_ = State::kBacktrace;  // only trailers may follow
    return Step::kConsumed;
  }
  if (h->old_style) {
    AddMessageLine(h->message);
    if (h->message_closed && !h->location) {
      ev_.partial = true;
      ev_.partial_reason = "the panic location is missing";
    }
    // A closed old-style message is complete: only notes and a backtrace follow.
    state_ = h->message_closed ? State::kBacktrace : State::kOldMessage;
    return Step::kConsumed;
  }
  state_ = State::kFirstMessageLine;
  return Step::kConsumed;
}

Step RustPanicRecognizer::Next(const Line& line, const SplitContext& ctx) {
  std::string_view t = line.text;
  switch (state_) {
    case State::kOldMessage: {
      // Until "...', FILE:L:C" closes the quote.
      std::string_view r = TrimRight(t);
      size_t close = r.rfind("', ");
      if (close != std::string_view::npos) {
        if (auto loc = ParseFileLineCol(r.substr(close + 3))) {
          AddMessageLine(r.substr(0, close));
          ev_.location = std::move(loc);
          state_ = State::kBacktrace;
          return Step::kConsumed;
        }
      }
      if (ctx.StartsOther(line) || IsNoteLine(t) || python::LooksLikeNewRecord(t)) {
        ev_.partial = true;
        ev_.partial_reason = "the end of the panic message and its location are missing";
        return Step::kEnd;
      }
      AddMessageLine(t);
      if (ev_.message_truncated) {
        ev_.partial = true;
        ev_.partial_reason = "the panic message is too long";
        return Step::kEnd;
      }
      return Step::kConsumed;
    }
    case State::kFirstMessageLine:
      // The line after the header is the message, even when empty.
      AddMessageLine(t);
      state_ = State::kMessage;
      return Step::kConsumed;
    case State::kMessage:
    case State::kBacktrace: {
      std::string_view s = TrimLeft(t);
      if (IsNoteLine(t)) {
        // The note comes after the message: only a backtrace and trailers
        // may follow.
        if (!in_backtrace_) state_ = State::kBacktrace;
        return Step::kConsumed;
      }
      if (IsAbortTrailer(t)) return Step::kConsumed;
      if (s.starts_with("note: panic did not contain expected string")) {
        // The test harness's #[should_panic(expected = ...)] report: it
        // belongs to the event, not to the panic's message.
        harness_note_ = true;
        return Step::kConsumed;
      }
      if (harness_note_ && LeadingSpaces(t) > 0 &&
          (s.starts_with("panic message:") || s.starts_with("expected substring:"))) {
        return Step::kConsumed;
      }
      if (s.starts_with("--- PyO3 is resuming a panic")) return Step::kEnd;
      if (s == "stack backtrace:" || s == "Stack backtrace:") {
        in_backtrace_ = true;
        state_ = State::kBacktrace;
        return Step::kConsumed;
      }
      if (in_backtrace_) {
        if (AddBacktraceLine(t, line.number, &ev_.frames)) return Step::kConsumed;
        if (IsOmittedNote(t)) return Step::kDone;
        if (s.starts_with("[... omitted ")) return Step::kConsumed;
        if (LeadingSpaces(t) >= 6 && !s.empty() && !ctx.StartsOther(line)) {
          return Step::kConsumed;  // an inlined frame's unnumbered symbol line
        }
        return Step::kEnd;
      }
      if (state_ == State::kBacktrace) return Step::kEnd;  // old style: message complete
      if (Trim(t).empty() || ctx.StartsOther(line) || Detects(line) || python::LooksLikeNewRecord(t)) {
        return Step::kEnd;
      }
      AddMessageLine(t);
      return ev_.message_truncated ? Step::kEnd : Step::kConsumed;
    }
  }
  return Step::kEnd;
}

Event RustPanicRecognizer::Take() {
  if (state_ == State::kOldMessage && !ev_.partial) {
    ev_.partial = true;
    ev_.partial_reason = "the end of the panic message and its location are missing";
  }
  ev_.frames.Finish();
  Event out = std::move(ev_);
  ev_ = Event();
  return out;
}

}  // namespace tbx
