// gen_rules: writes a rule folder of a given number of rules made from real
// ones, for bench/rules-scale (docs/performance.md, "Rule count").
//
//   gen_rules --count N --out DIR RULES_DIR
//
// Reads every rule of RULES_DIR (*.yaml and *.yml, recursively, in name
// order). With N at most the number of real rules it keeps N of them, spread
// evenly over the files; with more, it keeps all and adds synthetic copies,
// round after round over the real rules, until there are N. The copy of
// rule ID made in round R is `ID.qR` and differs from its original only in
// its patterns: every word of every pattern (a run of letters, digits and
// `_` with a letter in it, outside escapes, character classes, group names
// and flags) gets the tag `QR` added, so that `ModuleNotFoundError` becomes
// `ModuleNotFoundErrorQ1`, `^error\[E0308\]` becomes `^errorQ1\[E0308Q1\]`.
// A copy thus has the shape and the cost of its original but does not fire
// on real output (bench/rules-scale checks that none does). Where a word
// carries a quantifier (`Errors?`) the tag goes before its last character
// (`ErrorQ1s?`); a pattern without words gets the tag in front. One tag a
// round keeps the rules' sharing of patterns (many rules test
// `type: ModuleNotFoundError`): a round adds as many distinct patterns as
// the real rules have.
//
// Examples are dropped from every rule, real ones included (their files are
// not copied); the rules keep their files' layout: a real file F goes to
// DIR/F, its copies of round R to DIR/synth-R/F. Comments are not kept.
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <utility>
#include <vector>

namespace fs = std::filesystem;

namespace {

bool IsWord(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// The pattern with `tag` added to each of its words (see the header); a
// pattern without words gets the tag in front, after its `^` if it has one:
// `^(?P<msg>[^\n]{1,100}$)?` becomes `^Q1(?:(?P<msg>[^\n]{1,100}$)?)`.
std::string Retag(const std::string& p, const std::string& tag) {
  std::string out;
  bool tagged = false;
  size_t i = 0, n = p.size();
  while (i < n) {
    char c = p[i];
    if (c == '\\' && i + 1 < n) {
      // An escape: \d, \., \pL, \p{Greek}, \x{41}; \Q...\E is left whole.
      size_t j = i + 2;
      char e = p[i + 1];
      if ((e == 'p' || e == 'P' || e == 'x') && j < n && p[j] == '{') {
        j = p.find('}', j);
        j = j == std::string::npos ? n : j + 1;
      } else if ((e == 'p' || e == 'P') && j < n) {
        ++j;
      } else if (e == 'x') {
        j = std::min(n, j + 2);
      } else if (e == 'Q') {
        j = p.find("\\E", j);
        j = j == std::string::npos ? n : j + 2;
      }
      out.append(p, i, j - i);
      i = j;
    } else if (c == '[') {
      // A character class, up to its closing bracket ([]...] and [^]...]
      // take the first ] literally; [:alpha:] nests).
      size_t j = i + 1;
      if (j < n && p[j] == '^') ++j;
      if (j < n && p[j] == ']') ++j;
      while (j < n && p[j] != ']') {
        if (p[j] == '\\') ++j;
        else if (p[j] == '[' && j + 1 < n && p[j + 1] == ':') {
          size_t k = p.find(":]", j + 2);
          if (k != std::string::npos) j = k + 1;
        }
        ++j;
      }
      j = std::min(n, j + 1);
      out.append(p, i, j - i);
      i = j;
    } else if (c == '(' && i + 1 < n && p[i + 1] == '?') {
      // (?:  (?i)  (?i:  (?P<name>  (?<name>: flags and names are no words.
      size_t j = i + 2;
      if (j < n && (p[j] == 'P' || p[j] == '<')) {
        j = p.find('>', j);
        j = j == std::string::npos ? n : j + 1;
      } else {
        while (j < n && p[j] != ':' && p[j] != ')') ++j;
        j = std::min(n, j + 1);
      }
      out.append(p, i, j - i);
      i = j;
    } else if (c == '{') {
      size_t j = p.find('}', i);  // a repetition {2,5}
      j = j == std::string::npos ? n : j + 1;
      out.append(p, i, j - i);
      i = j;
    } else if (IsWord(c)) {
      size_t j = i;
      bool letter = false;
      while (j < n && IsWord(p[j])) letter |= std::isalpha(static_cast<unsigned char>(p[j++])) != 0;
      std::string word = p.substr(i, j - i);
      if (letter) {
        tagged = true;
        bool quantified = j < n && (p[j] == '?' || p[j] == '*' || p[j] == '+' || p[j] == '{');
        if (quantified) word.insert(word.size() - 1, tag);
        else word += tag;
      }
      out += word;
      i = j;
    } else {
      out += c;
      ++i;
    }
  }
  if (tagged) return out;
  size_t caret = p.starts_with("^") ? 1 : 0;
  return p.substr(0, caret) + tag + "(?:" + p.substr(caret) + ")";
}

// Retags every pattern under a `match:` condition: every scalar that is the
// value of a key, except `final` and `origin`, which are no patterns. A
// `capture:` pattern only takes groups and never decides, so a copy of a
// rule whose other tests can all hold (`panic: {capture: ...}`) would fire:
// in a copy each capture pattern becomes a test of its field, as the rules
// wrote it before capture: existed (unless the field has a test already).
void RetagCondition(YAML::Node node, const std::string& tag) {
  if (node.IsMap() && node["capture"] && node["capture"].IsMap()) {
    YAML::Node capture = node["capture"];
    const YAML::Node& fields = node;  // const: looking a key up must not add it
    std::vector<std::pair<std::string, std::string>> tests;
    for (auto kv : capture) {
      std::string field = kv.first.Scalar();
      if (!fields[field]) tests.emplace_back(field, kv.second.Scalar());
    }
    for (const auto& [field, pattern] : tests) {
      capture.remove(field);
      node[field] = pattern;
    }
    if (capture.size() == 0) node.remove("capture");
  }
  if (node.IsSequence()) {
    for (auto child : node) RetagCondition(child, tag);
  } else if (node.IsMap()) {
    for (auto kv : node) {
      std::string key = kv.first.Scalar();
      if (kv.second.IsScalar()) {
        if (key != "final" && key != "origin") kv.second = Retag(kv.second.Scalar(), tag);
      } else {
        RetagCondition(kv.second, tag);
      }
    }
  }
}

struct Source {
  std::string rel;                // path below RULES_DIR
  std::vector<YAML::Node> rules;  // in file order
};

void Write(const fs::path& path, const std::vector<YAML::Node>& rules) {
  if (rules.empty()) return;
  fs::create_directories(path.parent_path());
  YAML::Emitter e;
  e << YAML::BeginSeq;
  for (const auto& r : rules) e << r;
  e << YAML::EndSeq;
  std::ofstream out(path);
  out << e.c_str() << '\n';
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

int Usage() {
  std::cerr << "usage: gen_rules --count N --out DIR RULES_DIR\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  long count = -1;
  std::string out_dir, in_dir;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--count" && i + 1 < argc) count = std::atol(argv[++i]);
    else if (a == "--out" && i + 1 < argc) out_dir = argv[++i];
    else if (in_dir.empty() && !a.starts_with("-")) in_dir = a;
    else return Usage();
  }
  if (count <= 0 || out_dir.empty() || in_dir.empty()) return Usage();
  try {
    std::vector<std::string> files;
    for (const auto& f : fs::recursive_directory_iterator(in_dir)) {
      auto ext = f.path().extension().string();
      if (f.is_regular_file() && (ext == ".yaml" || ext == ".yml")) files.push_back(f.path().string());
    }
    std::sort(files.begin(), files.end());
    std::vector<Source> sources;
    size_t total = 0;
    for (const auto& f : files) {
      YAML::Node root = YAML::LoadFile(f);
      Source s{fs::relative(f, in_dir).string(), {}};
      if (root.IsSequence()) {
        for (auto r : root) s.rules.push_back(r);
      } else if (root.IsMap()) {
        s.rules.push_back(root);
      }
      for (auto& r : s.rules) r.remove("examples");
      total += s.rules.size();
      sources.push_back(std::move(s));
    }
    if (total == 0) {
      std::cerr << "gen_rules: no rules in " << in_dir << '\n';
      return 2;
    }
    fs::remove_all(out_dir);
    // Real rules: N of them, the i-th kept when it starts a new N-th of the
    // whole list, or all.
    size_t want = static_cast<size_t>(count), index = 0;
    size_t keep = std::min(want, total);
    for (const auto& s : sources) {
      std::vector<YAML::Node> kept;
      for (const auto& r : s.rules) {
        if ((index + 1) * keep / total > index * keep / total) kept.push_back(r);
        ++index;
      }
      Write(fs::path(out_dir) / s.rel, kept);
    }
    // Synthetic copies, round after round.
    size_t made = 0;
    for (int round = 1; keep + made < want; ++round) {
      for (const auto& s : sources) {
        std::vector<YAML::Node> copies;
        for (const auto& r : s.rules) {
          if (keep + made >= want) break;
          ++made;
          std::string tag = "Q" + std::to_string(round);
          YAML::Node c = YAML::Clone(r);
          c["id"] = r["id"].Scalar() + ".q" + std::to_string(round);
          RetagCondition(c["match"], tag);
          copies.push_back(c);
        }
        Write(fs::path(out_dir) / ("synth-" + std::to_string(round)) / s.rel, copies);
      }
    }
    std::cout << "gen_rules: " << keep << " real rules and " << made << " copies in " << out_dir << '\n';
  } catch (const std::exception& e) {
    std::cerr << "gen_rules: " << e.what() << '\n';
    return 2;
  }
  return 0;
}
