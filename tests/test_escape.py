"""Untrusted text rendered through MyST comes out exactly as it went in, and nothing in it is interpreted.

The property is checked with the real parser (myst-parser on docutils) and every MyST
extension switched on, including the typographic ones the book does not use.
"""

from __future__ import annotations

from docutils import nodes
from docutils.core import publish_doctree
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from myst_parser.parsers.docutils_ import Parser

from briefbook.escape import escape_inline, visible

EXTENSIONS = [
    "amsmath", "attrs_inline", "attrs_block", "colon_fence", "deflist", "dollarmath", "fieldlist",
    "html_admonition", "html_image", "replacements", "smartquotes", "strikethrough", "substitution", "tasklist",
]
SYNTAX = [
    "```", "~~~", ":::", "::::{note}", "```{eval-rst}", "```{include} /etc/passwd", "```{raw} html", "{role}`x`",
    "{eval-rst}`x`", "{{ sub }}", "{{", "}}", "$x$", "$$", "\\[", "\\]", "<script>alert(1)</script>", "<b>", "&amp;",
    "&#60;", "&lt;", "[^1]", "[^1]: note", "(target)=", "% comment", "---", "+++", "# ", "## ", "> ", "- ", "* ",
    "+ ", "1. ", "1) ", "|a|b|", "|---|", ":field: v", ": def", "\\", "\\\\", "  ", "\t", "    code", "**b**",
    "__b__", "*i*", "_i_", "~~s~~", "[l](http://x)", "<http://x>", "http://x.com", "www.x.com", "![i](x.png)",
    "{#id}", "{.cls}", "[x]{.c}", "--", "---", "...", '"q"', "'q'", "(c)", "(tm)", "+-", "- [ ] task", "<!-- c -->",
    "`code`", "``", "\\input{/etc/passwd}", "%", "#", "&", "^", "~", "_", "{", "}", "<", ">", "\u202e", "\u2066",
    "\u200b", "\u200d", "\x00", "\x07", "\x1b[31m", "\u0085", "\u2028", "\u00a0", "\ufeff", "Лавров", "لاوروف",
]
LINE = st.lists(
    st.one_of(st.sampled_from(SYNTAX), st.text(st.characters(blacklist_categories=["Cs"], blacklist_characters="\r\n"))),
    max_size=12,
).map("".join)


def render(text: str) -> nodes.document:
    return publish_doctree(
        escape_inline(text),
        parser=Parser(),
        settings_overrides={"myst_enable_extensions": EXTENSIONS, "report_level": 5, "halt_level": 5,
                            "myst_substitutions": {"sub": "SUBSTITUTED"}, "file_insertion_enabled": False},
    )


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(LINE.filter(lambda s: "\r" not in s and "\n" not in s))
@example("    indented code")
@example("- item")
@example("1. item")
@example("# heading")
@example("(target)=")
@example("% a comment")
@example("```{eval-rst}")
@example(" \u00a0leading and trailing white space\u3000 ")
@example("\t")
@example("")
def test_rendered_text_is_the_source_text(text):
    doctree = render(text)
    kinds = {type(n).__name__ for n in doctree.findall()}
    assert kinds <= {"document", "paragraph", "Text"}, kinds
    assert doctree.astext() == visible(text)


def test_visible_markers_replace_controls_and_bidi_overrides():
    assert visible("a\u202eb\x07c\td") == "a⟪U+202E⟫b⟪U+0007⟫c\td"
    assert visible("ZWNJ\u200cstays") == "ZWNJ\u200cstays"
