#include "util/required_literal.h"

#include <algorithm>
#include <cstring>
#include <optional>

#include "util/strings.h"

namespace tbx {
namespace {

bool IsQuantifier(std::string_view p, size_t i) {
  return i < p.size() && (p[i] == '*' || p[i] == '+' || p[i] == '?' || p[i] == '{');
}

// Skips a character class starting at p[i] == '['; returns the index after
// its ']' or npos if it does not close.
size_t SkipClass(std::string_view p, size_t i) {
  ++i;
  if (i < p.size() && p[i] == '^') ++i;
  if (i < p.size() && p[i] == ']') ++i;  // a leading ] is a member
  while (i < p.size()) {
    if (p[i] == '\\') {
      i += 2;
    } else if (p[i] == '[' && i + 1 < p.size() && p[i + 1] == ':') {
      size_t close = p.find(":]", i + 2);
      if (close == std::string_view::npos) return std::string_view::npos;
      i = close + 2;
    } else if (p[i] == ']') {
      return i + 1;
    } else {
      ++i;
    }
  }
  return std::string_view::npos;
}

size_t SkipGroup(std::string_view p, size_t i);

// Skips one atom at p[i]: an escape, a class, a group or a character;
// returns the index after it, or npos if it does not close.
size_t SkipAtom(std::string_view p, size_t i) {
  switch (p[i]) {
    case '\\':
      return i + 2 <= p.size() ? i + 2 : std::string_view::npos;
    case '[':
      return SkipClass(p, i);
    case '(':
      return SkipGroup(p, i);
    default:
      return i + 1;
  }
}

// Skips a group starting at p[i] == '('; returns the index after its ')'.
size_t SkipGroup(std::string_view p, size_t i) {
  for (++i; i < p.size();) {
    if (p[i] == ')') return i + 1;
    i = SkipAtom(p, i);
    if (i == std::string_view::npos) return i;
  }
  return std::string_view::npos;
}

// Skips a quantifier at p[i]; sets `optional` if it allows zero repeats.
size_t SkipQuantifier(std::string_view p, size_t i, bool* optional) {
  char c = p[i];
  if (c == '{') {
    size_t close = p.find('}', i);
    if (close == std::string_view::npos) return std::string_view::npos;
    std::string_view body = p.substr(i + 1, close - i - 1);
    *optional = body.empty() || body[0] == '0' || body[0] == ',';
    i = close + 1;
  } else {
    *optional = c != '+';
    ++i;
  }
  if (i < p.size() && (p[i] == '?' || p[i] == '+')) ++i;  // lazy or possessive
  return i;
}

// True if a flag group anywhere, (?i) or (?mi:...) or (?-i), turns case
// folding on or off.
bool HasCaseFlag(std::string_view p) {
  for (size_t at = p.find("(?"); at != std::string_view::npos; at = p.find("(?", at + 2)) {
    // Flag letters up to ':' or ')'; anything else, (?P<name> say, is not
    // a flag group.
    for (size_t i = at + 2; i < p.size() && std::strchr("imsU-", p[i]) != nullptr && p[i] != '\0'; ++i) {
      if (p[i] == 'i') return true;
    }
  }
  return false;
}

// The walk behind RequiredLiteral; with `groups`, also collects the body of
// every group that must match at least once (no ?, * or {0,} after it).
std::string LongestRun(std::string_view p, std::vector<std::string_view>* groups) {
  std::string best, run;
  auto cut = [&] {
    if (run.size() > best.size()) best = run;
    run.clear();
  };
  size_t i = 0;
  while (i < p.size()) {
    char c = p[i];
    if (c == '|') return "";  // alternation at the top level
    if (c == '(' || c == '[' || c == '.' || c == '^' || c == '$') {
      cut();
      const size_t open = i;
      if (c == '(') {
        i = SkipGroup(p, i);
      } else if (c == '[') {
        i = SkipClass(p, i);
      } else {
        ++i;
      }
      if (i == std::string_view::npos) return "";
      const size_t close = i;  // after the group's ')'
      bool optional = false;
      if (IsQuantifier(p, i)) i = SkipQuantifier(p, i, &optional);
      if (i == std::string_view::npos) return "";
      if (c == '(' && !optional && groups) {
        // The body: after `(`, `(?:`, `(?P<name>` or `(?flags:`.
        std::string_view g = p.substr(open + 1, close - open - 2);  // inside the parentheses
        size_t body = std::string_view::npos;
        if (!g.starts_with("?")) {
          body = 0;
        } else if (g.starts_with("?P<") && g.find('>') != std::string_view::npos) {
          body = g.find('>') + 1;
        } else {
          size_t colon = g.find_first_not_of("imsU-", 1);
          if (colon != std::string_view::npos && g[colon] == ':') body = colon + 1;  // (?: or (?s:
        }
        if (body != std::string_view::npos) groups->push_back(g.substr(body));
      }
      continue;
    }
    if (c == ')' || c == ']' || c == '}' || c == '*' || c == '+' || c == '?' || c == '{') return "";
    if (static_cast<unsigned char>(c) >= 0x80) {
      // A byte of a UTF-8 sequence, which a quantifier after it would take
      // whole: left out.
      cut();
      ++i;
      bool optional = false;
      if (IsQuantifier(p, i)) i = SkipQuantifier(p, i, &optional);
      if (i == std::string_view::npos) return "";
      continue;
    }
    // One character, plain or escaped.
    char lit;
    size_t next;
    if (c == '\\') {
      if (i + 1 >= p.size()) return "";
      char e = p[i + 1];
      if ((e >= '0' && e <= '9') || (e >= 'a' && e <= 'z') || (e >= 'A' && e <= 'Z')) {
        // \d \w \s \b \pL \x41 \Q...: a class, an assertion or a code.
        if (std::strchr("dDwWsSbB", e) == nullptr) return "";
        cut();
        i += 2;
        bool optional = false;
        if (IsQuantifier(p, i)) i = SkipQuantifier(p, i, &optional);
        if (i == std::string_view::npos) return "";
        continue;
      }
      lit = e;
      next = i + 2;
    } else {
      lit = c;
      next = i + 1;
    }
    if (IsQuantifier(p, next)) {
      bool optional = false;
      size_t after = SkipQuantifier(p, next, &optional);
      if (after == std::string_view::npos) return "";
      if (!optional) run += lit;  // needed once, maybe repeated
      cut();
      i = after;
      continue;
    }
    run += lit;
    i = next;
  }
  cut();
  return best;
}

}  // namespace

std::string RequiredLiteral(std::string_view p) {
  if (HasCaseFlag(p)) return "";
  return LongestRun(p, nullptr);
}

namespace {

// Splits `p` at its top-level `|` (outside groups and classes); nullopt if
// it cannot tell where they are.
std::optional<std::vector<std::string_view>> Branches(std::string_view p) {
  std::vector<std::string_view> out;
  size_t from = 0, i = 0;
  while (i < p.size()) {
    if (p[i] == '|') {
      out.push_back(p.substr(from, i - from));
      from = ++i;
    } else {
      i = SkipAtom(p, i);
      if (i == std::string_view::npos) return std::nullopt;
    }
  }
  out.push_back(p.substr(from));
  return out;
}

std::vector<std::string> Alternation(std::string_view p, int depth);

// What a concatenation (no top-level |) requires: its longest literal run,
// or the literals of one of its required groups (one per branch), whichever
// has the longer shortest literal.
std::vector<std::string> Concat(std::string_view p, int depth) {
  std::vector<std::string_view> groups;
  std::string run = LongestRun(p, depth < 4 ? &groups : nullptr);
  std::vector<std::string> best;
  if (!run.empty()) best.push_back(run);
  auto shortest = [](const std::vector<std::string>& v) {
    size_t n = v.empty() ? 0 : SIZE_MAX;
    for (const auto& s : v) n = std::min(n, s.size());
    return n;
  };
  for (std::string_view g : groups) {
    std::vector<std::string> sub = Alternation(g, depth + 1);
    if (shortest(sub) > shortest(best)) best = std::move(sub);
  }
  return best;
}

// One literal per branch, or nothing if a branch requires nothing.
std::vector<std::string> Alternation(std::string_view p, int depth) {
  auto branches = Branches(p);
  if (!branches) return {};
  std::vector<std::string> out;
  for (std::string_view b : *branches) {
    std::vector<std::string> lits = Concat(b, depth);
    if (lits.empty()) return {};
    for (auto& l : lits) out.push_back(std::move(l));
  }
  return out;
}

}  // namespace

RequiredText RequiredLiterals(std::string_view p) {
  RequiredText out;
  // Leading flags: (?i) makes the literals case-blind; (?m) and (?s) only
  // change what ^, $ and . match.
  while (p.starts_with("(?") && p.size() > 3 && p.find(')') != std::string_view::npos) {
    size_t close = p.find(')');
    std::string_view flags = p.substr(2, close - 2);
    if (flags.empty() || flags.find_first_not_of("ims") != std::string_view::npos) break;
    if (flags.find('i') != std::string_view::npos) out.icase = true;
    p.remove_prefix(close + 1);
  }
  if (HasCaseFlag(p)) return {};
  out.any = Alternation(p, 0);
  if (out.icase) {
    for (auto& lit : out.any) {
      lit = AsciiLower(lit);
    }
  }
  return out;
}

bool RequiredText::MayMatch(std::string_view text, std::string_view lowered) const {
  if (any.empty()) return true;
  std::string own;
  if (icase && lowered.data() == nullptr) {
    own = AsciiLower(text);
    lowered = own;
  }
  std::string_view hay = icase ? lowered : text;
  for (const auto& lit : any) {
    if (hay.find(lit) != std::string_view::npos) return true;
  }
  return false;
}

}  // namespace tbx
