// The model card's measurements besides evaluate(): baselines, whole-word shares, head habits and contributions.
#pragma once
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <string>
#include <unordered_map>
#include <vector>

#include "head_behaviour.h"
#include "mlm.h"
#include "model_card_contrib.h"
#include "model.h"
#include "trainer.h"
#include "unicode.h"
#include "wordpiece.h"

namespace card {

// The held-out protocol of evaluate(), shared by every number of the card (as train_model uses it).
constexpr uint64_t kEvalSeed = 1234;
constexpr int kEvalMaxLen = 128;

inline bool read_lines(const std::string& path, std::vector<std::string>& out) {
  std::ifstream in(path);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return static_cast<bool>(in) || in.eof();
}

// Every line as piece ids, empty lines included, exactly as train_model encodes its corpora (so the
// line numbers, and with them heldout_example's masking, are the trainer's).
inline attn::EncodedCorpus encode_lines(const std::vector<std::string>& lines, const attn::WordPieceVocab& v) {
  attn::EncodedCorpus c;
  std::vector<int> ids;
  for (const std::string& l : lines) {
    ids.clear();
    attn::wordpiece_ids(v, l, ids);
    c.add_line(ids);
  }
  return c;
}

// The honest "no attention" competitor: a hidden piece guessed from its two neighbours alone, by
// counting in the training split which pieces sit between (left, right), after left, before right.
// Lines are counted separately; past a line's edge is the boundary symbol. Special pieces are
// never guessed (like the unigram baseline); ties go to the smaller id, so the result is fixed.
class NeighbourCounts {
 public:
  static constexpr int kKeep = 5;  // guesses kept per context: top-5 is all the card asks

  NeighbourCounts(const attn::EncodedCorpus& train, int vocab_size) : boundary_(vocab_size) {
    std::vector<uint64_t> both, left, right;  // (context << kBits) | target
    std::vector<int64_t> freq(vocab_size, 0);
    for (int l = 0; l < train.lines(); ++l) {
      const int* p = train.ids.data() + train.starts[l];
      const int n = train.length(l);
      for (int i = 0; i < n; ++i) {
        if (p[i] < attn::kNumSpecial) continue;
        const uint64_t a = i > 0 ? p[i - 1] : boundary_, b = i + 1 < n ? p[i + 1] : boundary_, t = p[i];
        both.push_back((((a << kBits) | b) << kBits) | t);
        left.push_back((a << kBits) | t);
        right.push_back((b << kBits) | t);
        ++freq[p[i]];
      }
    }
    both_ = top_by_context(both);
    left_ = top_by_context(left);
    right_ = top_by_context(right);
    for (int v = attn::kNumSpecial; v < vocab_size; ++v) unigram_.push_back(v);
    std::stable_sort(unigram_.begin(), unigram_.end(), [&](int a, int b) { return freq[a] > freq[b]; });
    unigram_.resize(std::min<std::size_t>(unigram_.size(), kKeep));
  }
  static bool fits(int vocab_size) { return vocab_size + 1 < (1 << kBits); }
  int boundary() const { return boundary_; }
  const std::vector<int>& unigram() const { return unigram_; }  // most frequent training pieces

  // Up to kKeep guesses for the piece between left and right (ids, boundary(), or [MASK] for a
  // neighbour that is hidden too): the (left, right) counts when neither is [MASK] and the pair
  // was seen, then the left bigram, the right bigram, the unigram; each level adds the pieces the
  // earlier ones did not already guess.
  std::vector<int> guess(int left, int right) const {
    std::vector<int> out;
    auto add = [&](const Table& t, uint64_t context) {
      const auto it = t.find(context);
      if (it == t.end()) return;
      for (int g : it->second)
        if (out.size() < kKeep && std::find(out.begin(), out.end(), g) == out.end()) out.push_back(g);
    };
    const bool l = left != attn::kMaskId, r = right != attn::kMaskId;
    if (l && r) add(both_, (uint64_t(left) << kBits) | uint64_t(right));
    if (l) add(left_, uint64_t(left));
    if (r) add(right_, uint64_t(right));
    for (int g : unigram_)
      if (out.size() < kKeep && std::find(out.begin(), out.end(), g) == out.end()) out.push_back(g);
    return out;
  }

 private:
  static constexpr int kBits = 21;  // bits per id in a packed key: three ids fit in 63 bits
  using Table = std::unordered_map<uint64_t, std::vector<int>>;  // context -> its top targets

  static Table top_by_context(std::vector<uint64_t>& keys) {
    std::sort(keys.begin(), keys.end());
    Table t;
    std::vector<std::pair<int64_t, int>> cands;  // (-count, target): sorts most frequent first
    for (std::size_t i = 0; i < keys.size();) {
      const uint64_t context = keys[i] >> kBits;
      cands.clear();
      while (i < keys.size() && keys[i] >> kBits == context) {
        std::size_t j = i;
        while (j < keys.size() && keys[j] == keys[i]) ++j;
        cands.emplace_back(-static_cast<int64_t>(j - i), static_cast<int>(keys[i] & ((1u << kBits) - 1)));
        i = j;
      }
      const std::size_t k = std::min<std::size_t>(kKeep, cands.size());
      std::partial_sort(cands.begin(), cands.begin() + k, cands.end());
      std::vector<int>& top = t[context];
      for (std::size_t c = 0; c < k; ++c) top.push_back(cands[c].second);
    }
    keys.clear();
    keys.shrink_to_fit();
    return t;
  }

  int boundary_;
  Table both_, left_, right_;
  std::vector<int> unigram_;
};

struct BaselineResult {
  int masked = 0, unigram1 = 0, unigram5 = 0, count1 = 0, count5 = 0;
};

// The baselines on exactly the positions evaluate() masks: same examples, same targets.
inline BaselineResult measure_baselines(const NeighbourCounts& nc, const attn::EncodedCorpus& held) {
  BaselineResult r;
  const std::vector<int>& uni = nc.unigram();
  for (int i = 0; i < held.lines(); ++i) {
    if (held.length(i) == 0) continue;
    const attn::Example ex = attn::heldout_example(held, i, kEvalSeed, kEvalMaxLen);
    const int n = static_cast<int>(ex.input.size());
    for (std::size_t k = 0; k < ex.positions.size(); ++k) {
      const int pos = ex.positions[k], target = ex.targets[k];
      const std::vector<int> g =
          nc.guess(pos > 0 ? ex.input[pos - 1] : nc.boundary(), pos + 1 < n ? ex.input[pos + 1] : nc.boundary());
      ++r.masked;
      r.unigram1 += !uni.empty() && uni[0] == target;
      r.unigram5 += std::find(uni.begin(), uni.end(), target) != uni.end();
      r.count1 += !g.empty() && g[0] == target;
      r.count5 += std::find(g.begin(), g.end(), target) != g.end();
    }
  }
  return r;
}

// Of the words (tokenize_words) with at least one letter, how many are one piece that is not [UNK].
struct WordShare {
  long words = 0, whole = 0;
  double share() const { return words ? double(whole) / words : NAN; }
};
inline WordShare whole_word_share(const std::vector<std::string>& lines, const attn::WordPieceVocab& v) {
  WordShare s;
  std::vector<int> ids;
  for (const std::string& line : lines)
    for (const attn::Token& w : attn::tokenize_words(line, static_cast<std::size_t>(-1)).tokens) {
      const std::u32string cps = attn::decode_utf8(w.text);
      if (std::none_of(cps.begin(), cps.end(),
                       [](char32_t c) { return attn::char_class(c) == attn::CharClass::Letter; }))
        continue;
      ids.clear();
      attn::wordpiece_word(v, cps, ids);
      ++s.words;
      s.whole += ids.size() == 1 && ids[0] != attn::kUnkId;
    }
  return s;
}

// Mean of a share over sentences, skipping sentences where it does not exist (NaN).
struct Mean {
  double sum = 0;
  int n = 0;
  void add(float v) {
    if (std::isfinite(v)) sum += v, ++n;
  }
  float get() const { return n ? static_cast<float>(sum / n) : NAN; }
};

// One head over many sentences: its averaged shares and how often each habit was named per sentence.
struct HeadStats {
  Mean previous, next, self, first, same_word, punctuation, entropy, evenness;
  std::vector<int> habits = std::vector<int>(attn::kHeadHabitCount, 0);
  void add(const attn::HeadBehaviour& b) {
    previous.add(b.previous), next.add(b.next), self.add(b.self), first.add(b.first);
    same_word.add(b.same_word), punctuation.add(b.punctuation), entropy.add(b.entropy);
    evenness.add(b.evenness);
    ++habits[static_cast<int>(b.habit)];
  }
  // The averages as one HeadBehaviour, its habit named by the playground's own rule. No top_key:
  // "one particular token" means nothing across different sentences.
  attn::HeadBehaviour averaged() const {
    attn::HeadBehaviour b;
    b.previous = previous.get(), b.next = next.get(), b.self = self.get(), b.first = first.get();
    b.same_word = same_word.get(), b.punctuation = punctuation.get();
    b.entropy = entropy.get(), b.evenness = evenness.get();
    b.habit = evenness.n ? attn::name_head_habit(b) : attn::HeadHabit::TooShort;
    return b;
  }
};

struct HeadReport {
  int lines = 0;  // sentences measured
  long pieces = 0;
  std::vector<HeadStats> heads;  // [layer * n_heads + head]
  HeadStats even;  // what an evenly spreading head would score on the same sentences
  std::vector<ContribStats> contrib;  // [layer * (n_heads + 1) + head]; head n_heads = the heads together
};

// Each line alone, unmasked, as a reader would type it (cut at kEvalMaxLen pieces; lines too
// short to tell skipped), until max_lines lines were measured. One forward pass per line gives both the
// habits and the weight-vs-contribution numbers, so the two tables describe exactly the same rows.
inline HeadReport measure_heads(const attn::ModelWeights& w, const attn::WordPieceVocab& vocab,
                                const std::vector<std::string>& lines, int max_lines) {
  const int L = w.cfg.n_layers, H = w.cfg.n_heads;
  HeadReport r;
  r.heads.resize(static_cast<std::size_t>(L) * H);
  r.contrib.resize(static_cast<std::size_t>(L) * (H + 1));
  attn::ModelTrace t;
  std::vector<int> ids;
  for (std::size_t i = 0; i < lines.size() && r.lines < max_lines; ++i) {
    const attn::TokenizedText tt = attn::wordpiece_encode(vocab, lines[i], kEvalMaxLen);
    const int n = static_cast<int>(tt.tokens.size());
    if (n < attn::kMinTokensToTell) continue;
    ids.clear();
    for (const attn::Token& p : tt.tokens) ids.push_back(p.id);
    attn::model_forward(t, w, ids, attn::AttentionOptions{}, false);
    for (int l = 0; l < L; ++l) {
      for (int h = 0; h < H; ++h)
        r.heads[l * H + h].add(attn::measure_head_behaviour(t.layers[l].attn.heads[h].weights, tt.tokens));
      add_layer_contributions(&r.contrib[l * (H + 1)], t.layers[l].attn, w.layers[l].attn, tt.tokens);
    }
    r.even.add(attn::measure_head_behaviour(attn::Mat::Constant(n, n, 1.0f / n), tt.tokens));
    ++r.lines;
    r.pieces += n;
  }
  return r;
}

// Everything the card says about one language.
struct Language {
  std::string code, name, unit;  // "en", "English", "words"
  double word_goal = 0;  // share of held-out words that should be one piece
  std::vector<std::string> train_lines, held_lines;
  attn::EncodedCorpus train, held;
  attn::EvalResult eval;  // evaluate(): the trainer's own protocol
  BaselineResult base;
  WordShare held_words, train_words;
  HeadReport heads;
};

// One of the article's sentences: its pieces, and the model's top guesses for each piece hidden alone.
struct ExampleGuesses {
  std::string text;
  std::vector<attn::Token> pieces;
  std::vector<std::vector<attn::Guess>> guesses;  // [piece]
};

inline std::vector<ExampleGuesses> measure_examples(const attn::ModelWeights& w, const attn::WordPieceVocab& vocab,
                                                    const std::vector<std::string>& sentences, int k) {
  std::vector<ExampleGuesses> out;
  attn::ModelTrace t;
  for (const std::string& s : sentences) {
    ExampleGuesses e;
    e.text = s;
    e.pieces = attn::wordpiece_encode(vocab, s, kEvalMaxLen).tokens;
    std::vector<int> ids;
    for (const attn::Token& p : e.pieces) ids.push_back(p.id);
    for (std::size_t i = 0; i < ids.size(); ++i) {
      std::vector<int> masked = ids;
      masked[i] = attn::kMaskId;
      attn::model_forward(t, w, masked, attn::AttentionOptions{}, false);
      e.guesses.push_back(attn::top_guesses(w, vocab, t, static_cast<int>(i), k));
    }
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace card
