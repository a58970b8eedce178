#include "parse/pytest.h"

#include <algorithm>
#include <cctype>

#include "parse/origin.h"
#include "parse/python.h"
#include "util/strings.h"

namespace tbx {
namespace pytest {

std::optional<std::string_view> ParseHeader(std::string_view text) {
  std::string_view s = TrimRight(text);
  if (s.size() < 9 || !s.starts_with("___") || !s.ends_with("___")) return std::nullopt;
  size_t start = s.find_first_not_of('_');
  size_t end = s.find_last_not_of('_');
  if (start == std::string_view::npos || start < 3 || s[start] != ' ' || s[end] != ' ') return std::nullopt;
  std::string_view title = Trim(s.substr(start, end - start + 1));
  if (title.empty() || title.starts_with("_ ")) return std::nullopt;
  return title;
}

std::optional<Location> ParseLocation(std::string_view text) {
  if (text.empty() || text[0] == ' ' || text[0] == '\t') return std::nullopt;
  // The line number is the first ":DIGITS:" after something path-like.
  for (size_t colon = text.find(':'); colon != std::string_view::npos; colon = text.find(':', colon + 1)) {
    size_t d = colon + 1;
    while (d < text.size() && std::isdigit(static_cast<unsigned char>(text[d]))) ++d;
    if (d == colon + 1 || d >= text.size() || text[d] != ':') continue;
    if (d + 1 < text.size() && text[d + 1] != ' ') continue;
    Location loc;
    loc.file = text.substr(0, colon);
    auto n = ParseUint(text.substr(colon + 1, d - colon - 1));
    // Paths have no blanks, except CPython's `<frozen importlib._bootstrap>`.
    bool frozen = loc.file.starts_with("<") && loc.file.ends_with(">");
    if (!n || loc.file.empty() || (!frozen && loc.file.find(' ') != std::string_view::npos)) {
      return std::nullopt;
    }
    loc.line = *n;
    loc.rest = d + 2 <= text.size() ? TrimRight(text.substr(std::min(d + 2, text.size()))) : std::string_view();
    return loc;
  }
  return std::nullopt;
}

std::optional<std::string_view> ParseELine(std::string_view text) {
  if (text.size() < 2 || text[0] != 'E' || (text[1] != ' ' && text[1] != '\t')) return std::nullopt;
  return text.substr(1);
}

}  // namespace pytest

using namespace pytest;

namespace {

bool EndsSection(std::string_view t) {
  std::string_view s = TrimRight(t);
  return (s.size() >= 10 && (s.starts_with("=====") || s.starts_with("!!!!!"))) ||
         s.starts_with("FAILED ") || s.starts_with("ERROR ") || s.starts_with("PASSED ");
}

bool IsConftestLine(std::string_view t) {
  return t.starts_with("ImportError while loading conftest '") && TrimRight(t).ends_with("'.");
}

// --tb=line: `path.py:LINE: assert ...` or `path.py:LINE: ExcType: msg`.
bool IsLineStyle(std::string_view t) {
  auto loc = ParseLocation(t);
  if (!loc || !loc->file.ends_with(".py") || loc->rest.empty()) return false;
  if (loc->rest.starts_with("assert ")) return true;
  if (loc->rest.starts_with("in ")) return false;  // --tb=short frame
  auto x = python::ParseExceptionLine(loc->rest);
  if (!x || x->type.ends_with("Warning")) return false;
  std::string_view last = x->type.substr(x->type.rfind('.') == std::string_view::npos ? 0 : x->type.rfind('.') + 1);
  return !last.empty() && std::isupper(static_cast<unsigned char>(last[0])) && x->has_message;
}

}  // namespace

bool PytestRecognizer::Detects(const Line& line) const {
  std::string_view t = line.text;
  if (t.empty()) return false;
  if (t[0] == '_') return ParseHeader(t).has_value();
  if (t[0] == 'I') return IsConftestLine(t);
  if (t[0] == ' ' || t.find(".py:") == std::string_view::npos) return false;
  return IsLineStyle(t);
}

Step PytestRecognizer::Start(const Line& line) {
  ev_ = Event();
  ev_.kind = std::string(kPythonTraceback);
  chain_ = Chain::kNone;
  frames_ = FrameList();
  pending_function_.clear();
  pending_code_.clear();
  location_type_.clear();
  e_lines_.clear();
  have_content_ = false;
  std::string_view t = line.text;
  if (auto title = ParseHeader(t)) {
    std::string_view test = *title;
    for (std::string_view prefix : {"ERROR collecting ", "ERROR at setup of ", "ERROR at teardown of "}) {
      if (test.starts_with(prefix)) test.remove_prefix(prefix.size());
    }
    ev_.test = std::string(test);
    return Step::kConsumed;
  }
  if (IsConftestLine(t)) return Step::kConsumed;
  // --tb=line: the whole failure on one line.
  auto loc = ParseLocation(t);
  Frame f;
  f.file = std::string(loc->file);
  f.line = loc->line;
  f.origin = ClassifyPythonFile(f.file);
  f.input_line = line.number;
  frames_.Add(std::move(f));
  e_lines_.emplace_back(loc->rest);
  FinishException();
  return Step::kDone;
}

void PytestRecognizer::FinishException() {
  Exception e;
  e.chain = chain_;
  // The E lines, without their common indentation.
  size_t common = std::string::npos;
  for (const auto& l : e_lines_) {
    if (!Trim(l).empty()) common = std::min(common, LeadingSpaces(l));
  }
  std::vector<std::string_view> lines;
  for (const auto& l : e_lines_) {
    std::string_view v = l;
    lines.push_back(common == std::string::npos ? v : v.substr(std::min(common, v.size())));
  }
  // The exception is the first unindented `Type: message` line; a bare
  // `assert ...` is an AssertionError.
  size_t at = lines.size();
  for (size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].empty() || lines[i][0] == ' ') continue;
    auto x = python::ParseExceptionLine(lines[i]);
    if (x && (python::IsBareExceptionLine(lines[i]) || x->type.find('.') != std::string_view::npos ||
              (!location_type_.empty() && x->type.ends_with(location_type_)))) {
      e.type = std::string(x->type);
      e.message = std::string(x->message);
      at = i;
      break;
    }
  }
  if (at == lines.size()) {
    e.type = location_type_.empty() && !lines.empty() && lines[0].starts_with("assert") ? "AssertionError"
                                                                                       : location_type_;
    at = 0;
    if (!lines.empty()) e.message = std::string(lines[0]);
  }
  // A SyntaxError shown in E lines keeps its `File "x", line N` location.
  for (size_t i = 0; i < at && i < lines.size(); ++i) {
    if (auto f = python::ParseFrameLine(lines[i]); f && !f->has_function) {
      Frame loc;
      loc.file = std::string(f->file);
      loc.line = f->line;
      loc.origin = ClassifyPythonFile(loc.file);
      if (i + 1 < at) loc.code = std::string(Trim(lines[i + 1]));
      e.location = std::move(loc);
    }
  }
  for (size_t i = at + 1; i < lines.size(); ++i) {
    if (e.message.size() + lines[i].size() > kMaxMessageBytes) {
      e.message_truncated = true;
      break;
    }
    e.message += "\n";
    e.message += lines[i];
  }
  if (e.type.empty()) {
    ev_.partial = true;
    ev_.partial_reason = "the exception is missing";
  }
  frames_.Finish();
  e.frames = std::move(frames_);
  frames_ = FrameList();
  if (ev_.exceptions.size() < kMaxExceptions) ev_.exceptions.push_back(std::move(e));
  e_lines_.clear();
  location_type_.clear();
  pending_function_.clear();
  pending_code_.clear();
  chain_ = Chain::kNone;
}

Step PytestRecognizer::Next(const Line& line, const SplitContext& ctx) {
  std::string_view t = line.text;
  if (EndsSection(t) || ParseHeader(t) || IsConftestLine(t)) return Step::kEnd;
  if (auto e = ParseELine(t)) {
    if (e_lines_.size() < kMaxMessageLines) e_lines_.emplace_back(*e);
    have_content_ = true;
    return Step::kConsumed;
  }
  if (auto c = python::ParseChainSentence(t)) {
    FinishException();
    chain_ = *c;
    return Step::kConsumed;
  }
  if (auto loc = ParseLocation(t)) {
    Frame f;
    f.file = std::string(loc->file);
    f.line = loc->line;
    f.origin = ClassifyPythonFile(f.file);
    f.input_line = line.number;
    if (loc->rest.starts_with("in ")) {
      // --tb=short: `path:LINE: in func`; the source line follows.
      f.function = std::string(loc->rest.substr(3));
      frames_.Add(std::move(f));
      pending_code_.clear();
      have_content_ = true;
      return Step::kConsumed;
    }
    // --tb=long: `path:LINE: [ExcType]` closes a source section.
    f.function = pending_function_;
    f.code = pending_code_;
    frames_.Add(std::move(f));
    pending_function_.clear();
    pending_code_.clear();
    if (!loc->rest.empty()) location_type_ = std::string(loc->rest);
    have_content_ = true;
    return Step::kConsumed;
  }
  std::string_view s = Trim(t);
  if (t.starts_with(">")) {
    pending_code_ = std::string(Trim(t.substr(1)));
    return Step::kConsumed;
  }
  if (s.starts_with("def ") || s.starts_with("async def ")) {
    std::string_view name = s.substr(s.find("def ") + 4);
    pending_function_ = std::string(name.substr(0, name.find('(')));
    return Step::kConsumed;
  }
  if (LeadingSpaces(t) > 0 || s.empty() || s.starts_with("_ _ _") || s == "???") {
    // Source lines, locals (`x = 'b'`), separators.
    if (Frame* last = frames_.last(); last && last->code.empty() && !s.empty() && s != "???" &&
                                      LeadingSpaces(t) >= 4 && pending_function_.empty()) {
      last->code = std::string(s);  // --tb=short: the frame's source line
    }
    return Step::kConsumed;
  }
  if (ctx.StartsOther(line)) return Step::kEnd;
  // Locals at column 0 (`x = 'b'`) and other text inside a block.
  if (s.find(" = ") != std::string_view::npos) return Step::kConsumed;
  return Step::kEnd;
}

Event PytestRecognizer::Take() {
  if (!have_content_ && ev_.exceptions.empty()) {
    // A test's header with nothing of ours after it (--tb=native prints a
    // CPython traceback next, --tb=no nothing): no event; the splitter
    // passes the lines on as ordinary lines.
    ev_ = Event();
    return Event();
  }
  if (!e_lines_.empty() || !frames_.empty() || ev_.exceptions.empty()) FinishException();
  Event out = std::move(ev_);
  ev_ = Event();
  return out;
}

}  // namespace tbx
