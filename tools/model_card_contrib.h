// The card's "raw weight vs contribution" section (Kobayashi et al. 2020): where a head looks against what it moves.
#pragma once
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "honest_attention.h"
#include "model_card_text.h"

namespace card {

// One head, or a layer's heads together, over many query rows (every piece of every measured line).
struct ContribStats {
  long rows = 0, disagree = 0, sinks = 0;
  double top_weight = 0, top_share = 0;  // sums over all rows: the top-raw key's weight and contribution share
  double sink_weight = 0, sink_share = 0;  // sums over the rows with a sink
  std::map<std::string, int> sink_pieces;  // how often each piece was the sink, so the card can name the usual one

  // raw: the weights; shares: the contribution shares of the same view (rows sum to 1, same shape).
  void add(const attn::Mat& raw, const attn::Mat& shares, const std::vector<attn::Token>& tokens) {
    if (raw.rows() != shares.rows() || raw.cols() != shares.cols()) return;  // no value norms: nothing to compare
    for (Eigen::Index i = 0; i < raw.rows(); ++i) {
      // maxCoeff keeps the first of tied keys, as find_sink does, so both name the same top key.
      Eigen::Index by_raw = 0, by_share = 0;
      top_weight += raw.row(i).maxCoeff(&by_raw);
      shares.row(i).maxCoeff(&by_share);
      top_share += shares(i, by_raw);
      ++rows;
      disagree += by_raw != by_share;
      const attn::SinkFinding s = attn::find_sink(raw, shares, static_cast<int>(i));
      if (s.key < 0) continue;
      ++sinks;
      sink_weight += s.weight, sink_share += s.contribution;
      ++sink_pieces[piece_md(tokens[s.key].text, tokens[s.key].joins_previous)];
    }
  }
  double sink_rate() const { return ratio(sinks, rows); }
  std::string usual_sink() const {  // the piece most often the sink (the first in byte order on a tie)
    auto best = sink_pieces.begin();
    for (auto it = sink_pieces.begin(); it != sink_pieces.end(); ++it)
      if (it->second > best->second) best = it;
    return best == sink_pieces.end() ? std::string(kNone) : best->first;
  }
};

// One layer of one line into stats[0 .. n_heads]: each head, then the heads together as the playground shows
// head -1 (raw = the mean of the heads' weights; contribution = the all-heads norm of norm_contribution_shares).
inline void add_layer_contributions(ContribStats* stats, const attn::AttentionTrace& a, const attn::AttentionParams& p,
                                    const std::vector<attn::Token>& tokens) {
  const int n_heads = static_cast<int>(a.heads.size());
  if (n_heads == 0) return;
  const attn::ValueNorms norms = attn::value_norms(a, p);  // once per layer: every head and -1 reuse it
  attn::Mat mean = attn::Mat::Zero(a.heads[0].weights.rows(), a.heads[0].weights.cols());
  for (int h = 0; h < n_heads; ++h) {
    stats[h].add(a.heads[h].weights, attn::norm_contribution_shares(a, norms, h), tokens);
    mean += a.heads[h].weights;
  }
  stats[n_heads].add(mean / static_cast<float>(n_heads), attn::norm_contribution_shares(a, norms, -1), tokens);
}

inline std::string contrib_intro_md(int max_lines, int max_len) {
  return "## Raw weight vs contribution\n\nA weight says how much a query piece looks at a key, not how much that "
         "key changes the output: a key whose transformed value is small sends little, however much weight it gets "
         "(Kobayashi et al. 2020, \"Attention is not only a weight\"). The contribution share of a key is its weight "
         "times the length of what it sends (`norm_contribution_shares` in `src/core/honest_attention.h`), each row "
         "scaled to sum to 1; \"all\" is the layer's heads together (their mean weight against the all-heads "
         "contribution). Same lines as above: " +
         f("up to %d per language, unmasked, cut at %d pieces. ", max_lines, max_len) +
         "*Disagree* is the share of query rows whose most-weighted key is not their most-contributing "
         "one. A row has a *sink* by the playground's rule (`find_sink`): its most-weighted key takes at least " +
         f("%.0f%% of the weight but gets under %.0f%% of that as contribution share", 100 * attn::kSinkWeight,
           100 * attn::kSinkRatio) +
         "; the sink columns are means over those rows, the last two over all rows.\n\n";
}

// stats: [layer * (n_heads + 1) + head], head n_heads = the heads together.
inline std::string contrib_md(const std::string& name, int lines, long pieces, const std::vector<ContribStats>& stats,
                              int n_heads) {
  std::string o = f("### %s: %d held-out lines, ", name.c_str(), lines) + grouped(double(pieces)) + " query rows\n\n";
  o += "| layer | head | rows | disagree | rows with a sink | sink weight | sink contribution | top-key weight | "
       "its contribution |\n|---|---|---|---|---|---|---|---|---|\n";
  const ContribStats* most = nullptr;  // the single head (not "all") with the largest share of sink rows
  std::size_t most_at = 0;
  for (std::size_t i = 0; i < stats.size(); ++i) {
    const ContribStats& s = stats[i];
    const std::size_t layer = i / (n_heads + 1), head = i % (n_heads + 1);
    o += f("| %zu | ", layer + 1) + (head == std::size_t(n_heads) ? std::string("all") : f("%zu", head + 1)) + " | " +
         grouped(double(s.rows)) + " | " + pct(ratio(s.disagree, s.rows)) + " | " + pct(s.sink_rate()) +
         (s.sinks ? f(" (%ld)", s.sinks) : "") +  // the count too: one sink in 3,000 rows still prints 0.0%
         " | " + pct(s.sinks ? s.sink_weight / s.sinks : NAN) + " | " + pct(s.sinks ? s.sink_share / s.sinks : NAN) +
         " | " + pct(s.rows ? s.top_weight / s.rows : NAN) + " | " + pct(s.rows ? s.top_share / s.rows : NAN) + " |\n";
    if (head != std::size_t(n_heads) && s.sinks > 0 && (!most || s.sink_rate() > most->sink_rate()))
      most = &s, most_at = i;
  }
  if (!most)
    return o + "\nNo " + name + " head has a sink by this rule: wherever a key takes " + pct(attn::kSinkWeight) +
           " of a row's weight or more, it also sends at least half of that share.\n\n";
  // Said as rare below one row in twenty, so a handful of rows is not read as the head's habit.
  const bool rare = most->sink_rate() < 0.05;
  o += "\n" + std::string(rare ? "Sinks are rare in " + name + ": the most are in " : "In " + name + ", ") +
       f("layer %zu head %zu", most_at / (n_heads + 1) + 1, most_at % (n_heads + 1) + 1) +
       (rare ? ", " : " has the most sinks: ") + pct(most->sink_rate()) +
       f(" of its query rows (%ld of ", most->sinks) + grouped(double(most->rows)) +
       "). There its most-weighted key "
       "(most often “" +
       most->usual_sink() + "”) takes on average " + pct(most->sink_weight / most->sinks) + " of the weight but only " +
       pct(most->sink_share / most->sinks) +
       " of what the head sends: it is looked "
       "at, but sends little, so the heatmap's brightest cell there shows where the head rests, not what it passes "
       "on.\n\n";
  return o;
}

}  // namespace card
