// "What does the model guess?": the most likely pieces for one (usually [MASK]ed) position.
#pragma once
#include <string>
#include <vector>

#include "model.h"
#include "wordpiece.h"

namespace attn {

struct Guess {
  int id = -1;
  std::string text;  // readable piece text: no "##" (see continuation)
  bool continuation = false;  // the piece continues a word (glue it to the previous piece)
  float prob = 0;  // softmax probability over the whole vocabulary
};

// The k most likely pieces at `position` of a trace made by model_forward (with or without
// logits: when t.logits is empty only this one row is computed). Special pieces ([PAD], [MASK],
// [SEP]...) are never offered as guesses, but their probability is not removed from the others.
// Returns an empty list for a position outside the trace.
std::vector<Guess> top_guesses(const ModelWeights& w, const WordPieceVocab& vocab, const ModelTrace& t, int position,
                               int k = 5);

}  // namespace attn
