// Shared fixtures of the native tests: random matrices and a tiny English + Vietnamese vocabulary.
#pragma once
#include "rng.h"
#include "tensor.h"
#include "wordpiece.h"

namespace attn::testing {

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

}  // namespace attn::testing
