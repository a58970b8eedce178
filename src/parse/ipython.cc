#include "parse/ipython.h"

#include <cctype>

#include "parse/origin.h"
#include "parse/python.h"
#include "util/strings.h"

namespace tbx {
namespace ipython {
namespace {

constexpr std::string_view::size_type npos = std::string_view::npos;


// `parse(text='http')` -> `parse`.
std::string_view FunctionName(std::string_view s) {
  s = Trim(s);
  size_t paren = s.find('(');
  return paren == npos ? s : s.substr(0, paren);
}

// `C:\...` or `C:/...`.
bool HasDrive(std::string_view p) {
  return p.size() >= 3 && IsAsciiAlpha(p[0]) && p[1] == ':' &&
         (p[2] == '\\' || p[2] == '/');
}

bool IsPythonPath(std::string_view file) {
  for (std::string_view ext : {".py", ".pyc", ".pyx", ".pyw", ".ipy"}) {
    if (file.ends_with(ext)) return true;
  }
  return false;
}

// After `LINE`: nothing, `, in func(args)` (Context) or ` in func` (Plain).
// Returns how many characters to skip to the function, 0 for none.
std::optional<size_t> FunctionSkip(std::string_view tail) {
  if (tail.empty()) return size_t{0};
  if (tail.starts_with(", in ")) return size_t{5};
  if (tail.starts_with(" in ")) return size_t{4};
  return std::nullopt;
}

bool IsSyntaxErrorType(std::string_view type) {
  size_t dot = type.rfind('.');
  std::string_view last = dot == npos ? type : type.substr(dot + 1);
  return last.ends_with("SyntaxError") || last == "IndentationError" || last == "TabError";
}

}  // namespace

std::optional<std::string_view> ParseHeader(std::string_view text) {
  std::string_view s = Trim(text);
  constexpr std::string_view kTail = "Traceback (most recent call last)";
  if (!s.ends_with(kTail)) return std::nullopt;
  std::string_view type = TrimRight(s.substr(0, s.size() - kTail.size()));
  if (type.empty() || type.size() + 2 > s.size() - kTail.size()) return std::nullopt;  // needs the padding
  auto x = python::ParseExceptionLine(type);
  if (!x || x->has_message) return std::nullopt;
  return type;
}

std::optional<FrameLine> ParseFrame(std::string_view text) {
  std::string_view s = Trim(text);
  FrameLine out;
  Frame& f = out.frame;
  if (s.starts_with("Cell In[")) {
    // Cell In[3], line 1[, in f(x)] (Context) or [ in f] (Plain)
    size_t close = s.find("], line ");
    if (close == npos) return std::nullopt;
    f.file = CapField(s.substr(0, close + 1));
    std::string_view rest = s.substr(close + 8);
    size_t d = 0;
    while (d < rest.size() && IsAsciiDigit(rest[d])) ++d;
    auto n = ParseUint(rest.substr(0, d));
    auto skip = FunctionSkip(rest.substr(d));
    if (!n || !skip) return std::nullopt;
    f.line = *n;
    out.has_function = *skip > 0;
    f.function = out.has_function ? CapField(FunctionName(rest.substr(d + *skip))) : "<module>";
    f.origin = Origin::kUser;
    return out;
  }
  if (s.starts_with("File ") && s.size() > 5 && s[5] != '"') {
    // File /path/x.py:6[, in parse(text)] (Context) or [ in parse] (Plain):
    // the first `:LINE` that the end or the function follows.
    std::string_view rest = s.substr(5);
    for (size_t colon = rest.find(':'); colon != npos; colon = rest.find(':', colon + 1)) {
      size_t d = colon + 1;
      while (d < rest.size() && IsAsciiDigit(rest[d])) ++d;
      auto skip = d > colon + 1 ? FunctionSkip(rest.substr(d)) : std::nullopt;
      if (!skip) continue;
      auto n = ParseUint(rest.substr(colon + 1, d - colon - 1));
      if (!n || colon == 0) return std::nullopt;
      f.file = CapField(rest.substr(0, colon));
      f.line = *n;
      out.has_function = *skip > 0;
      f.function = out.has_function ? CapField(FunctionName(rest.substr(d + *skip))) : "<module>";
      f.origin = ClassifyPythonFile(f.file);
      return out;
    }
    return std::nullopt;
  }
  // IPython 7: `<ipython-input-2-94c2> in <module>()` or `/path/x.py in f(a, b)`
  // (the path may hold blanks on Windows).
  for (size_t in = s.find(" in "); in != npos; in = s.find(" in ", in + 1)) {
    std::string_view file = s.substr(0, in);
    bool cell = file.starts_with("<ipython-input-") && file.ends_with(">");
    if (!cell && !IsPythonPath(file)) continue;
    bool blanks = file.find_first_of(" \t") != npos;
    if (blanks && (cell || !HasDrive(file))) return std::nullopt;
    std::string_view function = FunctionName(s.substr(in + 4));
    if (function.empty()) return std::nullopt;
    f.file = CapField(file);
    f.function = CapField(function);
    f.origin = cell ? Origin::kUser : ClassifyPythonFile(file);
    out.has_function = true;
    return out;
  }
  return std::nullopt;
}

std::optional<std::pair<int64_t, std::string_view>> ParseArrow(std::string_view text) {
  std::string_view s = TrimLeft(text);
  if (!s.starts_with("--")) return std::nullopt;
  size_t gt = s.find('>');
  if (gt == npos || s.substr(0, gt).find_first_not_of('-') != npos) return std::nullopt;
  std::string_view rest = TrimLeft(s.substr(gt + 1));
  size_t digits = 0;
  while (digits < rest.size() && IsAsciiDigit(rest[digits])) ++digits;
  auto n = ParseUint(rest.substr(0, digits));
  if (!n) return std::nullopt;
  return std::make_pair(*n, Trim(rest.substr(digits)));
}

bool IsPlainFrame(std::string_view text) {
  if (!text.starts_with("  ") || text.size() < 10 || text[2] == ' ' || text[2] == '\t') return false;
  std::string_view s = text.substr(2);
  if (!s.starts_with("Cell In[") && !(s.starts_with("File ") && s[5] != '"')) return false;
  auto f = ParseFrame(s);
  if (!f) return false;
  const std::string& file = f->frame.file;
  return s.starts_with("Cell In[") || IsPythonPath(file) || (file.starts_with("<") && file.ends_with(">"));
}

bool IsCollapsedFrames(std::string_view text) {
  std::string_view s = Trim(text);
  size_t d = 0;
  while (d < s.size() && IsAsciiDigit(s[d])) ++d;
  return d > 0 && (s.substr(d) == " frames" || s.substr(d) == " frame");
}

}  // namespace ipython

using namespace ipython;

bool IPythonRecognizer::Detects(const Line& line) const {
  std::string_view t = line.text;
  if (t.size() >= 40 && t.find("Traceback (most recent call last)") != std::string_view::npos) {
    return ParseHeader(t).has_value() && !python::FindHeader(t);
  }
  return t.starts_with("  ") && IsPlainFrame(t);
}

void IPythonRecognizer::Begin(std::string_view type, Chain chain) {
  header_type_ = std::string(type);
  chain_ = chain;
  frames_ = FrameList();
  plain_last_.reset();
  block_open_ = true;
  state_ = State::kFrames;
}

void IPythonRecognizer::BeginPlain(Chain chain) {
  Begin("", chain);
  state_ = State::kPlain;
}

void IPythonRecognizer::FlushPlainFrame() {
  if (plain_last_) frames_.Add(std::move(*plain_last_));
  plain_last_.reset();
}

void IPythonRecognizer::AddPlainFrame(const FrameLine& f, uint64_t input_line) {
  FlushPlainFrame();
  plain_last_ = f.frame;
  plain_last_->input_line = input_line;
  plain_last_has_function_ = f.has_function;
}

void IPythonRecognizer::AddException(std::string_view type, std::string_view message, uint64_t input_line) {
  Exception e;
  e.type = std::string(type);
  e.message_truncated = AppendBounded(message, kMaxMessageBytes, &e.message);
  e.chain = chain_;
  if (plain_last_ && !plain_last_has_function_ && IsSyntaxErrorType(type)) {
    // IPython prints a SyntaxError's place like a frame without a function.
    e.location = std::move(plain_last_);
    e.location->function.clear();  // nothing was running there
    plain_last_.reset();
  }
  FlushPlainFrame();
  frames_.Finish();
  e.frames = std::move(frames_);
  frames_ = FrameList();
  e.input_line = input_line;
  PushException(std::move(e));
  block_open_ = false;
  state_ = State::kMessage;
}

void IPythonRecognizer::PushException(Exception e) {
  // A longer chain keeps its first and last exceptions (the last one
  // propagated) and counts the others.
  if (ev_.exceptions.size() >= kMaxExceptions) {
    ev_.exceptions.erase(ev_.exceptions.begin() + kMaxExceptions / 2);
    ++ev_.elided_exceptions;
  }
  ev_.exceptions.push_back(std::move(e));
}

Step IPythonRecognizer::Start(const Line& line) {
  ev_ = Event();
  ev_.kind = std::string(kPythonTraceback);
  started_plain_ = false;
  std::string_view t = line.text;
  if (auto type = ParseHeader(t)) {
    indent_ = LeadingSpaces(t);
    Begin(*type, Chain::kNone);
    return Step::kConsumed;
  }
  indent_ = 0;
  started_plain_ = true;
  BeginPlain(Chain::kNone);
  AddPlainFrame(*ParseFrame(t), line.number);
  return Step::kConsumed;
}

Step IPythonRecognizer::Next(const Line& line, const SplitContext& ctx) {
  std::string_view t = line.text;
  if (indent_ > 0 && !Trim(t).empty()) {
    // A traceback indented as a whole: a line with less indentation is
    // no part of it.
    if (t.size() < indent_ || t.substr(0, indent_).find_first_not_of(' ') != std::string_view::npos) {
      return Step::kEnd;
    }
    t.remove_prefix(indent_);
  }
  return NextLine(line, t, ctx);
}

Step IPythonRecognizer::NextLine(const Line& line, std::string_view t, const SplitContext& ctx) {
  std::string_view s = Trim(t);
  switch (state_) {
    case State::kFrames: {
      if (auto f = ParseFrame(t); f && LeadingSpaces(t) <= 4) {
        f->frame.input_line = line.number;
        frames_.Add(std::move(f->frame));
        return Step::kConsumed;
      }
      if (auto a = ParseArrow(t)) {
        if (Frame* last = frames_.last()) {
          if (last->line == 0) last->line = a->first;
          if (last->code.empty()) last->code = CapField(a->second);
        }
        return Step::kConsumed;
      }
      if (s.empty() || LeadingSpaces(t) > 0 || s.starts_with("(...)") || IsCollapsedFrames(t)) {
        return Step::kConsumed;
      }
      if (auto x = python::ParseExceptionLine(t)) {
        AddException(x->type, x->message, line.number);
        return Step::kConsumed;
      }
      return Step::kEnd;
    }
    case State::kPlain: {
      if (IsPlainFrame(t)) {
        AddPlainFrame(*ParseFrame(t), line.number);
        return Step::kConsumed;
      }
      if (s.empty()) return Step::kConsumed;  // blank lines between frames
      if (LeadingSpaces(t) > 2) {
        // A frame's source line, or a caret line under it.
        if (plain_last_ && plain_last_->code.empty() && !python::IsMarkerLine(t)) {
          plain_last_->code = CapField(s);
        }
        return Step::kConsumed;
      }
      if (LeadingSpaces(t) == 0) {
        if (auto x = python::ParseExceptionLine(t)) {
          AddException(x->type, x->message, line.number);
          return Step::kConsumed;
        }
      }
      return Step::kEnd;
    }
    case State::kMessage: {
      if (s.empty()) {
        state_ = State::kAfterBlank;
        return Step::kConsumed;
      }
      if (auto c = python::ParseChainSentence(t)) {
        chain_ = *c;
        state_ = State::kSeparator;
        return Step::kConsumed;
      }
      if (ctx.StartsOther(line) || Detects(line) || python::LooksLikeNewRecord(t) || s.starts_with("In [") ||
          IsPlainFrame(t)) {
        return Step::kEnd;
      }
      Exception& e = ev_.exceptions.back();
      AppendMessageLine(t, &e.message, &e.message_truncated);
      return e.message_truncated ? Step::kEnd : Step::kConsumed;
    }
    case State::kAfterBlank: {
      if (auto c = python::ParseChainSentence(t)) {
        chain_ = *c;
        state_ = State::kSeparator;
        return Step::kConsumed;
      }
      return Step::kEnd;
    }
    case State::kSeparator: {
      if (s.empty()) return Step::kConsumed;
      if (auto type = ParseHeader(t)) {
        Begin(*type, chain_);
        return Step::kConsumed;
      }
      if (auto pre = python::FindHeader(t); pre && *pre == 0) {
        // Plain mode: CPython's header, then Plain frames.
        BeginPlain(chain_);
        return Step::kConsumed;
      }
      if (IsPlainFrame(t)) {
        BeginPlain(chain_);
        AddPlainFrame(*ParseFrame(t), line.number);
        return Step::kConsumed;
      }
      if (auto x = python::ParseExceptionLine(t); x && LeadingSpaces(t) == 0) {
        // Minimal mode within a chain: the exception line alone.
        Begin("", chain_);
        AddException(x->type, x->message, line.number);
        return Step::kConsumed;
      }
      if (!ev_.partial) {
        ev_.partial = true;
        ev_.partial_reason = "the exception after a chaining sentence is missing";
      }
      return Step::kEnd;
    }
  }
  return Step::kEnd;
}

Event IPythonRecognizer::Take() {
  if (block_open_) {
    // Cut before the exception line: the header named the type, if any.
    FlushPlainFrame();
    Exception e;
    e.type = header_type_;
    e.chain = chain_;
    frames_.Finish();
    e.frames = std::move(frames_);
    frames_ = FrameList();
    PushException(std::move(e));
    if (!ev_.partial) {
      ev_.partial = true;
      ev_.partial_reason = "the exception line is missing";
    }
    block_open_ = false;
  }
  if (started_plain_ && !ev_.partial && !ev_.exceptions.empty() && !ev_.exceptions.front().frames.empty()) {
    // Plain frames without the `Traceback (most recent call last):` they
    // follow (a SyntaxError's place alone has none).
    ev_.partial = true;
    ev_.partial_reason = "the traceback header is missing";
  }
  plain_last_.reset();
  Event out = std::move(ev_);
  ev_ = Event();
  return out;
}

}  // namespace tbx
