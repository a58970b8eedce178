// ere: translates RE2 patterns (one per line on stdin, as `tbexplain rules
// patterns` prints them) into GNU grep's extended syntax (grep -E), so that
// grep searches for what the rules search for. Patterns it cannot express
// (\n, Unicode classes, inline flags other than a leading (?i)) are left out
// and counted on stderr.
//
// RE2              grep -E
// (?P<n>x) (?:x)   (x)
// (?i)abc          [aA][bB][cC]
// \d \D            [0-9] [^0-9]          inside [...]: 0-9
// \s \w            kept                  inside [...]: [:space:] [:alnum:]_
// x*? x+? x??      x* x+ x?
// \A \z            ^ $
#include <cctype>
#include <iostream>
#include <optional>
#include <string>

namespace {

std::string Fold(char c, bool in_bracket) {
  if (!std::isalpha(static_cast<unsigned char>(c))) return std::string(1, c);
  std::string both = {static_cast<char>(std::tolower(c)), static_cast<char>(std::toupper(c))};
  return in_bracket ? both : "[" + both + "]";
}

std::optional<std::string> Translate(const std::string& p) {
  std::string out;
  size_t i = 0;
  bool icase = false;
  if (p.starts_with("(?i)")) {
    icase = true;
    i = 4;
  }
  bool bracket = false;
  size_t bracket_start = 0;
  for (; i < p.size(); ++i) {
    char c = p[i];
    if (bracket) {
      if (c == ']' && i > bracket_start) {
        bracket = false;
        out += ']';
      } else if (c == '[' && i + 1 < p.size() && p[i + 1] == ':') {
        size_t end = p.find(":]", i + 2);
        if (end == std::string::npos) return std::nullopt;
        out += p.substr(i, end + 2 - i);
        i = end + 1;
      } else if (c == '\\') {
        if (++i >= p.size()) return std::nullopt;
        char e = p[i];
        if (e == 'd') out += "0-9";
        else if (e == 's') out += "[:space:]";
        else if (e == 'w') out += "[:alnum:]_";
        else if (e == 't') out += '\t';
        else if (e == ']' || e == '-' || e == '^' || std::isalnum(static_cast<unsigned char>(e))) return std::nullopt;
        else out += e;  // \\ \. \[ \/ \' ... are the character itself in a bracket
      } else {
        out += icase ? Fold(c, true) : std::string(1, c);
      }
      continue;
    }
    switch (c) {
      case '[':
        bracket = true;
        out += '[';
        if (i + 1 < p.size() && p[i + 1] == '^') out += p[++i];
        bracket_start = i + 1;
        break;
      case '(':
        if (p.compare(i, 3, "(?:") == 0) {
          out += '(';
          i += 2;
        } else if (p.compare(i, 4, "(?P<") == 0 || p.compare(i, 3, "(?<") == 0) {
          size_t end = p.find('>', i);
          if (end == std::string::npos) return std::nullopt;
          out += '(';
          i = end;
        } else if (p.compare(i, 2, "(?") == 0) {
          return std::nullopt;
        } else {
          out += '(';
        }
        break;
      case '*':
      case '+':
      case '?':
      case '}':
        out += c;
        if (i + 1 < p.size() && p[i + 1] == '?') ++i;  // lazy: same lines match
        break;
      case '\\': {
        if (++i >= p.size()) return std::nullopt;
        char e = p[i];
        if (e == 'd') out += "[0-9]";
        else if (e == 'D') out += "[^0-9]";
        else if (e == 'A') out += '^';
        else if (e == 'z') out += '$';
        else if (e == 't') out += '\t';
        else if (e == 's' || e == 'S' || e == 'w' || e == 'W' || e == 'b' || e == 'B') out += std::string("\\") + e;
        else if (std::isalnum(static_cast<unsigned char>(e))) return std::nullopt;  // \n \pL \x41 ...
        else out += std::string("\\") + e;
        break;
      }
      default:
        out += icase ? Fold(c, false) : std::string(1, c);
    }
  }
  if (bracket) return std::nullopt;
  return out;
}

}  // namespace

int main() {
  std::string line;
  size_t kept = 0, left_out = 0;
  while (std::getline(std::cin, line)) {
    if (auto t = Translate(line)) {
      std::cout << *t << '\n';
      ++kept;
    } else {
      std::cerr << "ere: left out: " << line << '\n';
      ++left_out;
    }
  }
  std::cerr << "ere: " << kept << " patterns translated, " << left_out << " left out\n";
  return 0;
}
