// The core's live run: actions write the shared TrainRun, a link's step is retrained exactly, the shown trace is the model's own.
#include <doctest/doctest.h>

#include "live_run.h"
#include "test_helpers.h"
#include "trainer.h"

using namespace attn;
using attn::testing::bit_identical;

TEST_CASE("the live trainer takes the offline Trainer's step: same batch and rate, the same weights bit for bit") {
  LiveTrainer live(live_defaults(LiveTask::Crowd));
  // The same start, by hand: the offline trainer on the live configuration's weights.
  Trainer offline = [] {
    LiveTrainer fresh(live_defaults(LiveTask::Crowd));
    TrainConfig cfg;
    cfg.model = fresh.weights().cfg;
    cfg.weight_decay = 0.01f;
    cfg.clip = 1.0f;
    Trainer t(cfg);
    t.w = fresh.weights();
    return t;
  }();
  for (int step = 0; step < 5; ++step) {
    std::vector<Example> batch;
    for (int b = 0; b < LiveTrainer::kBatch; ++b) batch.push_back(training_example(LiveTask::Crowd, 1, step, b).ex);
    const float warm = std::min(1.0f, (step + 1.0f) / LiveTrainer::kWarmup);
    offline.train_on(batch, learning_rate_at(live.lr_index()) * warm);
  }
  live.step_n(5);
  CHECK(live.step() == 5);
  CHECK(bit_identical(live.weights(), offline.w));
}

TEST_CASE("steps, speed, example and shown head: actions write the shared run; only training changes the step") {
  LiveRun r;
  TrainRun run;
  r.steps_now(run, 30);
  CHECK(run.step == 30);
  CHECK(r.trainer().step() == 30);
  r.set_speed(run, 20);
  r.set_example(run, 3);
  r.set_shown_head(run, 0, 0);
  CHECK(run.speed == 20);
  CHECK(run.example == 3);
  CHECK(run.shown_layer == 0);
  CHECK(r.trainer().step() == 30);  // none of these restarts training
  r.set_shown_head(run, 5, 0);  // no such layer: back to auto
  CHECK(run.shown_layer == -1);
  r.set_speed(run, 1000);
  CHECK(run.speed == kTrainMaxSpeed);
  LiveSettings two = r.trainer().settings();
  two.heads = 2;
  r.restart(run, two);
  CHECK(run.step == 0);
  CHECK(run.heads == 2);
  CHECK(r.trainer().weights().cfg.n_heads == 2);
}

TEST_CASE("a link's run: the trainer catches up in slices to exactly the weights of an uninterrupted run") {
  LiveRun reference;
  TrainRun made;
  reference.steps_now(made, 12);
  reference.set_learning_rate(made, 5);  // a logged change at step 12
  reference.steps_now(made, 28);
  REQUIRE(made.step == 40);
  REQUIRE(made.lr_changes.size() == 1);

  LiveRun opened;
  TrainRun link = made;  // what the link carries
  opened.follow(link);
  CHECK(opened.catching_up());
  CHECK(opened.target_step() == 40);
  int slices = 0;
  while (opened.catching_up() && slices < 1000) {
    opened.frame_slice(link);
    ++slices;
  }
  CHECK(!opened.catching_up());
  CHECK(opened.trainer().step() == 40);
  CHECK(link.step == 40);
  CHECK(bit_identical(opened.trainer().weights(), reference.trainer().weights()));
  CHECK(opened.trainer().losses() == reference.trainer().losses());
  // Paused and caught up, a slice trains nothing.
  opened.frame_slice(link);
  CHECK(opened.trainer().step() == 40);
}

TEST_CASE("the shown example's trace is the current weights' forward pass, recomputed only after a change") {
  LiveRun r;
  TrainRun run;
  r.steps_now(run, 10);
  r.refresh_shown(run);
  const uint64_t rev = r.shown_revision();
  ModelTrace want;
  model_forward(want, r.trainer().weights(), r.shown().ex.input, AttentionOptions{}, true);
  REQUIRE(r.shown_trace().layers.size() == want.layers.size());
  CHECK(r.shown_trace().layers[0].attn.heads[0].weights == want.layers[0].attn.heads[0].weights);
  r.refresh_shown(run);
  CHECK(r.shown_revision() == rev);  // nothing changed
  r.steps_now(run, 1);
  r.refresh_shown(run);
  CHECK(r.shown_revision() == rev + 1);  // one more step: new weights
  r.set_example(run, 2);
  r.refresh_shown(run);
  CHECK(r.shown_revision() == rev + 2);  // another example
  CHECK(r.shown().ex.input == shown_example(LiveTask::Crowd, 2).ex.input);
  // The query row: the task's asking row unless the reader chose one.
  CHECK(r.query_row() == r.shown().ex.positions[0]);
  r.set_query_row(1);
  CHECK(r.query_row() == 1);
}
