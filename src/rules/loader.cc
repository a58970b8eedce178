#include "rules/loader.h"

#include "rules/cache.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "util/spellcheck.h"
#include "util/strings.h"

namespace tbx {

std::string_view SeverityName(Severity s) {
  switch (s) {
    case Severity::kWarning: return "warning";
    case Severity::kInfo: return "info";
    case Severity::kError: break;
  }
  return "error";
}

namespace {

namespace fs = std::filesystem;

const std::vector<std::string> kRuleKeys = {
    "id",          "title",       "severity",   "priority", "scope",    "fallback",
    "match",       "explanation", "remediation", "references", "examples"};
const std::vector<std::string> kRequiredKeys = {"id", "title", "match", "explanation",
                                                "remediation"};

// Deeper YAML than this is refused before yaml-cpp sees it: its parser
// recurses once per level.
constexpr int kMaxYamlDepth = 64;

bool IsValidId(std::string_view id) {
  if (id.empty() || id.size() > 200) return false;
  for (char c : id) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-' || c == '/')) {
      return false;
    }
  }
  return true;
}

// Flow-collection depth ([ and {), a cheap guard against stack exhaustion.
// Block nesting: each level indents at least one column, and `- - -` opens
// one per dash, so indentation plus leading dashes bounds the depth.
constexpr size_t kMaxBlockIndent = 256;

bool CheckDepth(const std::string& text, const std::string& name, std::vector<Diag>* errors) {
  int depth = 0, line = 1, col = 0;
  bool in_single = false, in_double = false, comment = false;
  bool line_start = true;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (line_start) {
      line_start = false;
      size_t j = i, levels = 0;
      while (j < text.size() && (text[j] == ' ' || text[j] == '-' || text[j] == '?')) {
        if (text[j] != ' ') {
          if (j + 1 < text.size() && text[j + 1] != ' ' && text[j + 1] != '\n') break;
          ++levels;
        }
        ++j;
      }
      if (j - i > kMaxBlockIndent || levels > static_cast<size_t>(kMaxYamlDepth)) {
        errors->push_back({name, line, 1, "YAML nested too deeply (indentation and '- ' of " +
                                              std::to_string(j - i) + " columns)",
                           "rules never need such nesting; is this file a rule file?"});
        return false;
      }
    }
    ++col;
    if (c == '\n') {
      ++line;
      col = 0;
      comment = false;
      line_start = true;
      continue;
    }
    if (comment) continue;
    if (in_double) {
      if (c == '"') in_double = false;
      continue;
    }
    if (in_single) {
      if (c == '\'') in_single = false;
      continue;
    }
    if (c == '#') comment = true;
    else if (c == '"') in_double = true;
    else if (c == '\'') in_single = true;
    else if (c == '[' || c == '{') {
      if (++depth > kMaxYamlDepth) {
        errors->push_back({name, line, col, "YAML nested more than " + std::to_string(kMaxYamlDepth) + " levels deep",
                           "rules never need such nesting; is this file a rule file?"});
        return false;
      }
    } else if (c == ']' || c == '}') {
      depth = std::max(0, depth - 1);
    }
  }
  return true;
}

// yaml-cpp's parser messages, in our words, with a hint.
std::pair<std::string, std::string> DescribeYamlError(const std::string& yaml_msg) {
  struct Row {
    const char* yaml;
    const char* ours;
    const char* hint;
  };
  static const Row kRows[] = {
      {"end of sequence flow not found", "a '[' list is never closed with ']'", "close the list, or quote a value that holds '['"},
      {"end of map flow not found", "a '{' mapping is never closed with '}'", "close the mapping, or quote a value that holds '{'"},
      {"end of sequence not found", "a '- ' list item is out of place", "check the indentation of the list"},
      {"end of map not found", "a key is out of place", "check the indentation of the keys"},
      {"unknown escape character", "an unknown \\ escape in a double-quoted string",
       "write patterns in single quotes ('\\d+'), where \\ needs no escaping"},
      {"illegal map value", "a ':' where no key can start", "quote values that contain ': '"},
      {"illegal map key", "a key where none can start", "check the indentation and the quoting"},
      {"illegal block entry", "a '- ' list item where none can start", "check the indentation"},
      {"illegal flow end", "a ']' or '}' that closes nothing", "remove it, or quote the value that holds it"},
      {"illegal EOF in scalar", "the file ends inside a quoted string", "close the quote"},
      {"the referenced anchor is not defined", "an alias (*name) whose anchor (&name) is not defined", "define the anchor before its use"},
      {"unknown token", "unexpected characters", "check the quoting around this place"},
  };
  for (const auto& r : kRows) {
    if (yaml_msg.rfind(r.yaml, 0) == 0) return {r.ours, r.hint};
  }
  std::string msg = yaml_msg;
  if (!msg.empty()) msg[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(msg[0])));
  return {msg, "check the indentation and quoting around this place"};
}

class RuleParser {
 public:
  RuleParser(std::string name, std::string_view source, std::string root, std::vector<Diag>* errors)
      : root_(std::move(root)), errors_(errors) {
    ctx_.file = std::move(name);
    ctx_.source = source;
    ctx_.errors = errors;
  }

  bool ParseRule(const YAML::Node& node, Rule* rule) {
    rule->file = ctx_.file;
    YAML::Mark m = node.Mark();
    rule->line = m.line + 1;
    rule->column = m.column + 1;
    if (!node.IsMap()) return ctx_.Error(node, "a rule must be a mapping", "see docs/rules.md");
    bool ok = true;
    for (const auto& kv : node) {
      std::string key = kv.first.IsScalar() ? kv.first.Scalar() : "";
      if (std::find(kRuleKeys.begin(), kRuleKeys.end(), key) == kRuleKeys.end()) {
        std::string best = Spellcheck(key, kRuleKeys);
        ok = ctx_.Error(kv.first, "unknown key '" + key + "'",
                        best.empty() ? "rule keys are: " + Join(kRuleKeys, ", ")
                                     : "did you mean '" + best + "'?");
      }
    }
    for (const auto& key : kRequiredKeys) {
      if (!node[key]) ok = ctx_.Error(node, "missing required key '" + key + "'");
    }
    if (!ok) return false;

    const YAML::Node id = node["id"];
    if (!id.IsScalar() || !IsValidId(id.Scalar())) {
      ok = ctx_.Error(id, "bad id '" + (id.IsScalar() ? id.Scalar() : std::string()) + "'",
                      "letters, digits, '.', '_', '-' and '/', e.g. python.cffi-backend-missing");
    } else {
      rule->id = id.Scalar();
    }
    ctx_.capture_names.clear();
    ctx_.conditions = 0;
    ok &= ParseCondition(node["match"], ctx_, &rule->match);

    ok &= ParseTemplate(node["title"], "title", &rule->title);
    if (ok && node["title"].Scalar().find('\n') != std::string::npos) {
      ok = ctx_.Error(node["title"], "the title must be one line");
    }
    ok &= ParseTemplate(node["explanation"], "explanation", &rule->explanation);

    if (const YAML::Node s = node["severity"]) {
      std::string v = s.IsScalar() ? s.Scalar() : "";
      if (v == "error") rule->severity = Severity::kError;
      else if (v == "warning") rule->severity = Severity::kWarning;
      else if (v == "info") rule->severity = Severity::kInfo;
      else ok = ctx_.Error(s, "severity must be error, warning or info");
    }
    if (const YAML::Node p = node["priority"]) {
      auto v = p.IsScalar() ? ParseUint(p.Scalar()) : std::nullopt;
      if (!v || *v > 100) ok = ctx_.Error(p, "priority must be a whole number from 0 to 100");
      else rule->priority = static_cast<int>(*v);
    }
    if (const YAML::Node s = node["scope"]) {
      std::string v = s.IsScalar() ? s.Scalar() : "";
      if (v == "incident") rule->scope = Scope::kIncident;
      else if (v == "input") rule->scope = Scope::kInput;
      else ok = ctx_.Error(s, "scope must be incident or input");
    }
    if (const YAML::Node f = node["fallback"]) {
      std::string v = f.IsScalar() ? f.Scalar() : "";
      if (v == "true") rule->fallback = true;
      else if (v == "false") rule->fallback = false;
      else ok = ctx_.Error(f, "fallback must be true or false");
    }
    ok &= ParseRemediation(node["remediation"], rule);
    if (const YAML::Node r = node["references"]) ok &= ParseStringList(r, "references", &rule->references);
    if (const YAML::Node e = node["examples"]) ok &= ParseExamples(e, rule);
    return ok;
  }

 private:
  bool ParseTemplate(const YAML::Node& node, std::string_view what, Template* out) {
    if (!node.IsScalar()) return ctx_.Error(node, std::string(what) + " must be a string");
    const std::string& text = node.Scalar();
    std::string error;
    size_t offset = 0;
    auto t = Template::Parse(text, &error, &offset);
    if (!t) return ErrorInScalar(node, text, offset, std::string(what) + ": " + error);
    bool ok = true;
    for (const auto& p : t->placeholders()) {
      if (p.is_fact) {
        if (!IsKnownFact(p.name)) {
          std::vector<std::string> known;
          for (const auto& d : FactDefs()) known.emplace_back(d.name);
          std::string best = Spellcheck(p.name, known);
          ok = ErrorInScalar(node, text, p.offset,
                             std::string(what) + ": unknown fact '" + p.name + "'",
                             best.empty() ? "known facts: " + Join(known, ", ")
                                          : "did you mean 'fact." + best + "'?");
        }
      } else if (!ctx_.capture_names.count(p.name)) {
        std::vector<std::string> names(ctx_.capture_names.begin(), ctx_.capture_names.end());
        std::string best = Spellcheck(p.name, names);
        ok = ErrorInScalar(
            node, text, p.offset,
            std::string(what) + ": placeholder '{" + p.name + "}' is not defined by this rule's match",
            best.empty() ? (names.empty() ? "name a capture with (?P<" + p.name + ">...) in a pattern"
                                          : "defined here: " + Join(names, ", "))
                         : "did you mean '{" + best + "}'?");
      }
    }
    *out = std::move(*t);
    return ok;
  }

  // An error at byte `offset` of a scalar's text: exact for one-line scalars,
  // to the line for block scalars.
  bool ErrorInScalar(const YAML::Node& node, const std::string& text, size_t offset,
                     std::string message, std::string hint = "") {
    size_t newlines = static_cast<size_t>(std::count(text.begin(), text.begin() + std::min(offset, text.size()), '\n'));
    bool block = ctx_.IsBlockScalar(node);
    if (!block && newlines == 0) {
      return ctx_.Error(node, std::move(message), std::move(hint), ctx_.ColumnsTo(node, offset));
    }
    Diag d;
    d.file = ctx_.file;
    d.line = node.Mark().line + 1 + (block ? 1 : 0) + static_cast<int>(newlines);
    d.message = std::move(message);
    d.hint = std::move(hint);
    errors_->push_back(std::move(d));
    return false;
  }

  bool ParseStringList(const YAML::Node& node, std::string_view what, std::vector<std::string>* out) {
    if (node.IsScalar()) {
      out->push_back(node.Scalar());
      return true;
    }
    if (!node.IsSequence()) return ctx_.Error(node, std::string(what) + " must be a list of strings");
    bool ok = true;
    for (const auto& item : node) {
      if (!item.IsScalar()) ok = ctx_.Error(item, std::string(what) + " must be a list of strings");
      else out->push_back(item.Scalar());
    }
    return ok;
  }

  bool ParseRemediation(const YAML::Node& node, Rule* rule) {
    if (!node.IsSequence() || node.size() == 0) {
      return ctx_.Error(node, "remediation must be a non-empty list of steps",
                        "each step is {text: ..., command: ...}; command is optional");
    }
    bool ok = true;
    for (const auto& step : node) {
      if (!step.IsMap()) {
        ok = ctx_.Error(step, "a remediation step must be a mapping with text and, optionally, command");
        continue;
      }
      RemediationStep s;
      bool step_ok = true;
      for (const auto& kv : step) {
        std::string key = kv.first.IsScalar() ? kv.first.Scalar() : "";
        if (key != "text" && key != "command") {
          std::string best = Spellcheck(key, {"text", "command"});
          step_ok = ctx_.Error(kv.first, "unknown key '" + key + "' in a remediation step",
                               best.empty() ? "a step has text and command" : "did you mean '" + best + "'?");
        }
      }
      if (!step["text"]) {
        step_ok = ctx_.Error(step, "a remediation step needs text");
      } else {
        step_ok &= ParseTemplate(step["text"], "remediation text", &s.text);
      }
      if (const YAML::Node c = step["command"]) {
        Template t;
        step_ok &= ParseTemplate(c, "remediation command", &t);
        s.command = std::move(t);
      }
      if (step_ok) rule->remediation.push_back(std::move(s));
      ok &= step_ok;
    }
    return ok;
  }

  bool ParseExamples(const YAML::Node& node, Rule* rule) {
    if (!node.IsMap()) return ctx_.Error(node, "examples must be a mapping with match and no_match");
    bool ok = true;
    fs::path base = fs::path(ctx_.file).parent_path();
    for (const auto& kv : node) {
      std::string key = kv.first.IsScalar() ? kv.first.Scalar() : "";
      std::vector<std::string>* out = key == "match"      ? &rule->examples_match
                                      : key == "no_match" ? &rule->examples_no_match
                                                          : nullptr;
      if (!out) {
        std::string best = Spellcheck(key, {"match", "no_match"});
        ok = ctx_.Error(kv.first, "unknown key '" + key + "' in examples",
                        best.empty() ? "examples has match and no_match" : "did you mean '" + best + "'?");
        continue;
      }
      std::vector<std::string> files;
      ok &= ParseStringList(kv.second, "examples." + key, &files);
      size_t i = 0;
      for (const auto& f : files) {
        fs::path p = fs::path(f).is_absolute() ? fs::path(f) : base / f;
        const YAML::Node at = kv.second.IsSequence() ? kv.second[i] : kv.second;
        ++i;
        std::error_code ec;
        // Examples travel with their rules: they must stay inside the folder
        // of rules (no ../, no absolute paths elsewhere, no links out).
        fs::path real = fs::weakly_canonical(p, ec);
        fs::path root = fs::weakly_canonical(root_.empty() ? base : fs::path(root_), ec);
        fs::path rel = real.lexically_relative(root);
        if (rel.empty() || rel.native().starts_with("..")) {
          ok = ctx_.Error(at, "example file '" + f + "' is outside the folder of rules",
                          "keep examples under " + root.string() + " so that the rules can be shared as one folder");
          continue;
        }
        if (!fs::is_regular_file(p, ec)) {
          ok = ctx_.Error(at, "example file '" + f + "' does not exist",
                          "paths are relative to the rule file: " + p.lexically_normal().string());
          continue;
        }
        out->push_back(p.lexically_normal().string());
      }
    }
    return ok;
  }

  LoadContext ctx_;
  std::string root_;  // examples must stay under it
  std::vector<Diag>* errors_;
};

}  // namespace

const std::vector<std::string>& RuleKeys() { return kRuleKeys; }

bool LoadRuleText(const std::string& text, const std::string& name, std::vector<Rule>* out,
                  std::vector<Diag>* errors, const std::string& examples_root) {
  if (!CheckDepth(text, name, errors)) return false;
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::ParserException& e) {
    auto [msg, hint] = DescribeYamlError(e.msg);
    errors->push_back({name, e.mark.line >= 0 ? e.mark.line + 1 : 0,
                       e.mark.column >= 0 ? e.mark.column + 1 : 0, "YAML syntax: " + msg, hint});
    return false;
  } catch (const YAML::Exception& e) {
    errors->push_back({name, 0, 0, "YAML: " + e.msg, ""});
    return false;
  }
  RuleParser parser(name, text, examples_root, errors);
  bool ok = true;
  try {
    if (root.IsNull()) {
      errors->push_back({name, 0, 0, "the file holds no rule", "a rule file holds one rule or a list of rules"});
      return false;
    }
    if (root.IsSequence()) {
      for (const auto& node : root) {
        Rule r;
        if (parser.ParseRule(node, &r)) out->push_back(std::move(r));
        else ok = false;
      }
    } else {
      Rule r;
      if (parser.ParseRule(root, &r)) out->push_back(std::move(r));
      else ok = false;
    }
  } catch (const YAML::Exception& e) {
    errors->push_back({name, e.mark.line >= 0 ? e.mark.line + 1 : 0,
                       e.mark.column >= 0 ? e.mark.column + 1 : 0, "YAML: " + e.msg, ""});
    return false;
  }
  return ok;
}

bool LoadRuleFile(const std::string& path, std::vector<Rule>* out, std::vector<Diag>* errors,
                  const std::string& root) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    errors->push_back({path, 0, 0, "cannot read rule file", ""});
    return false;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  return LoadRuleText(ss.str(), path, out, errors, root);
}

bool LoadRuleDir(const std::string& dir, std::vector<Rule>* out, std::vector<Diag>* errors) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    errors->push_back({dir, 0, 0, "not a directory of rules", "pass a folder that holds *.yaml rule files"});
    return false;
  }
  std::vector<std::string> files = RuleFilesOf(dir);
  bool ok = true;
  size_t first = out->size();
  for (const auto& f : files) ok &= LoadRuleFile(f, out, errors, dir);
  // Duplicate ids within one directory.
  std::map<std::string, size_t> seen;
  for (size_t i = first; i < out->size(); ++i) {
    auto [it, inserted] = seen.emplace((*out)[i].id, i);
    if (!inserted) {
      const Rule& a = (*out)[it->second];
      const Rule& b = (*out)[i];
      errors->push_back({b.file, b.line, b.column, "duplicate rule id '" + b.id + "'",
                         "first defined at " + a.file + ":" + std::to_string(a.line)});
      ok = false;
    }
  }
  return ok;
}

}  // namespace tbx
