"""pybtex styles for briefbook: labels like "Tehran Times 2020", and literal (never LaTeX-decoded) fields.

Fields of entries generated from sources hold the metadata exactly; BibTeX cannot
hold an unbalanced brace, so `\\`, `{` and `}` are written as `\\textbackslash{}`,
`\\textbraceleft{}` and `\\textbraceright{}` and decoded here, and nothing else is
interpreted. Hand-kept entries are read the usual BibTeX way.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from typing import Any

from pybtex.backends.plaintext import Backend as PlainText
from pybtex.plugin import register_plugin
from pybtex.richtext import Text
from pybtex.style.formatting.unsrt import Style as UnsrtStyle
from pybtex.style.labels import BaseLabelStyle
from pybtex.style.sorting import BaseSortingStyle
from pybtex.style.template import field, href, join, node, optional, sentence, words

from .model import MONTHS

LITERAL_FIELD = "briefbook"
_CODES = {"\\": "\\textbackslash{}", "{": "\\textbraceleft{}", "}": "\\textbraceright{}"}
_DECODE = re.compile(r"\\text(backslash|braceleft|braceright)\{\}")
_NAMES = {"backslash": "\\", "braceleft": "{", "braceright": "}"}


def encode_literal(value: str) -> str:
    """Text -> BibTeX field value that decode_literal turns back into the same text."""
    return "".join(_CODES.get(ch, ch) for ch in value)


def decode_literal(value: str) -> str:
    """Inverse of encode_literal."""
    return _DECODE.sub(lambda m: _NAMES[m.group(1)], value)


def is_literal(entry) -> bool:
    """Entries generated from sources are marked so their fields are shown verbatim."""
    return entry.fields.get(LITERAL_FIELD) == "literal"


def _plain(latex: str) -> str:
    """BibTeX (LaTeX) text as plain text. (Text.render_as("text") would look the backend up among every installed
    package's entry points each time: 60 ms a label, seconds for a book's bibliography.)"""
    return Text.from_latex(latex).render(_PLAIN_TEXT)


_PLAIN_TEXT = PlainText()


def label_text(entry) -> str:
    """The short label: the entry's shorthand, else organisation or first author, and year."""
    if "shorthand" in entry.fields:
        value = entry.fields["shorthand"]
        return decode_literal(value) if is_literal(entry) else _plain(value)
    persons = entry.persons.get("author") or entry.persons.get("editor")
    if persons:
        who = _plain(" ".join(persons[0].last_names))
    else:
        who = _plain(entry.fields.get("organization", entry.key))
    return f"{who} {entry.fields.get('year', 'n.d.')}"


class LabelStyle(BaseLabelStyle):
    """Labels from label_text, with a, b, … added where two entries would share one."""

    def format_labels(self, sorted_entries):
        entries = list(sorted_entries)
        labels = [label_text(e) for e in entries]
        counts = Counter(labels)
        seen: Counter[str] = Counter()
        for label in labels:
            if counts[label] > 1:
                yield f"{label}{'abcdefghijklmnopqrstuvwxyz'[seen[label] % 26]}"
                seen[label] += 1
            else:
                yield label


class SortingStyle(BaseSortingStyle):
    """Alphabetical by label, then by key, so the bibliography reads like an index."""

    def sorting_key(self, entry):
        return (label_text(entry).casefold(), entry.key)

    def sort(self, entries):
        return sorted(entries, key=self.sorting_key)


@node
def literal(children, context, name):
    """A literal field's exact text (empty when missing)."""
    assert not children
    value = context["entry"].fields.get(name, "")
    return Text(decode_literal(value))


@node
def human_date(children, context):
    """'29 December 2020' from an ISO date field."""
    assert not children
    iso = context["entry"].fields.get("date", "")
    parts = [int(p) for p in iso.split("-") if p.isdigit()]
    if len(parts) == 3:
        return Text(f"{parts[2]} {MONTHS[parts[1] - 1]} {parts[0]}")
    if len(parts) == 2:
        return Text(f"{MONTHS[parts[1] - 1]} {parts[0]}")
    return Text(context["entry"].fields.get("year", "n.d."))


#: Entries formatted before, by entry_digest (set by the build, which keeps it between builds); None: no memory.
FORMATTED: dict[str, Any] | None = None
#: The digests looked up since FORMATTED was set (what the build keeps).
USED: set[str] = set()


def entry_digest(label: str, entry) -> str:
    """A digest of everything Style.format_entry reads: the label, the entry's type, fields and names."""
    names = {role: [[p.first_names, p.middle_names, p.prelast_names, p.last_names, p.lineage_names] for p in people]
             for role, people in entry.persons.items()}
    data = [label, entry.key, entry.type, list(entry.fields.items()), sorted(names.items())]
    return hashlib.sha256(json.dumps(data, ensure_ascii=False).encode()).hexdigest()


class Style(UnsrtStyle):
    """unsrt without title case-folding, with literal source entries and readable labels."""

    default_label_style = "briefbook"
    default_sorting_style = "briefbook"

    def format_entry(self, label, entry, bib_data=None):
        """An entry formatted as before when its label, fields and names are the same (formatting a thousand
        entries again takes a second of every build); one with cross-references, always anew."""
        if FORMATTED is None or bib_data is not None:
            return super().format_entry(label, entry, bib_data=bib_data)
        digest = entry_digest(label, entry)
        USED.add(digest)
        if digest not in FORMATTED:
            FORMATTED[digest] = super().format_entry(label, entry)
        return FORMATTED[digest]

    def format_title(self, e, which_field, as_sentence=True):
        formatted = field(which_field)
        return sentence[formatted] if as_sentence else formatted

    def format_url(self, e):
        """The address, bare (unsrt writes "URL: …"): every entry shows it the same way."""
        url = field("url", raw=True)
        return href(url)[url]

    def format_web_refs(self, e):
        """The address, then the access date: "https://…. Accessed 2 November 2025." (every entry)."""
        return join(sep=" ")[
            optional[sentence[self.format_url(e)]],
            optional[sentence[words["Accessed", human_urldate]]] if "urldate" in e.fields else "",
            optional[sentence[self.format_eprint(e)]],
            optional[sentence[self.format_pubmed(e)]],
            optional[sentence[self.format_doi(e)]],
        ]

    def get_online_template(self, e):
        """A captured source in the form of a hand-kept @misc entry: who. Title. Outlet, date. Note. Address."""
        if not is_literal(e):
            return self.get_misc_template(e)
        who = literal("authors") if "authors" in e.fields else literal("organization")
        return join(sep=" ")[
            sentence[who],
            sentence[literal("title")],
            sentence[literal("organization"), human_date],
            optional[sentence[literal("note")]] if "note" in e.fields else "",
            self.format_web_refs(e),
        ]


@node
def human_urldate(children, context):
    """The access date, '2 November 2025' (a date that is not YYYY-MM-DD as written)."""
    iso = context["entry"].fields.get("urldate", "")
    parts = iso.split("-")
    if len(parts) == 3 and all(p.isdigit() for p in parts):
        y, m, d = (int(p) for p in parts)
        if 1 <= m <= 12:
            return Text(f"{d} {MONTHS[m - 1]} {y}")
    return Text(iso)


def register() -> None:
    """Make the styles known to pybtex (and so to sphinxcontrib-bibtex) as 'briefbook'."""
    register_plugin("pybtex.style.formatting", "briefbook", Style, force=True)
    register_plugin("pybtex.style.labels", "briefbook", LabelStyle, force=True)
    register_plugin("pybtex.style.sorting", "briefbook", SortingStyle, force=True)


__all__ = ["Style", "LabelStyle", "SortingStyle", "register", "encode_literal", "decode_literal"]
