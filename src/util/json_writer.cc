#include "util/json_writer.h"

#include <string>

#include "util/strings.h"

namespace tbx {

void JsonWriter::WriteString(std::ostream& out, std::string_view s) {
  static const char* kHex = "0123456789abcdef";
  std::string buf;
  buf.reserve(s.size() + 2);
  buf += '"';
  for (size_t i = 0; i < s.size();) {
    // Most of it is printable ASCII other than " and \: copied a run at a time.
    size_t plain = i;
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
  out << buf;
}

void JsonWriter::Newline() {
  if (indent_ <= 0) return;
  out_ << '\n';
  for (size_t i = 0; i < counts_.size() * indent_; ++i) out_ << ' ';
}

void JsonWriter::BeforeValue() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (!counts_.empty()) {
    if (counts_.back()++ > 0) out_ << ',';
    Newline();
  }
}

void JsonWriter::BeginObject() {
  BeforeValue();
  out_ << '{';
  counts_.push_back(0);
}

void JsonWriter::EndObject() {
  bool any = counts_.back() > 0;
  counts_.pop_back();
  if (any) Newline();
  out_ << '}';
}

void JsonWriter::BeginArray() {
  BeforeValue();
  out_ << '[';
  counts_.push_back(0);
}

void JsonWriter::EndArray() {
  bool any = counts_.back() > 0;
  counts_.pop_back();
  if (any) Newline();
  out_ << ']';
}

void JsonWriter::Key(std::string_view key) {
  BeforeValue();
  WriteString(out_, key);
  out_ << (indent_ > 0 ? ": " : ":");
  after_key_ = true;
}

void JsonWriter::String(std::string_view s) {
  BeforeValue();
  WriteString(out_, s);
}

void JsonWriter::Int(int64_t v) {
  BeforeValue();
  out_ << v;
}

void JsonWriter::Bool(bool v) {
  BeforeValue();
  out_ << (v ? "true" : "false");
}

void JsonWriter::Null() {
  BeforeValue();
  out_ << "null";
}

}  // namespace tbx
