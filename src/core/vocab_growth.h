// Growing a trained model's vocabulary: new whole-word pieces start from the pieces they replace.
#pragma once
#include <string>
#include <vector>

#include "model.h"
#include "wordpiece.h"

namespace attn {

// Where each piece of the grown vocabulary comes from: its id in the old one, or for a new piece
// the old pieces the old vocabulary splits it into.
struct VocabGrowth {
  std::vector<int> old_id;  // [new vocab] old id, or -1 for a new piece
  std::vector<std::vector<int>> parts;  // [new vocab] for a new piece: its old pieces, in order
};

// Maps `to` onto `from`. Every new piece must start a word (no "##") and split into known old
// pieces (no [UNK]); otherwise false with the piece named in *err.
bool plan_vocab_growth(const WordPieceVocab& from, const WordPieceVocab& to, VocabGrowth* g, std::string* err);

// w for the grown vocabulary: an old piece keeps its embedding row and output bias; a new piece
// starts at the mean of its parts' rows and biases, so the model first reads it as it read them.
// Every other tensor is copied.
ModelWeights grow_weights(const ModelWeights& w, const VocabGrowth& g);

// Per-parameter state in param_list order (AdamW's moments) carried over to the grown weights:
// old rows keep theirs, new rows start at 0.
std::vector<float> grow_param_state(const std::vector<float>& state, const ModelWeights& old_w,
                                    const ModelWeights& new_w, const VocabGrowth& g);

// Ids of the pieces (specials excepted) that no id list in `corpora` uses: a piece the training
// text never holds learns nothing but to be unlikely, which out_bias alone says.
std::vector<int> unused_pieces(int vocab_size, const std::vector<const std::vector<int>*>& corpora);

// Sets the given rows of a matrix to 0 (the unused pieces' embedding rows, or their gradients).
void zero_rows(Mat& m, const std::vector<int>& rows);

}  // namespace attn
