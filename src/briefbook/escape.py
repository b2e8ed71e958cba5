"""Make untrusted text inert in MyST: every character renders as itself, nothing is interpreted.

CommonMark lets a backslash escape any ASCII punctuation, and MyST's extensions
(roles, directives, substitutions, targets, math, comments, fences) all start
with ASCII punctuation; so escaping every such character leaves no syntax.
Whitespace at the ends of a line would be trimmed, so it is written as a
character reference. Characters that cannot be shown (C0/C1 controls) or that
would reorder what the reader sees (bidirectional controls), and the line and paragraph separators
U+2028/U+2029 (which would break a line and lose its indentation), are replaced by a
visible marker such as ⟪U+202E⟫ — see `visible`.
"""

from __future__ import annotations

import re

ASCII_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
#: Bidirectional formatting characters: embeddings, overrides, isolates and marks.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\ufff9-\ufffb\U000e0000-\U000e007f"
    "\ud800-\udfff\ufffe\uffff]"
)


def marker(ch: str) -> str:
    """The visible stand-in for a control character: ⟪U+202E⟫."""
    return f"⟪U+{ord(ch):04X}⟫"


def visible(text: str) -> str:
    """Replace control and bidirectional-override characters by visible markers; tabs stay."""
    return _INVISIBLE.sub(lambda m: marker(m.group()), text)


def escape_inline(text: str, line_start: bool = True, line_end: bool = True) -> str:
    """Escape one line of untrusted text (or a piece of one) for a MyST paragraph, heading or list item."""
    text = visible(text)
    out = []
    for ch in text:
        if ch in ASCII_PUNCTUATION:
            out.append("\\" + ch)
        elif ch == "\t":
            out.append("&#9;")
        else:
            out.append(ch)
    # Markdown trims leading and trailing white space of a line: keep it as character references.
    i = 0
    while line_start and i < len(out) and out[i] != "&#9;" and out[i].isspace():
        out[i] = f"&#{ord(out[i])};"
        i += 1
    j = len(out) - 1
    while line_end and j >= i and out[j] != "&#9;" and out[j].isspace():
        out[j] = f"&#{ord(out[j])};"
        j -= 1
    return "".join(out)

