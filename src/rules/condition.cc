#include "rules/condition.h"

#include <algorithm>

#include "util/required_literal.h"
#include "util/spellcheck.h"
#include "util/strings.h"

namespace tbx {

// ---------------------------------------------------------------------------
// Loading helpers

bool LoadContext::Error(const YAML::Node& at, std::string message, std::string hint,
                        size_t offset) {
  Diag d;
  d.file = file;
  YAML::Mark m = at.Mark();
  if (m.line >= 0) {
    d.line = m.line + 1;
    d.column = m.column + 1 + static_cast<int>(offset);
  }
  d.message = std::move(message);
  d.hint = std::move(hint);
  if (errors) errors->push_back(std::move(d));
  return false;
}

size_t LoadContext::ColumnsTo(const YAML::Node& node, size_t value_offset) const {
  const YAML::Mark m = node.Mark();
  if (m.pos < 0 || static_cast<size_t>(m.pos) >= source.size()) {
    return value_offset + (node.Tag() == "!" ? 1 : 0);
  }
  const size_t start = static_cast<size_t>(m.pos);
  const char quote = source[start];
  if (quote != '\'' && quote != '"') return value_offset;
  size_t i = start + 1;
  for (size_t n = 0; n < value_offset && i < source.size() && source[i] != '\n'; ++n) {
    if (quote == '\'' && source[i] == '\'' && i + 1 < source.size() && source[i + 1] == '\'') {
      i += 2;
    } else if (quote == '"' && source[i] == '\\' && i + 1 < source.size()) {
      const char e = source[i + 1];
      i += e == 'x' ? 4 : e == 'u' ? 6 : e == 'U' ? 10 : 2;
    } else {
      ++i;
    }
  }
  return i - start;
}

bool LoadContext::IsBlockScalar(const YAML::Node& node) const {
  const YAML::Mark m = node.Mark();
  if (m.pos < 0 || static_cast<size_t>(m.pos) >= source.size()) return false;
  const char c = source[static_cast<size_t>(m.pos)];
  return c == '|' || c == '>';
}

RE2::Options RuleRegexOptions() {
  RE2::Options opt;
  opt.set_log_errors(false);
  opt.set_max_mem(8 << 20);
  return opt;
}

void Regex::FindLiteral() {
  std::string_view p = pattern_;
  bool start = p.starts_with("^"), end = p.ends_with("$") && !p.ends_with("\\$");
  if (start) p.remove_prefix(1);
  if (end) p.remove_suffix(1);
  // One group around everything: `(?:a|b)` or `(a|b)` (its capture is not
  // a named one, so nothing is lost by not running RE2).
  bool grouped = false;
  for (std::string_view open : {"(?:", "("}) {
    if (p.starts_with(open) && p.ends_with(")") && !p.ends_with("\\)")) {
      std::string_view inner = p.substr(open.size(), p.size() - open.size() - 1);
      if (inner.find_first_of("()") == std::string_view::npos) {
        p = inner;
        grouped = true;
      }
      break;
    }
  }
  std::vector<std::string> alts(1);
  for (size_t i = 0; i < p.size(); ++i) {
    char c = p[i];
    if (IsAsciiAlnum(c) || c == '_' || c == ' ' || c == '-' || c == '\'' ||
        c == ':' || c == ',' || c == '/' || c == '`' || c == '=' || c == '<' || c == '>' || c == '"') {
      alts.back() += c;
    } else if (c == '\\' && i + 1 < p.size() && (p[i + 1] == '.' || p[i + 1] == '(' || p[i + 1] == ')' ||
                                                  p[i + 1] == '[' || p[i + 1] == ']' || p[i + 1] == '\\')) {
      alts.back() += p[++i];
    } else if (c == '|') {
      alts.emplace_back();
    } else {
      return;  // a metacharacter: RE2 decides
    }
  }
  // `^a|b$` is (^a)|(b$): anchors outside a group apply to one side only.
  if (alts.size() > 1 && !grouped && (start || end)) return;
  literal_ = true;
  literal_start_ = start;
  literal_end_ = end;
  literal_alts_ = std::move(alts);
}

std::optional<bool> Regex::MatchLiteral(std::string_view text, RE2::Anchor anchor) const {
  if (!literal_) return std::nullopt;
  if (anchor != RE2::ANCHOR_BOTH && anchor != RE2::UNANCHORED) return std::nullopt;
  for (std::string_view lit : literal_alts_) {
    bool hit;
    if (anchor == RE2::ANCHOR_BOTH || (literal_start_ && literal_end_)) {
      hit = text == lit;
    } else if (literal_start_) {
      hit = text.starts_with(lit);
    } else if (literal_end_) {
      hit = text.ends_with(lit);
    } else {
      hit = text.find(lit) != std::string_view::npos;
    }
    if (hit) return true;
  }
  return false;
}

const RE2& Regex::get() const {
  compiled_.Call([this] {
    if (!re_) re_ = std::make_unique<RE2>(pattern_, RuleRegexOptions());
  });
  return *re_;
}

namespace {

// True if `re` matches the empty text and each of a few unlike texts: such
// a pattern ('', `x*`, `a|$`, `(?:...)?`) holds on any value.
bool MatchesAnyText(const RE2& re) {
  static constexpr std::string_view kProbes[] = {"", "x", "<", " ", "0", "\n", "\xc3\xa9", "Error: no"};
  return std::all_of(std::begin(kProbes), std::end(kProbes),
                     [&](std::string_view p) { return RE2::PartialMatch(p, re); });
}

}  // namespace

std::unique_ptr<Regex> LoadContext::Compile(const YAML::Node& node, std::string_view what) {
  if (!node.IsScalar()) {
    Error(node, std::string(what) + " must be a string (an RE2 pattern)");
    return nullptr;
  }
  const std::string& pattern = node.Scalar();
  auto re = std::make_unique<RE2>(pattern, RuleRegexOptions());
  if (!re->ok()) {
    size_t at = pattern.find(re->error_arg());
    size_t offset = ColumnsTo(node, at == std::string::npos ? 0 : at);
    std::string hint = "RE2 syntax: https://github.com/google/re2/wiki/Syntax";
    if (re->error_code() == RE2::ErrorPatternTooLarge) {
      hint = "the pattern needs more than RE2's memory limit (8 MiB); split or simplify it";
    } else if (pattern.find("(?=") != std::string::npos || pattern.find("(?!") != std::string::npos ||
               pattern.find("(?<") != std::string::npos) {
      hint = "RE2 has no lookahead or lookbehind; match the text itself or use `not:`";
    } else if (pattern.find("\\1") != std::string::npos) {
      hint = "RE2 has no backreferences";
    }
    // RE2's message usually ends with the offending part already.
    bool names_it = re->error_arg().empty() || re->error().ends_with(re->error_arg());
    Error(node, std::string(what) + ": bad RE2 pattern: " + re->error() +
                    (names_it ? "" : " (at '" + re->error_arg() + "')"),
          hint, at == std::string::npos ? 0 : offset);
    return nullptr;
  }
  if (MatchesAnyText(*re)) {
    Error(node, std::string(what) + ": the pattern matches any text, so it tests nothing",
          "to test only that there is such an event, leave the field out (`panic: {}` holds for any panic); "
          "to take a part of a field when it is there, use `capture:`");
    return nullptr;
  }
  for (const auto& [name, index] : re->NamedCapturingGroups()) capture_names.insert(name);
  return std::make_unique<Regex>(std::move(re));
}

namespace {

// ---------------------------------------------------------------------------
// Matching helpers

bool MatchRe(const Regex& regex, std::string_view text, RE2::Anchor anchor, Captures* caps) {
  // A literal has no groups to capture: no need to compile it.
  if (auto m = regex.MatchLiteral(text, anchor)) return *m;
  if (!regex.MayMatch(text)) return false;
  const RE2& re = regex.get();
  int n = std::min(re.NumberOfCapturingGroups(), 16);
  if (n <= 0 || re.NamedCapturingGroups().empty()) {
    return re.Match(text, 0, text.size(), anchor, nullptr, 0);
  }
  re2::StringPiece groups[17];
  if (!re.Match(text, 0, text.size(), anchor, groups, n + 1)) return false;
  for (const auto& [name, index] : re.NamedCapturingGroups()) {
    if (index <= n && groups[index].data() != nullptr) (*caps)[name] = std::string(groups[index]);
  }
  return true;
}

const Regex* Field(const Condition& c, std::string_view name) {
  for (const auto& [n, re] : c.fields) {
    if (n == name) return re.get();
  }
  return nullptr;
}

std::string FirstLine(std::string_view s) {
  size_t nl = s.find('\n');
  return std::string(nl == std::string_view::npos ? s : s.substr(0, nl));
}

// Tries each capture pattern on its field (`value` gives a field's text by
// name), keeping the groups of those that match.
template <typename ValueOf>
void TryCaptures(const NamedRegexes& capture, Captures* caps, const ValueOf& value) {
  for (const auto& [field, re] : capture) MatchRe(*re, value(field), RE2::UNANCHORED, caps);
}

// Tests `t` against frame `f`; counts the tests that held.
bool MatchFrame(const FrameTest& t, const Frame& f, Captures* caps, int* count) {
  int n = 0;
  if (t.file && !MatchRe(*t.file, f.file, RE2::UNANCHORED, caps)) return false;
  n += t.file ? 1 : 0;
  if (t.function && !MatchRe(*t.function, f.function, RE2::UNANCHORED, caps)) return false;
  n += t.function ? 1 : 0;
  if (t.code && !MatchRe(*t.code, f.code, RE2::UNANCHORED, caps)) return false;
  n += t.code ? 1 : 0;
  if (t.origin && *t.origin != f.origin) return false;
  n += t.origin ? 1 : 0;
  TryCaptures(t.capture, caps, [&](std::string_view field) -> std::string_view {
    return field == "file" ? f.file : field == "function" ? f.function : f.code;
  });
  (*caps)["frame.file"] = f.file;
  (*caps)["frame.line"] = std::to_string(f.line);
  (*caps)["frame.function"] = f.function;
  *count += n;
  return true;
}

bool MatchAnyFrame(const FrameTest& t, const std::vector<Frame>& frames, Captures* caps,
                   int* count) {
  // Innermost first for Python (printed last): walk backwards.
  for (auto it = frames.rbegin(); it != frames.rend(); ++it) {
    Captures c = *caps;
    int n = 0;
    if (MatchFrame(t, *it, &c, &n)) {
      *caps = std::move(c);
      *count += n;
      return true;
    }
  }
  return false;
}

// ---------------------------------------------------------------------------
// Field tables of the leaf predicates

enum class FieldKind { kRegex, kBool, kFrame, kCapture };
struct FieldSpec {
  std::string_view name;
  FieldKind kind;
};

const std::vector<FieldSpec> kExceptionFields = {
    {"type", FieldKind::kRegex}, {"message", FieldKind::kRegex},
    {"final", FieldKind::kBool}, {"frame", FieldKind::kFrame}, {"capture", FieldKind::kCapture}};
const std::vector<FieldSpec> kPanicFields = {
    {"message", FieldKind::kRegex}, {"thread", FieldKind::kRegex},
    {"file", FieldKind::kRegex}, {"frame", FieldKind::kFrame}, {"capture", FieldKind::kCapture}};
const std::vector<FieldSpec> kDiagnosticFields = {
    {"tool", FieldKind::kRegex}, {"code", FieldKind::kRegex}, {"message", FieldKind::kRegex},
    {"file", FieldKind::kRegex}, {"level", FieldKind::kRegex}, {"capture", FieldKind::kCapture}};
const std::vector<std::string> kFrameFields = {"file", "function", "code", "origin", "capture"};

std::vector<std::string> Names(const std::vector<FieldSpec>& specs) {
  std::vector<std::string> out;
  for (const auto& s : specs) out.emplace_back(s.name);
  return out;
}

std::string DidYouMean(std::string_view word, const std::vector<std::string>& candidates) {
  std::string best = Spellcheck(word, candidates);
  if (!best.empty()) return "did you mean '" + best + "'?";
  return "expected one of: " + Join(candidates, ", ");
}

bool ParseCapture(const YAML::Node& node, LoadContext& ctx, std::string_view what,
                  const std::vector<std::string>& names, NamedRegexes* out);

bool ParseFrame(const YAML::Node& node, LoadContext& ctx, FrameTest* out) {
  if (!node.IsMap()) return ctx.Error(node, "frame must be a mapping of file, function, code, origin, capture");
  bool ok = true;
  for (const auto& kv : node) {
    std::string key = kv.first.Scalar();
    if (key == "file") {
      ok &= (out->file = ctx.Compile(kv.second, "frame.file")) != nullptr;
    } else if (key == "function") {
      ok &= (out->function = ctx.Compile(kv.second, "frame.function")) != nullptr;
    } else if (key == "code") {
      ok &= (out->code = ctx.Compile(kv.second, "frame.code")) != nullptr;
    } else if (key == "origin") {
      std::string v = kv.second.IsScalar() ? kv.second.Scalar() : "";
      if (v == "user") out->origin = Origin::kUser;
      else if (v == "library") out->origin = Origin::kLibrary;
      else if (v == "stdlib") out->origin = Origin::kStdlib;
      else if (v == "unknown") out->origin = Origin::kUnknown;
      else ok = ctx.Error(kv.second, "frame origin must be user, library, stdlib or unknown");
    } else if (key == "capture") {
      ok &= ParseCapture(kv.second, ctx, "frame.capture", {"file", "function", "code"}, &out->capture);
    } else {
      ok = ctx.Error(kv.first, "unknown frame key '" + key + "'", DidYouMean(key, kFrameFields));
    }
  }
  return ok;
}

// capture: {FIELD: RE, ...}: patterns tried on the event (or frame) that
// matched, for their named groups; they never decide whether it matches.
bool ParseCapture(const YAML::Node& node, LoadContext& ctx, std::string_view what,
                  const std::vector<std::string>& names, NamedRegexes* out) {
  if (!node.IsMap() || node.size() == 0) {
    return ctx.Error(node, std::string(what) + " needs a mapping of " + Join(names, ", ") +
                               " to patterns with named groups");
  }
  bool ok = true;
  for (const auto& kv : node) {
    std::string key = kv.first.IsScalar() ? kv.first.Scalar() : "";
    if (std::find(names.begin(), names.end(), key) == names.end()) {
      ok = ctx.Error(kv.first, "unknown key '" + key + "' in " + std::string(what), DidYouMean(key, names));
      continue;
    }
    auto re = ctx.Compile(kv.second, std::string(what) + "." + key);
    if (!re) {
      ok = false;
      continue;
    }
    if (re->get().NamedCapturingGroups().empty()) {
      ok = ctx.Error(kv.second, std::string(what) + "." + key + ": the pattern captures nothing",
                     "name a group, as in (?P<path>[^']+); to require a match, test the field itself");
      continue;
    }
    out->emplace_back(key, std::move(re));
  }
  return ok;
}

bool ParseLeaf(const YAML::Node& node, LoadContext& ctx, Condition* out, std::string_view what,
               const std::vector<FieldSpec>& specs) {
  if (!node.IsMap()) {
    return ctx.Error(node, std::string(what) + " needs a mapping of " + Join(Names(specs), ", "));
  }
  // No field at all: any event of its kind.
  bool ok = true;
  for (const auto& kv : node) {
    std::string key = kv.first.IsScalar() ? kv.first.Scalar() : "";
    auto spec = std::find_if(specs.begin(), specs.end(), [&](const FieldSpec& s) { return s.name == key; });
    if (spec == specs.end()) {
      ok = ctx.Error(kv.first, "unknown key '" + key + "' in " + std::string(what),
                     DidYouMean(key, Names(specs)));
      continue;
    }
    switch (spec->kind) {
      case FieldKind::kRegex: {
        auto re = ctx.Compile(kv.second, std::string(what) + "." + key);
        if (!re) {
          ok = false;
          break;
        }
        out->fields.emplace_back(key, std::move(re));
        break;
      }
      case FieldKind::kBool: {
        std::string v = kv.second.IsScalar() ? kv.second.Scalar() : "";
        if (v == "true") out->final_flag = true;
        else if (v == "false") out->final_flag = false;
        else ok = ctx.Error(kv.second, std::string(what) + "." + key + " must be true or false");
        break;
      }
      case FieldKind::kFrame:
        out->frame = std::make_unique<FrameTest>();
        ok &= ParseFrame(kv.second, ctx, out->frame.get());
        break;
      case FieldKind::kCapture: {
        std::vector<std::string> regex_fields;
        for (const auto& s : specs) {
          if (s.kind == FieldKind::kRegex) regex_fields.emplace_back(s.name);
        }
        ok &= ParseCapture(kv.second, ctx, std::string(what) + ".capture", regex_fields, &out->capture);
        break;
      }
    }
  }
  return ok;
}

// ---------------------------------------------------------------------------
// The predicates

bool ParseList(const YAML::Node& v, LoadContext& ctx, Condition* out, std::string_view key) {
  if (!v.IsSequence() || v.size() == 0) {
    return ctx.Error(v, std::string(key) + " needs a non-empty list of conditions");
  }
  bool ok = true;
  for (const auto& item : v) {
    Condition child;
    ok &= ParseCondition(item, ctx, &child);
    out->children.push_back(std::move(child));
  }
  return ok;
}

bool ParseAll(const YAML::Node& v, LoadContext& ctx, Condition* out) { return ParseList(v, ctx, out, "all"); }
bool ParseAny(const YAML::Node& v, LoadContext& ctx, Condition* out) { return ParseList(v, ctx, out, "any"); }

bool EvalAll(const Condition& c, const MatchInput& in, MatchState* st) {
  MatchState s = *st;
  for (const auto& child : c.children) {
    if (!EvalCondition(child, in, &s)) return false;
  }
  *st = std::move(s);
  return true;
}

bool EvalAny(const Condition& c, const MatchInput& in, MatchState* st) {
  for (const auto& child : c.children) {
    MatchState s = *st;
    if (EvalCondition(child, in, &s)) {
      *st = std::move(s);
      return true;
    }
  }
  return false;
}

bool ParseNot(const YAML::Node& v, LoadContext& ctx, Condition* out) {
  Condition child;
  // Captures inside `not` never hold a value: do not offer them to templates.
  std::set<std::string> saved = ctx.capture_names;
  bool ok = ParseCondition(v, ctx, &child);
  ctx.capture_names = std::move(saved);
  out->children.push_back(std::move(child));
  return ok;
}

bool EvalNot(const Condition& c, const MatchInput& in, MatchState* st) {
  MatchState s;
  if (EvalCondition(c.children.front(), in, &s)) return false;
  st->specificity += 1;
  return true;
}

bool ParseException(const YAML::Node& v, LoadContext& ctx, Condition* out) {
  for (const char* n : {"exception.type", "exception.message", "exception.file", "exception.line"}) {
    ctx.capture_names.insert(n);
  }
  if (v.IsMap() && v["frame"]) {
    for (const char* n : {"frame.file", "frame.line", "frame.function"}) ctx.capture_names.insert(n);
  }
  return ParseLeaf(v, ctx, out, "exception", kExceptionFields);
}

bool EvalException(const Condition& c, const MatchInput& in, MatchState* st) {
  const Regex* type = Field(c, "type");
  const Regex* message = Field(c, "message");
  // "final": the exception that ended the program, i.e. the last one of the
  // last traceback in the incident.
  const Event* last_tb = nullptr;
  for (const auto& ev : *in.events) {
    if (ev.kind == kPythonTraceback) last_tb = &ev;
  }
  // The exception that propagated (the last one) first.
  for (auto ev = in.events->rbegin(); ev != in.events->rend(); ++ev) {
    if (ev->kind != kPythonTraceback) continue;
    for (size_t i = ev->exceptions.size(); i-- > 0;) {
      const Exception& e = ev->exceptions[i];
      if (e.type.empty()) continue;
      Captures caps = st->captures;
      int n = 0;
      if (type) {
        std::string_view last = e.type;
        size_t dot = last.rfind('.');
        if (dot != std::string_view::npos) last = last.substr(dot + 1);
        if (!MatchRe(*type, e.type, RE2::ANCHOR_BOTH, &caps) &&
            !MatchRe(*type, last, RE2::ANCHOR_BOTH, &caps)) {
          continue;
        }
        ++n;
      }
      if (message) {
        if (!MatchRe(*message, e.message, RE2::UNANCHORED, &caps)) continue;
        ++n;
      }
      if (c.final_flag) {
        // In an exception group the group itself (depth 0) is what
        // propagated, not its last sub-exception.
        size_t final_index = ev->exceptions.size() - 1;
        while (final_index > 0 && ev->exceptions[final_index].depth > 0) --final_index;
        bool is_final = i == final_index && &*ev == last_tb;
        if (is_final != *c.final_flag) continue;
        ++n;
      }
      if (c.frame && !MatchAnyFrame(*c.frame, e.frames.frames(), &caps, &n)) continue;
      TryCaptures(c.capture, &caps, [&](std::string_view field) -> std::string_view {
        return field == "type" ? e.type : e.message;
      });
      caps["exception.type"] = e.type;
      caps["exception.message"] = FirstLine(e.message);
      // Where it points: a SyntaxError's location, else its innermost frame.
      const Frame* at = e.location ? &*e.location : e.frames.empty() ? nullptr : &e.frames.frames().back();
      caps["exception.file"] = at ? at->file : "";
      caps["exception.line"] = at && at->line ? std::to_string(at->line) : "";
      st->captures = std::move(caps);
      st->specificity += std::max(n, 1);  // an empty leaf tests that the event exists
      return true;
    }
  }
  return false;
}

bool ParsePanic(const YAML::Node& v, LoadContext& ctx, Condition* out) {
  for (const char* n : {"panic.message", "panic.thread", "panic.file", "panic.line"}) {
    ctx.capture_names.insert(n);
  }
  if (v.IsMap() && v["frame"]) {
    for (const char* n : {"frame.file", "frame.line", "frame.function"}) ctx.capture_names.insert(n);
  }
  return ParseLeaf(v, ctx, out, "panic", kPanicFields);
}

bool EvalPanic(const Condition& c, const MatchInput& in, MatchState* st) {
  const Regex* message = Field(c, "message");
  const Regex* thread = Field(c, "thread");
  const Regex* file = Field(c, "file");
  for (const auto& ev : *in.events) {
    if (ev.kind != kRustPanic) continue;
    Captures caps = st->captures;
    int n = 0;
    if (message) {
      if (!MatchRe(*message, ev.message, RE2::UNANCHORED, &caps)) continue;
      ++n;
    }
    if (thread) {
      if (!MatchRe(*thread, ev.thread, RE2::UNANCHORED, &caps)) continue;
      ++n;
    }
    std::string loc_file = ev.location ? ev.location->file : "";
    if (file) {
      if (!MatchRe(*file, loc_file, RE2::UNANCHORED, &caps)) continue;
      ++n;
    }
    if (c.frame) {
      // Rust prints the innermost frame first; MatchAnyFrame walks backwards.
      std::vector<Frame> outer_first(ev.frames.frames().rbegin(), ev.frames.frames().rend());
      if (!MatchAnyFrame(*c.frame, outer_first, &caps, &n)) continue;
    }
    TryCaptures(c.capture, &caps, [&](std::string_view field) -> std::string_view {
      return field == "message" ? ev.message : field == "thread" ? ev.thread : std::string_view(loc_file);
    });
    caps["panic.message"] = FirstLine(ev.message);
    caps["panic.thread"] = ev.thread;
    caps["panic.file"] = loc_file;
    caps["panic.line"] = ev.location ? std::to_string(ev.location->line) : "";
    st->captures = std::move(caps);
    st->specificity += std::max(n, 1);  // an empty leaf tests that the event exists
    return true;
  }
  return false;
}

bool ParseDiagnostic(const YAML::Node& v, LoadContext& ctx, Condition* out) {
  for (const char* n : {"diagnostic.tool", "diagnostic.code", "diagnostic.message", "diagnostic.file"}) {
    ctx.capture_names.insert(n);
  }
  return ParseLeaf(v, ctx, out, "diagnostic", kDiagnosticFields);
}

bool EvalDiagnostic(const Condition& c, const MatchInput& in, MatchState* st) {
  for (const auto& ev : *in.events) {
    if (ev.kind != kDiagnostic) continue;
    Captures caps = st->captures;
    int n = 0;
    bool ok = true;
    std::string loc_file = ev.location ? ev.location->file : "";
    auto value = [&](std::string_view name) -> std::string_view {
      return name == "tool"    ? std::string_view(ev.tool)
             : name == "code"  ? std::string_view(ev.code)
             : name == "level" ? std::string_view(ev.level)
             : name == "file"  ? std::string_view(loc_file)
                               : std::string_view(ev.message);
    };
    for (const auto& [name, re] : c.fields) {
      if (!MatchRe(*re, value(name), RE2::UNANCHORED, &caps)) {
        ok = false;
        break;
      }
      ++n;
    }
    if (!ok) continue;
    TryCaptures(c.capture, &caps, value);
    caps["diagnostic.tool"] = ev.tool;
    caps["diagnostic.code"] = ev.code;
    caps["diagnostic.message"] = FirstLine(ev.message);
    caps["diagnostic.file"] = loc_file;
    st->captures = std::move(caps);
    st->specificity += std::max(n, 1);  // an empty leaf tests that the event exists
    return true;
  }
  return false;
}

bool ParseLine(const YAML::Node& v, LoadContext& ctx, Condition* out) {
  auto re = ctx.Compile(v, "line");
  if (!re) return false;
  out->fields.emplace_back("line", std::move(re));
  return true;
}

bool EvalLine(const Condition& c, const MatchInput& in, MatchState* st) {
  const Regex& re = *c.fields.front().second;
  auto try_line = [&](const std::string& l) {
    // MatchRe adds captures only when it matches.
    if (!MatchRe(re, l, RE2::UNANCHORED, &st->captures)) return false;
    st->specificity += 1;
    return true;
  };
  for (const auto& ev : *in.events) {
    for (const auto& l : ev.lines) {
      if (try_line(l)) return true;
    }
  }
  for (const auto& l : *in.context) {
    if (try_line(l)) return true;
  }
  return false;
}

bool ParseFact(const YAML::Node& v, LoadContext& ctx, Condition* out) {
  if (!v.IsMap() || v.size() == 0) {
    return ctx.Error(v, "fact needs a mapping of fact names to patterns, e.g. {python.env: venv}");
  }
  bool ok = true;
  std::vector<std::string> known;
  for (const auto& d : FactDefs()) known.emplace_back(d.name);
  for (const auto& kv : v) {
    std::string name = kv.first.IsScalar() ? kv.first.Scalar() : "";
    if (!IsKnownFact(name)) {
      ok = ctx.Error(kv.first, "unknown fact '" + name + "'", DidYouMean(name, known));
      continue;
    }
    auto re = ctx.Compile(kv.second, "fact " + name);
    if (!re) {
      ok = false;
      continue;
    }
    out->fields.emplace_back(name, std::move(re));
  }
  return ok;
}

bool EvalFact(const Condition& c, const MatchInput& in, MatchState* st) {
  Captures caps = st->captures;
  for (const auto& [name, re] : c.fields) {
    auto it = in.facts->find(name);
    if (it == in.facts->end()) return false;
    bool any = false;
    for (const auto& value : it->second) {
      if (MatchRe(*re, value, RE2::UNANCHORED, &caps)) {
        any = true;
        break;
      }
    }
    if (!any) return false;
  }
  st->captures = std::move(caps);
  st->specificity += static_cast<int>(c.fields.size());
  return true;
}

// ---------------------------------------------------------------------------
// Keys and texts, for the rule index (rules/index.h)

// The more selective key by `cost`; an empty key selects nothing.
const ConditionKey& Better(const ConditionKey& a, const ConditionKey& b, const KeyCost& cost) {
  if (a.empty() || b.empty()) return a.empty() ? b : a;
  return cost(b) < cost(a) ? b : a;
}

ConditionKey KeyOfRegex(const Regex* re) { return re ? KeyLiteralsOf(re->required()) : ConditionKey{}; }

// A leaf holds only if every one of its regexes matches: the best of them.
ConditionKey LeafKey(const Condition& c, const KeyCost& cost) {
  std::vector<const Regex*> regexes;
  CollectPatterns(c, &regexes);  // a leaf's own: it has no children
  ConditionKey best;
  for (const Regex* re : regexes) best = Better(best, KeyOfRegex(re), cost);
  return best;
}

ConditionKey AllKey(const Condition& c, const KeyCost& cost) {
  ConditionKey best;
  for (const auto& child : c.children) best = Better(best, KeyOf(child, cost), cost);
  return best;
}

// Any branch may be the one that holds: each needs a key, and the key is
// all of theirs.
ConditionKey AnyKey(const Condition& c, const KeyCost& cost) {
  ConditionKey all;
  for (const auto& child : c.children) {
    ConditionKey k = KeyOf(child, cost);
    if (k.empty()) return {};
    for (auto& lit : k) {
      if (std::find(all.begin(), all.end(), lit) == all.end()) all.push_back(std::move(lit));
    }
  }
  return all;
}

ConditionKey NoKey(const Condition&, const KeyCost&) { return {}; }

void FrameTexts(const FrameList& frames, const TextVisitor& visit) {
  for (const auto& f : frames.frames()) {
    visit(f.file);
    visit(f.function);
    visit(f.code);
  }
}

void ExceptionTexts(const MatchInput& in, const TextVisitor& visit) {
  for (const auto& ev : *in.events) {
    if (ev.kind != kPythonTraceback) continue;
    for (const auto& e : ev.exceptions) {
      visit(e.type);
      visit(e.message);
      FrameTexts(e.frames, visit);
    }
  }
}

void PanicTexts(const MatchInput& in, const TextVisitor& visit) {
  for (const auto& ev : *in.events) {
    if (ev.kind != kRustPanic) continue;
    visit(ev.message);
    visit(ev.thread);
    if (ev.location) visit(ev.location->file);
    FrameTexts(ev.frames, visit);
  }
}

void DiagnosticTexts(const MatchInput& in, const TextVisitor& visit) {
  for (const auto& ev : *in.events) {
    if (ev.kind != kDiagnostic) continue;
    for (const std::string* s : {&ev.tool, &ev.code, &ev.level, &ev.message}) visit(*s);
    if (ev.location) visit(ev.location->file);
  }
}

void LineTexts(const MatchInput& in, const TextVisitor& visit) {
  for (const auto& ev : *in.events) {
    for (const auto& l : ev.lines) visit(l);
  }
  for (const auto& l : *in.context) visit(l);
}

void FactTexts(const MatchInput& in, const TextVisitor& visit) {
  for (const auto& [name, values] : *in.facts) {
    for (const auto& v : values) visit(v);
  }
}

const std::vector<PredicateDef> kPredicates = {
    {"all", "all: [CONDITION, ...]  every condition holds", &ParseAll, &EvalAll, &AllKey, nullptr},
    {"any", "any: [CONDITION, ...]  at least one holds", &ParseAny, &EvalAny, &AnyKey, nullptr},
    {"not", "not: CONDITION  the condition does not hold", &ParseNot, &EvalNot, &NoKey, nullptr},
    {"exception", "exception: {type, message, final, frame}  a Python exception",
     &ParseException, &EvalException, &LeafKey, &ExceptionTexts},
    {"panic", "panic: {message, thread, file, frame}  a Rust panic", &ParsePanic, &EvalPanic, &LeafKey,
     &PanicTexts},
    {"diagnostic", "diagnostic: {tool, code, message, file, level}  a compiler or pip diagnostic",
     &ParseDiagnostic, &EvalDiagnostic, &LeafKey, &DiagnosticTexts},
    {"line", "line: RE  any line of the incident", &ParseLine, &EvalLine, &LeafKey, &LineTexts},
    {"fact", "fact: {NAME: RE, ...}  facts inferred from the input", &ParseFact, &EvalFact, &LeafKey,
     &FactTexts},
};

}  // namespace

const std::vector<PredicateDef>& Predicates() { return kPredicates; }

bool ParseCondition(const YAML::Node& node, LoadContext& ctx, Condition* out) {
  if (++ctx.conditions > LoadContext::kMaxConditions) {
    if (ctx.conditions == LoadContext::kMaxConditions + 1) {
      ctx.Error(node, "more than " + std::to_string(LoadContext::kMaxConditions) +
                          " conditions in one rule's match",
                "YAML aliases (*name) repeat a subtree each time they are used; write the condition out");
    }
    return false;
  }
  std::vector<std::string> keys;
  for (const auto& p : kPredicates) keys.emplace_back(p.key);
  if (!node.IsMap() || node.size() != 1) {
    return ctx.Error(node, "a condition is a mapping with exactly one key",
                     "one of: " + Join(keys, ", ") + " (combine several with all: [...])");
  }
  auto kv = *node.begin();
  std::string key = kv.first.IsScalar() ? kv.first.Scalar() : "";
  YAML::Mark m = kv.first.Mark();
  out->line = m.line + 1;
  out->column = m.column + 1;
  for (const auto& p : kPredicates) {
    if (p.key == key) {
      out->def = &p;
      return p.parse(kv.second, ctx, out);
    }
  }
  return ctx.Error(kv.first, "unknown condition '" + key + "'", DidYouMean(key, keys));
}

ConditionKey KeyOf(const Condition& c, const KeyCost& cost) {
  return c.def ? c.def->key_of(c, cost) : ConditionKey{};
}

bool EvalCondition(const Condition& c, const MatchInput& in, MatchState* st) {
  return c.def && c.def->eval(c, in, st);
}

void CollectPatterns(const Condition& c, std::vector<const Regex*>* out, bool captures) {
  for (const auto& [name, re] : c.fields) out->push_back(re.get());
  if (captures) {
    for (const auto& [name, re] : c.capture) out->push_back(re.get());
  }
  if (c.frame) {
    for (const auto* re : {c.frame->file.get(), c.frame->function.get(), c.frame->code.get()}) {
      if (re) out->push_back(re);
    }
    if (captures) {
      for (const auto& [name, re] : c.frame->capture) out->push_back(re.get());
    }
  }
  for (const auto& child : c.children) CollectPatterns(child, out, captures);
}

}  // namespace tbx
