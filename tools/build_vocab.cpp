// Learns the WordPiece vocabulary from the training split: build_vocab train.txt vocab.txt [size].
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>

#include "wordpiece.h"

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: build_vocab train.txt vocab.txt [vocab_size]\n");
    return 2;
  }
  attn::VocabLearnOptions opt;
  if (argc > 3) opt.vocab_size = std::atoi(argv[3]);
  const auto t0 = std::chrono::steady_clock::now();
  std::ifstream in(argv[1]);
  if (!in) {
    std::fprintf(stderr, "build_vocab: cannot read %s\n", argv[1]);
    return 1;
  }
  attn::WordCounts counts;
  std::string line;
  long lines = 0;
  while (std::getline(in, line)) {
    attn::count_words(counts, line);
    ++lines;
  }
  const attn::WordPieceVocab v = attn::learn_wordpiece(counts, opt);
  std::ofstream out(argv[2]);
  for (const std::string& p : v.pieces) out << p << '\n';
  if (!out) {
    std::fprintf(stderr, "build_vocab: cannot write %s\n", argv[2]);
    return 1;
  }
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("build_vocab: %ld lines, %zu distinct words -> %d pieces (longest %d chars) in %.1f s\n",
              lines, counts.size(), v.size(), v.max_piece_chars, s);
  return 0;
}
