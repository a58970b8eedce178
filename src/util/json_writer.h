// A small streaming JSON writer. Every string it writes is valid UTF-8
// (invalid bytes become U+FFFD) and every control character is escaped, so
// nothing from the input can reach a terminal or a parser raw.
//
// Example:
//   JsonWriter w(out);
//   w.BeginObject(); w.Key("version"); w.Int(1); w.EndObject();
#pragma once

#include <cstdint>
#include <ostream>
#include <string_view>
#include <vector>

namespace tbx {

class JsonWriter {
 public:
  /// `indent` 0 writes everything on one line.
  explicit JsonWriter(std::ostream& out, int indent = 2) : out_(out), indent_(indent) {}

  void BeginObject();
  void EndObject();
  void BeginArray();
  void EndArray();
  void Key(std::string_view key);
  void String(std::string_view s);
  void Int(int64_t v);
  void Bool(bool v);
  void Null();

  /// Writes `s` as a JSON string literal (quotes included) to `out`.
  static void WriteString(std::ostream& out, std::string_view s);

 private:
  void BeforeValue();
  void Newline();

  std::ostream& out_;
  int indent_;
  // One entry per open container: number of members written so far.
  std::vector<int> counts_;
  bool after_key_ = false;
};

}  // namespace tbx
