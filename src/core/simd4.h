// Four floats as one vector (the compiler's generic vectors): wasm simd128 in the browser, SSE natively.
#pragma once
#include <cmath>
#include <cstring>

#if defined(__wasm_simd128__)
#include <wasm_simd128.h>
#elif defined(__SSE__)
#include <xmmintrin.h>
#endif

namespace attn {
namespace simd4 {

// Eigen 3.4 has no WebAssembly SIMD code, so its element-wise loops run one float at a time in the
// browser; the hot loops of the core (gemm.cpp, honest_attention.cpp) use these instead. Each lane
// does the same IEEE operation a scalar loop would, so element-wise results are the same bits.
typedef float f4 __attribute__((vector_size(16)));

inline f4 load(const float* p) {
  f4 v;
  std::memcpy(&v, p, sizeof v);  // unaligned load
  return v;
}
inline void store(float* p, const f4& v) { std::memcpy(p, &v, sizeof v); }
inline f4 splat(float x) { return f4{x, x, x, x}; }

// Lane by lane: x < 0 ? 0 : x (a NaN stays NaN, as std::max(x, 0.0f) keeps it), then its square root.
inline f4 sqrt_of_nonnegative(f4 x) {
  typedef int i4 __attribute__((vector_size(16)));
  const i4 negative = x < splat(0.0f);  // all ones where x < 0
  x = reinterpret_cast<f4>(reinterpret_cast<i4>(x) & ~negative);
#if defined(__wasm_simd128__)
  return reinterpret_cast<f4>(wasm_f32x4_sqrt(reinterpret_cast<v128_t>(x)));
#elif defined(__SSE__)
  return reinterpret_cast<f4>(_mm_sqrt_ps(reinterpret_cast<__m128>(x)));
#else
  return f4{std::sqrt(x[0]), std::sqrt(x[1]), std::sqrt(x[2]), std::sqrt(x[3])};
#endif
}

}  // namespace simd4
}  // namespace attn
