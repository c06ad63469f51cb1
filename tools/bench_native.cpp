// Native timing of the attention core for scripts/bench.sh: the same forwards, honest attention and seeded inputs as src/app/bridge_bench.cpp, as JSON.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "attention.h"
#include "honest_attention.h"
#include "json_writer.h"
#include "model.h"
#include "random_fill.h"
#include "rng.h"

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
  // --kinds=attention,model,honest: what to time at every size (default: the two forwards).
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
  for (std::size_t si = 0; si < sizes.size(); ++si) {
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
