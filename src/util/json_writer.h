// A small streaming JSON writer. Every string it writes is valid UTF-8
// (invalid bytes become U+FFFD) and every control character is escaped, so
// nothing from the input can reach a terminal or a parser raw. It writes
// into a buffer of its own and hands the stream whole values: when the
// outermost object or array closes, when the buffer passes 64 KiB, and
// when it is destroyed (what a stream's operator<< would cost per piece
// was a tenth of writing JSON Lines).
//
// Example:
//   JsonWriter w(out);
//   w.BeginObject(); w.Key("version"); w.Int(1); w.EndObject();  // now in `out`
#pragma once

#include <cstddef>
#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace tbx {

class JsonWriter {
 public:
  /// `indent` 0 writes everything on one line.
  explicit JsonWriter(std::ostream& out, int indent = 2) : out_(out), indent_(indent) {}
  ~JsonWriter() { Flush(); }
  JsonWriter(const JsonWriter&) = delete;
  JsonWriter& operator=(const JsonWriter&) = delete;

  void BeginObject();
  void EndObject();
  void BeginArray();
  void EndArray();
  /// A key written in the program, as a string literal: checked when
  /// compiling to need no escaping, and copied as it is.
  struct Name {
    template <size_t N>
    consteval Name(const char (&s)[N]) : text(s, N - 1) {  // NOLINT: implicit on purpose
      for (char c : text) {
        auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u >= 0x7F || c == '"' || c == '\\') throw "a key written in the program must need no JSON escaping";
      }
    }
    std::string_view text;
  };
  void Key(Name key);
  /// A key from the input (a fact's name), escaped as a string is.
  void KeyFrom(std::string_view key);
  void String(std::string_view s);
  void Int(int64_t v);
  void Bool(bool v);
  void Null();

  /// Appends `s` to `out` as a JSON string literal (quotes included).
  static void AppendString(std::string* out, std::string_view s);

 private:
  void BeforeValue();
  void Newline();
  void Close(char c);
  // After a value: a whole one (nothing open) or 64 KiB go to the stream.
  void AfterValue();
  void Flush();

  std::ostream& out_;
  std::string buf_;
  int indent_;
  // One entry per open container: number of members written so far.
  std::vector<int> counts_;
  bool after_key_ = false;
};

}  // namespace tbx
