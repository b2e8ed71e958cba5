"""printing: the LaTeX settings of the briefing (cover, marking, paper, metadata), all escaped."""

from __future__ import annotations

from briefbook.printing import PrintSettings, build_date, latex_elements, tex


def test_tex_escapes_every_special():
    assert tex(r"\ { } $ & # ^ _ % ~") == r"\textbackslash{} \{ \} \$ \& \# \^{} \_ \% \textasciitilde{}"


def test_settings_reach_the_cover_and_page_furniture():
    s = PrintSettings(title="T & U", subtitle="Sub", editor="Ed", marking="SECRET 100%", paper="letter",
                      subject="S", keywords="a, b", date="1 May 2025")
    el = latex_elements(s)
    assert el["papersize"] == "letterpaper"
    assert r"\newcommand{\bbmarking}{SECRET 100\%}" in el["preamble"]
    assert r"pdftitle={T \& U}" in el["preamble"] and "pdfkeywords={a, b}" in el["preamble"]
    assert "Compiled 1 May 2025" in el["maketitle"] and r"T \& U" in el["maketitle"]


def test_build_date_follows_source_date_epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1763856000")
    assert build_date() == "23 November 2025"
