#!/usr/bin/env bash
# Builds the training corpus from installed Debian packages (WordNet, fortunes, Vietnamese man pages).
#
# Output (never committed): build-corpus/train.txt and build-corpus/heldout.txt, one NFC-normalised
# line of text per line. The manifest models/corpus-manifest.json (committed) records the package
# versions, the sha256 of both files, line and word counts and the split rule, so anyone with the
# same packages gets the same bytes. Usage: scripts/build-corpus.sh [out_dir]
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-build-corpus}
mkdir -p "$OUT" models

for p in wordnet-base fortunes-min fortunes manpages-vi; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
    { echo "build-corpus: package $p is missing (run scripts/setup.sh)" >&2; exit 1; }
done
VERSIONS=$(for p in wordnet-base fortunes-min fortunes manpages-vi; do
  dpkg-query -W -f='${Package}=${Version}\n' "$p"; done)

OUT="$OUT" VERSIONS="$VERSIONS" python3 - <<'PY'
import gzip, hashlib, json, os, re, unicodedata

out = os.environ["OUT"]
HELDOUT_EVERY = 50  # line i (0-based, after de-duplication) is held out when i % 50 == 49

def clean(s):
    s = unicodedata.normalize("NFC", s)
    s = re.sub(r"\s+", " ", s).strip()
    return s

# --- WordNet: "headword: gloss" lines, and each quoted example sentence as its own line -----
def wordnet_lines():
    for pos in ("noun", "verb", "adj", "adv"):
        with open(f"/usr/share/wordnet/data.{pos}", encoding="utf-8", errors="replace") as f:
            for line in f:
                if line.startswith("  "):  # the licence header
                    continue
                fields, _, gloss = line.partition(" | ")
                if not gloss:
                    continue
                parts = fields.split()
                # fields: offset lex_filenum ss_type w_cnt(hex) word lex_id [word lex_id]...
                head = parts[4].replace("_", " ") if len(parts) > 4 else ""
                head = re.sub(r"\([a-z]+\)$", "", head)  # adjective markers like (a), (p)
                # The gloss is "definition; "example"; "example"": split on the quotes.
                examples = re.findall(r'"([^"]+)"', gloss)
                definition = re.sub(r'"[^"]*"', "", gloss)
                definition = re.sub(r"(\s*;\s*)+$", "", definition.strip())
                definition = re.sub(r";\s*;", ";", definition)
                if definition:
                    yield clean(f"{head}: {definition}")
                for e in examples:
                    yield clean(e)

# --- fortunes: one fortune per line; skip drawings (few letters per character) ---------------
def fortune_lines():
    d = "/usr/share/games/fortunes"
    for name in sorted(os.listdir(d)):
        path = os.path.join(d, name)
        if "." in name or name == "ascii-art" or not os.path.isfile(path):
            continue
        with open(path, encoding="utf-8", errors="replace") as f:
            text = f.read()
        for entry in text.split("\n%\n"):
            entry = entry.strip("%\n")
            if not entry.strip():
                continue
            chars = [c for c in entry if not c.isspace()]
            letters = sum(c.isalpha() for c in chars)
            if not chars or letters / len(chars) < 0.75:
                continue
            yield clean(entry)

# --- Vietnamese man pages: strip roff markup, keep prose paragraphs ---------------------------
ESCAPES = [(r"\\\(co", "©"), (r"\\\(em", "—"), (r"\\\(en", "–"), (r"\\\(aq", "'"),
           (r"\\\(dq", '"'), (r"\\\(lq", "“"), (r"\\\(rq", "”"), (r"\\\(bu", "•"),
           (r"\\\([a-zA-Z]{2}", ""), (r"\\\*\(.{2}", ""), (r"\\\*.", ""),
           (r"\\f\[[^\]]*\]", ""), (r"\\f\(..", ""), (r"\\f.", ""), (r"\\s[-+]?\d+", ""),
           (r"\\-", "-"), (r"\\e", "\\\\"), (r"\\[&,/|^:]", ""), (r"\\ ", " "), (r"\\~", " "),
           (r"\\\.", "."), (r"\\'", "'"), (r"\\`", "`")]

def roff_to_paragraphs(src):
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
                flush(); continue
            macro, args = m.group(1), m.group(2)
            if macro in ("B", "I", "BI", "IB", "BR", "RB", "IR", "RI", "SM", "SB"):
                # Font macros: their arguments are text (quotes group words).
                words = [a or b for a, b in re.findall(r'"([^"]*)"|(\S+)', args)]
                # .B/.I set their words in one font; .BR etc. alternate fonts with no space.
                cur.append((" " if macro in ("B", "I", "SM", "SB") else "").join(words))
            else:
                flush()  # every other macro (.SH .PP .TP .IP .br .nf ...) breaks the paragraph
            continue
        if not line.strip():
            flush(); continue
        cur.append(line)
    flush()
    out = []
    for p in paras:
        for pat, rep in ESCAPES:
            p = re.sub(pat, rep, p)
        p = clean(p)
        if not p:
            continue
        letters = [c for c in p if c.isalpha()]
        non_ascii = sum(ord(c) > 127 for c in letters)
        # Keep Vietnamese prose: enough letters, some of them with diacritics, not option lists.
        if len(letters) < 20 or non_ascii < 0.05 * len(letters) or p.startswith("-"):
            continue
        out.append(p)
    return out

def manpage_lines():
    root = "/usr/share/man/vi"
    files = []
    for d, _, names in os.walk(root):
        files += [os.path.join(d, n) for n in names if n.endswith(".gz")]
    for path in sorted(files):
        with gzip.open(path, "rt", encoding="utf-8", errors="replace") as f:
            src = f.read()
        yield from roff_to_paragraphs(src)

sources = [("wordnet-base", wordnet_lines()), ("fortunes", fortune_lines()),
           ("manpages-vi", manpage_lines())]
seen, lines, per_source = set(), [], {}
for name, gen in sources:
    n = 0
    for l in gen:
        if len(l) < 3 or l in seen:
            continue
        seen.add(l)
        lines.append(l)
        n += 1
    per_source[name] = n

train = [l for i, l in enumerate(lines) if i % HELDOUT_EVERY != HELDOUT_EVERY - 1]
held = [l for i, l in enumerate(lines) if i % HELDOUT_EVERY == HELDOUT_EVERY - 1]

def write(path, ls):
    data = ("\n".join(ls) + "\n").encode("utf-8")
    with open(path, "wb") as f:
        f.write(data)
    return hashlib.sha256(data).hexdigest(), len(data)

tr_sha, tr_bytes = write(os.path.join(out, "train.txt"), train)
ho_sha, ho_bytes = write(os.path.join(out, "heldout.txt"), held)
versions = dict(v.split("=", 1) for v in os.environ["VERSIONS"].split())
manifest = {
    "packages": versions,
    "sources": {
        "wordnet-base": "/usr/share/wordnet/data.{noun,verb,adj,adv}: 'headword: gloss' lines and each quoted example sentence",
        "fortunes, fortunes-min": "/usr/share/games/fortunes/* (except ascii-art): one fortune per line, drawings dropped",
        "manpages-vi": "/usr/share/man/vi/**/*.gz: roff markup stripped, Vietnamese prose paragraphs kept",
    },
    "normalisation": "Unicode NFC, runs of whitespace collapsed to one space, exact duplicate lines dropped",
    "lines_per_source": per_source,
    "split_rule": f"after de-duplication, line i (0-based) is held out when i % {HELDOUT_EVERY} == {HELDOUT_EVERY - 1}",
    "train": {"file": "build-corpus/train.txt", "sha256": tr_sha, "bytes": tr_bytes,
              "lines": len(train), "words": sum(len(l.split()) for l in train)},
    "heldout": {"file": "build-corpus/heldout.txt", "sha256": ho_sha, "bytes": ho_bytes,
                "lines": len(held), "words": sum(len(l.split()) for l in held)},
    "word_count_rule": "whitespace-separated words",
}
with open("models/corpus-manifest.json", "w") as f:
    json.dump(manifest, f, indent=2, ensure_ascii=False)
    f.write("\n")
print(f"build-corpus: {len(train)} train lines ({manifest['train']['words']} words), "
      f"{len(held)} held-out lines; sources {per_source}")
PY
