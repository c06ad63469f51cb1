// Everything the reader sees is decided by this small state; it round-trips through the URL hash.
#pragma once
#include <string>
#include <vector>

namespace attn {

enum class View { Focus, Flow, Crowd, Heatmap, Links, Heads, Train };
constexpr int kViewCount = 7;
const char* view_name(View v);                    // "focus", "flow", ... (URL and API names)
bool view_from_name(const std::string& s, View* out);

enum class Lang { Vi, En };

struct PlaygroundState {
  std::string text = "The cat sat on the mat because it was warm.";
  View view = View::Heatmap;
  int layer = 0;
  int head = 0;               // -1 = all heads of the layer
  int focus = 1;              // the chosen query token
  bool causal = false;        // bidirectional by default, as in the article
  float temperature = 1.0f;
  std::vector<int> hidden;    // token positions whose keys are switched off
  int step = 0;               // the flow view's step
  Lang lang = Lang::Vi;
  bool operator==(const PlaygroundState& o) const;
};

}  // namespace attn
