// Small string helpers shared by the parser, the rules and the renderers.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tbx {

/// ASCII character classes, inline: the parsers test every byte of every
/// line, and <cctype>'s are calls into the C library that also depend on
/// the locale.
inline bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }
inline bool IsAsciiUpper(char c) { return c >= 'A' && c <= 'Z'; }
inline bool IsAsciiLower(char c) { return c >= 'a' && c <= 'z'; }
inline bool IsAsciiAlpha(char c) { return IsAsciiUpper(c) || IsAsciiLower(c); }
inline bool IsAsciiAlnum(char c) { return IsAsciiAlpha(c) || IsAsciiDigit(c); }
/// Each byte in ASCII lower case, for loops that lower-case a byte at a
/// time without a branch.
inline constexpr std::array<unsigned char, 256> kAsciiLower = [] {
  std::array<unsigned char, 256> t{};
  for (size_t c = 0; c < 256; ++c) t[c] = static_cast<unsigned char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return t;
}();
inline char ToAsciiLower(char c) { return static_cast<char>(kAsciiLower[static_cast<unsigned char>(c)]); }
/// `s` with ASCII letters in lower case (other bytes as they are).
std::string AsciiLower(std::string_view s);

/// Removes ASCII blanks (space, tab, CR, LF, VT, FF) at both ends.
std::string_view Trim(std::string_view s);
std::string_view TrimLeft(std::string_view s);
std::string_view TrimRight(std::string_view s);

/// Number of leading spaces (tabs count as one).
size_t LeadingSpaces(std::string_view s);

/// Parses a non-negative decimal integer that fills all of `s`.
/// Returns nullopt on anything else, including overflow past 2^62.
std::optional<int64_t> ParseUint(std::string_view s);

/// Splits on `sep`, keeping empty pieces.
std::vector<std::string_view> Split(std::string_view s, char sep);

/// Joins with `sep`.
std::string Join(const std::vector<std::string>& parts, std::string_view sep);

/// The last component of a path, for both / and \ separators.
std::string_view BaseName(std::string_view path);

/// True if `s` is valid UTF-8 (no overlongs, no surrogates).
bool IsValidUtf8(std::string_view s);
/// Length of the valid UTF-8 sequence starting at s[i] (1 for ASCII), or 0
/// if none starts there.
size_t Utf8SeqLen(std::string_view s, size_t i);

/// Appends `s` to `out`, replacing invalid UTF-8 sequences with U+FFFD.
void AppendValidUtf8(std::string_view s, std::string* out);

/// Appends at most `max` bytes of `s` to `out` without splitting a UTF-8
/// sequence; returns true if something was cut.
bool AppendBounded(std::string_view s, size_t max, std::string* out);

/// Prose as written in YAML block scalars, made independent of its line
/// breaks: the lines of each paragraph are joined with single spaces,
/// paragraphs stay separated by one blank line, and lines that start with
/// "- ", "* " or a blank (lists, code) keep their own line. Trailing blanks
/// go.
std::string NormalizeProse(std::string_view text);

}  // namespace tbx
