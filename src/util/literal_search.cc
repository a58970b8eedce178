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

namespace {

// The image's first bytes; its parts follow in the order of ImageLayout.
struct ImageHead {
  uint32_t magic;
  uint32_t literals, entries, slots, chars;  // counts of each part
  uint32_t lengths;
  uint32_t unused[2];
  uint8_t nibbles[4][16];
};
constexpr uint32_t kImageMagic = 0x3153534C;  // "LSS1"

// Where each part of an image starts, and its size, from its head's counts
// (each below 2^32, so that no sum overflows).
template <typename Slot, typename Literal>
struct ImageLayout {
  size_t bitmaps, slots, literals, by_window, chars, size;
  explicit ImageLayout(const ImageHead& h) {
    size_t at = sizeof(ImageHead);
    bitmaps = at;  // filter, short pairs, pairs
    at += 3 * Bitmap16::kWords * sizeof(uint64_t);
    slots = at;
    at += size_t{h.slots} * sizeof(Slot);
    literals = at;
    at += size_t{h.literals} * sizeof(Literal);
    by_window = at;
    at += size_t{h.entries} * sizeof(uint32_t);
    chars = at;
    size = at + h.chars;
  }
};

}  // namespace

LiteralSearch::LiteralSearch(std::vector<KeyLiteral> literals) {
  std::vector<std::pair<uint64_t, uint32_t>> windows;  // window, literal
  Bitmap16 filter, short_pairs, pairs;
  Nibbles nibbles;
  uint8_t lengths = 0;
  for (uint32_t i = 0; i < literals.size(); ++i) {
    const std::string& text = literals[i].text;
    if (text.empty()) continue;  // KeyOf never makes one
    size_t length = std::min(text.size(), kWindow);
    const auto* start = reinterpret_cast<const unsigned char*>(text.data());
    windows.emplace_back(Window(Folded(start, length), length), i);
    lengths |= static_cast<uint8_t>(1u << (length - 1));
    if (length == 1) {  // any second byte
      for (uint32_t next = 0; next < 256; ++next) {
        const auto pair = static_cast<uint16_t>((start[0] | 0x20) | (next | 0x20) << 8);
        short_pairs.Set(pair);
        pairs.Set(pair);
      }
    } else {
      const auto pair = static_cast<uint16_t>(Folded(start, 2));
      if (length < kWindow) short_pairs.Set(pair);
      pairs.Set(pair);
    }
  }
  for (const auto& [window, i] : windows) {
    const auto b0 = static_cast<uint8_t>(window);
    const auto bucket = static_cast<uint8_t>(1u << (b0 & 7));
    nibbles.table[0][b0 & 15] |= bucket;
    nibbles.table[1][b0 >> 4] |= bucket;
    if ((window >> 32) == 1) {  // any second byte
      for (int k = 0; k < 16; ++k) nibbles.table[2][k] |= bucket, nibbles.table[3][k] |= bucket;
    } else {
      const auto b1 = static_cast<uint8_t>(window >> 8);
      nibbles.table[2][b1 & 15] |= bucket;
      nibbles.table[3][b1 >> 4] |= bucket;
    }
  }
  std::sort(windows.begin(), windows.end());
  size_t distinct = 0;
  for (size_t i = 0; i < windows.size(); ++i) distinct += i == 0 || windows[i].first != windows[i - 1].first;
  std::vector<Slot> slots(std::bit_ceil(std::max<size_t>(16, 2 * distinct)));
  std::vector<uint32_t> by_window;
  const size_t mask = slots.size() - 1;
  for (size_t i = 0; i < windows.size();) {
    size_t j = i;
    while (j < windows.size() && windows[j].first == windows[i].first) by_window.push_back(windows[j++].second);
    uint64_t window = windows[i].first;
    filter.Set(Filter(window));
    size_t s = Hash(window) & mask;
    while (slots[s].window != 0) s = (s + 1) & mask;
    slots[s] = {window, static_cast<uint32_t>(by_window.size() - (j - i)), static_cast<uint32_t>(by_window.size())};
    i = j;
  }
  std::vector<Literal> refs;
  std::string chars;
  for (const auto& lit : literals) {
    refs.push_back({static_cast<uint32_t>(chars.size()), static_cast<uint32_t>(lit.text.size()), lit.icase ? 1u : 0u});
    chars += lit.text;
  }
  // The image, in one block of 8-byte words.
  ImageHead head{};
  head.magic = kImageMagic;
  head.literals = static_cast<uint32_t>(refs.size());
  head.entries = static_cast<uint32_t>(by_window.size());
  head.slots = static_cast<uint32_t>(slots.size());
  head.chars = static_cast<uint32_t>(chars.size());
  head.lengths = lengths;
  std::memcpy(head.nibbles, nibbles.table, sizeof head.nibbles);
  const ImageLayout<Slot, Literal> at(head);
  auto block = std::make_shared<uint64_t[]>((at.size + 7) / 8);
  auto* base = reinterpret_cast<char*>(block.get());
  auto put = [base](size_t offset, const void* data, size_t n) {
    if (n) std::memcpy(base + offset, data, n);
  };
  put(0, &head, sizeof head);
  constexpr size_t kBitmap = Bitmap16::kWords * sizeof(uint64_t);
  put(at.bitmaps, filter.words(), kBitmap);
  put(at.bitmaps + kBitmap, short_pairs.words(), kBitmap);
  put(at.bitmaps + 2 * kBitmap, pairs.words(), kBitmap);
  put(at.slots, slots.data(), slots.size() * sizeof(Slot));
  put(at.literals, refs.data(), refs.size() * sizeof(Literal));
  put(at.by_window, by_window.data(), by_window.size() * sizeof(uint32_t));
  put(at.chars, chars.data(), chars.size());
  FromImage({base, at.size}, std::move(block), this);
}

bool LiteralSearch::FromImage(std::string_view bytes, std::shared_ptr<const void> keep, LiteralSearch* out) {
  ImageHead head;
  if (bytes.size() < sizeof head || reinterpret_cast<uintptr_t>(bytes.data()) % alignof(uint64_t) != 0) return false;
  std::memcpy(&head, bytes.data(), sizeof head);
  if (head.magic != kImageMagic || !std::has_single_bit(head.slots)) return false;
  const ImageLayout<Slot, Literal> at(head);
  if (at.size != bytes.size()) return false;
  const char* base = bytes.data();
  constexpr size_t kBitmap = Bitmap16::kWords * sizeof(uint64_t);
  auto words = [base](size_t offset) { return reinterpret_cast<const uint64_t*>(base + offset); };
  out->keep_ = std::move(keep);
  out->image_ = bytes;
  out->filter_ = BitmapView16(words(at.bitmaps));
  out->short_pairs_ = BitmapView16(words(at.bitmaps + kBitmap));
  out->pairs_ = BitmapView16(words(at.bitmaps + 2 * kBitmap));
  out->slots_ = {reinterpret_cast<const Slot*>(base + at.slots), head.slots};
  out->literals_ = {reinterpret_cast<const Literal*>(base + at.literals), head.literals};
  out->by_window_ = {reinterpret_cast<const uint32_t*>(base + at.by_window), head.entries};
  out->chars_ = bytes.substr(at.chars, head.chars);
  std::memcpy(out->nibbles_.table, head.nibbles, sizeof head.nibbles);
  out->lengths_ = static_cast<uint8_t>(head.lengths);
  out->avx2_ = HaveAvx2();
  return true;
}

std::string_view LiteralSearch::text(uint32_t i) const {
  if (i >= literals_.size()) return {};
  const Literal& lit = literals_[i];
  if (lit.offset > chars_.size() || lit.size > chars_.size() - lit.offset) return {};
  return chars_.substr(lit.offset, lit.size);
}

uint64_t LiteralSearch::Window(uint32_t folded, size_t length) {
  return uint64_t{length} << 32 | (folded & Mask(length));
}

const LiteralSearch::Slot* LiteralSearch::Lookup(uint64_t window) const {
  const size_t mask = slots_.size() - 1;
  // At most every slot once: a table read from a damaged image may be full.
  size_t s = Hash(window) & mask;
  for (size_t probes = 0; probes <= mask; ++probes, s = (s + 1) & mask) {
    if (slots_[s].window == window) return &slots_[s];
    if (slots_[s].window == 0) return nullptr;
  }
  return nullptr;
}

void LiteralSearch::Compare(const unsigned char* s, size_t left, const Slot& slot,
                            std::vector<uint32_t>* found) const {
  for (uint32_t k = slot.begin; k < slot.end && k < by_window_.size(); ++k) {
    const uint32_t index = by_window_[k];
    const std::string_view text = this->text(index);  // empty for a damaged entry
    const size_t len = text.size();
    if (left < len || len == 0) continue;
    bool same = true;
    if (literals_[index].icase) {  // the text is lower-cased
      for (size_t i = 0; i < len && same; ++i) same = kAsciiLower[s[i]] == static_cast<unsigned char>(text[i]);
    } else {
      same = std::memcmp(s, text.data(), len) == 0;
    }
    if (same) found->push_back(index);
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
