// WordPiece vocabulary: learned from a corpus by BPE-style merges, applied by greedy longest match.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "tokenizer.h"

namespace attn {

// Fixed ids of the special pieces; every vocabulary starts with them in this order.
enum SpecialId : int { kPadId = 0, kUnkId = 1, kMaskId = 2, kSepId = 3, kClsId = 4, kNumSpecial = 5 };
extern const char* const kSpecialPieces[kNumSpecial];  // "[PAD]", "[UNK]", "[MASK]", "[SEP]", "[CLS]"

// Pieces are stored the BERT way: "cat" may start a word, "##at" only continues one. The "##" is
// internal bookkeeping: the reader always sees the piece's own text from the input (Token::text).
// The vocabulary is cased (no lower-casing): "The" and "the" are different pieces.
struct WordPieceVocab {
  std::vector<std::string> pieces;  // id -> piece
  std::unordered_map<std::string, int> index;  // piece -> id
  int max_piece_chars = 1;  // longest piece, in code points, without "##"

  int size() const { return static_cast<int>(pieces.size()); }
  int id(const std::string& piece) const;  // -1 when absent
  // Rebuilds index and max_piece_chars from pieces; false if pieces has duplicates or bad specials.
  bool rebuild_index();
  // The piece as a reader should see it out of context: "##at" -> "at" (specials unchanged).
  std::string display(int id) const;
  bool is_continuation(int id) const;
};

struct VocabLearnOptions {
  int vocab_size = 6000;  // total entries, specials included
  int min_char_count = 3;  // rarer characters get no piece: they become [UNK] (shown as typed)
  int min_pair_count = 2;  // a merge must be seen at least this often
  int max_piece_chars = 20;  // no piece longer than this many code points (merges; whole words may be longer)
  // Words that become pieces whole, in this order, right after the alphabet and before any merge
  // (Vietnamese syllables, common English words): a reader sees them as one chip. A word whose
  // characters are not all in the alphabet, or that tokenize_words would split, is skipped.
  std::vector<std::string> whole_words;
  int reserve_for_merges = 0;  // whole words stop this many entries short of vocab_size
};

// How often each word (as tokenize_words splits it) occurs; std::map keeps learning deterministic.
using WordCounts = std::map<std::string, int64_t>;
void count_words(WordCounts& counts, std::string_view line);

// Learns a vocabulary: start from the characters (word-initial and "##" forms), then the whole
// words asked for, then repeatedly add the most frequent adjacent pair of pieces inside the words
// that are not whole pieces (ties: the smaller pair of ids) until vocab_size entries or no pair is
// frequent enough.
WordPieceVocab learn_wordpiece(const WordCounts& counts, const VocabLearnOptions& opt);

// Splits one word (NFC text, no spaces) into piece ids by greedy longest match from the left.
// A character with no piece becomes [UNK] on its own and the match continues after it.
// piece_chars, when given, receives each piece's length in code points.
void wordpiece_word(const WordPieceVocab& v, std::u32string_view word, std::vector<int>& ids,
                    std::vector<int>* piece_chars = nullptr);

// The whole text as pieces, in the format the rest of the playground uses: each Token is one
// piece with its NFC text (what the reader sees; never "##", never "?"), its byte span in the
// ORIGINAL text, its id, and joins_previous = true when it continues the previous piece's word.
// At most max_pieces pieces; total_tokens counts every piece of the text.
TokenizedText wordpiece_encode(const WordPieceVocab& v, std::string_view text, std::size_t max_pieces = kMaxTokens);

// Ids only (the trainer's fast path): appends the pieces of text to ids.
void wordpiece_ids(const WordPieceVocab& v, std::string_view text, std::vector<int>& ids);

}  // namespace attn
