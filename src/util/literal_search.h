// Which of a few hundred literals occur in a text: the search behind the
// rule index (which rules can match an incident) and the fact patterns
// (which of them can match a line).
//
// Example:
//   LiteralSearch search({{"E0308", false}, {"traceback", true}});
//   std::vector<uint32_t> found;
//   search.Find("Traceback (most recent call last):", &found);  // found: {1}
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "util/bitmap.h"
#include "util/required_literal.h"

namespace tbx {

/// A literal to look for.
struct KeyLiteral {
  std::string text;    ///< lowercased when `icase`
  bool icase = false;  ///< compared ignoring ASCII case
  bool operator==(const KeyLiteral&) const = default;
};

/// The literals of `need`, one of which every match of its pattern holds
/// (empty if it requires none).
std::vector<KeyLiteral> KeyLiteralsOf(const RequiredText& need);

/// Finds which of a set of literals occur in a text. At each position the
/// window of the next four bytes, its letters folded to lower case, is
/// hashed onto a bitmap of the literals' first four bytes (literals of
/// fewer bytes have a bitmap of their first two, tested in a pass of their
/// own); the rare window that passes is looked up in a hash table of the
/// literals' starts, and the literals found there are compared. FindAll,
/// which also says where, tests the first two bytes first: with AVX2 32
/// positions at a time (FindSimd), else against a bitmap of the literals'
/// first two.
///
/// Its tables are one block of bytes (image()), which the rule cache stores
/// and FromImage searches in place: a start that loads the rule cache
/// builds nothing, whatever the number of literals.
class LiteralSearch {
 public:
  LiteralSearch() = default;
  explicit LiteralSearch(std::vector<KeyLiteral> literals);

  /// The tables, as bytes to store; FromImage searches them again. They
  /// hold native-endian integers: for this machine, not for another.
  std::string_view image() const { return image_; }
  /// A search over `bytes`, an image() read back, in place: `keep` keeps
  /// them alive, and they must be 8-byte aligned. Returns false (and leaves
  /// `out` alone) if they are not the size their counts give. Damaged
  /// contents of the right size give wrong answers, never a read outside
  /// them or an endless loop.
  static bool FromImage(std::string_view bytes, std::shared_ptr<const void> keep, LiteralSearch* out);

  /// Where in `text` a literal occurs: at byte `pos`, literal `literal`.
  struct Hit {
    size_t pos;
    uint32_t literal;
  };
  /// Appends to `hits` each occurrence of each literal in `text`, in order
  /// of position. With AVX2 a long text (the lines of an incident, which the
  /// fact patterns search) is first passed over 32 positions at a time
  /// (see FindSimd).
  void FindAll(std::string_view text, std::vector<Hit>* hits) const;

  /// FindAll without SIMD, for testing the SIMD path against.
  void FindAllScalar(std::string_view text, std::vector<Hit>* hits) const;

  /// Appends to `found` the index of each literal that occurs in `text`
  /// (ASCII case ignored for icase ones), in no particular order, each
  /// possibly more than once.
  void Find(std::string_view text, std::vector<uint32_t>* found) const;

  size_t size() const { return literals_.size(); }
  /// Literal `i`'s text (lowercased when icase).
  std::string_view text(uint32_t i) const;

  /// Bytes of a literal's start that the table holds: shorter literals are
  /// found at more places.
  static constexpr size_t kWindow = 4;

 private:
  struct Slot {
    uint64_t window = 0;  // Window(); 0: empty
    uint32_t begin = 0, end = 0;  // range of by_window_
  };
  // A literal: its text is chars_.substr(offset, size).
  struct Literal {
    uint32_t offset = 0, size = 0, icase = 0;
  };
  // (length << 32) | the first `length` bytes of `folded`.
  static uint64_t Window(uint32_t folded, size_t length);
  static uint32_t Hash(uint64_t window) {
    return static_cast<uint32_t>((window * 0x9E3779B97F4A7C15ull) >> 40);
  }
  // The bitmap's bit: another multiplier than the table's.
  static uint16_t Filter(uint64_t window) {
    return static_cast<uint16_t>((window * 0xC2B2AE3D27D4EB4Full) >> 48);
  }
  const Slot* Lookup(uint64_t window) const;
  // Appends the literals of `slot` that the `left` bytes at `s` begin with.
  void Compare(const unsigned char* s, size_t left, const Slot& slot, std::vector<uint32_t>* found) const;
  // The same for the literals shorter than a window, of at most `longest`
  // bytes, `folded` being Folded() of those at `s`.
  void CompareShorter(const unsigned char* s, size_t left, uint32_t folded, size_t longest,
                      std::vector<uint32_t>* found) const;
  // Appends the literals that start at s[pos], with at least a window's
  // bytes from there to `n`.
  void At(const unsigned char* s, size_t pos, size_t n, std::vector<uint32_t>* found) const;
  // FindAll's positions from `from` on, one at a time (`found`: scratch
  // for At's literals).
  void FindAllFrom(const unsigned char* s, size_t from, size_t n, std::vector<uint32_t>* found,
                   std::vector<Hit>* hits) const;
  // FindAll's first positions, 32 at a time: each is tested against the
  // literals' first two bytes, folded, Teddy's way (eight buckets of
  // literals by the first byte's low three bits; for each of the two
  // bytes, two 16-entry tables from a nibble to the buckets that may have
  // it there), and At tests the few that pass. Returns where it stopped.
  size_t FindSimd(const unsigned char* s, size_t n, std::vector<uint32_t>* found, std::vector<Hit>* hits) const;

  // The image's parts (literal_search.cc lays them out), viewed in place.
  std::shared_ptr<const void> keep_;  // owns image_
  std::string_view image_;
  std::span<const Literal> literals_;
  std::string_view chars_;           // the literals' texts
  std::span<const uint32_t> by_window_;  // literal indexes, grouped by window
  std::span<const Slot> slots_;      // open addressing, a power of two
  BitmapView16 filter_;              // each window's Filter bit
  BitmapView16 short_pairs_;  // the first two bytes, folded, of each literal shorter than a window
  BitmapView16 pairs_;        // the same of every literal: the first test at a position
  // FindSimd's tables: the first byte's low then high nibble, then the
  // second byte's; bit b of an entry is set if some literal of bucket b may
  // have that nibble there.
  struct alignas(16) Nibbles {
    uint8_t table[4][16] = {};
  };
  Nibbles nibbles_;
  bool avx2_ = false;
  uint8_t lengths_ = 0;              // bit n-1: some literal has an n-byte window
};

}  // namespace tbx
