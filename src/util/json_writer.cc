#include "util/json_writer.h"

#include <charconv>
#include <cstdint>
#include <cstring>
#include <string>

#include "util/strings.h"

namespace tbx {
namespace {

// True if none of the eight bytes at `p` needs escaping: each is 0x20 to
// 0x7E and neither '"' nor '\\' (the classic test for a byte below n,
// with a byte that needs escaping turned into a zero for the last three).
bool AllPlain(const char* p) {
  constexpr uint64_t kOnes = 0x0101010101010101ull, kHigh = 0x8080808080808080ull;
  uint64_t w;
  std::memcpy(&w, p, 8);
  auto below = [](uint64_t v, uint64_t n) { return (v - n * kOnes) & ~v & kHigh; };
  uint64_t bad = w & kHigh;                 // 0x80 and more
  bad |= below(w, 0x20);                    // controls
  bad |= below(w ^ (0x7F * kOnes), 1);      // DEL
  bad |= below(w ^ (0x22 * kOnes), 1);      // "
  bad |= below(w ^ (0x5C * kOnes), 1);      // backslash
  return bad == 0;
}

}  // namespace

void JsonWriter::AppendString(std::string* out, std::string_view s) {
  static const char* kHex = "0123456789abcdef";
  std::string& buf = *out;
  buf.reserve(buf.size() + s.size() + 2);
  buf += '"';
  for (size_t i = 0; i < s.size();) {
    // Most of it is printable ASCII other than " and \: copied a run at a
    // time, the run found eight bytes at a time while it lasts.
    size_t plain = i;
    while (plain + 8 <= s.size() && AllPlain(s.data() + plain)) plain += 8;
    while (plain < s.size() && s[plain] >= 0x20 && s[plain] < 0x7F && s[plain] != '"' && s[plain] != '\\') {
      ++plain;
    }
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

void JsonWriter::Key(std::string_view key) {
  BeforeValue();
  AppendString(&buf_, key);
  buf_ += indent_ > 0 ? ": " : ":";
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
