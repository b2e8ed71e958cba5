"""Source pages rendered by an earlier build, kept with a digest of everything each was made from.

A source page (render.source_page) is a pure function of: the source (its text's SHA-256, its
metadata as validated, its file names and the lines a capture's extractor left out, and the key
and label that loading settled, which depend on the other sources of the same outlet and year),
its cleaned text (a function of the source), the glossary (the linker), and briefbook's own code.
The digest covers each of them, by value; a page is rendered again whenever its digest changes,
and a cache made by other code (a changed or upgraded briefbook) is never used. The cache is a
plain dict ({slug: (digest, page)}), kept by the caller (the Sphinx environment).
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

from . import __version__
from .clean import Cleaned
from .glossary import Glossary
from .load import Source

#: slug -> (digest of the page's inputs, the rendered page)
PageCache = dict[str, tuple[str, str]]


@functools.cache
def code_digest() -> str:
    """A digest of briefbook's version and of every module of the package (the code that renders pages)."""
    h = hashlib.sha256(__version__.encode())
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*.py")):
        h.update(f"\0{path.relative_to(package)}\0".encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def glossary_digest(glossary: Glossary) -> str:
    """A digest of the glossary as validated (what the linker links and indexes)."""
    return hashlib.sha256(glossary.model_dump_json().encode()).hexdigest()


def page_digest(source: Source, shared: str) -> str:
    """A digest of everything the source's page is made from; `shared` is what every page is made from
    (code_digest() and glossary_digest(), joined)."""
    names = [p.name if p is not None else "" for p in (source.txt_path, source.yaml_path, source.original_path,
                                                        source.residue_path)]
    parts = [shared, source.slug, source.sha256, source.meta.model_dump_json(), *names,
             hashlib.sha256("\n".join(source.left_out).encode()).hexdigest(), source.key, source.label]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def cached_render(source: Source, cleaned: Cleaned, shared: str, cache: PageCache | None, render) -> str:
    """The page of a source: from the cache when its digest is unchanged, else render(source, cleaned)
    (and kept in the cache)."""
    if cache is None:
        return render(source, cleaned)
    digest = page_digest(source, shared)
    kept = cache.get(source.slug)
    if kept is not None and kept[0] == digest:
        return kept[1]
    page = render(source, cleaned)
    cache[source.slug] = (digest, page)
    return page
