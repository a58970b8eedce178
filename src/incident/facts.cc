#include "incident/facts.h"

#include <re2/re2.h>

#include <algorithm>
#include <deque>
#include <memory>

#include "util/literal_search.h"
#include "util/once.h"
#include "util/required_literal.h"
#include "util/strings.h"

namespace tbx {
namespace {

// One way of recognising a fact: where `pattern` matches, fact `name` gets
// `value`. Both may use $1..$9 for the pattern's groups.
struct FactRule {
  const char* name;
  const char* value;
  const char* pattern;
};

// Path separators: / or \ (Windows).
#define SEP "[/\\\\]"

const FactRule kFactRules[] = {
    // --- python.version: the interpreter's X.Y, from the paths it uses.
    {"python.version", "$1", "(?i)" SEP "lib(?:64)?" SEP "python(\\d\\.\\d{1,2})" SEP},
    {"python.version", "$1.$2", "(?i)" SEP "python(\\d)(\\d{1,2})" SEP "(?:lib|site-packages|scripts)"},
    {"python.version", "$1", SEP "\\.pyenv" SEP "versions" SEP "(\\d\\.\\d{1,2})[.\\d]*" SEP},
    {"python.version", "$1", SEP "\\.asdf" SEP "installs" SEP "python" SEP "(\\d\\.\\d{1,2})"},
    {"python.version", "$1", "\\bPython (\\d\\.\\d{1,2})\\.\\d+"},
    {"python.version", "$1.$2", "\\bcpython-(\\d)(\\d{1,2})-"},
    {"python.version", "$1", "(?:^|[\\s/])python(\\d\\.\\d{1,2})(?:\\s|$)"},
    {"python.version", "$1.$2", "Python\\.(\\d)\\.(\\d{1,2})_"},  // Microsoft Store
    {"python.version", "$1", "hostedtoolcache" SEP "Python" SEP "(\\d\\.\\d{1,2})\\.\\d{1,2}" SEP},  // CI runners
    {"python.version", "$1", "\\bRuntime Version: python:(\\d\\.\\d{1,2})\\b"},  // AWS Lambda's INIT_START
    // --- python.full_version: X.Y.Z where a path or banner shows it.
    {"python.full_version", "$1", SEP "\\.pyenv" SEP "versions" SEP "(\\d\\.\\d{1,2}\\.\\d{1,2})" SEP},
    {"python.full_version", "$1", SEP "\\.asdf" SEP "installs" SEP "python" SEP "(\\d\\.\\d{1,2}\\.\\d{1,2})" SEP},
    {"python.full_version", "$1", "\\bPython (\\d\\.\\d{1,2}\\.\\d{1,2})\\b"},
    {"python.full_version", "$1", "hostedtoolcache" SEP "Python" SEP "(\\d\\.\\d{1,2}\\.\\d{1,2})" SEP},
    // --- python.env: how that Python was installed; several may hold.
    {"python.env", "venv",
     SEP "(?:\\.?venv[^/\\\\]*|\\.?env|virtualenvs" SEP "[^/\\\\]+|\\.tox" SEP "[^/\\\\]+|\\.nox" SEP
         "[^/\\\\]+)" SEP "(?:lib" SEP "python\\d|Lib" SEP "site-packages)"},
    // A virtual environment's interpreter run by its path: .venv/bin/python.
    {"python.env", "venv",
     "(?m)(?:^|[$#>] )(?:[\\w.~-]*[/\\\\])*\\.?venv[^/\\\\\\s]*[/\\\\](?:bin|Scripts)[/\\\\]python"},
    {"python.env", "conda",
     "(?i)(?:anaconda\\d?|miniconda\\d?|miniforge\\d?|mambaforge|" SEP "opt" SEP "conda)" SEP},
    {"python.env", "pyenv", SEP "\\.pyenv" SEP "versions" SEP},
    {"python.env", "asdf", SEP "\\.asdf" SEP "installs" SEP "python" SEP},
    {"python.env", "user-site", SEP "\\.local" SEP "lib" SEP "python\\d\\.\\d+" SEP "site-packages"},
    {"python.env", "user-site", "AppData" SEP "Roaming" SEP "Python" SEP "Python\\d+" SEP "site-packages"},
    {"python.env", "user-site", "/Users/[^/]+/Library/Python/\\d\\.\\d+/lib/python/site-packages"},
    {"python.env", "system", "/usr/lib/python3/dist-packages"},
    {"python.env", "system", "/usr/lib(?:64)?/python\\d\\.\\d+/"},
    {"python.env", "system", "/usr/local/lib/python\\d\\.\\d+/dist-packages"},
    {"python.env", "framework", "/Library/Frameworks/Python\\.framework/"},
    {"python.env", "windows-store", "(?:WindowsApps|Packages)" SEP "PythonSoftwareFoundation\\.Python"},
    {"python.env", "homebrew", "(?:/opt/homebrew|/usr/local/Cellar)/(?:python|opt/python)"},
    // --- Where the packages are.
    {"python.user_site", "$1", "((?:/home/[^/\\s\"]+|/root|~)/\\.local/lib/python\\d\\.\\d+/site-packages)"},
    {"python.system_site", "$1", "(/usr/(?:local/)?lib/python3(?:\\.\\d+)?/dist-packages)"},
    {"python.site", "$1", "((?:[A-Za-z]:)?[^\\s\"']*" SEP "(?:site|dist)-packages)" SEP},
    // --- The command that ran it, from a prompt line before the traceback.
    {"python.command", "$1",
     "(?m)(?:^|[$#>] )(?:sudo\\s+)?((?:[\\w.~-]*[/\\\\])*(?:python|pypy)(?:\\d(?:\\.\\d+)?)?(?:\\.exe)?|py(?:\\.exe)?)\\s+"
     "(?:-[a-zA-Z]+\\s+)*[\\w./\\\\-]+"},
    // --- os: several may hold (linux and debian-like).
    {"os", "windows", "(?:^|[\\s\"'(])[A-Za-z]:\\\\|\\bfile:///[A-Za-z]:/"},
    {"os", "wsl", "(?:/mnt/[a-z]/|microsoft-standard-WSL)"},
    // /Users/ only as a path of its own: `file:///C:/Users/...` is Windows.
    {"os", "macos", "(?:(?:^|[\\s\"'(=])/Users/[^/\\s]+/|/Library/Frameworks/|/opt/homebrew/|\\.dylib\\b|\\bdarwin\\b)"},
    {"os", "linux", "(?:/home/[^/\\s]+/|/usr/lib/|/usr/local/lib/|/usr/share/|/root/|/opt/conda/|\\.so(?:\\.\\d+)*\\b)"},
    {"os", "debian-like", "(?:dist-packages|/usr/share/cargo/registry|\\bapt(?:-get)? install\\b|\\bdpkg\\b)"},
    // A distribution only where the text names a release (advice such as
    // "On Ubuntu you want ..." names none).
    {"os.distro", "ubuntu", "(?i)\\bubuntu[ -]?\\d\\d\\.\\d\\d|~ubuntu\\d|\\bubuntu-latest\\b"},
    {"os.distro", "debian", "(?i)\\bdebian[ -]?(?:\\d\\d?\\b|gnu/linux)|[+~]deb\\d\\du\\d|\\b(?:bookworm|bullseye|trixie|buster)\\b"},
    {"os.distro", "fedora", "(?i)\\bfedora[ -]?\\d\\d\\b|\\.fc\\d\\d\\b"},
    {"os.distro", "alpine", "(?i)\\balpine[ -:]?\\d\\.\\d+|-musl\\b"},
    {"os.distro", "arch", "(?i)\\barch ?linux\\b|\\bmanjaro\\b"},
    // --- Rust.
    {"rust.crate.$1", "$2",
     "(?:registry" SEP "src" SEP "[^/\\\\]+|cargo" SEP "registry|checkouts" SEP "[^/\\\\]+" SEP "[0-9a-f]+)" SEP
     "([A-Za-z0-9_-]+?)-(\\d+\\.\\d+\\.\\d+(?:-[0-9A-Za-z.]+)?)" SEP},
    {"rust.version", "$1", "\\brustc (\\d+\\.\\d+)\\.\\d+"},
};

#undef SEP

const std::vector<FactDef> kFactDefs = {
    {"python.version", "Python version X.Y, from paths (lib/python3.13/), banners or commands"},
    {"python.full_version", "Python version X.Y.Z, where a pyenv, asdf or CI tool-cache path or a banner shows it"},
    {"python.env",
     "how that Python is installed: venv, conda, pyenv, asdf, system, user-site, framework, "
     "windows-store, homebrew"},
    {"python.user_site", "the user site-packages folder, e.g. ~/.local/lib/python3.13/site-packages"},
    {"python.system_site", "the distribution's dist-packages folder, e.g. /usr/lib/python3/dist-packages"},
    {"python.site", "every site-packages or dist-packages folder seen"},
    {"python.command", "the command that ran Python, from a prompt line (python, python3.13, py, .venv/bin/python)"},
    {"os", "linux, debian-like, macos, windows, wsl"},
    {"os.distro", "ubuntu, debian, fedora, alpine, arch, where the text names it"},
    {"rust.crate.*", "a crate's version from registry paths, e.g. rust.crate.pyo3 = 0.22.6"},
    {"rust.version", "rustc version X.Y, from `rustc X.Y.Z` text"},
};

// A fact pattern, compiled the first time a line holds a literal that
// every match of it needs (most texts hold few of them: a paste need not
// compile the rest).
struct CompiledFactRule {
  const FactRule* rule;
  // Matches it may add: 1 if its name and value use no group (the first
  // match is all it can add), else 64.
  uint8_t most = 64;
  mutable Once once;
  mutable std::unique_ptr<RE2> re;

  const RE2& get() const {
    once.Call([this] {
      RE2::Options opt;
      opt.set_log_errors(false);
      re = std::make_unique<RE2>(rule->pattern, opt);
    });
    return *re;
  }
};

// The fact patterns, and one search for the literals they need: a line
// is matched against only the patterns whose literals it holds (a line of
// a log holds one or two, most hold none).
struct FactMatcher {
  std::deque<CompiledFactRule> rules;
  LiteralSearch search;
  std::vector<uint32_t> rule_of;  // literal -> pattern
  std::vector<uint32_t> always;   // patterns that need no literal
};

// Never destroyed: like the rules (main), it is left for the process's
// exit to reclaim; its destructor cost a paste 0.3 million instructions.
const FactMatcher& Matcher() {
  static const FactMatcher* const kPatterns = [] {
    auto* made = new FactMatcher;
    FactMatcher& out = *made;
    std::vector<KeyLiteral> literals;
    for (const auto& r : kFactRules) {
      auto& c = out.rules.emplace_back();
      c.rule = &r;
      if (std::string_view(r.name).find('$') == std::string_view::npos &&
          std::string_view(r.value).find('$') == std::string_view::npos) {
        c.most = 1;
      }
      std::vector<KeyLiteral> need = KeyLiteralsOf(RequiredLiterals(r.pattern));
      uint32_t index = static_cast<uint32_t>(out.rules.size() - 1);
      if (need.empty()) out.always.push_back(index);
      for (auto& lit : need) {
        literals.push_back(std::move(lit));
        out.rule_of.push_back(index);
      }
    }
    out.search = LiteralSearch(std::move(literals));
    return made;
  }();
  return *kPatterns;
}

std::string Expand(std::string_view tmpl, const re2::StringPiece* groups, int n) {
  std::string out;
  for (size_t i = 0; i < tmpl.size(); ++i) {
    if (tmpl[i] == '$' && i + 1 < tmpl.size() && tmpl[i + 1] >= '1' && tmpl[i + 1] <= '9') {
      int g = tmpl[i + 1] - '0';
      if (g < n) out.append(groups[g].data(), groups[g].size());
      ++i;
    } else {
      out += tmpl[i];
    }
  }
  return out;
}

void Add(Facts* facts, std::string name, std::string value) {
  auto& values = (*facts)[std::move(name)];
  if (std::find(values.begin(), values.end(), value) == values.end() && values.size() < 16) {
    values.push_back(std::move(value));
  }
}

}  // namespace

const std::vector<FactDef>& FactDefs() { return kFactDefs; }

std::vector<std::string_view> FactPatterns() {
  std::vector<std::string_view> out;
  for (const auto& r : kFactRules) out.emplace_back(r.pattern);
  return out;
}

bool IsKnownFact(std::string_view name) {
  for (const auto& d : kFactDefs) {
    if (d.name == name) return true;
    if (d.name.ends_with(".*") && name.size() > d.name.size() - 1 &&
        name.starts_with(d.name.substr(0, d.name.size() - 1))) {
      return true;
    }
  }
  return false;
}

Facts InferFactsFromText(std::string_view text) {
  // Values in order of first appearance in the text.
  struct Hit {
    size_t pos;
    size_t rule;
    std::string name, value;
  };
  std::vector<Hit> hits;
  const FactMatcher& patterns = Matcher();
  std::vector<uint8_t> matches(patterns.rules.size());  // up to each one's `most`
  std::vector<uint32_t> candidates;
  re2::StringPiece groups[10];
  // Where the patterns' literals are, in one search of the whole text (a
  // literal holds no line end: each lies within a line).
  std::vector<LiteralSearch::Hit> found;
  patterns.search.FindAll(text, &found);
  auto next_hit = found.begin();
  // A fact lies within a line: each line is matched against the patterns
  // whose literals it holds, in pattern order.
  for (size_t start = 0; start < text.size();) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(start, end - start);
    candidates = patterns.always;
    for (; next_hit != found.end() && next_hit->pos < end; ++next_hit) {
      candidates.push_back(patterns.rule_of[next_hit->literal]);
    }
    std::sort(candidates.begin(), candidates.end());
    candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
    for (uint32_t r : candidates) {
      const CompiledFactRule& rule = patterns.rules[r];
      if (matches[r] >= rule.most) continue;
      const RE2& re = rule.get();
      if (!re.ok()) continue;
      int n = std::min(re.NumberOfCapturingGroups() + 1, 10);
      size_t pos = 0;
      while (pos <= line.size() && matches[r] < rule.most &&
             re.Match(line, pos, line.size(), RE2::UNANCHORED, groups, n)) {
        ++matches[r];
        size_t at = static_cast<size_t>(groups[0].data() - line.data());
        hits.push_back({start + at, r, Expand(rule.rule->name, groups, n), Expand(rule.rule->value, groups, n)});
        pos = at + std::max<size_t>(groups[0].size(), 1);
      }
    }
    start = end + 1;
  }
  std::stable_sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) {
    return a.pos < b.pos;
  });
  Facts facts;
  for (auto& h : hits) Add(&facts, std::move(h.name), std::move(h.value));
  // "linux" is implied by the more specific Linux facts.
  auto os = facts.find("os");
  if (os != facts.end()) {
    auto& v = os->second;
    bool deb = std::find(v.begin(), v.end(), "debian-like") != v.end();
    bool has_linux = std::find(v.begin(), v.end(), "linux") != v.end();
    if (deb && !has_linux) v.insert(v.begin(), "linux");
    // A Windows or macOS path outranks generic Linux hints such as ".so".
    for (std::string_view top : {"wsl", "macos", "windows"}) {
      auto it = std::find(v.begin(), v.end(), top);
      if (it != v.end()) std::rotate(v.begin(), it, it + 1);
    }
  }
  return facts;
}

Facts InferFacts(const std::vector<Event>& events, const std::vector<std::string>& context) {
  std::string text;
  for (const auto& c : context) {
    text += c;
    text += '\n';
  }
  for (const auto& e : events) {
    for (const auto& l : e.lines) {
      text += l;
      text += '\n';
    }
  }
  return InferFactsFromText(text);
}

}  // namespace tbx
