// "Which heads link these two words?": the sentence under a picture when the reader has paired a key with the focus.
#include <cstdio>
#include <string>

#include "i18n.h"
#include "linking_heads.h"
#include "ui_context.h"

namespace ui {

static_assert(static_cast<int>(Str::LinkHabitTooShort) - static_cast<int>(Str::LinkHabitPrevious) ==
                  static_cast<int>(attn::HeadHabit::TooShort),
              "linking habit phrases follow HeadHabit");

namespace {
// The last ranking, kept while nothing it depends on changes (24 heads' matrices are recomputed
// for it: once per pair, not once per frame).
struct Cached {
  uint64_t revision = ~0ull;
  int query = -1, key = -1;
  attn::AttnMethod method = attn::AttnMethod::Raw;
  bool by_word = false;
  LinkingResult result;
} g_cache;
}  // namespace

const LinkingResult* current_linking(attn::Session& s) {
  const attn::PlaygroundState& st = s.state();
  const int n = static_cast<int>(s.tokens().size());
  if (st.link < 0 || st.link >= n || n == 0) return nullptr;
  const bool by_word = s.shown().by_word(s);
  // Rollout has no heads to name: the question is then asked of the weights.
  const attn::AttnMethod method = st.method == attn::AttnMethod::Norm ? attn::AttnMethod::Norm : attn::AttnMethod::Raw;
  const attn::ShownMatrix* v = s.shown().get(s, st.layer, st.head, attn::AttnMethod::Raw, by_word);
  if (!v) return nullptr;
  const int query = v->unit_of_piece[st.focus], key = v->unit_of_piece[st.link];
  Cached& c = g_cache;
  if (c.revision != s.revision() || c.query != query || c.key != key || c.method != method || c.by_word != by_word) {
    c = Cached{s.revision(), query, key, method, by_word, LinkingResult{}};
    c.result.method = method;
    c.result.query_label = v->labels[query];
    c.result.key_label = v->labels[key];
    c.result.ranking = attn::linking_heads(s, query, key, method, by_word);
    c.result.summary = attn::summarise_linking(s, c.result.ranking, key, method);
  }
  return c.result.ranking.empty() ? nullptr : &c.result;
}

std::string linking_sentence(const LinkingResult& r, attn::Lang lang) {
  const attn::LinkingSummary& m = r.summary;
  char share[160], first[512], rest[400] = "";
  std::snprintf(share, sizeof share,
                tr(r.method == attn::AttnMethod::Norm ? Str::LinkingShareNorm : Str::LinkingShareRaw, lang),
                static_cast<double>(m.chosen_share * 100), static_cast<double>(m.median_share * 100));
  // Layers and heads are counted from 1 on screen, as the menus count them.
  if (m.linking > 0)
    std::snprintf(first, sizeof first, tr(Str::LinkingSome, lang), m.linking, m.total, r.query_label.c_str(),
                  r.key_label.c_str(), m.chosen.layer + 1, m.chosen.head + 1, share);
  else
    std::snprintf(first, sizeof first, tr(Str::LinkingNone, lang), m.total, r.query_label.c_str(), r.key_label.c_str(),
                  m.chosen.layer + 1, m.chosen.head + 1, share);
  auto habit = [&](int i) {
    return tr(static_cast<Str>(static_cast<int>(Str::LinkHabitPrevious) + static_cast<int>(m.instead[i].habit)), lang);
  };
  const int others = m.total - m.linking;
  if (m.instead.size() >= 2)
    std::snprintf(rest, sizeof rest, tr(Str::LinkingInsteadTwo, lang), others, m.instead[0].count, habit(0),
                  m.instead[1].count, habit(1));
  else if (m.instead.size() == 1)
    std::snprintf(rest, sizeof rest, tr(Str::LinkingInsteadOne, lang), others, m.instead[0].count, habit(0));
  return rest[0] ? std::string(first) + " " + rest : std::string(first);
}

void draw_linking_line(UiContext& ctx) {
  attn::Session& s = *ctx.session;
  const attn::Lang lang = s.state().lang;
  const LinkingResult* r = current_linking(s);
  if (!r) return;
  const std::string sentence = linking_sentence(*r, lang);
  ImGui::TextWrapped("%s", sentence.c_str());
  // The screen reader's summary (the view set it before) says it too.
  ctx.status_line += (ctx.status_line.empty() ? "" : " ") + sentence;
  const attn::LinkingHead& best = r->summary.chosen;
  const bool showing = s.state().layer == best.layer && s.state().head == best.head;
  if (!showing && ImGui::SmallButton(tr(Str::LinkingShowHead, lang))) {
    s.set_layer(best.layer);
    s.set_head(best.head);
  }
  if (!ctx.bare_figure()) {
    if (!showing) ImGui::SameLine();
    if (ImGui::SmallButton(tr(Str::LinkingClear, lang))) s.set_link(-1);
  }
}

}  // namespace ui
