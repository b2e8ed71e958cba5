"""The live preview (`briefbook serve`): a build with problems is never served as if it were good.

Only active when ``briefbook_preview`` is set (`briefbook serve` sets it with ``-D``). Every warning
and error of a build is collected; when the build had any, every HTML page of the output gets a
banner listing them (escaped), and an error page stands in for a book that could not be built at
all; the next good build removes them. Pages whose warnings came from reading them are read again
on the next build, so an incremental rebuild cannot say "build succeeded" while they stand.
"""

from __future__ import annotations

import copy
import html
import json
import logging
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging as sphinx_logging

START, END = "<!-- briefbook:preview-errors -->", "<!-- /briefbook:preview-errors -->"
STATE = ".briefbook-preview.json"
#: The error page written when the book could not be built at all (so it is not taken for a page of the book).
ERROR_PAGE_MARK = "<!-- briefbook:preview-error-page -->"


class Collector(logging.Handler):
    """Keeps every warning and error of the build as Sphinx prints it, and the documents they are in."""

    def __init__(self, app: Sphinx):
        super().__init__(logging.WARNING)
        self.app = app
        self.messages: list[str] = []
        self.docnames: set[str] = set()
        # A warning the book suppresses is not shown.
        self.addFilter(sphinx_logging.WarningSuppressor(app))

    def emit(self, record: logging.LogRecord) -> None:
        if not isinstance(record, sphinx_logging.SphinxLogRecord):
            # Not yet through Sphinx's own handler (it comes later while Sphinx holds warnings back, and
            # the same record is handed on again afterwards): locate a copy the way Sphinx does.
            record = copy.copy(record)
            sphinx_logging.WarningLogRecordTranslator(self.app).filter(record)  # type: ignore[arg-type]
        message = record.getMessage()
        if message not in self.messages:
            self.messages.append(message)
        location = str(getattr(record, "location", "") or "")
        path = location.rsplit(":", 1)[0] if location.rsplit(":", 1)[-1].isdigit() else location
        env = getattr(self.app, "env", None)
        if path and env is not None:
            docname = env.path2doc(path)
            if docname:
                self.docnames.add(docname)


def _collector(app: Sphinx) -> Collector | None:
    return getattr(app, "_briefbook_preview", None)


def start(app: Sphinx, config: Any) -> None:
    """Collect the build's warnings (preview only)."""
    if not config.briefbook_preview:
        return
    collector = Collector(app)
    logging.getLogger(sphinx_logging.NAMESPACE).addHandler(collector)
    app._briefbook_preview = collector  # type: ignore[attr-defined]


def banner(messages: list[str]) -> str:
    """The error banner: every message, escaped, in a box at the top of the page."""
    items = "".join(f"<li><pre style=\"white-space:pre-wrap;margin:0\">{html.escape(m)}</pre></li>" for m in messages)
    count = f"{len(messages)} problem{'s' if len(messages) != 1 else ''}"
    return (f'{START}<div id="briefbook-preview-errors" role="alert" style="position:sticky;top:0;z-index:10000;'
            'background:#fff4f4;color:#5a0000;border:3px solid #b00020;padding:0.75em 1em;font:14px/1.4 sans-serif;'
            'max-height:50vh;overflow:auto">'
            f"<p><strong>The last build failed ({count}). What is shown below is out of date until they are fixed."
            f"</strong></p><ol>{items}</ol></div>{END}")


def _strip(text: str) -> str:
    while START in text and END in text:
        head, rest = text.split(START, 1)
        text = head + rest.split(END, 1)[1]
    return text


def mark(outdir: Path, messages: list[str]) -> None:
    """Put the banner on every page of outdir (or take it off, when there are no messages)."""
    pages = sorted(outdir.rglob("*.html")) if outdir.is_dir() else []
    for page in pages:
        try:
            text = page.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        if ERROR_PAGE_MARK in text and not messages:
            page.unlink()
            continue
        new = _strip(text)
        if messages:
            at = new.find(">", new.find("<body")) + 1 if "<body" in new else 0
            new = new[:at] + banner(messages) + new[at:]
        if new != text:
            page.write_text(new, encoding="utf-8")
    index = outdir / "index.html"
    if messages and not index.exists():
        outdir.mkdir(parents=True, exist_ok=True)
        index.write_text(f"<!DOCTYPE html>\n{ERROR_PAGE_MARK}<html lang=\"en\"><head><meta charset=\"utf-8\">"
                         "<title>briefbook: the build failed</title></head><body>"
                         f"{banner(messages)}</body></html>\n", encoding="utf-8")


def publish(app: Sphinx, failed: bool = False) -> None:
    """Show this build's problems on the served pages, or clear the last ones after a good build."""
    collector = _collector(app)
    if collector is None or app.builder is None or app.builder.format != "html":
        return
    messages = list(collector.messages)
    if failed and not messages:
        messages = ["The build stopped; see the terminal."]
    outdir = Path(app.outdir)
    mark(outdir, messages)
    state = outdir / STATE
    if collector.docnames:
        state.write_text(json.dumps(sorted(collector.docnames)), encoding="utf-8")
    else:
        state.unlink(missing_ok=True)


def finished(app: Sphinx, exception: Exception | None) -> None:
    """After the build: banner or clear (preview only)."""
    publish(app, failed=exception is not None)


def bad_input(app: Sphinx, problems: list) -> None:
    """The sources were refused before anything was built: the problems go on the served pages."""
    publish(app, failed=True)


def read_again(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]) -> list[str]:
    """Pages that had warnings at the last build are read again, so their warnings come back until fixed."""
    if _collector(app) is None:
        return []
    state = Path(app.outdir) / STATE
    try:
        docnames = json.loads(state.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return [d for d in docnames if d in env.found_docs]


def setup_preview(app: Sphinx) -> None:
    """Connect the preview's collector, banner and re-reading."""
    app.add_config_value("briefbook_preview", False, "", [bool],
                         description="set by `briefbook serve`: show the last build's problems on the served pages")
    app.connect("config-inited", start)
    app.connect("build-finished", finished)
    app.connect("briefbook-bad-input", bad_input)
    app.connect("env-get-outdated", read_again)
