// Hand-built heads with a known habit, so tests (and demos) can check that views report it.
#pragma once
#include "model.h"

namespace attn {

// A copy of `base` in which head `head` of layer `layer` attends to the token just before each
// query (the first token attends to itself). To make that exact and independent of the words, the
// copy's token embeddings are zero (only the position codes reach the layers) and the layers
// before `layer` pass their input through unchanged. Other heads keep their weights. The name
// says it is a test model. Out-of-range layer/head: returns `base` unchanged.
ModelWeights plant_previous_token_head(const ModelWeights& base, int layer, int head);

}  // namespace attn
