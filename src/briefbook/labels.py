"""Citation keys and labels: outlet and year, with letters where two sources share them.

A key written in a source's metadata is fixed: nothing here ever changes it. A source without
`key:` gets ``<outlet>-<year>`` (ASCII, through python-slugify's transliteration); when several
sources without a key share that base, they get ``…a``, ``…b``, … in order of date, then
title, skipping letters already taken. A bare base key counts as the letter "a", so the next
source added beside ``tehran-times-2020`` gets ``tehran-times-2020b``.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable
from dataclasses import dataclass

from slugify import slugify

LETTERS = "abcdefghijklmnopqrstuvwxyz"


def key_base(outlet: str, year: int) -> str:
    """'Tehran Times', 2020 -> 'tehran-times-2020'; 'Российская газета', 2025 -> 'rossiiskaia-gazeta-2025'."""
    words = slugify(outlet, max_length=48, word_boundary=True)
    return f"{words}-{year}" if words else f"source-{year}"


def letter(n: int) -> str:
    """0 -> 'a', 25 -> 'z', 26 -> 'aa', …"""
    out = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        out = LETTERS[r] + out
    return out


def suffix(key: str, base: str) -> str | None:
    """The letters after base ('' for the bare base), or None when key is not base or base + letters."""
    if key == base:
        return ""
    rest = key[len(base):] if key.startswith(base) else None
    return rest if rest and re.fullmatch(r"[a-z]{1,2}", rest) else None


def next_lettered(base: str, taken: Iterable[str]) -> str:
    """The first of base+'a', base+'b', … not taken (a bare base key takes 'a')."""
    used = {s or "a" for k in taken if (s := suffix(k, base)) is not None}
    n = 0
    while letter(n) in used:
        n += 1
    return base + letter(n)


def next_key(base: str, taken: Iterable[str]) -> str:
    """The key `briefbook add` gives a new source: the base if nothing uses it, else the next letter."""
    taken = set(taken)
    return base if not any(suffix(k, base) is not None for k in taken) else next_lettered(base, taken)


@dataclass(frozen=True)
class Cited:
    """What keys and labels are computed from, for one source."""

    ident: Hashable
    outlet: str
    year: int
    key: str | None  # as written in the metadata
    order: tuple  # date, then title: the order letters are given in


def assign_keys(items: list[Cited]) -> dict[Hashable, str]:
    """Every source's key: the written one, else its default (lettered where defaults would clash)."""
    keys = {c.ident: c.key for c in items if c.key}
    taken = set(keys.values())
    groups: dict[str, list[Cited]] = {}
    for c in items:
        if not c.key:
            groups.setdefault(key_base(c.outlet, c.year), []).append(c)
    for base in sorted(groups):
        members = sorted(groups[base], key=lambda c: c.order)
        if len(members) == 1 and not any(suffix(k, base) is not None for k in taken):
            keys[members[0].ident] = base
            taken.add(base)
            continue
        for c in members:
            keys[c.ident] = next_lettered(base, taken)
            taken.add(keys[c.ident])
    return keys


def label(outlet: str, year: int, key: str, all_keys: Iterable[str]) -> str:
    """The in-text label: 'Tehran Times 2020', or 'Tehran Times 2020b' after the key's letter.

    A bare key is labelled with 'a' when another source's key has a letter on the same base.
    """
    base = key_base(outlet, year)
    mine = suffix(key, base)
    if mine == "":
        others = [k for k in all_keys if k != key and suffix(k, base)]
        mine = "a" if others and base + "a" not in others else ""
    return f"{outlet} {year}{mine or ''}"


def para_label(source_label: str, para) -> str:
    """How a paragraph is cited: 'CRS 2025, p. 2 ¶3' when it knows its page, else 'Tehran Times 2020, ¶3'."""
    page = getattr(para, "page", None)
    return f"{source_label}, p. {page} ¶{para.number}" if page else f"{source_label}, ¶{para.number}"
