// The train view's tiny model learns its tasks within a fixed number of steps (never timed), bit for bit repeatably.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <set>

#include "live_tasks.h"
#include "model_backward.h"
#include "test_helpers.h"

using namespace attn;
using attn::testing::bit_identical;

namespace {

// Trains in slices of 100 steps up to `budget`; returns the first step at which `examples` fresh
// examples are answered with at least `target` accuracy (-1 if never), and leaves t at `budget`.
int64_t steps_to_accuracy(LiveTrainer& t, double target, int64_t budget, int examples) {
  int64_t reached = -1;
  while (t.step() < budget) {
    t.step_n(100);
    if (reached < 0 && evaluate_live(t.weights(), t.settings().task, examples).accuracy >= target) reached = t.step();
  }
  return reached;
}

}  // namespace

TEST_CASE("crowd examples: one person token each, a unique answer, the right person as target") {
  const LiveVocab& v = live_vocab(LiveTask::Crowd);
  CHECK(v.size() == kCrowdNames * kCrowdColours * kCrowdColours + 2 * kCrowdColours);
  for (int i = 0; i < 200; ++i) {
    const LiveExample e = training_example(LiveTask::Crowd, 7, i, i % 3);
    REQUIRE(e.ex.input.size() == static_cast<std::size_t>(kCrowdPeople + 1));
    REQUIRE(e.ex.positions.size() == 1);
    CHECK(e.ex.positions[0] == kCrowdPeople);
    const CrowdLook ask = crowd_look(e.ex.input.back());
    REQUIRE(ask.question);
    int matches = 0;
    std::set<int> hats, shirts;
    for (int p = 0; p < kCrowdPeople; ++p) {
      const CrowdLook look = crowd_look(e.ex.input[p]);
      REQUIRE(!look.question);
      hats.insert(look.hat);
      shirts.insert(look.shirt);
      if ((ask.hat >= 0 && look.hat == ask.hat) || (ask.shirt >= 0 && look.shirt == ask.shirt)) {
        ++matches;
        CHECK(e.answers[0].contains(p));
        CHECK(e.ex.targets[0] == e.ex.input[p]);
      }
    }
    CHECK(matches == 1);
    CHECK(hats.size() == static_cast<std::size_t>(kCrowdPeople));
    CHECK(shirts.size() == static_cast<std::size_t>(kCrowdPeople));
  }
  // The reader's first example is the article's: who wears the red hat?
  const LiveExample shown = shown_example(LiveTask::Crowd, 0);
  CHECK(crowd_look(shown.ex.input.back()).hat == 0);
  CHECK(std::string(v.text(shown.ex.input.back(), Lang::En)) == "? red hat");
  CHECK(std::string(v.text(shown.ex.input.back(), Lang::Vi)) == "? mũ đỏ");
}

TEST_CASE("reverse examples: the blanks' targets are the letters back to front") {
  const LiveExample e = fresh_example(LiveTask::Reverse, 3);
  REQUIRE(e.ex.input.size() == static_cast<std::size_t>(2 * kReverseLetters + 1));
  REQUIRE(e.ex.positions.size() == static_cast<std::size_t>(kReverseLetters));
  for (int i = 0; i < kReverseLetters; ++i) {
    CHECK(e.ex.targets[i] == e.ex.input[kReverseLetters - 1 - i]);
    CHECK(e.answers[i].begin == kReverseLetters - 1 - i);
  }
}

TEST_CASE("examples are pure functions of (seed, step, b); training and fresh streams differ") {
  const LiveExample a = training_example(LiveTask::Crowd, 3, 41, 5), b = training_example(LiveTask::Crowd, 3, 41, 5);
  CHECK(a.ex.input == b.ex.input);
  int same = 0;
  for (int i = 0; i < 50; ++i)
    same += training_example(LiveTask::Crowd, 3, i, 0).ex.input == fresh_example(LiveTask::Crowd, i).ex.input;
  CHECK(same < 3);
  CHECK(training_example(LiveTask::Crowd, 4, 41, 5).ex.input != a.ex.input);
}

TEST_CASE("the crowd task with default settings: >= 95% on fresh examples within 800 steps, attention > 0.8") {
  LiveTrainer t;  // crowd, seed 1, one layer, one head, learning rate 0.003
  const auto t0 = std::chrono::steady_clock::now();
  const int64_t reached = steps_to_accuracy(t, 0.95, 800, 500);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const LiveEval e = evaluate_live(t.weights(), LiveTask::Crowd, 500);
  MESSAGE("crowd: 95% at step " << reached << "; at 800: accuracy " << e.accuracy << ", attention on the right person "
                                << e.answer_attention << " (head " << e.best_head << "); " << 800 / seconds
                                << " steps/s incl. evaluation");
  CHECK(reached > 0);
  CHECK(reached <= 800);
  CHECK(e.accuracy >= 0.95);
  CHECK(e.answer_attention > 0.8);
  // The curves the view draws went the right way.
  CHECK(t.losses().size() == 800);
  CHECK(t.evals().front().accuracy < 0.5f);
  CHECK(t.evals().back().accuracy > 0.9f);
  CHECK(t.evals().back().step == 800);
}

TEST_CASE("the reverse task with its default settings: >= 95% within 700 steps") {
  LiveTrainer t(live_defaults(LiveTask::Reverse));
  const int64_t reached = steps_to_accuracy(t, 0.95, 700, 200);
  MESSAGE("reverse: 95% at step " << reached);
  CHECK(reached > 0);
  CHECK(reached <= 700);
}

TEST_CASE("the same seed gives bit-identical weights; another seed does not; reset is a fresh start") {
  LiveSettings s;
  s.heads = 2;
  LiveTrainer a(s), b(s);
  a.step_n(40);
  b.step_n(25);
  b.step_n(15);  // slices do not matter
  CHECK(bit_identical(a.weights(), b.weights()));
  CHECK(a.losses() == b.losses());
  s.seed = 2;
  LiveTrainer c(s);
  c.step_n(40);
  CHECK_FALSE(bit_identical(a.weights(), c.weights()));
  c.reset(1);
  CHECK(c.step() == 0);
  CHECK(c.losses().empty());
  CHECK(c.evals().size() == 1);
  c.step_n(40);
  CHECK(bit_identical(a.weights(), c.weights()));
}

TEST_CASE("a learning-rate change is logged and a link's run replays it exactly") {
  LiveTrainer live;
  live.step_n(30);
  CHECK(live.set_learning_rate(5));
  live.step_n(20);
  CHECK(live.set_learning_rate(2));
  live.step_n(10);
  REQUIRE(live.lr_changes().size() == 2);
  CHECK(live.lr_changes()[0] == LrChange{30, 5});
  CHECK(live.lr_index() == 2);
  TrainRun run;
  record_run(live, &run);
  CHECK(run.step == 60);
  // A reader opening the link: the view follows the run and trains up to its step.
  LiveTrainer replay;
  follow_run(replay, run);
  while (replay.step() < run.step) replay.step_n(static_cast<int>(std::min<int64_t>(7, run.step - replay.step())));
  CHECK(bit_identical(live.weights(), replay.weights()));
  // Following the same run again does not start over; a different seed does.
  follow_run(replay, run);
  CHECK(replay.step() == 60);
  run.seed = 9;
  follow_run(replay, run);
  CHECK(replay.step() == 0);
  CHECK(replay.settings().seed == 9);
  // A run asking for fewer steps than done starts over too (the steps cannot be undone).
  LiveTrainer ahead;
  ahead.step_n(10);
  TrainRun shorter;
  shorter.step = 5;
  follow_run(ahead, shorter);
  CHECK(ahead.step() == 0);
}

TEST_CASE("the learning-rate log is bounded and a change at step 0 is the starting rate") {
  LiveTrainer t;
  CHECK(t.set_learning_rate(1));
  CHECK(t.settings().lr_index == 1);
  CHECK(t.lr_changes().empty());
  for (int i = 0; i < kMaxLrChanges; ++i) {
    t.step_n(1);
    CHECK(t.set_learning_rate(i % 2 ? 1 : 4));
  }
  CHECK(static_cast<int>(t.lr_changes().size()) == kMaxLrChanges);
  t.step_n(1);
  CHECK_FALSE(t.set_learning_rate(4));  // full: the rate stays, so a link can still repeat the run
  CHECK(t.lr_index() == 1);
  CHECK(t.set_learning_rate(1));  // no change needed
}
