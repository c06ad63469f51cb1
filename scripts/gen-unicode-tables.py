#!/usr/bin/env python3
# Writes src/core/unicode_tables.inc: the NFC and character-class tables the C++ core needs.
"""Generate the compact Unicode tables used by src/core/unicode.cpp.

Only Python's own unicodedata module is used, so the tables match the Unicode version of the
Python that runs this script (recorded in the generated file). Run from anywhere:

    python3 scripts/gen-unicode-tables.py

Every table is a sorted array searched by binary search in C++. Two packings are used:
  * "runs": one uint32 per run, (first_code_point << 8) | value; a run lasts until the next
    entry's first code point, so the whole code space is covered with no gaps to special-case;
  * parallel arrays: sorted keys plus values at the same index.
"""
import os
import sys
import unicodedata

MAX_CODE_POINT = 0x10FFFF
HANGUL_FIRST, HANGUL_LAST = 0xAC00, 0xD7A3

# Class numbers shared with the CharClass enum in unicode.h (unicode.cpp static_asserts them).
CLASS_NAMES = ["Other", "Letter", "Mark", "Number", "PunctuationOrSymbol", "Space", "Control",
               "Emoji"]
CLASS = {name: number for number, name in enumerate(CLASS_NAMES)}

# Extended_Pictographic is not exposed by unicodedata, so it is approximated: symbols (S*) and
# unassigned code points inside these blocks, plus the few older symbols that are emoji.
EMOJI_BLOCKS = [
    (0x1F000, 0x1FAFF),  # Mahjong, dominoes, cards, enclosed, pictographs, emoticons, transport...
    (0x2600, 0x27BF),    # Miscellaneous Symbols and Dingbats
    (0x2B00, 0x2BFF),    # Miscellaneous Symbols and Arrows (stars, squares, circles)
    (0x2300, 0x23FF),    # Miscellaneous Technical (watch, hourglass, keyboard, media controls)
    (0x1F1E6, 0x1F1FF),  # regional indicators (flags come in pairs of these)
]
EMOJI_SINGLES = [0x00A9, 0x00AE, 0x203C, 0x2049, 0x2122, 0x2139, 0x2194, 0x2195, 0x2196, 0x2197,
                 0x2198, 0x2199, 0x21A9, 0x21AA, 0x24C2, 0x25AA, 0x25AB, 0x25B6, 0x25C0, 0x25FB,
                 0x25FC, 0x25FD, 0x25FE, 0x2934, 0x2935, 0x3030, 0x303D, 0x3297, 0x3299]

# Control characters that behave as white space in text (Unicode's White_Space property).
WHITESPACE_CONTROLS = {0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x85}


def is_emoji(cp, category):
    if cp in EMOJI_SINGLES:
        return True
    in_block = any(first <= cp <= last for first, last in EMOJI_BLOCKS)
    return in_block and (category[0] == "S" or category == "Cn")


def char_class(cp):
    category = unicodedata.category(chr(cp))
    if cp in WHITESPACE_CONTROLS or category[0] == "Z":
        return CLASS["Space"]
    if is_emoji(cp, category):
        return CLASS["Emoji"]
    major = category[0]
    if major == "L":
        return CLASS["Letter"]
    if major == "M":
        return CLASS["Mark"]
    if major == "N":
        return CLASS["Number"]
    if major in "PS":
        return CLASS["PunctuationOrSymbol"]
    if category in ("Cc", "Cf"):
        return CLASS["Control"]
    return CLASS["Other"]  # unassigned, private use, surrogates


def runs_of(value_of):
    """(first code point, value) at every change of value over the whole code space."""
    runs, previous = [], None
    for cp in range(MAX_CODE_POINT + 1):
        value = value_of(cp)
        if value != previous:
            runs.append((cp, value))
            previous = value
    return runs


def canonical_mapping(cp):
    """The one-level canonical decomposition of cp, or None (compatibility ones are ignored)."""
    fields = unicodedata.decomposition(chr(cp)).split()
    if not fields or fields[0].startswith("<"):
        return None
    return [int(field, 16) for field in fields]


def decompositions():
    """Full (recursive) canonical decompositions; Hangul syllables are left to the algorithm."""
    table = []
    for cp in range(MAX_CODE_POINT + 1):
        if HANGUL_FIRST <= cp <= HANGUL_LAST or canonical_mapping(cp) is None:
            continue
        table.append((cp, [ord(c) for c in unicodedata.normalize("NFD", chr(cp))]))
    return table


def composition_pairs():
    """(first, second) -> primary composite, for exactly the pairs NFC composes.

    A composite with a two-character canonical mapping is a primary composite unless it is a
    full composition exclusion; those, and only those, never survive NFC, so NFC(c) == c tells
    them apart without needing CompositionExclusions.txt (singletons have one-character mappings
    and are skipped by the length test).
    """
    pairs = []
    for cp in range(MAX_CODE_POINT + 1):
        mapping = canonical_mapping(cp)
        if mapping is None or len(mapping) != 2:
            continue
        if unicodedata.normalize("NFC", chr(cp)) != chr(cp):
            continue
        pairs.append((mapping[0], mapping[1], cp))
    pairs.sort()
    return pairs


def wrap(items, per_line):
    lines = []
    for start in range(0, len(items), per_line):
        lines.append("    " + ",".join(items[start:start + per_line]) + ",")
    return "\n".join(lines)


def array(c_type, name, items, per_line, comment):
    return (f"// {comment}\n"
            f"constexpr {c_type} {name}[] = {{\n{wrap(items, per_line)}\n}};\n")


def packed_runs(runs):
    return [f"0x{(cp << 8) | value:X}" for cp, value in runs]


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    out_path = os.path.join(here, "..", "src", "core", "unicode_tables.inc")
    version = unicodedata.unidata_version

    class_runs = runs_of(char_class)
    ccc_runs = runs_of(lambda cp: unicodedata.combining(chr(cp)))
    decomposed = decompositions()
    pairs = composition_pairs()

    pool, starts = [], []
    for _, mapping in decomposed:
        starts.append(len(pool))
        pool.extend(mapping)
    starts.append(len(pool))  # so entry i's mapping is pool[starts[i], starts[i + 1])

    parts = [
        "// Generated by scripts/gen-unicode-tables.py from Python's unicodedata "
        f"(Unicode {version}); do not edit.\n",
        f"// Python {sys.version.split()[0]}. Included by unicode.cpp only.\n\n",
        f'constexpr char kUnicodeTablesVersion[] = "{version}";\n\n',
        "// Class numbers, checked against attn::CharClass by unicode.cpp.\n",
    ]
    parts += [f"constexpr int kGeneratedClass{name} = {number};\n"
              for name, number in CLASS.items()]
    parts.append("\n")
    parts.append(
        "// Emoji here approximates Extended_Pictographic (unicodedata does not carry it): the\n"
        "// symbols and unassigned code points of U+1F000-1FAFF, U+2600-27BF, U+2B00-2BFF and\n"
        "// U+2300-23FF, plus (C) (R) TM !! ?! and a few other legacy emoji symbols. White_Space\n"
        "// controls (tab, line feed, CR...) count as Space, other Cc and Cf as Control.\n")
    parts.append(array("std::uint32_t", "kClassRuns", packed_runs(class_runs), 10,
                       "(first << 8) | class for each run of equal class over U+0000-10FFFF."))
    parts.append("\n")
    parts.append(array("std::uint32_t", "kCombiningClassRuns", packed_runs(ccc_runs), 10,
                       "(first << 8) | canonical combining class, for each run of equal class."))
    parts.append("\n")
    parts.append(array("char32_t", "kDecomposedCodePoints",
                       [f"0x{cp:X}" for cp, _ in decomposed], 12,
                       "Code points with a canonical decomposition (Hangul syllables excluded)."))
    parts.append(array("std::uint16_t", "kDecompositionStarts", [str(s) for s in starts], 16,
                       "Where each one's full decomposition starts in kDecompositionPool; "
                       "one extra end entry."))
    parts.append(array("char32_t", "kDecompositionPool", [f"0x{cp:X}" for cp in pool], 12,
                       "Full canonical decompositions, canonically ordered, back to back."))
    parts.append("\n")
    parts.append(array("std::uint64_t", "kCompositionKeys",
                       [f"0x{(first << 21) | second:X}" for first, second, _ in pairs], 8,
                       "(first << 21) | second for every pair NFC composes, sorted."))
    parts.append(array("char32_t", "kCompositionResults",
                       [f"0x{composite:X}" for _, _, composite in pairs], 12,
                       "The primary composite of the pair at the same index."))

    with open(out_path, "w", encoding="ascii", newline="\n") as out:
        out.write("".join(parts))
    print(f"wrote {os.path.normpath(out_path)}: {len(class_runs)} class runs, "
          f"{len(ccc_runs)} combining-class runs, {len(decomposed)} decompositions, "
          f"{len(pairs)} composition pairs (Unicode {version})")


if __name__ == "__main__":
    main()
