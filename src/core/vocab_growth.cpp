// Growing a trained model's vocabulary (see vocab_growth.h).
#include "vocab_growth.h"

#include <algorithm>

#include "model_backward.h"
#include "unicode.h"

namespace attn {

bool plan_vocab_growth(const WordPieceVocab& from, const WordPieceVocab& to, VocabGrowth* g, std::string* err) {
  g->old_id.assign(to.size(), -1);
  g->parts.assign(to.size(), {});
  for (int i = 0; i < to.size(); ++i) {
    const std::string& p = to.pieces[i];
    g->old_id[i] = from.id(p);
    if (g->old_id[i] >= 0) continue;
    if (p.rfind("##", 0) == 0) {
      *err = "new piece '" + p + "' continues a word; only word-initial pieces can be grown";
      return false;
    }
    wordpiece_word(from, decode_utf8(p), g->parts[i]);
    if (g->parts[i].empty() || std::count(g->parts[i].begin(), g->parts[i].end(), int(kUnkId))) {
      *err = "new piece '" + p + "' has a character the old vocabulary lacks";
      return false;
    }
  }
  return true;
}

ModelWeights grow_weights(const ModelWeights& w, const VocabGrowth& g) {
  ModelWeights out = w;
  const int n = static_cast<int>(g.old_id.size());
  out.cfg.vocab_size = n;
  out.tok_emb.resize(n, w.tok_emb.cols());
  out.out_bias.resize(n);
  for (int i = 0; i < n; ++i) {
    if (g.old_id[i] >= 0) {
      out.tok_emb.row(i) = w.tok_emb.row(g.old_id[i]);
      out.out_bias[i] = w.out_bias[g.old_id[i]];
      continue;
    }
    out.tok_emb.row(i).setZero();
    float bias = 0;
    for (int part : g.parts[i]) {
      out.tok_emb.row(i) += w.tok_emb.row(part);
      bias += w.out_bias[part];
    }
    const float k = static_cast<float>(g.parts[i].size());
    out.tok_emb.row(i) /= k;
    out.out_bias[i] = bias / k;
  }
  return out;
}

std::vector<float> grow_param_state(const std::vector<float>& state, const ModelWeights& old_w,
                                    const ModelWeights& new_w, const VocabGrowth& g) {
  std::vector<float> out(param_count(new_w), 0.0f);
  const std::vector<ParamRef> a = param_list(const_cast<ModelWeights&>(old_w));
  const std::vector<ParamRef> b = param_list(const_cast<ModelWeights&>(new_w));
  std::size_t at_old = 0, at_new = 0;
  for (std::size_t t = 0; t < a.size(); ++t) {
    const std::size_t old_n = std::size_t(a[t].rows) * a[t].cols, new_n = std::size_t(b[t].rows) * b[t].cols;
    if (a[t].name == "tok_emb" || a[t].name == "out_bias") {
      const std::size_t width = a[t].name == "tok_emb" ? std::size_t(a[t].cols) : 1;  // out_bias: one per piece
      for (std::size_t i = 0; i < g.old_id.size(); ++i)
        if (g.old_id[i] >= 0)
          std::copy_n(state.begin() + at_old + g.old_id[i] * width, width, out.begin() + at_new + i * width);
    } else {
      std::copy_n(state.begin() + at_old, old_n, out.begin() + at_new);
    }
    at_old += old_n;
    at_new += new_n;
  }
  return out;
}

std::vector<int> unused_pieces(int vocab_size, const std::vector<const std::vector<int>*>& corpora) {
  std::vector<char> used(vocab_size, 0);
  for (const std::vector<int>* ids : corpora)
    for (int id : *ids)
      if (id >= 0 && id < vocab_size) used[id] = 1;
  std::vector<int> out;
  for (int i = kNumSpecial; i < vocab_size; ++i)
    if (!used[i]) out.push_back(i);
  return out;
}

void zero_rows(Mat& m, const std::vector<int>& rows) {
  for (int r : rows) m.row(r).setZero();
}

}  // namespace attn
