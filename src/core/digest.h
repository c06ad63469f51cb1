// A fast 64-bit digest of byte ranges: tells whether two frames would draw the same picture.
#pragma once
#include <cstddef>
#include <cstdint>

namespace attn {

// Not cryptographic: it only has to tell apart the drawing data of one frame from the next (about
// a megabyte, every frame), so it reads 8 bytes at a time. Every add() also mixes in its length,
// so how the bytes are split into calls is part of the digest.
class Digest {
 public:
  void add(const void* data, std::size_t bytes);
  template <class T>
  void add_value(const T& v) {
    add(&v, sizeof v);
  }
  uint64_t value() const;

 private:
  void mix_word(uint64_t w);
  uint64_t h_ = 0x9E3779B97F4A7C15ull;
};

}  // namespace attn
