#include "parse/pytest.h"

#include <algorithm>
#include <cctype>

#include "parse/origin.h"
#include "util/strings.h"

namespace tbx {
namespace pytest {
namespace {

constexpr std::string_view::size_type npos = std::string_view::npos;


// `C:\...` or `C:/...`.
bool HasDrive(std::string_view p) {
  return p.size() >= 3 && IsAsciiAlpha(p[0]) && p[1] == ':' &&
         (p[2] == '\\' || p[2] == '/');
}

// A path as pytest prints one: no blanks (except in `<frozen x>`-style names
// and Windows drive paths), and no `:N` (pylint's `x.py:1:0: C0114: ...` is
// no pytest line).
bool IsPathLike(std::string_view file) {
  if (file.empty()) return false;
  if (file.front() == '<' && file.back() == '>') return true;
  for (size_t i = 0; i + 1 < file.size(); ++i) {
    if (file[i] == ':' && IsAsciiDigit(file[i + 1])) return false;
  }
  if (file.find_first_of(" \t") != npos) return HasDrive(file);
  return true;
}

}  // namespace

std::optional<std::string_view> ParseHeader(std::string_view text) {
  std::string_view s = TrimRight(text);
  if (s.size() < 5 || s.front() != '_' || s.back() != '_') return std::nullopt;
  size_t left = s.find_first_not_of('_');
  size_t last = s.find_last_not_of('_');
  if (left == npos || last <= left || s[left] != ' ' || s[last] != ' ') return std::nullopt;
  size_t right = s.size() - 1 - last;
  std::string_view title = Trim(s.substr(left, last - left + 1));
  if (title.empty() || title.starts_with("_ ") || title == "_") return std::nullopt;
  if (left >= 3 && right >= 3) return title;
  // pytest pads a title with max((width - len - 2) / 2, 1) `_` on the left
  // and as many or one more on the right: a long test id gets one or two.
  if ((right == left || right == left + 1) && s.size() >= 60) return title;
  return std::nullopt;
}

std::string_view HeaderTest(std::string_view title) {
  for (std::string_view prefix :
       {"ERROR collecting ", "ERROR at setup of ", "ERROR at teardown of ", "[doctest] "}) {
    if (title.starts_with(prefix)) return Trim(title.substr(prefix.size()));
  }
  return title;
}

std::optional<std::string_view> ParseBareCollectHeader(std::string_view text) {
  constexpr std::string_view kPrefix = "ERROR collecting ";
  if (!text.starts_with(kPrefix)) return std::nullopt;
  std::string_view path = Trim(text.substr(kPrefix.size()));
  if (path.empty() || path.find_first_of(" \t") != npos) return std::nullopt;
  return path;
}

std::optional<Location> ParseLocation(std::string_view text) {
  if (text.empty() || text[0] == ' ' || text[0] == '\t') return std::nullopt;
  // The line number is the first ":DIGITS:" after something path-like.
  for (size_t colon = text.find(':'); colon != npos; colon = text.find(':', colon + 1)) {
    size_t d = colon + 1;
    while (d < text.size() && IsAsciiDigit(text[d])) ++d;
    if (d == colon + 1 || d >= text.size() || text[d] != ':') continue;
    if (d + 1 < text.size() && text[d + 1] != ' ') continue;
    Location loc;
    loc.file = text.substr(0, colon);
    auto n = ParseUint(text.substr(colon + 1, d - colon - 1));
    if (!n || !IsPathLike(loc.file)) return std::nullopt;
    loc.line = *n;
    loc.rest = d + 2 <= text.size() ? TrimRight(text.substr(std::min(d + 2, text.size()))) : std::string_view();
    return loc;
  }
  return std::nullopt;
}

std::optional<Location> ParseBareLocation(std::string_view text) {
  std::string_view s = TrimRight(text);
  if (s.empty() || s[0] == ' ' || s[0] == '\t') return std::nullopt;
  size_t colon = s.rfind(':');
  if (colon == npos || colon == 0) return std::nullopt;
  auto n = ParseUint(s.substr(colon + 1));
  std::string_view file = s.substr(0, colon);
  if (!n || !file.ends_with(".py") || !IsPathLike(file)) return std::nullopt;
  Location loc;
  loc.file = file;
  loc.line = *n;
  return loc;
}

std::optional<Location> ParseFixtureFile(std::string_view text) {
  std::string_view s = TrimRight(text);
  if (!s.starts_with("file ")) return std::nullopt;
  size_t comma = s.rfind(", line ");
  if (comma == npos || comma <= 5) return std::nullopt;
  auto n = ParseUint(s.substr(comma + 7));
  if (!n) return std::nullopt;
  Location loc;
  loc.file = s.substr(5, comma - 5);
  loc.line = *n;
  return loc;
}

std::optional<std::string_view> ParseELine(std::string_view text) {
  if (text.size() < 2 || text[0] != 'E' || (text[1] != ' ' && text[1] != '\t')) return std::nullopt;
  return text.substr(1);
}

bool IsConftestLine(std::string_view text) {
  return text.starts_with("ImportError while loading conftest '") && TrimRight(text).ends_with("'.");
}

bool IsSessionStart(std::string_view text) {
  std::string_view s = Trim(text);
  return s.size() > 25 && s.starts_with("==") && s.ends_with("==") &&
         s.find(" test session starts ") != npos;
}

std::optional<Summary> ParseSummaryLine(std::string_view text) {
  std::string_view s = TrimRight(text);
  Summary out;
  if (s.starts_with("FAILED ")) {
    out.outcome = s.substr(0, 6);
  } else if (s.starts_with("ERROR ")) {
    out.outcome = s.substr(0, 5);
  } else {
    return std::nullopt;
  }
  std::string_view rest = s.substr(out.outcome.size() + 1);
  if (rest.empty() || rest[0] == ' ') return std::nullopt;
  // The node id ends at " - ", after its parameters (which may hold one).
  size_t sep = rest.find(" - ");
  size_t bracket = rest.find('[');
  if (bracket != npos && bracket < sep) {
    size_t close = rest.find("] - ", bracket);
    sep = close == npos ? npos : close + 1;
  }
  out.nodeid = sep == npos ? rest : rest.substr(0, sep);
  size_t colons = out.nodeid.find("::");
  std::string_view path = colons == npos ? out.nodeid : out.nodeid.substr(0, colons);
  if (path.empty() || path.find_first_of(" \t") != npos) return std::nullopt;
  if (colons == npos ? !path.ends_with(".py") : colons + 2 >= out.nodeid.size()) return std::nullopt;
  out.message = sep == npos ? std::string_view() : Trim(rest.substr(sep + 3));
  return out;
}

std::string NodeIdTest(std::string_view nodeid) {
  size_t colons = nodeid.find("::");
  if (colons == npos) return std::string(nodeid);
  std::string_view rest = nodeid.substr(colons + 2);
  size_t bracket = rest.find('[');
  std::string_view name = rest.substr(0, bracket);
  std::string out;
  for (size_t i = 0; i < name.size(); ++i) {
    if (name.substr(i).starts_with("::")) {
      out += '.';
      ++i;
    } else {
      out += name[i];
    }
  }
  if (bracket != npos) out += rest.substr(bracket);
  return out;
}

}  // namespace pytest

using namespace pytest;

namespace {

constexpr size_t kMaxKey = 1024;       // bytes of a remembered test name or message
constexpr size_t kMaxDoctestText = 4096;

// A frame at `file:line`, printed on input line `input_line`.
Frame FrameAt(std::string_view file, int line, uint64_t input_line) {
  Frame f;
  f.file = CapField(file);
  f.line = line;
  f.origin = ClassifyPythonFile(f.file);
  f.input_line = input_line;
  return f;
}

bool EndsSection(std::string_view t) {
  std::string_view s = TrimRight(t);
  return (s.size() >= 10 && (s.starts_with("=====") || s.starts_with("!!!!!"))) ||
         s.starts_with("FAILED ") || s.starts_with("ERROR ") || s.starts_with("PASSED ");
}

// pytest-xdist, under a failure's header: `[gw0] linux -- Python 3.11.2 /usr/bin/python3`.
bool IsWorkerLine(std::string_view t) {
  if (!t.starts_with("[gw")) return false;
  size_t i = 3;
  while (i < t.size() && IsAsciiDigit(t[i])) ++i;
  return i > 3 && i + 1 < t.size() && t[i] == ']' && t[i + 1] == ' ';
}

// The type of a --tb=line or summary line: a builtin's name (...Error,
// ...Exception, KeyboardInterrupt, ...), a qualified name, or pytest's own
// Failed (pytest.fail, pytest.raises).
bool LooksLikeExceptionType(std::string_view type) {
  size_t dot = type.rfind('.');
  std::string_view last = dot == std::string_view::npos ? type : type.substr(dot + 1);
  if (last.empty() || !IsAsciiUpper(last[0]) || last.ends_with("Warning")) {
    return false;
  }
  return python::IsBareExceptionLine(type) || dot != std::string_view::npos || last == "Failed";
}

// An exception as a --tb=line or summary line shows it: `assert ...` or
// `Type: message`.
bool IsExceptionText(std::string_view s) {
  if (s.starts_with("assert ")) return true;
  auto x = python::ParseExceptionLine(s);
  return x && LooksLikeExceptionType(x->type);
}

// --tb=line: `/abs/path.py:LINE: assert ...` or `...: ExcType: message`.
bool IsLineStyle(std::string_view t) {
  auto loc = ParseLocation(t);
  if (!loc || !loc->file.ends_with(".py") || loc->rest.empty() || loc->rest.starts_with("in ")) return false;
  if (loc->rest.starts_with("assert ")) return true;
  auto x = python::ParseExceptionLine(loc->rest);
  return x && x->has_message && LooksLikeExceptionType(x->type);
}

// `003     >>> add(1, "x")` or `002 `: a numbered source line of a
// --doctest-modules section; returns the source.
std::optional<std::string_view> ParseNumberedLine(std::string_view t) {
  size_t d = 0;
  while (d < t.size() && IsAsciiDigit(t[d])) ++d;
  if (d < 3 || (d < t.size() && t[d] != ' ')) return std::nullopt;
  return d < t.size() ? t.substr(d + 1) : std::string_view();
}

std::string Key(std::string_view s) {
  std::string out;
  AppendBounded(s, kMaxKey, &out);
  return out;
}

void AppendBlock(std::string_view line, std::string* out) {
  if (out->size() >= kMaxDoctestText) return;
  if (!out->empty()) *out += '\n';
  AppendBounded(line, kMaxDoctestText - out->size(), out);
}

// What the Python recognizer is told while it reads a traceback inside one
// of our events: a line that would end any of ours, or start an event of
// another recognizer than the Python one (which is the reader here), ends
// the traceback. In a doctest section, the closing `path:LINE: Type` too.
class InnerContext : public SplitContext {
 public:
  InnerContext(const SplitContext& outer, const Recognizer& owner, const Recognizer& inner, bool doctest)
      : outer_(outer), owner_(owner), inner_(inner), doctest_(doctest) {}
  bool StartsOther(const Line& line) const override {
    if (owner_.Detects(line) || EndsSection(line.text)) return true;
    if (doctest_ && ParseLocation(line.text)) return true;
    return outer_.StartsOther(line) && !inner_.Detects(line);
  }

 private:
  const SplitContext& outer_;
  const Recognizer& owner_;
  const Recognizer& inner_;
  bool doctest_;
};

}  // namespace

bool PytestRecognizer::Detects(const Line& line) const {
  std::string_view t = line.text;
  if (t.empty()) return false;
  switch (t[0]) {
    case '_':
      if (ParseHeader(t)) return true;
      break;
    case 'I':
      if (IsConftestLine(t)) return true;
      break;
    case '=':
      return IsSessionStart(t);
    case 'E':
      if (ParseBareCollectHeader(t)) return true;
      [[fallthrough]];
    case 'F':
      if (ParseSummaryLine(t)) return true;
      break;
    default:
      break;
  }
  if (t[0] == ' ' || t.find(".py:") == std::string_view::npos) return false;
  return IsLineStyle(t);
}

void PytestRecognizer::Reset() {
  ev_ = Event();
  ev_.kind = std::string(kPythonTraceback);
  mode_ = Mode::kBody;
  withdraw_ = false;
  doctest_ = false;
  chain_ = Chain::kNone;
  frames_ = FrameList();
  pending_function_.clear();
  pending_code_.clear();
  location_type_.clear();
  e_lines_.clear();
  have_content_ = false;
  fixture_ = false;
  expect_code_ = false;
  doctest_part_ = DoctestPart::kNone;
  example_.clear();
  expected_.clear();
  got_.clear();
  unexpected_.clear();
  doctest_at_.reset();
  inner_open_ = false;
  prev_blank_ = false;
  inner_event_ = Event();
}

void PytestRecognizer::Remember(std::unordered_set<std::string>* set, std::string_view key) {
  if (set->size() >= kMaxRemembered) {
    remember_full_ = true;
    return;
  }
  set->insert(Key(key));
}

void PytestRecognizer::Remember(std::set<std::string>* set, std::string_view key) {
  if (set->size() >= kMaxRemembered) {
    remember_full_ = true;
    return;
  }
  set->insert(Key(key));
}

bool PytestRecognizer::Reported(std::string_view test, std::string_view message) const {
  if (remember_full_ || tests_seen_.count(Key(test))) return true;
  // --tb=line printed no test names: compare the exception lines. pytest
  // ends a summary line it cut with "...": the line's start is enough.
  if (message.ends_with("...")) {
    std::string head = Key(message.substr(0, message.size() - 3));
    auto it = line_messages_.lower_bound(head);
    return it != line_messages_.end() && std::string_view(*it).starts_with(head);
  }
  return line_messages_.count(Key(message)) > 0;
}

Step PytestRecognizer::Start(const Line& line) {
  Reset();
  std::string_view t = line.text;
  if (IsSessionStart(t)) {
    // A new session: its summary lines are about its own tests. The line
    // itself is no event.
    tests_seen_.clear();
    line_messages_.clear();
    remember_full_ = false;
    withdraw_ = true;
    mode_ = Mode::kDone;
    return Step::kDone;
  }
  std::optional<std::string_view> title = ParseHeader(t);
  if (title || ParseBareCollectHeader(t)) {
    ev_.test = CapField(title ? HeaderTest(*title) : *ParseBareCollectHeader(t));
    Remember(&tests_seen_, ev_.test);
    doctest_ = title && title->starts_with("[doctest] ");
    mode_ = doctest_ ? Mode::kDoctest : Mode::kHeader;
    return Step::kConsumed;
  }
  if (IsConftestLine(t)) return Step::kConsumed;
  mode_ = Mode::kDone;
  if (auto sum = ParseSummaryLine(t)) {
    // A failure whose traceback was not shown (--tb=no, a paste of the
    // summary alone): the exception pytest sums it up with.
    std::string test = NodeIdTest(sum->nodeid);
    if (sum->message.empty() || !IsExceptionText(sum->message) || Reported(test, sum->message)) {
      withdraw_ = true;
      return Step::kDone;
    }
    Remember(&tests_seen_, test);
    have_content_ = true;
    ev_.test = CapField(sum->nodeid);
    AddELine(sum->message);
    FinishException();
    if (sum->message.ends_with("...")) {
      ev_.partial = true;
      ev_.partial_reason = "pytest cut the summary line short";
    }
    return Step::kDone;
  }
  // --tb=line: the whole failure on one line.
  auto loc = ParseLocation(t);
  frames_.Add(FrameAt(loc->file, loc->line, line.number));
  AddELine(loc->rest);
  Remember(&line_messages_, loc->rest);
  have_content_ = true;
  FinishException();
  return Step::kDone;
}

void PytestRecognizer::AddELine(std::string_view text) {
  if (e_lines_.size() >= kMaxMessageLines) return;
  e_lines_.emplace_back();
  AppendBounded(text, kMaxMessageBytes, &e_lines_.back());
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
    std::string_view v = TrimRight(l);
    lines.push_back(common == std::string::npos ? v : v.substr(std::min(common, v.size())));
  }
  // The exception is the first line at the left edge: `Type: message`, or
  // `assert ...` (assertion rewriting), an AssertionError. Above it, and
  // indented, only a SyntaxError's `File "x", line N` block.
  size_t at = 0;
  while (at < lines.size() && (lines[at].empty() || lines[at][0] == ' ' || lines[at][0] == '\t')) ++at;
  std::string_view fallback_type = fixture_ ? std::string_view("FixtureLookupError") : location_type_;
  if (at < lines.size()) {
    std::string_view head = lines[at];
    auto x = python::ParseExceptionLine(head);
    if (head == "assert" || head.starts_with("assert ")) {
      e.type = "AssertionError";
      AppendBounded(head, kMaxMessageBytes, &e.message);
    } else if (x) {
      e.type = std::string(x->type);
      AppendBounded(x->message, kMaxMessageBytes, &e.message);
    } else {
      e.type = std::string(fallback_type);
      AppendBounded(head, kMaxMessageBytes, &e.message);
    }
    e.message_truncated = head.size() > kMaxMessageBytes;
  } else {
    e.type = std::string(fallback_type);
  }
  // A SyntaxError shown in E lines keeps its `File "x", line N` location.
  for (size_t i = 0; i < at && i < lines.size(); ++i) {
    if (auto f = python::ParseFrameLine(lines[i]); f && !f->has_function) {
      Frame loc;
      loc.file = CapField(f->file);
      loc.line = f->line;
      loc.origin = ClassifyPythonFile(loc.file);
      if (i + 1 < at) loc.code = CapField(Trim(lines[i + 1]));
      e.location = std::move(loc);
    }
  }
  for (size_t i = at + 1; i < lines.size(); ++i) {
    if (e.message.empty()) {
      // `Type:` with its message on the next lines: keep the empty first line.
      e.message = "\n";
      e.message_truncated = AppendBounded(lines[i], kMaxMessageBytes - 1, &e.message);
    } else {
      AppendMessageLine(lines[i], &e.message, &e.message_truncated);
    }
    if (e.message_truncated) break;
  }
  if (e.type.empty() && !ev_.partial) {
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
  expect_code_ = false;
  fixture_ = false;
  chain_ = Chain::kNone;
}

Step PytestRecognizer::Next(const Line& line, const SplitContext& ctx) {
  if (mode_ == Mode::kDone) return Step::kEnd;
  if (inner_open_) return NextInner(line, ctx);
  std::string_view t = line.text;
  if (EndsSection(t) || ParseHeader(t) || IsConftestLine(t) || IsSessionStart(t)) return Step::kEnd;
  switch (mode_) {
    case Mode::kHeader:
      if (Trim(t).empty() || IsWorkerLine(t)) return Step::kConsumed;
      // --tb=native, and pytest's own CPython-style exception groups.
      if (python_.Detects(line)) return StartInner(line);
      mode_ = Mode::kBody;
      return NextBody(line, ctx);
    case Mode::kDoctest:
      return NextDoctest(line, ctx);
    default:
      return NextBody(line, ctx);
  }
}

Step PytestRecognizer::NextBody(const Line& line, const SplitContext& ctx) {
  std::string_view t = line.text;
  std::string_view s = Trim(t);
  if (auto e = ParseELine(t)) {
    AddELine(*e);
    have_content_ = true;
    expect_code_ = false;
    return Step::kConsumed;
  }
  if (auto c = python::ParseChainSentence(t)) {
    FinishException();
    chain_ = *c;
    return Step::kConsumed;
  }
  if (fixture_ && t.starts_with(">")) {
    // `>       available fixtures: ...`: the lookup error's message goes on.
    AddELine(t.substr(1));
    return Step::kConsumed;
  }
  if (auto f = ParseFixtureFile(t)) {
    // A fixture lookup error: `file PATH, line N`, the source, E lines.
    frames_.Add(FrameAt(f->file, f->line, line.number));
    fixture_ = true;
    have_content_ = true;
    return Step::kConsumed;
  }
  if (auto loc = ParseLocation(t)) {
    Frame f = FrameAt(loc->file, loc->line, line.number);
    have_content_ = true;
    if (loc->rest.starts_with("in ")) {
      // --tb=short (and --tb=auto's middle entries): `path:LINE: in func`;
      // the source line follows.
      f.function = CapField(loc->rest.substr(3));
      frames_.Add(std::move(f));
      pending_function_.clear();
      pending_code_.clear();
      expect_code_ = true;
      return Step::kConsumed;
    }
    // --tb=long: `path:LINE: [ExcType]` closes a source section.
    f.function = pending_function_;
    f.code = pending_code_;
    frames_.Add(std::move(f));
    pending_function_.clear();
    pending_code_.clear();
    expect_code_ = false;
    if (!loc->rest.empty()) location_type_ = CapField(loc->rest);
    return Step::kConsumed;
  }
  if (ParseBareLocation(t)) return Step::kConsumed;  // closes a fixture error
  if (expect_code_) {
    expect_code_ = false;
    if (LeadingSpaces(t) > 0 && !s.empty()) {
      if (Frame* last = frames_.last(); last && s != "???") last->code = CapField(s);
      return Step::kConsumed;
    }
  }
  if (t.starts_with(">")) {
    if (pending_code_.empty()) pending_code_ = CapField(Trim(t.substr(1)));
    return Step::kConsumed;
  }
  if (fixture_ && LeadingSpaces(t) > 0 && !s.empty()) {
    // The fixture's source: its first line is the one the error names.
    if (Frame* last = frames_.last()) {
      if (last->code.empty()) last->code = CapField(s);
      if (last->function.empty() && (s.starts_with("def ") || s.starts_with("async def "))) {
        std::string_view name = s.substr(s.find("def ") + 4);
        last->function = CapField(Trim(name.substr(0, name.find('('))));
      }
    }
    return Step::kConsumed;
  }
  if (s.starts_with("def ") || s.starts_with("async def ")) {
    // The frame's function is the first def of its section (others are
    // functions defined inside it).
    if (pending_function_.empty()) {
      std::string_view name = s.substr(s.find("def ") + 4);
      pending_function_ = CapField(Trim(name.substr(0, name.find('('))));
    }
    return Step::kConsumed;
  }
  // Source lines, decorators, `???`, blank lines, `_ _ _` separators.
  if (LeadingSpaces(t) > 0 || s.empty() || s.starts_with("_ _ _") || s == "???") return Step::kConsumed;
  // A collection error's preamble.
  if (t.starts_with("ImportError while importing test module '") || t.starts_with("Hint: ") ||
      s == "Traceback:") {
    return Step::kConsumed;
  }
  if (ctx.StartsOther(line)) return Step::kEnd;
  // Locals at column 0 (`x = 'b'`, --showlocals' `result     = [1, 2, 3]`).
  if (s.find(" = ") != std::string_view::npos) return Step::kConsumed;
  return Step::kEnd;
}

Step PytestRecognizer::NextDoctest(const Line& line, const SplitContext& ctx) {
  std::string_view t = line.text;
  std::string_view s = Trim(t);
  if (auto src = ParseNumberedLine(t)) {
    std::string_view code = Trim(*src);
    if (code.starts_with(">>> ")) {
      example_.clear();
      AppendBounded(code.substr(4), kMaxDoctestText, &example_);
    }
    doctest_part_ = DoctestPart::kNone;
    return Step::kConsumed;
  }
  if (s == "Expected:" || s == "Expected nothing" || s == "Got:" || s == "Got nothing") {
    doctest_part_ = s == "Expected:" ? DoctestPart::kExpected : s == "Got:" ? DoctestPart::kGot : DoctestPart::kNone;
    have_content_ = true;
    return Step::kConsumed;
  }
  if (s.starts_with("UNEXPECTED EXCEPTION: ")) {
    unexpected_.clear();
    AppendBounded(s.substr(22), kMaxDoctestText, &unexpected_);
    doctest_part_ = DoctestPart::kNone;
    have_content_ = true;
    return Step::kConsumed;
  }
  if (auto loc = ParseLocation(t); loc && !loc->rest.starts_with("in ")) {
    // `path:LINE: DocTestFailure` or `...: UnexpectedException` ends the section.
    Frame f = FrameAt(loc->file, loc->line, line.number);
    f.function = ev_.test;
    f.code = example_;
    doctest_at_ = std::move(f);
    mode_ = Mode::kDone;
    return Step::kDone;
  }
  if (s.empty()) return Step::kConsumed;
  if (doctest_part_ != DoctestPart::kNone && t.starts_with("    ")) {
    AppendBlock(t.substr(4), doctest_part_ == DoctestPart::kExpected ? &expected_ : &got_);
    return Step::kConsumed;
  }
  if (inner_event_.kind.empty() && python_.Detects(line)) return StartInner(line);
  (void)ctx;
  return Step::kEnd;
}

Step PytestRecognizer::StartInner(const Line& line) {
  have_content_ = true;
  prev_blank_ = false;
  inner_open_ = true;
  Step step = python_.Start(line);
  if (step == Step::kConsumed) return Step::kConsumed;
  inner_open_ = false;
  inner_event_ = python_.Take();
  if (doctest_) return Step::kConsumed;
  mode_ = Mode::kDone;
  return Step::kDone;
}

Step PytestRecognizer::NextInner(const Line& line, const SplitContext& ctx) {
  InnerContext inner_ctx(ctx, *this, python_, doctest_);
  std::string_view t = line.text;
  if (!prev_blank_ && python::ParseChainSentence(t)) {
    // pytest drops the blank line before a chaining sentence in a doctest's
    // UNEXPECTED EXCEPTION: give the Python recognizer the one it expects.
    Line blank = line;
    blank.text = std::string_view();
    blank.raw = std::string_view();
    Step step = python_.Next(blank, inner_ctx);
    if (step != Step::kConsumed) return EndInner(Step::kEnd, line, ctx);
  }
  prev_blank_ = Trim(t).empty();
  Step step = python_.Next(line, inner_ctx);
  if (step == Step::kConsumed) return Step::kConsumed;
  return EndInner(step, line, ctx);
}

Step PytestRecognizer::EndInner(Step step, const Line& line, const SplitContext& ctx) {
  inner_event_ = python_.Take();
  inner_open_ = false;
  if (step == Step::kDone) {
    if (doctest_) return Step::kConsumed;
    mode_ = Mode::kDone;
    return Step::kDone;
  }
  // The line is not the traceback's: in a doctest section, it may close it.
  if (doctest_) return NextDoctest(line, ctx);
  return Step::kEnd;
}

Event PytestRecognizer::Take() {
  if (inner_open_) {
    inner_event_ = python_.Take();
    inner_open_ = false;
  }
  Event out;
  if (withdraw_ || !have_content_) {
    // A session's first line, a summary line already reported, or a test's
    // header with nothing of ours after it (--tb=no prints nothing): no
    // event; the splitter passes the lines on as ordinary lines.
  } else if (!inner_event_.kind.empty()) {
    // --tb=native or a doctest's unexpected exception: the Python
    // recognizer's event, named after the test.
    out = std::move(inner_event_);
    out.test = ev_.test;
  } else if (doctest_) {
    Exception e;
    if (!expected_.empty() || !got_.empty() || unexpected_.empty()) {
      e.type = "doctest.DocTestFailure";
      e.message = "Expected: " + (expected_.empty() ? std::string("nothing") : expected_) +
                  "\nGot: " + (got_.empty() ? std::string("nothing") : got_);
    } else {
      // `UNEXPECTED EXCEPTION: TypeError('...')` without its traceback.
      std::string_view repr = unexpected_;
      size_t paren = repr.find('(');
      auto x = python::ParseExceptionLine(repr.substr(0, paren));
      e.type = x ? std::string(x->type) : std::string();
      if (paren != std::string_view::npos && repr.ends_with(")")) {
        std::string_view arg = repr.substr(paren + 1, repr.size() - paren - 2);
        if (arg.size() >= 2 && (arg.front() == '\'' || arg.front() == '"') && arg.back() == arg.front()) {
          arg = arg.substr(1, arg.size() - 2);
        }
        e.message = std::string(arg);
      }
    }
    if (doctest_at_) {
      e.frames.Add(std::move(*doctest_at_));
      e.frames.Finish();
    }
    ev_.exceptions.push_back(std::move(e));
    if (!doctest_at_ || ev_.exceptions.back().type.empty()) {
      ev_.partial = true;
      ev_.partial_reason = doctest_at_ ? "the exception is missing" : "the section's location line is missing";
    }
    out = std::move(ev_);
  } else {
    if (!e_lines_.empty() || !frames_.empty() || ev_.exceptions.empty()) FinishException();
    out = std::move(ev_);
  }
  Reset();
  return out;
}

}  // namespace tbx
