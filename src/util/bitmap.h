// A set of 16-bit numbers as 65,536 bits (8 KiB, which stays in a core's
// first-level cache): the filters in front of the literal searches, and the
// hash that maps a few bytes of text onto them.
//
// Example:
//   Bitmap16 seen;
//   seen.Set(Hash16(window));
//   if (seen.Test(Hash16(other))) Verify(other);  // may be a false hit
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

namespace tbx {

class Bitmap16 {
 public:
  static constexpr size_t kWords = 1024;
  void Set(uint16_t i) { bits_[i >> 6] |= uint64_t{1} << (i & 63); }
  bool Test(uint16_t i) const { return bits_[i >> 6] >> (i & 63) & 1; }
  const uint64_t* words() const { return bits_.data(); }

 private:
  std::array<uint64_t, kWords> bits_{};
};

/// No bit set: what a BitmapView16 views until it is given its words.
inline constexpr uint64_t kNoBits16[Bitmap16::kWords] = {};

/// The bits of a Bitmap16 stored elsewhere (Bitmap16::kWords words).
class BitmapView16 {
 public:
  BitmapView16() = default;
  explicit BitmapView16(const uint64_t* words) : bits_(words) {}
  bool Test(uint16_t i) const { return bits_[i >> 6] >> (i & 63) & 1; }

 private:
  const uint64_t* bits_ = kNoBits16;
};

/// The top 16 bits of `x` times a large odd constant (Fibonacci hashing):
/// nearby values land far apart.
inline uint16_t Hash16(uint32_t x) { return static_cast<uint16_t>((x * 0x9E3779B1u) >> 16); }

}  // namespace tbx
