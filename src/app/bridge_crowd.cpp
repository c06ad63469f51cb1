// The JavaScript bridge of the crowd view: the scene, the query, the scores, weights and the mix.
#include <emscripten.h>

#include <string>

#include "app.h"
#include "crowd.h"
#include "json_matrix.h"
#include "json_writer.h"

using app::the_app;
using attn::JsonWriter;

extern "C" {

// Everything the crowd view computes for the current query and temperature, in the reader's language.
EMSCRIPTEN_KEEPALIVE const char* ap_crowd_json() {
  attn::Session& s = the_app().session;
  const attn::PlaygroundState& st = s.state();
  const attn::CrowdQuery& q = st.crowd;
  const attn::CrowdScene& scene = attn::crowd_scene(q);
  const attn::CrowdResult& r = s.crowd();
  const attn::HeadTrace& h = r.head;
  JsonWriter j;
  j.begin_object().key("scene").value(q.scene).key("title").value(scene.title(st.lang));
  j.key("scenes").value(static_cast<int>(attn::crowd_scenes().size()));
  j.key("query").begin_object().key("scene").value(q.scene).key("hat").value(attn::crowd_hat_name(q.hat));
  j.key("shirt").value(attn::crowd_shirt_name(q.shirt)).key("glasses").value(attn::crowd_glasses_name(q.glasses));
  j.key("encoded").value(attn::encode_crowd_query(q)).end_object();
  j.key("features").begin_array();
  for (int f = 0; f < attn::kCrowdFeatureCount; ++f) j.value(attn::crowd_feature_name(f));
  j.end_array().key("people").begin_array();
  for (std::size_t i = 0; i < scene.people.size(); ++i) {
    const attn::CrowdPerson& p = scene.people[i];
    j.begin_object().key("name").value(p.name).key("fact").value(p.fact(st.lang));
    j.key("hat").value(attn::crowd_hat_name(p.hat)).key("shirt").value(attn::crowd_shirt_name(p.shirt));
    j.key("glasses").value(p.glasses).key("key");
    app::write_row(j, h.k, static_cast<Eigen::Index>(i));
    j.key("value");
    app::write_row(j, h.v, static_cast<Eigen::Index>(i));
    j.end_object();
  }
  j.end_array();
  j.key("q");
  app::write_row(j, h.q, 0);
  j.key("scores");
  app::write_row(j, h.scores, 0);
  j.key("scaled");
  app::write_row(j, h.scaled, 0);
  j.key("weights");
  app::write_row(j, h.weights, 0);
  j.key("context");
  app::write_row(j, h.context, 0);
  j.key("temperature").value(st.temperature).key("winner").value(r.winner);
  j.key("winner_name").value(scene.people[r.winner].name);
  j.key("blend").begin_array();
  for (const attn::CrowdShare& b : r.blend)
    j.begin_object()
        .key("person")
        .value(b.person)
        .key("name")
        .value(scene.people[b.person].name)
        .key("share")
        .value(b.share)
        .end_object();
  j.end_array().end_object();
  return app::hand_out(std::move(j.str()));
}

// Sets the crowd query from its link form ("scene.hat.shirt.glasses"); 0 (nothing changed) if invalid.
EMSCRIPTEN_KEEPALIVE int ap_set_crowd(const char* encoded) {
  attn::CrowdQuery q;
  if (!encoded || !attn::decode_crowd_query(encoded, &q)) return 0;
  the_app().session.set_crowd(q);
  return 1;
}

}  // extern "C"
