// The example chips under the text field: a few sentences in the page's language (the article's own among them); one tap loads one.
'use strict';
(function () {
  // [language of the sentence, sentence]. The article's examples come first; the model reads both
  // languages, so the Vietnamese page also offers the English sentences the article quotes.
  const EXAMPLES = {
    vi: [
      ['vi', 'Con mèo đuổi theo con chuột.'],
      ['en', 'The cat sat on the mat because it was warm.'],
      ['en', 'The animal didn\'t cross the street because it was too tired.'],
      ['vi', 'Tìm bạn Bảo đội nón đỏ trong đám đông.'],
      ['vi', 'Con mèo nằm trên tấm thảm vì ở đó ấm.'],
      ['vi', 'Lan đưa sách cho Minh vì cô ấy đã đọc xong.'],
    ],
    en: [
      ['en', 'The cat sat on the mat because it was warm.'],
      ['en', 'The animal didn\'t cross the street because it was too tired.'],
      ['en', 'The cat chased the mouse.'],
      ['en', 'Find my friend Bao in the red hat.'],
      ['en', 'She gave him the book because she had finished it.'],
      ['vi', 'Con mèo đuổi theo con chuột.'],
    ],
  };
  const LABEL = { vi: 'Câu ví dụ (chạm để thử)', en: 'Example sentences (tap to try one)' };
  const box = document.getElementById('examples');
  const text = document.getElementById('text-input');
  if (!box || !text) return;

  function render() {
    const lang = document.documentElement.lang === 'en' ? 'en' : 'vi';
    if (box.dataset.lang === lang) return;
    box.dataset.lang = lang;
    box.setAttribute('aria-label', LABEL[lang]);
    box.replaceChildren();
    for (const [sentenceLang, sentence] of EXAMPLES[lang]) {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'chip';
      b.lang = sentenceLang;  // a screen reader reads the sentence in its own language
      b.textContent = sentence;  // never innerHTML
      b.title = sentence;  // the whole sentence when the chip cuts it short
      // Through the text field, as if typed: page.js sends it to the canvas, a figure refits the field.
      b.addEventListener('click', () => {
        text.value = sentence;
        text.dispatchEvent(new Event('input'));
      });
      box.appendChild(b);
    }
  }
  render();
  // page.js sets <html lang> whenever the reader switches language.
  new MutationObserver(render).observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
})();
