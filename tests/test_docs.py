"""The documentation of every key an analyst can write is complete (sources/README.md)."""

from __future__ import annotations

import re

import pytest

from briefbook.editions import Changes, Minor
from briefbook.glossary import Alias, Entity, Glossary, Term
from briefbook.lock import LockedPara, LockFile
from briefbook.model import Cleaning, Note, Quote, SourceMeta
from briefbook.timeline import Event, Timeline
from helpers import REPO

README = (REPO / "sources" / "README.md").read_text()


@pytest.mark.parametrize("model", [SourceMeta, Note, Quote, Cleaning, Glossary, Term, Alias, Entity, Timeline, Event,
                                   LockFile, LockedPara, Changes, Minor], ids=lambda m: m.__name__)
def test_every_key_is_documented(model):
    missing = [name for name in model.model_fields
               if not re.search(rf"(`{name}`|\b{name}:|\{{{name}:)", README)]
    assert not missing, f"sources/README.md does not document {missing} of {model.__name__}"


def test_the_readme_names_every_command():
    from briefbook.cli import parser

    commands = parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    readme = (REPO / "README.md").read_text()
    assert not [c for c in commands if f"`briefbook {c}" not in readme]
