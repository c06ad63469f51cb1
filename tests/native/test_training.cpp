// A tiny model learns a tiny generated language: the loss falls by a stated margin, bit for bit repeatably.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "codebook.h"
#include "model_file.h"
#include "model_backward.h"
#include "rng.h"
#include "test_helpers.h"
#include "trainer.h"
#include "wordpiece.h"

using namespace attn;

namespace {

// Sentences from a small grammar, so there is real structure to learn (agreement of article,
// noun and verb; "on the" before a place) and a test can generate as much text as it wants.
std::vector<std::string> make_text(int lines, uint64_t seed) {
  const char* animals[] = {"cat", "dog", "mouse", "bird", "fox"};
  const char* verbs[] = {"sat", "slept", "stood", "waited"};
  const char* places[] = {"mat", "rug", "log", "roof", "chair"};
  const char* chasers[] = {"chased", "watched", "followed"};
  Rng rng(seed);
  std::vector<std::string> out;
  for (int i = 0; i < lines; ++i) {
    std::string s = "the ";
    s += animals[rng.below(5)];
    if (rng.below(2)) {
      s += std::string(" ") + verbs[rng.below(4)] + " on the " + places[rng.below(5)];
    } else {
      s += std::string(" ") + chasers[rng.below(3)] + " the " + animals[rng.below(5)];
    }
    s += " .";
    out.push_back(s);
  }
  return out;
}

struct Setup {
  WordPieceVocab vocab;
  EncodedCorpus corpus;
  TrainConfig cfg;
  Setup() {
    const std::vector<std::string> text = make_text(400, 3);
    WordCounts counts;
    for (const std::string& l : text) count_words(counts, l);
    VocabLearnOptions vo;
    vo.vocab_size = 80;
    vocab = learn_wordpiece(counts, vo);
    std::vector<int> ids;
    for (const std::string& l : text) {
      ids.clear();
      wordpiece_ids(vocab, l, ids);
      corpus.add_line(ids);
    }
    cfg.model.vocab_size = vocab.size();
    cfg.model.d_model = 32;
    cfg.model.n_layers = 2;
    cfg.model.n_heads = 2;
    cfg.model.d_ff = 64;
    cfg.max_len = 24;
    cfg.min_len = 6;
    cfg.batch = 8;
    cfg.steps = 300;
    cfg.warmup = 20;
    cfg.lr = 3e-3f;
    cfg.emb_scale = 0.1f;
    cfg.seed = 42;
  }
};

std::vector<float> run(const Setup& s, uint64_t seed) {
  TrainConfig cfg = s.cfg;
  cfg.seed = seed;
  Trainer t(cfg);
  std::vector<float> losses;
  for (int i = 0; i < cfg.steps; ++i) losses.push_back(t.train_step(s.corpus).loss);
  return losses;
}

float mean(const std::vector<float>& v, std::size_t from, std::size_t to) {
  double s = 0;
  for (std::size_t i = from; i < to; ++i) s += v[i];
  return static_cast<float>(s / (to - from));
}

}  // namespace

TEST_CASE("training a tiny model lowers the masked-LM loss by at least 40%, deterministically") {
  const Setup s;
  const std::vector<float> a = run(s, 42);
  const float first = mean(a, 0, 20), last = mean(a, a.size() - 50, a.size());
  MESSAGE("mean loss of the first 20 steps " << first << ", of the last 50 steps " << last);
  // Stated margin: the last 50 steps average at most 60% of the first 20 steps' loss. (The
  // grammar's own randomness - which animal, which place - keeps the floor near 1.5 nats.)
  CHECK(last < 0.6f * first);
  // The same seed gives the same losses bit for bit; another seed gives other batches.
  const std::vector<float> b = run(s, 42);
  CHECK(a == b);
  const std::vector<float> c = run(s, 43);
  CHECK(a != c);
}

TEST_CASE("batches are a pure function of (seed, step): resuming draws the same data") {
  const Setup s;
  TrainConfig cfg = s.cfg;
  const Example e1 = make_example(s.corpus, cfg, 17, 3), e2 = make_example(s.corpus, cfg, 17, 3);
  CHECK(e1.input == e2.input);
  CHECK(e1.positions == e2.positions);
  CHECK(e1.targets == e2.targets);
  CHECK(!e1.positions.empty());
  CHECK(static_cast<int>(e1.input.size()) <= cfg.max_len);
  for (std::size_t j = 0; j < e1.positions.size(); ++j) CHECK(e1.input[e1.positions[j]] != kSepId);
}

TEST_CASE("held-out masking replaces every chosen piece by [MASK], about 15% of pieces") {
  const Setup s;
  int chosen = 0, total = 0;
  for (int i = 0; i < s.corpus.lines(); ++i) {
    const Example e = heldout_example(s.corpus, i, 9, 64);
    for (int p : e.positions) CHECK(e.input[p] == kMaskId);
    chosen += static_cast<int>(e.positions.size());
    total += static_cast<int>(e.input.size());
  }
  const double share = double(chosen) / total;
  CHECK(share > 0.12);
  CHECK(share < 0.25);  // at least one per line pushes short lines above 15%
}

TEST_CASE("warm restart: phase one's cosine ends at restart_step, then a new warm-up and cosine to steps") {
  TrainConfig cfg;
  cfg.steps = 1000;
  cfg.warmup = 100;
  cfg.lr = 1e-3f;
  cfg.min_lr_frac = 0.05f;
  cfg.restarts = {{600, 50, 4e-4f, 0}};
  const Trainer t(cfg);
  // Phase one is the one-phase schedule of a 600-step run.
  for (int s : {0, 99, 100, 350, 599})
    CHECK(t.lr_at(s) == doctest::Approx(lr_schedule(s, 100, 600, 1e-3f, 0.05f)).epsilon(1e-6));
  CHECK(t.lr_at(599) < 1e-3f * 0.06f);  // near its floor
  // Phase two starts low, climbs linearly to restart_lr in 50 steps, and ends at its floor.
  CHECK(t.lr_at(600) == doctest::Approx(4e-4f / 50).epsilon(1e-6));
  CHECK(t.lr_at(649) == doctest::Approx(4e-4f).epsilon(1e-6));
  CHECK(t.lr_at(999) == doctest::Approx(4e-4f * 0.05f).epsilon(1e-2));
  // Halfway through phase two's cosine: the midpoint of peak and floor.
  CHECK(t.lr_at(650 + 175) == doctest::Approx(4e-4f * (0.05f + 0.95f * 0.5f)).epsilon(1e-4));
  TrainConfig one = cfg;
  one.restarts.clear();
  const Trainer u(one);
  CHECK(u.lr_at(700) == doctest::Approx(lr_schedule(700, 100, 1000, 1e-3f, 0.05f)).epsilon(1e-6));
}

TEST_CASE("QAT: the forward pass reads the listed tensors exactly as the 4-bit file stores them") {
  const Setup s;
  TrainConfig cfg = s.cfg;
  cfg.qat_from_step = 5;
  cfg.qat_tensors = {"tok_emb", ".w2"};
  Trainer t(cfg);
  for (int i = 0; i < 5; ++i) t.train_step(s.corpus);
  CHECK(t.qat_active());
  const ModelWeights& fw = t.forward_weights();
  // The file's decoding of the same weights (Int4Codebook for the listed tensors, F32 elsewhere).
  const std::vector<uint8_t> bytes = save_model(t.w, s.vocab, {}, [&](const std::string& name, int) {
    return tensor_listed(cfg.qat_tensors, name) ? TensorCoding::Int4Codebook : TensorCoding::F32;
  });
  const ModelLoadResult r = load_model(bytes.data(), bytes.size());
  REQUIRE_MESSAGE(r.ok(), r.message);
  CHECK(fw.tok_emb.isApprox(r.weights.tok_emb, 1e-6f));
  CHECK((fw.tok_emb - t.w.tok_emb).cwiseAbs().maxCoeff() > 1e-4f);  // it really was rounded
  for (std::size_t l = 0; l < fw.layers.size(); ++l) {
    CHECK(fw.layers[l].w2.isApprox(r.weights.layers[l].w2, 1e-6f));
    CHECK(fw.layers[l].w1 == t.w.layers[l].w1);  // not listed: unchanged
    CHECK(fw.layers[l].attn.wq == t.w.layers[l].attn.wq);
  }
  // The update goes to the full-precision weights (straight through): they keep moving by less than
  // one rounding step, which rounding each step would erase.
  const Mat before = t.w.tok_emb;
  const float loss_q = t.train_step(s.corpus).loss;
  CHECK(std::isfinite(loss_q));
  CHECK((t.w.tok_emb - before).cwiseAbs().maxCoeff() > 0.0f);
  // Between refits the levels stay those fitted at step 5 (from `before`); the scales follow w.
  const std::vector<float> levels = fit_tensor_codebook(before.data(), int(before.rows()), int(before.cols()));
  Mat expect(before.rows(), before.cols());
  fake_quantise_int4(t.w.tok_emb.data(), int(before.rows()), int(before.cols()), levels, expect.data());
  CHECK(t.forward_weights().tok_emb == expect);
}

TEST_CASE("QAT with 8-bit embedding rows: the forward reads tok_emb exactly as the Int4Int8Rows file stores it") {
  const Setup s;
  TrainConfig cfg = s.cfg;
  cfg.qat_from_step = 2;
  cfg.qat_freeze_from = 2;  // fitted once at step 2, then kept
  cfg.qat_tensors = {"tok_emb"};
  const int rows = cfg.model.vocab_size;
  cfg.qat_int8_rows.assign(rows, 0);
  for (int i = 0; i < rows; i += 3) cfg.qat_int8_rows[i] = 1;
  Trainer t(cfg);
  for (int i = 0; i < 4; ++i) t.train_step(s.corpus);
  const ModelWeights& fw = t.forward_weights();
  const Trainer::QatLevels q = t.qat_levels();
  REQUIRE(q.names == std::vector<std::string>{"tok_emb"});
  CHECK(q.fitted_at == 2);
  const std::vector<uint8_t> bytes = save_model(
      t.w, s.vocab, {},
      [](const std::string& n, int) { return n == "tok_emb" ? TensorCoding::Int4Int8Rows : TensorCoding::F32; },
      [&](const std::string& n) { return n == "tok_emb" ? &q.levels[0] : nullptr; },
      [&](const std::string& n) { return n == "tok_emb" ? &cfg.qat_int8_rows : nullptr; });
  const ModelLoadResult r = load_model(bytes.data(), bytes.size());
  REQUIRE_MESSAGE(r.ok(), r.message);
  CHECK(r.weights.tok_emb == fw.tok_emb);
  CHECK(r.int4[0].int8_rows == cfg.qat_int8_rows);
  // The 8-bit rows are within half an int8 step of w; the 4-bit rows are not all that close.
  double worst8 = 0, worst4 = 0;
  for (int i = 0; i < rows; ++i) {
    const float amax = t.w.tok_emb.row(i).cwiseAbs().maxCoeff();
    if (amax == 0) continue;
    const double e = (fw.tok_emb.row(i) - t.w.tok_emb.row(i)).cwiseAbs().maxCoeff() / amax;
    (cfg.qat_int8_rows[i] ? worst8 : worst4) = std::max(cfg.qat_int8_rows[i] ? worst8 : worst4, e);
  }
  CHECK(worst8 <= 0.5 / 127 * 1.0001);
  CHECK(worst4 > 0.5 / 127);
}

TEST_CASE(
    "QAT freeze: one last refit, then the levels stay; the file written with them decodes to the forward's weights") {
  const Setup s;
  TrainConfig cfg = s.cfg;
  cfg.qat_from_step = 2;
  cfg.qat_refit_every = 2;  // a refit every other step before the freeze
  cfg.qat_freeze_from = 6;
  cfg.qat_tensors = {"tok_emb"};
  Trainer t(cfg);
  for (int i = 0; i < 6; ++i) t.train_step(s.corpus);
  t.forward_weights();
  const Trainer::QatLevels at6 = t.qat_levels();
  CHECK(at6.fitted_at == 6);
  REQUIRE(at6.names == std::vector<std::string>{"tok_emb"});
  for (int i = 0; i < 3; ++i) t.train_step(s.corpus);  // steps 6..8: frozen, no refit at 8
  const ModelWeights& fw = t.forward_weights();
  CHECK(t.qat_levels().fitted_at == 6);
  CHECK(t.qat_levels().levels == at6.levels);
  // Saved with those levels, the file decodes to exactly what the forward pass reads.
  const std::vector<uint8_t> bytes = save_model(
      t.w, s.vocab, {},
      [](const std::string& n, int) { return n == "tok_emb" ? TensorCoding::Int4Codebook : TensorCoding::F32; },
      [&](const std::string& n) { return n == "tok_emb" ? &at6.levels[0] : nullptr; });
  const ModelLoadResult r = load_model(bytes.data(), bytes.size());
  REQUIRE_MESSAGE(r.ok(), r.message);
  CHECK(r.weights.tok_emb == fw.tok_emb);
  // Refitting instead (no levels given) rounds differently: the freeze is what makes them equal.
  const std::vector<uint8_t> refit = save_model(t.w, s.vocab, {}, [](const std::string& n, int) {
    return n == "tok_emb" ? TensorCoding::Int4Codebook : TensorCoding::F32;
  });
  const ModelLoadResult r2 = load_model(refit.data(), refit.size());
  CHECK(!(r2.weights.tok_emb == fw.tok_emb));
  // A restored trainer continues with the same levels.
  Trainer u(cfg);
  u.w = t.w;
  u.step = t.step;
  u.set_qat_levels(t.qat_levels());
  CHECK(u.forward_weights().tok_emb == fw.tok_emb);
}

TEST_CASE("cosine_end: the last phase's cosine ends there and later steps run at its floor") {
  TrainConfig cfg;
  cfg.steps = 1200;
  cfg.warmup = 100;
  cfg.restarts = {{600, 50, 4e-4f, 1000}};
  const Trainer t(cfg);
  CHECK(t.lr_at(999) == doctest::Approx(4e-4f * 0.05f).epsilon(1e-2));
  CHECK(t.lr_at(1000) == doctest::Approx(4e-4f * 0.05f).epsilon(1e-6));
  CHECK(t.lr_at(1150) == doctest::Approx(4e-4f * 0.05f).epsilon(1e-6));
  TrainConfig same = cfg;  // a run to 1000 without cosine_end has the same schedule up to there
  same.steps = 1000;
  same.restarts[0].cosine_end = 0;
  const Trainer u(same);
  for (int st : {0, 300, 650, 900, 999}) CHECK(t.lr_at(st) == u.lr_at(st));
}

TEST_CASE("a third phase appended after a finished run keeps every earlier step's rate") {
  TrainConfig two;
  two.steps = 1200;
  two.warmup = 100;
  two.restarts = {{600, 50, 4e-4f, 1000}};
  TrainConfig three = two;
  three.steps = 2000;
  three.restarts.push_back({1200, 30, 3e-4f, 1900});
  const Trainer t2(two), t3(three);
  for (int st : {0, 599, 600, 649, 999, 1000, 1199}) CHECK(t3.lr_at(st) == t2.lr_at(st));
  CHECK(t3.lr_at(1200) == doctest::Approx(3e-4f / 30).epsilon(1e-6));
  CHECK(t3.lr_at(1229) == doctest::Approx(3e-4f).epsilon(1e-6));
  CHECK(t3.lr_at(1900) == doctest::Approx(3e-4f * 0.05f).epsilon(1e-6));
  CHECK(t3.lr_at(1999) == doctest::Approx(3e-4f * 0.05f).epsilon(1e-6));
  // Without its own cosine_end, a middle phase ends where the next begins.
  TrainConfig open_end = three;
  open_end.restarts[0].cosine_end = 0;
  const Trainer t4(open_end);
  CHECK(t4.lr_at(1199) == doctest::Approx(4e-4f * 0.05f).epsilon(1e-2));
}

TEST_CASE("parse_restarts: step:lr:warm-up[:cosine end], rising steps, nothing else") {
  std::vector<TrainConfig::WarmRestart> r;
  REQUIRE(parse_restarts("30000:5e-4:500:54000,54500:4e-4:300:72000", r));
  REQUIRE(r.size() == 2);
  CHECK(r[0].step == 30000);
  CHECK(r[0].lr == doctest::Approx(5e-4f));
  CHECK(r[0].warmup == 500);
  CHECK(r[0].cosine_end == 54000);
  CHECK(r[1].step == 54500);
  CHECK(r[1].cosine_end == 72000);
  REQUIRE(parse_restarts("600:4e-4:50", r));
  CHECK(r.size() == 1);
  CHECK(r[0].cosine_end == 0);
  CHECK(parse_restarts("", r));
  CHECK(r.empty());
  for (const char* bad : {"600", "600:4e-4", "600:x:50", "600:4e-4:50:500", "900:1e-4:5,600:1e-4:5",
                          "600:4e-4:50:1000:7", "600:4e-4:50junk", "-5:1e-4:5", "600:0:50"})
    CHECK_MESSAGE(!parse_restarts(bad, r), bad);
}

TEST_CASE("the QAT levels file reads back to the same floats, and anything else is refused") {
  Trainer::QatLevels q;
  q.fitted_at = 75500;
  q.names = {"tok_emb", "layers.0.w2"};
  for (int t = 0; t < 2; ++t) {
    std::vector<float> l;
    for (int k = 0; k < kCodebookLevels; ++k) l.push_back(std::ldexp(1.0f + k / 7.0f, k - 8) * (t ? -1.0f : 1.0f));
    q.levels.push_back(l);
  }
  const std::string text = encode_qat_levels(q);
  CHECK(text.rfind("fitted_at 75500\ntok_emb ", 0) == 0);
  Trainer::QatLevels back;
  REQUIRE(decode_qat_levels(text, &back));
  CHECK(back.fitted_at == 75500);
  CHECK(back.names == q.names);
  CHECK(back.levels == q.levels);  // %.9g is enough for every float to come back exactly
  Trainer::QatLevels untouched = back;
  CHECK_FALSE(decode_qat_levels("fitted 12\n", &untouched));
  CHECK_FALSE(decode_qat_levels("fitted_at 12\ntok_emb 1 2 3\n", &untouched));  // 3 of 16 levels
  CHECK_FALSE(decode_qat_levels("", &untouched));
  CHECK(untouched.names == q.names);
  Trainer::QatLevels none;
  REQUIRE(decode_qat_levels("fitted_at -1\n", &none));
  CHECK(none.names.empty());
}

TEST_CASE("fake_quantise_int4 rounds every value to the level nearest_level finds, ties and in place included") {
  Rng rng(5);
  const int rows = 37, cols = 129;
  std::vector<float> data(std::size_t(rows) * cols);
  for (float& v : data) v = rng.normal() * 0.3f;
  const std::vector<float> levels = fit_tensor_codebook(data.data(), rows, cols);
  // Every row's scale is exactly 2 (its first value), so values planted at level * 2 divide back
  // exactly: one on a midpoint (a tie goes to the lower level) and one on a level.
  for (int r = 0; r < rows; ++r) {
    data[std::size_t(r) * cols] = r % 2 ? 2.0f : -2.0f;
    data[std::size_t(r) * cols + 3] = 0.5f * (levels[6] + levels[7]) * 2.0f;
    data[std::size_t(r) * cols + 4] = levels[9] * 2.0f;
  }
  const std::vector<float> scales = row_scales(data.data(), rows, cols);
  REQUIRE(scales[5] == 2.0f);
  std::vector<float> want(data.size()), got(data.size());
  for (int r = 0; r < rows; ++r)
    for (int k = 0; k < cols; ++k) {
      const std::size_t i = std::size_t(r) * cols + k;
      want[i] = levels[nearest_level(levels, data[i] / scales[r])] * scales[r];
    }
  fake_quantise_int4(data.data(), rows, cols, levels, got.data());
  CHECK(got == want);  // bit for bit: the same midpoints, the same products
  std::vector<float> in_place = data;
  fake_quantise_int4(in_place.data(), rows, cols, levels, in_place.data());
  CHECK(in_place == want);
  CHECK(want[3] == levels[6] * 2.0f);  // the tie went to the lower level
  CHECK(want[4] == levels[9] * 2.0f);
}

TEST_CASE("examples in one group: the same loss and gradient as one at a time, within float rounding") {
  const Setup s;
  Trainer t(s.cfg);
  t.step = 5;
  const std::vector<Example> batch = t.batch(s.corpus);
  int masked = 0;
  for (const Example& e : batch) masked += static_cast<int>(e.positions.size());
  REQUIRE(masked > 8);
  ModelWeights one = zeros_like(t.w), group = zeros_like(t.w);
  ModelTrace trace;
  double loss_one = 0;
  for (const Example& e : batch) loss_one += example_forward_backward(one, t.w, e, 1.0f / masked, trace);
  std::vector<const Example*> all;
  for (const Example& e : batch) all.push_back(&e);
  std::vector<ModelTrace> traces;
  const double loss_group = examples_forward_backward(group, t.w, all, 1.0f / masked, traces);
  CHECK(traces.size() == batch.size());
  CHECK(loss_group == doctest::Approx(loss_one).epsilon(1e-5));
  // Every gradient entry within 1e-5 of the tensor's largest entry (summation order only), plus
  // 1e-10: attn.bk's gradient is 0 in exact arithmetic (a softmax ignores a shift of its row), so
  // both paths hold only rounding noise there (~1e-12, against gradients of ~1e-3 elsewhere).
  std::vector<ParamRef> a = param_list(one), b = param_list(group);
  for (std::size_t i = 0; i < a.size(); ++i) {
    const std::size_t n = std::size_t(a[i].rows) * a[i].cols;
    float amax = 0, diff = 0;
    for (std::size_t j = 0; j < n; ++j) {
      amax = std::max(amax, std::fabs(a[i].data[j]));
      diff = std::max(diff, std::fabs(a[i].data[j] - b[i].data[j]));
    }
    INFO(a[i].name);
    CHECK(amax > 0);
    CHECK(diff <= 1e-5f * amax + 1e-10f);
  }
  // A group of one is exactly the single-example path, bit for bit.
  ModelWeights single = zeros_like(t.w), alone = zeros_like(t.w);
  const float l1 = example_forward_backward(single, t.w, batch[0], 0.5f, trace);
  const float l2 = examples_forward_backward(alone, t.w, {&batch[0]}, 0.5f, traces);
  CHECK(l1 == l2);
  CHECK(attn::testing::bit_identical(single, alone));
}
