// Which token-embedding rows keep 8 bits in the shipped file: the pieces the training text uses most.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace attn {

// One flag per piece (size vocab_size, 1 = the row is stored in 8 bits) for the `count` most
// frequent pieces of the corpora. Each corpus's counts are divided by its length, so every language
// weighs the same (English has more training text, but the model card measures each language on
// its own). The five specials are always flagged ([MASK], [SEP] and [CLS] are in every training
// sequence without being in the corpora) and count towards `count`. Ties go to the lower id, so
// the same corpora always give the same rows. Ids outside the vocabulary are ignored.
std::vector<uint8_t> frequent_rows(const std::vector<const std::vector<int>*>& corpora, int vocab_size, int count);

// How many rows the flags mark for 8 bits.
long flagged_rows(const std::vector<uint8_t>& flags);

// The flags as text, the flagged ids one per line in ascending order (train_model writes it beside
// the checkpoint as int8-rows.txt; export_model --int8-rows reads it), and back: false for a line
// that is not an id below vocab_size, or an id listed twice.
std::string encode_row_list(const std::vector<uint8_t>& flags);
bool decode_row_list(const std::string& text, int vocab_size, std::vector<uint8_t>* flags);

}  // namespace attn
