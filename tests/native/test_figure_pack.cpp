// Figure packs: the committed model's numbers, written and read back, shown by a session without the model.
#include <doctest/doctest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "figure_pack.h"
#include "flow_steps.h"
#include "model_file.h"
#include "session.h"
#include "share_state.h"
#include "test_helpers.h"

using namespace attn;

namespace {

using testing::committed_model;
using testing::same_bits;

// The demo article's flow figure link, hidden-token and causal variants included.
PlaygroundState figure_state(const char* hash) {
  PlaygroundState st;
  REQUIRE(decode_share_state(hash, PlaygroundState{}, &st) == ShareNotice::None);
  return st;
}

}  // namespace

TEST_CASE("a figure pack shows the trained model's own numbers, bit for bit, until the model is loaded") {
  const ModelLoadResult m = committed_model();
  for (
      const char* hash :
      {"v=1&view=flow&text=Con%20m%C3%A8o%20ng%E1%BB%93i%20tr%C3%AAn%20t%E1%BA%A5m%20th%E1%BA%A3m&layer=1&focus=1&lang=vi",
       "v=1&view=heatmap&text=Con%20m%C3%A8o%20%C4%91u%E1%BB%95i%20theo%20con%20chu%E1%BB%99t&mask=causal&hide=2&temp=0.7"}) {
    CAPTURE(hash);
    const PlaygroundState st = figure_state(hash);
    Session model;
    model.set_model(m.weights, m.vocab);
    model.set_state(st);
    model.update();
    REQUIRE(model.tokens().size() >= 6);

    const std::string bytes = encode_figure_pack(make_figure_pack(model, {st.layer}));
    FigurePack pack;
    std::string error;
    REQUIRE_MESSAGE(decode_figure_pack(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(), &pack, &error),
                    error);
    CHECK(pack.model_name == m.weights.name);

    Session figure;  // the untrained stand-in, as the page starts
    figure.set_state(st);
    figure.set_figure_pack(pack);
    figure.update();
    REQUIRE(figure.precomputed());
    CHECK(figure.shows_trained_numbers());
    REQUIRE(figure.tokens().size() == model.tokens().size());
    for (std::size_t i = 0; i < model.tokens().size(); ++i) {
      CHECK(figure.tokens()[i].text == model.tokens()[i].text);
      CHECK(figure.tokens()[i].id == model.tokens()[i].id);
    }
    const int L = m.weights.cfg.n_layers, H = m.weights.cfg.n_heads;
    for (int l = 0; l < L; ++l) {
      for (int h = -1; h < H; ++h) {
        CHECK(same_bits(*figure.weights(l, h), *model.weights(l, h)));
        for (AttnMethod method : {AttnMethod::Raw, AttnMethod::Norm, AttnMethod::Rollout})
          for (bool by_word : {false, true}) {
            const ShownMatrix* a = figure.shown().get(figure, l, h, method, by_word);
            const ShownMatrix* b = model.shown().get(model, l, h, method, by_word);
            REQUIRE((a && b));
            CHECK(same_bits(a->values(), b->values()));
            CHECK(a->labels == b->labels);
          }
      }
      const auto& fb = figure.head_behaviour()[l];
      const auto& mb = model.head_behaviour()[l];
      for (int h = 0; h < H; ++h) {
        CHECK(fb[h].habit == mb[h].habit);
        CHECK(fb[h].evenness == mb[h].evenness);
        CHECK(fb[h].top_key == mb[h].top_key);
      }
    }
    // The figure's own layer has its whole block: every flow step is the model's.
    for (int step = 0; step < kFlowStageCount; ++step) {
      FlowStep a, b;
      REQUIRE(flow_step(figure, step, &a));
      REQUIRE(flow_step(model, step, &b));
      REQUIRE(a.matrices.size() == b.matrices.size());
      for (std::size_t k = 0; k < a.matrices.size(); ++k) CHECK(same_bits(*a.matrices[k].m, *b.matrices[k].m));
    }
    // Another layer has only its weights: no flow step rather than a wrong one.
    figure.set_layer((st.layer + 1) % L);
    FlowStep none;
    CHECK_FALSE(flow_step(figure, 0, &none));
    // No guesses without the model itself.
    CHECK(figure.masked_guess(1).position == -1);

    // Another text is not the pack's: the stand-in's words and label come back.
    figure.set_text(st.text + " nữa");
    figure.update();
    CHECK_FALSE(figure.precomputed());
    CHECK_FALSE(figure.shows_trained_numbers());
    figure.set_text(st.text);
    figure.update();
    CHECK(figure.precomputed());
    // The model arrives: its numbers replace the pack's and are the same.
    figure.set_model(m.weights, m.vocab);
    figure.update();
    CHECK_FALSE(figure.precomputed());
    CHECK(figure.shows_trained_numbers());
    CHECK(same_bits(*figure.weights(0, -1), *model.weights(0, -1)));
  }
}

TEST_CASE("a figure pack that is cut, padded or altered is refused, and the key is FNV-1a of the link's hash") {
  const ModelLoadResult m = committed_model();
  Session s;
  s.set_model(m.weights, m.vocab);
  s.set_state(figure_state("v=1&view=focus&text=The%20cat%20sat%20on%20the%20mat.&focus=2"));
  s.update();
  const std::string good = encode_figure_pack(make_figure_pack(s, {}));
  FigurePack p;
  std::string error;
  auto decodes = [&](const std::string& b) {
    return decode_figure_pack(reinterpret_cast<const uint8_t*>(b.data()), b.size(), &p, &error);
  };
  REQUIRE(decodes(good));
  CHECK(p.vectors == std::vector<bool>(m.weights.cfg.n_layers, false));
  // Weights only, no vectors: a 9-piece sentence needs a few KB, not the model's 1.5 MB.
  CHECK(good.size() < 9 * 9 * 4 * 16 + 9 * 15 * 4 * 4 + 1200);
  for (std::size_t cut = 0; cut < good.size(); cut += 37) {
    CAPTURE(cut);
    CHECK_FALSE(decodes(good.substr(0, cut)));
  }
  CHECK_FALSE(decodes(good + '\0'));
  CHECK(error.find("left over") != std::string::npos);
  std::string magic = good;
  magic[3] = 'X';
  CHECK_FALSE(decodes(magic));
  std::string version = good;
  version[8] = 2;
  CHECK_FALSE(decodes(version));
  // A NaN in the last float (a value norm): refused, not shown.
  std::string nan = good;
  const float q = std::numeric_limits<float>::quiet_NaN();
  std::memcpy(&nan[nan.size() - 4], &q, 4);
  CHECK_FALSE(decodes(nan));
  CHECK(error.find("finite") != std::string::npos);

  CHECK(figure_pack_key("") == "811c9dc5");  // the FNV-1a offset basis: the built-in example
  CHECK(figure_pack_key("a") == "e40c292c");
}
