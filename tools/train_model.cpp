// Trains the masked-LM encoder on the corpus, with checkpoints and a progress line; see scripts/train-model.sh.
// The gradient of a batch is split over --threads workers (each owns its gradient buffer; the sums
// are added in a fixed order), so a run is deterministic for a given seed and thread count.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "codebook.h"
#include "ffn_widening.h"
#include "frequent_rows.h"
#include "layer_stacking.h"
#include "model_backward.h"
#include "model_file.h"
#include "trainer.h"
#include "vocab_growth.h"
#include "wordpiece.h"

using namespace attn;

namespace {

struct Args {
  std::map<std::string, std::string> kv;
  std::string get(const std::string& k, const std::string& def) const {
    auto it = kv.find(k);
    return it == kv.end() ? def : it->second;
  }
  double num(const std::string& k, double def) const {
    auto it = kv.find(k);
    return it == kv.end() ? def : std::atof(it->second.c_str());
  }
};

bool read_file(const std::string& path, std::vector<uint8_t>& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return true;
}

bool write_file_atomic(const std::string& path, const std::vector<uint8_t>& bytes) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary);
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    if (!out) return false;
  }
  return std::rename(tmp.c_str(), path.c_str()) == 0;
}

bool load_vocab(const std::string& path, WordPieceVocab& v) {
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) v.pieces.push_back(line);
  return v.rebuild_index();
}

EncodedCorpus encode_file(const std::string& path, const WordPieceVocab& v, bool& ok) {
  EncodedCorpus c;
  std::ifstream in(path);
  ok = static_cast<bool>(in);
  std::string line;
  std::vector<int> ids;
  while (std::getline(in, line)) {
    ids.clear();
    wordpiece_ids(v, line, ids);
    c.add_line(ids);
  }
  return c;
}

// Checkpoint = [u64 n][model file bytes, F32][u64 step][u64 adam t][f64 elapsed s][u64 k][m: k f32][v: k f32][u32 crc]
void put64(std::vector<uint8_t>& o, uint64_t v) {
  for (int i = 0; i < 8; ++i) o.push_back(uint8_t(v >> (8 * i)));
}
uint64_t get64(const uint8_t* p) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v |= uint64_t(p[i]) << (8 * i);
  return v;
}

std::vector<uint8_t> save_checkpoint(const Trainer& t, const WordPieceVocab& vocab, double elapsed) {
  ModelFileInfo info;
  info.train_context = t.cfg.max_len;
  const std::vector<uint8_t> model = save_model(t.w, vocab, info, TensorCoding::F32);
  std::vector<uint8_t> o;
  put64(o, model.size());
  o.insert(o.end(), model.begin(), model.end());
  put64(o, static_cast<uint64_t>(t.step));
  put64(o, static_cast<uint64_t>(t.opt.t));
  uint64_t e;
  std::memcpy(&e, &elapsed, 8);
  put64(o, e);
  put64(o, t.opt.m.size());
  const uint8_t* m = reinterpret_cast<const uint8_t*>(t.opt.m.data());
  const uint8_t* v = reinterpret_cast<const uint8_t*>(t.opt.v.data());
  o.insert(o.end(), m, m + t.opt.m.size() * 4);  // host byte order: checkpoints stay on this machine
  o.insert(o.end(), v, v + t.opt.v.size() * 4);
  const uint32_t crc = crc32(o.data(), o.size());
  for (int i = 0; i < 4; ++i) o.push_back(uint8_t(crc >> (8 * i)));
  return o;
}

// A checkpoint as written by save_checkpoint, whatever its model's shape.
struct CheckpointData {
  ModelLoadResult model;  // weights (F32) and the vocabulary they were trained with
  int64_t step = 0, adam_t = 0;
  double elapsed = 0;
  std::vector<float> m, v;
};

bool parse_checkpoint(const std::vector<uint8_t>& b, CheckpointData& c, std::string& err) {
  if (b.size() < 8 + 32 + 4) {
    err = "checkpoint too short";
    return false;
  }
  uint32_t crc = 0;
  for (int i = 0; i < 4; ++i) crc |= uint32_t(b[b.size() - 4 + i]) << (8 * i);
  if (crc32(b.data(), b.size() - 4) != crc) {
    err = "checkpoint checksum mismatch";
    return false;
  }
  const uint64_t n = get64(b.data());
  if (n > b.size() - 8 - 32 - 4) {
    err = "checkpoint model size wrong";
    return false;
  }
  c.model = load_model(b.data() + 8, n);
  if (!c.model.ok()) {
    err = c.model.message;
    return false;
  }
  const uint8_t* p = b.data() + 8 + n;
  c.step = static_cast<int64_t>(get64(p));
  c.adam_t = static_cast<int64_t>(get64(p + 8));
  const uint64_t e = get64(p + 16);
  std::memcpy(&c.elapsed, &e, 8);
  const uint64_t k = get64(p + 24);
  if (k != param_count(c.model.weights) || 8 + n + 32 + 8 * k + 4 != b.size()) {
    err = "checkpoint optimizer state size wrong";
    return false;
  }
  c.m.resize(k);
  c.v.resize(k);
  std::memcpy(c.m.data(), p + 32, k * 4);
  std::memcpy(c.v.data(), p + 32 + k * 4, k * 4);
  c.model.weights.trained = false;
  return true;
}

// Puts a parsed checkpoint (of the trainer's own shape) into the trainer.
void take_checkpoint(CheckpointData&& c, Trainer& t) {
  t.step = c.step;
  t.opt.t = c.adam_t;
  t.opt.m = std::move(c.m);
  t.opt.v = std::move(c.v);
  c.model.weights.name = t.w.name;
  t.w = std::move(c.model.weights);
}

bool same_shape(const ModelConfig& a, const ModelConfig& b) {
  return a.vocab_size == b.vocab_size && a.d_model == b.d_model && a.n_layers == b.n_layers && a.n_heads == b.n_heads &&
         a.d_ff == b.d_ff;
}

bool load_checkpoint(const std::vector<uint8_t>& b, Trainer& t, double& elapsed, std::string& err) {
  CheckpointData c;
  if (!parse_checkpoint(b, c, err)) return false;
  if (!same_shape(c.model.weights.cfg, t.cfg.model)) {
    err = "checkpoint has a different model shape";
    return false;
  }
  elapsed = c.elapsed;
  take_checkpoint(std::move(c), t);
  return true;
}

// Starts this run from a checkpoint of a smaller vocabulary (--grow-from): every step, the
// optimizer's moments and the clock carry over; the pieces `vocab` adds start from their parts.
bool grow_checkpoint(const std::vector<uint8_t>& b, const WordPieceVocab& vocab, Trainer& t, double& elapsed,
                     std::string& err) {
  CheckpointData c;
  if (!parse_checkpoint(b, c, err)) return false;
  ModelConfig want = t.cfg.model;
  want.vocab_size = c.model.weights.cfg.vocab_size;
  if (!same_shape(c.model.weights.cfg, want)) {
    err = "checkpoint has a different model shape (besides the vocabulary)";
    return false;
  }
  VocabGrowth g;
  if (!plan_vocab_growth(c.model.vocab, vocab, &g, &err)) return false;
  ModelWeights grown = grow_weights(c.model.weights, g);
  c.m = grow_param_state(c.m, c.model.weights, grown, g);
  c.v = grow_param_state(c.v, c.model.weights, grown, g);
  c.model.weights = std::move(grown);
  elapsed = c.elapsed;
  take_checkpoint(std::move(c), t);
  return true;
}

// Starts this run from a model file (--init-from: a run's own export, such as the committed
// models/attention-model.bin), so training carries on where no checkpoint survives (a new machine).
// Its tensors come in as the page decodes them (4-bit rows and int8 matrices back to floats); the
// optimizer's moments start at zero, and the step and clock, which the file does not hold, are
// given by --init-step and --init-elapsed. The vocabulary is the file's own.
// `layer_map` (--init-layers, may be empty) deepens the model first (layer_stacking.h); a --d-ff
// above the file's widens every MLP (ffn_widening.h: the added units start with zero outputs).
// `m` is the loaded file (main reads it first, for its vocabulary); its weights move into `t`.
bool init_from_model(ModelLoadResult& m, const std::vector<int>& layer_map, Trainer& t, int64_t step,
                     std::string& err) {
  if (!layer_map.empty()) m.weights = stack_layers(m.weights, layer_map);
  const int file_ff = m.weights.cfg.d_ff;
  if (t.cfg.model.d_ff > file_ff) {
    m.weights = widen_mlp(m.weights, t.cfg.model.d_ff, 0x5eed0000u + static_cast<uint64_t>(step));
    std::printf("train_model: MLPs widened from %d to %d hidden units (the added ones start with zero outputs)\n",
                file_ff, t.cfg.model.d_ff);
  }
  if (!same_shape(m.weights.cfg, t.cfg.model)) {
    err = "the file's model has a different shape from the one asked for";
    return false;
  }
  m.weights.name = t.w.name;
  m.weights.trained = false;
  t.w = std::move(m.weights);
  t.step = step;
  // The 4-bit tensors the run rounds keep the file's levels, and their rows its scales, so the
  // first forward pass computes what the file holds (a refit on the decoded rows would round twice).
  // A tensor the file does not code in 4 bits (an int8 matrix, or an added copy's zeroed output)
  // gets levels fitted to it now: from here on the run sees it as the 4-bit file will store it.
  Trainer::QatLevels q;
  q.fitted_at = step;
  int fitted = 0;
  for (const ParamRef& p : param_list(t.w)) {
    if (!tensor_listed(t.cfg.qat_tensors, p.name)) continue;
    std::string source = p.name;  // the tensor's name in the file: layers.K. -> layers.layer_map[K].
    bool zeroed = false;
    int k = -1, used = 0;
    if (!layer_map.empty() && std::sscanf(p.name.c_str(), "layers.%d.%n", &k, &used) == 1 && used > 0) {
      source = "layers." + std::to_string(layer_map[k]) + "." + p.name.substr(used);
      zeroed = is_added_copy(layer_map, k) && (p.name.substr(used) == "attn.wo" || p.name.substr(used) == "w2");
    }
    const Int4Coding* c = nullptr;
    for (const Int4Coding& x : m.int4)
      if (x.name == source) c = &x;
    q.names.push_back(p.name);
    if (!c || zeroed) {
      q.levels.push_back(fit_tensor_codebook(p.data, p.rows, p.cols));
      ++fitted;
      continue;
    }
    std::vector<float> scales = c->row_scales;  // a widened w2's added rows are zero: scale 0
    if (p.rows > static_cast<int>(scales.size()) && file_ff < t.cfg.model.d_ff) scales.resize(p.rows, 0.0f);
    if (!c->int8_rows.empty()) {  // Int4Int8Rows: the file's 8-bit rows round-trip as they are (their
      if (p.name != "tok_emb") {  // largest value decodes to 127 * scale); --int8-rows may list others
        err = "tensor " + p.name + " has 8-bit rows, which only tok_emb may have";
        return false;
      }
      if (t.cfg.qat_int8_rows.empty()) {  // no --int8-rows: the file's list
        t.cfg.qat_int8_rows = c->int8_rows;
        std::printf("train_model: tok_emb keeps the file's %ld 8-bit rows\n", flagged_rows(c->int8_rows));
      } else if (t.cfg.qat_int8_rows != c->int8_rows) {  // --int8-rows wins: the file's values are a start
        std::printf("train_model: tok_emb had %ld 8-bit rows in the file; --int8-rows keeps %ld\n",
                    flagged_rows(c->int8_rows), flagged_rows(t.cfg.qat_int8_rows));
      }
      for (std::size_t r = 0; r < scales.size(); ++r)
        if (c->int8_rows[r]) scales[r] = 0;  // not a 4-bit row: restore_row_scales leaves it
    }
    if (restore_row_scales(p.data, p.rows, p.cols, c->levels, scales) != 0) {
      err = "tensor " + p.name + " has a row with no value on an extreme level";
      return false;
    }
    q.levels.push_back(c->levels);
  }
  if (!q.names.empty()) t.set_qat_levels(q);
  if (fitted > 0)
    std::printf("train_model: %d quantisation-aware tensors are not 4-bit in the file: levels fitted to them\n",
                fitted);
  return true;
}

// The QAT levels beside the checkpoint (trainer.h: encode_qat_levels), replaced atomically.
bool write_levels(const std::string& path, const Trainer::QatLevels& q) {
  std::ofstream o(path + ".tmp");
  o << encode_qat_levels(q);
  o.close();
  return o && std::rename((path + ".tmp").c_str(), path.c_str()) == 0;
}

bool read_levels(const std::string& path, Trainer::QatLevels& q) {
  std::ifstream in(path);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return in.good() || in.eof() ? decode_qat_levels(text, &q) : false;
}

// Keeps the unused pieces' embedding rows at exactly 0 (--zero-unused): their weights, and the
// optimizer moments that would otherwise keep moving them; the loop then zeroes their gradients.
void zero_unused_rows(Trainer& t, const std::vector<int>& rows) {
  zero_rows(t.w.tok_emb, rows);
  if (t.opt.m.empty()) return;
  const std::size_t d = static_cast<std::size_t>(t.w.tok_emb.cols());  // tok_emb leads param_list
  for (int r : rows) {
    std::fill_n(t.opt.m.begin() + r * d, d, 0.0f);
    std::fill_n(t.opt.v.begin() + r * d, d, 0.0f);
  }
}

}  // namespace

int main(int argc, char** argv) {
  Args a;
  for (int i = 1; i < argc; ++i) {
    std::string s = argv[i];
    if (s.rfind("--", 0) != 0) continue;
    const auto eq = s.find('=');
    if (eq == std::string::npos)
      a.kv[s.substr(2)] = "1";
    else
      a.kv[s.substr(2, eq - 2)] = s.substr(eq + 1);
  }
  const std::string corpus_dir = a.get("corpus", "build-corpus");
  const std::string out_dir = a.get("out", "build-train");
  const std::string vocab_path = a.get("vocab", out_dir + "/vocab.txt");
  const int threads = static_cast<int>(a.num("threads", 2));
  const int bench = static_cast<int>(a.num("bench", 0));  // > 0: time this many steps and stop
  const int eval_every = static_cast<int>(a.num("eval-every", 250));
  const int eval_lines = static_cast<int>(a.num("eval-lines", 600));
  const int log_every = static_cast<int>(a.num("log-every", 25));
  const double ckpt_seconds = a.num("ckpt-seconds", 300);

  // --init-from: the model file, loaded once (read first: the run's vocabulary is the file's).
  const std::string init_from = a.get("init-from", "");
  ModelLoadResult init_model;
  WordPieceVocab vocab;
  if (!init_from.empty()) {
    std::vector<uint8_t> bytes;
    const bool read = read_file(init_from, bytes);
    if (read) init_model = load_model(bytes.data(), bytes.size());
    if (!read || !init_model.ok()) {
      std::fprintf(stderr, "train_model: cannot start from %s: %s\n", init_from.c_str(),
                   read ? init_model.message.c_str() : "cannot read it");
      return 1;
    }
    vocab = init_model.vocab;
  } else if (!load_vocab(vocab_path, vocab)) {
    std::fprintf(stderr, "train_model: cannot read vocabulary %s\n", vocab_path.c_str());
    return 1;
  }
  TrainConfig cfg;
  cfg.model.vocab_size = vocab.size();
  cfg.model.d_model = static_cast<int>(a.num("d-model", 128));
  cfg.model.n_layers = static_cast<int>(a.num("layers", 4));
  cfg.model.n_heads = static_cast<int>(a.num("heads", 4));
  cfg.model.d_ff = static_cast<int>(a.num("d-ff", 512));
  cfg.max_len = static_cast<int>(a.num("max-len", 128));
  cfg.min_len = static_cast<int>(a.num("min-len", 8));
  cfg.batch = static_cast<int>(a.num("batch", 32));
  cfg.steps = static_cast<int>(a.num("steps", 9000));
  cfg.warmup = static_cast<int>(a.num("warmup", 600));
  cfg.lr = static_cast<float>(a.num("lr", 1e-3));
  cfg.min_lr_frac = static_cast<float>(a.num("min-lr-frac", 0.05));
  cfg.weight_decay = static_cast<float>(a.num("wd", 0.01));
  cfg.clip = static_cast<float>(a.num("clip", 1.0));
  cfg.emb_scale = static_cast<float>(a.num("emb-scale", 0.3));
  cfg.init_scale = static_cast<float>(a.num("init-scale", 0.02));
  cfg.final_gain = static_cast<float>(a.num("final-gain", 1.0));
  cfg.seed = static_cast<uint64_t>(a.num("seed", 1));
  if (!parse_restarts(a.get("restarts", ""), cfg.restarts)) {
    std::fprintf(stderr, "train_model: --restarts wants step:lr:warm-up[:cosine end],... with rising steps\n");
    return 1;
  }
  cfg.qat_from_step = static_cast<int>(a.num("qat-from", -1));
  cfg.qat_refit_every = static_cast<int>(a.num("qat-refit-every", 1000));
  cfg.qat_freeze_from = static_cast<int>(a.num("qat-freeze-from", -1));
  {
    std::stringstream qs(a.get("qat", "tok_emb,.w2"));
    for (std::string x; std::getline(qs, x, ',');) cfg.qat_tensors.push_back(x);
  }

  // One corpus per language (build-corpus/{train,heldout}-LANG.txt), read in the shares asked for.
  std::vector<std::string> langs;
  std::vector<double> shares;
  {
    std::stringstream ls(a.get("langs", "en,vi")), ss(a.get("shares", "0.6,0.4"));
    for (std::string x; std::getline(ls, x, ',');) langs.push_back(x);
    for (std::string x; std::getline(ss, x, ',');) shares.push_back(std::atof(x.c_str()));
  }
  if (langs.empty() || langs.size() != shares.size()) {
    std::fprintf(stderr, "train_model: --langs and --shares need the same number of entries\n");
    return 1;
  }
  auto t0 = std::chrono::steady_clock::now();
  std::vector<EncodedCorpus> train(langs.size()), held(langs.size());
  CorpusMix mix;
  for (std::size_t k = 0; k < langs.size(); ++k) {
    bool ok1 = false, ok2 = false;
    train[k] = encode_file(corpus_dir + "/train-" + langs[k] + ".txt", vocab, ok1);
    held[k] = encode_file(corpus_dir + "/heldout-" + langs[k] + ".txt", vocab, ok2);
    if (!ok1 || !ok2) {
      std::fprintf(stderr, "train_model: cannot read %s/{train,heldout}-%s.txt\n", corpus_dir.c_str(),
                   langs[k].c_str());
      return 1;
    }
    std::printf("train_model: %s: share %.2f, train %d lines / %zu pieces, held-out %d lines / %zu pieces\n",
                langs[k].c_str(), shares[k], train[k].lines(), train[k].ids.size(), held[k].lines(),
                held[k].ids.size());
  }
  for (std::size_t k = 0; k < langs.size(); ++k) {
    mix.corpora.push_back(&train[k]);
    mix.shares.push_back(shares[k]);
  }
  std::printf("train_model: vocab %d (encoded in %.1f s)\n", vocab.size(),
              std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());

  // --int8-rows=K: the token embedding's K most frequent pieces keep 8 bits in the file
  // (Int4Int8Rows), so QAT rounds those rows as Int8Row; the list goes to int8-rows.txt for export.
  if (a.num("int8-rows", 0) > 0) {
    std::vector<const std::vector<int>*> ids;
    for (const EncodedCorpus& c : train) ids.push_back(&c.ids);
    cfg.qat_int8_rows = frequent_rows(ids, vocab.size(), static_cast<int>(a.num("int8-rows", 0)));
    for (std::size_t k = 0; k < langs.size(); ++k) {  // how much of each language's text they cover
      long covered = 0;
      for (int id : train[k].ids) covered += cfg.qat_int8_rows[id];
      std::printf("train_model: the 8-bit rows are %.1f%% of the %s training pieces\n",
                  100.0 * covered / std::max<std::size_t>(train[k].ids.size(), 1), langs[k].c_str());
    }
  }
  Trainer tr(cfg);
  std::printf(
      "train_model: %zu parameters; layers %d, heads %d, d_model %d, d_ff %d; batch %d x up to %d pieces; "
      "%d steps, warm-up %d, lr %g, seed %llu, %d threads\n",
      param_count(tr.w), cfg.model.n_layers, cfg.model.n_heads, cfg.model.d_model, cfg.model.d_ff, cfg.batch,
      cfg.max_len, cfg.steps, cfg.warmup, cfg.lr, (unsigned long long)cfg.seed, threads);
  for (std::size_t k = 0; k < cfg.restarts.size(); ++k) {
    const TrainConfig::WarmRestart& r = cfg.restarts[k];
    const int end =
        r.cosine_end > 0 ? r.cosine_end : (k + 1 < cfg.restarts.size() ? cfg.restarts[k + 1].step : cfg.steps);
    std::printf("train_model: warm restart at step %d (warm-up %d, lr %g, cosine to %d)\n", r.step, r.warmup, r.lr,
                end);
  }
  if (cfg.qat_from_step >= 0)
    std::printf("train_model: quantisation-aware from step %d (%s)\n", cfg.qat_from_step,
                a.get("qat", "tok_emb,.w2").c_str());
  const std::string ckpt_path = out_dir + "/checkpoint.bin";
  const std::string levels_path = out_dir + "/qat-levels.txt";
  double elapsed_before = 0;
  if (!bench) {
    std::vector<uint8_t> b;
    if (read_file(ckpt_path, b)) {
      std::string err;
      if (!load_checkpoint(b, tr, elapsed_before, err)) {
        std::fprintf(stderr, "train_model: cannot resume from %s: %s\n", ckpt_path.c_str(), err.c_str());
        return 1;
      }
      std::printf("train_model: resumed at step %lld (%.0f s of training done)\n", (long long)tr.step, elapsed_before);
      // The QAT levels in use when the checkpoint was written, so the resumed steps see the same
      // rounding (kept only when they name exactly the tensors this run rounds).
      Trainer::QatLevels q;
      if (read_levels(levels_path, q)) {
        std::vector<std::string> want;
        for (const ParamRef& p : param_list(tr.w))
          if (tensor_listed(cfg.qat_tensors, p.name)) want.push_back(p.name);
        if (q.names == want && q.fitted_at <= tr.step) tr.set_qat_levels(q);
      }
    }
  }
  const std::string grow_from = a.get("grow-from", "");
  if (!bench && tr.step == 0 && !grow_from.empty()) {
    std::vector<uint8_t> b;
    std::string err = "cannot read it";
    if (!read_file(grow_from, b) || !grow_checkpoint(b, vocab, tr, elapsed_before, err)) {
      std::fprintf(stderr, "train_model: cannot grow from %s: %s\n", grow_from.c_str(), err.c_str());
      return 1;
    }
    std::printf("train_model: grown from %s at step %lld (%.0f s of training done): vocabulary %d pieces\n",
                grow_from.c_str(), (long long)tr.step, elapsed_before, vocab.size());
  }
  if (!bench && tr.step == 0 && !init_from.empty()) {
    std::string err;
    std::vector<int> layer_map;
    const std::string layers_text = a.get("init-layers", "");
    if (!layers_text.empty() && !parse_layer_map(layers_text, init_model.weights.cfg.n_layers, &layer_map, &err)) {
      std::fprintf(stderr, "train_model: --init-layers: %s\n", err.c_str());
      return 1;
    }
    if (!init_from_model(init_model, layer_map, tr, static_cast<int64_t>(a.num("init-step", 0)), err)) {
      std::fprintf(stderr, "train_model: cannot start from %s: %s\n", init_from.c_str(), err.c_str());
      return 1;
    }
    elapsed_before = a.num("init-elapsed", 0);
    std::printf("train_model: started from %s at step %lld (%.0f s of training before it); fresh moments\n",
                init_from.c_str(), (long long)tr.step, elapsed_before);
  }
  if (!bench && !tr.cfg.qat_int8_rows.empty()) {
    const std::string rows_path = out_dir + "/int8-rows.txt";
    std::ofstream o(rows_path);
    o << encode_row_list(tr.cfg.qat_int8_rows);
    if (!o) {
      std::fprintf(stderr, "train_model: cannot write %s\n", rows_path.c_str());
      return 1;
    }
    std::printf("train_model: %ld token embedding rows in 8 bits (%s)\n", flagged_rows(tr.cfg.qat_int8_rows),
                rows_path.c_str());
  }
  std::vector<int> unused;
  if (a.num("zero-unused", 0) != 0) {
    std::vector<const std::vector<int>*> ids;
    for (const EncodedCorpus& c : train) ids.push_back(&c.ids);
    unused = unused_pieces(vocab.size(), ids);
    zero_unused_rows(tr, unused);
    std::printf("train_model: %zu pieces no training line uses keep all-zero embedding rows\n", unused.size());
  }
  // loss.csv is rewritten up to the resumed step so a resumed run leaves one clean curve.
  std::vector<std::string> csv_rows;
  {
    std::ifstream in(out_dir + "/loss.csv");
    std::string line;
    std::getline(in, line);
    while (std::getline(in, line))
      if (!line.empty() && std::atoll(line.c_str()) <= tr.step) csv_rows.push_back(line);
  }
  std::ofstream csv;
  if (!bench) {
    csv.open(out_dir + "/loss.csv", std::ios::trunc);
    csv << "step,train_loss,heldout_loss,heldout_top1,heldout_top5,lr,tokens_per_s,elapsed_s";
    for (const std::string& l : langs) csv << ",heldout_top1_" << l;
    csv << "\n";
    for (const std::string& r : csv_rows) csv << r << "\n";
    csv.flush();
  }

  std::vector<ModelWeights> worker_grads(threads, zeros_like(tr.w));
  std::vector<std::vector<ModelTrace>> traces(threads);  // per worker, one per example it takes
  const auto start = std::chrono::steady_clock::now();
  auto since_start = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
  double last_ckpt = 0, window_loss = 0, window_tokens = 0, window_t0 = 0;
  int window_steps = 0;
  long long total_tokens = 0;
  const int64_t first_step = tr.step;
  const int64_t end_step = bench ? tr.step + bench : cfg.steps;
  while (tr.step < end_step) {
    const std::vector<Example> batch = tr.batch(mix);
    int masked = 0, tokens = 0;
    for (const Example& e : batch) {
      masked += static_cast<int>(e.positions.size());
      tokens += static_cast<int>(e.input.size());
    }
    std::vector<double> losses(threads, 0.0);
    const ModelWeights& fw = tr.forward_weights();  // w, or w as the 4-bit file stores it (QAT)
    auto work = [&](int k) {
      set_zero(worker_grads[k]);
      std::vector<const Example*> mine;  // examples k, k + threads, ...: the same split as before
      for (std::size_t i = k; i < batch.size(); i += threads) mine.push_back(&batch[i]);
      losses[k] = examples_forward_backward(worker_grads[k], fw, mine, 1.0f / masked, traces[k]);
    };
    std::vector<std::thread> pool;
    for (int k = 1; k < threads; ++k) pool.emplace_back(work, k);
    work(0);
    for (std::thread& th : pool) th.join();
    set_zero(tr.grads);
    double loss = 0;
    for (int k = 0; k < threads; ++k) {
      add_into(tr.grads, worker_grads[k]);
      loss += losses[k];
    }
    zero_rows(tr.grads.tok_emb, unused);
    const StepStats s = tr.apply(loss, tokens, masked);
    if (!std::isfinite(s.loss)) {
      std::fprintf(stderr, "train_model: loss is not finite at step %lld, stopping\n", (long long)tr.step);
      return 1;
    }
    window_loss += s.loss;
    window_tokens += tokens;
    total_tokens += tokens;
    ++window_steps;
    const double now = since_start();
    if (tr.step % log_every == 0 || tr.step == end_step) {
      const double tps = window_tokens / std::max(1e-9, now - window_t0);
      const double eta = (end_step - tr.step) * now / std::max<int64_t>(1, tr.step - first_step);
      std::printf("step %6lld/%d  loss %.4f  lr %.2e  |g| %.2f  %6.0f tok/s  %7.1f s  eta %.0f min\n",
                  (long long)tr.step, static_cast<int>(end_step), window_loss / window_steps, s.lr, s.grad_norm, tps,
                  elapsed_before + now, eta / 60);
      std::fflush(stdout);
      if (!bench && (tr.step % eval_every == 0 || tr.step == end_step)) {
        // Each language's first eval_lines held-out lines; the overall numbers pool their pieces.
        EvalResult ev;
        double loss_sum = 0;
        std::string per_lang, per_lang_csv;
        for (std::size_t k = 0; k < langs.size(); ++k) {
          // During QAT the weights as they will ship (what the run optimises), otherwise w.
          const EvalResult e = evaluate(tr.forward_weights(), held[k], eval_lines, 1234, cfg.max_len);
          loss_sum += e.loss * e.masked;
          ev.masked += e.masked;
          ev.correct1 += e.correct1;
          ev.correct5 += e.correct5;
          char buf[96];
          std::snprintf(buf, sizeof buf, "  %s %.3f/%.3f", langs[k].c_str(), e.top1(), e.top5());
          per_lang += buf;
          per_lang_csv += "," + std::to_string(e.top1());
        }
        ev.loss = ev.masked ? loss_sum / ev.masked : 0;
        std::printf("eval  %6lld  held-out loss %.4f  top-1 %.3f  top-5 %.3f  (%d masked)%s\n", (long long)tr.step,
                    ev.loss, ev.top1(), ev.top5(), ev.masked, per_lang.c_str());
        csv << tr.step << "," << window_loss / window_steps << "," << ev.loss << "," << ev.top1() << "," << ev.top5()
            << "," << s.lr << "," << tps << "," << elapsed_before + now << per_lang_csv << "\n";
        csv.flush();
      }
      window_loss = window_tokens = 0;
      window_steps = 0;
      window_t0 = since_start();
    }
    if (!bench && (since_start() - last_ckpt > ckpt_seconds || tr.step == end_step)) {
      if (!write_file_atomic(ckpt_path, save_checkpoint(tr, vocab, elapsed_before + since_start())))
        std::fprintf(stderr, "train_model: could not write %s\n", ckpt_path.c_str());
      if (tr.qat_levels().fitted_at >= 0 && !write_levels(levels_path, tr.qat_levels()))
        std::fprintf(stderr, "train_model: could not write %s\n", levels_path.c_str());
      last_ckpt = since_start();
    }
  }
  const double wall = since_start();
  std::printf("train_model: %lld steps in %.1f s, %.0f tokens/s\n", (long long)(bench ? bench : tr.step), wall,
              total_tokens / std::max(1e-9, wall));
  return 0;
}
