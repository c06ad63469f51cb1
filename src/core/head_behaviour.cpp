// Measuring a head's habits from its weights; the shares are plain averages the reader can check.
#include "head_behaviour.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "unicode.h"

namespace attn {

namespace {
constexpr float kNotHere = std::numeric_limits<float>::quiet_NaN();

// Running mean over the rows where a relation exists.
struct Share {
  double sum = 0;
  int rows = 0;
  void add(double v) {
    sum += v;
    ++rows;
  }
  float mean() const { return rows > 0 ? static_cast<float>(sum / rows) : kNotHere; }
};
}  // namespace

std::string lowercase_key(const std::string& utf8) {
  std::u32string cps = decode_utf8(utf8);
  for (char32_t& c : cps) c = simple_lowercase(c);
  return encode_utf8(cps);
}

bool is_punctuation_token(const std::string& utf8) {
  const std::u32string cps = decode_utf8(utf8);
  if (cps.empty()) return false;
  for (char32_t c : cps)
    if (char_class(c) != CharClass::PunctuationOrSymbol) return false;
  return true;
}

HeadBehaviour measure_head_behaviour(const Mat& w, const std::vector<Token>& tokens, const AttentionOptions& mask) {
  HeadBehaviour b;
  const int n = static_cast<int>(std::min<Eigen::Index>(w.rows(), static_cast<Eigen::Index>(tokens.size())));
  std::vector<std::string> keys(n);
  std::vector<bool> punct(n);
  for (int i = 0; i < n; ++i) {
    keys[i] = lowercase_key(tokens[i].text);
    punct[i] = is_punctuation_token(tokens[i].text);
  }
  auto visible = [&](int i, int j) {
    const bool hidden = j < static_cast<int>(mask.hidden.size()) && mask.hidden[j];
    return !hidden && !(mask.causal && j > i);
  };
  Share previous, next, self, first, same_word, punctuation, entropy, evenness;
  std::vector<Share> column(n);
  for (int i = 0; i < n; ++i) {
    const double row_sum = w.row(i).head(n).sum();
    if (!(row_sum > 0)) continue;  // every key masked: this query attends to nothing
    double h = 0;
    int could_see = 0;
    double same = 0, on_punct = 0;
    bool has_same = false, has_punct = false;
    for (int j = 0; j < n; ++j) {
      if (!visible(i, j)) continue;
      ++could_see;
      const double x = w(i, j);
      column[j].add(x);
      if (x > 0) h -= x * std::log(x);
      if (j == i) continue;
      if (!punct[i] && keys[j] == keys[i]) {
        has_same = true;
        same += x;
      }
      if (punct[j]) {
        has_punct = true;
        on_punct += x;
      }
    }
    entropy.add(h);
    if (could_see > 1) evenness.add(h / std::log(static_cast<double>(could_see)));
    if (visible(i, i)) self.add(w(i, i));
    if (i > 0 && visible(i, i - 1)) previous.add(w(i, i - 1));
    if (i > 0 && visible(i, 0)) first.add(w(i, 0));
    if (i + 1 < n && visible(i, i + 1)) next.add(w(i, i + 1));
    if (has_same) same_word.add(same);
    if (has_punct) punctuation.add(on_punct);
  }
  b.previous = previous.mean();
  b.next = next.mean();
  b.self = self.mean();
  b.first = first.mean();
  b.same_word = same_word.mean();
  b.punctuation = punctuation.mean();
  for (int j = 0; j < n; ++j)
    if (column[j].rows > 0 && column[j].mean() > b.top_key_share) {
      b.top_key = j;
      b.top_key_share = column[j].mean();
    }
  b.entropy = entropy.rows > 0 ? entropy.mean() : 0.0f;
  b.evenness = evenness.rows > 0 ? evenness.mean() : 0.0f;

  if (b.top_key >= 0) b.top_key_punctuation = punct[b.top_key];
  b.habit = n < kMinTokensToTell || entropy.rows == 0 ? HeadHabit::TooShort : name_head_habit(b);
  return b;
}

HeadHabit name_head_habit(const HeadBehaviour& b) {
  if (b.evenness >= kEvenAbove) return HeadHabit::Even;
  // One particular token, unless "first token" or "punctuation" already says it better.
  const bool one_word_says_more = b.top_key > 0 && !b.top_key_punctuation;
  const struct {
    float share;
    HeadHabit habit;
  } candidates[] = {{b.previous, HeadHabit::Previous},
                    {b.next, HeadHabit::Next},
                    {b.self, HeadHabit::Self},
                    {b.first, HeadHabit::First},
                    {b.same_word, HeadHabit::SameWord},
                    {b.punctuation, HeadHabit::Punctuation},
                    {one_word_says_more ? b.top_key_share : kNotHere, HeadHabit::OneWord}};
  float best = -1;
  HeadHabit best_habit = HeadHabit::Mixed;
  for (const auto& c : candidates)
    if (c.share == c.share && c.share > best) {  // NaN: the relation is not in this text
      best = c.share;
      best_habit = c.habit;
    }
  return best >= kHabitDominates ? best_habit : HeadHabit::Mixed;
}

const char* head_habit_key(HeadHabit h) {
  static const char* const names[kHeadHabitCount] = {"previous",    "next",     "self", "first", "same_word",
                                                     "punctuation", "one_word", "even", "mixed", "too_short"};
  const int i = static_cast<int>(h);
  return i >= 0 && i < kHeadHabitCount ? names[i] : "mixed";
}

}  // namespace attn
