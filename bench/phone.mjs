// The slow-phone profile of scripts/bench.sh (issue 14): a mid-range phone on a slow mobile link, cold cache,
// files served brotli-compressed by scripts/serve.mjs. Start-up of the main page and of the demo article's
// first embed, then a reader scrolling the demo article: entering the viewport -> trained picture for every
// embed, and the page's memory at the end and after scrolling back.
import fs from 'node:fs';
import path from 'node:path';
import { PHONE } from '../tests/browser/browser.mjs';

const HERE = path.dirname(new URL(import.meta.url).pathname);
// Chromium's DevTools protocol: bytes per second for the link, a factor for the CPU.
export const SLOW_PHONE = { downKbit: 1600, upKbit: 750, latencyMs: 150, cpuSlowdown: 4 };

async function phonePage(browser, profile = SLOW_PHONE) {
  const context = await browser.newContext(PHONE);  // a new context: an empty HTTP cache
  await context.addInitScript({ path: path.join(HERE, 'www/hooks.js') });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: profile.latencyMs,
    downloadThroughput: profile.downKbit * 1000 / 8, uploadThroughput: profile.upKbit * 1000 / 8 });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: profile.cpuSlowdown });
  return { context, page, cdp, errors };
}

// Marks of one document (the page or an embed) in the host's clock (ms since the host's navigation).
// `index` picks an embed (its index among iframe.embed), or null for the page itself.
function readMarks(page, index) {
  return page.evaluate((index) => {
    const w = index === null ? window : (document.querySelectorAll('iframe.embed')[index] || {}).contentWindow;
    if (!w || !w.__benchMarks) return null;
    const shift = w.performance.timeOrigin - performance.timeOrigin;
    const at = (v) => (typeof v === 'number' ? v + shift : null);
    const m = w.__benchMarks;
    const res = w.performance.getEntriesByType('resource');
    const end = (re) => { const e = res.find((r) => re.test(r.name)); return e ? at(e.responseEnd) : null; };
    const start = (re) => { const e = res.find((r) => re.test(r.name)); return e ? at(e.startTime) : null; };
    return { fcp: at(m.fcp), moduleStart: at(m.moduleStart), ready: at(m.ready), model: at(m.model), trained: at(m.trainedPicture),
      from: m.trainedPictureFrom || null, modelPicture: at(m.modelPicture),
      modelState: m.modelState ? m.modelState.state : null, readyError: m.readyError || null,
      wasmEnd: end(/playground(\.[0-9a-f]{12})?\.wasm$/), modelStart: start(/attention-model[^/]*\.bin$/), modelEnd: end(/attention-model[^/]*\.bin$/),
      bytes: res.reduce((t, r) => t + (r.transferSize || 0), 0) };
  }, index);
}

async function waitTrained(page, index, timeout = 180000) {
  await page.waitForFunction((index) => {
    const w = index === null ? window : (document.querySelectorAll('iframe.embed')[index] || {}).contentWindow;
    const m = w && w.__benchMarks;
    // The start-up loads wait for the model file's own picture too (the report gives both times).
    return m && (m.modelPicture !== undefined || m.readyError || (m.modelState && m.modelState.state !== 'trained'));
  }, index, { timeout, polling: 100 });
  return readMarks(page, index);
}

// The page's renderer process (same-origin embeds share it): resident and proportional set size.
// Only one page is open while this runs; the largest renderer of this browser is that page's.
function rendererMemory() {
  const kids = new Map();
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      kids.set(Number(d), ppid);
    } catch { /* gone */ }
  }
  const mine = (pid) => { for (let p = pid, i = 0; p > 1 && i < 20; p = kids.get(p), i++) if (p === process.pid) return true; return false; };
  let best = null;
  for (const pid of kids.keys()) {
    if (!mine(pid)) continue;
    let cmd = '';
    try { cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8'); } catch { continue; }
    if (!cmd.includes('--type=renderer')) continue;
    try {
      const roll = fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
      const kb = (k) => Number((new RegExp('^' + k + ':\\s+(\\d+)', 'm').exec(roll) || [])[1] || 0) * 1024;
      const r = { pid, rss: kb('Rss'), pss: kb('Pss') };
      if (!best || r.pss > best.pss) best = r;
    } catch { /* gone */ }
  }
  return best;
}

async function pageMemory(page, cdp) {
  await cdp.send('Performance.enable').catch(() => {});
  // Twice: the first collects what an unloaded embed left behind.
  for (let i = 0; i < 2; i++) await cdp.send('HeapProfiler.collectGarbage').catch(() => {});
  const metrics = Object.fromEntries(((await cdp.send('Performance.getMetrics')).metrics || []).map((m) => [m.name, m.value]));
  const frames = await page.evaluate(() => Array.from(document.querySelectorAll('iframe.embed')).map((f) => {
    const w = f.contentWindow, ap = w && w.attentionPlayground;
    let heap = 0;
    try { heap = ap && ap.stats ? ap.stats().wasm_heap_bytes : 0; } catch (e) { heap = 0; }
    return { live: !!ap, heap, state: f.dataset.state || '' };
  }));
  return { jsHeapUsed: metrics.JSHeapUsedSize, jsHeapTotal: metrics.JSHeapTotalSize, documents: metrics.Documents, frames: metrics.Frames,
    liveEmbeds: frames.filter((f) => f.live).length, wasmHeaps: frames.reduce((t, f) => t + f.heap, 0), renderer: rendererMemory() };
}

// A reader going through the article: scrolls a third of a screen at a time; when an embed is in
// the middle of the screen, stops until its trained picture is there (at most 60 s) and reads for
// `dwell` ms. Returns, per embed, the time from entering the viewport to its trained picture.
async function readArticle(page, dwell) {
  await page.evaluate(() => {
    window.__benchEntered = [];
    const frames = Array.from(document.querySelectorAll('iframe.embed'));
    const io = new IntersectionObserver((es) => {
      for (const e of es) {
        const i = frames.indexOf(e.target);
        if (e.isIntersecting && window.__benchEntered[i] === undefined) window.__benchEntered[i] = performance.now();
      }
    });
    for (const f of frames) io.observe(f);
  });
  const n = await page.evaluate(() => document.querySelectorAll('iframe.embed').length);
  const rows = [];
  for (let i = 0; i < n; i++) {
    // Scroll until the embed's middle reaches the viewport's middle.
    for (let k = 0; k < 100; k++) {
      const left = await page.evaluate((i) => {
        const r = document.querySelectorAll('iframe.embed')[i].getBoundingClientRect();
        return Math.round(r.top + Math.min(r.height, innerHeight) / 2 - innerHeight / 2);
      }, i);
      if (left <= 4) break;
      await page.evaluate((dy) => window.scrollBy(0, dy), Math.min(left, Math.round(PHONE.viewport.height / 3)));
      await page.waitForTimeout(400);
    }
    const m = await waitTrained(page, i, 60000).catch(() => null);
    const entered = await page.evaluate((i) => window.__benchEntered[i], i);
    rows.push({ index: i, entered, trained: m && m.trained, wait: m && m.trained !== null && entered !== undefined ? Math.max(0, m.trained - entered) : null,
      modelState: m && m.modelState });
    await page.waitForTimeout(dwell);
  }
  return rows;
}

export async function phoneRuns(browser, url, { loads, dwell, log }) {
  const out = { profile: SLOW_PHONE, main: [], embed: [], article: [] };
  for (let i = 0; i < loads; i++) {
    const { context, page } = await phonePage(browser);
    await page.goto(url + 'index.html', { timeout: 120000 });
    const m = await waitTrained(page, null);
    log('phone main', i, JSON.stringify(m));
    out.main.push(m);
    await context.close();
  }
  for (let i = 0; i < loads; i++) {
    const { context, page, cdp, errors } = await phonePage(browser);
    // release=1: an embed far off-screen for a second is unloaded (the page's default waits longer).
    await page.goto(url + 'article-demo.html?release=1', { timeout: 120000 });
    const first = await waitTrained(page, 0);
    const host = await readMarks(page, null);
    out.embed.push({ ...first, fcp: host.fcp });
    log('phone embed 1', i, JSON.stringify(first), 'host fcp', host.fcp);
    const rows = await readArticle(page, dwell);
    log('phone article', i, JSON.stringify(rows.map((r) => r.wait && Math.round(r.wait))));
    await page.waitForTimeout(3000);
    const atEnd = await pageMemory(page, cdp);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.waitForTimeout(4000);
    // Back at the top: the first embed comes back by itself (loaded again, with its state).
    const back = await page.waitForFunction(() => {
      const w = document.querySelector('iframe.embed').contentWindow;
      return w && w.attentionPlayground && w.__benchMarks && w.__benchMarks.trainedPicture !== undefined;
    }, null, { timeout: 60000, polling: 200 }).then(() => true, () => false);
    const atTop = await pageMemory(page, cdp);
    log('phone memory', i, JSON.stringify({ atEnd, atTop }));
    out.article.push({ rows, atEnd, atTop, firstBack: back, errors });
    await context.close();
  }
  return out;
}
