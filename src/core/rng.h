// A tiny deterministic random generator: same numbers natively and in WASM (std:: distributions differ).
#pragma once
#include <cmath>
#include <cstdint>

namespace attn {

struct Rng {
  uint64_t state;
  explicit Rng(uint64_t seed) : state(seed) {}
  // splitmix64: good enough for weight init and sampling, identical on every platform.
  uint64_t next_u64() {
    uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  // Uniform in [0, 1).
  float uniform() { return static_cast<float>(next_u64() >> 40) * (1.0f / 16777216.0f); }
  // Uniform integer in [0, n).
  uint32_t below(uint32_t n) { return static_cast<uint32_t>(next_u64() % n); }
  // Standard normal by Box-Muller (one value per call keeps the stream simple).
  float normal() {
    float u1 = uniform(), u2 = uniform();
    if (u1 < 1e-7f) u1 = 1e-7f;
    return std::sqrt(-2.0f * std::log(u1)) * std::cos(6.2831853f * u2);
  }
};

}  // namespace attn
