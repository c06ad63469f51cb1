// Loading the trained model from bytes the page fetched, and the "what does the model guess?" query.
#include <emscripten.h>

#include <cstdlib>
#include <string>

#include "app.h"
#include "json_matrix.h"
#include "json_writer.h"
#include "figure_pack.h"
#include "model_file.h"

extern "C" {

// Takes ownership of a malloc'ed buffer of `size` bytes (freed here). On success the trained
// model replaces the untrained stand-in; on failure nothing changes and the error says why.
// Returns {"ok":bool,"error":"truncated"|...,"message":"...","name":"..."}.
EMSCRIPTEN_KEEPALIVE const char* ap_load_model(uint8_t* bytes, int size) {
  app::App& a = app::the_app();
  attn::ModelLoadResult r = attn::load_model(bytes, size > 0 ? static_cast<std::size_t>(size) : 0);
  std::free(bytes);
  attn::JsonWriter j;
  j.begin_object().key("ok").value(r.ok());
  j.key("error").value(attn::model_file_error_name(r.error)).key("message").value(r.message);
  if (r.ok()) {
    j.key("name").value(r.weights.name);
    a.session.set_model(std::move(r.weights), std::move(r.vocab));
    a.session.update();
  }
  j.end_object();
  return app::hand_out(std::move(j.str()));
}

// Takes ownership of a malloc'ed buffer: an article figure's pack (figure_pack.h), computed by the
// build from the trained model. Shown while the model file downloads; a pack that does not decode
// changes nothing (the model still arrives). Returns {"ok":bool,"message":"...","used":bool}.
EMSCRIPTEN_KEEPALIVE const char* ap_load_figure_pack(uint8_t* bytes, int size) {
  app::App& a = app::the_app();
  attn::FigurePack p;
  std::string error;
  const bool ok = attn::decode_figure_pack(bytes, size > 0 ? static_cast<std::size_t>(size) : 0, &p, &error);
  std::free(bytes);
  if (ok) {
    a.session.set_figure_pack(std::move(p));
    a.session.update();
  }
  attn::JsonWriter j;
  j.begin_object().key("ok").value(ok).key("message").value(error);
  j.key("used").value(a.session.precomputed()).end_object();
  return app::hand_out(std::move(j.str()));
}

// The model's top guesses for token `position` when it is replaced by [MASK], and the weights of
// the current layer/head in that masked run. "null" without a trained vocabulary or tokens.
EMSCRIPTEN_KEEPALIVE const char* ap_guess_json(int position) {
  attn::Session& s = app::the_app().session;
  const attn::Session::MaskedGuess& g = s.masked_guess(position);
  if (g.position < 0 || !s.has_vocab()) return "null";
  attn::JsonWriter j;
  j.begin_object().key("position").value(g.position).key("guesses").begin_array();
  for (const attn::Guess& x : g.guesses)
    j.begin_object()
        .key("text")
        .value(x.text)
        .key("continuation")
        .value(x.continuation)
        .key("prob")
        .value(x.prob)
        .end_object();
  j.end_array().key("weights");
  app::write_matrix(j, g.weights);
  j.end_object();
  return app::hand_out(std::move(j.str()));
}

}  // extern "C"
