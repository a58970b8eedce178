#include "input/literal_scan.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <unordered_map>
#include <utility>

#include "util/cpu.h"

namespace tbx {

namespace {

#if TBX_X86
// Each 16-entry table in both halves of a register, as the shuffles want.
template <size_t kPrints>
__attribute__((target("avx2"))) void Broadcast(const uint8_t (&tables)[kPrints][16], __m256i* out) {
  for (size_t p = 0; p < kPrints; ++p) {
    out[p] = _mm256_broadcastsi128_si256(_mm_load_si128(reinterpret_cast<const __m128i*>(tables[p])));
  }
}

// Bit b of byte j of the result is set if bucket b's tables accept the
// kPrints bytes from s + j on: 32 positions, from kPrints overlapping loads.
// The low nibble of the first kRaw bytes is looked up without masking the
// byte: a shuffle gives 0 for a byte of 0x80 or more, which is right where
// no literal has such a byte there.
template <size_t kPrints, size_t kRaw = 0>
__attribute__((target("avx2"), always_inline)) inline __m256i Candidates(const char* s, const __m256i* lo,
                                                                        const __m256i* hi) {
  const __m256i nibble = _mm256_set1_epi8(0x0F);
  __m256i r = _mm256_set1_epi8(static_cast<char>(0xFF));
  for (size_t p = 0; p < kPrints; ++p) {
    __m256i c = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(s + p));
    __m256i l = _mm256_shuffle_epi8(lo[p], p < kRaw ? c : _mm256_and_si256(c, nibble));
    __m256i h = _mm256_shuffle_epi8(hi[p], _mm256_and_si256(_mm256_srli_epi16(c, 4), nibble));
    r = _mm256_and_si256(r, _mm256_and_si256(l, h));
  }
  return r;
}

// Candidates from nibbles split beforehand: lo_nib and hi_nib hold the
// low and high nibbles of the bytes from s on (lo_nib only past the first
// kRaw, whose bytes are looked up as they are).
template <size_t kPrints, size_t kRaw>
__attribute__((target("avx2"), always_inline)) inline __m256i CandidatesOf(const char* s, const uint8_t* lo_nib,
                                                                          const uint8_t* hi_nib,
                                                                          const __m256i* lo, const __m256i* hi) {
  __m256i r = _mm256_set1_epi8(static_cast<char>(0xFF));
  for (size_t p = 0; p < kPrints; ++p) {
    const void* l_at = p < kRaw ? static_cast<const void*>(s + p) : static_cast<const void*>(lo_nib + p);
    __m256i l = _mm256_shuffle_epi8(lo[p], _mm256_loadu_si256(static_cast<const __m256i*>(l_at)));
    __m256i h = _mm256_shuffle_epi8(hi[p], _mm256_loadu_si256(reinterpret_cast<const __m256i*>(hi_nib + p)));
    r = _mm256_and_si256(r, _mm256_and_si256(l, h));
  }
  return r;
}

// Bit j is set if byte j of a (j < 32) or of b (j - 32) is not zero.
__attribute__((target("avx2"))) inline uint64_t NonZero(__m256i a, __m256i b) {
  const __m256i zero = _mm256_setzero_si256();
  uint32_t ma = ~static_cast<uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(a, zero)));
  uint32_t mb = ~static_cast<uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(b, zero)));
  return ma | static_cast<uint64_t>(mb) << 32;
}

// The sum of the 32 bytes of *v, which are then set to zero.
__attribute__((target("avx2"))) inline size_t Drain(__m256i* v) {
  __m256i sums = _mm256_sad_epu8(*v, _mm256_setzero_si256());  // four 64-bit sums
  *v = _mm256_setzero_si256();
  __m128i half = _mm_add_epi64(_mm256_castsi256_si128(sums), _mm256_extracti128_si256(sums, 1));
  return static_cast<size_t>(_mm_cvtsi128_si64(half)) + static_cast<size_t>(_mm_extract_epi64(half, 1));
}

#endif

// The buckets whose tables accept the (up to) four bytes from hay[pos].
template <size_t kPrints>
uint8_t Match(const uint8_t (&lo)[kPrints][16], const uint8_t (&hi)[kPrints][16], std::string_view hay,
              size_t pos) {
  const auto* s = reinterpret_cast<const unsigned char*>(hay.data());
  uint8_t m = lo[0][s[pos] & 15] & hi[0][s[pos] >> 4];
  for (size_t p = 1; p < kPrints && pos + p < hay.size() && m; ++p) {
    m &= lo[p][s[pos + p] & 15] & hi[p][s[pos + p] >> 4];
  }
  return m;
}

// How common a byte is in logs, roughly: the fingerprint of a literal is
// the window with the lowest sum, among those equally rare in the sample.
int Commonness(unsigned char c) {
  if (c == ' ') return 10;
  if (std::strchr("etaoinsr", c) && c) return 8;
  if (std::strchr("lcduhmpgfwy", c) && c) return 7;
  if (c >= 'a' && c <= 'z') return 6;
  if (c >= '0' && c <= '9') return 6;
  if (std::strchr("-=.:/_,", c) && c) return 6;
  if (std::strchr("ETSIARONCDPF", c) && c) return 5;
  if (c >= 'A' && c <= 'Z') return 4;
  if (c >= 0x80) return 2;
  if (c < 0x20) return 1;
  return 3;
}

// The first three bytes of a window, as a number.
uint32_t Key(const char* p) {
  return static_cast<uint32_t>(static_cast<unsigned char>(p[0])) << 16 |
         static_cast<uint32_t>(static_cast<unsigned char>(p[1])) << 8 | static_cast<unsigned char>(p[2]);
}

// How often each window of three bytes of `literals` occurs in `sample`.
std::unordered_map<uint32_t, size_t> CountWindows(const std::vector<std::string>& literals,
                                                  std::string_view sample) {
  std::unordered_map<uint32_t, size_t> counts;
  // Which windows may be wanted, by a hash: a bitmap of every window (2 MiB)
  // cost more to clear and fault in (1.5 ms) than the whole count.
  Bitmap16 wanted;
  for (const auto& l : literals) {
    for (size_t k = 0; k + 3 <= l.size(); ++k) {
      uint32_t key = Key(l.data() + k);
      counts[key] = 0;
      wanted.Set(Hash16(key));
    }
  }
  for (size_t i = 0; i + 3 <= sample.size(); ++i) {
    uint32_t key = Key(sample.data() + i);
    if (!wanted.Test(Hash16(key))) continue;
    if (auto it = counts.find(key); it != counts.end()) ++it->second;
  }
  return counts;
}

}  // namespace

LiteralScanner::LiteralScanner(const std::vector<std::string>& literals, std::string_view sample) {
  // A literal that holds another is found wherever that one is: only the
  // other is searched for ("Error" for "ImportError").
  for (const auto& l : literals) {
    if (l.empty()) continue;
    bool redundant = false;
    for (const auto& m : literals) {
      if (!m.empty() && m.size() < l.size() && l.find(m) != std::string::npos) redundant = true;
    }
    if (!redundant && std::find(literals_.begin(), literals_.end(), l) == literals_.end()) literals_.push_back(l);
  }
  std::unordered_map<uint32_t, size_t> seen;
  if (!sample.empty()) seen = CountWindows(literals_, sample);
  for (const auto& text : literals_) {
    Literal lit;
    lit.text = text;
    std::pair<size_t, int> best = {SIZE_MAX, 1 << 30};
    // The Bloom filter reads kBloom bytes from the same offset.
    const size_t window = text.size() >= kBloom ? kBloom : kPrints;
    for (size_t k = 0; k + window <= text.size(); ++k) {
      int common = 0;
      for (size_t p = 0; p < kPrints; ++p) common += Commonness(static_cast<unsigned char>(text[k + p]));
      std::pair<size_t, int> score = {seen.empty() ? 0 : seen[Key(text.data() + k)], common};
      if (score < best) {
        best = score;
        lit.anchor = k;
      }
    }
    size_t head = std::min<size_t>(text.size(), 8);
    std::memcpy(&lit.head, text.data(), head);
    lit.head_mask = head == 8 ? ~uint64_t{0} : (uint64_t{1} << (8 * head)) - 1;
    max_anchor_ = std::max(max_anchor_, lit.anchor);
    lits_.push_back(std::move(lit));
  }
  // How often each byte occurs: in the sample, or as guessed for logs.
  std::array<double, 256> freq{};
  if (sample.size() >= 4096) {
    for (unsigned char c : sample) freq[c] += 1;
  } else {
    for (size_t c = 0; c < 256; ++c) freq[c] = std::ldexp(1.0, Commonness(static_cast<unsigned char>(c)));
  }
  double total = 0;
  for (double f : freq) total += f;
  for (double& f : freq) f /= total;
  // A bucket accepts at each position every byte whose low and high nibbles
  // are both among its literals' there: the share of positions where it
  // fires is about the product of those bytes' frequencies.
  struct Nibbles {
    uint16_t lo[kPrints] = {}, hi[kPrints] = {};
  };
  auto fires = [&](const Nibbles& n) {
    double rate = 1;
    for (size_t p = 0; p < kPrints; ++p) {
      double share = 0;
      for (unsigned hi = n.hi[p]; hi; hi &= hi - 1) {
        for (unsigned lo = n.lo[p]; lo; lo &= lo - 1) {
          share += freq[static_cast<size_t>(std::countr_zero(hi) << 4 | std::countr_zero(lo))];
        }
      }
      rate *= share;
    }
    return rate;
  };
  auto join = [](Nibbles a, const Nibbles& b) {
    for (size_t p = 0; p < kPrints; ++p) {
      a.lo[p] |= b.lo[p];
      a.hi[p] |= b.hi[p];
    }
    return a;
  };
  auto nibbles_of = [&](const Literal& lit) {
    Nibbles n;
    for (size_t p = 0; p < kPrints; ++p) {
      if (lit.anchor + p < lit.text.size()) {
        unsigned char c = static_cast<unsigned char>(lit.text[lit.anchor + p]);
        n.lo[p] = static_cast<uint16_t>(1u << (c & 15));
        n.hi[p] = static_cast<uint16_t>(1u << (c >> 4));
      } else {
        n.lo[p] = n.hi[p] = 0xFFFF;  // past the literal's end: any byte
      }
    }
    return n;
  };
  // Literals shorter than the fingerprint fire on more, so each gets a
  // bucket of its own while there are buckets to spare. Then each literal,
  // the most frequent fingerprints first, joins the bucket that it makes
  // fire least more often: literals alike share a bucket and keep it narrow.
  std::vector<uint16_t> order(lits_.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<uint16_t>(i);
  std::vector<double> alone(lits_.size());
  for (size_t i = 0; i < lits_.size(); ++i) alone[i] = fires(nibbles_of(lits_[i]));
  std::stable_sort(order.begin(), order.end(), [&](uint16_t a, uint16_t b) {
    bool sa = lits_[a].text.size() < kPrints, sb = lits_[b].text.size() < kPrints;
    return sa != sb ? sa : alone[a] > alone[b];
  });
  // What the sample shows is counted there: a word common in this log
  // ("restore", "typing") may pass a bucket's tables where the byte
  // frequencies above cannot tell. Each literal is tried in every bucket at
  // once, in one pass over the start of the sample: 16 KiB (4 KiB without
  // AVX2) cut the candidates on the 1 GiB benchmark 13-fold, 64 KiB 23-fold
  // but cost 1 ms more.
  avx2_ = HaveAvx2();
  const bool count = sample.size() >= 4096;
  const std::string_view counted = sample.substr(0, avx2_ ? 16 * 1024 : 4 * 1024);
  const double scale = count ? static_cast<double>(counted.size()) : 1;
  auto tables_of = [](const std::array<Nibbles, kBuckets>& bs) {
    Tables t;
    for (size_t bucket = 0; bucket < kBuckets; ++bucket) {
      uint8_t bit = static_cast<uint8_t>(1u << bucket);
      for (size_t p = 0; p < kPrints; ++p) {
        for (size_t n = 0; n < 16; ++n) {
          if (bs[bucket].lo[p] >> n & 1) t.lo[p][n] |= bit;
          if (bs[bucket].hi[p] >> n & 1) t.hi[p][n] |= bit;
        }
      }
    }
    return t;
  };
  std::array<Nibbles, kBuckets> buckets;
  std::array<bool, kBuckets> used{};
  std::array<size_t, kBuckets> seen_fire{};
  for (uint16_t i : order) {
    Nibbles mine = nibbles_of(lits_[i]);
    std::array<Nibbles, kBuckets> trial;
    for (size_t b = 0; b < kBuckets; ++b) trial[b] = join(buckets[b], mine);
    std::array<size_t, kBuckets> fire{};
    if (count) fire = CountFires(tables_of(trial), counted, avx2_);
    size_t pick = 0;
    double least = 0;
    for (size_t b = 0; b < kBuckets; ++b) {
      double more = static_cast<double>(fire[b]) - static_cast<double>(seen_fire[b]) +
                    (fires(trial[b]) - (used[b] ? fires(buckets[b]) : 0)) * scale;
      if (b == 0 || more < least) {
        least = more;
        pick = b;
      }
      if (!used[b]) break;  // one empty bucket is as good as another
    }
    buckets[pick] = trial[pick];
    seen_fire[pick] = fire[pick];
    used[pick] = true;
    bucket_literals_[pick].push_back(i);
    const Literal& lit = lits_[i];
    if (lit.text.size() < kBloom) {
      no_bloom_ |= static_cast<uint8_t>(1u << pick);
    } else {
      bloom_.Set(BloomHash(lit.text.data() + lit.anchor));
    }
  }
  tables_ = tables_of(buckets);
  // How many of the first fingerprint bytes are every literal's own and
  // ASCII: their low nibbles need no mask (Candidates). pytest's "_ " has
  // two; past its end any byte may follow.
  size_t raw = kPrints;
  for (const Literal& lit : lits_) {
    size_t own = 0;
    while (own < raw && lit.anchor + own < lit.text.size() &&
           static_cast<unsigned char>(lit.text[lit.anchor + own]) < 0x80) {
      ++own;
    }
    raw = own;
  }
  raw_lo_ = raw >= kPrints ? kPrints : raw >= 2 ? 2 : 0;  // the counts FindAvx2 is built for
}

std::array<size_t, LiteralScanner::kBuckets> LiteralScanner::CountFires(const Tables& t,
                                                                        std::string_view sample, bool avx2) {
  std::array<size_t, kBuckets> fire{};
  size_t pos = 0;
#if TBX_X86
  if (avx2) pos = CountFiresAvx2(t, sample, &fire);
#else
  (void)avx2;
#endif
  for (; pos < sample.size(); ++pos) {
    for (uint8_t m = Match(t.lo, t.hi, sample, pos); m; m &= static_cast<uint8_t>(m - 1)) {
      ++fire[static_cast<size_t>(std::countr_zero(m))];
    }
  }
  return fire;
}

#if TBX_X86
__attribute__((target("avx2"))) size_t LiteralScanner::CountFiresAvx2(const Tables& t,
                                                                      std::string_view sample,
                                                                      std::array<size_t, kBuckets>* fire) {
  __m256i lo[kPrints], hi[kPrints];
  Broadcast(t.lo, lo);
  Broadcast(t.hi, hi);
  size_t pos = 0;
  for (; pos + 32 + kPrints - 1 <= sample.size(); pos += 32) {
    __m256i r = Candidates<kPrints>(sample.data() + pos, lo, hi);
    if (_mm256_testz_si256(r, r)) continue;
    // Bucket b's bit moved to the top of each byte, where movemask reads.
    for (size_t b = 0; b < kBuckets; ++b) {
      __m256i top = _mm256_sll_epi16(r, _mm_cvtsi32_si128(static_cast<int>(7 - b)));
      (*fire)[b] += static_cast<size_t>(std::popcount(static_cast<uint32_t>(_mm256_movemask_epi8(top))));
    }
  }
  return pos;
}
#endif

size_t LiteralScanner::Verify(std::string_view hay, size_t pos, uint8_t buckets) const {
  size_t best = npos;
  while (buckets) {
    size_t bucket = static_cast<size_t>(std::countr_zero(buckets));
    buckets &= static_cast<uint8_t>(buckets - 1);
    for (uint16_t i : bucket_literals_[bucket]) {
      const Literal& lit = lits_[i];
      if (pos < lit.anchor) continue;
      size_t start = pos - lit.anchor;
      size_t len = lit.text.size();
      if (start >= best || hay.size() - start < len) continue;
      if (hay.size() - start >= 8) {
        uint64_t word;
        std::memcpy(&word, hay.data() + start, 8);
        if ((word & lit.head_mask) != lit.head) continue;
        if (len > 8 && std::memcmp(hay.data() + start + 8, lit.text.data() + 8, len - 8) != 0) continue;
      } else if (std::memcmp(hay.data() + start, lit.text.data(), len) != 0) {
        continue;
      }
      best = start;
    }
  }
  return best;
}

uint8_t LiteralScanner::Fingerprint(std::string_view hay, size_t pos) const {
  uint8_t m = Match(tables_.lo, tables_.hi, hay, pos);
  if (m && pos + kBloom <= hay.size() && !PassesBloom(m, hay.data() + pos)) return 0;
  return m;
}

size_t LiteralScanner::Resolve(std::string_view hay, size_t pos, uint64_t live, const uint8_t* masks,
                               uint64_t first_stop) const {
  for (; live; live &= live - 1) {
    size_t j = static_cast<size_t>(std::countr_zero(live));
    size_t start = Verify(hay, pos + j, masks[j]);
    if (start != npos) return Leftmost(hay, pos + j + 1, start);
  }
  if (!first_stop) return npos;
  size_t e = pos + static_cast<size_t>(std::countr_zero(first_stop));
  return Leftmost(hay, e, e);
}

size_t LiteralScanner::Leftmost(std::string_view hay, size_t from, size_t start) const {
  // An occurrence that starts before `start` has its fingerprint before
  // start + max_anchor_.
  for (size_t q = from; q < hay.size() && q < start + max_anchor_; ++q) {
    if (uint8_t m = Fingerprint(hay, q)) start = std::min(start, Verify(hay, q, m));
  }
  return start;
}

size_t LiteralScanner::FindScalar(std::string_view hay) const { return ScanFrom<false>(hay, 0, 0); }

LiteralScanner::Hit LiteralScanner::FindOrStopScalar(std::string_view hay, char stop) const {
  size_t at = ScanFrom<true>(hay, 0, stop);
  return {at, CountNewlines(hay.substr(0, at))};
}

template <bool kStop>
size_t LiteralScanner::ScanFrom(std::string_view hay, size_t from, char stop) const {
  for (size_t pos = from; pos < hay.size(); ++pos) {
    // Every fingerprint before the stop byte has been tested; a literal that
    // starts before it may still have its fingerprint after.
    if (kStop && hay[pos] == stop) return Leftmost(hay, pos, pos);
    uint8_t m = Fingerprint(hay, pos);
    if (!m) continue;
    size_t start = Verify(hay, pos, m);
    if (start != npos) return Leftmost(hay, pos + 1, start);
  }
  return npos;
}

uint64_t LiteralScanner::PassBloom(const char* s, const uint8_t* masks, uint64_t hits) const {
  uint64_t live = 0;
  for (; hits; hits &= hits - 1) {
    size_t j = static_cast<size_t>(std::countr_zero(hits));
    if (PassesBloom(masks[j], s + j)) live |= uint64_t{1} << j;
  }
  return live;
}

#if TBX_X86
template <bool kStop, size_t kRaw>
__attribute__((target("avx2"))) LiteralScanner::Hit LiteralScanner::FindAvx2(std::string_view hay,
                                                                            char stop) const {
  const char* s = hay.data();
  size_t n = hay.size();
  __m256i lo[kPrints], hi[kPrints];
  Broadcast(tables_.lo, lo);
  Broadcast(tables_.hi, hi);
  const __m256i nibble = _mm256_set1_epi8(0x0F);
  const __m256i stops = _mm256_set1_epi8(stop);
  const __m256i newline = _mm256_set1_epi8('\n');
  // Line ends are counted per byte lane, up to two a step, and summed
  // every 127 steps, before a lane could overflow.
  __m256i lanes = _mm256_setzero_si256();
  size_t newlines = 0, steps = 0;
  // The line ends before `at`, those before `counted` being summed; `at`
  // may be before it (a literal starts before its fingerprint).
  auto lines_before = [&](size_t at, size_t counted) {
    if (at >= counted) return newlines + static_cast<size_t>(std::count(s + counted, s + at, '\n'));
    return newlines - static_cast<size_t>(std::count(s + at, s + counted, '\n'));
  };
  // Each byte's nibbles, for the two-pass chunks below (and 32 more bytes:
  // the last positions' fingerprints reach past the chunk).
  alignas(32) uint8_t lo_nib[kChunk + 32], hi_nib[kChunk + 32];
  size_t pos = 0;
  for (;;) {
    // A chunk of kChunk bytes in two passes. The first splits each byte
    // into its nibbles once, where the one-pass step below does so for each
    // of its kPrints overlapping loads, and counts the line ends and looks
    // for the stop byte; the second looks the nibbles up from there, about
    // half the instructions of the one-pass step. A chunk that holds the
    // stop byte is left to the one-pass steps, which stop at it.
    size_t end = n;
    if (pos + kChunk + 32 <= n) {
      const char* c0 = s + pos;
      __m256i chunk_lanes = _mm256_setzero_si256();
      // Where the first 32 bytes holding the stop byte start, or kChunk:
      // the first pass ends there (in a coloured log, a few lines on).
      size_t stopped = kChunk;
      for (size_t j = 0; j <= kChunk; j += 32) {
        __m256i c = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(c0 + j));
        if constexpr (kStop) {
          if (j < kChunk) {  // the last 32 bytes are the next chunk's
            __m256i at_stop = _mm256_cmpeq_epi8(c, stops);
            if (!_mm256_testz_si256(at_stop, at_stop)) {
              stopped = j;
              break;
            }
            chunk_lanes = _mm256_sub_epi8(chunk_lanes, _mm256_cmpeq_epi8(c, newline));
          }
        }
        if constexpr (kRaw < kPrints) {
          _mm256_store_si256(reinterpret_cast<__m256i*>(lo_nib + j), _mm256_and_si256(c, nibble));
        }
        _mm256_store_si256(reinterpret_cast<__m256i*>(hi_nib + j),
                           _mm256_and_si256(_mm256_srli_epi16(c, 4), nibble));
      }
      if (stopped == kChunk) {
        for (size_t q = 0; q < kChunk; q += 64) {
          __m256i a = CandidatesOf<kPrints, kRaw>(c0 + q, lo_nib + q, hi_nib + q, lo, hi);
          __m256i b = CandidatesOf<kPrints, kRaw>(c0 + q + 32, lo_nib + q + 32, hi_nib + q + 32, lo, hi);
          __m256i any = _mm256_or_si256(a, b);
          if (_mm256_testz_si256(any, any)) continue;
          alignas(32) uint8_t masks[64];
          _mm256_store_si256(reinterpret_cast<__m256i*>(masks), a);
          _mm256_store_si256(reinterpret_cast<__m256i*>(masks + 32), b);
          uint64_t live = PassBloom(c0 + q, masks, NonZero(a, b));
          if (!live) continue;
          size_t at = Resolve(hay, pos + q, live, masks, 0);
          if (at != npos) return {at, kStop ? lines_before(at, pos) : 0};
        }
        // A lane counts at most one line end per 32 bytes of the chunk.
        if constexpr (kStop) newlines += Drain(&chunk_lanes);
        pos += kChunk;
        continue;
      }
      // The one-pass steps from the chunk's start, as far as the step
      // holding the stop byte: they end there.
      end = pos + (stopped / 64 + 1) * 64;
    }
    // One pass, 64 positions a step, reading 64 + kPrints - 1 bytes (and
    // the Bloom filter kBloom from the last), with one branch for all: most
    // steps have no candidate.
    for (; pos + 64 <= end && pos + 64 + std::max(kPrints, kBloom) - 1 <= n; pos += 64) {
      __m256i a = Candidates<kPrints, kRaw>(s + pos, lo, hi);
      __m256i b = Candidates<kPrints, kRaw>(s + pos + 32, lo, hi);
      __m256i any = _mm256_or_si256(a, b);
      __m256i stop_a = _mm256_setzero_si256(), stop_b = stop_a;
      if constexpr (kStop) {
        __m256i ca = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(s + pos));
        __m256i cb = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(s + pos + 32));
        stop_a = _mm256_cmpeq_epi8(ca, stops);
        stop_b = _mm256_cmpeq_epi8(cb, stops);
        any = _mm256_or_si256(any, _mm256_or_si256(stop_a, stop_b));
        lanes = _mm256_sub_epi8(lanes, _mm256_cmpeq_epi8(ca, newline));
        lanes = _mm256_sub_epi8(lanes, _mm256_cmpeq_epi8(cb, newline));
        if (++steps == 127) {
          newlines += Drain(&lanes);
          steps = 0;
        }
      }
      if (_mm256_testz_si256(any, any)) continue;
      uint64_t hits = NonZero(a, b);
      uint64_t first_stop = 0;  // its bit
      if constexpr (kStop) {
        uint64_t stopped = NonZero(stop_a, stop_b);
        first_stop = stopped & -stopped;
        if (first_stop) hits &= first_stop - 1;  // what comes after waits for Leftmost
      }
      alignas(32) uint8_t masks[64];
      _mm256_store_si256(reinterpret_cast<__m256i*>(masks), a);
      _mm256_store_si256(reinterpret_cast<__m256i*>(masks + 32), b);
      // The Bloom filter, as Fingerprint applies it, here without a call:
      // most candidates fail it.
      uint64_t live = PassBloom(s + pos, masks, hits);
      if (!live && !first_stop) continue;
      size_t at = Resolve(hay, pos, live, masks, first_stop);
      if (at == npos) continue;
      if constexpr (kStop) {
        newlines += Drain(&lanes);  // this step's too
        return {at, lines_before(at, pos + 64)};
      }
      return {at, 0};
    }
    if constexpr (kStop) {
      newlines += Drain(&lanes);
      steps = 0;
    }
    if (end == n) break;
  }
  size_t at = ScanFrom<kStop>(hay, pos, stop);
  if constexpr (kStop) return {at, lines_before(std::min(at, n), pos)};
  return {at, 0};
}
#else
template <bool kStop, size_t kRaw>
LiteralScanner::Hit LiteralScanner::FindAvx2(std::string_view hay, char stop) const {
  return kStop ? FindOrStopScalar(hay, stop) : Hit{FindScalar(hay), 0};
}
#endif

template <bool kStop>
LiteralScanner::Hit LiteralScanner::FindAvx2Raw(std::string_view hay, char stop) const {
  static_assert(kPrints > 2);
  switch (raw_lo_) {
    case kPrints: return FindAvx2<kStop, kPrints>(hay, stop);
    case 2: return FindAvx2<kStop, 2>(hay, stop);
    default: return FindAvx2<kStop, 0>(hay, stop);
  }
}

size_t LiteralScanner::Find(std::string_view hay) const {
  if (!avx2_) return FindScalar(hay);
  return FindAvx2Raw<false>(hay, 0).at;
}

LiteralScanner::Hit LiteralScanner::FindOrStop(std::string_view hay, char stop) const {
  if (!avx2_) return FindOrStopScalar(hay, stop);
  return FindAvx2Raw<true>(hay, stop);
}

namespace {

#if TBX_X86
__attribute__((target("avx2"))) size_t CountNewlinesAvx2(const char* s, size_t n) {
  const __m256i nl = _mm256_set1_epi8('\n');
  size_t count = 0, i = 0;
  for (; i + 32 <= n; i += 32) {
    __m256i c = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(s + i));
    count += static_cast<size_t>(
        std::popcount(static_cast<uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(c, nl)))));
  }
  return count + static_cast<size_t>(std::count(s + i, s + n, '\n'));
}
#endif

}  // namespace

size_t CountNewlines(std::string_view s) {
#if TBX_X86
  if (HaveAvx2()) return CountNewlinesAvx2(s.data(), s.size());
#endif
  return static_cast<size_t>(std::count(s.begin(), s.end(), '\n'));
}

}  // namespace tbx
