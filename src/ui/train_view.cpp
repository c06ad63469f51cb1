// `train`: a tiny attention model learns a task live; the reader plays, pauses, steps and watches attention sharpen.
#include <algorithm>
#include <cstdio>
#include <string>

#include "i18n.h"
#include "train_parts.h"
#include "theme_style.h"

namespace ui {

namespace {
using attn::Lang;
using attn::LiveTask;

void same_line_if_fits(float next_width) {
  ImGui::SameLine();
  if (ImGui::GetContentRegionAvail().x < next_width) ImGui::NewLine();
}

float button_width(const char* label) { return ImGui::CalcTextSize(label).x + ImGui::GetStyle().FramePadding.x * 2; }

void tooltip(Str help, Lang lang) { train_help_tooltip(tr(help, lang)); }

// "Label: [1] [2] [3]": touch-sized buttons, the current one highlighted and framed.
int option_row(const char* id, const char* label, int current, int lo, int hi) {
  ImGui::PushID(id);
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(label);
  int chosen = current;
  for (int v = lo; v <= hi; ++v) {
    char text[8];
    std::snprintf(text, sizeof text, " %d ", v);
    ImGui::SameLine();
    const bool active = v == current;
    if (active) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
    if (ImGui::Button(text)) chosen = v;
    if (active) ImGui::PopStyleColor();
  }
  ImGui::PopID();
  return chosen;
}

// A new seed that is a pure function of the old one: runs stay reproducible from the link alone.
int next_seed(int seed) {
  const uint64_t mixed = static_cast<uint64_t>(seed) * 2654435761ull + 0x9E37ull;
  return static_cast<int>(mixed % attn::kTrainMaxSeed) + 1;
}

void draw_toolbar(UiContext& ctx) {
  attn::Session& s = *ctx.session;
  const attn::LiveRun& run = s.live();
  const Lang lang = s.state().lang;
  const char* play = tr(run.playing() ? Str::TrainPause : Str::TrainPlay, lang);
  if (ImGui::Button(play)) s.train_play(!run.playing());
  const char* step = tr(Str::TrainStepOnce, lang);
  same_line_if_fits(button_width(step));
  if (ImGui::Button(step)) s.train_steps(1);
  const char* reset = tr(Str::TrainReset, lang);
  same_line_if_fits(button_width(reset));
  if (ImGui::Button(reset)) s.train_reset(0);
  tooltip(Str::TrainResetHelp, lang);
  const char* seed = tr(Str::TrainNewSeed, lang);
  same_line_if_fits(button_width(seed));
  if (ImGui::Button(seed)) s.train_reset(next_seed(static_cast<int>(run.trainer().settings().seed)));
  tooltip(Str::TrainNewSeedHelp, lang);
  term_help(ctx, {Term::Seed});
  char buf[64];
  std::snprintf(buf, sizeof buf, tr(Str::TrainStatus, lang), static_cast<int>(run.trainer().step()),
                static_cast<int>(run.trainer().settings().seed));
  std::string status = buf;
  if (run.playing() && run.timings().steps_per_second > 0) {
    std::snprintf(buf, sizeof buf, tr(Str::TrainPerf, lang), run.timings().steps_per_second);
    status += std::string(" · ") + buf;
  }
  same_line_if_fits(ImGui::CalcTextSize(status.c_str()).x);
  ImGui::AlignTextToFramePadding();
  ImGui::TextDisabled("%s", status.c_str());
}

void draw_settings(UiContext& ctx) {
  attn::Session& session = *ctx.session;
  const Lang lang = session.state().lang;
  attn::LiveSettings s = session.live().trainer().settings();
  const float font = ImGui::GetFontSize();

  const char* tasks[] = {tr(Str::TrainTaskCrowd, lang), tr(Str::TrainTaskReverse, lang)};
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(tr(Str::TrainTask, lang));
  ImGui::SameLine();
  ImGui::SetNextItemWidth(std::min(ImGui::GetContentRegionAvail().x, font * 15));
  int task = static_cast<int>(s.task);
  if (ImGui::Combo("##task", &task, tasks, attn::kLiveTaskCount) && task != static_cast<int>(s.task)) {
    // The new task's own head count; the seed, layers and learning rate stay the reader's.
    attn::LiveSettings next = attn::live_defaults(static_cast<LiveTask>(task));
    next.seed = s.seed;
    next.layers = s.layers;
    next.lr_index = s.lr_index;
    session.train_restart(next);
    s = next;
  }
  tooltip(s.task == LiveTask::Crowd ? Str::TrainTaskCrowdHelp : Str::TrainTaskReverseHelp, lang);

  same_line_if_fits(font * 7);
  const int layers = option_row("layers", tr(Str::TrainLayers, lang), s.layers, 1, 2);
  same_line_if_fits(font * 11);
  const int heads = option_row("heads", tr(Str::TrainHeads, lang), s.heads, 1, 4);
  if (layers != s.layers || heads != s.heads) {
    s.layers = layers;
    s.heads = heads;
    session.train_restart(s);  // a different shape is a different model: it starts over
  }

  // The learning rate: a ladder of values, shown as numbers.
  int lr = session.live().trainer().lr_index();
  char lr_text[32];
  std::snprintf(lr_text, sizeof lr_text, "%g", static_cast<double>(attn::learning_rate_at(lr)));
  const char* lr_label = tr(Str::TrainLearningRate, lang);
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(lr_label);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(std::min(ImGui::GetContentRegionAvail().x, font * 9));
  if (ImGui::SliderInt("##lr", &lr, 0, attn::kLearningRateCount - 1, lr_text, ImGuiSliderFlags_AlwaysClamp))
    session.train_set_learning_rate(lr);
  tooltip(Str::TrainLearningRateHelp, lang);
  term_help(ctx, {Term::LearningRate, Term::Loss});
  const char* speed_label = tr(Str::TrainSpeed, lang);
  same_line_if_fits(ImGui::CalcTextSize(speed_label).x + font * 9);
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(speed_label);
  ImGui::SameLine();
  int speed = session.state().train.speed;
  ImGui::SetNextItemWidth(std::min(ImGui::GetContentRegionAvail().x, font * 8));
  if (ImGui::SliderInt("##speed", &speed, 1, attn::kTrainMaxSpeed, "%d", ImGuiSliderFlags_AlwaysClamp))
    session.train_set_speed(speed);
  tooltip(Str::TrainSpeedHelp, lang);
}

// What just happened, in one or two sentences with the measured numbers.
std::string train_sentence(UiContext& ctx, int layer, int head) {
  const attn::LiveRun& t = ctx.session->live();
  const Lang lang = ctx.session->state().lang;
  const LiveTask task = t.trainer().settings().task;
  const attn::LiveVocab& vocab = attn::live_vocab(task);
  const attn::LiveEval& e = t.trainer().last_eval();
  char buf[640];
  const int step = static_cast<int>(t.trainer().step());
  if (t.catching_up()) {
    std::snprintf(buf, sizeof buf, tr(Str::TrainCatchingUp, lang), t.target_step(), step, t.target_step());
    return buf;
  }
  if (step == 0) {
    return std::string(tr(task == LiveTask::Crowd ? Str::TrainTaskCrowdHelp : Str::TrainTaskReverseHelp, lang)) + " " +
           tr(Str::TrainSentenceStart, lang);
  }
  const std::vector<int>& ids = t.shown().ex.input;
  const attn::Mat& W = t.shown_trace().layers[layer].attn.heads[head].weights;
  // The asking row: the reader's, when it is one that has an answer; else the first.
  std::size_t a = 0;
  for (std::size_t i = 0; i < t.shown().ex.positions.size(); ++i)
    if (t.shown().ex.positions[i] == t.query_row()) a = i;
  const int row = t.shown().ex.positions[a];
  const attn::Span answer = t.shown().answers[a];
  const float on_answer = attn::weight_on(t.shown_trace(), layer, head, row, answer);
  Eigen::Index most = 0;
  W.row(row).maxCoeff(&most);
  const double acc = e.accuracy * 100, att = e.answer_attention * 100;
  if (task == LiveTask::Crowd) {
    const attn::CrowdLook ask = attn::crowd_look(ids[row]);
    const attn::CrowdLook right = attn::crowd_look(ids[answer.begin]);
    const char* feature = attn::crowd_feature_text(ask.hat >= 0, ask.hat >= 0 ? ask.hat : ask.shirt, lang);
    if (answer.contains(static_cast<int>(most))) {
      std::snprintf(buf, sizeof buf, tr(Str::TrainSentenceCrowd, lang), step, vocab.text(ids[row], lang),
                    static_cast<double>(on_answer * 100), attn::crowd_name(right.name), feature, acc, att);
    } else {
      std::snprintf(buf, sizeof buf, tr(Str::TrainSentenceCrowdMiss, lang), step, vocab.text(ids[row], lang),
                    attn::crowd_name(attn::crowd_look(ids[most]).name), static_cast<double>(W(row, most) * 100),
                    feature, attn::crowd_name(right.name), acc);
    }
  } else {
    std::snprintf(buf, sizeof buf, tr(Str::TrainSentenceReverse, lang), step, static_cast<int>(a) + 1,
                  static_cast<double>(on_answer * 100), vocab.text(ids[answer.begin], lang), acc, att);
  }
  return buf;
}

// Phones: [Attention map] [Q and K] first, on the same line as the example; desktops name it.
void draw_panel_switch(TrainUi& t, Lang lang) {
  for (int p = 0; p < 2; ++p) {
    const char* label = tr(p == 0 ? Str::TrainPanelHeatmap : Str::TrainPanelQK, lang);
    if (p) same_line_if_fits(button_width(label));
    const bool active = t.compact_panel == p;
    if (active) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
    if (ImGui::Button(label)) t.compact_panel = p;
    if (active) ImGui::PopStyleColor();
    train_help_tooltip(tr(p == 0 ? Str::TrainHeatmapHelp : Str::TrainQKHelp, lang));
  }
}

// "Example 3 [Another example]   [head chooser]"
void draw_example_row(UiContext& ctx, int layer, int head) {
  TrainUi& t = ctx.train;
  attn::Session& session = *ctx.session;
  const Lang lang = session.state().lang;
  attn::TrainRun run = ctx.session->state().train;
  char label[64];
  const char* another = tr(Str::TrainAnotherExample, lang);
  if (ctx.compact) {
    draw_panel_switch(t, lang);
    same_line_if_fits(button_width(another));
  } else {
    std::snprintf(label, sizeof label, tr(Str::TrainExample, lang), run.example + 1);
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(label);
    train_help_tooltip(tr(Str::TrainHeatmapHelp, lang));
    ImGui::SameLine();
  }
  if (ImGui::Button(another)) session.train_set_example((run.example + 1) % (attn::kTrainMaxExample + 1));
  const attn::ModelConfig& c = session.live().trainer().weights().cfg;
  if (c.n_layers * c.n_heads <= 1) return;
  char current[64];
  if (run.shown_layer < 0)
    std::snprintf(current, sizeof current, "%s", tr(Str::TrainHeadAuto, lang));
  else
    std::snprintf(current, sizeof current, tr(Str::TrainHeadLabel, lang), layer + 1, head + 1);
  const float w = std::min(ImGui::CalcTextSize(tr(Str::TrainHeadAuto, lang)).x + ImGui::GetFrameHeight() +
                               ImGui::GetStyle().FramePadding.x * 3,
                           ImGui::GetContentRegionMax().x);
  same_line_if_fits(w);
  ImGui::SetNextItemWidth(w);
  if (ImGui::BeginCombo("##train_head", current)) {
    if (ImGui::Selectable(tr(Str::TrainHeadAuto, lang), run.shown_layer < 0)) session.train_set_shown_head(-1, -1);
    for (int l = 0; l < c.n_layers; ++l)
      for (int h = 0; h < c.n_heads; ++h) {
        std::snprintf(label, sizeof label, tr(Str::TrainHeadLabel, lang), l + 1, h + 1);
        if (ImGui::Selectable(label, run.shown_layer == l && run.shown_head == h)) session.train_set_shown_head(l, h);
      }
    ImGui::EndCombo();
  }
  term_help(ctx, {Term::Head, Term::Layer});
}
}  // namespace

void draw_train_view(UiContext& ctx, ImVec2 size) {
  TrainUi& t = ctx.train;
  const Lang lang = ctx.session->state().lang;
  const float font = ImGui::GetFontSize();
  attn::Session& session = *ctx.session;
  session.train_frame_slice();  // first, so this frame shows the weights it trained
  const attn::LiveRun& live = session.train_refresh_shown();
  t.shown_frame = true;

  draw_toolbar(ctx);
  // Phones keep the settings folded: the heatmap needs the height more.
  if (!ctx.compact || ImGui::CollapsingHeader(tr(Str::TrainSettings, lang))) draw_settings(ctx);
  int layer = 0, head = 0;
  live.shown_head(session.state().train, &layer, &head);
  const std::string sentence = train_sentence(ctx, layer, head);
  // A phone reads what the picture shows under it: the picture comes first.
  if (!ctx.compact) ImGui::TextWrapped("%s", sentence.c_str());
  ctx.status_line = sentence;
  if (live.lr_log_full()) {
    ImGui::PushStyleColor(ImGuiCol_Text, u32(palette().notice));
    ImGui::TextWrapped(tr(Str::TrainLrLogFull, lang), attn::kMaxLrChanges);
    ImGui::PopStyleColor();
  } else if (live.trainer().step() >= attn::kTrainMaxStep) {
    ImGui::TextDisabled(tr(Str::TrainMaxReached, lang), attn::kTrainMaxStep);
  }
  draw_example_row(ctx, layer, head);
  if (t.heatmap.error().size() && t.gpu_tried && !t.gpu_ok)
    ImGui::TextWrapped("%s%s", tr(Str::GpuError, lang), t.heatmap.error().c_str());

  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const ImVec2 avail(ImGui::GetContentRegionAvail().x, ctx.room_to_fold());
  const float pad = ImGui::GetStyle().ItemSpacing.y;
  const float curves_h = std::min(font * (ctx.compact ? 5.5f : 7.5f), avail.y * 0.35f);
  draw_train_curves(ctx, origin, ImVec2(origin.x + std::min(size.x, avail.x), origin.y + curves_h));
  const ImVec2 rest(origin.x, origin.y + curves_h + pad);
  const ImVec2 rest_end(origin.x + avail.x, origin.y + avail.y);
  t.qk_rect = t.heatmap_rect = PixelRect{};
  if (ctx.compact) {
    if (t.compact_panel == 0)
      draw_train_heatmap(ctx, rest, rest_end, layer, head);
    else
      draw_train_qk(ctx, rest, rest_end, layer, head);
  } else {
    const float heat_w = std::min(avail.x * 0.5f, rest_end.y - rest.y + font * 6);
    draw_train_heatmap(ctx, rest, ImVec2(rest.x + heat_w, rest_end.y), layer, head);
    draw_train_qk(ctx, ImVec2(rest.x + heat_w + font, rest.y), rest_end, layer, head);
  }
  // The picture: the curves and the panels under them.
  ctx.set_picture(origin, rest_end);
  ImGui::SetCursorScreenPos(ImVec2(origin.x, rest_end.y + ImGui::GetStyle().ItemSpacing.y));
  if (ctx.compact) ImGui::TextWrapped("%s", sentence.c_str());
}

}  // namespace ui
