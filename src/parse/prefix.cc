#include "parse/prefix.h"

#include "util/strings.h"

#include <cctype>

namespace tbx {
namespace {

bool Digits(std::string_view s, size_t at, size_t n) {
  if (at + n > s.size()) return false;
  for (size_t i = at; i < at + n; ++i) {
    if (!IsAsciiDigit(s[i])) return false;
  }
  return true;
}

// 2024-05-01T12:00:00.1234567Z (GitHub Actions, docker --timestamps) or
// 2024-05-01 12:00:00,123, with an optional zone, then one blank. A log
// level or logger name after it is left alone: such a line is a log record.
size_t Timestamp(std::string_view s) {
  size_t i = 0;
  bool bracket = !s.empty() && s[0] == '[';
  if (bracket) ++i;
  if (!Digits(s, i, 4) || i + 19 > s.size() || s[i + 4] != '-' || !Digits(s, i + 5, 2) ||
      s[i + 7] != '-' || !Digits(s, i + 8, 2) || (s[i + 10] != 'T' && s[i + 10] != ' ') ||
      !Digits(s, i + 11, 2) || s[i + 13] != ':' || !Digits(s, i + 14, 2) || s[i + 16] != ':' ||
      !Digits(s, i + 17, 2)) {
    return 0;
  }
  i += 19;
  if (i < s.size() && (s[i] == '.' || s[i] == ',')) {
    ++i;
    while (i < s.size() && IsAsciiDigit(s[i])) ++i;
  }
  if (i < s.size() && s[i] == 'Z') {
    ++i;
  } else if (i + 5 < s.size() && (s[i] == '+' || s[i] == '-') && Digits(s, i + 1, 2)) {
    i += 3;
    if (s[i] == ':') ++i;
    if (!Digits(s, i, 2)) return 0;
    i += 2;
  }
  if (bracket) {
    if (i >= s.size() || s[i] != ']') return 0;
    ++i;
  }
  if (i >= s.size() || s[i] != ' ') return 0;
  return i + 1;
}

// docker compose v1 `web_1  | ` and v2 `web-1  | `: a name ending in _N or
// -N, padding, a bar. A blank traceback line is `web_1  |` alone.
size_t Compose(std::string_view s) {
  if (s.empty() || !IsAsciiAlpha(s[0])) return 0;
  size_t i = 0;
  while (i < s.size() && i < 96 &&
         (IsAsciiAlnum(s[i]) || s[i] == '_' || s[i] == '-' || s[i] == '.')) {
    ++i;
  }
  size_t name_end = i;
  size_t d = name_end;
  while (d > 0 && IsAsciiDigit(s[d - 1])) --d;
  if (d == name_end || d < 2 || (s[d - 1] != '_' && s[d - 1] != '-')) return 0;
  if (i >= s.size() || s[i] != ' ') return 0;
  while (i < s.size() && s[i] == ' ') ++i;
  if (i >= s.size() || s[i] != '|') return 0;
  ++i;
  if (i < s.size() && s[i] == ' ') ++i;
  return i;
}

// kubectl logs --prefix: `[pod/NAME/CONTAINER] `.
size_t Kubectl(std::string_view s) {
  if (!s.starts_with("[pod/")) return 0;
  size_t close = s.find("] ");
  if (close == std::string_view::npos || close > 256) return 0;
  return close + 2;
}

// journald / syslog: `Dez 28 06:43:00 host ident[pid]: `.
size_t Journal(std::string_view s) {
  if (s.size() < 20 || !IsAsciiUpper(s[0]) || s[3] != ' ') return 0;
  size_t i = 4;
  if (s[i] == ' ') ++i;
  while (i < s.size() && IsAsciiDigit(s[i])) ++i;
  if (i >= s.size() || s[i] != ' ' || !Digits(s, i + 1, 2) || s[i + 3] != ':' ||
      !Digits(s, i + 4, 2) || s[i + 6] != ':' || !Digits(s, i + 7, 2) || s[i + 9] != ' ') {
    return 0;
  }
  i += 10;
  size_t host_end = s.find(' ', i);
  if (host_end == std::string_view::npos) return 0;
  size_t colon = s.find(": ", host_end + 1);
  if (colon == std::string_view::npos || colon > host_end + 64) return 0;
  std::string_view ident = s.substr(host_end + 1, colon - host_end - 1);
  if (ident.empty() || ident.find(' ') != std::string_view::npos) return 0;
  return colon + 2;
}

// docker build with BuildKit (plain progress): `#12 0.412 ` — the step
// number and the seconds since the step started.
size_t BuildKit(std::string_view s) {
  if (s.size() < 6 || s[0] != '#' || !IsAsciiDigit(s[1])) return 0;
  size_t i = 1;
  while (i < s.size() && i < 6 && IsAsciiDigit(s[i])) ++i;
  if (i >= s.size() || s[i] != ' ') return 0;
  size_t j = ++i;
  while (i < s.size() && IsAsciiDigit(s[i])) ++i;
  if (i == j || i >= s.size() || s[i] != '.') return 0;
  size_t k = ++i;
  while (i < s.size() && IsAsciiDigit(s[i])) ++i;
  if (i == k || i >= s.size() || s[i] != ' ') return 0;
  return i + 1;
}

const std::vector<PrefixDef> kPrefixes = {
    {"timestamp", &Timestamp}, {"docker-compose", &Compose}, {"kubectl", &Kubectl},
    {"journald", &Journal},    {"buildkit", &BuildKit},
};

}  // namespace

const std::vector<PrefixDef>& Prefixes() { return kPrefixes; }

size_t PrefixLength(std::string_view text) {
  size_t total = 0;
  for (int round = 0; round < 3; ++round) {
    std::string_view rest = text.substr(total);
    if (rest.empty()) break;
    char c = rest[0];
    // Cheap screen: every prefix starts with a digit, a letter, '[' or '#'.
    if (!(IsAsciiDigit(c) || IsAsciiAlpha(c) || c == '[' || c == '#')) break;
    size_t n = 0;
    for (const auto& p : kPrefixes) {
      n = p.match(rest);
      if (n) break;
    }
    if (!n) break;
    total += n;
  }
  return total;
}

}  // namespace tbx
