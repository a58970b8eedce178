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
  auto parts = ParseParts(text, error, error_offset);
  if (!parts) return std::nullopt;
  Template t;
  t.source_ = std::string(text);
  t.lazy_ = std::make_shared<Lazy>();
  t.lazy_->parts = std::move(*parts);
  std::call_once(t.lazy_->once, [] {});  // parsed already
  return t;
}

Template Template::Unparsed(std::string text) {
  Template t;
  t.source_ = std::move(text);
  t.lazy_ = std::make_shared<Lazy>();
  return t;
}

const Template::Parts& Template::parts() const {
  static const Parts kNone;
  if (!lazy_) return kNone;  // a default-constructed template
  std::call_once(lazy_->once, [this] {
    std::string error;
    size_t offset = 0;
    auto parts = ParseParts(source_, &error, &offset);
    // Only texts that parsed go unparsed into a template; were one to fail
    // now (a damaged cache), it shows as it is written.
    if (parts) {
      lazy_->parts = std::move(*parts);
    } else {
      lazy_->parts.pieces.push_back({source_, true, false, std::nullopt});
    }
  });
  return lazy_->parts;
}

std::optional<Template::Parts> Template::ParseParts(std::string_view text, std::string* error,
                                                    size_t* error_offset) {
  Parts t;
  std::string literal;
  auto flush = [&] {
    if (!literal.empty()) {
      t.pieces.push_back({std::move(literal), true, false, std::nullopt});
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
    t.placeholders.push_back({p.text, p.is_fact, i});
    t.pieces.push_back(std::move(p));
    i = close;
  }
  flush();
  return t;
}

std::string Template::Expand(const Captures& captures, const Facts& facts) const {
  std::string out;
  for (const auto& p : parts().pieces) {
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
