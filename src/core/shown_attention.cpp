// Builds the shown matrices from the trace: one method at a time, merged to words when asked.
#include "shown_attention.h"

#include <algorithm>

#include "gemm.h"
#include "session.h"

namespace attn {

void ShownAttention::refresh(const Session& s) {
  if (revision_ == s.revision()) return;
  revision_ = s.revision();
  words_ = group_words(s.tokens());
  words_differ_ = words_.size() != s.tokens().size();
  norms_.assign(s.trace().layers.size(), ValueNorms{});
  rollout_.clear();
  contributions_.clear();
  shown_.clear();
}

std::vector<bool> ShownAttention::hidden_pieces(const Session& s) const {
  std::vector<bool> h(s.tokens().size(), false);
  for (int i : s.state().hidden)
    if (i >= 0 && i < static_cast<int>(h.size())) h[i] = true;
  return h;
}

const std::vector<WordSpan>& ShownAttention::words(const Session& s) {
  refresh(s);
  return words_;
}

bool ShownAttention::words_differ(const Session& s) {
  refresh(s);
  return words_differ_;
}

bool ShownAttention::by_word(const Session& s) {
  switch (s.state().unit) {
    case AttnUnit::Piece: return false;
    case AttnUnit::Word: return true;
    case AttnUnit::Auto: break;
  }
  return words_differ(s);
}

const ValueNorms* ShownAttention::value_norms(const Session& s, int layer) {
  refresh(s);
  if (s.tokens().empty() || layer < 0 || layer >= static_cast<int>(norms_.size())) return nullptr;
  ValueNorms& vn = norms_[layer];
  // A figure pack brings the norms the trained model's W_O gave (the stand-in's W_O would lie).
  if (vn.n_heads == 0) {
    const ValueNorms* pre = s.precomputed_norms(layer);
    vn = pre ? *pre : attn::value_norms(s.trace().layers[layer].attn, s.model().layers[layer].attn);
  }
  return &vn;
}

const Mat* ShownAttention::contributions(const Session& s, int layer, int head) {
  const ValueNorms* vn = value_norms(s, layer);
  if (!vn || head < -1 || head >= vn->n_heads) return nullptr;
  auto it = contributions_.find({layer, head});
  if (it == contributions_.end())
    it = contributions_
             .emplace(std::make_pair(layer, head),
                      Used<Mat>{norm_contributions(s.attention_with_weights(layer), *vn, head, hidden_pieces(s))})
             .first;
  it->second.tick = trim_tick_;
  return &it->second.value;
}

std::size_t ShownAttention::cached_bytes() const {
  std::size_t bytes = 0;
  for (const auto& [key, c] : contributions_) bytes += static_cast<std::size_t>(c.value.size()) * sizeof(float);
  for (const auto& [key, m] : shown_) bytes += static_cast<std::size_t>(m.value.own.size()) * sizeof(float);
  return bytes;
}

void ShownAttention::trim(std::size_t budget_bytes) {
  if (cached_bytes() > budget_bytes) {
    for (auto it = contributions_.begin(); it != contributions_.end();)
      it = it->second.tick < trim_tick_ ? contributions_.erase(it) : std::next(it);
    for (auto it = shown_.begin(); it != shown_.end();)
      it = it->second.tick < trim_tick_ ? shown_.erase(it) : std::next(it);
  }
  ++trim_tick_;
}

const ShownMatrix* ShownAttention::get(const Session& s, int layer, int head, AttnMethod method, bool by_word) {
  refresh(s);
  const int n = static_cast<int>(s.tokens().size());
  if (n == 0 || layer < 0 || layer >= static_cast<int>(s.trace().layers.size())) return nullptr;
  if (method == AttnMethod::Rollout) head = -1;  // rollout mixes every head of every layer below
  const auto key = std::make_tuple(layer, head, static_cast<int>(method), by_word);
  if (auto it = shown_.find(key); it != shown_.end()) {
    ShownMatrix& m = it->second.value;
    // The session keeps a raw matrix only while it is asked for each frame: ask again (the same
    // matrix, recomputed if the session let it go since).
    if (m.source && method == AttnMethod::Raw) m.source = s.weights(layer, head);
    m.focus = m.unit_of_piece[std::clamp(s.state().focus, 0, n - 1)];  // focus moves freely
    it->second.tick = trim_tick_;
    return &m;
  }

  ShownMatrix m = make(s, layer, head, method, by_word, true);
  if (m.labels.empty()) return nullptr;
  return &shown_.emplace(key, Used<ShownMatrix>{std::move(m), trim_tick_}).first->second.value;
}

ShownMatrix ShownAttention::build(const Session& s, int layer, int head, AttnMethod method, bool by_word) {
  return make(s, layer, head, method, by_word, false);
}

ShownMatrix ShownAttention::make(const Session& s, int layer, int head, AttnMethod method, bool by_word,
                                 bool point_into_session) {
  refresh(s);
  const int n = static_cast<int>(s.tokens().size());
  if (n == 0 || layer < 0 || layer >= static_cast<int>(s.trace().layers.size())) return ShownMatrix{};
  if (method == AttnMethod::Rollout) head = -1;
  Mat pieces;
  const Mat* kept = nullptr;  // a matrix the session or this cache already holds
  if (method == AttnMethod::Raw) {
    if (point_into_session) {
      kept = s.weights(layer, head);
      if (!kept) return ShownMatrix{};
    } else {
      pieces = s.computed_weights(layer, head);
      if (pieces.size() == 0) return ShownMatrix{};
    }
  } else if (method == AttnMethod::Norm) {
    // Only the shares are kept: caching the contributions too would hold two [n, n] matrices per
    // head, and only the API asks for those (contributions() computes and keeps them then).
    const ValueNorms* vn = value_norms(s, layer);
    if (!vn || head < -1 || head >= vn->n_heads) return ShownMatrix{};
    pieces = norm_contribution_shares(s.attention_with_weights(layer), *vn, head, hidden_pieces(s));
  } else {
    // R_l = A^_l R_(l-1): extend the cached chain only as far as this layer.
    const std::vector<bool> hidden = hidden_pieces(s);
    while (static_cast<int>(rollout_.size()) <= layer) {
      const int l = static_cast<int>(rollout_.size());
      Mat a = rollout_layer_matrix(s.attention_with_weights(l), hidden);
      if (l == 0) {
        rollout_.push_back(std::move(a));
      } else {
        Mat r;
        matmul(r, a, rollout_.back());  // the SIMD kernel in WebAssembly, where Eigen runs scalar
        rollout_.push_back(std::move(r));
      }
    }
    kept = &rollout_[layer];
  }

  ShownMatrix m;
  m.by_word = by_word;
  const std::vector<bool> hidden = hidden_pieces(s);
  if (by_word) {
    m.own = merge_to_words(kept ? *kept : pieces, words_);
    m.unit_of_piece.assign(n, 0);
    for (std::size_t w = 0; w < words_.size(); ++w) {
      m.labels.push_back(words_[w].text);
      m.first_piece.push_back(words_[w].pieces.front());
      bool all_hidden = true;
      for (int p : words_[w].pieces) {
        m.unit_of_piece[p] = static_cast<int>(w);
        all_hidden = all_hidden && hidden[p];
      }
      m.hidden.push_back(all_hidden);
    }
  } else {
    if (kept)
      m.source = kept;
    else
      m.own = std::move(pieces);
    for (int i = 0; i < n; ++i) {
      m.labels.push_back(s.tokens()[i].text);
      m.unit_of_piece.push_back(i);
      m.first_piece.push_back(i);
    }
    m.hidden = hidden;
  }
  m.focus = m.unit_of_piece[std::clamp(s.state().focus, 0, n - 1)];
  return m;
}

const ShownMatrix* ShownAttention::current(const Session& s, int layer, int head) {
  return get(s, layer, head, s.state().method, by_word(s));
}

}  // namespace attn
