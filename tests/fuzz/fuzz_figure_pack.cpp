// libFuzzer target: the figure-pack reader on arbitrary bytes: no crash, and a pack it takes is safe to show.
#include <cstddef>
#include <cstdint>
#include <string>

#include "figure_pack.h"
#include "flow_steps.h"
#include "fuzz_check.h"
#include "session.h"

namespace {

void check(const uint8_t* data, std::size_t size) {
  attn::FigurePack p;
  std::string error;
  if (!attn::decode_figure_pack(data, size, &p, &error)) {
    FUZZ_REQUIRE(!error.empty());  // a refusal says why
    return;
  }
  const std::size_t n = p.tokens.size();
  FUZZ_REQUIRE(n >= 1 && n <= attn::kMaxTokens && p.trace.ids.size() == n);
  for (const attn::Token& t : p.tokens) FUZZ_REQUIRE(t.begin <= t.end && t.end <= p.text.size());
  // Written again, it is the same bytes: nothing was read that the writer would not write.
  const std::string again = attn::encode_figure_pack(p);
  FUZZ_REQUIRE(again.size() == size && again.compare(0, size, reinterpret_cast<const char*>(data), size) == 0);

  // Shown as the page shows it: the stand-in session takes it for the pack's own state only when
  // the stand-in's shape is the pack's (the page's model is), and every view's numbers follow.
  static attn::Session session;  // its constructor builds the big stand-in once
  attn::PlaygroundState st;
  st.text = p.text;
  st.causal = p.causal;
  st.temperature = p.temperature;
  st.hidden = p.hidden;
  session.set_state(st);
  session.set_figure_pack(p);
  session.update();
  const attn::ModelConfig& c = session.model().cfg;
  const bool same_shape = c.n_layers == p.cfg.n_layers && c.n_heads == p.cfg.n_heads && c.d_model == p.cfg.d_model;
  FUZZ_REQUIRE(session.precomputed() == (same_shape && p.matches(st)));
  if (!session.precomputed()) return;
  for (int l = 0; l < c.n_layers; ++l)
    for (int h = -1; h < c.n_heads; ++h)
      for (attn::AttnMethod m : {attn::AttnMethod::Raw, attn::AttnMethod::Norm, attn::AttnMethod::Rollout})
        for (bool by_word : {false, true}) {
          const attn::ShownMatrix* s = session.shown().get(session, l, h, m, by_word);
          FUZZ_REQUIRE(s != nullptr);
        }
  (void)session.head_behaviour();
  attn::FlowStep f;
  for (int step = 0; step < attn::kFlowStageCount; ++step) (void)attn::flow_step(session, step, &f);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  check(data, size);
  return 0;
}
