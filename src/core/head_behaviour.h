// What a head measurably does on the current text: where its weight goes, and a plain-words summary.
#pragma once
#include <string>
#include <vector>

#include "attention.h"
#include "tensor.h"
#include "tokenizer.h"

namespace attn {

// The habits we can measure. The summary names one of the first six only when it really
// dominates; otherwise it says the head spreads evenly, has no single habit, or cannot tell.
enum class HeadHabit { Previous, Next, Self, First, SameWord, Punctuation, OneWord, Even, Mixed, TooShort };
constexpr int kHeadHabitCount = 10;

// Shares are means over the query rows where the relation exists among the keys the row may see
// (a row with no visible token before it does not count towards `previous`; under the causal mask
// `next` exists nowhere; a text without punctuation has no `punctuation` share). A share that
// exists for no row is NaN: "not here". Rows that attend to nothing are left out.
struct HeadBehaviour {
  float previous = 0;  // weight on the token just before the query
  float next = 0;  // weight on the token just after
  float self = 0;  // weight on the query token itself
  float first = 0;  // weight on the text's first token (rows other than the first)
  float same_word = 0;  // weight on other occurrences of the query's word (case-insensitive)
  float punctuation = 0;  // weight on punctuation tokens other than the query itself
  int top_key = -1;  // the token that draws the most weight on average (OneWord names it)
  float top_key_share = 0;  // its mean weight over the rows that may see it
  bool top_key_punctuation = false;  // top_key is punctuation ("punctuation" then says it better)
  float entropy = 0;  // mean row entropy in nats
  float evenness = 0;  // mean row entropy / log(keys the row could see): 1 = perfectly even
  HeadHabit habit = HeadHabit::TooShort;
};

// Thresholds of the summary, here so tests and the legend can quote them.
constexpr float kHabitDominates = 0.4f;  // the largest share must reach this to name a habit
constexpr float kEvenAbove = 0.9f;  // evenness at or above this reads as "spreads evenly"
constexpr int kMinTokensToTell = 3;

// Measures one head from its weights [n, n] (rows = queries) over the text's tokens. `mask` says
// which keys each row could see (causal, hidden), so evenness compares with what was possible.
HeadBehaviour measure_head_behaviour(const Mat& weights, const std::vector<Token>& tokens,
                                     const AttentionOptions& mask = AttentionOptions{});

// The playground's one naming rule, from the shares alone (measure_head_behaviour uses it, and the
// model card applies it to shares averaged over many sentences): Even when evenness reaches
// kEvenAbove, else the largest existing share if it reaches kHabitDominates (OneWord only when
// top_key is a token other than the first and not punctuation), else Mixed. Never TooShort: that
// is the measurement's verdict on the text, not on the shares.
HeadHabit name_head_habit(const HeadBehaviour& b);

// Stable names for the API and tests: "previous", "next", "self", "first", "same_word",
// "punctuation", "one_word", "even", "mixed", "too_short".
const char* head_habit_key(HeadHabit h);

// Case-insensitive comparison key of a token: simple lower-casing of Latin (Vietnamese included),
// Greek and Cyrillic; other scripts are compared as they are.
std::string lowercase_key(const std::string& utf8);

// True for a token made only of punctuation and symbols (",", "...", "?!", "%").
bool is_punctuation_token(const std::string& utf8);

}  // namespace attn
