// A multi-literal scanner: where in a block of bytes is the first
// occurrence of any of a few dozen short literals? It is the prefilter in
// front of the recognizers: most lines of a log hold none of the literals
// that can start an event, and are passed over without being parsed.
//
// The method is Teddy's (from Hyperscan, as ripgrep uses it): each literal
// goes into one of eight buckets and is fingerprinted by four of its
// bytes, those whose first three are rarest in a sample of the text
// ("running " by "nnin" or "ing " as the text has fewer of "nni" or "ing");
// for each of the four positions
// two 16-entry tables map a byte's low and high nibble to the buckets whose
// literals may have that byte there. With AVX2, 64 positions are tested per
// step (two registers of 32) with a handful of shuffles and ANDs and one
// branch; the few positions that survive go through a Bloom filter of the
// four bytes from the fingerprint on, and the fewer still that pass it are
// checked against their buckets' literals (a shuffle ignores all but the
// low four bits of its index and gives 0 for 0x80 and more, so where every
// literal's fingerprint is ASCII the low nibbles are looked up unmasked).
// A block is taken 1 KiB at a time in two passes: the first splits each
// byte into its nibbles once, counts the line ends and looks for the stop
// byte; the second looks the nibbles up from there, where one pass would
// split each byte again for each of the four overlapping loads (a sixth
// fewer instructions in all; a chunk holding the stop byte takes the
// one-pass steps as far as it). Without AVX2 the same tables are used one byte at a
// time. (Three bytes
// in the tables made a sixth fewer instructions in all, but let ten times
// as many positions through, a step in six into the branch that tests
// them, and took more time: docs/performance.md.)
//
// Example:
//   LiteralScanner scan({"Traceback (", "panicked at"});
//   size_t at = scan.Find(block);  // npos if none occurs
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "util/bitmap.h"

namespace tbx {

class LiteralScanner {
 public:
  static constexpr size_t npos = std::string_view::npos;

  /// `literals`: each at least one byte; duplicates are harmless. Each is
  /// fingerprinted by the four bytes whose first three occur least often in `sample`
  /// (the start of the text to be searched), ties broken by how common the
  /// bytes are in logs in general, and joins the bucket whose tables it
  /// makes let through fewest more positions of the sample's first 16 KiB.
  explicit LiteralScanner(const std::vector<std::string>& literals, std::string_view sample = {});

  /// Offset of the leftmost occurrence in `hay` of a literal that holds no
  /// other literal (one that does, "ImportError" beside "Error", is found by
  /// the one it holds), or npos if no literal occurs. No occurrence of any
  /// literal ends before the offset returned.
  size_t Find(std::string_view hay) const;

  /// Find without SIMD, for testing the SIMD path against.
  size_t FindScalar(std::string_view hay) const;

  struct Hit {
    size_t at = npos;     ///< Find's offset or the first `stop` byte's, whichever is less
    size_t newlines = 0;  ///< '\n' bytes before `at` (in all of the block if npos)
  };
  /// What the line reader asks of a block, in one pass instead of three:
  /// where the first literal or `stop` byte is, and how many lines end
  /// before it.
  Hit FindOrStop(std::string_view hay, char stop) const;

  /// FindOrStop without SIMD, for testing the SIMD path against.
  Hit FindOrStopScalar(std::string_view hay, char stop) const;

  const std::vector<std::string>& literals() const { return literals_; }

 private:
  static constexpr size_t kBuckets = 8;
  static constexpr size_t kPrints = 4;  // bytes of each literal in the tables
  static constexpr size_t kBloom = 4;   // bytes of each literal in the Bloom filter, from the same offset
  static constexpr size_t kChunk = 1024;  // bytes of FindAvx2's two-pass chunks, a multiple of 64

  struct Literal {
    std::string text;
    size_t anchor = 0;      // offset of the fingerprinted bytes in text
    uint64_t head = 0;      // text's first (up to) 8 bytes
    uint64_t head_mask = 0;  // which bytes of head are text's
  };
  // The start of the leftmost occurrence of a literal of `buckets` (a bit
  // mask, past the Bloom filter) whose fingerprint is at `pos`, or npos.
  size_t Verify(std::string_view hay, size_t pos, uint8_t buckets) const;
  // After a first occurrence at `start` (or a stop byte there), with every
  // fingerprint before `from` tested: the leftmost occurrence, which may
  // have its fingerprint a little later.
  size_t Leftmost(std::string_view hay, size_t from, size_t start) const;
  // A SIMD step's candidates at `pos`: the leftmost occurrence whose
  // fingerprint is at a bit of `live` (`masks` holding each position's
  // buckets), or else where `first_stop`'s bit is, if set; npos if none.
  // Kept out of line: the step's registers are spilled only when called.
  __attribute__((noinline)) size_t Resolve(std::string_view hay, size_t pos, uint64_t live,
                                           const uint8_t* masks, uint64_t first_stop) const;
  // The bits of `hits` (positions from s on, whose buckets are in `masks`)
  // whose kBloom bytes pass the Bloom filter. Inlined: most candidates fail
  // it, and a call costs the spills of the table registers.
  __attribute__((always_inline)) inline uint64_t PassBloom(const char* s, const uint8_t* masks,
                                                           uint64_t hits) const;
  // The buckets whose tables, and then the Bloom filter, let `pos` pass.
  uint8_t Fingerprint(std::string_view hay, size_t pos) const;
  // Find's offset, or with kStop FindOrStop's; from `from` on, one byte at a
  // time.
  template <bool kStop>
  size_t ScanFrom(std::string_view hay, size_t from, char stop) const;
  // With kStop FindOrStop, else Find (and no line ends counted); the low
  // nibbles of the first kRaw fingerprint bytes looked up unmasked.
  template <bool kStop, size_t kRaw>
  Hit FindAvx2(std::string_view hay, char stop) const;
  // FindAvx2 with kRaw = raw_lo_.
  template <bool kStop>
  Hit FindAvx2Raw(std::string_view hay, char stop) const;

  std::vector<std::string> literals_;
  std::vector<Literal> lits_;
  size_t max_anchor_ = 0;
  // A Bloom filter of the kBloom bytes from each literal's fingerprint on:
  // most positions that pass the nibble tables fail it at once. Buckets
  // holding a literal shorter than kBloom skip it.
  static uint16_t BloomHash(const char* p) {
    uint32_t window;
    std::memcpy(&window, p, kBloom);
    return Hash16(window);
  }
  // May a literal of `buckets` (which the tables let through at `p`, with
  // kBloom bytes there) have its fingerprint at `p`?
  bool PassesBloom(uint8_t buckets, const char* p) const {
    return (buckets & no_bloom_) || bloom_.Test(BloomHash(p));
  }
  Bitmap16 bloom_;
  uint8_t no_bloom_ = 0;  // buckets that skip it
  std::array<std::vector<uint16_t>, kBuckets> bucket_literals_;  // indexes into literals_
  // For each fingerprint byte, its low and high nibble's buckets.
  struct Tables {
    alignas(32) uint8_t lo[kPrints][16] = {};
    alignas(32) uint8_t hi[kPrints][16] = {};
  };
  // How many positions of `sample` pass each bucket's tables.
  static std::array<size_t, kBuckets> CountFires(const Tables& t, std::string_view sample, bool avx2);
  // The same with AVX2, adding to `fire`; returns where the rest starts.
  static size_t CountFiresAvx2(const Tables& t, std::string_view sample, std::array<size_t, kBuckets>* fire);
  Tables tables_;
  bool avx2_ = false;
  size_t raw_lo_ = 0;  // 0, 2 or kPrints: the first so many fingerprint bytes of each literal are its own and ASCII
};

/// Number of '\n' bytes in `s`.
size_t CountNewlines(std::string_view s);

}  // namespace tbx
