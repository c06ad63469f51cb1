// Test-only entry points (built into playground_hooks, never into the product): a model with a known previous-token head, and back.
#include <emscripten.h>

#include <memory>

#include "app.h"
#include "planted_heads.h"

namespace {
// The model the reader had before a test planted one, so it can be put back.
std::unique_ptr<attn::ModelWeights> g_model_before_plant;
}  // namespace

extern "C" {

// Replaces the model with a copy whose head (layer, head) attends to the previous token (see
// planted_heads.h for how). ap_debug_restore_model() puts the reader's model back.
EMSCRIPTEN_KEEPALIVE int ap_debug_plant_previous_token_head(int layer, int head) {
  app::App& a = app::the_app();
  const attn::ModelConfig& c = a.session.model().cfg;
  if (layer < 0 || layer >= c.n_layers || head < 0 || head >= c.n_heads) return 0;
  if (!g_model_before_plant) g_model_before_plant = std::make_unique<attn::ModelWeights>(a.session.model());
  a.session.set_model(attn::plant_previous_token_head(*g_model_before_plant, layer, head));
  a.session.update();
  return 1;
}

EMSCRIPTEN_KEEPALIVE int ap_debug_restore_model() {
  app::App& a = app::the_app();
  if (!g_model_before_plant) return 0;
  a.session.set_model(std::move(*g_model_before_plant));
  g_model_before_plant.reset();
  a.session.update();
  return 1;
}

}  // extern "C"
