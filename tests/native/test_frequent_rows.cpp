// The embedding rows chosen for 8 bits: the most frequent pieces, each language weighing the same.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "frequent_rows.h"
#include "wordpiece.h"

using namespace attn;

TEST_CASE("frequent_rows: the specials, then the pieces by their share of each corpus, ties to the lower id") {
  // English: 8 = 4 times in 10, 9 = 3, 6 = 2, 5 = 1. Vietnamese (half as long): 12 = 3 in 5, 7 = 2.
  const std::vector<int> en = {8, 8, 8, 8, 9, 9, 9, 6, 6, 5};
  const std::vector<int> vi = {12, 12, 12, 7, 7};
  const std::vector<const std::vector<int>*> both = {&en, &vi};
  // Shares: 12 -> 0.6, 8 -> 0.4, 7 -> 0.4, 9 -> 0.3, 6 -> 0.2, 5 -> 0.1.
  const std::vector<uint8_t> f = frequent_rows(both, 14, 8);  // 5 specials + 3 pieces
  REQUIRE(f.size() == 14);
  for (int s = 0; s < kNumSpecial; ++s) CHECK(f[s] == 1);
  CHECK(f[12] == 1);
  CHECK(f[7] == 1);  // 0.4 ties with 8; Vietnamese's smaller corpus counts the same
  CHECK(f[8] == 1);
  CHECK(f[9] == 0);
  CHECK(f[6] == 0);
  int n = 0;
  for (uint8_t x : f) n += x;
  CHECK(n == 8);
  CHECK(flagged_rows(f) == 8);
  // One more row: the next share (9, 0.3). Asking for more than are used stops at the used ones.
  CHECK(frequent_rows(both, 14, 9)[9] == 1);
  const std::vector<uint8_t> all = frequent_rows(both, 14, 100);
  n = 0;
  for (uint8_t x : all) n += x;
  CHECK(n == kNumSpecial + 6);
  CHECK(all[10] == 0);  // never used: no gain from 8 bits
  CHECK(all[13] == 0);
  // Ids outside the vocabulary are ignored, not written out of bounds.
  const std::vector<int> bad = {-1, 99, 6};
  const std::vector<uint8_t> g = frequent_rows({&bad}, 14, 6);
  CHECK(g[6] == 1);
  CHECK(frequent_rows(both, 14, 0) == std::vector<uint8_t>(14, 0));
}

TEST_CASE("the row list file: ids one per line, and anything else refused") {
  std::vector<uint8_t> f(10, 0);
  f[0] = f[3] = f[9] = 1;
  const std::string text = encode_row_list(f);
  CHECK(text == "0\n3\n9\n");
  std::vector<uint8_t> back;
  REQUIRE(decode_row_list(text, 10, &back));
  CHECK(back == f);
  for (const char* bad : {"0\n3\n10\n", "3\n3\n", "-1\n", "x\n", "\n", "1234567890\n", "2 \n"}) {
    CAPTURE(bad);
    std::vector<uint8_t> untouched = {7};
    CHECK(!decode_row_list(bad, 10, &untouched));
    CHECK(untouched == std::vector<uint8_t>{7});
  }
  CHECK(decode_row_list("", 4, &back));  // no row in 8 bits
  CHECK(back == std::vector<uint8_t>(4, 0));
}
