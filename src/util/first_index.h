// Numbering the distinct items of a sequence without allocating per item:
// an open-addressed table of indices into the caller's own storage, for
// what runs at every start (the rule index's literals, the first layer's
// rule ids).
//
// Example:
//   FirstIndex first(ids.size());
//   for (uint32_t i = 0; i < ids.size(); ++i) {
//     uint32_t j = first.Find(std::hash<std::string_view>{}(ids[i]), i,
//                             [&](uint32_t k) { return ids[k] == ids[i]; });
//     if (j != i) ...  // ids[i] repeats ids[j]
//   }
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace tbx {

class FirstIndex {
 public:
  /// Room for up to `items` distinct items.
  explicit FirstIndex(size_t items) {
    size_t slots = 16;
    while (slots < 2 * items) slots *= 2;
    slots_.assign(slots, kEmpty);
  }

  /// The index recorded for an item equal to this one (`same(k)` tells
  /// whether the item recorded as k is), or else `next`, now recorded.
  template <typename Same>
  uint32_t Find(size_t hash, uint32_t next, const Same& same) {
    const size_t mask = slots_.size() - 1;
    size_t at = hash & mask;
    for (; slots_[at] != kEmpty; at = (at + 1) & mask) {
      if (same(slots_[at])) return slots_[at];
    }
    slots_[at] = next;
    return next;
  }

 private:
  static constexpr uint32_t kEmpty = UINT32_MAX;
  std::vector<uint32_t> slots_;
};

}  // namespace tbx
