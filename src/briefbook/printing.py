"""The printed briefing's look: LaTeX settings for Sphinx's LaTeX builder (plain strings, no Sphinx)."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass

from .model import MONTHS
from .tagging import TAGGING, xmp_preamble

_TEX = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&", "#": r"\#", "^": r"\^{}",
        "_": r"\_", "%": r"\%", "~": r"\textasciitilde{}"}
PAPERS = {"a4": "a4paper", "letter": "letterpaper"}


def tex(text: str) -> str:
    """Escape text for LaTeX (every special character)."""
    return "".join(_TEX.get(ch, ch) for ch in text)


def build_date() -> str:
    """Today, or the day of SOURCE_DATE_EPOCH when set (reproducible builds): '23 November 2026'."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    day = dt.datetime.fromtimestamp(int(epoch), dt.UTC).date() if epoch else dt.date.today()
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


@dataclass(frozen=True)
class PrintSettings:
    """What the cover and the page furniture say."""

    title: str
    subtitle: str = ""
    editor: str = ""
    marking: str = ""
    paper: str = "a4"
    subject: str = ""
    keywords: str = ""
    date: str = ""


BABEL = r"""
% babel's bidi=basic applies the Unicode bidirectional algorithm, so a Persian or Arabic name
% reads right to left inside English text, set in Noto Naskh Arabic.
\usepackage[bidi=basic]{babel}
\babelprovide[main,import]{english}
\babelprovide[import,onchar=ids fonts]{persian}
"""

FONTS = r"""
% Pagella for text; FreeSerif, Noto Serif and DejaVu Sans stand in for what it lacks (Cyrillic,
% Greek, symbols), so names in any script print instead of vanishing.
\directlua{luaotfload.add_fallback("bbfallback", {
  "file:FreeSerif.otf:mode=harf;",
  "file:NotoSerif-Regular.ttf:mode=harf;",
  "file:DejaVuSans.ttf:mode=harf;",
  "file:NotoNaskhArabic-Regular.ttf:mode=harf;",
})}
\babelfont{rm}[Extension=.otf, UprightFont=*-regular, BoldFont=*-bold, ItalicFont=*-italic,
  BoldItalicFont=*-bolditalic, RawFeature={fallback=bbfallback}]{texgyrepagella}
\babelfont{sf}[Extension=.otf, UprightFont=*-regular, BoldFont=*-bold, ItalicFont=*-italic,
  BoldItalicFont=*-bolditalic, RawFeature={fallback=bbfallback}]{texgyreheros}
\babelfont{tt}[Extension=.ttf, UprightFont=*, BoldFont=*-Bold, ItalicFont=*-Oblique,
  BoldItalicFont=*-BoldOblique, Scale=0.85, RawFeature={fallback=bbfallback}]{DejaVuSansMono}
\babelfont[persian]{rm}[Renderer=Harfbuzz, Extension=.ttf, UprightFont=*-Regular, BoldFont=*-Bold,
  ItalicFont=*-Regular, BoldItalicFont=*-Bold]{NotoNaskhArabic}
\babelfont[persian]{sf}[Renderer=Harfbuzz, Extension=.ttf, UprightFont=*-Regular, BoldFont=*-Bold,
  ItalicFont=*-Regular, BoldItalicFont=*-Bold]{NotoNaskhArabic}
"""


def latex_elements(s: PrintSettings) -> dict[str, str]:
    """Sphinx `latex_elements` for the briefing: cover, running heads, marking line, metadata."""
    marking = tex(s.marking)
    date = tex(s.date or build_date())
    # The marking is read once: on the cover (its repetition at the cover's foot and every page's foot are
    # artifacts) and in the document information (/Marking).
    marking_info = rf"\hypersetup{{pdfinfo={{Marking={{{marking}}}}}}}" if s.marking else ""
    preamble = TAGGING + rf"""
\newcommand{{\bbmarking}}{{{marking}}}
\newcommand{{\bbtitle}}{{{tex(s.title)}}}
\makeatletter
\fancypagestyle{{normal}}{{%
  \fancyhf{{}}%
  \fancyhead[L]{{\py@HeaderFamily\small\bbtitle}}%
  \fancyhead[R]{{\py@HeaderFamily\small\nouppercase{{\leftmark}}}}%
  \fancyfoot[L]{{\py@HeaderFamily\small\bbmarking}}%
  \fancyfoot[R]{{\py@HeaderFamily\small\thepage}}%
  \renewcommand{{\headrulewidth}}{{0.4pt}}%
  \renewcommand{{\footrulewidth}}{{0.4pt}}%
}}
\fancypagestyle{{plain}}{{%
  \fancyhf{{}}%
  \fancyfoot[L]{{\py@HeaderFamily\small\bbmarking}}%
  \fancyfoot[R]{{\py@HeaderFamily\small\thepage}}%
  \renewcommand{{\headrulewidth}}{{0pt}}%
  \renewcommand{{\footrulewidth}}{{0.4pt}}%
}}
\makeatother
\hypersetup{{pdftitle={{{tex(s.title)}}}, pdfauthor={{{tex(s.editor)}}}, pdfsubject={{{tex(s.subject)}}},
  pdfkeywords={{{tex(s.keywords)}}}, pdfcreator={{briefbook}}, pdfdisplaydoctitle=true}}
{marking_info}
{xmp_preamble(s.title)}% Chapter heads: one line in the heading font, not a half-page "CHAPTER ONE" display.
\makeatletter
\renewcommand{{\@makechapterhead}}[1]{{{{\bbHeading{{1}}\parindent\z@\raggedright\normalfont\sffamily\bfseries\LARGE
  \ifnum\c@secnumdepth>\m@ne\thechapter\quad\fi #1\par\nobreak\vspace{{1.4em}}}}}}
\renewcommand{{\@makeschapterhead}}[1]{{{{\bbHeading{{1}}\parindent\z@\raggedright\normalfont\sffamily\bfseries\LARGE
  #1\par\nobreak\vspace{{1.4em}}}}}}
\makeatother
% Index entries in the body font (Sphinx sets them in typewriter type).
\protected\def\sphinxstyleindexentry#1{{#1}}
% Long words, addresses and hashes break rather than run into the margin.
\setlength{{\emergencystretch}}{{3em}}
\Urlmuskip=0mu plus 1mu
% Sphinx sets the bibliography at the very end, which is the References chapter: let it continue
% that chapter instead of opening a second, unnumbered one.
\renewcommand{{\bibname}}{{References}}
\makeatletter
\renewenvironment{{sphinxthebibliography}}[1]{{%
  \phantomsection
  \let\bb@chapter\chapter
  \def\chapter##1##2{{}}%
  \begin{{thebibliography}}{{#1}}%
  \let\chapter\bb@chapter
}}{{\end{{thebibliography}}}}
\makeatother
"""
    cover = rf"""
\begin{{titlepage}}
  \thispagestyle{{empty}}
  {{\sffamily\small\bfseries\bbmarking\par}}
  \vspace*{{0.22\textheight}}
  {{\sffamily\bfseries\huge\raggedright {tex(s.title)}\par}}
  \vspace{{1.2em}}
  {{\Large\raggedright {tex(s.subtitle)}\par}}
  \vfill
  {{\large {tex(s.editor)}\par}}
  \vspace{{0.4em}}
  {{Compiled {date}\par}}
  \vspace{{2em}}
  {{\sffamily\small\bfseries\bbArtifact{{\bbmarking}}}}
\end{{titlepage}}
\setcounter{{page}}{{1}}
"""
    return {
        "papersize": PAPERS.get(s.paper, "a4paper"),
        "pointsize": "11pt",
        "passoptionstopackages": r"\PassOptionsToPackage{hyphens}{url}",
        "polyglossia": "",
        "babel": BABEL,
        "fontpkg": FONTS,
        "preamble": preamble,
        "maketitle": cover,
        "fncychap": "",
        "extraclassoptions": "openany,oneside",
        "sphinxsetup": "hmargin={2.3cm,2.3cm}, vmargin={2.5cm,2.5cm}, marginpar=0pt",
        "releasename": "",
    }
