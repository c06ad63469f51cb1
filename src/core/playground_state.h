// Everything the reader sees is decided by this small state; it round-trips through the URL hash.
#pragma once
#include <string>
#include <vector>

#include "theme.h"  // ThemeChoice

namespace attn {

enum class View { Focus, Flow, Crowd, Heatmap, Links, Heads, Train };
constexpr int kViewCount = 7;
const char* view_name(View v);  // "focus", "flow", ... (URL and API names)
bool view_from_name(const std::string& s, View* out);

enum class Lang { Vi, En };

// The crowd view's query (crowd.h gives the numbers their meaning): the scene and the features the
// reader looks for. 0 always means "any"; the default asks for a red hat in the first scene.
struct CrowdQuery {
  int scene = 0;
  int hat = 1;  // 0 any, 1 red, 2 blue, 3 yellow
  int shirt = 0;  // 0 any, 1 green, 2 white, 3 black
  int glasses = 0;  // 0 any, 1 with glasses, 2 without
  bool operator==(const CrowdQuery& o) const {
    return scene == o.scene && hat == o.hat && shirt == o.shirt && glasses == o.glasses;
  }
};

// The train view's run: everything a link needs to retrain the tiny model to the same point
// (live_tasks.h gives the numbers their meaning). Only a run that differs from this default is
// written to the URL, so links to the other views stay as short as before.
struct TrainLrChange {
  int step = 0;  // from this step on ...
  int lr = 0;  // ... the learning rate is the ladder's entry lr
  bool operator==(const TrainLrChange& o) const { return step == o.step && lr == o.lr; }
};
constexpr int kTrainMaxStep = 20000;  // a link never asks for more than this much retraining
constexpr int kTrainMaxSeed = 999999;
constexpr int kTrainMaxSpeed = 64;  // steps per frame at most (the frame's time budget also caps it)
constexpr int kTrainMaxExample = 999;
constexpr int kTrainMaxLrChanges = 16;
struct TrainRun {
  int task = 0;  // 0 crowd, 1 reverse
  int seed = 1;
  int layers = 1;  // 1..2
  int heads = 1;  // 1..4
  int lr = 3;  // the learning-rate ladder's entry from step 0 (3 = 0.003)
  std::vector<TrainLrChange> lr_changes;  // later changes, strictly increasing steps > 0
  int step = 0;  // steps trained
  int speed = 8;  // steps per frame at most, while playing
  int example = 0;  // the example the heatmap shows
  int shown_layer = -1, shown_head = -1;  // the heatmap's head; -1 = the one that finds the answer
  bool operator==(const TrainRun& o) const {
    return task == o.task && seed == o.seed && layers == o.layers && heads == o.heads && lr == o.lr &&
           lr_changes == o.lr_changes && step == o.step && speed == o.speed && example == o.example &&
           shown_layer == o.shown_layer && shown_head == o.shown_head;
  }
};

// How the weights are shown (honest_attention.h computes them): the softmax weights as they are,
// the norm-based contribution of each key (weight x size of what it sends), or rollout through
// the layers. In the URL only when not raw.
enum class AttnMethod { Raw, Norm, Rollout };
const char* attn_method_name(AttnMethod m);  // "raw", "norm", "rollout"
bool attn_method_from_name(const std::string& s, AttnMethod* out);

// Pieces or whole words as rows and columns; Auto = words whenever a word of the text has more
// than one piece, else pieces (they are the same then). In the URL only when not auto.
enum class AttnUnit { Auto, Piece, Word };
const char* attn_unit_name(AttnUnit u);  // "auto", "piece", "word"
bool attn_unit_from_name(const std::string& s, AttnUnit* out);

struct PlaygroundState {
  std::string text = "The cat sat on the mat because it was warm.";
  View view = View::Heatmap;
  int layer = 0;
  int head = 0;  // -1 = all heads of the layer
  int focus = 1;  // the chosen query token
  // The key token the reader paired with the focus ("which heads link these two?"); -1 = none.
  // In the URL only when set.
  int link = -1;
  bool causal = false;  // bidirectional by default, as in the article
  float temperature = 1.0f;
  std::vector<int> hidden;  // token positions whose keys are switched off
  int step = 0;  // the flow view's step
  Lang lang = Lang::Vi;
  CrowdQuery crowd;  // the crowd view's query; in the URL only when not the default
  TrainRun train;  // the train view's run; in the URL only when not the default
  AttnMethod method = AttnMethod::Raw;
  AttnUnit unit = AttnUnit::Auto;
  // Light, dark or the system's; in the URL only when not auto (the page's own default).
  ThemeChoice theme = ThemeChoice::Auto;
  bool operator==(const PlaygroundState& o) const;
};

}  // namespace attn
