#include "util/json_writer.h"

#include <bit>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <string>

#include "util/strings.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace tbx {
namespace {

// Where the first byte of s[from, n) that needs escaping is (one not 0x20
// to 0x7E, or '"' or '\\'), or n. Most of a string is plain.
size_t PlainUntil(const char* s, size_t from, size_t n) {
  size_t i = from;
#if defined(__SSE2__)
  // Sixteen bytes at a time: a signed compare below 0x20 takes the
  // controls and the bytes of 0x80 and more together.
  auto bad = [](const char* p) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    __m128i b = _mm_or_si128(_mm_cmplt_epi8(v, _mm_set1_epi8(0x20)), _mm_cmpeq_epi8(v, _mm_set1_epi8(0x7F)));
    b = _mm_or_si128(b, _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))));
    return static_cast<unsigned>(_mm_movemask_epi8(b));
  };
  for (; i + 16 <= n; i += 16) {
    if (unsigned m = bad(s + i)) return i + static_cast<size_t>(std::countr_zero(m));
  }
  if (i == n) return n;
  // The last few bytes: the sixteen that end the string, those before i
  // already known plain; or, in a string shorter than sixteen (most keys
  // and many values), a copy of it.
  unsigned m;
  if (n >= 16) {
    m = bad(s + n - 16) >> (i - (n - 16));
  } else {
    char copy[16] = {};
    std::memcpy(copy, s + i, n - i);
    m = bad(copy) & ((1u << (n - i)) - 1);
  }
  return m ? i + static_cast<size_t>(std::countr_zero(m)) : n;
#else
  // Eight bytes at a time: the classic test for a byte below k, with a
  // byte that needs escaping turned into a zero for the last three.
  constexpr uint64_t kOnes = 0x0101010101010101ull, kHigh = 0x8080808080808080ull;
  auto below = [](uint64_t v, uint64_t k) { return (v - k * kOnes) & ~v & kHigh; };
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    std::memcpy(&w, s + i, 8);
    uint64_t bad = (w & kHigh) | below(w, 0x20) | below(w ^ (0x7F * kOnes), 1) |
                   below(w ^ (0x22 * kOnes), 1) | below(w ^ (0x5C * kOnes), 1);
    if (bad) break;
  }
  while (i < n && s[i] >= 0x20 && s[i] < 0x7F && s[i] != '"' && s[i] != '\\') ++i;
  return i;
#endif
}

}  // namespace

void JsonWriter::AppendString(std::string* out, std::string_view s) {
  static const char* kHex = "0123456789abcdef";
  std::string& buf = *out;
  buf.reserve(buf.size() + s.size() + 2);
  buf += '"';
  for (size_t i = 0; i < s.size();) {
    // Most of it is printable ASCII other than " and \: copied a run at a
    // time.
    size_t plain = PlainUntil(s.data(), i, s.size());
    buf.append(s.data() + i, plain - i);
    i = plain;
    if (i == s.size()) break;
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      size_t n = Utf8SeqLen(s, i);
      if (n == 0) {
        buf += "\xEF\xBF\xBD";  // not UTF-8: U+FFFD
        ++i;
      } else if (c == 0xC2 && static_cast<unsigned char>(s[i + 1]) <= 0x9F) {
        // C1 controls (U+0080-U+009F, C2 80-C2 9F) act as escapes on some
        // terminals: written as \u0080-\u009f.
        unsigned char c1 = static_cast<unsigned char>(s[i + 1]);
        buf += "\\u00";
        buf += kHex[c1 >> 4];
        buf += kHex[c1 & 15];
        i += 2;
      } else {
        buf.append(s.data() + i, n);
        i += n;
      }
      continue;
    }
    ++i;
    switch (c) {
      case '"': buf += "\\\""; break;
      case '\\': buf += "\\\\"; break;
      case '\n': buf += "\\n"; break;
      case '\r': buf += "\\r"; break;
      case '\t': buf += "\\t"; break;
      case '\b': buf += "\\b"; break;
      case '\f': buf += "\\f"; break;
      default:  // the other controls and DEL
        buf += "\\u00";
        buf += kHex[c >> 4];
        buf += kHex[c & 15];
    }
  }
  buf += '"';
}

void JsonWriter::Flush() {
  if (buf_.empty()) return;
  out_.write(buf_.data(), static_cast<std::streamsize>(buf_.size()));
  buf_.clear();
}

void JsonWriter::Newline() {
  if (indent_ <= 0) return;
  buf_ += '\n';
  buf_.append(counts_.size() * static_cast<size_t>(indent_), ' ');
}

void JsonWriter::BeforeValue() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (!counts_.empty()) {
    if (counts_.back()++ > 0) buf_ += ',';
    Newline();
  }
}

void JsonWriter::Close(char c) {
  bool any = counts_.back() > 0;
  counts_.pop_back();
  if (any) Newline();
  buf_ += c;
  AfterValue();
}

void JsonWriter::AfterValue() {
  if (counts_.empty() || buf_.size() >= 64 * 1024) Flush();
}

void JsonWriter::BeginObject() {
  BeforeValue();
  buf_ += '{';
  counts_.push_back(0);
}

void JsonWriter::EndObject() { Close('}'); }

void JsonWriter::BeginArray() {
  BeforeValue();
  buf_ += '[';
  counts_.push_back(0);
}

void JsonWriter::EndArray() { Close(']'); }

void JsonWriter::KeyFrom(std::string_view key) {
  BeforeValue();
  AppendString(&buf_, key);
  buf_ += indent_ > 0 ? ": " : ":";
  after_key_ = true;
}

void JsonWriter::Key(Name key) {
  BeforeValue();
  buf_ += '"';
  buf_.append(key.text);
  buf_ += indent_ > 0 ? "\": " : "\":";
  after_key_ = true;
}

void JsonWriter::String(std::string_view s) {
  BeforeValue();
  AppendString(&buf_, s);
  AfterValue();
}

void JsonWriter::Int(int64_t v) {
  BeforeValue();
  char digits[24];
  auto [end, ec] = std::to_chars(digits, digits + sizeof digits, v);
  buf_.append(digits, end);
  AfterValue();
}

void JsonWriter::Bool(bool v) {
  BeforeValue();
  buf_ += v ? "true" : "false";
  AfterValue();
}

void JsonWriter::Null() {
  BeforeValue();
  buf_ += "null";
  AfterValue();
}

}  // namespace tbx
