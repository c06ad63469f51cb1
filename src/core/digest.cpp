// Digest: each 8-byte word is scrambled (a murmur-style finaliser) and folded into the state.
#include "digest.h"

#include <cstring>

namespace attn {

namespace {
uint64_t scramble(uint64_t w) {
  w ^= w >> 33;
  w *= 0xff51afd7ed558ccdull;
  w ^= w >> 33;
  w *= 0xc4ceb9fe1a85ec53ull;
  w ^= w >> 33;
  return w;
}
}  // namespace

void Digest::mix_word(uint64_t w) {
  h_ ^= scramble(w);
  h_ = ((h_ << 27) | (h_ >> 37)) * 0x9E3779B97F4A7C15ull + 0x52dce729ull;
}

void Digest::add(const void* data, std::size_t bytes) {
  const unsigned char* p = static_cast<const unsigned char*>(data);
  std::size_t i = 0;
  for (; i + 8 <= bytes; i += 8) {
    uint64_t w;
    std::memcpy(&w, p + i, 8);
    mix_word(w);
  }
  uint64_t tail = 0;
  if (bytes > i) std::memcpy(&tail, p + i, bytes - i);
  mix_word(tail ^ (static_cast<uint64_t>(bytes) << 56) ^ bytes);
}

uint64_t Digest::value() const { return scramble(h_); }

}  // namespace attn
