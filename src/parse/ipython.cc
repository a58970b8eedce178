#include "parse/ipython.h"

#include <cctype>

#include "parse/origin.h"
#include "parse/python.h"
#include "util/strings.h"

namespace tbx {
namespace ipython {

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

namespace {
// `parse(text='http')` -> `parse`.
std::string_view FunctionName(std::string_view s) {
  s = Trim(s);
  size_t paren = s.find('(');
  return paren == std::string_view::npos ? s : s.substr(0, paren);
}
}  // namespace

std::optional<Frame> ParseFrame(std::string_view text) {
  std::string_view s = Trim(text);
  Frame f;
  if (s.starts_with("Cell In[")) {
    // Cell In[3], line 1[, in f(x)]
    size_t close = s.find("], line ");
    if (close == std::string_view::npos) return std::nullopt;
    f.file = std::string(s.substr(0, close + 1));
    std::string_view rest = s.substr(close + 8);
    size_t comma = rest.find(", in ");
    auto n = ParseUint(comma == std::string_view::npos ? rest : rest.substr(0, comma));
    if (!n) return std::nullopt;
    f.line = *n;
    f.function = comma == std::string_view::npos ? "<module>" : std::string(FunctionName(rest.substr(comma + 5)));
    f.origin = Origin::kUser;
    return f;
  }
  if (s.starts_with("File ") && s.size() > 5 && s[5] != '"') {
    // File /path/x.py:6[, in parse(text)]
    std::string_view rest = s.substr(5);
    size_t comma = rest.find(", in ");
    std::string_view where = comma == std::string_view::npos ? rest : rest.substr(0, comma);
    size_t colon = where.rfind(':');
    if (colon == std::string_view::npos || colon == 0) return std::nullopt;
    auto n = ParseUint(where.substr(colon + 1));
    if (!n) return std::nullopt;
    f.file = std::string(where.substr(0, colon));
    f.line = *n;
    f.function = comma == std::string_view::npos ? "<module>" : std::string(FunctionName(rest.substr(comma + 5)));
    f.origin = ClassifyPythonFile(f.file);
    return f;
  }
  // IPython 7: `<ipython-input-2-94c2> in <module>()` or `/path/x.py in f(a, b)`.
  size_t in = s.find(" in ");
  if (in == std::string_view::npos || in == 0) return std::nullopt;
  std::string_view file = s.substr(0, in);
  if (!(file.starts_with("<ipython-input-") || file.ends_with(".py") || file.ends_with(".pyc")) ||
      file.find(' ') != std::string_view::npos) {
    return std::nullopt;
  }
  f.file = std::string(file);
  f.function = std::string(FunctionName(s.substr(in + 4)));
  f.origin = file.starts_with("<ipython-input-") ? Origin::kUser : ClassifyPythonFile(file);
  return f;
}

std::optional<std::pair<int64_t, std::string_view>> ParseArrow(std::string_view text) {
  std::string_view s = TrimLeft(text);
  if (!s.starts_with("--") ) return std::nullopt;
  size_t gt = s.find('>');
  if (gt == std::string_view::npos || s.substr(0, gt).find_first_not_of('-') != std::string_view::npos) {
    return std::nullopt;
  }
  std::string_view rest = TrimLeft(s.substr(gt + 1));
  size_t digits = 0;
  while (digits < rest.size() && std::isdigit(static_cast<unsigned char>(rest[digits]))) ++digits;
  auto n = ParseUint(rest.substr(0, digits));
  if (!n) return std::nullopt;
  return std::make_pair(*n, Trim(rest.substr(digits)));
}

}  // namespace ipython

using namespace ipython;

bool IPythonRecognizer::Detects(const Line& line) const {
  std::string_view t = line.text;
  if (t.size() < 40 || t.find("Traceback (most recent call last)") == std::string_view::npos) return false;
  return ParseHeader(t).has_value() && !python::FindHeader(t);
}

void IPythonRecognizer::Begin(std::string_view type, Chain chain) {
  header_type_ = std::string(type);
  chain_ = chain;
  frames_ = FrameList();
  block_open_ = true;
  state_ = State::kFrames;
}

Step IPythonRecognizer::Start(const Line& line) {
  ev_ = Event();
  ev_.kind = std::string(kPythonTraceback);
  Begin(*ParseHeader(line.text), Chain::kNone);
  return Step::kConsumed;
}

Step IPythonRecognizer::Next(const Line& line, const SplitContext& ctx) {
  std::string_view t = line.text;
  std::string_view s = Trim(t);
  switch (state_) {
    case State::kFrames: {
      if (auto f = ParseFrame(t); f && LeadingSpaces(t) <= 4) {
        f->input_line = line.number;
        frames_.Add(std::move(*f));
        return Step::kConsumed;
      }
      if (auto a = ParseArrow(t)) {
        if (Frame* last = frames_.last()) {
          if (last->line == 0) last->line = a->first;
          if (last->code.empty()) last->code = std::string(a->second);
        }
        return Step::kConsumed;
      }
      if (s.empty() || LeadingSpaces(t) > 0 || s.starts_with("(...)")) return Step::kConsumed;
      if (auto x = python::ParseExceptionLine(t)) {
        Exception e;
        e.type = std::string(x->type);
        AppendBounded(x->message, kMaxMessageBytes, &e.message);
        e.chain = chain_;
        frames_.Finish();
        e.frames = std::move(frames_);
        frames_ = FrameList();
        e.input_line = line.number;
        if (ev_.exceptions.size() < kMaxExceptions) ev_.exceptions.push_back(std::move(e));
        block_open_ = false;
        state_ = State::kMessage;
        return Step::kConsumed;
      }
      if (ctx.StartsOther(line)) return Step::kEnd;
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
      if (ctx.StartsOther(line) || Detects(line) || python::LooksLikeNewRecord(t) ||
          s.starts_with("In [")) {
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
      ev_.partial = true;
      ev_.partial_reason = "the exception after a chaining sentence is missing";
      return Step::kEnd;
    }
  }
  return Step::kEnd;
}

Event IPythonRecognizer::Take() {
  if (block_open_) {
    // Cut before the exception line: the header named the type.
    Exception e;
    e.type = header_type_;
    e.chain = chain_;
    frames_.Finish();
    e.frames = std::move(frames_);
    frames_ = FrameList();
    ev_.exceptions.push_back(std::move(e));
    ev_.partial = true;
    ev_.partial_reason = "the exception line is missing";
    block_open_ = false;
  }
  Event out = std::move(ev_);
  ev_ = Event();
  return out;
}

}  // namespace tbx
