"""The machine-checkable part of PDF/UA-1 and PDF/A-2b, written with pikepdf (structure) and pdfminer.six (text).

``problems(path)`` lists every failure (empty: the PDF passes); ``structure_text(path)`` gives the
tagged text in structure order, one (tag, text) per structure element that holds text directly.
"""

from __future__ import annotations

import io
from collections import defaultdict
from pathlib import Path

import pikepdf
from pdfminer.pdfdevice import PDFDevice
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdftypes import PDFObjRef

PAINT = {"Tj", "TJ", "'", '"', "f", "F", "f*", "S", "s", "B", "B*", "b", "b*", "sh", "Do", "BI"}
TEXT = {"Tj", "TJ", "'", '"'}


def _kids(element: pikepdf.Dictionary) -> list:
    k = element.get("/K")
    if k is None:
        return []
    return list(k) if isinstance(k, pikepdf.Array) else [k]


def _role(pdf: pikepdf.Pdf, tag: str) -> str:
    """A structure type after the RoleMap (tagpdf's Aside is a Note in PDF 1.7)."""
    rolemap = pdf.Root.StructTreeRoot.get("/RoleMap", {})
    seen = set()
    while f"/{tag}" in rolemap and tag not in seen:
        seen.add(tag)
        tag = str(rolemap[f"/{tag}"]).lstrip("/")
    return tag


def elements(pdf: pikepdf.Pdf):
    """Every structure element, depth first in the tree's (reading) order."""
    stack = list(reversed(_kids(pdf.Root.StructTreeRoot)))
    while stack:
        node = stack.pop()
        if isinstance(node, pikepdf.Dictionary) and "/S" in node:
            yield node
            stack.extend(reversed(_kids(node)))


def _check_catalog(pdf: pikepdf.Pdf) -> list[str]:
    out = []
    root = pdf.Root
    tree = root.get("/StructTreeRoot")
    if tree is None or "/K" not in tree:
        out.append("no structure tree (StructTreeRoot with K)")
    elif "/ParentTree" not in tree:
        out.append("the structure tree has no ParentTree")
    if not bool(root.get("/MarkInfo", {}).get("/Marked", False)):
        out.append("MarkInfo Marked is not true")
    if not str(root.get("/Lang", "")).strip():
        out.append("no document language (/Lang)")
    if not bool(root.get("/ViewerPreferences", {}).get("/DisplayDocTitle", False)):
        out.append("ViewerPreferences DisplayDocTitle is not true")
    title = str(pdf.docinfo.get("/Title", "")) if "/Info" in pdf.trailer else ""
    xmp_title = ""
    if "/Metadata" in root:
        with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
            xmp_title = str(meta.get("dc:title", ""))
    if not (title.strip() and xmp_title.strip()):
        out.append("no title in the document information and the XMP metadata")
    if "/JavaScript" in root.get("/Names", {}) or "/AA" in root or "JavaScript" in str(root.get("/OpenAction", "")):
        out.append("JavaScript")
    return out


def _check_pdfa(pdf: pikepdf.Pdf) -> list[str]:
    out = []
    intents = [oi for oi in pdf.Root.get("/OutputIntents", []) if oi.get("/S") == "/GTS_PDFA1"]
    if not intents or "/DestOutputProfile" not in intents[0]:
        out.append("no PDF/A output intent with an ICC profile")
    if "/Metadata" not in pdf.Root:
        return [*out, "no XMP metadata stream"]
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        part, conformance = str(meta.get("pdfaid:part", "")), str(meta.get("pdfaid:conformance", ""))
        if (part, conformance.upper()) != ("2", "B"):
            out.append(f"XMP says PDF/A part {part!r} conformance {conformance!r}, not 2B")
        info = pdf.docinfo
        pairs = [("/Title", "dc:title"), ("/Author", "dc:creator"), ("/Subject", "dc:description"),
                 ("/Keywords", "pdf:Keywords"), ("/Producer", "pdf:Producer"), ("/Creator", "xmp:CreatorTool")]
        for key, prop in pairs:
            if key in info and str(info[key]) and str(info[key]) not in str(meta.get(prop, "")):
                out.append(f"{key} {str(info[key])!r} differs from XMP {prop} {meta.get(prop)!r}")
        for key, prop in (("/CreationDate", "xmp:CreateDate"), ("/ModDate", "xmp:ModifyDate")):
            if key in info and (xmp := str(meta.get(prop, ""))):
                raw = str(info[key]).removeprefix("D:")
                if raw[:14] != xmp.replace("-", "").replace("T", "").replace(":", "")[:14]:
                    out.append(f"{key} {raw!r} differs from XMP {prop} {xmp!r}")
            elif key in info:
                out.append(f"{key} has no XMP {prop}")
    return out


def _check_fonts(pdf: pikepdf.Pdf) -> list[str]:
    out, seen = [], set()

    def fonts(resources):
        for _, font in (resources.get("/Font", {}) if resources is not None else {}).items():
            yield font
        for _, xobj in (resources.get("/XObject", {}) if resources is not None else {}).items():
            if xobj.get("/Subtype") == "/Form" and xobj.objgen not in seen:
                seen.add(xobj.objgen)
                yield from fonts(xobj.get("/Resources"))

    for page in pdf.pages:
        for font in fonts(page.obj.get("/Resources")):
            if font.objgen in seen:
                continue
            seen.add(font.objgen)
            name = str(font.get("/BaseFont", font.get("/Name", "?")))
            descendant = font["/DescendantFonts"][0] if "/DescendantFonts" in font else font
            desc = descendant.get("/FontDescriptor")
            if font.get("/Subtype") != "/Type3" and not (desc and any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3"))):
                out.append(f"font {name} is not embedded")
            if "/ToUnicode" not in font:
                out.append(f"font {name} has no ToUnicode map")
    return out


def _check_content(pdf: pikepdf.Pdf) -> list[str]:
    """Every painting operator is inside a marked-content sequence: tagged (an MCID) or an Artifact."""
    out = []
    parent_tree = _number_tree(pdf.Root.StructTreeRoot.get("/ParentTree")) if "/StructTreeRoot" in pdf.Root else {}
    for number, page in enumerate(pdf.pages, 1):
        stack: list[str] = []
        untagged = 0
        mcids = set()
        for operands, op in pikepdf.parse_content_stream(page):
            op = str(op)
            if op in ("BMC", "BDC"):
                tag = str(operands[0])
                mcid = operands[1].get("/MCID") if op == "BDC" and isinstance(operands[1], pikepdf.Dictionary) else None
                if mcid is not None:
                    mcids.add(int(mcid))
                stack.append("artifact" if tag == "/Artifact" else ("tagged" if mcid is not None else stack[-1] if stack else ""))
            elif op == "EMC":
                if stack:
                    stack.pop()
            elif op in PAINT and not any(stack):
                untagged += 1
        if untagged:
            out.append(f"page {number}: {untagged} painting operators neither tagged nor artifacts")
        if mcids:
            if "/StructParents" not in page.obj:
                out.append(f"page {number} has marked content but no StructParents")
            else:
                refs = parent_tree.get(int(page.obj.StructParents))
                missing = [m for m in mcids if refs is None or m >= len(refs) or not isinstance(refs[m], pikepdf.Dictionary)]
                if missing:
                    out.append(f"page {number}: marked content {missing[:5]} not in the ParentTree")
        if page.obj.get("/Annots") and page.obj.get("/Tabs") != "/S":
            out.append(f"page {number} has annotations but its tab order is not the structure order (/Tabs /S)")
    return out


def _number_tree(node) -> dict:
    out: dict = {}
    if node is None:
        return out
    nums = node.get("/Nums")
    if nums is not None:
        for i in range(0, len(nums), 2):
            out[int(nums[i])] = nums[i + 1]
    for kid in node.get("/Kids", []):
        out.update(_number_tree(kid))
    return out


def _check_structure(pdf: pikepdf.Pdf) -> list[str]:
    """Headings nested without a skipped level; Notes with an ID, Figures with alternative text, header cells
    with their scope (column or row); every link
    annotation in a Link element, with a description (Contents)."""
    out = []
    if "/StructTreeRoot" not in pdf.Root:
        return out
    previous = 0
    for element in elements(pdf):
        tag = _role(pdf, str(element.S).lstrip("/"))
        if len(tag) == 2 and tag[0] == "H" and tag[1].isdigit():
            level = int(tag[1])
            if level > previous + 1:
                out.append(f"heading level skipped: H{level} after H{previous}")
            previous = level
        if tag == "Note" and "/ID" not in element:
            out.append(f"a Note ({element.S}) without an ID")
        if tag == "Figure" and not str(element.get("/Alt", "")).strip():
            out.append("a Figure without alternative text")
        if tag == "TH":
            attrs = element.get("/A")
            attrs = list(attrs) if isinstance(attrs, pikepdf.Array) else [attrs] if attrs is not None else []
            if not any(isinstance(a, pikepdf.Dictionary) and a.get("/O") == "/Table" and
                       a.get("/Scope") in ("/Column", "/Row", "/Both") for a in attrs):
                out.append("a TH (table header cell) without a Scope attribute")
    parent_tree = _number_tree(pdf.Root.StructTreeRoot.get("/ParentTree"))
    for number, page in enumerate(pdf.pages, 1):
        for annot in page.obj.get("/Annots", []):
            if annot.get("/Subtype") != "/Link":
                continue
            if not str(annot.get("/Contents", "")).strip():
                out.append(f"page {number}: a link annotation without Contents (its description)")
            parent = parent_tree.get(int(annot["/StructParent"])) if "/StructParent" in annot else None
            if not isinstance(parent, pikepdf.Dictionary) or _role(pdf, str(parent.get("/S", "")).lstrip("/")) != "Link":
                out.append(f"page {number}: a link annotation is not in a Link structure element")
    return out


def problems(path: Path) -> list[str]:
    """Every machine-checkable PDF/UA-1 and PDF/A-2b failure of the PDF at path."""
    with pikepdf.open(path) as pdf:
        return (_check_catalog(pdf) + _check_pdfa(pdf) + _check_fonts(pdf) + _check_content(pdf)
                + _check_structure(pdf))


class _MarkedText(PDFDevice):
    """Text by marked-content sequence: (page index, MCID) -> text, and each page's artifact text."""

    def __init__(self, rsrcmgr: PDFResourceManager) -> None:
        super().__init__(rsrcmgr)
        self.page = -1
        self.stack: list[tuple[str, int | None]] = []
        self.tagged: dict[tuple[int, int], str] = defaultdict(str)
        self.artifacts: dict[int, str] = defaultdict(str)

    def begin_page(self, page, ctm) -> None:
        self.page += 1

    def begin_tag(self, tag, props=None) -> None:
        if isinstance(props, PDFObjRef):
            props = props.resolve()
        mcid = props.get("MCID") if isinstance(props, dict) else None
        self.stack.append((tag.name, mcid if mcid is not None else (self.stack[-1][1] if self.stack else None)))

    def end_tag(self) -> None:
        if self.stack:
            self.stack.pop()

    def render_string(self, textstate, seq, ncs, graphicstate) -> None:
        font = textstate.font
        text = ""
        for obj in seq:
            if isinstance(obj, bytes):
                for cid in font.decode(obj):
                    try:
                        text += font.to_unichr(cid)
                    except Exception:  # noqa: BLE001 - a glyph without a Unicode mapping adds nothing
                        pass
        if any(tag == "Artifact" for tag, _ in self.stack):
            self.artifacts[self.page] += text
        elif self.stack and self.stack[-1][1] is not None:
            self.tagged[(self.page, self.stack[-1][1])] += text


def marked_text(path: Path) -> _MarkedText:
    """Read every page's text with the marked-content sequence it is in."""
    rsrcmgr = PDFResourceManager()
    device = _MarkedText(rsrcmgr)
    interpreter = PDFPageInterpreter(rsrcmgr, device)
    with open(path, "rb") as fh:
        for page in PDFPage.get_pages(io.BytesIO(fh.read())):
            interpreter.process_page(page)
    return device


def structure_text(path: Path) -> list[tuple[str, str]]:
    """The tagged text in structure (reading) order: one (path, text) per block.

    A block is an element holding text of its own (a P, a heading, a cell's P…), with the text of
    its whole subtree (its links and spans included); path is its chain of structure types below
    Document, such as "Aside/P" or "Table/TR/TH/P"."""
    device = marked_text(path)
    out: list[tuple[str, str]] = []
    with pikepdf.open(path) as pdf:
        pages = {page.obj.objgen: i for i, page in enumerate(pdf.pages)}

        def text_of(element, page) -> str:
            page = pages.get(element["/Pg"].objgen) if "/Pg" in element else page
            text = ""
            for kid in _kids(element):
                if isinstance(kid, int):
                    text += device.tagged.get((page, kid), "") if page is not None else ""
                elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                    at = pages.get(kid.Pg.objgen) if "/Pg" in kid else page
                    text += device.tagged.get((at, int(kid.MCID)), "") if at is not None else ""
                elif isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                    text += text_of(kid, page)
            return text

        def walk(element, trail: list[str], page) -> None:
            page = pages.get(element["/Pg"].objgen) if "/Pg" in element else page
            kids = _kids(element)
            own = any(isinstance(k, int) or (isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/MCR") for k in kids)
            tag = str(element.S).lstrip("/")
            here = [*trail, tag] if tag != "Document" else trail
            if own:
                text = " ".join(text_of(element, page).split())
                if text:
                    out.append(("/".join(here), text))
                return
            for kid in kids:
                if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                    walk(kid, here, page)

        for top in _kids(pdf.Root.StructTreeRoot):
            if isinstance(top, pikepdf.Dictionary) and "/S" in top:
                walk(top, [], None)
    return out
