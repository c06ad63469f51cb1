// WordPiece: learning is deterministic, common words stay whole, any character encodes, spans are exact.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "wordpiece.h"

using namespace attn;

namespace {
WordPieceVocab small_vocab(int size = 120) {
  WordCounts counts;
  const char* lines[] = {
      "the cat sat on the mat", "the cat chased the mouse",
      "the dog sat on the log", "a cat and a dog",
      "the mouse ran",          "cats chase mice",
      "dogs chase cats",        "tôi là người Việt",
      "người ta nói",           "unbelievable things happen",
  };
  for (int r = 0; r < 5; ++r)
    for (const char* l : lines) count_words(counts, l);
  VocabLearnOptions opt;
  opt.vocab_size = size;
  opt.min_char_count = 2;
  return learn_wordpiece(counts, opt);
}
}  // namespace

TEST_CASE("learned vocabulary: specials first, bounded size, deterministic") {
  const WordPieceVocab a = small_vocab(), b = small_vocab();
  CHECK(a.pieces == b.pieces);
  REQUIRE(a.size() <= 120);
  for (int i = 0; i < kNumSpecial; ++i) CHECK(a.pieces[i] == kSpecialPieces[i]);
  CHECK(a.id("the") >= kNumSpecial);
  CHECK(a.id("cat") >= kNumSpecial);
  CHECK(a.is_continuation(a.id("##a")));
  CHECK(a.display(a.id("##a")) == "a");
}

TEST_CASE("encoding: common words are one piece, spans point into the original text") {
  const WordPieceVocab v = small_vocab();
  const std::string text = "The cat sat on the mat.";
  const TokenizedText t = wordpiece_encode(v, text);
  REQUIRE(!t.tokens.empty());
  for (const Token& p : t.tokens) {
    CHECK(p.id >= 0);
    CHECK(p.id < v.size());
    CHECK(text.substr(p.begin, p.end - p.begin) == p.text);  // NFC input: the span is the text
    CHECK(p.text.find("##") == std::string::npos);
  }
  // "cat" is one piece, not a continuation.
  bool found = false;
  for (const Token& p : t.tokens)
    if (p.text == "cat") found = p.id == v.id("cat") && !p.joins_previous;
  CHECK(found);
}

TEST_CASE("encoding: a word missing from the vocabulary splits into continuation pieces") {
  const WordPieceVocab v = small_vocab();
  const std::string text = "catmat";
  const TokenizedText t = wordpiece_encode(v, text);
  REQUIRE(t.tokens.size() >= 2);
  CHECK_FALSE(t.tokens[0].joins_previous);
  std::string joined;
  for (std::size_t i = 0; i < t.tokens.size(); ++i) {
    if (i > 0) CHECK(t.tokens[i].joins_previous);
    if (i > 0) CHECK(v.is_continuation(t.tokens[i].id));
    joined += t.tokens[i].text;
  }
  CHECK(joined == text);
}

TEST_CASE("encoding: unknown characters become [UNK] but keep their own text and span") {
  const WordPieceVocab v = small_vocab();
  const std::string text =
      "cat \xE2\x98\x83 c\xE4\xB8\xAD"
      "at";  // "cat ☃ c中at"
  const TokenizedText t = wordpiece_encode(v, text);
  int unk = 0;
  for (const Token& p : t.tokens) {
    if (p.id == kUnkId) {
      ++unk;
      CHECK((p.text == "\xE2\x98\x83" || p.text == "\xE4\xB8\xAD"));
      CHECK(text.substr(p.begin, p.end - p.begin) == p.text);
    }
    CHECK(p.text != "?");
  }
  CHECK(unk == 2);
  // The piece after an [UNK] inside a word continues that word.
  CHECK(t.tokens.back().joins_previous);
}

TEST_CASE("encoding: decomposed input maps to NFC pieces whose spans cover the original bytes") {
  const WordPieceVocab v = small_vocab();
  const std::string text = "ngu\xCC\x9Bo\xCC\x9B\xCC\x80i";  // "người" typed with combining marks
  const TokenizedText t = wordpiece_encode(v, text);
  REQUIRE(!t.tokens.empty());
  CHECK(t.tokens.front().begin == 0);
  CHECK(t.tokens.back().end == text.size());
  std::string joined;
  for (std::size_t i = 0; i < t.tokens.size(); ++i) {
    joined += t.tokens[i].text;
    if (i > 0) CHECK(t.tokens[i].begin >= t.tokens[i - 1].end);
  }
  CHECK(joined == "người");
}

TEST_CASE("encoding: ids path equals the token path, truncation is flagged, empty text is empty") {
  const WordPieceVocab v = small_vocab();
  const std::string text = "the unbelievable cat chased the mice, tôi là người";
  const TokenizedText t = wordpiece_encode(v, text);
  std::vector<int> ids;
  wordpiece_ids(v, text, ids);
  REQUIRE(ids.size() == t.tokens.size());
  for (std::size_t i = 0; i < ids.size(); ++i) CHECK(ids[i] == t.tokens[i].id);
  const TokenizedText cut = wordpiece_encode(v, text, 3);
  CHECK(cut.tokens.size() == 3);
  CHECK(cut.truncated);
  CHECK(cut.total_tokens == t.tokens.size());
  CHECK(wordpiece_encode(v, "").tokens.empty());
  CHECK(wordpiece_encode(v, "   \n").tokens.empty());
}

TEST_CASE("vocabulary index rejects duplicates and missing specials") {
  WordPieceVocab v = small_vocab();
  CHECK(v.rebuild_index());
  v.pieces.push_back(v.pieces[7]);
  CHECK_FALSE(v.rebuild_index());
  WordPieceVocab w;
  w.pieces = {"a", "b"};
  CHECK_FALSE(w.rebuild_index());
}

TEST_CASE("whole words: asked-for words become pieces after the alphabet, before any merge, within the budget") {
  WordCounts counts;
  for (int r = 0; r < 4; ++r) count_words(counts, "con mèo ngồi trên tấm thảm the cat sat on the mat");
  VocabLearnOptions opt;
  opt.vocab_size = 200;
  opt.min_char_count = 2;
  opt.whole_words = {"thảm", "mèo", "mat", "zebra", "two words", "ngồi"};  // zebra: z,b,r unseen
  const WordPieceVocab v = learn_wordpiece(counts, opt);
  const int tham = v.id("thảm"), meo = v.id("mèo"), mat = v.id("mat"), ngoi = v.id("ngồi");
  REQUIRE(tham >= kNumSpecial);
  // In the order given, right after the alphabet (every piece before them is one character).
  CHECK(meo == tham + 1);
  CHECK(mat == meo + 1);
  CHECK(ngoi == mat + 1);
  for (int i = kNumSpecial; i < tham; ++i) CHECK(v.display(i).size() <= 4);  // one UTF-8 character
  CHECK(v.id("zebra") == -1);  // a character of it has no piece
  CHECK(v.id("two words") == -1);  // tokenize_words would split it
  // The budget: reserve_for_merges keeps room, and whole words never push past vocab_size.
  opt.vocab_size = tham + 2;
  opt.reserve_for_merges = 1;
  const WordPieceVocab small = learn_wordpiece(counts, opt);
  CHECK(small.size() <= tham + 2);
  CHECK(small.id("thảm") >= kNumSpecial);
  CHECK(small.id("mèo") == -1);
}

TEST_CASE("a capitalised word uses the lower-case piece when the vocabulary has no capitalised one") {
  WordPieceVocab v;
  for (int i = 0; i < kNumSpecial; ++i) v.pieces.push_back(kSpecialPieces[i]);
  for (const char* p : {"mèo", "Con", "con", "the", "T", "M", "##èo", "Đ", "đội", "##h", "##e"}) v.pieces.push_back(p);
  REQUIRE(v.rebuild_index());
  const std::string text = "Con Mèo The Đội THE";
  const TokenizedText t = wordpiece_encode(v, text);
  REQUIRE(t.tokens.size() == 7);
  CHECK(t.tokens[0].id == v.id("Con"));  // the exact piece wins when there is one
  CHECK(t.tokens[1].id == v.id("mèo"));
  CHECK(t.tokens[1].text == "Mèo");  // the reader still sees what was typed
  CHECK(text.substr(t.tokens[1].begin, t.tokens[1].end - t.tokens[1].begin) == "Mèo");
  CHECK(t.tokens[2].id == v.id("the"));
  CHECK(t.tokens[3].id == v.id("đội"));  // Vietnamese capital Đ folds too
  CHECK(t.tokens[4].id == v.id("T"));  // only a word's first letter folds: "tHE" is not "the",
  CHECK(t.tokens[5].id == kUnkId);  // and continuations never do ("##H" is not "##h")
  CHECK(t.tokens[5].text == "H");
  CHECK(t.tokens[6].text == "E");
}
