// An article figure's attention, computed at build time from the trained model and shown until the model file arrives.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "honest_attention.h"
#include "model.h"
#include "playground_state.h"
#include "tokenizer.h"

namespace attn {

class Session;

// What a session with the trained model computed for one state: its pieces, every head's weights,
// the value norms the honest views need (they would otherwise need the weights' W_O), and for the
// layers in `vectors` the rest of the attention block (q, k, v and every step between, the block's
// input and output: what the flow view shows). The MLP and the residual stream are left out: no
// view draws them. A few KB per figure instead of the 1.4 MB model file, so a reader on a slow link
// sees the trained model's picture while the model itself downloads.
struct FigurePack {
  // The inputs the forward depended on: the pack stands in for the model only while these match.
  std::string text;
  bool causal = false;
  float temperature = 1;
  std::vector<int> hidden;
  std::string model_name;  // the trained model's own name (ModelWeights::name)
  ModelConfig cfg;  // n_layers, n_heads, d_model of that model (vocab_size too)
  std::vector<Token> tokens;
  bool truncated = false;
  std::size_t total_tokens = 0;
  std::vector<bool> vectors;  // [layers]: the layer's whole attention block is in `trace`
  ModelTrace trace;  // ids; per layer attn.heads[h].weights (+ the block when vectors[l])
  std::vector<ValueNorms> norms;  // [layers]

  // True when a session in state `s` would compute this pack's numbers with its model.
  bool matches(const PlaygroundState& s) const;
};

// From a session whose trained model has just computed its state (Session::update() called).
// vector_layers: the layers whose whole block goes in (e.g. the state's layer for a flow figure).
FigurePack make_figure_pack(const Session& s, const std::vector<int>& vector_layers);

// A documented little-endian binary form (docs/model-format.md, "Figure packs"): floats are stored
// exactly, so a decoded pack holds the very bits the model computed.
std::string encode_figure_pack(const FigurePack& p);
// Refuses (false, *error in English) anything malformed: wrong magic or version, sizes over the
// playground's limits or inconsistent with each other, non-finite numbers, bytes left over.
// Every size is checked against the bytes that remain before anything is allocated.
bool decode_figure_pack(const uint8_t* data, std::size_t size, FigurePack* out, std::string* error);

// The name a build gives a figure's pack, and the page looks up: FNV-1a (32 bits, hex) of the
// URL hash exactly as the link carries it (without '#'); "" is the page's built-in example.
std::string figure_pack_key(const std::string& url_hash);

}  // namespace attn
