// Native tests of the train run in the URL hash: round trips, only-when-changed, strict and bounded parsing.
#include <doctest/doctest.h>

#include <string>

#include "live_tasks.h"
#include "share_state.h"

using namespace attn;

namespace {
TrainRun a_run() {
  TrainRun t;
  t.task = 1;
  t.seed = 4242;
  t.layers = 2;
  t.heads = 3;
  t.lr = 4;
  t.lr_changes = {{120, 2}, {300, 6}};
  t.step = 450;
  t.speed = 20;
  t.example = 7;
  t.shown_layer = 1;
  t.shown_head = 2;
  return t;
}
}  // namespace

TEST_CASE("a train run round-trips through the hash, learning-rate log included") {
  PlaygroundState s;
  s.view = View::Train;
  s.train = a_run();
  const std::string h = encode_share_state(s);
  CHECK(h.find("task=reverse") != std::string::npos);
  CHECK(h.find("lr=0.01") != std::string::npos);
  CHECK(h.find("lrlog=120_0.001-300_0.1") != std::string::npos);
  CHECK(h.find("trained=450") != std::string::npos);
  PlaygroundState out;
  CHECK(decode_share_state(h, PlaygroundState{}, &out) == ShareNotice::None);
  CHECK(out == s);
  CHECK(out.train.lr_changes.size() == 2);
}

TEST_CASE("the default run is not written, so other links stay as short as before") {
  PlaygroundState s;
  const std::string h = encode_share_state(s);
  for (const char* key : {"task=", "seed=", "trained=", "lr=", "lrlog=", "theads=", "tshow="})
    CHECK(h.find(key) == std::string::npos);
  s.train.step = 1;
  CHECK(encode_share_state(s).find("trained=1") != std::string::npos);
}

TEST_CASE("train fields are parsed strictly and each bad one falls back alone") {
  const PlaygroundState def;
  PlaygroundState out;
  CHECK(decode_share_state("task=crowd&seed=0&theads=5&tlayers=3&trained=20001&speed=0&tex=-1", def, &out) ==
        ShareNotice::Ignored);
  CHECK(out.train == def.train);
  // Only the ladder's learning rates: a near miss is refused rather than rounded.
  CHECK(decode_share_state("lr=0.0031", def, &out) == ShareNotice::Garbage);
  CHECK(decode_share_state("lr=0.03", def, &out) == ShareNotice::None);
  CHECK(out.train.lr == 5);
  CHECK(learning_rate_at(out.train.lr) == 0.03f);
  CHECK(decode_share_state("task=copy&trained=12", def, &out) == ShareNotice::Ignored);
  CHECK(out.train.task == 0);
  CHECK(out.train.step == 12);
  CHECK(decode_share_state("seed=1e3", def, &out) == ShareNotice::Garbage);
  CHECK(decode_share_state("trained=%2D5", def, &out) == ShareNotice::Garbage);
}

TEST_CASE("the learning-rate log: increasing steps, ladder rates, bounded length") {
  const PlaygroundState def;
  PlaygroundState out;
  CHECK(decode_share_state("lrlog=10_0.01-5_0.001", def, &out) == ShareNotice::Garbage);  // not increasing
  CHECK(decode_share_state("lrlog=10_0.01-10_0.001", def, &out) == ShareNotice::Garbage);  // repeated step
  CHECK(decode_share_state("lrlog=0_0.01", def, &out) == ShareNotice::Garbage);  // step 0 is lr=
  CHECK(decode_share_state("lrlog=10_0.02", def, &out) == ShareNotice::Garbage);  // not on the ladder
  CHECK(decode_share_state("lrlog=10_0.01-", def, &out) == ShareNotice::Garbage);  // empty entry
  CHECK(decode_share_state("lrlog=10-0.01", def, &out) == ShareNotice::Garbage);
  std::string longest = "lrlog=", too_long;
  for (int i = 1; i <= kTrainMaxLrChanges; ++i) longest += (i > 1 ? "-" : "") + std::to_string(i) + "_0.001";
  too_long = longest + "-999_0.01";
  CHECK(decode_share_state(longest, def, &out) == ShareNotice::None);
  CHECK(static_cast<int>(out.train.lr_changes.size()) == kTrainMaxLrChanges);
  CHECK(decode_share_state(too_long, def, &out) == ShareNotice::Garbage);
  CHECK(out.train.lr_changes.empty());
}

TEST_CASE("the shown head must exist in the run's model, whatever the order of the keys") {
  const PlaygroundState def;
  PlaygroundState out;
  CHECK(decode_share_state("tshow=0.2&theads=3", def, &out) == ShareNotice::None);
  CHECK(out.train.shown_head == 2);
  CHECK(decode_share_state("tshow=0.2&theads=2", def, &out) == ShareNotice::Ignored);
  CHECK(out.train.shown_layer == -1);
  CHECK(out.train.shown_head == -1);
  CHECK(decode_share_state("tshow=1.0", def, &out) == ShareNotice::Ignored);  // one layer by default
  CHECK(decode_share_state("tshow=auto", def, &out) == ShareNotice::None);
  CHECK(decode_share_state("tshow=0.x", def, &out) == ShareNotice::Garbage);
}

TEST_CASE("a run decoded from a link rebuilds the trainer it describes") {
  PlaygroundState s;
  s.train.task = 0;
  s.train.seed = 5;
  s.train.heads = 2;
  s.train.lr = 4;
  s.train.lr_changes = {{3, 2}};
  s.train.step = 6;
  PlaygroundState out;
  REQUIRE(decode_share_state(encode_share_state(s), PlaygroundState{}, &out) == ShareNotice::None);
  LiveTrainer from_link;
  follow_run(from_link, out.train);
  from_link.step_n(out.train.step);
  LiveSettings direct;
  direct.seed = 5;
  direct.heads = 2;
  direct.lr_index = 4;
  LiveTrainer by_hand(direct);
  by_hand.step_n(3);
  by_hand.set_learning_rate(2);
  by_hand.step_n(3);
  CHECK(from_link.losses() == by_hand.losses());
  TrainRun recorded = out.train;
  record_run(by_hand, &recorded);
  CHECK(recorded == out.train);
}
