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

namespace {

// `panicked at FILE:L:C:` after `prefix`: the thread-less headers.
std::optional<PanicHeader> ParseThreadlessHeader(std::string_view s, std::string_view prefix) {
  if (!s.starts_with(prefix)) return std::nullopt;
  std::string_view rest = TrimRight(s.substr(prefix.size()));
  if (!rest.ends_with(":")) return std::nullopt;
  auto loc = ParseFileLineCol(rest.substr(0, rest.size() - 1));
  if (!loc) return std::nullopt;
  PanicHeader h;
  h.location = std::move(loc);
  return h;
}

// `NAME'` or `NAME' (TID)` before " panicked at " or " has overflowed ...":
// the thread's name, or nullopt.
std::optional<std::string_view> ThreadName(std::string_view name_part) {
  if (name_part.ends_with(")")) {
    size_t open = name_part.rfind("' (");
    if (open == std::string_view::npos) return std::nullopt;
    if (!ParseUint(name_part.substr(open + 3, name_part.size() - open - 4))) return std::nullopt;
    return name_part.substr(0, open);
  }
  if (!name_part.ends_with("'")) return std::nullopt;
  return name_part.substr(0, name_part.size() - 1);
}

}  // namespace

std::optional<PanicHeader> ParsePanicHeader(std::string_view text) {
  std::string_view s = TrimLeft(text);
  // A panic inside the panic hook prints no thread; neither does a panic
  // after panic::always_abort().
  if (auto h = ParseThreadlessHeader(s, "panicked at ")) return h;
  if (auto h = ParseThreadlessHeader(s, "aborting due to panic at ")) return h;
  if (!s.starts_with("thread '")) return std::nullopt;
  s.remove_prefix(8);
  size_t at = s.find(" panicked at ");
  // `thread 'main' (11311) has overflowed its stack`: a signal handler's
  // report, no location, and the process aborts.
  if (size_t over = s.find(" has overflowed its stack");
      over != std::string_view::npos && at == std::string_view::npos) {
    if (!Trim(s.substr(over + 25)).empty()) return std::nullopt;
    auto name = ThreadName(s.substr(0, over));
    if (!name) return std::nullopt;
    PanicHeader h;
    h.thread = *name;
    h.message = "stack overflow";
    h.stack_overflow = true;
    return h;
  }
  if (at == std::string_view::npos) return std::nullopt;
  auto name = ThreadName(s.substr(0, at));
  if (!name) return std::nullopt;
  PanicHeader h;
  h.thread = *name;
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
  while (digits < s.size() && IsAsciiDigit(s[digits])) ++digits;
  // `12: sym`; a blank follows the colon (`12:00:00 worker` is a time).
  if (digits == 0 || digits + 1 >= s.size() || s[digits] != ':' || s[digits + 1] != ' ') return std::nullopt;
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

std::optional<std::string_view> ParseBacktraceContinuation(std::string_view text) {
  if (LeadingSpaces(text) < 6) return std::nullopt;
  std::string_view s = Trim(text);
  if (s.empty() || s.starts_with("at ") || s.starts_with("[")) return std::nullopt;
  // A symbol: a path (`std::panicking::...`), a qualified path (`<T as
  // Trait>::f`), a C name (`_start`, `PyObject_Vectorcall`) or `{{closure}}`.
  unsigned char c = static_cast<unsigned char>(s[0]);
  if (!(IsAsciiAlpha(c) || c == '_' || c == '<' || c == '{' || c == '&')) return std::nullopt;
  return s;
}

bool IsOmittedFramesLine(std::string_view text) {
  std::string_view s = Trim(text);
  return s.starts_with("[... omitted ") && s.ends_with("...]");
}

bool IsBacktraceNote(std::string_view text) {
  std::string_view t = TrimLeft(text);
  return t.starts_with("note: run with `RUST_BACKTRACE=") ||
         t.starts_with("note: Run with `RUST_BACKTRACE=") ||
         t.starts_with("note: in Miri, you may have to set");
}

bool IsAbortTrailer(std::string_view text) {
  std::string_view s = Trim(text);
  return s == "thread caused non-unwinding panic. aborting." ||
         s == "thread panicked while processing panic. aborting." ||
         s == "thread panicked while panicking. aborting." ||
         s == "panicked after panic::always_abort(), aborting." ||
         s.starts_with("fatal runtime error: ") || s.starts_with("Aborted (core dumped)") ||
         s.starts_with("Segmentation fault") || s.starts_with("Illegal instruction") ||
         s.starts_with("Abort trap: 6") || s == "Aborted";
}

bool IsTestHarnessLine(std::string_view text) {
  std::string_view s = TrimRight(text);
  if (s.starts_with("---- ") && s.ends_with(" ----")) return true;  // `---- NAME stdout ----`
  if (s == "failures:" || s == "successes:" || s.starts_with("test result: ")) return true;
  if (s.starts_with("running ") && (s.ends_with(" tests") || s.ends_with(" test"))) return true;
  // `test tests::it_works ... ok`, `test x ... FAILED`, `test x - should panic ... ok`
  if (s.starts_with("test ")) {
    size_t dots = s.rfind(" ... ");
    if (dots == std::string_view::npos) return false;
    std::string_view verdict = s.substr(dots + 5);
    return verdict == "ok" || verdict == "FAILED" || verdict == "ignored" ||
           verdict.starts_with("ignored, ") || verdict == "bench";
  }
  return false;
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
  Frame* last = frames->last();
  if (auto loc = ParseBacktraceAt(text)) {
    if (!last) return true;  // an `at` line with no frame above it (a cut paste)
    if (!last->file.empty()) {
      // Old std layouts: another `at` under the same symbol. The earlier
      // ones are inlined callees, innermost first; the symbol is the
      // function of the last.
      Frame fr;
      fr.index = last->index;
      fr.function = std::move(last->function);
      last->function.clear();
      last->origin = ClassifyRustFrame(last->file, "");
      fr.input_line = input_line;
      frames->Add(std::move(fr));
      last = frames->last();
    }
    last->file = loc->file;
    last->line = loc->line;
    last->column = loc->column;
    last->origin = ClassifyRustFrame(last->file, last->function);
    return true;
  }
  if (IsOmittedFramesLine(text)) return true;
  if (last) {
    if (auto sym = ParseBacktraceContinuation(text)) {
      // An inlined frame's symbol without a number of its own.
      Frame fr;
      fr.index = last->index;
      fr.function = std::string(*sym);
      fr.input_line = input_line;
      fr.origin = ClassifyRustFrame("", fr.function);
      frames->Add(std::move(fr));
      return true;
    }
  }
  return false;
}

}  // namespace rust

using namespace rust;

namespace {
bool IsOmittedNote(std::string_view t) {
  return TrimLeft(t).starts_with("note: Some details are omitted");
}
bool IsBacktraceHeader(std::string_view t) {
  std::string_view s = Trim(t);
  return s == "stack backtrace:" || s == "Stack backtrace:";
}
bool IsPyO3Resume(std::string_view t) {
  std::string_view s = TrimLeft(t);
  return s.starts_with("--- PyO3 is resuming a panic") || s.starts_with("Python stack trace below:");
}
}  // namespace

bool RustPanicRecognizer::Detects(const Line& line) const {
  std::string_view t = line.text;
  size_t i = LeadingSpaces(t);
  if (t.size() < i + 16 || (t.compare(i, 8, "thread '") != 0 && t.compare(i, 12, "panicked at ") != 0 &&
                            t.compare(i, 25, "aborting due to panic at ") != 0)) {
    return false;
  }
  return ParsePanicHeader(t).has_value();
}

void RustPanicRecognizer::AddMessageLine(std::string_view text) {
  // Lines indented like the header (cargo indents a build script's output
  // by two) lose that indentation.
  size_t strip = std::min(LeadingSpaces(text), header_indent_);
  text.remove_prefix(strip);
  if (ev_.message.empty() && !ev_.message_truncated && Trim(text).empty()) {
    // A message that starts with blank lines: keep them out.
    return;
  }
  AppendMessageLine(text, &ev_.message, &ev_.message_truncated);
}

Step RustPanicRecognizer::Start(const Line& line) {
  ev_ = Event();
  ev_.kind = std::string(kRustPanic);
  harness_note_ = false;
  leading_blank_ = false;
  pending_blanks_ = 0;
  header_indent_ = LeadingSpaces(line.text);
  auto h = ParsePanicHeader(line.text);
  if (!h) {  // Start is only called after Detects; be safe anyway.
    state_ = State::kAfterMessage;
    return Step::kDone;
  }
  ev_.thread = std::string(h->thread);
  if (h->location) ev_.location = *h->location;
  if (h->stack_overflow) {
    ev_.message = std::string(h->message);
    state_ = State::kAfterMessage;  // only trailers may follow
    return Step::kConsumed;
  }
  if (h->old_style) {
    AddMessageLine(h->message);
    if (h->message_closed && !h->location) {
      ev_.partial = true;
      ev_.partial_reason = "the panic location is missing";
    }
    // A closed old-style message is complete: only notes and a backtrace follow.
    state_ = h->message_closed ? State::kAfterMessage : State::kOldMessage;
    return Step::kConsumed;
  }
  state_ = State::kFirstMessageLine;
  return Step::kConsumed;
}

std::optional<Step> RustPanicRecognizer::AfterMessage(std::string_view t) {
  std::string_view s = TrimLeft(t);
  if (IsBacktraceNote(t) || IsAbortTrailer(t)) {
    state_ = State::kAfterMessage;
    return Step::kConsumed;
  }
  if (IsBacktraceHeader(t)) {
    state_ = State::kBacktrace;
    return Step::kConsumed;
  }
  if (s.starts_with("note: panic did not contain expected string")) {
    // The test harness's #[should_panic(expected = ...)] report: it
    // belongs to the event, not to the panic's message.
    harness_note_ = true;
    state_ = State::kAfterMessage;
    return Step::kConsumed;
  }
  if (harness_note_ && LeadingSpaces(t) > 0 &&
      (s.starts_with("panic message:") || s.starts_with("expected substring:"))) {
    return Step::kConsumed;
  }
  return std::nullopt;
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
          state_ = State::kAfterMessage;
          return Step::kConsumed;
        }
      }
      if (ctx.StartsOther(line) || Detects(line) || IsBacktraceNote(t) || IsBacktraceHeader(t) ||
          IsAbortTrailer(t) || python::LooksLikeNewRecord(t)) {
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
    case State::kFirstMessageLine: {
      // The line after the header is the message, even when empty, unless
      // the message is missing altogether.
      if (auto step = AfterMessage(t)) return *step;
      if (Detects(line) || IsPyO3Resume(t)) return Step::kEnd;
      leading_blank_ = Trim(t).empty();
      AddMessageLine(t);
      state_ = State::kMessage;
      return ev_.message_truncated ? Step::kEnd : Step::kConsumed;
    }
    case State::kMessage: {
      if (auto step = AfterMessage(t)) return *step;
      bool blank = Trim(t).empty();
      if (blank && header_indent_ > 0 && leading_blank_ && pending_blanks_ < 2) {
        // A build script's message that starts with a blank line is made of
        // paragraphs (openssl-sys's "Could not find directory of OpenSSL
        // ..."); inside cargo's indented stderr section a blank line may
        // separate them. Tentatively: it counts only if the message goes on.
        ++pending_blanks_;
        return Step::kConsumed;
      }
      if (blank || IsPyO3Resume(t) || IsTestHarnessLine(t) || Detects(line) || ctx.StartsOther(line) ||
          python::LooksLikeNewRecord(t) || (header_indent_ > 0 && LeadingSpaces(t) < header_indent_)) {
        return Step::kEnd;
      }
      for (; pending_blanks_ > 0; --pending_blanks_) AddMessageLine("");
      AddMessageLine(t);
      return ev_.message_truncated ? Step::kEnd : Step::kConsumed;
    }
    case State::kAfterMessage: {
      if (auto step = AfterMessage(t)) return *step;
      return Step::kEnd;
    }
    case State::kBacktrace: {
      if (IsOmittedNote(t)) return Step::kDone;
      if (IsAbortTrailer(t)) return Step::kConsumed;
      if (ParseBacktraceContinuation(t) && ctx.StartsOther(line)) return Step::kEnd;
      if (AddBacktraceLine(t, line.number, &ev_.frames)) return Step::kConsumed;
      return Step::kEnd;
    }
  }
  return Step::kEnd;
}

Event RustPanicRecognizer::Take() {
  if (state_ == State::kOldMessage && !ev_.partial) {
    ev_.partial = true;
    ev_.partial_reason = "the end of the panic message and its location are missing";
  }
  // An old-style message may end with blank lines before its closing quote
  // (openssl-sys's "...\n\n', build.rs:211:4"); like leading ones, they go.
  while (ev_.message.ends_with('\n')) ev_.message.pop_back();
  ev_.frames.Finish();
  Event out = std::move(ev_);
  ev_ = Event();
  state_ = State::kMessage;
  return out;
}

}  // namespace tbx
