// Digest: equal bytes give equal digests; any changed bit, order or split gives another.
#include <doctest/doctest.h>

#include <cstdint>
#include <vector>

#include "digest.h"

namespace {
uint64_t digest_of(const std::vector<unsigned char>& bytes) {
  attn::Digest d;
  d.add(bytes.data(), bytes.size());
  return d.value();
}
std::vector<unsigned char> sample(std::size_t n) {
  std::vector<unsigned char> v(n);
  for (std::size_t i = 0; i < n; ++i) v[i] = static_cast<unsigned char>((i * 131 + 7) & 0xFF);
  return v;
}
}  // namespace

TEST_CASE("digest: the same bytes give the same value, every flipped bit another") {
  const std::vector<unsigned char> base = sample(1003);  // not a multiple of 8: the tail counts too
  const uint64_t d0 = digest_of(base);
  CHECK(digest_of(sample(1003)) == d0);
  int same = 0;
  for (std::size_t i = 0; i < base.size(); ++i)
    for (int bit = 0; bit < 8; ++bit) {
      std::vector<unsigned char> v = base;
      v[i] ^= static_cast<unsigned char>(1u << bit);
      same += digest_of(v) == d0;
    }
  CHECK(same == 0);
}

TEST_CASE("digest: order, length and the split into calls all count") {
  const std::vector<unsigned char> a = sample(16), b = sample(24);
  attn::Digest ab, ba, joined, zeros1, zeros2;
  ab.add(a.data(), a.size());
  ab.add(b.data(), b.size());
  ba.add(b.data(), b.size());
  ba.add(a.data(), a.size());
  CHECK(ab.value() != ba.value());
  std::vector<unsigned char> both = a;
  both.insert(both.end(), b.begin(), b.end());
  joined.add(both.data(), both.size());
  CHECK(joined.value() != ab.value());
  // Trailing zero bytes are not invisible: 8 zeros and 9 zeros differ.
  const std::vector<unsigned char> z(9, 0);
  zeros1.add(z.data(), 8);
  zeros2.add(z.data(), 9);
  CHECK(zeros1.value() != zeros2.value());
  attn::Digest empty;
  CHECK(empty.value() != zeros1.value());
}

TEST_CASE("digest: add_value reads the value's bytes") {
  attn::Digest a, b, c;
  a.add_value(1.5f);
  b.add_value(1.5f);
  c.add_value(-1.5f);
  CHECK(a.value() == b.value());
  CHECK(a.value() != c.value());
}
