// Share, embed and export buttons: copy the link to this exact view, copy an iframe snippet, save pictures.
'use strict';
(function () {
  const $ = (id) => document.getElementById(id);
  const words = {
    vi: { share: 'Chia sẻ', embed: 'Nhúng', png: 'PNG', svg: 'SVG', copied: 'Đã chép vào bộ nhớ tạm.',
      copyByHand: 'Hãy chép đoạn sau:', noSvg: 'Chế độ xem này chưa xuất được SVG.' },
    en: { share: 'Share', embed: 'Embed', png: 'PNG', svg: 'SVG', copied: 'Copied to the clipboard.',
      copyByHand: 'Copy this by hand:', noSvg: 'This view cannot be exported as SVG yet.' },
  };
  const lang = () => (document.documentElement.lang === 'en' ? 'en' : 'vi');
  const w = (k) => words[lang()][k];

  const tips = {
    vi: { png: 'Tải ảnh PNG của hình đang xem (độ nét gấp đôi)', svg: 'Tải ảnh SVG (vector) của bản đồ nhiệt' },
    en: { png: 'Download the current view as a PNG (twice the resolution)', svg: 'Download the heatmap as an SVG (vector) image' },
  };
  function label() {
    $('png-btn').title = tips[lang()].png;
    $('svg-btn').title = tips[lang()].svg;
    $('share-btn').textContent = w('share');
    $('embed-btn').textContent = w('embed');
    $('png-btn').textContent = w('png');
    $('svg-btn').textContent = w('svg');
  }

  function linkToView() {
    const u = new URL(location.href);
    u.searchParams.delete('embed');
    return u.toString();
  }
  function embedCode() {
    const u = new URL(linkToView());
    u.searchParams.set('embed', '1');
    // A figure sits in a news page: light unless the reader chose a theme here (the host may write
    // theme=dark or theme=auto instead).
    if (!/(?:^#|&)theme=/.test(u.hash)) u.hash = (u.hash || '#v=1') + '&theme=light';
    const title = lang() === 'vi' ? 'Sân chơi Attention' : 'Attention playground';
    return `<iframe src="${u.toString().replace(/"/g, '%22')}" title="${title}" width="100%" height="640" style="border:0;max-width:100%" loading="lazy"></iframe>`;
  }
  async function copy(text) {
    const out = $('share-output');
    try {
      await navigator.clipboard.writeText(text);
      out.textContent = w('copied');
      out.hidden = false;
    } catch (e) {
      // No clipboard (permissions, old browser): show the text so it can be copied by hand.
      out.textContent = w('copyByHand') + ' ' + text;
      out.hidden = false;
    }
  }
  function download(blob, name) {
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = name;
    document.body.appendChild(a);
    a.click();
    setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  }

  $('share-btn').addEventListener('click', () => copy(linkToView()));
  $('embed-btn').addEventListener('click', () => copy(embedCode()));
  $('png-btn').addEventListener('click', async () => {
    const blob = await window.attentionPlayground.exportPng(2);
    if (blob) download(blob, 'attention-' + window.attentionPlayground.getState().view + '.png');
  });
  $('svg-btn').addEventListener('click', () => {
    const svg = window.attentionPlayground.exportSvg();
    if (!svg) { $('share-output').textContent = w('noSvg'); $('share-output').hidden = false; return; }
    download(new Blob([svg], { type: 'image/svg+xml' }), 'attention-' + window.attentionPlayground.getState().view + '.svg');
  });
  label();
  new MutationObserver(label).observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
})();
