// Bench-only entry points for scripts/bench.sh (built into playground_hooks, never into the product): timed forwards and honest attention on seeded inputs, synthetic heatmap frames, heap use.
// Nothing here is reachable from the page's API; the bench calls these through the module handle.
#include <emscripten.h>
#include <emscripten/heap.h>
#include <malloc.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "app.h"
#include "colormap.h"
#include "gl.h"
#include "gpu_draw_call.h"
#include "heatmap_renderer.h"
#include "honest_attention.h"
#include "imgui.h"
#include "json_writer.h"
#include "model.h"
#include "random_fill.h"
#include "rng.h"
#include "ui_context.h"

namespace {

// The last timing, read back field by field (a double per call keeps the JS side trivial).
double g_last[5] = {0, 0, 0, 0, 0};  // median ms, min ms, max ms, inner repetitions, samples

// Runs f() `inner` times per sample and keeps the per-call time of each sample: performance.now()
// is coarsened to 0.1 ms in a page that is not cross-origin isolated, so one sample must be long.
template <class F>
double time_median(F&& f, int inner, int samples) {
  inner = std::max(1, inner);
  samples = std::max(1, samples);
  std::vector<double> ms;
  ms.reserve(samples);
  for (int s = 0; s < samples; ++s) {
    const double t0 = emscripten_get_now();
    for (int i = 0; i < inner; ++i) f();
    ms.push_back((emscripten_get_now() - t0) / inner);
  }
  std::sort(ms.begin(), ms.end());
  const double med = ms.size() % 2 ? ms[ms.size() / 2] : 0.5 * (ms[ms.size() / 2 - 1] + ms[ms.size() / 2]);
  g_last[0] = med;
  g_last[1] = ms.front();
  g_last[2] = ms.back();
  g_last[3] = inner;
  g_last[4] = samples;
  return med;
}

struct AttentionBench {
  attn::Mat x;
  attn::AttentionParams p;
  int heads = 1;
  attn::AttentionOptions opt;
  attn::AttentionTrace trace;
};
std::unique_ptr<AttentionBench> g_attn;

struct ModelBench {
  attn::ModelWeights w;
  std::vector<int> ids;
  attn::AttentionOptions opt;
  attn::ModelTrace trace;
  attn::AllHonestViews honest;
};
std::unique_ptr<ModelBench> g_model;

// A synthetic n x n weight matrix (rows sum to 1, a few peaks per row) for the drawing bench,
// which must go past the tokenizer's 256-token cap.
struct HeatmapBench {
  gfx::HeatmapRenderer renderer;
  bool ready = false;
  int n = 0, mode = 0;
  std::vector<float> weights;
  ui::GpuDrawCall<const gfx::HeatmapRenderer, gfx::HeatmapDraw> call;
};
HeatmapBench g_heat;

void synthetic_weights(std::vector<float>& w, int n) {
  attn::Rng rng(7);
  w.assign(static_cast<std::size_t>(n) * n, 0.0f);
  for (int r = 0; r < n; ++r) {
    float* row = &w[static_cast<std::size_t>(r) * n];
    float sum = 0;
    for (int c = 0; c < n; ++c) sum += row[c] = std::exp(3.0f * rng.normal());
    for (int c = 0; c < n; ++c) row[c] /= sum;
  }
}

// Replaces the playground's frame while a bench frame mode is set (ap_bench_frame_mode), so bench
// frames go through the same frame loop, canvas and timing hooks as the playground's own.
// mode 0: a synthetic n x n heatmap, square, as large as the canvas allows, the project's way:
//         one textured quad through HeatmapRenderer;
// mode 1: the same heatmap the naive way, one ImGui rectangle per cell;
// mode 2: nothing but the clear (the floor under every frame).
void bench_frame() {
  app::App& a = app::the_app();
  const int mode = g_heat.mode, n = g_heat.n;
  if (mode == 2) {
    app::clear_to_window_background(a.fb_w, a.fb_h);
    return;
  }
  ImGuiIO& io = ImGui::GetIO();
  io.DisplaySize = ImVec2(static_cast<float>(a.fb_w), static_cast<float>(a.fb_h));
  io.DisplayFramebufferScale = ImVec2(1, 1);
  io.DeltaTime = 1.0f / 60.0f;
  ImGui::NewFrame();
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(io.DisplaySize);
  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                 ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoScrollWithMouse |
                                 ImGuiWindowFlags_NoBackground;  // as the playground's window
  ImGui::Begin("##bench_heatmap", nullptr, flags);
  const float pad = ImGui::GetStyle().WindowPadding.x;
  const float side = std::max(16.0f, std::min(io.DisplaySize.x, io.DisplaySize.y) - 2 * pad);
  const ImVec2 m0 = ImGui::GetCursorScreenPos();
  const ImVec2 m1(m0.x + side, m0.y + side);
  if (mode == 0) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    g_heat.call.renderer = &g_heat.renderer;
    g_heat.call.display_w = a.fb_w;
    g_heat.call.display_h = a.fb_h;
    g_heat.call.draw = gfx::HeatmapDraw{};
    g_heat.call.draw.x0 = m0.x;
    g_heat.call.draw.y0 = m0.y;
    g_heat.call.draw.x1 = m1.x;
    g_heat.call.draw.y1 = m1.y;
    dl->PushClipRect(m0, m1, true);
    g_heat.call.queue(dl);
    dl->PopClipRect();
    ImGui::Dummy(ImVec2(side, side));
  } else {
    const float cell = side / n;
    const int rows_per_band = std::max(1, 16000 / n);  // 4 vertices a rectangle: under 65,536 per list
    for (int r0 = 0, band = 0; r0 < n; r0 += rows_per_band, ++band) {
      const int r1 = std::min(n, r0 + rows_per_band);
      ImGui::SetCursorScreenPos(ImVec2(m0.x, m0.y + r0 * cell));
      ImGui::PushID(band);
      ImGui::BeginChild("band", ImVec2(side, std::max(1.0f, (r1 - r0) * cell)), false,
                        ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoInputs | ImGuiWindowFlags_NoBackground);
      ImDrawList* dl = ImGui::GetWindowDrawList();
      for (int r = r0; r < r1; ++r) {
        const float* row = &g_heat.weights[static_cast<std::size_t>(r) * n];
        const float y0 = m0.y + r * cell;
        for (int c = 0; c < n; ++c) {
          const float x0 = m0.x + c * cell;
          dl->AddRectFilled(ImVec2(x0, y0), ImVec2(x0 + cell, y0 + cell), ui::colormap_u32(row[c]));
        }
      }
      ImGui::EndChild();
      ImGui::PopID();
    }
  }
  ImGui::End();
  ImGui::Render();
  app::clear_to_window_background(a.fb_w, a.fb_h);
  a.imgui_gl.render(ImGui::GetDrawData(), a.fb_w, a.fb_h);
}

std::string g_bench_out;
}  // namespace

extern "C" {

// ---- the core's forwards ----------------------------------------------------------------------

// x [n, d] ~ N(0, 1); weights ~ N(0, 1/d) so the scores stay in softmax's useful range.
EMSCRIPTEN_KEEPALIVE int ap_bench_attention_setup(int n, int d, int heads, int seed) {
  if (n < 1 || n > 4096 || d < 1 || d > 2048 || heads < 1 || d % heads) return 0;
  g_attn = std::make_unique<AttentionBench>();
  AttentionBench& b = *g_attn;
  attn::Rng rng(static_cast<uint64_t>(seed));
  const float ws = 1.0f / std::sqrt(static_cast<float>(d));
  // The order and scales of tools/bench_native.cpp, so that both builds time identical numbers.
  attn::fill_normal(b.x, n, d, rng, 1.0f);
  attn::fill_normal(b.p.wq, d, d, rng, ws);
  attn::fill_normal(b.p.bq, d, rng, 0.1f);
  attn::fill_normal(b.p.wk, d, d, rng, ws);
  attn::fill_normal(b.p.bk, d, rng, 0.1f);
  attn::fill_normal(b.p.wv, d, d, rng, ws);
  attn::fill_normal(b.p.bv, d, rng, 0.1f);
  attn::fill_normal(b.p.wo, d, d, rng, ws);
  attn::fill_normal(b.p.bo, d, rng, 0.1f);
  b.heads = heads;
  attn::attention_forward(b.trace, b.x, b.p, b.heads, b.opt);  // warm-up, and the reference output
  return 1;
}

// Row-major float arrays the JavaScript implementations read their inputs from (and check against).
// which: 0 x, 1 wq, 2 bq, 3 wk, 4 bk, 5 wv, 6 bv, 7 wo, 8 bo, 9 output.
EMSCRIPTEN_KEEPALIVE const float* ap_bench_attention_ptr(int which) {
  if (!g_attn) return nullptr;
  AttentionBench& b = *g_attn;
  const float* ptrs[] = {b.x.data(),    b.p.wq.data(), b.p.bq.data(), b.p.wk.data(), b.p.bk.data(),
                         b.p.wv.data(), b.p.bv.data(), b.p.wo.data(), b.p.bo.data(), b.trace.output.data()};
  return which >= 0 && which < 10 ? ptrs[which] : nullptr;
}

EMSCRIPTEN_KEEPALIVE double ap_bench_attention_run(int inner, int samples) {
  if (!g_attn) return -1;
  AttentionBench& b = *g_attn;
  return time_median([&] { attn::attention_forward(b.trace, b.x, b.p, b.heads, b.opt); }, inner, samples);
}

// The encoder without the output logits (what the page computes on every change).
EMSCRIPTEN_KEEPALIVE int ap_bench_model_setup(int n, int d, int layers, int heads, int d_ff, int vocab, int seed) {
  if (n < 1 || n > 4096 || d < 1 || d > 2048 || heads < 1 || d % heads || layers < 1 || layers > 64 || d_ff < 1 ||
      vocab < 1)
    return 0;
  g_model = std::make_unique<ModelBench>();
  ModelBench& b = *g_model;
  attn::ModelConfig cfg{vocab, d, layers, heads, d_ff};  // vocab, d_model, layers, heads, d_ff
  b.w = attn::random_weights(cfg, static_cast<uint64_t>(seed), 1.0f / std::sqrt(static_cast<float>(d)));
  attn::Rng rng(static_cast<uint64_t>(seed) + 1);
  b.ids.resize(n);
  for (int& id : b.ids) id = static_cast<int>(rng.below(static_cast<uint32_t>(vocab)));
  attn::model_forward(b.trace, b.w, b.ids, b.opt, false, attn::kPlaygroundForward);
  return 1;
}

// layer -1: which 0 embedding + position code (the encoder's input), 1 lnf_g, 2 lnf_b, 3 output (lnf).
// layer >= 0: 0 ln1_g 1 ln1_b 2 wq 3 bq 4 wk 5 bk 6 wv 7 bv 8 wo 9 bo 10 ln2_g 11 ln2_b 12 w1 13 b1 14 w2 15 b2.
EMSCRIPTEN_KEEPALIVE const float* ap_bench_model_ptr(int layer, int which) {
  if (!g_model) return nullptr;
  ModelBench& b = *g_model;
  if (layer < 0) {
    const float* ptrs[] = {b.trace.embed.data(), b.w.lnf_g.data(), b.w.lnf_b.data(), b.trace.lnf.data()};
    return which >= 0 && which < 4 ? ptrs[which] : nullptr;
  }
  if (layer >= static_cast<int>(b.w.layers.size())) return nullptr;
  const attn::LayerParams& l = b.w.layers[layer];
  const float* ptrs[] = {l.ln1_g.data(),   l.ln1_b.data(),   l.attn.wq.data(), l.attn.bq.data(),
                         l.attn.wk.data(), l.attn.bk.data(), l.attn.wv.data(), l.attn.bv.data(),
                         l.attn.wo.data(), l.attn.bo.data(), l.ln2_g.data(),   l.ln2_b.data(),
                         l.w1.data(),      l.b1.data(),      l.w2.data(),      l.b2.data()};
  return which >= 0 && which < 16 ? ptrs[which] : nullptr;
}

EMSCRIPTEN_KEEPALIVE double ap_bench_model_run(int inner, int samples) {
  if (!g_model) return -1;
  ModelBench& b = *g_model;
  return time_median([&] { attn::model_forward(b.trace, b.w, b.ids, b.opt, false, attn::kPlaygroundForward); }, inner,
                     samples);
}

// Honest attention for the model and trace of ap_bench_model_setup, timed like ap_bench_model_run.
EMSCRIPTEN_KEEPALIVE double ap_bench_honest_run(int inner, int samples) {
  if (!g_model) return -1;
  ModelBench& b = *g_model;
  return time_median([&] { b.honest = attn::all_honest_views(b.trace, b.w); }, inner, samples);
}

// Sum of |c_ij| over every contribution matrix plus sum of |R_ij| over every rollout matrix of the
// last ap_bench_honest_run, to compare with tools/bench_native.cpp's abs_sum; -1 before a run.
EMSCRIPTEN_KEEPALIVE double ap_bench_honest_checksum() {
  if (!g_model || g_model->honest.rollout.empty()) return -1;
  const attn::AllHonestViews& h = g_model->honest;
  double s = 0;
  for (const attn::Mat& c : h.contributions) s += static_cast<double>(c.cwiseAbs().sum());
  for (const attn::Mat& r : h.rollout) s += static_cast<double>(r.cwiseAbs().sum());
  return s;
}

// Frees the bench's inputs and traces so the memory bench sees only the playground.
EMSCRIPTEN_KEEPALIVE void ap_bench_release() {
  g_attn.reset();
  g_model.reset();
  std::vector<float>().swap(g_heat.weights);
}

// i: 0 median ms, 1 min ms, 2 max ms, 3 inner repetitions, 4 samples (of the last *_run call).
EMSCRIPTEN_KEEPALIVE double ap_bench_last(int i) { return i >= 0 && i < 5 ? g_last[i] : -1; }

// ---- drawing ----------------------------------------------------------------------------------

// 0: the links view rasterises its lines every frame (as when they change every frame); 1: normal.
EMSCRIPTEN_KEEPALIVE void ap_bench_links_cache(int on) {
  app::the_app().ui.links_heads.links_gpu.set_layer_cache(on != 0);
}

// 1: every frame is drawn, changed or not (the bench measures drawn frames); 0: normal.
EMSCRIPTEN_KEEPALIVE void ap_bench_always_draw(int on) { app::the_app().always_draw = on != 0; }

// Sets what the frame loop draws: mode -1 the playground, else bench_frame()'s mode with n tokens.
// Returns 0 when refused (no ImGui, n out of 1..4096, the renderer cannot start).
EMSCRIPTEN_KEEPALIVE int ap_bench_frame_mode(int mode, int n) {
  app::App& a = app::the_app();
  if (mode < 0) {
    a.frame_override = nullptr;
    return 1;
  }
  if (!ImGui::GetCurrentContext() || mode > 2 || n < 1 || n > 4096) return 0;
  if (!g_heat.ready) {
    if (!g_heat.renderer.init(attn::colormap_table()[0].data())) return 0;
    g_heat.ready = true;
  }
  if (g_heat.n != n || g_heat.weights.empty()) {
    synthetic_weights(g_heat.weights, n);
    g_heat.n = n;
    g_heat.renderer.upload(g_heat.weights.data(), n, static_cast<uint64_t>(n));
  }
  g_heat.mode = mode;
  a.frame_override = bench_frame;
  return 1;
}

// ---- memory -----------------------------------------------------------------------------------

// {heap: bytes of linear memory (only ever grows), used: bytes malloc has handed out and not freed
// back, arena: bytes malloc took from the heap}.
EMSCRIPTEN_KEEPALIVE const char* ap_bench_heap_json() {
  const struct mallinfo mi = mallinfo();
  attn::JsonWriter j;
  j.begin_object().key("heap").value(static_cast<double>(emscripten_get_heap_size()));
  j.key("used").value(static_cast<double>(mi.uordblks)).key("arena").value(static_cast<double>(mi.arena));
  j.end_object();
  g_bench_out = j.str();
  return g_bench_out.c_str();
}

}  // extern "C"
