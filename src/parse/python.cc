#include "parse/python.h"

#include <cctype>
#include <cstring>

#include "parse/origin.h"
#include "util/strings.h"

namespace tbx {
namespace python {
namespace {

constexpr std::string_view kHeader = "Traceback (most recent call last):";

bool IsIdentStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool IsIdentChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

}  // namespace

std::optional<FrameLine> ParseFrameLine(std::string_view text) {
  FrameLine f;
  f.indent = LeadingSpaces(text);
  std::string_view s = text.substr(f.indent);
  if (!s.starts_with("File \"")) return std::nullopt;
  s.remove_prefix(6);
  size_t q = s.find("\", line ");
  if (q == std::string_view::npos) return std::nullopt;
  f.file = s.substr(0, q);
  s.remove_prefix(q + 8);
  size_t digits = 0;
  while (digits < s.size() && std::isdigit(static_cast<unsigned char>(s[digits]))) ++digits;
  auto n = ParseUint(s.substr(0, digits));
  if (!n) return std::nullopt;
  f.line = *n;
  s.remove_prefix(digits);
  s = TrimRight(s);
  if (s.empty()) return f;
  if (!s.starts_with(", in ")) return std::nullopt;
  f.function = s.substr(5);
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
      letter |= std::isalpha(static_cast<unsigned char>(c)) != 0;
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
  if (!rest.empty() && rest[0] != ' ') return std::nullopt;  // "http://..." is no exception
  if (!rest.empty()) rest.remove_prefix(1);
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
  if (last.empty() || !std::isupper(static_cast<unsigned char>(last[0]))) return false;
  for (std::string_view exact : {"KeyboardInterrupt", "SystemExit", "StopIteration",
                                 "StopAsyncIteration", "GeneratorExit"}) {
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
  std::string_view s = text;
  if (s.starts_with("[")) s.remove_prefix(1);
  // 2024-05-01 or 2024/05/01 ...
  if (s.size() >= 10 && std::isdigit(static_cast<unsigned char>(s[0])) &&
      std::isdigit(static_cast<unsigned char>(s[3])) && (s[4] == '-' || s[4] == '/') &&
      std::isdigit(static_cast<unsigned char>(s[5])) && (s[7] == '-' || s[7] == '/')) {
    return true;
  }
  // 12:00:00 ...
  if (s.size() >= 8 && std::isdigit(static_cast<unsigned char>(s[0])) && s[2] == ':' &&
      s[5] == ':') {
    return true;
  }
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

}  // namespace python

using namespace python;

bool PythonRecognizer::Detects(const Line& line) const {
  std::string_view t = line.text;
  if (t.empty()) return false;
  // Cheap first-byte screens before any parsing.
  if (FindHeader(t)) return true;
  size_t indent = LeadingSpaces(t);
  if (indent > 0 && t.substr(indent).starts_with("File \"")) return ParseFrameLine(t).has_value();
  return indent == 0 && IsBareExceptionLine(t);
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
  block_open_ = true;
  bare_ = false;
}

void PythonRecognizer::AddFrame(const FrameLine& f, uint64_t input_line) {
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
  AppendBounded(x.message, kMaxMessageBytes, &e.message);
  e.message_truncated = x.message.size() > kMaxMessageBytes;
  e.chain = chain_;
  frames_.Finish();
  e.frames = std::move(frames_);
  frames_ = FrameList();
  e.input_line = input_line;
  ev_.exceptions.push_back(std::move(e));
  block_open_ = false;
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
  std::string_view t = line.text;
  if (auto pre = FindHeader(t)) {
    prefix_ = std::string(t.substr(0, *pre));
    // An exception group box: the lines inside carry "| " where the header
    // carries "+ ".
    if (prefix_.ends_with("+ Exception Group ")) {
      prefix_.resize(prefix_.size() - std::strlen("+ Exception Group "));
      prefix_ += "| ";
    }
    BeginBlock(Chain::kNone);
    state_ = State::kFrames;
    return Step::kConsumed;
  }
  if (auto f = ParseFrameLine(t)) {
    BeginBlock(Chain::kNone);
    if (f->has_function) MarkPartial("the traceback header is missing");
    AddFrame(*f, line.number);
    state_ = f->has_function ? State::kFrames : State::kSyntax;
    return Step::kConsumed;
  }
  auto x = ParseExceptionLine(t);
  BeginBlock(Chain::kNone);
  AddException(*x, line.number);
  bare_ = true;
  state_ = State::kMessage;
  return Step::kConsumed;
}

Step PythonRecognizer::Next(const Line& line, const SplitContext& ctx) {
  std::string_view t = StripPrefix(line.text);
  switch (state_) {
    case State::kFrames:
    case State::kSyntax: {
      if (auto f = ParseFrameLine(t)) {
        AddFrame(*f, line.number);
        state_ = f->has_function ? State::kFrames : State::kSyntax;
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
      Frame* last = frames_.last();
      if (last && indent > frame_indent_) {
        // Source lines (3.13 prints several) and marker lines.
        if (!IsMarkerLine(t) && state_ == State::kFrames) {
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
      if (bare_ || ctx.StartsOther(line) || FindHeader(t) || ParseFrameLine(t) ||
          LooksLikeNewRecord(t)) {
        return Step::kEnd;
      }
      Exception& e = ev_.exceptions.back();
      if (e.message_truncated) return Step::kEnd;
      AppendMessageLine(t, &e.message, &e.message_truncated);
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
      Chain chain = chain_;
      if (FindHeader(t)) {
        BeginBlock(chain);
        state_ = State::kFrames;
        return Step::kConsumed;
      }
      if (auto f = ParseFrameLine(t)) {
        BeginBlock(chain);
        MarkPartial("a traceback header is missing");
        AddFrame(*f, line.number);
        state_ = f->has_function ? State::kFrames : State::kSyntax;
        return Step::kConsumed;
      }
      if (auto x = ParseExceptionLine(t)) {
        BeginBlock(chain);
        AddException(*x, line.number);
        state_ = State::kMessage;
        return Step::kConsumed;
      }
      MarkPartial("the exception after a chaining sentence is missing");
      return Step::kEnd;
    }
  }
  return Step::kEnd;
}

Event PythonRecognizer::Take() {
  if (block_open_ && (!frames_.empty() || state_ == State::kFrames)) {
    // Cut before its exception line: keep the frames under an unnamed exception.
    MarkPartial("the exception line is missing");
    Exception e;
    e.chain = chain_;
    frames_.Finish();
    e.frames = std::move(frames_);
    ev_.exceptions.push_back(std::move(e));
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
