#!/usr/bin/env python3
"""Turns the extracted Debian packages (build-corpus/root) into English and Vietnamese prose lines.

Called by scripts/build-corpus.sh. Every candidate line, whatever package it came from, is sorted
by its own words into English, Vietnamese or neither (dropped): an untranslated English paragraph
of the Vietnamese LibreOffice help is English text, a Vietnamese message is Vietnamese. Lines that
look like code, paths, options or format strings are dropped.
"""
import gettext
import glob
import gzip
import hashlib
import html.parser
import json
import os
import re
import subprocess
import unicodedata

OUT = os.environ.get("OUT", "build-corpus")
ROOT = os.path.join(OUT, "root")
HELDOUT_EVERY = {"en": 50, "vi": 20}  # per language, line i (0-based, after de-duplication) is held out when i % n == n - 1
MAX_LINE_CHARS = 320  # longer paragraphs are split into sentences

VI_MARKED = set("àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ")
CODE_CHARS = set("{}<>$\\|=_%@#^~`*[]")
CODE_MARK = "\x00"  # stands for a <code>/<pre> element's text inside a paragraph


def clean(s):
    s = unicodedata.normalize("NFC", s)
    return re.sub(r"\s+", " ", s).strip()


def load_syllables():
    """Vietnamese syllables (lower case) from hunspell-vi's dictionary: the language test's lexicon."""
    path = os.path.join(ROOT, "usr/share/hunspell/vi_VN.dic")
    with open(path, encoding="utf-8") as f:
        next(f)  # the entry count
        return {unicodedata.normalize("NFC", l.split("/")[0].strip()).lower() for l in f if l.strip()}


SYLLABLES = load_syllables()
WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


def language(line):
    """'vi', 'en' or None. Vietnamese: a quarter of the words carry Vietnamese letters and 70% are
    Vietnamese syllables. English: ASCII letters only. Neither: too short, code-like or mixed."""
    if any(c in CODE_CHARS for c in line) or CODE_MARK in line:
        return None
    if re.search(r"\S/\S|--|\.\w+\(|::|https?:|www\.|\.(?:html|txt|conf|deb|sh|py)\b", line):
        return None
    words = WORD_RE.findall(line)
    if len(words) < 3:
        return None
    letters = sum(len(w) for w in words)
    chars = sum(1 for c in line if not c.isspace())
    if letters < 0.7 * chars:  # mostly numbers and symbols
        return None
    lower = [w.lower() for w in words]
    marked = sum(any(c in VI_MARKED for c in w) for w in lower)
    if marked >= 0.25 * len(words) and sum(w in SYLLABLES for w in lower) >= 0.7 * len(words):
        return "vi"
    if marked == 0 and all(w.isascii() for w in words):
        return "en"
    return None


def sentences(text):
    """A paragraph as lines: whole when short, else cut after sentence ends."""
    text = clean(text)
    if len(text) <= MAX_LINE_CHARS:
        return [text]
    parts = re.split(r"(?<=[.!?])\s+(?=[A-ZÀ-Ỹ\"“(])", text)
    return [p for p in (clean(x) for x in parts) if p and len(p) <= MAX_LINE_CHARS]


# --- WordNet: its quoted example sentences (everyday usage; the dictionary-style glosses are not kept) ---
def wordnet_lines():
    for pos in ("noun", "verb", "adj", "adv"):
        with open(os.path.join(ROOT, f"usr/share/wordnet/data.{pos}"), encoding="utf-8", errors="replace") as f:
            for line in f:
                if line.startswith("  "):  # the licence header
                    continue
                _, _, gloss = line.partition(" | ")
                yield from re.findall(r'"([^"]+)"', gloss)


# --- fortunes: one fortune per line; drawings and attributions dropped ------------------------------
def fortune_lines():
    d = os.path.join(ROOT, "usr/share/games/fortunes")
    for name in sorted(os.listdir(d)):
        path = os.path.join(d, name)
        if "." in name or name == "ascii-art" or not os.path.isfile(path):
            continue
        with open(path, encoding="utf-8", errors="replace") as f:
            text = f.read()
        for entry in text.split("\n%\n"):
            entry = entry.strip("%\n")
            entry = re.sub(r"\n\s*-- .*$", "", entry, flags=re.S)  # "-- Author" lines
            if entry.strip():
                yield from sentences(entry)


# --- Vietnamese man pages: roff markup stripped ------------------------------------------------------
ESCAPES = [(r"\\\(co", "©"), (r"\\\(em", "—"), (r"\\\(en", "–"), (r"\\\(aq", "'"),
           (r"\\\(dq", '"'), (r"\\\(lq", "“"), (r"\\\(rq", "”"), (r"\\\(bu", "•"),
           (r"\\\([a-zA-Z]{2}", ""), (r"\\\*\(.{2}", ""), (r"\\\*.", ""),
           (r"\\f\[[^\]]*\]", ""), (r"\\f\(..", ""), (r"\\f.", ""), (r"\\s[-+]?\d+", ""),
           (r"\\-", "-"), (r"\\e", "\\\\"), (r"\\[&,/|^:]", ""), (r"\\ ", " "), (r"\\~", " "),
           (r"\\\.", "."), (r"\\'", "'"), (r"\\`", "`")]


def roff_paragraphs(src):
    paras, cur = [], []

    def flush():
        if cur:
            paras.append(" ".join(cur))
            cur.clear()
    for raw in src.splitlines():
        line = raw.rstrip()
        if line.startswith(".\\\"") or line.startswith("'\\\"") or line.startswith('\\"'):
            continue
        if line.startswith(".") or line.startswith("'"):
            m = re.match(r"[.'](\S+)\s*(.*)", line)
            if not m:
                flush()
                continue
            macro, args = m.group(1), m.group(2)
            if macro in ("B", "I", "BI", "IB", "BR", "RB", "IR", "RI", "SM", "SB"):
                words = [a or b for a, b in re.findall(r'"([^"]*)"|(\S+)', args)]
                cur.append((" " if macro in ("B", "I", "SM", "SB") else "").join(words))
            else:
                flush()
            continue
        if not line.strip():
            flush()
            continue
        cur.append(line)
    flush()
    for p in paras:
        for pat, rep in ESCAPES:
            p = re.sub(pat, rep, p)
        # An option's description is prose once its option list ("-b, --binary") is cut off.
        p = re.sub(r"^\s*(?:-{1,2}[\w-]+(?:[= ][A-ZÀ-Ỹ_]+\b)?[,\s]*)+(?=\w)", "", p)
        yield from sentences(p)


def manpage_lines():
    files = sorted(glob.glob(os.path.join(ROOT, "usr/share/man/vi/**/*.gz"), recursive=True))
    for path in files:
        with gzip.open(path, "rt", encoding="utf-8", errors="replace") as f:
            yield from roff_paragraphs(f.read())


# --- HTML books: the text of paragraphs and list items; code elements mark their sentence -----------
class ProseParser(html.parser.HTMLParser):
    BLOCKS = {"p", "li", "dd", "dt", "td", "th", "h1", "h2", "h3", "h4", "div", "br", "tr", "table", "ul", "ol"}
    CODE = {"code", "pre", "kbd", "tt", "samp", "var", "script", "style", "head", "title"}
    SKIP_CLASSES = {"filename", "command", "userinput", "computeroutput", "literal", "replaceable",
                    "option", "varname", "screen", "programlisting", "debug"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out, self.cur, self.code_depth, self.stack = [], [], 0, []

    def flush(self):
        if self.cur:
            self.out.append("".join(self.cur))
            self.cur = []

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
            "source", "track", "wbr"}

    def handle_starttag(self, tag, attrs):
        if tag in self.BLOCKS:
            self.flush()
        if tag in self.VOID:
            return
        a = dict(attrs)
        classes = set((a.get("class") or "").split())
        is_code = tag in self.CODE or bool(classes & self.SKIP_CLASSES) or "hidden" in a
        self.stack.append((tag, is_code))
        if is_code:
            if self.code_depth == 0:
                self.cur.append(CODE_MARK)
            self.code_depth += 1

    def handle_endtag(self, tag):
        if tag in self.VOID or not any(t == tag for t, _ in self.stack):
            return
        while self.stack:  # closes what was left open inside it (HTML allows an unclosed <p>)
            t, is_code = self.stack.pop()
            if is_code:
                self.code_depth -= 1
            if t == tag:
                break
        if tag in self.BLOCKS:
            self.flush()

    def handle_data(self, data):
        if self.code_depth == 0:
            self.cur.append(data)


def html_lines(paths, parser=ProseParser):
    for path in paths:
        p = parser()
        with open(path, encoding="utf-8", errors="replace") as f:
            p.feed(f.read())
        p.close()
        p.flush()
        for block in p.out:
            for s in sentences(block):
                yield s


def books():
    share = os.path.join(ROOT, "usr/share")
    yield "libreoffice-help-vi", html_lines(sorted(glob.glob(f"{share}/libreoffice/help/vi/text/**/*.html", recursive=True)))
    for lang in ("vi-VN", "en-US"):
        yield f"debian-handbook ({lang})", html_lines(sorted(glob.glob(f"{share}/doc/debian-handbook/html/{lang}/*.html")))
    yield "maint-guide-vi", html_lines(sorted(glob.glob(f"{share}/doc/maint-guide-vi/html/*.vi.html")))
    yield "maint-guide", html_lines(sorted(glob.glob(f"{share}/doc/maint-guide/html/*.en.html")))
    yield "debian-reference-en", html_lines(sorted(glob.glob(f"{share}/debian-reference/*.en.html")))


def catalog_entries(path):
    """(msgid, msgstr) of a compiled catalog in a fixed order; no header, no context-marked ids."""
    with open(path, "rb") as f:
        try:
            cat = gettext.GNUTranslations(f)._catalog
        except Exception:
            return
    for key in sorted(cat, key=lambda k: repr(k)):
        msgid = key[0] if isinstance(key, tuple) else key
        if msgid and "\x04" not in msgid:
            yield msgid, cat[key]


def message_lines(text):
    """A message's lines, mnemonics (_ ~ &) removed unless it is a format string."""
    text = re.sub(r"[~&](?=\w)", "", text).replace("_", "") if "%" not in text else text
    for para in re.split(r"\n\s*\n|\n", text):
        yield from sentences(para)


# --- message catalogs: English msgid and Vietnamese msgstr, mnemonics removed ------------------------
def catalog_lines():
    files = sorted(glob.glob(os.path.join(ROOT, "usr/share/locale/vi/LC_MESSAGES/*.mo")) +
                   glob.glob(os.path.join(ROOT, "usr/lib/libreoffice/program/resource/vi/LC_MESSAGES/*.mo")))
    for path in files:
        for msgid, msgstr in catalog_entries(path):
            if not msgstr or msgid == msgstr:
                continue
            for text in (msgid, msgstr):
                yield from message_lines(text)


# --- more English, appended after every source above (see ENGLISH_ONLY) ------------------------------
class MallardParser(ProseParser):
    """GNOME's help pages (Mallard XML): paragraphs and list items; code, commands, files, keys'
    sequences and the page's metadata mark or drop their sentence like HTML's code elements."""
    BLOCKS = ProseParser.BLOCKS | {"item", "title", "desc", "section", "page", "note", "terms", "tree"}
    CODE = ProseParser.CODE | {"cmd", "sys", "file", "input", "output", "screen", "info", "media",
                               "link", "credit", "license", "revision", "email", "years", "name"}


def english_catalog_lines():
    """The English msgids of the same packages' en_GB catalogs: the interface text that has no
    Vietnamese translation is not in the vi catalogs above. The British msgstr is not kept."""
    for path in sorted(glob.glob(os.path.join(ROOT, "usr/share/locale/en_GB/LC_MESSAGES/*.mo"))):
        for msgid, _ in catalog_entries(path):
            yield from message_lines(msgid)


def more_english():
    share = os.path.join(ROOT, "usr/share")
    yield "libreoffice-help-en-us", html_lines(sorted(glob.glob(f"{share}/libreoffice/help/en-US/text/**/*.html", recursive=True)))
    yield "gnome-user-docs", html_lines(sorted(glob.glob(f"{share}/help/C/**/*.page", recursive=True)), MallardParser)
    yield "message catalogs (en_GB msgids)", english_catalog_lines()
    yield "gimp-help-en", html_lines(sorted(glob.glob(f"{share}/gimp/2.0/help/en/*.html")))
    yield "gnucash-docs", html_lines(sorted(glob.glob(f"{share}/doc/gnucash-docs/gnucash-guide-en/*.html")) +
                                     sorted(glob.glob(f"{share}/doc/gnucash-docs/gnucash-help-en/*.html")))


# Sources whose Vietnamese-looking lines are dropped, so that the Vietnamese files stay as they were.
# They come last: every earlier line keeps its index, so the earlier held-out lines stay held out
# (a model trained on the earlier corpus never saw a line that is held out now).
ENGLISH_ONLY = {"libreoffice-help-en-us", "gnome-user-docs", "message catalogs (en_GB msgids)", "gimp-help-en",
                "gnucash-docs"}


def main():
    sources = [("wordnet-base", wordnet_lines()), ("fortunes", fortune_lines()),
               ("manpages-vi", manpage_lines())] + list(books()) + [("message catalogs", catalog_lines())]
    sources += list(more_english())
    seen = set()
    lines = {"en": [], "vi": []}
    per_source = {}
    for name, gen in sources:
        counts = {"en": 0, "vi": 0}
        for raw in gen:
            line = clean(raw)
            if len(line) < 8 or line in seen:
                continue
            lang = language(line)
            if lang is None or (name in ENGLISH_ONLY and lang != "en"):
                continue
            seen.add(line)
            lines[lang].append(line)
            counts[lang] += 1
        per_source[name] = counts

    files = {}
    for lang, ls in lines.items():
        for split in ("train", "heldout"):
            n = HELDOUT_EVERY[lang]
            keep = [l for i, l in enumerate(ls) if (i % n == n - 1) == (split == "heldout")]
            data = ("\n".join(keep) + "\n").encode("utf-8")
            path = os.path.join(OUT, f"{split}-{lang}.txt")
            with open(path, "wb") as f:
                f.write(data)
            files[f"{split}-{lang}"] = {"file": f"build-corpus/{split}-{lang}.txt",
                                        "sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data),
                                        "lines": len(keep), "words": sum(len(l.split()) for l in keep)}

    packages = {}
    for deb in sorted(glob.glob(os.path.join(OUT, "debs/*.deb"))):
        name = subprocess.run(["dpkg-deb", "-f", deb, "Package"], capture_output=True, text=True).stdout.strip()
        ver = subprocess.run(["dpkg-deb", "-f", deb, "Version"], capture_output=True, text=True).stdout.strip()
        with open(deb, "rb") as f:
            packages[name] = {"version": ver, "deb_sha256": hashlib.sha256(f.read()).hexdigest()}
    manifest = {
        "packages": packages,
        "sources": {
            "wordnet-base": "data.{noun,verb,adj,adv}: each quoted example sentence (the glosses are dictionary prose, not kept)",
            "fortunes": "/usr/share/games/fortunes/* (not ascii-art): each fortune, attribution dropped",
            "manpages-vi": "/usr/share/man/vi/**/*.gz: roff markup stripped",
            "libreoffice-help-vi": "help/vi/text/**/*.html: paragraphs (its untranslated paragraphs are English)",
            "debian-handbook": "html/vi-VN and html/en-US: paragraphs and list items",
            "maint-guide, maint-guide-vi, debian-reference-en": "HTML paragraphs and list items",
            "message catalogs": "usr/share/locale/vi and LibreOffice's vi resources (*.mo): msgid as English, msgstr as Vietnamese, mnemonics (_ ~ &) removed",
            "libreoffice-help-en-us": "help/en-US/text/**/*.html: paragraphs (after every source above; English only)",
            "gnome-user-docs": "help/C/**/*.page (Mallard): paragraphs and list items, code/commands/files dropped (English only)",
            "message catalogs (en_GB msgids)": "usr/share/locale/en_GB (*.mo) of the same packages: the msgids only (English only)",
            "gimp-help-en": "gimp/2.0/help/en/*.html: paragraphs and list items (English only)",
            "gnucash-docs": "doc/gnucash-docs/gnucash-{guide,help}-en/*.html: paragraphs and list items (English only)",
            "hunspell-vi": "vi_VN.dic: the Vietnamese syllable list used by the language test (no lines)",
        },
        "rules": {
            "normalisation": "Unicode NFC, runs of whitespace collapsed to one space, exact duplicate lines dropped (across languages and sources)",
            "html": "text of p/li/dd/td/headings; a sentence that contained code, a file name, a command or a product name is dropped",
            "long_lines": f"paragraphs over {MAX_LINE_CHARS} characters are split after . ! ? before a capital",
            "language": "Vietnamese: >= 25% of words carry a Vietnamese letter and >= 70% are hunspell-vi syllables; English: ASCII letters only; dropped: fewer than 3 words, any of {}<>$\\|=_%@#^~`*[], a path, an option, a URL, a file name, or under 70% letters",
            "split": "per language, after de-duplication, line i (0-based) is held out when i % n == n - 1, n = "
                     + ", ".join(f"{n} for {lang}" for lang, n in HELDOUT_EVERY.items()),
            "word_count": "whitespace-separated words",
        },
        "lines_per_source": per_source,
        "files": files,
    }
    with open("models/corpus-manifest.json", "w") as f:
        json.dump(manifest, f, indent=2, ensure_ascii=False)
        f.write("\n")
    for k, v in files.items():
        print(f"build-corpus: {k}: {v['lines']} lines, {v['words']} words")
    print(f"build-corpus: per source {per_source}")


if __name__ == "__main__":
    main()
