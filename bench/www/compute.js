// In-page compute bench: the WASM core (a), plain JavaScript loops (c) and TensorFlow.js on its WASM backend (d), same inputs;
// and the core's honest attention (norms + rollout) on the model's trace, WASM only.
// Loaded into the playground page by bench/run.mjs; window.__benchCompute is driven from node.
(() => {
  'use strict';

  // V8 first runs WebAssembly (and hot JavaScript) with a baseline compiler and swaps optimised
  // code in after some executions: every implementation is run for ~30 ms (at least twice) before
  // it is timed, so the steady state is compared (JIT tiers, first allocations).
  function warmUp(f, ms = 30) {
    const t0 = performance.now();
    let calls = 0;
    while (calls < 2 || performance.now() - t0 < ms) { f(); calls++; }
  }

  // One sample = `inner` calls, `inner` chosen so a sample lasts about targetMs: performance.now()
  // is coarsened to 0.1 ms in a page that is not cross-origin isolated.
  function timeIt(f, targetMs, samples) {
    warmUp(f);
    let t0 = performance.now();
    f();
    const one = Math.max(performance.now() - t0, 0.05);
    const inner = Math.max(1, Math.round(targetMs / one));
    if (one > 1000) samples = Math.min(samples, 3);  // plain JS at 512 tokens: seconds a call
    const ms = [];
    for (let s = 0; s < samples; s++) {
      t0 = performance.now();
      for (let i = 0; i < inner; i++) f();
      ms.push((performance.now() - t0) / inner);
    }
    return summary(ms, inner);
  }
  function summary(ms, inner) {
    const s = ms.slice().sort((a, b) => a - b);
    const m = s.length >> 1;
    return { median_ms: s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2, min_ms: s[0], max_ms: s[s.length - 1], inner, samples: s.length };
  }

  function M() {
    const m = window.__benchModule;
    if (!m || !m._ap_bench_attention_setup) throw new Error('bench entry points missing from the WASM module');
    return m;
  }
  const heap = (ptr, len) => M().HEAPF32.slice(ptr >> 2, (ptr >> 2) + len);  // a copy: the heap may grow

  // ---- (c) the same math in plain JavaScript, as a JS-only visualiser would write it ----------------

  // out[n, m] = x[n, k] . w[k, m] + b[m]   (i-p-j order: the inner loop walks rows of w)
  function linear(x, w, b, n, k, m) {
    const out = new Float32Array(n * m);
    for (let i = 0; i < n; i++) {
      const o = i * m;
      for (let j = 0; j < m; j++) out[o + j] = b[j];
      for (let p = 0; p < k; p++) {
        const a = x[i * k + p], wp = p * m;
        for (let j = 0; j < m; j++) out[o + j] += a * w[wp + j];
      }
    }
    return out;
  }

  // Keeps every head's n x n weights, as the playground does: a visualiser needs them to draw.
  function attentionJs(x, P, n, d, heads) {
    const dk = d / heads, scale = 1 / Math.sqrt(dk);
    const q = linear(x, P.wq, P.bq, n, d, d), k = linear(x, P.wk, P.bk, n, d, d), v = linear(x, P.wv, P.bv, n, d, d);
    const concat = new Float32Array(n * d);
    const weights = [];
    for (let h = 0; h < heads; h++) {
      const W = new Float32Array(n * n), off = h * dk;
      for (let i = 0; i < n; i++) {
        const qi = i * d + off, wi = i * n;
        let max = -Infinity;
        for (let j = 0; j < n; j++) {
          const kj = j * d + off;
          let s = 0;
          for (let t = 0; t < dk; t++) s += q[qi + t] * k[kj + t];
          s *= scale;
          W[wi + j] = s;
          if (s > max) max = s;
        }
        let sum = 0;
        for (let j = 0; j < n; j++) { const e = Math.exp(W[wi + j] - max); W[wi + j] = e; sum += e; }
        const inv = 1 / sum;
        for (let j = 0; j < n; j++) {
          const wij = W[wi + j] * inv, vj = j * d + off;
          W[wi + j] = wij;
          for (let t = 0; t < dk; t++) concat[qi + t] += wij * v[vj + t];
        }
      }
      weights.push(W);
    }
    return { out: linear(concat, P.wo, P.bo, n, d, d), weights };
  }

  function layernorm(x, g, b, n, d) {
    const out = new Float32Array(n * d);
    for (let i = 0; i < n; i++) {
      const o = i * d;
      let mean = 0;
      for (let j = 0; j < d; j++) mean += x[o + j];
      mean /= d;
      let vr = 0;
      for (let j = 0; j < d; j++) { const c = x[o + j] - mean; vr += c * c; }
      const r = 1 / Math.sqrt(vr / d + 1e-5);
      for (let j = 0; j < d; j++) out[o + j] = (x[o + j] - mean) * r * g[j] + b[j];
    }
    return out;
  }
  const GELU_C = Math.sqrt(2 / Math.PI);
  function gelu(x) {
    const out = new Float32Array(x.length);
    for (let i = 0; i < x.length; i++) { const v = x[i]; out[i] = 0.5 * v * (1 + Math.tanh(GELU_C * (v + 0.044715 * v * v * v))); }
    return out;
  }
  function add(a, b) { const o = new Float32Array(a.length); for (let i = 0; i < a.length; i++) o[i] = a[i] + b[i]; return o; }

  // Pre-layer-norm encoder layers + final layer norm, from the embedded input (as src/core/model.cpp).
  function modelJs(W, n) {
    const { d, dff, heads } = W;
    let x = W.embed;
    for (const L of W.layers) {
      const a = attentionJs(layernorm(x, L.ln1_g, L.ln1_b, n, d), L, n, d, heads).out;
      const mid = add(x, a);
      const f = linear(gelu(linear(layernorm(mid, L.ln2_g, L.ln2_b, n, d), L.w1, L.b1, n, d, dff)), L.w2, L.b2, n, dff, d);
      x = add(mid, f);
    }
    return layernorm(x, W.lnf_g, W.lnf_b, n, d);
  }

  // ---- (d) TensorFlow.js, WASM backend ----------------------------------------------------------------

  let tfInfo = null;
  async function tfSetup() {
    if (tfInfo) return tfInfo;
    const tf = window.tf;
    if (!tf || !tf.wasm) throw new Error('TensorFlow.js scripts not loaded');
    // Its .wasm files are served next to its script by the bench's own server: nothing from a CDN.
    tf.wasm.setWasmPaths(location.origin + '/bench/tfjs/');
    const ok = await tf.setBackend('wasm');
    await tf.ready();
    tfInfo = { ok, backend: tf.getBackend(), version: tf.version_core,
      simd: await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'), threads: await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT') };
    return tfInfo;
  }

  function tfAttention(tf, X, T, n, d, heads) {
    const dk = d / heads;
    const split = (t) => tf.transpose(tf.reshape(t, [n, heads, dk]), [1, 0, 2]);  // [heads, n, dk]
    const q = split(tf.add(tf.matMul(X, T.wq), T.bq)), k = split(tf.add(tf.matMul(X, T.wk), T.bk));
    const v = split(tf.add(tf.matMul(X, T.wv), T.bv));
    const w = tf.softmax(tf.mul(tf.matMul(q, k, false, true), 1 / Math.sqrt(dk)));  // [heads, n, n]
    const c = tf.reshape(tf.transpose(tf.matMul(w, v), [1, 0, 2]), [n, d]);
    return tf.add(tf.matMul(c, T.wo), T.bo);
  }
  function tfLayernorm(tf, x, g, b) {
    const { mean, variance } = tf.moments(x, -1, true);
    return tf.add(tf.mul(tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, 1e-5))), g), b);
  }
  function tfGelu(tf, x) {
    const u = tf.mul(tf.add(x, tf.mul(tf.pow(x, 3), 0.044715)), GELU_C);
    return tf.mul(tf.mul(x, 0.5), tf.add(tf.tanh(u), 1));
  }

  // ---- inputs from the WASM side, so every implementation computes on the same numbers ----------------

  const ATT_NAMES = ['x', 'wq', 'bq', 'wk', 'bk', 'wv', 'bv', 'wo', 'bo', 'out'];
  function attentionInputs(n, d) {
    const sizes = { x: n * d, wq: d * d, wk: d * d, wv: d * d, wo: d * d, bq: d, bk: d, bv: d, bo: d, out: n * d };
    const P = {};
    ATT_NAMES.forEach((name, i) => { P[name] = heap(M()._ap_bench_attention_ptr(i), sizes[name]); });
    return P;
  }
  const LAYER_NAMES = ['ln1_g', 'ln1_b', 'wq', 'bq', 'wk', 'bk', 'wv', 'bv', 'wo', 'bo', 'ln2_g', 'ln2_b', 'w1', 'b1', 'w2', 'b2'];
  function modelInputs(n, d, layers, heads, dff) {
    const m = M();
    const sizes = { w1: d * dff, b1: dff, w2: dff * d, wq: d * d, wk: d * d, wv: d * d, wo: d * d };
    const W = { d, dff, heads, layers: [] };
    W.embed = heap(m._ap_bench_model_ptr(-1, 0), n * d);
    W.lnf_g = heap(m._ap_bench_model_ptr(-1, 1), d);
    W.lnf_b = heap(m._ap_bench_model_ptr(-1, 2), d);
    W.out = heap(m._ap_bench_model_ptr(-1, 3), n * d);
    for (let l = 0; l < layers; l++) {
      const L = {};
      LAYER_NAMES.forEach((name, i) => { L[name] = heap(m._ap_bench_model_ptr(l, i), sizes[name] || d); });
      W.layers.push(L);
    }
    return W;
  }

  // Largest |a - b| relative to the largest |b|: the JS and TF.js answers must match the core's.
  function relErr(a, b) {
    let e = 0, s = 0;
    for (let i = 0; i < b.length; i++) { e = Math.max(e, Math.abs(a[i] - b[i])); s = Math.max(s, Math.abs(b[i])); }
    return s > 0 ? e / s : e;
  }

  function wasmTiming(run, targetMs, samples) {
    const m = M();
    warmUp(() => run(1, 1));
    const one = Math.max(run(1, 1), 0.05);
    const inner = Math.max(1, Math.round(targetMs / one));
    run(inner, samples);
    return { median_ms: m._ap_bench_last(0), min_ms: m._ap_bench_last(1), max_ms: m._ap_bench_last(2), inner, samples };
  }

  // kind 'attention' | 'model': returns {wasm, js, tfjs} timings and the checks against the core.
  // kind 'honest': {wasm} = everything the norm and rollout views need for one text, computed on
  // the trace of the model forward, {forward} = that forward in the same page, and the checksum.
  async function run(kind, cfg) {
    const { n, d, heads, layers, dff, vocab, seed, targetMs, samples } = cfg;
    const m = M();
    const res = { kind, n };
    if (kind === 'honest') {
      if (!m._ap_bench_model_setup(n, d, layers, heads, dff, vocab, seed)) throw new Error('model setup refused');
      res.wasm = wasmTiming((i, s) => m._ap_bench_honest_run(i, s), targetMs, samples);
      res.checksum = m._ap_bench_honest_checksum();
      res.forward = wasmTiming((i, s) => m._ap_bench_model_run(i, s), targetMs, samples);
      return res;
    }
    const tf = window.tf;
    await tfSetup();
    if (kind === 'attention') {
      if (!m._ap_bench_attention_setup(n, d, heads, seed)) throw new Error('attention setup refused');
      const P = attentionInputs(n, d);
      res.wasm = wasmTiming((i, s) => m._ap_bench_attention_run(i, s), targetMs, samples);
      const js = attentionJs(P.x, P, n, d, heads).out;
      res.js_rel_err = relErr(js, P.out);
      res.js = timeIt(() => attentionJs(P.x, P, n, d, heads), targetMs, samples);
      const T = {};
      for (const k of ['wq', 'wk', 'wv', 'wo']) T[k] = tf.tensor2d(P[k], [d, d]);
      for (const k of ['bq', 'bk', 'bv', 'bo']) T[k] = tf.tensor1d(P[k]);
      const X = tf.tensor2d(P.x, [n, d]);
      const f = () => { const o = tf.tidy(() => tfAttention(tf, X, T, n, d, heads)); const v = o.dataSync(); o.dispose(); return v; };
      res.tfjs_rel_err = relErr(f(), P.out);
      res.tfjs = timeIt(f, targetMs, samples);
      X.dispose();
      for (const k in T) T[k].dispose();
    } else {
      if (!m._ap_bench_model_setup(n, d, layers, heads, dff, vocab, seed)) throw new Error('model setup refused');
      const W = modelInputs(n, d, layers, heads, dff);
      res.wasm = wasmTiming((i, s) => m._ap_bench_model_run(i, s), targetMs, samples);
      res.js_rel_err = relErr(modelJs(W, n), W.out);
      res.js = timeIt(() => modelJs(W, n), targetMs, samples);
      const TL = W.layers.map((L) => {
        const T = {};
        for (const k of ['wq', 'wk', 'wv', 'wo']) T[k] = tf.tensor2d(L[k], [d, d]);
        T.w1 = tf.tensor2d(L.w1, [d, dff]);
        T.w2 = tf.tensor2d(L.w2, [dff, d]);
        for (const k of ['bq', 'bk', 'bv', 'bo', 'b1', 'b2', 'ln1_g', 'ln1_b', 'ln2_g', 'ln2_b']) T[k] = tf.tensor1d(L[k]);
        return T;
      });
      const E = tf.tensor2d(W.embed, [n, d]), G = tf.tensor1d(W.lnf_g), B = tf.tensor1d(W.lnf_b);
      const fwd = () => {
        let x = E;
        for (const T of TL) {
          const mid = tf.add(x, tfAttention(tf, tfLayernorm(tf, x, T.ln1_g, T.ln1_b), T, n, d, heads));
          const h = tfGelu(tf, tf.add(tf.matMul(tfLayernorm(tf, mid, T.ln2_g, T.ln2_b), T.w1), T.b1));
          x = tf.add(mid, tf.add(tf.matMul(h, T.w2), T.b2));
        }
        return tfLayernorm(tf, x, G, B);
      };
      const f = () => { const o = tf.tidy(fwd); const v = o.dataSync(); o.dispose(); return v; };
      res.tfjs_rel_err = relErr(f(), W.out);
      res.tfjs = timeIt(f, targetMs, samples);
      for (const T of TL) for (const k in T) T[k].dispose();
      E.dispose(); G.dispose(); B.dispose();
    }
    return res;
  }

  window.__benchCompute = { run, tfSetup, timeIt, summary };
})();
