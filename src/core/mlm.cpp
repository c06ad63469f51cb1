// Top-k guesses for a masked position from the tied output layer.
#include "mlm.h"

#include <algorithm>
#include <cmath>

#include "model_backward.h"

namespace attn {

std::vector<Guess> top_guesses(const ModelWeights& w, const WordPieceVocab& vocab, const ModelTrace& t, int position,
                               int k) {
  std::vector<Guess> out;
  if (position < 0 || position >= t.lnf.rows() || k <= 0) return out;
  RowVec logits;  // [vocab]
  if (t.logits.rows() == t.lnf.rows() && t.logits.cols() == w.cfg.vocab_size) {
    logits = t.logits.row(position);
  } else {
    Mat one;
    mlm_logits(one, w, t.lnf, {position});
    logits = one.row(0);
  }
  const float mx = logits.maxCoeff();
  const double z = (logits.array() - mx).exp().sum();
  std::vector<int> order;
  for (int v = kNumSpecial; v < static_cast<int>(logits.size()); ++v) order.push_back(v);
  k = std::min<int>(k, static_cast<int>(order.size()));
  // Ties go to the smaller id so the list is stable.
  std::partial_sort(order.begin(), order.begin() + k, order.end(),
                    [&](int a, int b) { return logits[a] > logits[b] || (logits[a] == logits[b] && a < b); });
  for (int i = 0; i < k; ++i) {
    Guess g;
    g.id = order[i];
    g.text = vocab.display(g.id);
    g.continuation = vocab.is_continuation(g.id);
    g.prob = static_cast<float>(std::exp(double(logits[g.id] - mx)) / z);
    out.push_back(g);
  }
  return out;
}

}  // namespace attn
