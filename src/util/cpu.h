// What the CPU can do, for the SIMD paths: TBX_X86 is defined where
// <immintrin.h> and __attribute__((target("avx2"))) can be used, and
// HaveAvx2() says whether this CPU runs AVX2 (the paths without it stay).
#pragma once

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define TBX_X86 1
#endif

namespace tbx {

/// True if the CPU runs AVX2 instructions; asked once.
inline bool HaveAvx2() {
#if TBX_X86
  static const bool avx2 = [] {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") != 0;
  }();
  return avx2;
#else
  return false;
#endif
}

}  // namespace tbx
