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
% Greek, symbols), so names in any script print instead of vanishing. DejaVu Sans Mono, scaled to
% Pagella's x-height, is still 10 pt in 11 pt text (a headnote's SHA-256 is set at that size too).
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
  BoldItalicFont=*-BoldOblique, Scale=0.92, RawFeature={fallback=bbfallback}]{DejaVuSansMono}
\babelfont[persian]{rm}[Renderer=Harfbuzz, Extension=.ttf, UprightFont=*-Regular, BoldFont=*-Bold,
  ItalicFont=*-Regular, BoldItalicFont=*-Bold]{NotoNaskhArabic}
\babelfont[persian]{sf}[Renderer=Harfbuzz, Extension=.ttf, UprightFont=*-Regular, BoldFont=*-Bold,
  ItalicFont=*-Regular, BoldItalicFont=*-Bold]{NotoNaskhArabic}
"""


LAYOUT = r"""
% The page count follows the content: after the overview, which opens on the page after the contents,
% each chapter follows on the page where the last ended unless less than a quarter page is left. (Not
% needspace.sty: its cheap break before the heading makes TeX prefer it to a page that ends short.)
\usepackage{multicol}
\makeatletter
\def\bb@needspace#1{\par\ifdim\dimexpr\pagegoal-\pagetotal\relax<#1\relax\newpage\fi}
\ifdefined\bbproduct\else
\renewcommand\chapter{\bb@needspace{0.25\textheight}\addvspace{2\baselineskip}\global\@topnum\z@
  \@afterindentfalse\secdef\@chapter\@schapter}
\fi
% Lists of a source's furniture and its headnote's fields: 10 pt, no space between the items; the
% headnote's fields one line each ("Outlet  Tehran Times"), not a label over its value.
\def\bb@tight{\small\def\@listi{\leftmargin\leftmargini \parsep\z@ \topsep 2\p@ \itemsep\z@}\let\@listI\@listi}
\newenvironment{sphinxclassbb-setaside}{\par\bb@tight}{\par}
\newenvironment{sphinxclassbb-related}{\par\bb@tight}{\par}
\newenvironment{sphinxclassbb-glossary}{\par\small}{\par}
\def\bb@fieldlabel#1{\textbf{#1}\hfil}
\newenvironment{sphinxclassbb-headnote}{\par\bb@tight
  \renewenvironment{quote}{}{}%
  \renewenvironment{description}{\list{}{\labelwidth=5.5em \leftmargin=6em \labelsep=0.5em
    \itemsep=\z@ \parsep=\z@ \let\makelabel\bb@fieldlabel}}{\endlist}%
  \renewcommand\sphinxlineitem[1]{\item[##1]}%
  \let\bb@code\sphinxcode\renewcommand\sphinxcode[1]{{\normalsize\bb@code{##1}}}}{\par}
% A glossary term runs into its definition ("arms embargo  UN restrictions …"), as in a printed
% glossary, instead of standing on a line of its own (several terms of one entry still stack).
\renewcommand\sphinxlineitem[2]{%
  \sphinx@gobto@sphinxlineitem#2\@gobbletwo\sphinxlineitem\unless
  \iftrue\spx@lineitemlabel\expandafter{\the\spx@lineitemlabel\strut#1\\}%
  \else\item[\the\spx@lineitemlabel#1]\spx@lineitemlabel{}\fi#2}
% The index follows the references in two columns, in the body font at 10 pt.
\ifdefined\bbproduct\else
\renewenvironment{sphinxtheindex}{\bb@needspace{0.25\textheight}\phantomsection
  \chapter*{\indexname}\addcontentsline{toc}{chapter}{\indexname}\markboth{\indexname}{\indexname}%
  \small\parindent\z@ \parskip\z@ \@plus .3\p@\relax \let\item\@idxitem
  \begin{multicols}{2}}{\end{multicols}}
\fi
\makeatother
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
{xmp_preamble(s.title)}% Chapter heads: one line in the heading font, not a half-page "CHAPTER ONE" display (the brief and
% the packs have no chapters).
\makeatletter
\ifdefined\bbproduct\else
\renewcommand{{\@makechapterhead}}[1]{{{{\bbHeading{{1}}\parindent\z@\raggedright\normalfont\sffamily\bfseries\LARGE
  \ifnum\c@secnumdepth>\m@ne\thechapter\quad\fi #1\par\nobreak\vspace{{1.4em}}}}}}
\renewcommand{{\@makeschapterhead}}[1]{{{{\bbHeading{{1}}\parindent\z@\raggedright\normalfont\sffamily\bfseries\LARGE
  #1\par\nobreak\vspace{{1.4em}}}}}}
\fi
\makeatother
% Index entries in the body font (Sphinx sets them in typewriter type).
\protected\def\sphinxstyleindexentry#1{{#1}}
% Long words, addresses and hashes break rather than run into the margin.
\setlength{{\emergencystretch}}{{3em}}
\Urlmuskip=0mu plus 1mu
% Sphinx sets the bibliography at the very end, which is the References chapter: it continues that
% chapter. Each entry opens with its label in bold, as citations give it, without brackets, and hangs.
\makeatletter
\ifdefined\bbproduct\else\renewcommand{{\bibname}}{{References}}\fi
\renewenvironment{{sphinxthebibliography}}[1]{{%
  \phantomsection\small
  \def\@biblabel##1{{\textbf{{##1}}}}\let\@BIBLABEL\@biblabel
  \list{{}}{{\leftmargin=1.5em \itemindent=-\leftmargin \labelwidth=\z@ \labelsep=0.5em
    \itemsep=0.3\baselineskip \parsep=\z@ \topsep=0.5\baselineskip \let\makelabel\relax}}%
  \sloppy
}}{{\endlist}}
\makeatother
{LAYOUT}"""
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
  \ifdefined\bbeditionline{{\bbeditionline\par}}\fi
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
