// Learns the English + Vietnamese WordPiece vocabulary from the training split (see scripts/train-model.sh).
//
//   build_vocab OUT.txt SIZE MERGES train-en.txt train-vi.txt vi_VN.dic examples.txt
//   build_vocab --grow OLD.txt MIN_COUNT OUT.txt train-en.txt   (a trained vocabulary, grown)
//
// Order of the pieces: specials, the alphabet, the words of the playground's own example sentences
// (models/vocab-examples.txt: the default text and the article's figures, so what the product
// shows first is never split), Vietnamese syllables whole (those of the corpus seen
// at least kMinWholeCount times, most frequent first, then every other lower-case syllable of
// hunspell-vi's list, so a syllable no corpus line has is still one chip), English words whole
// (most frequent first, seen at least kMinWholeCount times, capitalised forms counted with their
// lower-case form, which the encoder falls back to) until MERGES entries are left, then
// pair merges over both corpora for the words that are not whole.
//
// --grow keeps OLD.txt as it is (every id stays) and appends the words of the text that OLD.txt
// splits into several pieces and that occur at least MIN_COUNT times, most frequent first (counted
// as above). A trained model grows into it (train_model --grow-from): each new word starts from the
// pieces it replaces.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <unordered_set>
#include <vector>

#include "unicode.h"
#include "wordpiece.h"

namespace {

constexpr int kMinWholeCount = 3;

// hunspell-vi lists a few names and abbreviations (Nguyễn, HTML) next to the syllables; a Vietnamese
// capital is an ASCII capital with marks, or Đ.
bool starts_lower_case(const std::string& w) {
  const std::u32string cps = attn::decode_utf8(w);
  if (cps.empty()) return false;
  const char32_t base = attn::canonical_decomposition(cps[0])[0];
  return !(base >= U'A' && base <= U'Z') && base != U'\u0110';
}

bool count_file(const char* path, attn::WordCounts& counts, long& lines) {
  std::ifstream in(path);
  if (!in) return false;
  std::string line;
  while (std::getline(in, line)) {
    attn::count_words(counts, line);
    ++lines;
  }
  return true;
}

// The word with its first letter in lower case (the encoder's fallback for capitalised words).
std::string fold_first(const std::string& w) {
  std::u32string cps = attn::decode_utf8(w);
  if (!cps.empty()) cps[0] = attn::simple_lowercase(cps[0]);
  return attn::encode_utf8(cps);
}

// Words seen at least min_count times, most frequent first (ties: the map's order). A
// capitalised word whose lower-case form also occurs counts for that form (the encoder folds it),
// so "The" needs no piece of its own; "John" or "Debian" keep theirs.
std::vector<std::string> by_frequency(const attn::WordCounts& raw, int64_t min_count = kMinWholeCount) {
  attn::WordCounts counts;
  for (const auto& [w, n] : raw) {
    const std::string f = fold_first(w);
    counts[f != w && raw.count(f) ? f : w] += n;
  }
  std::vector<std::pair<int64_t, std::string>> v;
  for (const auto& [w, n] : counts)
    if (n >= min_count) v.push_back({-n, w});
  std::stable_sort(v.begin(), v.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::string> out;
  for (auto& p : v) out.push_back(std::move(p.second));
  return out;
}

}  // namespace

int grow_main(int argc, char** argv) {
  if (argc < 6) {
    std::fprintf(stderr, "usage: build_vocab --grow OLD.txt MIN_COUNT OUT.txt text.txt...\n");
    return 2;
  }
  attn::WordPieceVocab v;
  {
    std::ifstream in(argv[2]);
    std::string line;
    while (std::getline(in, line)) v.pieces.push_back(line);
    if (!in.eof() || !v.rebuild_index()) {
      std::fprintf(stderr, "build_vocab: cannot read the vocabulary %s\n", argv[2]);
      return 1;
    }
  }
  const int64_t min_count = std::atoll(argv[3]);
  attn::WordCounts counts;
  long lines = 0;
  for (int i = 5; i < argc; ++i)
    if (!count_file(argv[i], counts, lines)) {
      std::fprintf(stderr, "build_vocab: cannot read %s\n", argv[i]);
      return 1;
    }
  const int old_size = v.size();
  std::vector<int> ids;
  for (const std::string& w : by_frequency(counts, min_count)) {
    ids.clear();
    attn::wordpiece_word(v, attn::decode_utf8(w), ids);
    if (ids.size() < 2 || std::count(ids.begin(), ids.end(), int(attn::kUnkId))) continue;  // whole, or unknown letters
    v.pieces.push_back(w);
  }
  if (!v.rebuild_index()) {
    std::fprintf(stderr, "build_vocab: the grown vocabulary has a duplicate\n");
    return 1;
  }
  std::ofstream out(argv[4]);
  for (const std::string& p : v.pieces) out << p << '\n';
  if (!out) {
    std::fprintf(stderr, "build_vocab: cannot write %s\n", argv[4]);
    return 1;
  }
  std::printf("build_vocab: %ld lines; %d pieces + %d words seen at least %lld times = %d pieces\n", lines, old_size,
              v.size() - old_size, (long long)min_count, v.size());
  return 0;
}

int main(int argc, char** argv) {
  if (argc > 1 && std::string(argv[1]) == "--grow") return grow_main(argc, argv);
  if (argc != 8) {
    std::fprintf(stderr, "usage: build_vocab OUT.txt SIZE MERGES train-en.txt train-vi.txt vi_VN.dic examples.txt\n");
    return 2;
  }
  const auto t0 = std::chrono::steady_clock::now();
  attn::VocabLearnOptions opt;
  opt.vocab_size = std::atoi(argv[2]);
  opt.reserve_for_merges = std::atoi(argv[3]);
  attn::WordCounts en, vi;
  long lines = 0;
  if (!count_file(argv[4], en, lines) || !count_file(argv[5], vi, lines)) {
    std::fprintf(stderr, "build_vocab: cannot read %s or %s\n", argv[4], argv[5]);
    return 1;
  }
  std::ifstream dic(argv[6]);
  if (!dic) {
    std::fprintf(stderr, "build_vocab: cannot read %s\n", argv[6]);
    return 1;
  }
  std::unordered_set<std::string> taken;
  auto take = [&](const std::string& w) {
    if (taken.insert(w).second) opt.whole_words.push_back(w);
  };
  attn::WordCounts examples;
  long example_lines = 0;
  if (!count_file(argv[7], examples, example_lines)) {
    std::fprintf(stderr, "build_vocab: cannot read %s\n", argv[7]);
    return 1;
  }
  for (const auto& [w, n] : examples) take(w);
  const std::size_t from_examples = opt.whole_words.size();
  for (const std::string& w : by_frequency(vi)) take(w);
  const std::size_t vi_corpus = opt.whole_words.size();
  std::string line;
  std::getline(dic, line);  // the entry count
  while (std::getline(dic, line)) {
    const std::string w = attn::nfc_normalize(line.substr(0, line.find('/')));
    if (starts_lower_case(w)) take(w);
  }
  const std::size_t vi_total = opt.whole_words.size();
  for (const std::string& w : by_frequency(en)) take(w);

  attn::WordCounts all = en;
  for (const auto& [w, n] : vi) all[w] += n;
  const attn::WordPieceVocab v = attn::learn_wordpiece(all, opt);
  std::ofstream out(argv[1]);
  for (const std::string& p : v.pieces) out << p << '\n';
  if (!out) {
    std::fprintf(stderr, "build_vocab: cannot write %s\n", argv[1]);
    return 1;
  }
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf(
      "build_vocab: %ld lines, %zu distinct words; whole-word candidates: %zu from the examples, %zu "
      "Vietnamese from the corpus, %zu more from hunspell-vi, %zu English -> %d pieces (longest %d chars) in %.1f s\n",
      lines, all.size(), from_examples, vi_corpus - from_examples, vi_total - vi_corpus,
      opt.whole_words.size() - vi_total, v.size(), v.max_piece_chars, s);
  return 0;
}
