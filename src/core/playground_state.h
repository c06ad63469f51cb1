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

// The crowd view's query (crowd.h gives the numbers their meaning): the scene and the features the
// reader looks for. 0 always means "any"; the default asks for a red hat in the first scene.
struct CrowdQuery {
  int scene = 0;
  int hat = 1;       // 0 any, 1 red, 2 blue, 3 yellow
  int shirt = 0;     // 0 any, 1 green, 2 white, 3 black
  int glasses = 0;   // 0 any, 1 with glasses, 2 without
  bool operator==(const CrowdQuery& o) const {
    return scene == o.scene && hat == o.hat && shirt == o.shirt && glasses == o.glasses;
  }
};

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
  CrowdQuery crowd;           // the crowd view's query; in the URL only when not the default
  bool operator==(const PlaygroundState& o) const;
};

}  // namespace attn
