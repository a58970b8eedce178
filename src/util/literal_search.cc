#include "util/literal_search.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <utility>

#include "util/cpu.h"
#include "util/strings.h"

namespace tbx {

namespace {

constexpr size_t kWindow = LiteralSearch::kWindow;

// ASCII letters of four bytes folded to lower case, with a few punctuation
// marks folded onto others ('@' onto '`', '[' onto '{', '_' onto DEL, NUL
// onto ' '): one OR per window, and the comparison that follows a hit
// tells them apart.
constexpr uint32_t kFold = 0x20202020;

// Up to four bytes at `p` (n of them, the first lowest), folded.
uint32_t Folded(const unsigned char* p, size_t n) {
  uint32_t w = 0;
  if (n >= kWindow) {
    std::memcpy(&w, p, kWindow);
  } else {
    for (size_t i = 0; i < n; ++i) w |= uint32_t{p[i]} << (8 * i);
  }
  return w | kFold;
}

uint32_t Mask(size_t length) {
  return length >= kWindow ? ~uint32_t{0} : (uint32_t{1} << (8 * length)) - 1;
}

}  // namespace

std::vector<KeyLiteral> KeyLiteralsOf(const RequiredText& need) {
  std::vector<KeyLiteral> out;
  for (const auto& lit : need.any) {
    if (lit.empty()) return {};  // RequiredLiterals makes none: it would require nothing
    out.push_back({lit, need.icase});
  }
  return out;
}

LiteralSearch::LiteralSearch(std::vector<KeyLiteral> literals) : literals_(std::move(literals)) {
  std::vector<std::pair<uint64_t, uint32_t>> windows;  // window, literal
  for (uint32_t i = 0; i < literals_.size(); ++i) {
    const std::string& text = literals_[i].text;
    if (text.empty()) continue;  // KeyOf never makes one
    size_t length = std::min(text.size(), kWindow);
    const auto* start = reinterpret_cast<const unsigned char*>(text.data());
    windows.emplace_back(Window(Folded(start, length), length), i);
    lengths_ |= static_cast<uint8_t>(1u << (length - 1));
    if (length == 1) {  // any second byte
      for (uint32_t next = 0; next < 256; ++next) {
        const auto pair = static_cast<uint16_t>((start[0] | 0x20) | (next | 0x20) << 8);
        short_pairs_.Set(pair);
        pairs_.Set(pair);
      }
    } else {
      const auto pair = static_cast<uint16_t>(Folded(start, 2));
      if (length < kWindow) short_pairs_.Set(pair);
      pairs_.Set(pair);
    }
  }
  for (const auto& [window, i] : windows) {
    const auto b0 = static_cast<uint8_t>(window);
    const auto bucket = static_cast<uint8_t>(1u << (b0 & 7));
    nibbles_.table[0][b0 & 15] |= bucket;
    nibbles_.table[1][b0 >> 4] |= bucket;
    if ((window >> 32) == 1) {  // any second byte
      for (int k = 0; k < 16; ++k) nibbles_.table[2][k] |= bucket, nibbles_.table[3][k] |= bucket;
    } else {
      const auto b1 = static_cast<uint8_t>(window >> 8);
      nibbles_.table[2][b1 & 15] |= bucket;
      nibbles_.table[3][b1 >> 4] |= bucket;
    }
  }
  avx2_ = HaveAvx2();
  std::sort(windows.begin(), windows.end());
  size_t distinct = 0;
  for (size_t i = 0; i < windows.size(); ++i) distinct += i == 0 || windows[i].first != windows[i - 1].first;
  slots_.resize(std::bit_ceil(std::max<size_t>(16, 2 * distinct)));
  const size_t mask = slots_.size() - 1;
  for (size_t i = 0; i < windows.size();) {
    size_t j = i;
    while (j < windows.size() && windows[j].first == windows[i].first) by_window_.push_back(windows[j++].second);
    uint64_t window = windows[i].first;
    filter_.Set(Filter(window));
    size_t s = Hash(window) & mask;
    while (slots_[s].window != 0) s = (s + 1) & mask;
    slots_[s] = {window, static_cast<uint32_t>(by_window_.size() - (j - i)), static_cast<uint32_t>(by_window_.size())};
    i = j;
  }
}

uint64_t LiteralSearch::Window(uint32_t folded, size_t length) {
  return uint64_t{length} << 32 | (folded & Mask(length));
}

const LiteralSearch::Slot* LiteralSearch::Lookup(uint64_t window) const {
  const size_t mask = slots_.size() - 1;
  for (size_t s = Hash(window) & mask;; s = (s + 1) & mask) {
    if (slots_[s].window == window) return &slots_[s];
    if (slots_[s].window == 0) return nullptr;
  }
}

void LiteralSearch::Compare(const unsigned char* s, size_t left, const Slot& slot,
                            std::vector<uint32_t>* found) const {
  for (uint32_t k = slot.begin; k < slot.end; ++k) {
    const KeyLiteral& lit = literals_[by_window_[k]];
    const size_t len = lit.text.size();
    if (left < len) continue;
    bool same = true;
    if (lit.icase) {  // lit.text is lower-cased
      for (size_t i = 0; i < len && same; ++i) same = kAsciiLower[s[i]] == static_cast<unsigned char>(lit.text[i]);
    } else {
      same = std::memcmp(s, lit.text.data(), len) == 0;
    }
    if (same) found->push_back(by_window_[k]);
  }
}

// Inlined into Find's loops: as a call it cost them about 4% more instructions.
__attribute__((always_inline)) inline void LiteralSearch::CompareShorter(const unsigned char* s, size_t left, uint32_t folded, size_t longest,
                                   std::vector<uint32_t>* found) const {
  for (size_t length = longest; length >= 1; --length) {
    if (!(lengths_ >> (length - 1) & 1)) continue;
    if (const Slot* slot = Lookup(Window(folded, length))) Compare(s, left, *slot, found);
  }
}

// Inlined into FindAll's loops (FindAllFrom, FindSimd).
__attribute__((always_inline)) inline void LiteralSearch::At(const unsigned char* s, size_t pos, size_t n,
                                                             std::vector<uint32_t>* found) const {
  const uint32_t folded = Folded(s + pos, kWindow);
  // The literals of four bytes or more: a multiply and a bit test.
  if (lengths_ >> (kWindow - 1) & 1) {
    const uint64_t window = Window(folded, kWindow);
    if (filter_.Test(Filter(window))) {
      if (const Slot* slot = Lookup(window)) Compare(s + pos, n - pos, *slot, found);
    }
  }
  // The shorter ones (the fact patterns' "py", ":\\", ".so").
  if (lengths_ & ((1u << (kWindow - 1)) - 1)) {
    if (short_pairs_.Test(static_cast<uint16_t>(folded))) CompareShorter(s + pos, n - pos, folded, kWindow - 1, found);
  }
}

void LiteralSearch::Find(std::string_view text, std::vector<uint32_t>* found) const {
  if (literals_.empty()) return;
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  const size_t last = n >= kWindow ? n - kWindow + 1 : 0;  // positions with four bytes left
  // Two passes over the positions with four bytes left, each a tight loop
  // (the order of what is found does not matter here). First the literals
  // of four bytes or more: a load, an OR, a multiply and a bit test a
  // position.
  if (lengths_ >> (kWindow - 1) & 1) {
    for (size_t pos = 0; pos < last; ++pos) {
      const uint64_t window = Window(Folded(s + pos, kWindow), kWindow);
      if (!filter_.Test(Filter(window))) continue;
      if (const Slot* slot = Lookup(window)) Compare(s + pos, n - pos, *slot, found);
    }
  }
  // Then the shorter ones (the fact patterns' "py", ":\\", ".so"): a bit
  // test of the first two bytes a position.
  if (lengths_ & ((1u << (kWindow - 1)) - 1)) {
    for (size_t pos = 0; pos < last; ++pos) {
      uint16_t pair;
      std::memcpy(&pair, s + pos, 2);
      if (!short_pairs_.Test(static_cast<uint16_t>(pair | 0x2020))) continue;
      CompareShorter(s + pos, n - pos, Folded(s + pos, kWindow), kWindow - 1, found);
    }
  }
  // The last few positions, with fewer than four bytes left.
  for (size_t pos = last; pos < n; ++pos) CompareShorter(s + pos, n - pos, Folded(s + pos, n - pos), n - pos, found);
}

namespace {

// Moves the literals in `found` to `hits`, at `pos`.
inline void AddHits(size_t pos, std::vector<uint32_t>* found, std::vector<LiteralSearch::Hit>* hits) {
  for (uint32_t lit : *found) hits->push_back({pos, lit});
  found->clear();
}

}  // namespace

void LiteralSearch::FindAllFrom(const unsigned char* s, size_t from, size_t n, std::vector<uint32_t>* found,
                                std::vector<Hit>* hits) const {
  const size_t last = n >= kWindow ? n - kWindow + 1 : 0;
  size_t pos = from;
  for (; pos < last; ++pos) {
    uint16_t pair;
    std::memcpy(&pair, s + pos, 2);
    if (!pairs_.Test(static_cast<uint16_t>(pair | 0x2020))) continue;
    At(s, pos, n, found);
    AddHits(pos, found, hits);
  }
  for (; pos < n; ++pos) {
    CompareShorter(s + pos, n - pos, Folded(s + pos, n - pos), n - pos, found);
    AddHits(pos, found, hits);
  }
}

void LiteralSearch::FindAllScalar(std::string_view text, std::vector<Hit>* hits) const {
  if (literals_.empty()) return;
  std::vector<uint32_t> found;
  FindAllFrom(reinterpret_cast<const unsigned char*>(text.data()), 0, text.size(), &found, hits);
}

void LiteralSearch::FindAll(std::string_view text, std::vector<Hit>* hits) const {
  if (literals_.empty()) return;
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  std::vector<uint32_t> found;
  FindAllFrom(s, avx2_ ? FindSimd(s, text.size(), &found, hits) : 0, text.size(), &found, hits);
}

#if TBX_X86
namespace {

// Bit b of byte j is set if the tables `lo` and `hi` let bucket b have
// p[j], folded, there.
__attribute__((target("avx2"), always_inline)) inline __m256i Buckets(const unsigned char* p, __m256i lo, __m256i hi) {
  const __m256i nibble = _mm256_set1_epi8(0x0F);
  const __m256i c = _mm256_or_si256(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(p)), _mm256_set1_epi8(0x20));
  return _mm256_and_si256(_mm256_shuffle_epi8(lo, _mm256_and_si256(c, nibble)),
                          _mm256_shuffle_epi8(hi, _mm256_and_si256(_mm256_srli_epi16(c, 4), nibble)));
}

}  // namespace

__attribute__((target("avx2"))) size_t LiteralSearch::FindSimd(const unsigned char* s, size_t n,
                                                               std::vector<uint32_t>* found,
                                                               std::vector<Hit>* hits) const {
  __m256i t[4];
  for (int k = 0; k < 4; ++k) {
    t[k] = _mm256_broadcastsi128_si256(_mm_load_si128(reinterpret_cast<const __m128i*>(nibbles_.table[k])));
  }
  const __m256i zero = _mm256_setzero_si256();
  // Each step's 32 positions have a window's bytes left (At reads them).
  size_t pos = 0;
  for (; pos + 32 + kWindow - 1 <= n; pos += 32) {
    const __m256i m = _mm256_and_si256(Buckets(s + pos, t[0], t[1]), Buckets(s + pos + 1, t[2], t[3]));
    for (uint32_t live = ~static_cast<uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(m, zero))); live;
         live &= live - 1) {
      const size_t at = pos + static_cast<size_t>(std::countr_zero(live));
      At(s, at, n, found);
      AddHits(at, found, hits);
    }
  }
  return pos;
}
#else
size_t LiteralSearch::FindSimd(const unsigned char*, size_t, std::vector<uint32_t>*, std::vector<Hit>*) const {
  return 0;
}
#endif

}  // namespace tbx
