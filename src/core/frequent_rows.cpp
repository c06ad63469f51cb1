// The most frequent pieces' embedding rows, chosen for 8 bits, and their list file.
#include "frequent_rows.h"

#include <algorithm>
#include <numeric>
#include <sstream>

#include "wordpiece.h"  // kNumSpecial

namespace attn {

std::vector<uint8_t> frequent_rows(const std::vector<const std::vector<int>*>& corpora, int vocab_size, int count) {
  std::vector<uint8_t> flags(static_cast<std::size_t>(std::max(vocab_size, 0)), 0);
  if (vocab_size <= 0 || count <= 0) return flags;
  std::vector<double> share(flags.size(), 0.0);
  for (const std::vector<int>* ids : corpora) {
    if (!ids || ids->empty()) continue;
    const double w = 1.0 / static_cast<double>(ids->size());
    for (int id : *ids)
      if (id >= 0 && id < vocab_size) share[id] += w;
  }
  std::vector<int> order(flags.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return share[a] > share[b]; });
  int left = count;
  for (int s = 0; s < kNumSpecial && s < vocab_size && left > 0; ++s, --left) flags[s] = 1;
  for (int id : order) {
    if (left == 0 || share[id] == 0.0) break;  // a piece no corpus uses gains nothing from 8 bits
    if (!flags[id]) {
      flags[id] = 1;
      --left;
    }
  }
  return flags;
}

long flagged_rows(const std::vector<uint8_t>& flags) {
  return static_cast<long>(std::count_if(flags.begin(), flags.end(), [](uint8_t f) { return f != 0; }));
}

std::string encode_row_list(const std::vector<uint8_t>& flags) {
  std::string out;
  for (std::size_t i = 0; i < flags.size(); ++i)
    if (flags[i]) out += std::to_string(i) + "\n";
  return out;
}

bool decode_row_list(const std::string& text, int vocab_size, std::vector<uint8_t>* flags) {
  if (vocab_size <= 0) return false;
  std::vector<uint8_t> got(static_cast<std::size_t>(vocab_size), 0);
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line.size() > 9 || line.find_first_not_of("0123456789") != std::string::npos) return false;
    const long id = std::stol(line);
    if (id >= vocab_size || got[id]) return false;
    got[id] = 1;
  }
  *flags = std::move(got);
  return true;
}

}  // namespace attn
