"""Analyst markup is confined: no file read, no raw HTML or LaTeX, no image from outside docs/."""

from __future__ import annotations

from pathlib import Path

import pytest

HOSTILE_PAGE = """# Index

:::{toctree}
sources/index
:::

```{raw} html
<script>alert("raw-directive")</script>
```

<div onclick="alert('html-block')">html block</div>

Inline <script>alert("inline-html")</script> here.

```{include} /etc/passwd
```

```{literalinclude} /etc/passwd
```

```{csv-table} Table
:file: /etc/passwd
```

```{eval-rst}
.. raw:: latex

   \\directlua{print("eval-rst-latex")}
```

A formula {math}`\\directlua{print("math-latex")}` here.

![outside](../../../../../../etc/hostname)

{download}`/etc/passwd <../../../../../../etc/passwd>`

:::{bibliography}
:::
"""


@pytest.mark.sphinx("html", testroot="minimal")
def test_analyst_markup_cannot_read_files_or_inject_html(app, warning):
    (Path(app.srcdir) / "index.md").write_text(HOSTILE_PAGE)
    app.build()
    text = warning.getvalue()
    html = (Path(app.outdir) / "index.html").read_text()
    passwd = Path("/etc/passwd").read_text().splitlines()[0]
    assert passwd not in html, "no file was inserted"
    assert not list(Path(app.outdir).rglob("passwd")), "no file was copied into the output"
    assert not list(Path(app.outdir).rglob("hostname")), "no image from outside docs/ was copied"
    for marker in ("raw-directive", "html-block", "inline-html"):
        assert f"<script>alert(\"{marker}\")" not in html and "onclick=" not in html
    assert text.count("[briefbook.markup]") >= 5, text  # raw directive, html block, two inline tags, image, download
    assert "include" in text and "disabled" in text.lower()


@pytest.mark.sphinx("latex", testroot="minimal")
def test_analyst_markup_cannot_reach_latex(app, warning):
    (Path(app.srcdir) / "index.md").write_text(HOSTILE_PAGE)
    app.build()
    tex = next(Path(app.outdir).glob("*.tex")).read_text()
    assert "\\directlua{print(\"eval-rst-latex\")}" not in tex
    assert "\\directlua{print(\"math-latex\")}" not in tex
    assert "[briefbook.markup]" in warning.getvalue()
