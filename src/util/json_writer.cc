#include "util/json_writer.h"

#include <string>

#include "util/strings.h"

namespace tbx {

void JsonWriter::WriteString(std::ostream& out, std::string_view s) {
  std::string valid;
  valid.reserve(s.size() + 2);
  AppendValidUtf8(s, &valid);
  std::string buf;
  buf.reserve(valid.size() + 2);
  buf += '"';
  for (size_t i = 0; i < valid.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(valid[i]);
    // C1 controls (U+0080-U+009F, C2 80-C2 9F) act as escapes on some
    // terminals: write them as \u0080-\u009f.
    if (c == 0xC2 && i + 1 < valid.size() && static_cast<unsigned char>(valid[i + 1]) <= 0x9F &&
        static_cast<unsigned char>(valid[i + 1]) >= 0x80) {
      static const char* kHex = "0123456789abcdef";
      unsigned char c1 = static_cast<unsigned char>(valid[++i]);
      buf += "\\u00";
      buf += kHex[c1 >> 4];
      buf += kHex[c1 & 15];
      continue;
    }
    switch (c) {
      case '"': buf += "\\\""; break;
      case '\\': buf += "\\\\"; break;
      case '\n': buf += "\\n"; break;
      case '\r': buf += "\\r"; break;
      case '\t': buf += "\\t"; break;
      case '\b': buf += "\\b"; break;
      case '\f': buf += "\\f"; break;
      default:
        if (c < 0x20 || c == 0x7F) {
          static const char* kHex = "0123456789abcdef";
          buf += "\\u00";
          buf += kHex[c >> 4];
          buf += kHex[c & 15];
        } else {
          buf += static_cast<char>(c);
        }
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
