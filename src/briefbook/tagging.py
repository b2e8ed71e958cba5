"""The tagged, archival PDF (PDF/UA-1 structure, PDF/A-2b): the LaTeX that makes it (plain strings, no Sphinx).

LaTeX's tagging project (tagpdf and the PDF management of TeX Live 2022, switched on by
``\\DocumentMetadata`` before ``\\documentclass``) tags paragraphs as P, links as Link and the
running heads and feet as artifacts. What it does not tag yet, briefbook's LaTeX writer marks with
the macros below: headings (H1–H6), lists (L, LI, LBody), tables (Table, TR, TH, TD) and the
analyst notes (Aside). Each macro does nothing when tagging is off.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import uuid
from pathlib import Path

LANG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")
MARKER = "\\DocumentMetadata"


def document_metadata(lang: str) -> str:
    """The line that switches on tagging and PDF/A-2b (and sets the document's language)."""
    lang = lang.replace("_", "-") if lang and LANG.fullmatch(lang.replace("_", "-")) else "en"
    return f"{MARKER}{{lang={lang}, pdfstandard=A-2b, testphase=phase-II}}\n"


#: Above this many links a document prints untagged: tagpdf's (TeX Live 2022) time grows with the square
#: of the links (500: +8 s; 2,000: +100 s; 8,000: over 18 minutes), and a briefing must still build.
MAX_TAGGED_LINKS = 1500
_LINK = re.compile(r"\\(?:hyperref\[|sphinxhref\{|href\{|hyperlink\{|sphinxurl\{|sphinxnolinkurl\{)")


def link_count(tex: Path) -> int:
    """How many links a LaTeX document makes (each costs tagpdf more, the more there are)."""
    return len(_LINK.findall(tex.read_text(encoding="utf-8", errors="replace")))


def add_document_metadata(tex: Path, lang: str) -> bool:
    """Put the tagging and PDF/A line before the .tex file's ``\\documentclass``; False if it is there already.

    Call it on every LaTeX document the build writes (the book, the brief, each pack)."""
    text = tex.read_text(encoding="utf-8")
    if text.startswith(MARKER):
        return False
    tmp = tex.with_name(f".{tex.name}.tmp")
    tmp.write_text(document_metadata(lang) + text, encoding="utf-8")
    tmp.replace(tex)
    return True


TAGGING = r"""
% Tagging (PDF/UA): the structure Sphinx's LaTeX does not give (briefbook's writer places these
% macros); each is a no-op when tagging is off (no \DocumentMetadata).
\makeatletter
\providecommand\tagstructbegin[1]{}\providecommand\tagstructend{}
\providecommand\tagmcbegin[1]{}\providecommand\tagmcend{}
\providecommand\tagpdfsetup[1]{}\providecommand\tagpdfparaOn{}\providecommand\tagpdfparaOff{}
% (an .aux written by a tagged run, read by an untagged one: its tagging records mean nothing)
\providecommand\newlabeldata[2]{}
% Headings: the heading's paragraph is tagged H<level> instead of P.
\newcommand\bbHeading[1]{\tagpdfsetup{paratag=H#1}}
\newcommand\bbHeadingEnd{\tagpdfsetup{paratag=P}}
% A section's number and its title are separate words to a reader of the text (as in the contents);
% the contents' dot leaders are an artifact.
\providecommand\pdffakespace{}
\titleformat{\section}{\Large\py@HeaderFamily}{\py@TitleColor\thesection\pdffakespace}{0.5em}{\py@TitleColor}
\titleformat{\subsection}{\large\py@HeaderFamily}{\py@TitleColor\thesubsection\pdffakespace}{0.5em}{\py@TitleColor}
\titleformat{\subsubsection}{\normalsize\py@HeaderFamily}{\py@TitleColor\thesubsubsection\pdffakespace}{0.5em}{\py@TitleColor}
\let\bb@numberline\numberline
\renewcommand\numberline[1]{\bb@numberline{#1\pdffakespace}}
\newcommand\bb@leadersbegin{\pdffakespace\tagmcend\tagmcbegin{artifact}}
\newcommand\bb@leadersend{\tagmcend\tagmcbegin{}}
\patchcmd{\@dottedtocline}{\leaders}{\bb@leadersbegin\leaders}{}{}
\patchcmd{\@dottedtocline}{\hfill}{\hfill\bb@leadersend}{}{}
\patchcmd{\l@chapter}{\hfil}{\pdffakespace\hfil}{}{}
% Lists (itemize, enumerate, description): L > LI > LBody > P.
\newcommand\bbListBegin{\par\tagstructbegin{tag=L}}
\newcommand\bbListEnd{\par\tagstructend}
\newcommand\bbItemBegin{\par\tagstructbegin{tag=LI}\tagstructbegin{tag=LBody}}
\newcommand\bbItemEnd{\par\tagstructend\tagstructend}
% A source's paragraph in another language than the book's: a Div with its /Lang around the P.
\newcommand\bbLangBegin[1]{\par\tagstructbegin{tag=Div,lang=#1}}
\newcommand\bbLangEnd{\par\tagstructend}
% Tables: Table > TR > TH/TD > P.
% The table (or the note's box) sits in a paragraph of its own: that one is not tagged, its cells' are.
\newcommand\bbTableBegin{\par\tagstructbegin{tag=Table}\tagpdfparaOff}
\newcommand\bbTableEnd{\par\tagpdfparaOn\tagstructend}
\newcommand\bbRowBegin{\tagstructbegin{tag=TR}}
\newcommand\bbRowEnd{\tagstructend}
% A header cell says what it heads (PDF/UA: TH with a Scope): the column (a table head's cells) or the row.
\tagpdfsetup{newattribute={bbColumnHead}{/O /Table /Scope /Column},newattribute={bbRowHead}{/O /Table /Scope /Row}}
\newcommand\bbCellBegin[1]{\csname bb@cell@#1\endcsname\tagpdfparaOn}
\def\bb@cell@TD{\tagstructbegin{tag=TD}}
\def\bb@cell@TH{\tagstructbegin{tag=TH,attribute=bbColumnHead}}
\def\bb@cell@THrow{\tagstructbegin{tag=TH,attribute=bbRowHead}}
\newcommand\bbCellEnd{\par\tagstructend}
% A repeated table head (a long table's head on its next pages) and "continued" lines: artifacts.
\newcommand\bbArtifactBegin{\tagpdfparaOff\tagmcbegin{artifact}}
\newcommand\bbArtifactEnd{\par\tagmcend\tagpdfparaOn}
\newcommand\bbArtifact[1]{{\tagpdfparaOff\tagmcbegin{artifact}#1\par\tagmcend}}
\ifdefined\sphinxtablecontinued
  \let\bb@tablecontinued\sphinxtablecontinued
  \renewcommand\sphinxtablecontinued[1]{\bb@tablecontinued{\tagmcbegin{artifact}#1\tagmcend}}
\fi
% An image on a line of its own: a Figure with its alternative text (none: an artifact).
\newcommand\bbFigureBegin[1]{\par\tagpdfparaOff
  \if\relax\detokenize{#1}\relax\tagmcbegin{artifact}\gdef\bb@figureend{\tagmcend}%
  \else\tagstructbegin{tag=Figure,alt={#1}}\tagmcbegin{}\gdef\bb@figureend{\tagmcend\tagstructend}\fi}
\newcommand\bbFigureEnd{\par\bb@figureend\tagpdfparaOn}
% An analyst note: an Aside that follows the paragraph it annotates. PDF 1.7 has no Aside: tagpdf
% maps it to Note, which PDF/UA-1 reserves for foot- and endnotes (with an ID); mapped to Sect instead.
\ExplSyntaxOn
\cs_if_exist:NT \g__tag_role_rolemap_prop { \prop_gput:Nnn \g__tag_role_rolemap_prop {Aside} {Sect} }
\ExplSyntaxOff
\newcommand\bbAsideBegin{\par\tagstructbegin{tag=Aside}\tagpdfparaOff}
\newcommand\bbAsideInside{\tagpdfparaOn}
\newcommand\bbAsideEnd{\par\tagpdfparaOn\tagstructend}
% The note's title row (a coloured box around a paragraph): one P, not a P around an empty one.
\ifdefined\sphinxstylesidebartitle
  \let\bb@sidebartitle\sphinxstylesidebartitle
  \renewcommand*\sphinxstylesidebartitle[1]{\tagstructbegin{tag=P}\tagmcbegin{}%
    {\tagpdfparaOff\bb@sidebartitle{#1}\par}\tagmcend\tagstructend}
\fi
\makeatother
"""


def xmp_preamble(title: str) -> str:
    """What TeX Live 2022's PDF management leaves out of the XMP metadata.

    It writes the keywords to dc:subject only; PDF/A wants them in pdf:Keywords too, equal to the
    document information's. It dates the XMP metadata by the .log file's time and ignores
    SOURCE_DATE_EPOCH: when that is set, every date (information and XMP) and the instance id follow it."""
    out = [r"\ExplSyntaxOn", r"\cs_if_exist:NT \pdfmanagement_if_active_p: { \pdfmanagement_if_active:T {",
           r"  \tl_gput_right:Nn \g__pdfmeta_xmp_user_packet_tl",
           r"    { \__pdfmeta_xmp_add_packet_line:nne {pdf}{Keywords}{\GetDocumentProperties{hyperref/pdfkeywords}} }"]
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        date = "D:" + dt.datetime.fromtimestamp(int(epoch), dt.UTC).strftime("%Y%m%d%H%M%S") + "Z"
        instance = uuid.uuid5(uuid.NAMESPACE_URL, f"briefbook:{title}:{epoch}")
        out += [rf"  \pdfmanagement_add:nnn {{Info}} {{CreationDate}} {{({date})}}",
                rf"  \pdfmanagement_add:nnn {{Info}} {{ModDate}} {{({date})}}",
                rf"  \AddToDocumentProperties [document] {{pdfcreationdate}} {{{date}}}",
                rf"  \AddToDocumentProperties [document] {{pdfmoddate}} {{{date}}}",
                rf"  \AddToDocumentProperties [hyperref] {{pdfmetadate}} {{{date}}}",
                rf"  \AddToDocumentProperties [hyperref] {{pdfdate}} {{{date}}}",
                rf"  \AddToDocumentProperties [hyperref] {{pdfinstanceid}} {{uuid:{instance}}}"]
    return "\n".join([*out, r"} }", r"\ExplSyntaxOff", ""])
