// The text of docs/model-card.md, from the measured numbers and the manifests (nothing hand-written).
#pragma once
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "model_backward.h"
#include "model_card_json.h"
#include "model_card_measure.h"
#include "model_card_svg.h"
#include "model_card_text.h"
#include "frequent_rows.h"
#include "model_file.h"

namespace card {

inline std::string text_or_none(const JsonText& j, const std::string& path) {
  const auto v = j.get(path);
  return v && !v->empty() ? md(*v) : kNone;
}

// The training table's row for a vocabulary grown mid-run (train-model.sh's GROW_MIN), from the
// manifest's settings; empty when it did not grow.
inline std::string vocab_growth_row(const card::JsonText& tm, int vocab_size) {
  if (!tm.get("training.grow_min")) return "";
  return "| Vocabulary grown | at step " + grouped(tm.num("training.steps")) + ", from " +
         grouped(tm.num("training.vocab")) + " to " + grouped(vocab_size) +
         " pieces: every English word of the training text seen at least " + text_or_none(tm, "training.grow_min") +
         " times that the first pieces split, appended whole (its row starts as the mean of those pieces). The "
         "held-out points after it are measured in the grown pieces, more of them whole words, which are harder to "
         "guess than the word ends they replace |\n";
}

// The last phase's row when the run carried on from a file (train-model.sh phase 6, train_model
// --init-from): where it started and how, since its optimizer did not carry over.
inline std::string carried_on_row(const card::JsonText& tm) {
  if (!tm.get("training.carry_steps")) return "";
  return "| Carried on from a file | at step " + grouped(tm.num("training.grow_steps")) + " to " +
         grouped(tm.num("training.carry_steps")) +
         ", from the model file exported at that step (the weights as the page decodes them, the 4-bit levels and "
         "row scales kept, the optimizer's moments started again), warm restart " +
         text_or_none(tm, "training.carry_restart") + " (step:lr:warm-up:cosine end) |\n";
}

// The row for a run deepened from a file (train-model.sh phase 7, train_model --init-layers):
// which layers were copied, and that every matrix became 4-bit and quantisation-aware.
inline std::string deepened_row(const card::JsonText& tm) {
  if (!tm.get("training.deep_layers")) return "";
  return "| Deepened | at step " + grouped(tm.num("training.carry_steps")) + " to " +
         grouped(tm.num("training.deep_steps")) + ", from the model file exported at that step; layers " +
         text_or_none(tm, "training.deep_layers") +
         " of that file (a repeated layer is a copy whose output projections start at zero, so the deeper model "
         "first computes exactly what the file did); quantisation-aware on " +
         text_or_none(tm, "training.deep_qat") + ", levels refitted every " +
         text_or_none(tm, "training.deep_refit_every") + " steps; warm restart " +
         text_or_none(tm, "training.deep_restart") + " (step:lr:warm-up:cosine end) |\n";
}

// The row for the last phase carried on from the deepened file (train-model.sh phase 8): its own
// language shares (the run's earlier phases read the shares in the row above), levels kept.
inline std::string final_row(const card::JsonText& tm) {
  if (!tm.get("training.final_steps")) return "";
  return "| Carried on, deeper | at step " + grouped(tm.num("training.deep_steps")) + " to " +
         grouped(tm.num("training.final_steps")) +
         ", from the deepened model's file (fresh optimizer moments), language shares " +
         text_or_none(tm, "training.final_shares") + ", the file's 4-bit levels kept from step " +
         text_or_none(tm, "training.final_freeze_from") + "; warm restart " +
         text_or_none(tm, "training.final_restart") + " (step:lr:warm-up:cosine end) |\n";
}

// The row for the run carried on with more English text (train-model.sh phase 9): the corpus grew
// (the earlier phases read only the lines before the sources it added), its own language shares.
inline std::string more_text_row(const card::JsonText& tm) {
  if (!tm.get("training.more_steps")) return "";
  return "| More English text | at step " + grouped(tm.num("training.final_steps")) + " to " +
         grouped(tm.num("training.more_steps")) +
         ", from the previous row's file (fresh optimizer moments) on the corpus with the English sources added "
         "after the earlier ones (the earlier phases read only the lines before them), language shares " +
         text_or_none(tm, "training.more_shares") + ", the file's 4-bit levels kept; warm restart " +
         text_or_none(tm, "training.more_restart") + " (step:lr:warm-up:cosine end) |\n";
}

// The row for the run in 32 bits, then quantisation-aware with 8-bit embedding rows (train-model.sh
// phase 11, train_model --int8-rows): how many rows kept 8 bits, counted from the file itself.
inline std::string eight_bit_rows_row(const card::JsonText& tm, const attn::ModelLoadResult& m) {
  if (!tm.get("training.rows_steps")) return "";
  long rows8 = 0;
  for (const attn::Int4Coding& c : m.int4)
    if (c.name == "tok_emb") rows8 = attn::flagged_rows(c.int8_rows);
  if (tm.get("training.narrow_int8")) rows8 = long(tm.num("training.rows_int8"));  // (a later phase cut them)
  return "| 32 bits, then 8-bit embedding rows | at step " + grouped(tm.num("training.more_steps")) + " to " +
         grouped(tm.num("training.rows_steps")) +
         ", from the previous row's file (fresh optimizer moments), language shares " +
         text_or_none(tm, "training.rows_shares") + "; no rounding to step " +
         text_or_none(tm, "training.rows_qat_from") + " (warm restart " + text_or_none(tm, "training.rows_restart") +
         "), then quantisation-aware on every matrix with the token embedding's " + grouped(double(rows8)) +
         " most used pieces in 8 bits (the specials and the pieces with the largest share of each language's "
         "training text; the file's Int4Int8Rows coding), levels fitted once at that step and kept; warm restart " +
         text_or_none(tm, "training.rows_qat_restart") + " (step:lr:warm-up:cosine end) |\n";
}

// The rows for the phases after it (train-model.sh phases 12-14), each carried on from the file
// before it with fresh optimizer moments; only the phases the manifest's settings name.
inline std::string later_phase_rows(const card::JsonText& tm, const attn::ModelLoadResult& m) {
  const std::string t = "training.";
  const auto span = [&](const char* from, const char* to) {
    return "at step " + grouped(tm.num(t + from)) + " to " + grouped(tm.num(t + to)) +
           ", from the previous row's file (fresh optimizer moments), language shares ";
  };
  std::string o;
  if (tm.get(t + "long_steps"))
    o += "| Longer, more English | " + span("rows_steps", "long_steps") + text_or_none(tm, t + "long_shares") +
         ", the 8-bit rows kept; no rounding to step " + text_or_none(tm, t + "long_qat_from") +
         ", then quantisation-aware with levels fitted once then and kept; warm restarts " +
         text_or_none(tm, t + "long_restart") + " (step:lr:warm-up:cosine end) |\n";
  if (tm.get(t + "narrow_steps")) {
    long rows8 = 0;
    for (const attn::Int4Coding& c : m.int4)
      if (c.name == "tok_emb") rows8 = attn::flagged_rows(c.int8_rows);
    o += "| Fewer 8-bit rows | " + span("long_steps", "narrow_steps") + text_or_none(tm, t + "narrow_shares") +
         ", quantisation-aware from the first step with the file's levels, the 8-bit embedding rows cut to the " +
         text_or_none(tm, t + "narrow_int8") +
         " most used pieces so that the file fits the page's budget (this file has " + grouped(double(rows8)) +
         "); warm restart " + text_or_none(tm, t + "narrow_restart") + " (step:lr:warm-up:cosine end) |\n";
  }
  if (tm.get(t + "fine_steps"))
    o += "| Lower rate | " + span("narrow_steps", "fine_steps") + text_or_none(tm, t + "fine_shares") +
         ", quantisation-aware from the first step, the file's levels and 8-bit rows kept; warm restart " +
         text_or_none(tm, t + "fine_restart") + " (step:lr:warm-up:cosine end) |\n";
  return o;
}

// ", 4,354 of them with an all-zero embedding row (...)" when the file has such rows (train_model
// --zero-unused: pieces no training line uses), counted from the file itself.
inline std::string zero_rows_note(const attn::ModelWeights& w) {
  long zero = 0;
  for (int r = 0; r < w.tok_emb.rows(); ++r) zero += w.tok_emb.row(r).cwiseAbs().maxCoeff() == 0.0f;
  if (zero == 0) return "";
  return ", " + grouped(double(zero)) +
         " of them with an all-zero embedding row (no training line uses them: their only trained number is the "
         "output bias)";
}

struct CardInputs {
  const attn::ModelLoadResult& model;
  std::size_t file_bytes;
  uint32_t file_crc;  // the file's own CRC-32, its last four bytes
  const std::vector<Language>& langs;
  const JsonText& manifest;
  const JsonText& corpus;  // the corpus manifest
  const LossTable& loss;
  std::string model_path, corpus_dir, svg_link;
  int max_lines;
  std::vector<ExampleGuesses> examples;
};

inline std::string heads_md(const Language& lc, int n_heads) {
  const HeadReport& r = lc.heads;
  std::string o = f("### %s: %d held-out lines, ", lc.name.c_str(), r.lines) + grouped(r.pieces) + " pieces\n\n";
  o += "| layer | head | habit | previous | next | self | first | same_word | punctuation | evenness | entropy | "
       "habit per line |\n|---|---|---|---|---|---|---|---|---|---|---|---|\n";
  auto row = [&](const std::string& layer_head, const HeadStats& s) {
    const attn::HeadBehaviour b = s.averaged();
    std::vector<int> order(attn::kHeadHabitCount);  // habits by how many lines got them
    for (int h = 0; h < attn::kHeadHabitCount; ++h) order[h] = h;
    std::stable_sort(order.begin(), order.end(), [&](int a, int c) { return s.habits[a] > s.habits[c]; });
    std::string per_line;
    for (int k = 0; k < 2 && s.habits[order[k]] > 0; ++k)
      per_line += (k ? ", " : "") + md(attn::head_habit_key(static_cast<attn::HeadHabit>(order[k]))) + " " +
                  pct(ratio(s.habits[order[k]], r.lines));
    o += "| " + layer_head + " | " + md(attn::head_habit_key(b.habit)) + " | " + pct(b.previous) + " | " + pct(b.next) +
         " | " + pct(b.self) + " | " + pct(b.first) + " | " + pct(b.same_word) + " | " + pct(b.punctuation) + " | " +
         fixed(b.evenness, 2) + " | " + fixed(b.entropy, 2) + " | " + per_line + " |\n";
  };
  for (std::size_t i = 0; i < r.heads.size(); ++i) row(f("%zu | %zu", i / n_heads + 1, i % n_heads + 1), r.heads[i]);
  row("even spread | —", r.even);
  return o + "\n";
}

inline std::string examples_md(const std::vector<ExampleGuesses>& examples) {
  std::string o;
  for (const ExampleGuesses& e : examples) {
    std::string pieces;  // spaces between words, | between the pieces of one word
    for (const attn::Token& p : e.pieces)
      pieces += (pieces.empty()     ? ""
                 : p.joins_previous ? "\\|"
                                    : " ") +
                md(p.text) + (p.id == attn::kUnkId ? " (\\[UNK\\])" : "");
    o += "### " + md(e.text) + "\n\n" + f("%zu pieces: ", e.pieces.size()) + pieces + "\n\n";
    o += "| hidden piece | guess 1 | guess 2 | guess 3 |\n|---|---|---|---|\n";
    for (std::size_t i = 0; i < e.pieces.size(); ++i) {
      o += "| " + piece_md(e.pieces[i].text, e.pieces[i].joins_previous);
      for (std::size_t k = 0; k < 3; ++k) {
        const bool has = k < e.guesses[i].size();
        const attn::Guess* g = has ? &e.guesses[i][k] : nullptr;
        o += " | " + (has ? piece_md(g->text, g->continuation) + f(" %.1f%%", 100 * g->prob) : kNone);
      }
      o += " |\n";
    }
    o += "\n";
  }
  return o;
}

// "English 19.7%, Vietnamese 25.1%": one value per language.
template <class F>
std::string per_language(const std::vector<Language>& langs, F value) {
  std::string o;
  for (std::size_t i = 0; i < langs.size(); ++i)
    o += (i ? (i + 1 == langs.size() ? " and " : ", ") : "") + value(langs[i]);
  return o;
}

inline std::string card_markdown(const CardInputs& in) {
  const attn::ModelConfig& c = in.model.weights.cfg;
  const JsonText& tm = in.manifest;
  const std::vector<Language>& langs = in.langs;
  auto top1 = [](const Language& l) { return l.eval.top1(); };
  auto count1 = [](const Language& l) { return ratio(l.base.count1, l.base.masked); };
  std::string o = "# Model card: the playground's trained encoder\n\n";
  o += "*Generated by `tools/model_card.cpp` via `scripts/model-card.sh` from " + md(in.model_path) +
       ", the corpus in " + md(in.corpus_dir) +
       "/ and the training and corpus manifests. Every number was "
       "measured or read from those files; do not edit by hand.*\n\n";
  o += f("A small bidirectional transformer encoder (%d layers × %d heads, d_model %d, d_ff %d, ", c.n_layers,
         c.n_heads, c.d_model, c.d_ff) +
       grouped(attn::param_count(in.model.weights)) + " parameters, " + grouped(c.vocab_size) +
       " WordPiece pieces), trained from random weights by the project's own C++ trainer to "
       "guess hidden pieces from both sides. On held-out lines it guesses " +
       per_language(langs, [&](const Language& l) { return pct(top1(l)) + " of hidden " + l.name + " pieces"; }) +
       " exactly (top-1); a model that only counts the two neighbouring pieces in the training text gets " +
       per_language(langs, [&](const Language& l) { return pct(count1(l)); }) + ". " +
       per_language(langs,
                    [](const Language& l) { return pct(l.held_words.share()) + " of " + l.name + " " + l.unit; }) +
       " in the held-out text are a single piece.\n\n";

  o += "## By language\n\n| language | held-out top-1 | top-5 | loss | masked pieces | whole words (held-out) | "
       "unigram top-1 | count baseline top-1 | count baseline top-5 |\n|---|---|---|---|---|---|---|---|---|\n";
  for (const Language& l : langs)
    o += "| " + l.name + " | " + pct(l.eval.top1()) + " | " + pct(l.eval.top5()) + " | " + fixed(l.eval.loss, 3) +
         " | " + grouped(l.eval.masked) + " | " + pct(l.held_words.share()) + " | " +
         pct(ratio(l.base.unigram1, l.base.masked)) + " | " + pct(count1(l)) + " | " +
         pct(ratio(l.base.count5, l.base.masked)) + " |\n";
  o +=
      "\nUnigram top-5: " +
      per_language(langs, [](const Language& l) { return l.name + " " + pct(ratio(l.base.unigram5, l.base.masked)); }) +
      ". Whole words on the training split: " +
      per_language(langs,
                   [](const Language& l) {
                     return pct(l.train_words.share()) + " of " + grouped(l.train_words.words) + " " + l.name + " " +
                            l.unit;
                   }) +
      ". Loss is in nats per masked piece.\n\n";

  o += "### The shipped file against its 32-bit weights\n\nThe f32 numbers are the export tool's, measured on the "
       "same protocol before quantising (from the training manifest); the shipped numbers are measured here from " +
       md(in.model_path) +
       ".\n\n| language | top-1 f32 | top-1 shipped | top-5 f32 | top-5 shipped | loss f32 | "
       "loss shipped | masked pieces (f32) |\n|---|---|---|---|---|---|---|---|\n";
  for (const Language& l : langs) {
    const std::string p = "heldout.languages." + l.code + ".f32.";
    o += "| " + l.name + " | " + pct(tm.num(p + "top1")) + " | " + pct(l.eval.top1()) + " | " +
         pct(tm.num(p + "top5")) + " | " + pct(l.eval.top5()) + " | " + fixed(tm.num(p + "loss"), 3) + " | " +
         fixed(l.eval.loss, 3) + " | " + grouped(tm.num(p + "masked")) + " |\n";
  }
  // Quantisation-aware steps adapt the weights to their rounding: then the unrounded master weights
  // are not the model that was trained, and can read worse than the file.
  bool file_better = false;
  for (const Language& l : langs)
    file_better = file_better || l.eval.top1() > tm.num("heldout.languages." + l.code + ".f32.top1") + 0.005;
  if (file_better)
    o += "\nThe shipped file reads better than its 32-bit weights: the training steps saw the tensors rounded as "
         "the file stores them (quantisation-aware), so the weights learned to work rounded, and the unrounded "
         "master weights are not the model that was trained.\n";
  // From a file, quantisation-aware from the first step: the master weights are never read unrounded.
  bool far_below = false;
  for (const Language& l : langs)
    far_below = far_below || l.eval.top1() > tm.num("heldout.languages." + l.code + ".f32.top1") + 0.10;
  if (far_below && tm.get("training.narrow_steps"))
    o += "\nThe gap is wide because the last phases were quantisation-aware from their first step: no step read "
         "the master weights unrounded, so nothing kept them a model of their own. They are the optimizer's "
         "working copy; the file is the model.\n";
  // The export tool also measured the quantised file: if that differs, the manifest is for another file.
  for (const Language& l : langs) {
    const double q = tm.num("heldout.languages." + l.code + ".quantised.top1");
    if (std::isfinite(q) && std::fabs(q - l.eval.top1()) > 5e-4)
      o += "\n**The training manifest's shipped " + l.name + " top-1 (" + pct(q) + ") is not this file's (" +
           pct(l.eval.top1()) + "): the manifest belongs to another model file.**\n";
  }

  o += "\n### Goals\n\n";
  // The binomial standard error of a top-1 share over its masked pieces.
  const auto top1_error = [](const attn::EvalResult& e) {
    return std::sqrt(e.top1() * (1 - e.top1()) / std::max(e.masked, 1));
  };
  for (const Language& l : langs) {
    const bool met = l.eval.top1() >= 0.30 && l.eval.top1() > count1(l);
    o += "- " + l.name + " top-1 at least 30% and above its count baseline: **" + (met ? "met" : "not met") + "** (" +
         f("%.2f%% of %d masked pieces, standard error %.2f points", 100 * l.eval.top1(), l.eval.masked,
           100 * top1_error(l.eval)) +
         "; count baseline " + pct(count1(l)) + ").\n";
  }
  // Said, since the later phases were started after these numbers: a goal met inside the error is thin.
  for (const Language& l : langs) {
    if (l.eval.top1() >= 0.30 && l.eval.top1() - 0.30 < top1_error(l.eval))
      o += "- " + l.name +
           " is above 30% by less than one standard error, on the held-out set that guided the "
           "decision to train the later phases: the goal is met by this measurement, not by a margin.\n";
  }
  for (auto it = langs.rbegin(); it != langs.rend(); ++it) {
    const bool met = it->held_words.share() >= it->word_goal;
    o += "- At least " + pct(it->word_goal) + " of " + it->name + " " + it->unit + " one piece: **" +
         (met ? "met" : "not met") + "** (" + pct(it->held_words.share()) + " of " + grouped(it->held_words.words) +
         " held-out " + it->unit + ").\n";
  }

  const std::string name = tm.get("model_file.name") ? text_or_none(tm, "model_file.name") : md(in.model.weights.name);
  o += "\n## The model\n\n| | |\n|---|---|\n| Name | " + name + " |\n" +
       f("| Layers × heads | %d × %d (d_head %d) |\n| d_model / d_ff | %d / %d |\n", c.n_layers, c.n_heads, c.d_head(),
         c.d_model, c.d_ff) +
       "| Vocabulary | " + grouped(c.vocab_size) + " WordPiece pieces" + zero_rows_note(in.model.weights) +
       " |\n| Parameters | " + grouped(attn::param_count(in.model.weights)) + " |\n| File | " +
       grouped(double(in.file_bytes)) + " bytes, CRC-32 " + f("%08x", in.file_crc) +
       " ([format](model-format.md)) |\n\n";
  const int file_arch[] = {c.vocab_size, c.d_model, c.n_layers, c.n_heads, c.d_ff};
  const char* const arch_keys[] = {"vocab_size", "d_model", "n_layers", "n_heads", "d_ff"};
  for (int k = 0; k < 5; ++k)
    if (tm.num(std::string("architecture.") + arch_keys[k]) != file_arch[k]) {
      o += "**The training manifest describes another model than this file** (" + md(arch_keys[k]) + ": " +
           text_or_none(tm, std::string("architecture.") + arch_keys[k]) + f(" vs %d).\n\n", file_arch[k]);
      break;
    }

  const std::string t = "training.";
  o += "## Training\n\n| | |\n|---|---|\n| Steps done | " + grouped(tm.num(t + "steps_done")) + " |\n| Batch | " +
       text_or_none(tm, t + "batch") + " sequences |\n| Language shares (en,vi) | " + text_or_none(tm, t + "shares") +
       (tm.get(t + "final_shares") ? " (to step " + grouped(tm.num(t + "deep_steps")) + ")" : std::string()) +
       " |\n| Pieces read | " + grouped(tm.num(t + "tokens_seen")) + " |\n| Wall time | " +
       fixed(tm.num(t + "wall_time_s") / 60, 0) + " min (" + grouped(tm.num(t + "mean_tokens_per_s")) +
       " pieces/s on average) |\n| Final training loss | " + fixed(tm.num(t + "final_train_loss"), 3) + " |\n" +
       vocab_growth_row(tm, c.vocab_size) + carried_on_row(tm) + deepened_row(tm) + final_row(tm) + more_text_row(tm) +
       eight_bit_rows_row(tm, in.model) + later_phase_rows(tm, in.model) + "| Learning rate, warm-up | " +
       text_or_none(tm, t + "lr") + ", " + text_or_none(tm, t + "warmup") + " steps |\n| Seed, threads | " +
       text_or_none(tm, t + "seed") + ", " + text_or_none(tm, t + "threads") + " |\n\n";

  o += "## Corpus\n\nBuilt by `scripts/build-corpus.sh` from pinned Debian packages (`models/corpus-manifest.json`). "
       "Pieces are counted with this model's vocabulary.\n\n| file | lines | words | pieces |\n|---|---|---|---|\n";
  for (const Language& l : langs)
    for (int held = 0; held < 2; ++held) {
      const std::string key = (held ? "files.heldout-" : "files.train-") + l.code;
      o += "| " + md(key.substr(6)) + " | " + grouped(in.corpus.num(key + ".lines")) + " | " +
           grouped(in.corpus.num(key + ".words")) + " | " + grouped(double((held ? l.held : l.train).ids.size())) +
           " |\n";
    }
  o += "\n| source | lines (en) | lines (vi) |\n|---|---|---|\n";
  for (const std::string& s : in.corpus.keys("lines_per_source"))
    o += "| " + md(s) + " | " + grouped(in.corpus.num("lines_per_source." + s + ".en")) + " | " +
         grouped(in.corpus.num("lines_per_source." + s + ".vi")) + " |\n";
  o += "\nSplit: " + text_or_none(in.corpus, "rules.split") + ".\n\n";

  o += "## Loss curve\n\n![loss](" + in.svg_link + ")\n\n";
  o += in.loss.rows.empty() ? "No loss curve was recorded.\n\n"
                            : f("%zu evaluations from the training log. Its held-out numbers are the trainer's "
                                "periodic evaluation on the first lines of each held-out file, so they differ a "
                                "little from the tables above.\n\n",
                                in.loss.rows.size());
  // A hole in the curve (a phase whose log was lost with the machine that ran it) is said, not hidden.
  const int sc = in.loss.col("step");
  for (std::size_t r = 1; sc >= 0 && r < in.loss.rows.size(); ++r) {
    const double a = in.loss.at(r - 1, sc), b = in.loss.at(r, sc);
    if (b - a > 20000)
      o += "The curve has no points from step " + grouped(a) + " to " + grouped(b) +
           ": the log of those steps was lost with the machine that ran them (their numbers are in the training "
           "manifest and the resume files' manifests).\n\n";
  }
  if (sc >= 0 && !in.loss.rows.empty() &&
      in.loss.at(in.loss.rows.size() - 1, sc) < tm.num("training.steps_done") - 20000)
    o += "The curve ends at step " + grouped(in.loss.at(in.loss.rows.size() - 1, sc)) + " of " +
         grouped(tm.num("training.steps_done")) +
         ": the log of the later steps was lost with the machine that ran them (their numbers are in the "
         "training manifest and the resume files' manifests).\n\n";

  o += "## What each head does\n\nEach held-out line alone, unmasked, as a reader would type it (up to " +
       f("%d lines per language, cut at %d pieces). ", in.max_lines, kEvalMaxLen) +
       "Shares are the mean weight a query piece puts on the previous piece, the next one, itself, the first "
       "piece, other copies of its own word and punctuation; evenness is entropy over its maximum (1 = even). "
       "The habit is named from these averages by the playground's own rule (`name_head_habit`: " +
       f("evenness at least %.2f is even, else the largest share if it reaches %.0f%%, else mixed); ", attn::kEvenAbove,
         100 * attn::kHabitDominates) +
       "the last column counts the habit each line got on its own. Layers and heads are counted from 1, as in the "
       "playground.\n\n";
  for (const Language& l : langs) o += heads_md(l, c.n_heads);
  o += contrib_intro_md(in.max_lines, kEvalMaxLen);
  for (const Language& l : langs) o += contrib_md(l.name, l.heads.lines, l.heads.pieces, l.heads.contrib, c.n_heads);

  o += "## The article's sentences\n\nEach piece hidden alone behind [MASK], the rest of the sentence shown; the "
       "model's three most likely pieces with their probability. A leading ## marks a piece that continues a "
       "word.\n\n" +
       examples_md(in.examples);

  o += std::string("## How these numbers were made\n\n") +
       "- **Held-out accuracy**: `evaluate()` in `src/core/trainer.h` on every line of each held-out file: " +
       f("each line alone, cut at %d pieces; seed %llu picks 15%% of its pieces (at least one), all replaced by ",
         kEvalMaxLen, static_cast<unsigned long long>(kEvalSeed)) +
       "[MASK]; top-1 / top-5 count the hidden pieces the model ranks first / among its first five.\n"
       "- **Unigram baseline**: always the most frequent pieces of that language's training split, on the same "
       "hidden pieces.\n"
       "- **Count baseline** (no attention): counts in the training split of which piece sits between a left and "
       "right neighbour, after a left one, before a right one (line edges are a boundary symbol). A hidden piece "
       "is guessed from the pieces just before and after it in the masked input: the pair's counts when neither "
       "is [MASK] and the pair was seen, then the left, then the right neighbour, then the unigram, filling five "
       "guesses (`NeighbourCounts` in `tools/model_card_measure.h`).\n"
       "- **Whole words**: the words `tokenize_words` finds that contain a letter, and the share that "
       "`wordpiece_word` turns into exactly one piece that is not [UNK].\n"
       "- **Heads**: `measure_head_behaviour` (`src/core/head_behaviour.h`), the measurement the playground shows.\n"
       "- **Raw weight vs contribution**: `value_norms`, `norm_contribution_shares` and `find_sink` "
       "(`src/core/honest_attention.h`) on the same forward passes as the heads.\n"
       "- **Examples**: `top_guesses` (`src/core/mlm.h`) after one forward pass per hidden piece.\n";
  return o;
}

}  // namespace card
