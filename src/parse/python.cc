#include "parse/python.h"

#include <cctype>
#include <algorithm>
#include <cstring>

#include "parse/origin.h"
#include "util/strings.h"

namespace tbx {
namespace python {
namespace {

constexpr std::string_view kHeader = "Traceback (most recent call last):";

bool IsIdentStart(char c) { return IsAsciiAlpha(c) || c == '_'; }
bool IsIdentChar(char c) { return IsAsciiAlnum(c) || c == '_'; }

}  // namespace

std::optional<FrameLine> ParseFrameLine(std::string_view text) {
  FrameLine f;
  f.indent = LeadingSpaces(text);
  std::string_view s = text.substr(f.indent);
  if (s.starts_with("line ") && f.indent >= 1 && f.indent <= 2 &&
      s.find(", in ") != std::string_view::npos) {
    // A frame line that lost its `File "..."` part in the paste.
    s.remove_prefix(5);
  } else if (s.starts_with("File ") && s.size() > 5 && s[5] != '"') {
    // IPython's Plain mode: `File /path/x.py:6 in parse`, no quotes.
    s.remove_prefix(5);
    size_t in = s.find(" in ");
    std::string_view where = in == std::string_view::npos ? TrimRight(s) : s.substr(0, in);
    size_t colon = where.rfind(':');
    if (colon == std::string_view::npos) return std::nullopt;
    auto n = ParseUint(where.substr(colon + 1));
    if (!n || colon == 0) return std::nullopt;
    f.file = where.substr(0, colon);
    f.line = *n;
    if (in != std::string_view::npos) {
      f.function = TrimRight(s.substr(in + 4));
      f.has_function = true;
    } else {
      f.function = "<module>";  // IPython leaves the module level unnamed
      f.has_function = true;
    }
    return f;
  } else {
    if (!s.starts_with("File \"")) return std::nullopt;
    s.remove_prefix(6);
    size_t q = s.find("\", line ");
    if (q == std::string_view::npos) return std::nullopt;
    f.file = s.substr(0, q);
    s.remove_prefix(q + 8);
  }
  size_t digits = 0;
  while (digits < s.size() && IsAsciiDigit(s[digits])) ++digits;
  auto n = ParseUint(s.substr(0, digits));
  if (!n) return std::nullopt;
  f.line = *n;
  s.remove_prefix(digits);
  s = TrimRight(s);
  if (s.empty()) return f;
  // faulthandler writes `line N in name`, without the comma.
  size_t skip = s.starts_with(", in ") ? 5 : s.starts_with(" in ") ? 4 : 0;
  if (skip == 0) return std::nullopt;
  f.function = s.substr(skip);
  f.has_function = true;
  return f;
}

std::optional<ExceptionLine> ParseExceptionLine(std::string_view text) {
  text = TrimRight(text);
  if (text.empty() || !IsIdentStart(text[0])) return std::nullopt;
  size_t i = 0;
  bool letter = false;
  while (i < text.size()) {
    char c = text[i];
    if (IsIdentChar(c)) {
      letter |= IsAsciiAlpha(c);
      ++i;
    } else if (c == '.') {
      // A dot joins two non-empty parts.
      if (i + 1 >= text.size() || !(IsIdentStart(text[i + 1]) || text[i + 1] == '<')) {
        return std::nullopt;
      }
      ++i;
    } else if (c == '<') {
      // <locals> in a qualified name.
      if (!text.substr(i).starts_with("<locals>")) return std::nullopt;
      i += 8;
    } else {
      break;
    }
  }
  if (!letter) return std::nullopt;
  ExceptionLine x;
  x.type = text.substr(0, i);
  if (i == text.size()) return x;
  if (text[i] != ':') return std::nullopt;
  std::string_view rest = text.substr(i + 1);
  if (!rest.empty() && rest[0] != ' ') {
    // "http://..." is no exception; "RuntimeError:CUDA out of memory" is
    // one, pasted without its blank.
    std::string_view type = text.substr(0, i);
    size_t dot = type.rfind('.');
    std::string_view last = dot == std::string_view::npos ? type : type.substr(dot + 1);
    if (!(last.size() > 5 && (last.ends_with("Error") || last.ends_with("Exception")))) {
      return std::nullopt;
    }
  } else if (!rest.empty()) {
    rest.remove_prefix(1);
  }
  x.message = rest;
  x.has_message = true;
  return x;
}

bool IsBareExceptionLine(std::string_view text) {
  if (text.empty() || !IsIdentStart(text[0])) return false;
  auto x = ParseExceptionLine(text);
  if (!x) return false;
  std::string_view last = x->type;
  size_t dot = last.rfind('.');
  if (dot != std::string_view::npos) last = last.substr(dot + 1);
  if (last.empty() || !IsAsciiUpper(last[0])) return false;
  for (std::string_view exact : {"KeyboardInterrupt", "SystemExit", "StopIteration",
                                 "StopAsyncIteration", "GeneratorExit", "ExceptionGroup",
                                 "BaseExceptionGroup"}) {
    if (last == exact) return true;
  }
  for (std::string_view suffix : {"Error", "Exception", "ExceptionGroup"}) {
    if (last.size() > suffix.size() && last.ends_with(suffix)) return true;
  }
  return false;
}

bool IsMarkerLine(std::string_view text) {
  bool mark = false;
  for (char c : text) {
    if (c == '^' || c == '~') {
      mark = true;
    } else if (c != ' ' && c != '\t') {
      return false;
    }
  }
  return mark;
}

std::optional<Chain> ParseChainSentence(std::string_view text) {
  text = Trim(text);
  if (text == "The above exception was the direct cause of the following exception:") {
    return Chain::kCause;
  }
  if (text == "During handling of the above exception, another exception occurred:") {
    return Chain::kContext;
  }
  return std::nullopt;
}

std::optional<size_t> FindHeader(std::string_view text) {
  text = TrimRight(text);
  if (!text.ends_with(kHeader)) return std::nullopt;
  return text.size() - kHeader.size();
}

std::optional<int64_t> ParseRepeatLine(std::string_view text) {
  std::string_view s = Trim(text);
  constexpr std::string_view kStart = "[Previous line repeated ";
  if (!s.starts_with(kStart) || !s.ends_with("]")) return std::nullopt;
  s.remove_prefix(kStart.size());
  size_t sp = s.find(' ');
  if (sp == std::string_view::npos) return std::nullopt;
  auto n = ParseUint(s.substr(0, sp));
  if (!n) return std::nullopt;
  std::string_view rest = s.substr(sp);
  if (rest != " more times]" && rest != " more time]") return std::nullopt;
  return *n;
}

bool LooksLikeNewRecord(std::string_view text) {
  std::string_view t = Trim(text);
  // Rules that tools draw between sections: "=====", "*****", "-----",
  // pytest's "===== FAILURES =====", "_____ test_x _____".
  if (t.size() >= 10) {
    char c = t[0];
    if ((c == '=' || c == '*' || c == '-' || c == '_' || c == '#' || c == '~') &&
        t.find_first_not_of(c) >= 5 && t.back() == c) {
      return true;
    }
  }
  // cargo's progress lines: "   Compiling foo v0.1.0 (...)".
  for (std::string_view verb : {"Compiling ", "Finished ", "Running ", "Checking ", "Downloaded ",
                                "Downloading ", "Updating ", "Fresh ", "Building ", "Doc-tests ",
                                "Installing ", "Installed ", "Blocking ", "Locking ", "Adding "}) {
    if (t.starts_with(verb) && text.size() > t.size()) return true;
  }
  std::string_view s = text;
  if (s.starts_with("[")) s.remove_prefix(1);
  // 2024-05-01 or 2024/05/01 ...
  if (s.size() >= 10 && IsAsciiDigit(s[0]) &&
      IsAsciiDigit(s[3]) && (s[4] == '-' || s[4] == '/') &&
      IsAsciiDigit(s[5]) && (s[7] == '-' || s[7] == '/')) {
    return true;
  }
  // Apache and Django's runserver: [14/Mar/2024 09:12:44] "GET / HTTP/1.1" 500
  if (s.size() >= 11 && IsAsciiDigit(s[0]) &&
      IsAsciiDigit(s[1]) && s[2] == '/' &&
      IsAsciiAlpha(s[3]) && s[6] == '/' &&
      IsAsciiDigit(s[7])) {
    return true;
  }
  // 12:00:00 ...
  if (s.size() >= 8 && IsAsciiDigit(s[0]) && s[2] == ':' &&
      s[5] == ':') {
    return true;
  }
  // A Rust `main` that returned an error, git/cargo-style "fatal:", and
  // GitHub Actions' runner messages (`##[error]Process completed ...`).
  if (s.starts_with("Error: ") || s.starts_with("fatal: ") || s.starts_with("##[")) return true;
  for (std::string_view level : {"DEBUG", "INFO", "WARNING", "WARN", "ERROR", "CRITICAL", "FATAL"}) {
    if (s.starts_with(level) && s.size() > level.size() &&
        (s[level.size()] == ':' || s[level.size()] == ' ' || s[level.size()] == ']')) {
      return true;
    }
  }
  // Shell prompts: "$ cmd", "user@host:~/dir$ cmd", ">>> ", "PS C:\> ".
  if (s.starts_with("$ ") || s.starts_with("# ") || s.starts_with(">>> ") ||
      s.starts_with("PS ") || s.starts_with("(venv)") || s.starts_with("(.venv)")) {
    return true;
  }
  size_t at = s.find('@');
  size_t dollar = s.find("$ ");
  if (at != std::string_view::npos && dollar != std::string_view::npos && at < dollar &&
      s.substr(0, at).find(' ') == std::string_view::npos) {
    return true;
  }
  return false;
}

bool IsPreamble(std::string_view text) {
  std::string_view s = TrimRight(text);
  if (s.starts_with("Exception in thread ") && s.ends_with(":")) return true;
  if (s.starts_with("Exception ignored ")) return true;
  return s == "Task exception was never retrieved" || s == "Error in atexit._run_exitfuncs:" ||
         s.starts_with("Unhandled exception in thread started by");
}

std::optional<std::string_view> ParseFatalError(std::string_view text) {
  constexpr std::string_view kFatal = "Fatal Python error: ";
  std::string_view s = TrimRight(text);
  if (!s.starts_with(kFatal) || s.size() == kFatal.size()) return std::nullopt;
  return s.substr(kFatal.size());
}

std::optional<GroupLine> ParseGroupLine(std::string_view text) {
  size_t indent = 0;
  while (indent < text.size() && text[indent] == ' ') ++indent;
  if (indent == 0 || indent % 2 != 0 || indent >= text.size()) return std::nullopt;
  std::string_view s = text.substr(indent);
  GroupLine g;
  int base = static_cast<int>(indent / 2);
  if (s[0] == '|') {
    if (s.size() > 1 && s[1] != ' ') return std::nullopt;
    g.depth = base;
    g.content = s.size() > 2 ? s.substr(2) : std::string_view();
    return g;
  }
  if (s[0] != '+') return std::nullopt;
  if (s.size() > 1 && s[1] == ' ') {
    g.depth = base;
    g.content = s.substr(2);
    return g;
  }
  // Separators and the closing rule are made of '+' and '-' around a title.
  bool first = s.starts_with("+-+");
  std::string_view rule = first ? s.substr(2) : s;
  if (rule.find_first_not_of('-', 1) == std::string_view::npos && rule.size() >= 20) {
    g.kind = GroupLine::kClose;
    g.depth = base;
    return g;
  }
  if (!rule.starts_with("+----------------")) return std::nullopt;
  std::string_view title = Trim(rule.substr(1));
  if (!title.ends_with("-")) return std::nullopt;
  g.kind = GroupLine::kSeparator;
  g.depth = first ? base + 1 : base;
  return g;
}

}  // namespace python

using namespace python;

bool PythonRecognizer::Detects(const Line& line) const {
  std::string_view t = line.text;
  if (t.empty()) return false;
  if (FindHeader(t)) return true;
  size_t indent = LeadingSpaces(t);
  if (indent > 0) {
    std::string_view rest = t.substr(indent);
    if (rest.starts_with("File \"")) return ParseFrameLine(t).has_value();
    // except* prints a group with no traceback: `  | ExceptionGroup: ...`.
    if (rest.starts_with("| ")) {
      auto g = ParseGroupLine(t);
      if (!g || g->depth != 1 || !IsBareExceptionLine(g->content)) return false;
      auto x = ParseExceptionLine(g->content);
      return x && x->type.ends_with("ExceptionGroup");
    }
    return false;
  }
  char c = t[0];
  if (c == 'E' || c == 'T' || c == 'U') {
    if (IsPreamble(t)) return true;
  }
  if (c == 'F' && ParseFatalError(t)) return true;
  if (IsBareExceptionLine(t)) return true;
  // multiprocessing: `multiprocessing.pool.RemoteTraceback: ` then """.
  auto x = ParseExceptionLine(t);
  return x && x->type.ends_with("RemoteTraceback");
}

std::string_view PythonRecognizer::StripPrefix(std::string_view text) const {
  if (prefix_.empty()) return text;
  if (text.starts_with(prefix_)) return text.substr(prefix_.size());
  std::string_view bare = TrimRight(prefix_);
  if (TrimRight(text) == bare) return {};
  return text;
}

void PythonRecognizer::BeginBlock(Chain chain) {
  chain_ = chain;
  frames_ = FrameList();
  syntax_location_.reset();
  block_open_ = true;
  bare_ = false;
}

void PythonRecognizer::AddFrame(const FrameLine& f, uint64_t input_line) {
  frame_indent_ = f.indent;
  if (!f.has_function) {
    // A SyntaxError's location: kept apart from the frames.
    syntax_location_.emplace();
    syntax_location_->file = std::string(f.file);
    syntax_location_->line = f.line;
    syntax_location_->origin = ClassifyPythonFile(f.file);
    syntax_location_->input_line = input_line;
    return;
  }
  Frame fr;
  fr.file = std::string(f.file);
  fr.line = f.line;
  fr.function = std::string(f.function);
  fr.origin = ClassifyPythonFile(f.file);
  fr.input_line = input_line;
  frames_.Add(std::move(fr));
  frame_indent_ = f.indent;
}

void PythonRecognizer::AddException(const ExceptionLine& x, uint64_t input_line) {
  Exception e;
  e.type = std::string(x.type);
  e.depth = group_ && depth_ > 0 ? depth_ - 1 : 0;
  AppendBounded(x.message, kMaxMessageBytes, &e.message);
  e.message_truncated = x.message.size() > kMaxMessageBytes;
  e.chain = chain_;
  frames_.Finish();
  e.frames = std::move(frames_);
  frames_ = FrameList();
  e.location = std::move(syntax_location_);
  syntax_location_.reset();
  e.input_line = input_line;
  PushException(std::move(e));
  block_open_ = false;
}

void PythonRecognizer::PushException(Exception e) {
  // A chain of 10^5 exceptions keeps its first and last ones, and counts the
  // rest; the one that propagated (the last) is always kept.
  if (ev_.exceptions.size() >= kMaxExceptions) {
    ev_.exceptions.erase(ev_.exceptions.begin() + kMaxExceptions / 2);
    ++ev_.elided_exceptions;
    if (remote_ > kMaxExceptions / 2) --remote_;
  }
  ev_.exceptions.push_back(std::move(e));
}

void PythonRecognizer::MarkPartial(std::string_view reason) {
  if (!ev_.partial) {
    ev_.partial = true;
    ev_.partial_reason = std::string(reason);
  }
}

Step PythonRecognizer::Start(const Line& line) {
  ev_ = Event();
  ev_.kind = std::string(kPythonTraceback);
  prefix_.clear();
  blanks_ = 0;
  frame_indent_ = 2;
  group_ = false;
  depth_ = 0;
  chain_ = Chain::kNone;
  frames_ = FrameList();
  block_open_ = false;
  bare_ = false;
  wrapped_.clear();
  std::string_view t = line.text;
  if (auto pre = FindHeader(t)) {
    std::string_view before = t.substr(0, *pre);
    if (auto g = ParseGroupLine(t); g && g->kind == GroupLine::kContent &&
                                    Trim(before).ends_with("+ Exception Group")) {
      // "  + Exception Group Traceback ...": the outermost group's box.
      group_ = true;
      depth_ = g->depth;
    } else {
      prefix_ = std::string(before);
    }
    BeginBlock(Chain::kNone);
    state_ = State::kFrames;
    return Step::kConsumed;
  }
  if (auto g = ParseGroupLine(t); g && g->kind == GroupLine::kContent) {
    // except*: a group printed without its traceback.
    group_ = true;
    depth_ = g->depth;
    BeginBlock(Chain::kNone);
    AddException(*ParseExceptionLine(g->content), line.number);
    state_ = State::kMessage;
    return Step::kConsumed;
  }
  if (auto f = ParseFrameLine(t)) {
    BeginBlock(Chain::kNone);
    if (f->has_function) MarkPartial("the traceback header is missing");
    AddFrame(*f, line.number);
    state_ = f->has_function ? State::kFrames : State::kSyntax;
    return Step::kConsumed;
  }
  if (IsPreamble(t)) {
    std::string_view s = TrimRight(t);
    if (s.starts_with("Exception in thread ")) {
      ev_.thread = std::string(s.substr(20, s.size() - 21));
    }
    state_ = State::kPreamble;
    return Step::kConsumed;
  }
  if (auto fatal = ParseFatalError(t)) {
    BeginBlock(Chain::kNone);
    Exception e;
    e.type = "Fatal Python error";
    e.message = std::string(*fatal);
    e.input_line = line.number;
    PushException(std::move(e));
    state_ = State::kFault;
    return Step::kConsumed;
  }
  auto x = ParseExceptionLine(t);
  BeginBlock(Chain::kNone);
  AddException(*x, line.number);
  if (x->type.ends_with("RemoteTraceback")) {
    remote_ = ev_.exceptions.size() - 1;
    ev_.exceptions.back().message.clear();
    state_ = State::kRemote;
    blanks_ = 0;
    return Step::kConsumed;
  }
  bare_ = true;
  state_ = State::kMessage;
  return Step::kConsumed;
}

bool PythonRecognizer::StartsBlock(std::string_view t, const Line& line) {
  if (FindHeader(t)) {
    BeginBlock(chain_);
    state_ = State::kFrames;
    return true;
  }
  if (auto f = ParseFrameLine(t)) {
    BeginBlock(chain_);
    MarkPartial("a traceback header is missing");
    AddFrame(*f, line.number);
    state_ = f->has_function ? State::kFrames : State::kSyntax;
    return true;
  }
  if (auto x = ParseExceptionLine(t)) {
    BeginBlock(chain_);
    AddException(*x, line.number);
    state_ = State::kMessage;
    return true;
  }
  return false;
}

Step PythonRecognizer::Next(const Line& line, const SplitContext& ctx) {
  std::string_view t = StripPrefix(line.text);
  if (group_) {
    auto g = ParseGroupLine(t);
    if (g && g->kind == GroupLine::kSeparator) {
      // A new sub-exception; whatever was open before it is complete.
      if (block_open_) {
        MarkPartial("the exception line is missing");
        Exception e;
        e.depth = depth_ > 0 ? depth_ - 1 : 0;
        frames_.Finish();
        e.frames = std::move(frames_);
        frames_ = FrameList();
        PushException(std::move(e));
        block_open_ = false;
      }
      depth_ = g->depth;
      chain_ = Chain::kNone;
      state_ = State::kBlockStart;
      return Step::kConsumed;
    }
    if (g && g->kind == GroupLine::kClose) {
      depth_ = g->depth - 1;
      state_ = State::kAfterBlank;
      blanks_ = 0;
      return Step::kConsumed;
    }
    if (g) {
      depth_ = g->depth;
      return NextContent(g->content, line, ctx);
    }
    // Outside the margins: fine after a closed box (a chain may follow),
    // a cut paste anywhere else.
    if (depth_ > 0 && state_ != State::kAfterBlank && state_ != State::kSeparator) {
      MarkPartial("an exception group's box is cut short");
      return Step::kEnd;
    }
    depth_ = 0;
  }
  return NextContent(t, line, ctx);
}

Step PythonRecognizer::NextContent(std::string_view t, const Line& line, const SplitContext& ctx) {
  switch (state_) {
    case State::kPreamble: {
      if (FindHeader(t)) {
        BeginBlock(Chain::kNone);
        state_ = State::kFrames;
        return Step::kConsumed;
      }
      // asyncio's `future: <Task finished ...>` and the repr after
      // "Exception ignored in:" on its own line.
      if (t.starts_with("future: ") || t.starts_with("source_traceback: ") ||
          t.starts_with("handle: ") || t.starts_with("transport: ") || t.starts_with("protocol: ")) {
        return Step::kConsumed;
      }
      if (auto x = ParseExceptionLine(t); x && !Trim(t).empty()) {
        // An unraisable exception printed without a traceback.
        BeginBlock(Chain::kNone);
        AddException(*x, line.number);
        state_ = State::kMessage;
        return Step::kConsumed;
      }
      MarkPartial("the traceback after the report's first line is missing");
      return Step::kEnd;
    }
    case State::kFault: {
      std::string_view s = Trim(t);
      if (s.empty() || s.starts_with("Current thread ") || s.starts_with("Thread 0x") ||
          s.starts_with("Stack (most recent call first)") || s.starts_with("<no Python frame>") ||
          s.starts_with("Extension modules:") || s.starts_with("Python runtime state:") ||
          s.starts_with("Garbage-collecting")) {
        return Step::kConsumed;
      }
      if (auto f = ParseFrameLine(t); f && f->has_function) {
        // Most recent call first: reversed in Take() to the usual order.
        AddFrame(*f, line.number);
        return Step::kConsumed;
      }
      return Step::kEnd;
    }
    case State::kRemote: {
      // The remote traceback is the RemoteTraceback's message, between """.
      std::string_view s = Trim(t);
      Exception& r = ev_.exceptions[remote_];
      if (s == "\"\"\"") {
        if (++blanks_ == 2) {
          state_ = State::kAfterBlank;
          blanks_ = 0;
        }
        return Step::kConsumed;
      }
      if (blanks_ == 0) {
        // No opening quotes: an ordinary exception line after all.
        state_ = State::kMessage;
        return NextContent(t, line, ctx);
      }
      if (auto f = ParseFrameLine(t); f && f->has_function) {
        Frame fr;
        fr.file = std::string(f->file);
        fr.line = f->line;
        fr.function = std::string(f->function);
        fr.origin = ClassifyPythonFile(f->file);
        fr.input_line = line.number;
        r.frames.Add(std::move(fr));
      }
      AppendMessageLine(t, &r.message, &r.message_truncated);
      return Step::kConsumed;
    }
    case State::kBlockStart: {
      std::string_view s = Trim(t);
      if (s.starts_with("and ") && (s.ends_with(" more exceptions") || s.ends_with(" more exception"))) {
        return Step::kConsumed;
      }
      if (s.starts_with("... (max_group_depth is ")) return Step::kConsumed;
      if (StartsBlock(t, line)) return Step::kConsumed;
      MarkPartial("a sub-exception of an exception group is missing");
      return Step::kEnd;
    }
    case State::kRecentFirst: {
      if (auto f = ParseFrameLine(t); f && f->has_function) {
        AddFrame(*f, line.number);
        return Step::kConsumed;
      }
      Frame* last = frames_.last();
      if (last && LeadingSpaces(t) > frame_indent_ && !Trim(t).empty()) {
        if (!IsMarkerLine(t) && last->code.empty()) last->code = std::string(Trim(t));
        return Step::kConsumed;
      }
      return Step::kEnd;
    }
    case State::kFrames:
    case State::kSyntax: {
      if (!wrapped_.empty()) {
        // A frame line that was wrapped by hand: join it with this line.
        std::string joined = wrapped_ + std::string(Trim(t));
        wrapped_.clear();
        if (auto f = ParseFrameLine(joined)) {
          AddFrame(*f, line.number);
          // The views point into `joined`: copy what AddFrame kept.
          state_ = f->has_function ? State::kFrames : State::kSyntax;
          return Step::kConsumed;
        }
      }
      if (auto f = ParseFrameLine(t)) {
        AddFrame(*f, line.number);
        state_ = f->has_function ? State::kFrames : State::kSyntax;
        return Step::kConsumed;
      }
      if (std::string_view s = TrimLeft(t); s.starts_with("File \"") && s.find("\", line ") == std::string_view::npos &&
                                             LeadingSpaces(t) <= frame_indent_ && s.size() < 2048) {
        wrapped_ = std::string(t);  // the rest of the frame line follows
        return Step::kConsumed;
      }
      if (auto n = ParseRepeatLine(t)) {
        if (Frame* last = frames_.last()) last->repeated = *n;
        return Step::kConsumed;
      }
      if (Trim(t).empty()) {
        MarkPartial("the exception line is missing");
        return Step::kEnd;
      }
      size_t indent = LeadingSpaces(t);
      Frame* last = state_ == State::kSyntax && syntax_location_ ? &*syntax_location_ : frames_.last();
      if (last && indent > frame_indent_) {
        // Source lines (3.13 prints several) and marker lines; a SyntaxError
        // shows one source line.
        if (!IsMarkerLine(t) && (state_ == State::kFrames || last->code.empty())) {
          std::string_view code = Trim(t);
          if (last->code.size() < 4096) {
            if (!last->code.empty()) last->code += '\n';
            last->code += code;
          }
        }
        return Step::kConsumed;
      }
      if (ctx.StartsOther(line) || FindHeader(t)) {
        MarkPartial("the exception line is missing");
        return Step::kEnd;
      }
      if (auto x = ParseExceptionLine(t)) {
        AddException(*x, line.number);
        state_ = State::kMessage;
        return Step::kConsumed;
      }
      if (last && last->code.empty() && indent <= frame_indent_ && !IsMarkerLine(t)) {
        // A paste that lost its indentation: the source line right after a frame.
        last->code = std::string(Trim(t));
        return Step::kConsumed;
      }
      if (IsMarkerLine(t)) return Step::kConsumed;
      MarkPartial("the exception line is missing");
      return Step::kEnd;
    }
    case State::kMessage: {
      if (Trim(t).empty()) {
        state_ = State::kAfterBlank;
        blanks_ = 1;
        return Step::kConsumed;
      }
      if (bare_ && ev_.exceptions.size() == 1 && ev_.exceptions.back().frames.empty()) {
        if (auto f = ParseFrameLine(t); f && f->has_function) {
          // Sentry and some log viewers print the exception first, then its
          // frames, most recent call first.
          BeginBlock(Chain::kNone);
          block_open_ = false;
          AddFrame(*f, line.number);
          state_ = State::kRecentFirst;
          return Step::kConsumed;
        }
      }
      if (bare_ || ctx.StartsOther(line) || FindHeader(t) || ParseFrameLine(t) ||
          LooksLikeNewRecord(t) || IsPreamble(t) || ParseFatalError(t) || IsBareExceptionLine(t)) {
        return Step::kEnd;
      }
      if (auto x = ParseExceptionLine(t); x && x->type.ends_with("RemoteTraceback")) return Step::kEnd;
      Exception& e = ev_.exceptions.back();
      if (e.message_truncated) return Step::kEnd;
      if (e.message.empty()) {
        // "ImportError: " then the message on the next lines: keep the
        // empty first line.
        e.message = "\n";
        e.message_truncated = AppendBounded(t, kMaxMessageBytes, &e.message);
      } else {
        AppendMessageLine(t, &e.message, &e.message_truncated);
      }
      return e.message_truncated ? Step::kEnd : Step::kConsumed;
    }
    case State::kAfterBlank: {
      if (auto c = ParseChainSentence(t)) {
        chain_ = *c;
        state_ = State::kSeparator;
        return Step::kConsumed;
      }
      if (Trim(t).empty() && ++blanks_ <= 2) return Step::kConsumed;
      return Step::kEnd;
    }
    case State::kSeparator: {
      if (Trim(t).empty()) return Step::kConsumed;
      if (auto g = ParseGroupLine(t); !group_ && g && g->kind == GroupLine::kContent &&
                                       FindHeader(t)) {
        // A group inside a chain: "  + Exception Group Traceback ...".
        group_ = true;
        depth_ = g->depth;
        BeginBlock(chain_);
        state_ = State::kFrames;
        return Step::kConsumed;
      }
      if (StartsBlock(t, line)) return Step::kConsumed;
      MarkPartial("the exception after a chaining sentence is missing");
      return Step::kEnd;
    }
  }
  return Step::kEnd;
}

Event PythonRecognizer::Take() {
  if (state_ == State::kFault) {
    // faulthandler lists the most recent call first.
    frames_.Finish();
    auto& fs = frames_.mutable_frames();
    std::reverse(fs.begin(), fs.end());
    ev_.exceptions.back().frames = std::move(frames_);
    frames_ = FrameList();
    block_open_ = false;
  }
  if (state_ == State::kRecentFirst) {
    frames_.Finish();
    auto& fs = frames_.mutable_frames();
    std::reverse(fs.begin(), fs.end());
    ev_.exceptions.back().frames = std::move(frames_);
    frames_ = FrameList();
  }
  if (state_ == State::kPreamble) MarkPartial("the traceback after the report's first line is missing");
  if (block_open_ && (!frames_.empty() || syntax_location_ || state_ == State::kFrames)) {
    // Cut before its exception line: keep the frames under an unnamed exception.
    MarkPartial("the exception line is missing");
    Exception e;
    e.chain = chain_;
    e.location = std::move(syntax_location_);
    syntax_location_.reset();
    frames_.Finish();
    e.frames = std::move(frames_);
    PushException(std::move(e));
    block_open_ = false;
  } else if (state_ == State::kSeparator) {
    MarkPartial("the exception after a chaining sentence is missing");
  }
  frames_ = FrameList();
  Event out = std::move(ev_);
  ev_ = Event();
  return out;
}

}  // namespace tbx
