// Growing a trained vocabulary: old pieces keep every number, new words start from their parts, unused rows stay 0.
#include <doctest/doctest.h>

#include <cmath>
#include <cstring>

#include "codebook.h"
#include "model_file.h"
#include "test_helpers.h"
#include "unicode.h"
#include "vocab_growth.h"

using namespace attn;
using attn::testing::bit_identical;
using attn::testing::same_bits;
using attn::testing::tiny_bilingual_vocab;

namespace {

struct Grown {
  WordPieceVocab from = tiny_bilingual_vocab(), to;
  ModelWeights w;
  VocabGrowth g;
  Grown() {
    to = from;
    to.pieces.push_back("chased");  // "chased" and "dogs" are several pieces of the tiny vocabulary
    to.pieces.push_back("dogs");
    REQUIRE(to.rebuild_index());
    w = random_weights(ModelConfig{from.size(), 8, 2, 2, 12}, 11, 0.5f);  // vocab, d, layers, heads, d_ff
    for (int i = 0; i < w.out_bias.size(); ++i) w.out_bias[i] = 0.1f * i;
    std::string err;
    REQUIRE_MESSAGE(plan_vocab_growth(from, to, &g, &err), err);
  }
};

}  // namespace

TEST_CASE("a grown vocabulary: old pieces keep their rows and biases, a new word starts at its parts' mean") {
  Grown t;
  const ModelWeights grown = grow_weights(t.w, t.g);
  REQUIRE(grown.cfg.vocab_size == t.to.size());
  REQUIRE(grown.tok_emb.rows() == t.to.size());
  for (int i = 0; i < t.from.size(); ++i) {
    CHECK(t.g.old_id[i] == i);
    CHECK(same_bits(grown.tok_emb.row(i), t.w.tok_emb.row(i)));
    CHECK(grown.out_bias[i] == t.w.out_bias[i]);
  }
  for (int i = t.from.size(); i < t.to.size(); ++i) {
    CHECK(t.g.old_id[i] == -1);
    std::vector<int> parts;
    wordpiece_word(t.from, decode_utf8(t.to.pieces[i]), parts);
    REQUIRE(parts.size() >= 2);
    CHECK(t.g.parts[i] == parts);
    RowVec mean = RowVec::Zero(t.w.tok_emb.cols());
    float bias = 0;
    for (int p : parts) mean += t.w.tok_emb.row(p), bias += t.w.out_bias[p];
    mean /= float(parts.size());
    for (int k = 0; k < mean.size(); ++k) CHECK(grown.tok_emb(i, k) == doctest::Approx(mean[k]).epsilon(1e-6));
    CHECK(grown.out_bias[i] == doctest::Approx(bias / parts.size()).epsilon(1e-6));
  }
  // Every other tensor is the same, so a text of old pieces reads exactly as before.
  ModelWeights back = grown;
  back.tok_emb = grown.tok_emb.topRows(t.from.size());
  back.out_bias = grown.out_bias.head(t.from.size());
  back.cfg.vocab_size = t.from.size();
  CHECK(bit_identical(back, t.w));
  std::vector<int> ids;
  wordpiece_ids(t.from, "the cat sat on the mat", ids);
  ModelTrace a, b;
  model_forward(a, t.w, ids, {}, false);
  model_forward(b, grown, ids, {}, false);
  CHECK(same_bits(a.layers.back().x_out, b.layers.back().x_out));
  // The grown vocabulary reads "chased" as one piece.
  ids.clear();
  wordpiece_ids(t.to, "chased", ids);
  CHECK(ids == std::vector<int>{t.to.id("chased")});
}

TEST_CASE("a grown vocabulary carries the optimizer's moments: old rows keep theirs, new rows start at 0") {
  Grown t;
  const ModelWeights grown = grow_weights(t.w, t.g);
  std::vector<float> state(param_count(t.w));
  for (std::size_t i = 0; i < state.size(); ++i) state[i] = float(i + 1);
  const std::vector<float> out = grow_param_state(state, t.w, grown, t.g);
  REQUIRE(out.size() == param_count(grown));
  const std::size_t d = t.w.tok_emb.cols(), old_emb = t.from.size() * d, new_emb = t.to.size() * d;
  for (std::size_t i = 0; i < old_emb; ++i) REQUIRE(out[i] == state[i]);
  for (std::size_t i = old_emb; i < new_emb; ++i) REQUIRE(out[i] == 0.0f);
  // The layers follow the embedding unchanged; out_bias is last, one entry per piece.
  const std::size_t middle = state.size() - old_emb - t.from.size();
  for (std::size_t i = 0; i < middle; ++i) REQUIRE(out[new_emb + i] == state[old_emb + i]);
  for (int i = 0; i < t.from.size(); ++i) CHECK(out[new_emb + middle + i] == state[old_emb + middle + i]);
  for (int i = t.from.size(); i < t.to.size(); ++i) CHECK(out[new_emb + middle + i] == 0.0f);
}

TEST_CASE("growing refuses a continuation piece or a letter the old vocabulary lacks, naming it") {
  const WordPieceVocab from = tiny_bilingual_vocab();
  for (const char* bad : {"##ats", "zebra"}) {
    WordPieceVocab to = from;
    to.pieces.push_back(bad);
    REQUIRE(to.rebuild_index());
    VocabGrowth g;
    std::string err;
    CHECK_FALSE(plan_vocab_growth(from, to, &g, &err));
    CHECK(err.find(bad) != std::string::npos);
  }
}

TEST_CASE("unused pieces: specials are never listed, and only ids no corpus uses") {
  const std::vector<int> a{5, 6, 9}, b{6, 7, 12};
  CHECK(unused_pieces(14, {&a, &b}) == std::vector<int>{8, 10, 11, 13});
  CHECK(unused_pieces(7, {}) == std::vector<int>{5, 6});
}

TEST_CASE("an all-zero embedding row stays exactly 0 in the 4-bit file, in training's rounding, and fits no level") {
  Rng rng(3);
  Mat e = attn::testing::random_mat(40, 16, rng);
  const std::vector<float> levels_nonzero = fit_tensor_codebook(e.data(), 30, 16);
  e.bottomRows(10).setZero();
  const std::vector<int> zero{30, 31, 32, 33, 34, 35, 36, 37, 38, 39};
  // The levels are those of the 30 non-zero rows alone.
  CHECK(fit_tensor_codebook(e.data(), 40, 16) == levels_nonzero);
  const std::vector<float> scales = row_scales(e.data(), 40, 16);
  for (int r : zero) CHECK(scales[r] == 0.0f);
  Mat q(40, 16);
  fake_quantise_int4(e.data(), 40, 16, levels_nonzero, q.data());
  for (int r : zero)
    for (int k = 0; k < 16; ++k) REQUIRE(q(r, k) == 0.0f);
  // The file gives back the same rounding: zeros for the zero rows, the rest as training saw it.
  ModelWeights w = random_weights(ModelConfig{40, 16, 1, 2, 8}, 2, 0.5f);  // vocab, d, layers, heads, d_ff
  w.tok_emb = e;
  WordPieceVocab v;
  for (int i = 0; i < kNumSpecial; ++i) v.pieces.push_back(kSpecialPieces[i]);
  for (int i = kNumSpecial; i < 40; ++i) v.pieces.push_back("w" + std::to_string(i));
  REQUIRE(v.rebuild_index());
  const std::vector<float> fitted = fit_tensor_codebook(e.data(), 40, 16);
  const std::vector<uint8_t> bytes = save_model(w, v, {}, [](const std::string& n, int rows) {
    return n == "tok_emb" ? TensorCoding::Int4Codebook : rows > 1 ? TensorCoding::Int8Row : TensorCoding::F32;
  });
  const ModelLoadResult r = load_model(bytes.data(), bytes.size());
  REQUIRE_MESSAGE(r.ok(), r.message);
  Mat expect(40, 16);
  fake_quantise_int4(e.data(), 40, 16, fitted, expect.data());
  CHECK(same_bits(r.weights.tok_emb, expect));
  for (int rr : zero) CHECK(r.weights.tok_emb.row(rr).cwiseAbs().maxCoeff() == 0.0f);
  // zero_rows is what train_model applies to the unused rows and their gradients.
  Mat m = attn::testing::random_mat(6, 3, rng);
  zero_rows(m, {1, 4});
  CHECK(m.row(1).cwiseAbs().maxCoeff() == 0.0f);
  CHECK(m.row(4).cwiseAbs().maxCoeff() == 0.0f);
  CHECK(m.row(0).cwiseAbs().maxCoeff() > 0.0f);
}
