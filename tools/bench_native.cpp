// Native timing of the attention core for scripts/bench.sh: the same forwards, honest attention and seeded inputs as src/app/bridge_bench.cpp, and the offline trainer's gradient step, as JSON.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include <fstream>
#include <iterator>

#include "attention.h"
#include "honest_attention.h"
#include "json_writer.h"
#include "model.h"
#include "model_backward.h"
#include "model_file.h"
#include "random_fill.h"
#include "rng.h"
#include "trainer.h"
#include "wordpiece.h"

namespace {

struct Timing {
  double median = 0, min = 0, max = 0;
  int inner = 0, samples = 0;
};

double now_ms() {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// One sample = `inner` calls; the inner count is picked so a sample lasts about target_ms, like
// the page's harness does (there for the coarse clock, here for symmetry).
template <class F>
Timing time_median(F&& f, double target_ms, int samples) {
  f();  // warm-up: allocations of the trace happen once, as in the page
  const double t0 = now_ms();
  f();
  const double one = std::max(1e-3, now_ms() - t0);
  Timing t;
  t.inner = std::max(1, static_cast<int>(target_ms / one));
  t.samples = samples;
  std::vector<double> ms;
  for (int s = 0; s < samples; ++s) {
    const double a = now_ms();
    for (int i = 0; i < t.inner; ++i) f();
    ms.push_back((now_ms() - a) / t.inner);
  }
  std::sort(ms.begin(), ms.end());
  t.median = ms.size() % 2 ? ms[ms.size() / 2] : 0.5 * (ms[ms.size() / 2 - 1] + ms[ms.size() / 2]);
  t.min = ms.front();
  t.max = ms.back();
  return t;
}

double abs_sum(const attn::Mat& m) { return static_cast<double>(m.cwiseAbs().sum()); }

// The same sum as bridge_bench.cpp's ap_bench_honest_checksum.
double honest_checksum(const attn::AllHonestViews& b) {
  double s = 0;
  for (const attn::Mat& c : b.contributions) s += abs_sum(c);
  for (const attn::Mat& r : b.rollout) s += abs_sum(r);
  return s;
}

void add_timing(attn::JsonWriter& j, const char* kind, int n, const Timing& t, double checksum) {
  j.begin_object().key("kind").value(kind).key("n").value(n).key("median_ms").value(t.median);
  j.key("min_ms").value(t.min).key("max_ms").value(t.max).key("inner").value(t.inner).key("samples").value(t.samples);
  j.key("abs_sum").value(checksum).end_object();
}

// The offline trainer's gradient work for one worker (scripts/train-model.sh: batch 24 on 2
// threads, so 12 examples), on the shipped model and its committed held-out sample: every example
// on its own (the trainer before), and the 12 as one group (mlm_group_loss_and_backward). Both
// produce the same gradient up to float rounding; checksum = |grad tok_emb| summed.
bool time_training(attn::JsonWriter& j, const std::string& model_path, const std::string& text_path, double target_ms,
                   int samples) {
  std::ifstream mf(model_path, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(mf)), std::istreambuf_iterator<char>());
  const attn::ModelLoadResult m = attn::load_model(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
  std::ifstream tf(text_path);
  if (!m.ok() || !tf) {
    std::fprintf(stderr, "bench_native: cannot read %s or %s\n", model_path.c_str(), text_path.c_str());
    return false;
  }
  attn::EncodedCorpus corpus;
  std::vector<int> ids;
  for (std::string line; std::getline(tf, line);) {
    ids.clear();
    attn::wordpiece_ids(m.vocab, line, ids);
    corpus.add_line(ids);
  }
  attn::TrainConfig cfg;  // the shapes of scripts/train-model.sh
  cfg.model = m.weights.cfg;
  cfg.batch = 24;
  cfg.max_len = 128;
  cfg.min_len = 8;
  std::vector<attn::Example> batch;
  for (int b = 0; b < cfg.batch; b += 2) batch.push_back(attn::make_example(corpus, cfg, 1, b));
  int pieces = 0, masked = 0;
  std::vector<const attn::Example*> group;
  for (const attn::Example& e : batch) {
    pieces += static_cast<int>(e.input.size());
    masked += static_cast<int>(e.positions.size());
    group.push_back(&e);
  }
  attn::ModelWeights g = attn::zeros_like(m.weights);
  attn::ModelTrace trace;
  std::vector<attn::ModelTrace> traces;
  const float scale = 1.0f / std::max(1, 2 * masked);
  const Timing one = time_median(
      [&] {
        attn::set_zero(g);
        for (const attn::Example& e : batch) attn::example_forward_backward(g, m.weights, e, scale, trace);
      },
      target_ms, samples);
  add_timing(j, "train_per_example", pieces, one, abs_sum(g.tok_emb));
  const Timing grouped = time_median(
      [&] {
        attn::set_zero(g);
        attn::examples_forward_backward(g, m.weights, group, scale, traces);
      },
      target_ms, samples);
  add_timing(j, "train_grouped", pieces, grouped, abs_sum(g.tok_emb));
  return true;
}

int arg_int(int argc, char** argv, const char* name, int def) {
  const std::size_t len = std::strlen(name);
  for (int i = 1; i < argc; ++i)
    if (std::strncmp(argv[i], name, len) == 0 && argv[i][len] == '=') return std::atoi(argv[i] + len + 1);
  return def;
}

}  // namespace

int main(int argc, char** argv) {
  const int d = arg_int(argc, argv, "--d-model", 128);
  const int heads = arg_int(argc, argv, "--heads", 4);
  const int layers = arg_int(argc, argv, "--layers", 4);
  const int d_ff = arg_int(argc, argv, "--d-ff", 512);
  const int vocab = arg_int(argc, argv, "--vocab", 4096);
  const int samples = arg_int(argc, argv, "--samples", 7);
  const double target_ms = arg_int(argc, argv, "--sample-ms", 30);
  const int seed = arg_int(argc, argv, "--seed", 1);
  std::vector<int> sizes;
  for (int i = 1; i < argc; ++i)
    if (std::strncmp(argv[i], "--n=", 4) == 0) sizes.push_back(std::atoi(argv[i] + 4));
  if (sizes.empty()) sizes = {32, 128, 512};
  // --kinds=attention,model,honest,train: what to time at every size (default: the two forwards;
  // train is timed once, on --model and --text).
  std::string kinds = "attention,model";
  for (int i = 1; i < argc; ++i)
    if (std::strncmp(argv[i], "--kinds=", 8) == 0) kinds = argv[i] + 8;
  const auto want = [&](const char* kind) {
    return ("," + kinds + ",").find("," + std::string(kind) + ",") != std::string::npos;
  };
  if (d < 1 || heads < 1 || d % heads) {
    std::fprintf(stderr, "bench_native: --d-model must be a multiple of --heads\n");
    return 2;
  }

  attn::JsonWriter j(attn::JsonWriter::Style::Readable);
  j.begin_object().key("eigen").value(std::to_string(EIGEN_WORLD_VERSION) + "." + std::to_string(EIGEN_MAJOR_VERSION) +
                                      "." + std::to_string(EIGEN_MINOR_VERSION));
  j.key("simd").value(Eigen::SimdInstructionSetsInUse()).key("results").begin_array();
  if (want("train")) {
    std::string model = "models/attention-model.bin", text = "models/heldout-sample.txt";
    for (int i = 1; i < argc; ++i) {
      if (std::strncmp(argv[i], "--model=", 8) == 0) model = argv[i] + 8;
      if (std::strncmp(argv[i], "--text=", 7) == 0) text = argv[i] + 7;
    }
    if (!time_training(j, model, text, target_ms, samples)) return 1;
  }
  for (std::size_t si = 0; si < sizes.size() && (want("attention") || want("model") || want("honest")); ++si) {
    const int n = sizes[si];
    // Multi-head attention alone.
    attn::Rng rng(static_cast<uint64_t>(seed));
    const float ws = 1.0f / std::sqrt(static_cast<float>(d));
    attn::Mat x;
    attn::AttentionParams p;
    // The order and scales of bridge_bench.cpp's ap_bench_attention_setup: both builds time the same numbers.
    attn::fill_normal(x, n, d, rng, 1.0f);
    attn::fill_normal(p.wq, d, d, rng, ws);
    attn::fill_normal(p.bq, d, rng, 0.1f);
    attn::fill_normal(p.wk, d, d, rng, ws);
    attn::fill_normal(p.bk, d, rng, 0.1f);
    attn::fill_normal(p.wv, d, d, rng, ws);
    attn::fill_normal(p.bv, d, rng, 0.1f);
    attn::fill_normal(p.wo, d, d, rng, ws);
    attn::fill_normal(p.bo, d, rng, 0.1f);
    attn::AttentionOptions opt;
    attn::AttentionTrace trace;
    if (want("attention")) {
      const Timing ta = time_median([&] { attn::attention_forward(trace, x, p, heads, opt); }, target_ms, samples);
      add_timing(j, "attention", n, ta, abs_sum(trace.output));
    }
    if (!want("model") && !want("honest")) continue;

    // The whole encoder, without logits.
    attn::ModelConfig cfg{vocab, d, layers, heads, d_ff};  // vocab, d_model, layers, heads, d_ff
    const attn::ModelWeights w = attn::random_weights(cfg, static_cast<uint64_t>(seed), ws);
    attn::Rng id_rng(static_cast<uint64_t>(seed) + 1);
    std::vector<int> ids(n);
    for (int& id : ids) id = static_cast<int>(id_rng.below(static_cast<uint32_t>(vocab)));
    attn::ModelTrace mt;
    if (want("model")) {
      const Timing tm = time_median([&] { attn::model_forward(mt, w, ids, opt, false, attn::kPlaygroundForward); },
                                    target_ms, samples);
      add_timing(j, "model", n, tm, abs_sum(mt.lnf));
    } else {
      attn::model_forward(mt, w, ids, opt, false, attn::kPlaygroundForward);
    }
    // Honest attention (norms + rollout) on that trace, as bridge_bench.cpp's ap_bench_honest_run.
    if (want("honest")) {
      attn::AllHonestViews hb;
      const Timing th = time_median([&] { hb = attn::all_honest_views(mt, w); }, target_ms, samples);
      add_timing(j, "honest", n, th, honest_checksum(hb));
    }
  }
  j.end_array().end_object();
  std::fputs(j.str().c_str(), stdout);
  return 0;
}
