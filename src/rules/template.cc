#include "rules/template.h"

#include <cctype>

namespace tbx {
namespace {
bool IsNameChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-';
}
}  // namespace

std::optional<Template> Template::Parse(std::string_view text, std::string* error,
                                        size_t* error_offset) {
  Template t;
  t.source_ = std::string(text);
  std::string literal;
  auto flush = [&] {
    if (!literal.empty()) {
      t.pieces_.push_back({std::move(literal), true, false, std::nullopt});
      literal.clear();
    }
  };
  for (size_t i = 0; i < text.size(); ++i) {
    // Plain text up to the next brace, in one piece.
    size_t brace = i;
    while (brace < text.size() && text[brace] != '{' && text[brace] != '}') ++brace;
    if (brace != i) {
      literal.append(text.substr(i, brace - i));
      if (brace == text.size()) break;
      i = brace;
    }
    char c = text[i];
    if (c == '}') {
      if (i + 1 < text.size() && text[i + 1] == '}') {
        literal += '}';
        ++i;
        continue;
      }
      *error = "a lone '}' (write '}}' for a literal brace)";
      *error_offset = i;
      return std::nullopt;
    }
    if (c != '{') {
      literal += c;
      continue;
    }
    if (i + 1 < text.size() && text[i + 1] == '{') {
      literal += '{';
      ++i;
      continue;
    }
    size_t close = text.find('}', i + 1);
    if (close == std::string_view::npos) {
      *error = "'{' is never closed (write '{{' for a literal brace)";
      *error_offset = i;
      return std::nullopt;
    }
    std::string_view inner = text.substr(i + 1, close - i - 1);
    std::optional<std::string> fallback;
    size_t bar = inner.find('|');
    if (bar != std::string_view::npos) {
      fallback = std::string(inner.substr(bar + 1));
      if (fallback->find('{') != std::string::npos) {
        *error = "a placeholder's default cannot contain '{'";
        *error_offset = i;
        return std::nullopt;
      }
      inner = inner.substr(0, bar);
    }
    if (inner.empty()) {
      *error = "empty placeholder '{}'";
      *error_offset = i;
      return std::nullopt;
    }
    for (char n : inner) {
      if (!IsNameChar(n)) {
        *error = "bad placeholder name '" + std::string(inner) +
                 "' (letters, digits, '_', '.', '-')";
        *error_offset = i;
        return std::nullopt;
      }
    }
    flush();
    Piece p;
    p.is_literal = false;
    p.is_fact = inner.starts_with("fact.");
    p.text = std::string(p.is_fact ? inner.substr(5) : inner);
    p.fallback = std::move(fallback);
    t.placeholders_.push_back({p.text, p.is_fact, i});
    t.pieces_.push_back(std::move(p));
    i = close;
  }
  flush();
  return t;
}

std::string Template::Expand(const Captures& captures, const Facts& facts) const {
  std::string out;
  for (const auto& p : pieces_) {
    if (p.is_literal) {
      out += p.text;
      continue;
    }
    const std::string* value = nullptr;
    if (p.is_fact) {
      auto it = facts.find(p.text);
      if (it != facts.end() && !it->second.empty()) value = &it->second.front();
    } else {
      auto it = captures.find(p.text);
      if (it != captures.end() && !it->second.empty()) value = &it->second;
    }
    if (value) {
      out += *value;
    } else if (p.fallback) {
      out += *p.fallback;
    }
  }
  return out;
}

}  // namespace tbx
