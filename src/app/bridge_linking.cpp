// The JavaScript bridge of linkingHeads(query, key, opts): every head ranked by how much the query looks at the key.
#include <emscripten.h>

#include <string>

#include "app.h"
#include "json_writer.h"
#include "linking_heads.h"

using app::the_app;
using attn::JsonWriter;

extern "C" {

// [{layer, head, weight, contribution}, ...] strongest first by `method` ('raw': the weight,
// 'norm': the contribution share, 'rollout': one entry per layer with head -1); `query` and `key`
// count rows of `unit` ('piece', 'word' or 'auto', as attention() takes them). "null" for an
// unknown method or unit, or an index outside the text.
EMSCRIPTEN_KEEPALIVE const char* ap_linking_heads_json(int query, int key, const char* method, const char* unit) {
  attn::Session& s = the_app().session;
  s.update();
  attn::AttnMethod m;
  bool by_word = false;
  if (!app::read_method_and_unit(s, method, unit, &m, &by_word)) return app::hand_out("null");
  const std::vector<attn::LinkingHead> ranking = attn::linking_heads(s, query, key, m, by_word);
  if (ranking.empty()) return app::hand_out("null");
  JsonWriter j;
  j.begin_array();
  for (const attn::LinkingHead& h : ranking) {
    j.begin_object().key("layer").value(h.layer).key("head").value(h.head);
    j.key("weight").value(h.weight).key("contribution").value(h.contribution);
    j.key("topKey").value(h.top_key).end_object();
  }
  j.end_array();
  return app::hand_out(std::move(j.str()));
}

}  // extern "C"
