"""The hostile inputs of the benchmark: small or odd inputs that once took minutes (a YAML merge-key bomb,
megabytes of photo captions, 5,000 glossary terms, a 50 MB capture, 100,000 paragraphs, a page at the
paragraph limit). Each gets `briefbook check` and, where it is accepted, the HTML build, with time, peak
memory and outcome."""

from __future__ import annotations

import random
import sys
import tempfile
from pathlib import Path

from measure import PY, timed
from synthetic import SENTENCES

META = "title: {title}\noutlet: Hostile Daily\nurl: https://example.org/{slug}\ndate: 2025-01-01\nkey: {slug}\n"


def _small_book(root: Path, glossary: str = "terms: []\n") -> Path:
    """An empty book (conf.py, index with the sources), its sources folder with this glossary."""
    (root / "docs").mkdir(parents=True)
    (root / "docs" / "conf.py").write_text('project = "Hostile"\nextensions = ["briefbook"]\n'
                                         'briefbook_sources = "../sources"\n')
    (root / "docs" / "index.md").write_text("# Hostile\n\n:::{toctree}\nsources/index\nglossary\n:::\n\n"
                                          ":::{bibliography}\n:::\n")
    (root / "sources").mkdir()
    (root / "sources" / "glossary.yaml").write_text(glossary)
    return root


def _source(root: Path, slug: str, text: str | None = None, meta_extra: str = "") -> Path:
    if text is not None:
        (root / "sources" / f"{slug}.txt").write_text(text, encoding="utf-8")
    (root / "sources" / f"{slug}.yaml").write_text(META.format(title=f"Case {slug}", slug=slug) + meta_extra)
    return root / "sources" / f"{slug}.txt"


def hostile_cases(root: Path) -> dict[str, tuple[Path, bool]]:
    """Each case's book, and whether it should build (else be refused)."""
    rng = random.Random(18)
    cases: dict[str, tuple[Path, bool]] = {}
    book = _small_book(root / "bomb")
    bomb = "a: &a [x]\n" + "".join(f"m{i}: &m{i}\n  <<: [{', '.join(['*' + ('a' if i == 0 else f'm{i - 1}')] * 9)}]\n"
                                   for i in range(8))
    _source(book, "bomb-2025", "A short text.\n", bomb)
    cases[f"YAML merge-key bomb ({len(bomb)} bytes)"] = (book, False)

    book = _small_book(root / "captions")
    lines = []
    for k in range(6000):
        caption = f"Photo {k}: " + " ".join(rng.choice(SENTENCES[k % len(SENTENCES)].split()) for _ in range(36))
        lines += [caption, f"Paragraph {k}: {rng.choice(SENTENCES).format(day='Monday', month='June')}" if k % 6 == 0
                  else "", caption + " (Photo: Reuters)"]
    txt = _source(book, "captions-2025", "\n".join(lines) + "\nThe end of the article.\n")
    cases[f"photo captions ({txt.stat().st_size / 1e6:.1f} MB, 6,000 repeated)"] = (book, True)

    words = [w for s in SENTENCES for w in s.split() if len(w) > 3 and w.isalpha()]
    terms = []
    for k in range(5000):
        name = f"{rng.choice(words)} {rng.choice(words)} {k}"
        terms.append(f"  - term: \"{name}\"\n    as_of: 2025-01-01\n    definition: Term number {k}.\n")
    book = _small_book(root / "terms", "terms:\n" + "".join(terms))
    names = [t.split('"')[1] for t in terms]
    body = []
    while sum(map(len, body)) < 180_000:
        body.append(" ".join(rng.choice(names) if rng.random() < 0.05 else rng.choice(words) for _ in range(60)) + ".")
    _source(book, "terms-2025", "\n\n".join(body) + "\n")
    cases["5,000 glossary terms over 180 KB of text"] = (book, True)

    book = _small_book(root / "huge")
    txt = _source(book, "huge-2025")
    with open(txt, "wb") as fh:
        fh.truncate(50_000_000)
    cases["a 50 MB capture"] = (book, False)

    book = _small_book(root / "paragraphs")
    _source(book, "paragraphs-2025", "".join(f"Paragraph {n} of a very long capture.\n\n" for n in range(100_000)))
    cases["100,000 short paragraphs"] = (book, False)

    from briefbook.limits import MAX_BLOCKS

    book = _small_book(root / "limit")
    _source(book, "limit-2025", "".join(f"Paragraph {n}: {rng.choice(SENTENCES).format(day='Monday', month='June')}\n"
                                        for n in range(MAX_BLOCKS)))
    cases[f"a page at the limit ({MAX_BLOCKS:,} paragraphs)"] = (book, True)
    return cases


def hostile() -> list[str]:
    """Time and peak memory of `briefbook check` and the HTML build on each hostile case: a Markdown table."""
    rows = ["| case | check (s) | check memory (MiB) | outcome | HTML build (s) | build memory (MiB) |",
            "|---|---:|---:|---|---:|---:|"]
    with tempfile.TemporaryDirectory(prefix="briefbook-hostile-") as tmp:
        for name, (book, builds) in hostile_cases(Path(tmp)).items():
            print(f"hostile: {name} …", file=sys.stderr, flush=True)
            check, _, check_mem, status, err = timed([PY, "-m", "briefbook.cli", "check", "--sources", str(book / "sources")])
            first = next((line for line in err.splitlines() if line.strip()), "")
            outcome = "accepted" if status == 0 else f"refused: {first.split(': ', 1)[-1][:90]}…"
            build = build_mem = float("nan")
            if builds:
                build, _, build_mem, status, err = timed([PY, "-m", "briefbook.cli", "build", "-q", "--format", "html",
                                                       "--sources", str(book / "sources"), "--docs", str(book / "docs"),
                                                       "--out", str(book / "out")])
                assert status == 0, err
            shown = ["–" if x != x else f"{x:.1f}" if i % 2 == 0 else f"{x:.0f}"
                     for i, x in enumerate((check, check_mem, build, build_mem))]
            rows.append(f"| {name} | {shown[0]} | {shown[1]} | {outcome} | {shown[2]} | {shown[3]} |")
            print(rows[-1], file=sys.stderr)
    return rows
