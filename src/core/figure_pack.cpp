// Figure packs: made from a session with the trained model, written and read in a checked binary form.
#include "figure_pack.h"

#include <cmath>
#include <cstring>

#include "session.h"

namespace attn {

namespace {

constexpr char kMagic[8] = {'A', 'T', 'T', 'N', 'F', 'I', 'G', '1'};
constexpr uint32_t kVersion = 1;
// The playground's own limits: a pack never holds more than a session could.
constexpr uint32_t kMaxLayers = 16, kMaxHeads = 16, kMaxDModel = 1024, kMaxString = 1 << 16;

class Writer {
 public:
  void u32(uint32_t v) {
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
  }
  void f32(float f) {
    uint32_t v;
    std::memcpy(&v, &f, 4);
    u32(v);
  }
  void str(const std::string& s) {
    u32(static_cast<uint32_t>(s.size()));
    out += s;
  }
  void mat(const Mat& m) {  // shape first, then the values row by row
    u32(static_cast<uint32_t>(m.rows()));
    u32(static_cast<uint32_t>(m.cols()));
    for (Eigen::Index r = 0; r < m.rows(); ++r)
      for (Eigen::Index c = 0; c < m.cols(); ++c) f32(m(r, c));
  }
  std::string out;
};

class Reader {
 public:
  Reader(const uint8_t* d, std::size_t n) : d_(d), n_(n) {}
  bool ok() const { return ok_; }
  std::size_t left() const { return n_ - at_; }
  bool fail(const char* why) {
    if (ok_) {
      ok_ = false;
      why_ = why;
    }
    return false;
  }
  const char* why() const { return why_; }
  uint32_t u32() {
    if (left() < 4) {
      fail("truncated");
      return 0;
    }
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i) v |= static_cast<uint32_t>(d_[at_ + i]) << (8 * i);
    at_ += 4;
    return v;
  }
  // 0 or 1, nothing else (so a pack reads back as the very bytes it was written from).
  bool flag() {
    const uint32_t v = u32();
    if (v > 1) fail("a flag is neither 0 nor 1");
    return v == 1;
  }
  // -inf only where allowed (a masked score); NaN and +inf never.
  float f32(bool minus_inf_ok = false) {
    const uint32_t v = u32();
    float f;
    std::memcpy(&f, &v, 4);
    if (!std::isfinite(f) && !(minus_inf_ok && std::isinf(f) && f < 0)) fail("a number is not finite");
    return f;
  }
  std::string str() {
    const uint32_t len = u32();
    if (len > kMaxString || len > left()) {
      fail("a string is longer than the bytes left");
      return {};
    }
    std::string s(reinterpret_cast<const char*>(d_ + at_), len);
    at_ += len;
    return s;
  }
  // A matrix of exactly rows x cols (the shape the pack's header implies), or a refusal.
  Mat mat(Eigen::Index rows, Eigen::Index cols, bool minus_inf_ok = false) {
    const uint32_t r = u32(), c = u32();
    if (!ok_) return {};
    if (static_cast<Eigen::Index>(r) != rows || static_cast<Eigen::Index>(c) != cols) {
      fail("a matrix has the wrong shape");
      return {};
    }
    if (static_cast<uint64_t>(r) * c * 4 > left()) {
      fail("truncated");
      return {};
    }
    Mat m(rows, cols);
    for (Eigen::Index i = 0; i < rows; ++i)
      for (Eigen::Index j = 0; j < cols; ++j) m(i, j) = f32(minus_inf_ok);
    return m;
  }

 private:
  const uint8_t* d_;
  std::size_t n_, at_ = 0;
  bool ok_ = true;
  const char* why_ = "";
};

Mat row_to_mat(const RowVec& v) { return Mat(v); }

}  // namespace

bool FigurePack::matches(const PlaygroundState& s) const {
  return s.text == text && s.causal == causal && s.temperature == temperature && s.hidden == hidden;
}

FigurePack make_figure_pack(const Session& s, const std::vector<int>& vector_layers) {
  FigurePack p;
  const PlaygroundState& st = s.state();
  p.text = st.text;
  p.causal = st.causal;
  p.temperature = st.temperature;
  p.hidden = st.hidden;
  p.model_name = s.model().name;
  p.cfg = s.model().cfg;
  p.tokens = s.tokens();
  p.truncated = s.truncated();
  p.total_tokens = s.total_tokens();
  const ModelTrace& t = s.trace();
  const std::size_t layers = t.layers.size();
  p.vectors.assign(layers, false);
  for (int l : vector_layers)
    if (l >= 0 && l < static_cast<int>(layers)) p.vectors[l] = true;
  p.trace.ids = t.ids;
  p.trace.layers.resize(layers);
  for (std::size_t l = 0; l < layers; ++l) {
    const LayerTrace& from = t.layers[l];
    LayerTrace& to = p.trace.layers[l];
    if (p.vectors[l]) {
      to.ln1 = from.ln1;
      to.attn = from.attn;
      for (std::size_t h = 0; h < from.attn.heads.size(); ++h)  // the session keeps no score steps
        to.attn.heads[h] = *s.head_trace(static_cast<int>(l), static_cast<int>(h));
    } else {
      to.attn.heads.resize(from.attn.heads.size());
      for (std::size_t h = 0; h < from.attn.heads.size(); ++h)  // (the session's trace keeps no weights)
        to.attn.heads[h].weights = s.computed_weights(static_cast<int>(l), static_cast<int>(h));
    }
    const ValueNorms* vn = s.shown().value_norms(s, static_cast<int>(l));
    p.norms.push_back(vn ? *vn : ValueNorms{});
  }
  return p;
}

std::string encode_figure_pack(const FigurePack& p) {
  Writer w;
  w.out.assign(kMagic, sizeof kMagic);
  w.u32(kVersion);
  w.str(p.text);
  w.u32(p.causal ? 1 : 0);
  w.f32(p.temperature);
  w.u32(static_cast<uint32_t>(p.hidden.size()));
  for (int h : p.hidden) w.u32(static_cast<uint32_t>(h));
  w.str(p.model_name);
  w.u32(static_cast<uint32_t>(p.cfg.n_layers));
  w.u32(static_cast<uint32_t>(p.cfg.n_heads));
  w.u32(static_cast<uint32_t>(p.cfg.d_model));
  w.u32(static_cast<uint32_t>(p.cfg.d_ff));
  w.u32(static_cast<uint32_t>(p.cfg.vocab_size));
  w.u32(static_cast<uint32_t>(p.tokens.size()));
  w.u32(p.truncated ? 1 : 0);
  w.u32(static_cast<uint32_t>(p.total_tokens));
  for (const Token& t : p.tokens) {
    w.str(t.text);
    w.u32(static_cast<uint32_t>(t.begin));
    w.u32(static_cast<uint32_t>(t.end));
    w.u32(static_cast<uint32_t>(t.id));
    w.u32(t.joins_previous ? 1 : 0);
  }
  for (std::size_t l = 0; l < p.trace.layers.size(); ++l) {
    const LayerTrace& lt = p.trace.layers[l];
    const bool vec = p.vectors[l];
    w.u32(vec ? 1 : 0);
    for (const HeadTrace& h : lt.attn.heads) {
      w.mat(h.weights);
      if (!vec) continue;
      for (const Mat* m : {&h.q, &h.k, &h.v, &h.scores, &h.scaled, &h.masked, &h.context}) w.mat(*m);
    }
    if (vec) {
      w.mat(lt.ln1);
      w.mat(lt.attn.input);
      w.mat(lt.attn.concat);
      w.mat(lt.attn.output);
    }
    const ValueNorms& vn = p.norms[l];
    w.mat(vn.head);
    w.mat(row_to_mat(vn.all));
    w.mat(vn.gram);
  }
  return w.out;
}

bool decode_figure_pack(const uint8_t* data, std::size_t size, FigurePack* out, std::string* error) {
  auto refuse = [&](const std::string& why) {
    if (error) *error = "figure pack refused: " + why;
    return false;
  };
  if (size < sizeof kMagic + 4 || std::memcmp(data, kMagic, sizeof kMagic) != 0) return refuse("not a figure pack");
  Reader r(data + sizeof kMagic, size - sizeof kMagic);
  if (r.u32() != kVersion) return refuse("unsupported version");
  FigurePack p;
  p.text = r.str();
  p.causal = r.flag();
  p.temperature = r.f32();
  const uint32_t hidden = r.u32();
  if (hidden > kMaxTokens || hidden * 4ull > r.left()) return refuse("too many hidden tokens");
  for (uint32_t i = 0; i < hidden && r.ok(); ++i) p.hidden.push_back(static_cast<int>(r.u32()));
  p.model_name = r.str();
  p.cfg.n_layers = static_cast<int>(r.u32());
  p.cfg.n_heads = static_cast<int>(r.u32());
  p.cfg.d_model = static_cast<int>(r.u32());
  p.cfg.d_ff = static_cast<int>(r.u32());
  p.cfg.vocab_size = static_cast<int>(r.u32());
  const uint32_t n = r.u32();
  p.truncated = r.flag();
  p.total_tokens = r.u32();
  if (!r.ok()) return refuse(r.why());
  const uint32_t L = static_cast<uint32_t>(p.cfg.n_layers), H = static_cast<uint32_t>(p.cfg.n_heads),
                 d = static_cast<uint32_t>(p.cfg.d_model);
  if (L == 0 || L > kMaxLayers || H == 0 || H > kMaxHeads || d == 0 || d > kMaxDModel || d % H != 0 ||
      p.cfg.vocab_size <= 0 || p.cfg.d_ff <= 0)
    return refuse("model shape out of range");
  if (n == 0 || n > kMaxTokens || p.total_tokens < n) return refuse("token count out of range");
  // Each token takes at least 20 bytes, each layer at least its heads' weights: check before allocating.
  if (n * 20ull + L * (H * (8ull + 4ull * n * n)) > r.left()) return refuse("truncated");
  for (uint32_t i = 0; i < n; ++i) {
    Token t;
    t.text = r.str();
    t.begin = r.u32();
    t.end = r.u32();
    t.id = static_cast<int>(r.u32());
    t.joins_previous = r.flag();
    if (!r.ok()) return refuse(r.why());
    if (t.begin > t.end || t.end > p.text.size() || t.id < 0 || t.id >= p.cfg.vocab_size)
      return refuse("a token is out of range");
    p.trace.ids.push_back(t.id);
    p.tokens.push_back(std::move(t));
  }
  // The state a session would keep: a temperature it would not clamp, hidden positions in order.
  if (clamp_temperature(p.temperature) != p.temperature) return refuse("temperature out of range");
  for (std::size_t i = 0; i < p.hidden.size(); ++i)
    if (p.hidden[i] < 0 || p.hidden[i] >= static_cast<int>(n) || (i > 0 && p.hidden[i] <= p.hidden[i - 1]))
      return refuse("a hidden token is out of range or out of order");
  const Eigen::Index N = n, D = d, dk = d / H, pairs = H * (H + 1) / 2;
  p.trace.layers.resize(L);
  p.vectors.assign(L, false);
  for (uint32_t l = 0; l < L && r.ok(); ++l) {
    LayerTrace& lt = p.trace.layers[l];
    const bool vec = r.flag();
    p.vectors[l] = vec;
    lt.attn.heads.resize(H);
    for (HeadTrace& h : lt.attn.heads) {
      h.weights = r.mat(N, N);
      if (!vec) continue;
      h.q = r.mat(N, dk);
      h.k = r.mat(N, dk);
      h.v = r.mat(N, dk);
      h.scores = r.mat(N, N);
      h.scaled = r.mat(N, N);
      h.masked = r.mat(N, N, true);  // -inf where the mask or a hidden key forbids a pair
      h.context = r.mat(N, dk);
    }
    if (vec) {
      lt.ln1 = r.mat(N, D);
      lt.attn.input = r.mat(N, D);
      lt.attn.concat = r.mat(N, D);
      lt.attn.output = r.mat(N, D);
    }
    ValueNorms vn;
    vn.n_heads = static_cast<int>(H);
    vn.head = r.mat(H, N);
    const Mat all = r.mat(1, N);
    vn.gram = r.mat(pairs, N);
    if (!r.ok()) return refuse(r.why());  // (a failed read is 0 x 0, which a row vector cannot take)
    vn.all = all;
    p.norms.push_back(std::move(vn));
  }
  if (!r.ok()) return refuse(r.why());
  if (r.left() != 0) return refuse("bytes left over after the last layer");
  *out = std::move(p);
  return true;
}

std::string figure_pack_key(const std::string& url_hash) {
  uint32_t h = 2166136261u;
  for (unsigned char c : url_hash) h = (h ^ c) * 16777619u;
  char buf[9];
  static const char* const hex = "0123456789abcdef";
  for (int i = 0; i < 8; ++i) buf[i] = hex[(h >> (28 - 4 * i)) & 0xf];
  buf[8] = 0;
  return buf;
}

}  // namespace attn
