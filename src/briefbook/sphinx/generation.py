"""Generation inside the build: load the book once, write the generated pages, re-read what changed.

At ``builder-inited`` (before sphinxcontrib-bibtex reads book.bib and before Sphinx looks for
changed documents) the sources folder is loaded, unless the book kept in the environment (or
in this process, for ``--format all``) was loaded from the same files, and the generated
pages are written: a source page whose inputs did not change since the last build is taken from
the environment (pagecache.py), not rendered again. Bad input is reported as one error per problem and stops the build.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from ..book import cached_book
from ..errors import BriefbookError
from ..generate import generate
from .domain import BookState, get_domain
from .warnings import logger, report


class BadInput(SystemExit):
    """Raised after the problems are logged: stops sphinx-build with status 2 and no traceback."""


def sources_dir(app: Sphinx) -> Path:
    """The sources folder named by conf.py (or -D briefbook_sources=…), resolved."""
    return Path(app.confdir, app.config.briefbook_sources).resolve()


def run_generation(app: Sphinx) -> None:
    """Validate the sources and (re)write the generated pages; on bad input, report and stop."""
    if not app.config.briefbook_sources:
        return
    folder = sources_dir(app)
    domain = get_domain(app.env)
    try:
        fingerprint, book = cached_book(folder, domain.state, docs=Path(app.srcdir))
        domain.state = BookState(fingerprint, book)
        written = generate(folder, Path(app.srcdir), book, cache=domain.pages, group=app.config.briefbook_sources_group)
    except BriefbookError as exc:
        for problem in exc.problems:
            report(problem)
        logger.error(f"briefbook: {len(exc.problems)} problem(s) in {folder}; nothing was written.")
        app.emit("briefbook-bad-input", exc.problems)
        # Sphinx prints a traceback for any exception from an extension; bad input deserves plain messages.
        raise BadInput(2) from None
    logger.info(f"briefbook: {len(book.sources)} sources; wrote {len(written.written)} files, "
                f"{len(written.unchanged)} unchanged, removed {len(written.removed)}")


def pages_quoting_changed_sources(app: Sphinx, env: BuildEnvironment, added, changed, removed) -> list[str]:
    """Before reading: pages that quote a source whose captured text changed must be checked again."""
    domain = get_domain(env)
    if domain.state is None:
        return []
    now = {source.key: source.sha256 for source, _ in domain.state.book.sources}
    before = dict(domain.hashes)
    domain.data["hashes"] = now
    moved = {key for key in set(now) | set(before) if now.get(key) != before.get(key)}
    return [doc for doc, keys in domain.quoted.items() if moved & set(keys)]


def setup_generation(app: Sphinx) -> None:
    """Generate before bibtex reads book.bib (priority 500) and before documents are found."""
    app.add_event("briefbook-bad-input")  # (problems): the sources were refused; the build stops
    app.connect("builder-inited", run_generation, priority=100)
    app.connect("env-get-outdated", pages_quoting_changed_sources)
