#include "rules/template.h"

#include <algorithm>
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
  t.lazy_->once.SetDone();  // parsed already
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
  lazy_->once.Call([this] {
    std::string error;
    size_t offset = 0;
    auto parts = ParseParts(source_, &error, &offset);
    // Only texts that parsed go unparsed into a template; were one to fail
    // now (a damaged cache), it shows as it is written.
    if (parts) {
      lazy_->parts = std::move(*parts);
    } else {
      lazy_->parts.pieces.push_back({source_, {}, std::nullopt});
    }
  });
  return lazy_->parts;
}

std::optional<Template::Parts> Template::ParseParts(std::string_view text, std::string* error,
                                                    size_t* error_offset) {
  Parts t;
  std::string literal;
  auto fail = [&](std::string message, size_t at) {
    *error = std::move(message);
    *error_offset = at;
    return std::nullopt;
  };
  const char* const kUnclosed = "'{' is never closed (write '{{' for a literal brace)";
  auto flush = [&] {
    if (!literal.empty()) {
      t.pieces.push_back({std::move(literal), {}, std::nullopt});
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
      return fail("a lone '}' (write '}}' for a literal brace)", i);
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
    // {name}, {name|default}, or {name|{other}}: other's value (which may
    // have a default or another placeholder of its own) when name's is
    // missing.
    Piece p;
    size_t at = i;      // the '{' of the placeholder being read
    size_t nested = 0;  // placeholders opened as defaults, each closed by one more '}'
    size_t close = 0;
    for (;;) {
      size_t end = text.find_first_of("|}", at + 1);
      if (end == std::string_view::npos) return fail(kUnclosed, i);
      std::string_view name = text.substr(at + 1, end - at - 1);
      if (name.empty()) return fail("empty placeholder '{}'", at);
      if (!std::all_of(name.begin(), name.end(), IsNameChar)) return fail("bad placeholder name '" + std::string(name) + "' (letters, digits, '_', '.', '-')", at);
      bool is_fact = name.starts_with("fact.");
      p.names.push_back({std::string(is_fact ? name.substr(5) : name), is_fact, at});
      t.placeholders.push_back(p.names.back());
      if (text[end] == '}') {
        close = end;
        break;
      }
      if (end + 1 < text.size() && text[end + 1] == '{') {
        at = end + 1;
        ++nested;
        continue;
      }
      close = text.find('}', end + 1);
      if (close == std::string_view::npos) return fail(kUnclosed, i);
      std::string_view fallback = text.substr(end + 1, close - end - 1);
      if (fallback.find('{') != std::string_view::npos) return fail("a placeholder's default is text or one placeholder, as in {a|text} or {a|{b}}", i);
      p.fallback = std::string(fallback);
      break;
    }
    for (; nested > 0; --nested) {
      if (close + 1 >= text.size() || text[close + 1] != '}') return fail(kUnclosed, i);
      ++close;
    }
    flush();
    t.pieces.push_back(std::move(p));
    i = close;
  }
  flush();
  return t;
}

std::string Template::Expand(const Captures& captures, const Facts& facts) const {
  std::string out;
  for (const auto& p : parts().pieces) {
    if (p.names.empty()) {
      out += p.text;
      continue;
    }
    const std::string* value = nullptr;
    for (const Placeholder& n : p.names) {
      if (n.is_fact) {
        auto it = facts.find(n.name);
        if (it != facts.end() && !it->second.empty()) value = &it->second.front();
      } else {
        auto it = captures.find(n.name);
        if (it != captures.end() && !it->second.empty()) value = &it->second;
      }
      if (value) break;
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
