// WordPiece vocabulary learning (pair merges over word counts) and greedy longest-match encoding.
#include "wordpiece.h"

#include <algorithm>

#include "unicode.h"

namespace attn {

const char* const kSpecialPieces[kNumSpecial] = {"[PAD]", "[UNK]", "[MASK]", "[SEP]", "[CLS]"};

namespace {
bool starts_with_hashes(const std::string& s) { return s.size() >= 2 && s[0] == '#' && s[1] == '#'; }
std::size_t count_code_points(std::string_view s) { return decode_utf8(s).size(); }
}  // namespace

int WordPieceVocab::id(const std::string& piece) const {
  auto it = index.find(piece);
  return it == index.end() ? -1 : it->second;
}

bool WordPieceVocab::rebuild_index() {
  index.clear();
  max_piece_chars = 1;
  if (pieces.size() < kNumSpecial) return false;
  for (int i = 0; i < kNumSpecial; ++i)
    if (pieces[i] != kSpecialPieces[i]) return false;
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    if (pieces[i].empty() || !index.emplace(pieces[i], static_cast<int>(i)).second) return false;
    if (i >= kNumSpecial) {
      const std::string& p = pieces[i];
      const std::size_t chars = count_code_points(starts_with_hashes(p) ? std::string_view(p).substr(2) : p);
      if (chars == 0) return false;  // "##" alone would match nothing
      max_piece_chars = std::max(max_piece_chars, static_cast<int>(chars));
    }
  }
  return true;
}

std::string WordPieceVocab::display(int i) const {
  if (i < 0 || i >= size()) return "";
  const std::string& p = pieces[i];
  return (i >= kNumSpecial && starts_with_hashes(p)) ? p.substr(2) : p;
}

bool WordPieceVocab::is_continuation(int i) const {
  return i >= kNumSpecial && i < size() && starts_with_hashes(pieces[i]);
}

void count_words(WordCounts& counts, std::string_view line) {
  const TokenizedText t = tokenize_words(line, static_cast<std::size_t>(-1));
  for (const Token& w : t.tokens) ++counts[w.text];
}

// ---- learning ------------------------------------------------------------------------------

namespace {

using PairKey = uint64_t;  // (left id << 32) | right id
PairKey pair_key(int a, int b) { return (uint64_t(uint32_t(a)) << 32) | uint32_t(b); }

struct Learner {
  const VocabLearnOptions& opt;
  WordPieceVocab vocab;
  std::vector<int> piece_chars;  // [vocab] code points per piece, "##" excluded
  std::vector<std::vector<int>> words;  // [unique words] current pieces; -1 = no piece
  std::vector<int64_t> freq;  // [unique words]
  std::unordered_map<PairKey, int64_t> pair_count;  // occurrences weighted by word frequency
  std::unordered_map<PairKey, std::vector<int>> pair_words;  // pair -> words that had it (may be stale)

  explicit Learner(const VocabLearnOptions& o) : opt(o) {}

  int add_piece(const std::string& s, int chars) {
    auto it = vocab.index.find(s);
    if (it != vocab.index.end()) return it->second;
    const int id = vocab.size();
    vocab.pieces.push_back(s);
    vocab.index.emplace(s, id);
    piece_chars.push_back(chars);
    return id;
  }

  void count_pairs(int w, int64_t sign) {
    const std::vector<int>& s = words[w];
    for (std::size_t i = 0; i + 1 < s.size(); ++i) {
      if (s[i] < 0 || s[i + 1] < 0) continue;
      const PairKey k = pair_key(s[i], s[i + 1]);
      int64_t& c = pair_count[k];
      c += sign * freq[w];
      if (sign > 0) pair_words[k].push_back(w);
      if (c == 0) pair_count.erase(k);  // keeps the per-merge scan short
    }
  }
};

}  // namespace

WordPieceVocab learn_wordpiece(const WordCounts& counts, const VocabLearnOptions& opt) {
  Learner L(opt);
  for (int i = 0; i < kNumSpecial; ++i) L.add_piece(kSpecialPieces[i], 0);

  // 1. The alphabet: characters seen at least min_char_count times, most frequent first.
  std::map<char32_t, int64_t> char_count;
  std::vector<std::u32string> decoded;
  decoded.reserve(counts.size());
  for (const auto& [word, n] : counts) {
    decoded.push_back(decode_utf8(word));
    for (char32_t c : decoded.back()) char_count[c] += n;
  }
  std::vector<std::pair<int64_t, char32_t>> chars;
  for (const auto& [c, n] : char_count)
    if (n >= opt.min_char_count) chars.push_back({-n, c});
  std::sort(chars.begin(), chars.end());
  std::unordered_map<char32_t, std::pair<int, int>> char_ids;  // char -> (initial id, "##" id)
  for (const auto& [neg, c] : chars) {
    std::string s;
    append_utf8(s, c);
    const int first = L.add_piece(s, 1);
    const int cont = L.add_piece("##" + s, 1);
    char_ids[c] = {first, cont};
  }

  // 2. Whole words, while there is room (they never take the place of a character).
  for (const std::string& word : opt.whole_words) {
    if (L.vocab.size() >= opt.vocab_size - opt.reserve_for_merges) break;
    const TokenizedText t = tokenize_words(word, 2);
    if (t.tokens.size() != 1 || t.tokens[0].text != word) continue;
    const std::u32string cps = decode_utf8(word);
    bool known = true;
    for (char32_t c : cps) known = known && char_ids.count(c) > 0;
    if (known && cps.size() > 1) L.add_piece(word, static_cast<int>(cps.size()));
  }

  // 3. Every other word as its characters' pieces, and the initial pair counts.
  std::size_t wi = 0;
  for (const auto& [word, n] : counts) {
    const std::u32string& cps = decoded[wi++];
    if (L.vocab.index.count(word)) continue;  // already a whole piece: nothing to merge inside it
    std::vector<int> s;
    s.reserve(cps.size());
    for (std::size_t i = 0; i < cps.size(); ++i) {
      auto it = char_ids.find(cps[i]);
      s.push_back(it == char_ids.end() ? -1 : (i == 0 ? it->second.first : it->second.second));
    }
    L.words.push_back(std::move(s));
    L.freq.push_back(n);
  }
  for (std::size_t w = 0; w < L.words.size(); ++w) L.count_pairs(static_cast<int>(w), +1);

  // 4. Merge the most frequent pair until the vocabulary is full.
  std::vector<int> seen_at(L.words.size(), -1);  // last merge round a word was rewritten in
  for (int round = 0; L.vocab.size() < opt.vocab_size; ++round) {
    PairKey best = 0;
    int64_t best_count = 0;
    for (const auto& [k, c] : L.pair_count)
      if (c > best_count || (c == best_count && k < best)) best = k, best_count = c;
    if (best_count < opt.min_pair_count) break;
    const int a = static_cast<int>(best >> 32), b = static_cast<int>(best & 0xffffffffu);
    std::vector<int> affected = std::move(L.pair_words[best]);
    L.pair_words.erase(best);
    if (L.piece_chars[a] + L.piece_chars[b] > opt.max_piece_chars) {
      L.pair_count.erase(best);  // too long to ever become a piece: forget this pair
      continue;
    }
    const std::string& right = L.vocab.pieces[b];
    const int merged = L.add_piece(L.vocab.pieces[a] + right.substr(2), L.piece_chars[a] + L.piece_chars[b]);
    for (int w : affected) {
      if (seen_at[w] == round) continue;
      seen_at[w] = round;
      std::vector<int>& s = L.words[w];
      bool has = false;
      for (std::size_t i = 0; i + 1 < s.size() && !has; ++i) has = s[i] == a && s[i + 1] == b;
      if (!has) continue;  // a stale index entry: an earlier merge already consumed the pair
      L.count_pairs(w, -1);
      std::vector<int> out;
      out.reserve(s.size());
      for (std::size_t i = 0; i < s.size(); ++i) {
        if (i + 1 < s.size() && s[i] == a && s[i + 1] == b) {
          out.push_back(merged);
          ++i;
        } else {
          out.push_back(s[i]);
        }
      }
      s = std::move(out);
      L.count_pairs(w, +1);
    }
    L.pair_count.erase(best);
  }
  L.vocab.rebuild_index();
  return L.vocab;
}

// ---- encoding ------------------------------------------------------------------------------

void wordpiece_word(const WordPieceVocab& v, std::u32string_view word, std::vector<int>& ids,
                    std::vector<int>* piece_chars) {
  // UTF-8 of the word with the byte offset of every code point, so candidates are substrings.
  std::string utf8;
  std::vector<std::size_t> at(word.size() + 1);
  for (std::size_t i = 0; i < word.size(); ++i) {
    at[i] = utf8.size();
    append_utf8(utf8, word[i]);
  }
  at[word.size()] = utf8.size();
  // A capitalised word may use the lower-case form of a word-initial piece when the vocabulary
  // has no capitalised one ("Mèo" -> the piece "mèo"): one piece per syllable at a sentence start
  // without a second copy of every syllable. The reader still sees the text as typed.
  std::string folded_first;
  if (!word.empty() && simple_lowercase(word[0]) != word[0]) append_utf8(folded_first, simple_lowercase(word[0]));
  std::string key;
  std::size_t i = 0;
  auto lookup = [&](const std::string& k) {
    auto it = v.index.find(k);
    return it != v.index.end() && it->second >= kNumSpecial ? it->second : -1;
  };
  while (i < word.size()) {
    const std::size_t longest = std::min(word.size(), i + static_cast<std::size_t>(v.max_piece_chars));
    int found = -1;
    std::size_t j = longest;
    for (; j > i; --j) {
      key.assign(i == 0 ? "" : "##");
      key.append(utf8, at[i], at[j] - at[i]);
      found = lookup(key);
      if (found < 0 && i == 0 && !folded_first.empty()) {
        key.replace(0, at[1], folded_first);
        found = lookup(key);
      }
      if (found >= 0) break;
    }
    if (found < 0) {  // no piece starts with this character: [UNK] for it alone
      found = kUnkId;
      j = i + 1;
    }
    ids.push_back(found);
    if (piece_chars) piece_chars->push_back(static_cast<int>(j - i));
    i = j;
  }
}

void wordpiece_ids(const WordPieceVocab& v, std::string_view text, std::vector<int>& ids) {
  const TokenizedText words = tokenize_words(text, static_cast<std::size_t>(-1));
  for (const Token& w : words.tokens) wordpiece_word(v, decode_utf8(w.text), ids);
}

TokenizedText wordpiece_encode(const WordPieceVocab& v, std::string_view text, std::size_t max_pieces) {
  // Words first (bounded: every word has at least one piece, so more words than max_pieces are
  // never needed for storage, but total counts are kept by tokenize_words).
  const TokenizedText words = tokenize_words(text, max_pieces);
  TokenizedText out;
  out.normalized = words.normalized;
  std::vector<int> ids, chars;
  std::size_t total = 0;
  for (const Token& w : words.tokens) {
    const std::u32string cps = decode_utf8(w.text);
    ids.clear();
    chars.clear();
    wordpiece_word(v, cps, ids, &chars);
    total += ids.size();
    // Where each code point of the word came from in the original text. NFC of the word's own
    // bytes equals the word's text (words start and end at character boundaries); if it ever did
    // not, every piece falls back to the whole word's span.
    const NormalizedText src = nfc_normalize_with_sources(text.substr(w.begin, w.end - w.begin));
    const bool spans_ok = src.code_points == cps;
    std::size_t c = 0, prev_end = w.begin;
    for (std::size_t k = 0; k < ids.size(); ++k) {
      Token p;
      p.id = ids[k];
      p.joins_previous = k > 0;
      p.text = encode_utf8(std::u32string_view(cps).substr(c, chars[k]));
      if (spans_ok) {
        std::size_t b = src.sources[c].begin, e = src.sources[c].end;
        for (int m = 0; m < chars[k]; ++m) {
          b = std::min(b, src.sources[c + m].begin);
          e = std::max(e, src.sources[c + m].end);
        }
        // Spans stay in order and disjoint even when a combining sequence was split.
        p.begin = std::max(w.begin + b, prev_end);
        p.end = std::max(w.begin + e, p.begin);
      } else {
        p.begin = w.begin;
        p.end = w.end;
      }
      prev_end = p.end;
      c += chars[k];
      if (out.tokens.size() < max_pieces) out.tokens.push_back(std::move(p));
    }
  }
  // Words past the first max_pieces were not split, but each has at least one piece.
  out.total_tokens = total + (words.total_tokens - words.tokens.size());
  out.truncated = out.total_tokens > out.tokens.size();
  return out;
}

}  // namespace attn
