// Shared fixtures of the native tests: random matrices and a tiny English + Vietnamese vocabulary.
#pragma once
#include <doctest/doctest.h>

#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "model.h"
#include "model_backward.h"
#include "model_file.h"
#include "rng.h"
#include "tensor.h"
#include "wordpiece.h"

namespace attn::testing {

// A file of the repository (e.g. "models/attention-model.bin"), found from this header's path.
inline std::string repo_path(const std::string& rel) {
  std::string here = __FILE__;  // <repo>/tests/native/test_helpers.h
  for (int up = 0; up < 3; ++up) here = here.substr(0, here.find_last_of('/'));
  return here + "/" + rel;
}
inline bool read_all(const std::string& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return true;
}

// The same shape and the same bit pattern in every entry (NaN and -inf included).
inline bool same_bits(const Mat& a, const Mat& b) {
  return a.rows() == b.rows() && a.cols() == b.cols() &&
         (a.size() == 0 || std::memcmp(a.data(), b.data(), sizeof(float) * a.size()) == 0);
}

// The shipped model, models/attention-model.bin, loaded as the page loads it.
inline ModelLoadResult committed_model() {
  std::string bin;
  REQUIRE(read_all(repo_path("models/attention-model.bin"), bin));
  ModelLoadResult m = load_model(reinterpret_cast<const uint8_t*>(bin.data()), bin.size());
  REQUIRE_MESSAGE(m.ok(), m.message);
  return m;
}

// Entries drawn from N(0, s^2).
inline Mat random_mat(int r, int c, Rng& rng, float s = 1.0f) {
  Mat m(r, c);
  for (int i = 0; i < m.size(); ++i) m.data()[i] = rng.normal() * s;
  return m;
}

// 80 pieces learned from two short sentences: "cats" or "mèos" split into several pieces.
inline WordPieceVocab tiny_bilingual_vocab() {
  WordCounts counts;
  for (int i = 0; i < 20; ++i) {
    count_words(counts, "the cat sat on the mat and the dog sat on the log");
    count_words(counts, "con mèo ngồi trên tấm thảm");
  }
  VocabLearnOptions vo;
  vo.vocab_size = 80;
  vo.min_char_count = 1;
  return learn_wordpiece(counts, vo);
}

// Every learned number of two models is the same bit pattern.
inline bool bit_identical(const ModelWeights& a, const ModelWeights& b) {
  std::vector<ParamRef> pa = param_list(const_cast<ModelWeights&>(a));
  std::vector<ParamRef> pb = param_list(const_cast<ModelWeights&>(b));
  if (pa.size() != pb.size()) return false;
  for (std::size_t i = 0; i < pa.size(); ++i) {
    if (pa[i].rows != pb[i].rows || pa[i].cols != pb[i].cols) return false;
    if (std::memcmp(pa[i].data, pb[i].data, sizeof(float) * pa[i].rows * pa[i].cols) != 0) return false;
  }
  return true;
}

}  // namespace attn::testing
