// Native tests of honest attention: word merging, norm-based contributions, rollout, hidden and sinks.
#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "attention.h"
#include "honest_attention.h"
#include "model.h"
#include "rng.h"
#include "tokenizer.h"
#include "wordpiece.h"

#include "test_helpers.h"

using namespace attn;
using attn::testing::random_mat;

namespace {

// Rows that are probability distributions (strictly positive), like attention weights.
Mat random_distribution_rows(int n, Rng& rng) {
  Mat m(n, n);
  for (int i = 0; i < n; ++i) {
    double s = 0;
    for (int j = 0; j < n; ++j) s += m(i, j) = std::exp(rng.normal());
    for (int j = 0; j < n; ++j) m(i, j) = static_cast<float>(m(i, j) / s);
  }
  return m;
}

// A small random model whose value bias is not zero, so the tests see that f_h includes it.
ModelWeights small_model(int heads, int layers, uint64_t seed, int d_model = 16) {
  ModelConfig c;
  c.vocab_size = 50;
  c.d_model = d_model;
  c.n_heads = heads;
  c.n_layers = layers;
  c.d_ff = 32;
  ModelWeights w = random_weights(c, seed, 0.5f);
  Rng rng(seed + 100);
  for (LayerParams& l : w.layers) l.attn.bv = random_mat(1, c.d_model, rng, 0.3f);
  return w;
}

std::vector<int> some_ids(int n, uint64_t seed) {
  Rng rng(seed);
  std::vector<int> ids(n);
  for (int& id : ids) id = static_cast<int>(rng.below(50));
  return ids;
}

// f_h(x_j)[m] = sum_c v^h_j[c] * wo[h*dk + c][m], in double with plain loops.
std::vector<std::vector<std::vector<double>>> reference_f(const AttentionTrace& t, const AttentionParams& p) {
  const int nh = static_cast<int>(t.heads.size());
  const int n = static_cast<int>(t.heads[0].v.rows()), dk = static_cast<int>(t.heads[0].v.cols());
  const int d = static_cast<int>(p.wo.cols());
  std::vector<std::vector<std::vector<double>>> f(nh, std::vector<std::vector<double>>(n, std::vector<double>(d)));
  for (int h = 0; h < nh; ++h)
    for (int j = 0; j < n; ++j)
      for (int m = 0; m < d; ++m) {
        double s = 0;
        for (int c = 0; c < dk; ++c) s += double(t.heads[h].v(j, c)) * p.wo(h * dk + c, m);
        f[h][j][m] = s;
      }
  return f;
}

// Unscaled norm-based contributions of one head (or -1 = all heads), plain loops in double.
std::vector<std::vector<double>> reference_contributions(const AttentionTrace& t, const AttentionParams& p, int head) {
  const auto f = reference_f(t, p);
  const int nh = static_cast<int>(t.heads.size()), n = static_cast<int>(f[0].size());
  const int d = static_cast<int>(f[0][0].size());
  std::vector<std::vector<double>> c(n, std::vector<double>(n));
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) {
      std::vector<double> sum(d, 0.0);
      for (int h = 0; h < nh; ++h) {
        if (head >= 0 && h != head) continue;
        for (int m = 0; m < d; ++m) sum[m] += double(t.heads[h].weights(i, j)) * f[h][j][m];
      }
      double sq = 0;
      for (int m = 0; m < d; ++m) sq += sum[m] * sum[m];
      c[i][j] = std::sqrt(sq);
    }
  return c;
}

bool row_is_zero(const Mat& m, int i) {
  for (int j = 0; j < m.cols(); ++j)
    if (m(i, j) != 0.0f) return false;
  return true;
}

bool col_is_zero(const Mat& m, int j) {
  for (int i = 0; i < m.rows(); ++i)
    if (m(i, j) != 0.0f) return false;
  return true;
}

// Pieces built by hand: each word of `words` cut at the given byte lengths (all of them at
// character boundaries), spans taken from the word's own span.
std::vector<Token> cut_into_pieces(const TokenizedText& words, const std::vector<std::vector<int>>& cuts) {
  std::vector<Token> pieces;
  for (std::size_t w = 0; w < words.tokens.size(); ++w) {
    const Token& word = words.tokens[w];
    std::size_t at = 0;
    const std::vector<int> lengths = cuts[w].empty() ? std::vector<int>{int(word.text.size())} : cuts[w];
    for (std::size_t k = 0; k < lengths.size(); ++k) {
      Token p;
      p.text = word.text.substr(at, lengths[k]);
      p.begin = word.begin + at;
      p.end = p.begin + lengths[k];
      p.joins_previous = k > 0;
      at += lengths[k];
      pieces.push_back(p);
    }
  }
  return pieces;
}

}  // namespace

// ---- words --------------------------------------------------------------------------------

TEST_CASE("group_words: hand-cut pieces of a real tokenised text give back its words and spans") {
  const std::string text = "Con mèo ngồi trên thảm, unbelievably calm!";
  const TokenizedText words = tokenize_words(text);
  REQUIRE(words.tokens.size() == 9);  // Con mèo ngồi trên thảm , unbelievably calm !
  // Byte lengths of the pieces of each word ("mèo" = m + èo, è is 2 bytes; "ngồi": ồ is 3 bytes).
  const std::vector<std::vector<int>> cuts = {{}, {1, 3}, {2, 3, 1}, {}, {}, {}, {2, 6, 4}, {}, {}};
  const std::vector<Token> pieces = cut_into_pieces(words, cuts);
  REQUIRE(pieces.size() == 14);
  const std::vector<WordSpan> got = group_words(pieces);
  REQUIRE(got.size() == words.tokens.size());
  const std::vector<std::vector<int>> expect_pieces = {{0}, {1, 2}, {3, 4, 5}, {6}, {7}, {8}, {9, 10, 11}, {12}, {13}};
  for (std::size_t w = 0; w < got.size(); ++w) {
    CAPTURE(w);
    CHECK(got[w].text == words.tokens[w].text);
    CHECK(got[w].begin == words.tokens[w].begin);
    CHECK(got[w].end == words.tokens[w].end);
    CHECK(text.substr(got[w].begin, got[w].end - got[w].begin) == got[w].text);
    CHECK(got[w].pieces == expect_pieces[w]);
  }
  // Spot values, so the test does not only compare the code with itself.
  CHECK(got[2].text == "ngồi");
  CHECK(got[2].begin == 9);
  CHECK(got[2].end == 15);
  CHECK(got[5].text == ",");
  CHECK(got[6].text == "unbelievably");
  // A first piece flagged as joining still starts a word; no pieces, no words.
  std::vector<Token> odd = pieces;
  odd[0].joins_previous = true;
  CHECK(group_words(odd).size() == got.size());
  CHECK(group_words({}).empty());
}

TEST_CASE("group_words: WordPiece pieces of decomposed Vietnamese regroup into tokenize_words' words") {
  WordCounts counts;
  for (int r = 0; r < 5; ++r)
    for (const char* l : {"the cat sat on the mat", "tôi là người Việt", "người ta nói", "a cat"})
      count_words(counts, l);
  VocabLearnOptions opt;
  opt.vocab_size = 60;  // small: long words are cut into several pieces
  opt.min_char_count = 1;
  const WordPieceVocab v = learn_wordpiece(counts, opt);
  // "người" and "Việt" typed with combining marks (NFD): byte spans differ from the NFC text.
  const std::string text = "Tôi là ngu\xCC\x9Bo\xCC\x9B\xCC\x80i Vie\xCC\xA3\xCC\x82t, catmat sat.";
  const TokenizedText pieces = wordpiece_encode(v, text);
  const TokenizedText words = tokenize_words(text);
  REQUIRE(pieces.tokens.size() > words.tokens.size());  // some word really was split
  const std::vector<WordSpan> got = group_words(pieces.tokens);
  REQUIRE(got.size() == words.tokens.size());
  for (std::size_t w = 0; w < got.size(); ++w) {
    CAPTURE(w);
    CHECK(got[w].text == words.tokens[w].text);
    CHECK(got[w].begin == words.tokens[w].begin);
    CHECK(got[w].end == words.tokens[w].end);
  }
}

TEST_CASE("merge_to_words equals a brute-force double loop; rows that summed to 1 still do") {
  // Words of 1, 2, 3, 1, 2 and 3 pieces: 12 pieces, 6 words.
  const std::vector<int> sizes = {1, 2, 3, 1, 2, 3};
  std::vector<WordSpan> words;
  int piece = 0;
  for (int s : sizes) {
    WordSpan w;
    for (int k = 0; k < s; ++k) w.pieces.push_back(piece++);
    words.push_back(w);
  }
  const int n = piece, nw = static_cast<int>(words.size());
  Rng rng(11);
  for (bool distributions : {false, true}) {
    CAPTURE(distributions);
    const Mat a = distributions ? random_distribution_rows(n, rng) : random_mat(n, n, rng);
    const Mat m = merge_to_words(a, words);
    REQUIRE(m.rows() == nw);
    REQUIRE(m.cols() == nw);
    for (int qw = 0; qw < nw; ++qw)
      for (int kw = 0; kw < nw; ++kw) {
        double s = 0;
        for (int p : words[qw].pieces)
          for (int q : words[kw].pieces) s += a(p, q);
        s /= words[qw].pieces.size();
        CHECK(std::abs(m(qw, kw) - s) < 1e-6);
      }
    if (distributions)
      for (int qw = 0; qw < nw; ++qw) CHECK(std::abs(m.row(qw).sum() - 1.0f) < 1e-5f);
  }
  // A piece whose row is all zero is left out of its word's mean; all-zero pieces give a zero row.
  Mat a = random_distribution_rows(n, rng);
  a.row(2).setZero();  // the second piece of word 1
  a.row(6).setZero();  // word 3: its only piece
  const Mat m = merge_to_words(a, words);
  CHECK(row_is_zero(m, 3));
  CHECK(std::abs(m.row(1).sum() - 1.0f) < 1e-5f);
  CHECK(std::abs(m(1, 0) - a(1, 0)) < 1e-6f);  // word 1's row is piece 1's row alone
  CHECK(merge_to_words(Mat::Zero(3, 4), {}).size() == 0);  // not square
  CHECK(merge_to_words(Mat::Zero(2, 2), words).size() == 0);  // piece index out of range
}

// ---- norm-based ---------------------------------------------------------------------------

TEST_CASE("norm-based contributions equal plain loops on a real trace (1 to 4 and 8 heads, bias in v)") {
  // 1-4 heads take the vector path of the all-heads norm, 8 the general one; 11 tokens leave
  // three keys after the groups of four.
  for (int heads : {1, 2, 3, 4, 8}) {
    for (bool causal : {false, true}) {
      CAPTURE(heads);
      CAPTURE(causal);
      const ModelWeights w = small_model(heads, 2, 5 + heads, heads == 3 ? 12 : 16);
      AttentionOptions opt;
      opt.causal = causal;
      opt.temperature = 0.8f;
      ModelTrace tr;
      model_forward(tr, w, some_ids(11, 3), opt, false);
      for (int l = 0; l < 2; ++l) {
        CAPTURE(l);
        const AttentionTrace& at = tr.layers[l].attn;
        const AttentionParams& p = w.layers[l].attn;
        const ValueNorms vn = value_norms(at, p);
        REQUIRE(vn.n_heads == heads);
        const auto f = reference_f(at, p);
        const int n = 11, d = w.cfg.d_model;
        double worst = 0;
        // Value norms after W_O, per head and of the sum over heads.
        for (int j = 0; j < n; ++j) {
          std::vector<double> sum(d, 0.0);
          for (int h = 0; h < heads; ++h) {
            double sq = 0;
            for (int m = 0; m < d; ++m) {
              sq += f[h][j][m] * f[h][j][m];
              sum[m] += f[h][j][m];
            }
            worst = std::max(worst, std::abs(vn.head(h, j) - std::sqrt(sq)) / std::sqrt(sq));
          }
          double sq = 0;
          for (int m = 0; m < d; ++m) sq += sum[m] * sum[m];
          worst = std::max(worst, std::abs(vn.all(j) - std::sqrt(sq)) / std::sqrt(sq));
        }
        for (int head = -1; head < heads; ++head) {
          const auto ref = reference_contributions(at, p, head);
          const Mat c = norm_contributions(at, p, head);
          const Mat s = norm_contribution_shares(at, vn, head);
          REQUIRE(c.rows() == n);
          REQUIRE(c.cols() == n);
          for (int i = 0; i < n; ++i) {
            double row = 0;
            for (int j = 0; j < n; ++j) row += ref[i][j];
            for (int j = 0; j < n; ++j) {
              if (ref[i][j] == 0) {  // a causal zero must be exactly zero
                CHECK(c(i, j) == 0.0f);
                continue;
              }
              worst = std::max(worst, std::abs(c(i, j) - ref[i][j]) / ref[i][j]);
              worst = std::max(worst, std::abs(s(i, j) - ref[i][j] / row) / (ref[i][j] / row));
            }
            CHECK(std::abs(s.row(i).sum() - 1.0f) < 1e-5f);
          }
        }
        INFO("largest relative difference " << worst);
        CHECK(worst < 1e-5);
      }
    }
  }
}

TEST_CASE("one head: all heads together equals that head; scale_rows_to_one keeps zero rows zero") {
  const ModelWeights w = small_model(1, 1, 9);
  ModelTrace tr;
  model_forward(tr, w, some_ids(7, 4), AttentionOptions{}, false);
  const AttentionTrace& at = tr.layers[0].attn;
  const Mat all = norm_contributions(at, w.layers[0].attn, -1);
  const Mat one = norm_contributions(at, w.layers[0].attn, 0);
  REQUIRE(all.rows() == 7);
  CHECK((all - one).cwiseAbs().maxCoeff() < 1e-6f * one.maxCoeff());
  CHECK(norm_contributions(at, w.layers[0].attn, 1).size() == 0);  // head out of range
  CHECK(norm_contributions(at, w.layers[0].attn, -2).size() == 0);
  Mat z(2, 3);
  z << 1, 3, 0, 0, 0, 0;
  const Mat sz = scale_rows_to_one(z);
  CHECK(sz(0, 0) == doctest::Approx(0.25));
  CHECK(sz(0, 1) == doctest::Approx(0.75));
  CHECK(row_is_zero(sz, 1));
}

TEST_CASE("a sink: most of the weight on a key whose value is tiny gives it a small contribution") {
  // One head, d_model 4. Every query is the same (from x[3]); only token 0 has a key (from x[2]),
  // and its value is just the bias (values read x[0], x[1], which token 0 lacks).
  const int n = 6, d = 4;
  Rng rng(21);
  Mat x = Mat::Zero(n, d);
  x(0, 2) = 1.0f;
  for (int i = 0; i < n; ++i) x(i, 3) = 1.0f;
  for (int i = 1; i < n; ++i) {
    x(i, 0) = rng.normal();
    x(i, 1) = rng.normal();
  }
  AttentionParams p;
  p.wq = Mat::Zero(d, d);
  p.wk = Mat::Zero(d, d);
  p.wv = Mat::Zero(d, d);
  p.wo = Mat::Identity(d, d);
  p.wq(3, 0) = 2.0f;
  p.wk(2, 0) = 2.5f;  // score 5 on key 0, scaled by 1/sqrt(4): 2.5
  p.wv(0, 0) = 1.0f;
  p.wv(1, 1) = 1.0f;
  p.bq = RowVec::Zero(d);
  p.bk = RowVec::Zero(d);
  p.bo = RowVec::Zero(d);
  p.bv = RowVec::Constant(d, 1e-3f);
  AttentionTrace t;
  attention_forward(t, x, p, 1, AttentionOptions{});
  const double sink_weight = std::exp(2.5) / (std::exp(2.5) + 5.0);  // 0.709
  const ValueNorms vn = value_norms(t, p);
  CHECK(vn.head(0, 0) == doctest::Approx(2e-3).epsilon(1e-4));  // ||bv|| = 2e-3
  for (int head : {0, -1}) {
    const Mat share = norm_contribution_shares(t, vn, head);
    for (int i = 0; i < n; ++i) {
      CAPTURE(i);
      CHECK(t.heads[0].weights(i, 0) == doctest::Approx(sink_weight).epsilon(1e-5));
      // Its weight times its norm, over everyone's: the others' norms are about 1.
      double others = 0;
      for (int j = 1; j < n; ++j) others += t.heads[0].weights(i, j) * vn.head(0, j);
      const double expect = sink_weight * 2e-3 / (sink_weight * 2e-3 + others);
      CHECK(share(i, 0) == doctest::Approx(expect).epsilon(1e-4));
      CHECK(share(i, 0) < 0.02f);
    }
  }
}

// ---- rollout ------------------------------------------------------------------------------

TEST_CASE("rollout equals repeated products of 0.5 * mean + 0.5 * I; rows sum to 1") {
  for (bool causal : {false, true}) {
    CAPTURE(causal);
    const int n = 10, layers = 3, heads = 2;
    const ModelWeights w = small_model(heads, layers, 31);
    AttentionOptions opt;
    opt.causal = causal;
    ModelTrace tr;
    model_forward(tr, w, some_ids(n, 8), opt, false);
    const std::vector<Mat> r = attention_rollout(tr);
    REQUIRE(r.size() == static_cast<std::size_t>(layers));
    std::vector<std::vector<double>> ref(n, std::vector<double>(n, 0.0));
    for (int l = 0; l < layers; ++l) {
      CAPTURE(l);
      std::vector<std::vector<double>> a(n, std::vector<double>(n)), next(n, std::vector<double>(n));
      for (int i = 0; i < n; ++i)
        for (int j = 0; j < n; ++j) {
          double mean = 0;
          for (int h = 0; h < heads; ++h) mean += tr.layers[l].attn.heads[h].weights(i, j);
          a[i][j] = 0.5 * mean / heads + (i == j ? 0.5 : 0.0);
        }
      for (int i = 0; i < n; ++i)
        for (int j = 0; j < n; ++j) {
          double s = 0;
          if (l == 0)
            s = a[i][j];
          else
            for (int k = 0; k < n; ++k) s += a[i][k] * ref[k][j];
          next[i][j] = s;
        }
      ref = next;
      const Mat single = attention_rollout(tr, l);
      double worst = 0;
      for (int i = 0; i < n; ++i) {
        CHECK(std::abs(r[l].row(i).sum() - 1.0f) < 1e-5f);
        for (int j = 0; j < n; ++j) {
          worst = std::max(worst, std::abs(r[l](i, j) - ref[i][j]));
          worst = std::max(worst, std::abs(single(i, j) - ref[i][j]));
          if (causal && j > i) CHECK(r[l](i, j) == 0.0f);  // causal stays causal through layers
        }
      }
      INFO("largest difference " << worst);
      CHECK(worst < 1e-6);
    }
  }
  ModelTrace tr;
  CHECK(attention_rollout(tr, 0).size() == 0);  // no layers
}

TEST_CASE("all_honest_views gives the same bits as value_norms, norm_contributions, scale_rows_to_one, rollout") {
  // It computes everything in one pass over each row of the weights; the numbers must not depend
  // on that. 4 heads with 21 tokens (vector path and a tail), 3 heads with 6.
  for (const auto& shape : {std::make_pair(4, 21), std::make_pair(3, 6)}) {
    const int heads = shape.first, n = shape.second, layers = 3;
    CAPTURE(heads);
    const ModelWeights w = small_model(heads, layers, 61, 12 * (heads == 4 ? 2 : 1));
    ModelTrace tr;
    model_forward(tr, w, some_ids(n, 9), AttentionOptions{}, false);
    const AllHonestViews all = all_honest_views(tr, w);
    const std::vector<Mat> rollout = attention_rollout(tr);
    REQUIRE(all.norms.size() == static_cast<std::size_t>(layers));
    REQUIRE(all.contributions.size() == static_cast<std::size_t>(layers * (heads + 1)));
    REQUIRE(all.rollout.size() == rollout.size());
    auto same = [](const Mat& a, const Mat& b) { return a.rows() == b.rows() && a.cols() == b.cols() && a == b; };
    for (int l = 0; l < layers; ++l) {
      CAPTURE(l);
      const ValueNorms vn = value_norms(tr.layers[l].attn, w.layers[l].attn);
      CHECK(same(all.norms[l].head, vn.head));
      CHECK(same(all.norms[l].gram, vn.gram));
      CHECK(all.norms[l].all == vn.all);
      for (int h = -1; h < heads; ++h) {
        CAPTURE(h);
        const Mat c = norm_contributions(tr.layers[l].attn, vn, h);
        CHECK(same(all.contributions[l * (heads + 1) + h + 1], c));
        CHECK(same(all.shares[l * (heads + 1) + h + 1], scale_rows_to_one(c)));
        CHECK(same(all.shares[l * (heads + 1) + h + 1], norm_contribution_shares(tr.layers[l].attn, vn, h)));
      }
      CHECK(same(all.rollout[l], rollout[l]));
      CHECK(same(all.rollout[l], attention_rollout(tr, l)));
    }
  }
}

// ---- hidden tokens and masked rows, every method ----------------------------------------------

TEST_CASE("hidden tokens get 0 in every method: raw, norm per head and all heads, rollout, words") {
  const int n = 9, heads = 2, layers = 2;
  const ModelWeights w = small_model(heads, layers, 41);
  const std::vector<bool> hidden = {false, true, false, false, true, true, false, false, false};
  for (bool causal : {false, true}) {
    // (a) the forward and the functions both know; (b) only the functions do.
    for (bool forward_knows : {true, false}) {
      CAPTURE(causal);
      CAPTURE(forward_knows);
      AttentionOptions opt;
      opt.causal = causal;
      if (forward_knows) opt.hidden = hidden;
      ModelTrace tr;
      model_forward(tr, w, some_ids(n, 9), opt, false);
      const std::vector<Mat> r = attention_rollout(tr, hidden);
      for (int l = 0; l < layers; ++l) {
        const AttentionTrace& at = tr.layers[l].attn;
        const ValueNorms vn = value_norms(at, w.layers[l].attn);
        std::vector<Mat> all = {r[l]};
        for (int head = -1; head < heads; ++head) {
          all.push_back(norm_contributions(at, vn, head, hidden));
          all.push_back(norm_contribution_shares(at, vn, head, hidden));
        }
        if (forward_knows)
          for (const HeadTrace& h : at.heads) all.push_back(h.weights);
        for (const Mat& m : all) {
          REQUIRE(m.rows() == n);
          for (int j = 0; j < n; ++j)
            if (hidden[j]) CHECK(col_is_zero(m, j));
        }
        const Mat s = norm_contribution_shares(at, vn, -1, hidden);
        for (int i = 0; i < n; ++i) {
          if (hidden[i])
            CHECK(row_is_zero(r[l], i));  // documented: a hidden token's rollout row
          else
            CHECK(std::abs(r[l].row(i).sum() - 1.0f) < 1e-5f);
          CHECK(std::abs(s.row(i).sum() - 1.0f) < 1e-5f);  // every row here sees a visible key (0)
        }
        // Words: pieces 4 and 5 (both hidden) form one word, which gets a zero column.
        std::vector<WordSpan> words(n - 1);
        for (int k = 0, p = 0; k < n - 1; ++k) {
          words[k].pieces.push_back(p++);
          if (k == 4) words[k].pieces.push_back(p++);
        }
        const Mat mw = merge_to_words(r[l], words);
        CHECK(col_is_zero(mw, 4));
        CHECK(col_is_zero(mw, 1));
        CHECK(std::abs(mw.row(0).sum() - 1.0f) < 1e-5f);
      }
    }
  }
}

TEST_CASE("an all-masked row stays zeros in every method") {
  // Causal with tokens 0 and 1 hidden: rows 0 and 1 may see only hidden keys, so the forward
  // gives them all-zero weights (softmax of all -inf); every method must keep them zero.
  const int n = 6, heads = 2, layers = 2;
  const ModelWeights w = small_model(heads, layers, 51);
  AttentionOptions opt;
  opt.causal = true;
  opt.hidden = {true, true, false, false, false, false};
  ModelTrace tr;
  model_forward(tr, w, some_ids(n, 10), opt, false);
  const std::vector<Mat> r = attention_rollout(tr, opt.hidden);
  for (int l = 0; l < layers; ++l) {
    const AttentionTrace& at = tr.layers[l].attn;
    std::vector<Mat> all = {r[l]};
    for (const HeadTrace& h : at.heads) all.push_back(h.weights);
    for (int head = -1; head < heads; ++head) {
      all.push_back(norm_contributions(at, w.layers[l].attn, head, opt.hidden));
      all.push_back(norm_contribution_shares(at, w.layers[l].attn, head, opt.hidden));
    }
    for (const Mat& m : all) {
      REQUIRE(m.rows() == n);
      CHECK(m.allFinite());
      CHECK(row_is_zero(m, 0));
      CHECK(row_is_zero(m, 1));
      CHECK(std::abs(m.row(2).sum()) > 0.0f);
    }
    // The same with no hidden flags passed to the functions: the zero rows come from the weights.
    CHECK(row_is_zero(norm_contributions(at, w.layers[l].attn, -1), 0));
    CHECK(row_is_zero(norm_contribution_shares(at, w.layers[l].attn, 0), 1));
    // The word made of pieces 0 and 1 has a zero row as well.
    std::vector<WordSpan> words(n - 1);
    words[0].pieces = {0, 1};
    for (int k = 1; k < n - 1; ++k) words[k].pieces = {k + 1};
    CHECK(row_is_zero(merge_to_words(at.heads[0].weights, words), 0));
  }
  // Every token hidden: every method gives all zeros, no NaN.
  opt.hidden.assign(n, true);
  opt.causal = false;
  model_forward(tr, w, some_ids(n, 10), opt, false);
  for (const Mat& m : attention_rollout(tr, opt.hidden)) CHECK(m.isZero(0));
  for (int head = -1; head < heads; ++head) {
    const Mat s = norm_contribution_shares(tr.layers[1].attn, w.layers[1].attn, head, opt.hidden);
    CHECK(s.rows() == n);
    CHECK(s.isZero(0));
  }
}

TEST_CASE("no tokens: every method gives empty matrices without touching null data") {
  const ModelWeights w = small_model(2, 2, 61);
  ModelTrace tr;
  model_forward(tr, w, {}, AttentionOptions{}, false);
  const ValueNorms vn = value_norms(tr.layers[0].attn, w.layers[0].attn);
  CHECK(vn.n_heads == 2);
  CHECK(vn.head.cols() == 0);
  for (int head = -1; head < 2; ++head) CHECK(norm_contribution_shares(tr.layers[0].attn, vn, head).size() == 0);
  const std::vector<Mat> r = attention_rollout(tr);
  REQUIRE(r.size() == 2);
  CHECK(r[1].size() == 0);
  CHECK(attention_rollout(tr, 1).size() == 0);
  CHECK(merge_to_words(Mat(), group_words({})).size() == 0);
}

TEST_CASE("find_sink: a heavily weighted key that contributes under half its weight, and nothing else") {
  Mat raw(2, 3), shares(2, 3);
  raw << 0.7f, 0.2f, 0.1f, 0.5f, 0.3f, 0.2f;
  shares << 0.1f, 0.6f, 0.3f, 0.4f, 0.4f, 0.2f;
  const SinkFinding a = find_sink(raw, shares, 0);
  CHECK(a.key == 0);
  CHECK(a.weight == doctest::Approx(0.7f));
  CHECK(a.contribution == doctest::Approx(0.1f));
  CHECK(find_sink(raw, shares, 1).key == -1);  // 0.4 is not under half of 0.5
  raw(1, 0) = 0.25f;  // below kSinkWeight: never a sink
  shares(1, 0) = 0.0f;
  CHECK(find_sink(raw, shares, 1).key == -1);
  CHECK(find_sink(raw, shares, 5).key == -1);
  CHECK(find_sink(raw, Mat(1, 1), 0).key == -1);
}
