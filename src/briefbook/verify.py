"""`briefbook verify DIR`: make a build again from the project's inputs and compare it with DIR/manifest.json.

DIR is a build folder (build/) or a published edition's folder. The project root is the first folder,
from DIR upwards, holding the manifest's sources folder and docs/conf.py (or --root). The inputs are
copied into a temporary folder and built there, with the manifest's formats and SOURCE_DATE_EPOCH:
nothing of the project or of build/ is touched.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .errors import BriefbookError, Problem
from .manifest import FILENAME, FORMATS, Manifest, input_files, output_digests, read_manifest
from .tools import tool_versions


@dataclass(frozen=True)
class Differences:
    """How two sets of files (path -> SHA-256) differ."""

    same: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()  # in the manifest, not now
    new: tuple[str, ...] = ()  # now, not in the manifest

    @classmethod
    def of(cls, recorded: dict[str, str], now: dict[str, str]) -> Differences:
        return cls(same=tuple(sorted(p for p in recorded if now.get(p) == recorded[p])),
                   changed=tuple(sorted(p for p in recorded if p in now and now[p] != recorded[p])),
                   missing=tuple(sorted(set(recorded) - set(now))), new=tuple(sorted(set(now) - set(recorded))))

    @property
    def identical(self) -> bool:
        return not (self.changed or self.missing or self.new)


@dataclass(frozen=True)
class Report:
    """What `verify` found: inputs, tools, and the rebuilt outputs against the manifest's."""

    manifest: Path
    root: Path
    inputs: Differences
    tools: dict[str, tuple[str, str]]  # name -> (the manifest's, now)
    outputs: Differences | None = None  # None: the rebuild failed
    rebuild_status: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """The inputs are the manifest's and every output came out identical (a tool that differs is said, but
        does not fail a rebuild that came out the same)."""
        return self.inputs.identical and self.outputs is not None and self.outputs.identical

    def lines(self) -> list[str]:
        """The report, a line for each finding; the summary last."""
        out = [f"manifest: {self.manifest}", f"project:  {self.root}"]
        inp = self.inputs
        if inp.identical:
            out.append(f"inputs: all {len(inp.same)} identical")
        out += [f"input changed: {p}" for p in inp.changed] + [f"input missing: {p}" for p in inp.missing]
        out += [f"input new (not in the manifest): {p}" for p in inp.new]
        for name, (then, now) in sorted(self.tools.items()):
            out.append(f"tool differs: {name} {then} in the manifest, {now} now")
        if self.tools:
            out.append("(a different version of a tool can legitimately change the outputs: where outputs differ, "
                       "verify with the manifest's versions before suspecting the inputs)")
        if self.outputs is None:
            out.append(f"the rebuild failed (exit status {self.rebuild_status}): see the messages above")
        else:
            outs = self.outputs
            out += [f"identical: {p}" for p in outs.same] + [f"output differs: {p}" for p in outs.changed]
            out += [f"output missing from the rebuild: {p}" for p in outs.missing]
            out += [f"output extra (not in the manifest): {p}" for p in outs.new]
        out += self.notes
        return [*out, self.summary()]

    def summary(self) -> str:
        tools = f" ({len(self.tools)} tool version(s) differ, see above)" if self.tools else ""
        if self.ok:
            return f"verify: all {len(self.outputs.same) if self.outputs else 0} outputs identical to " \
                   f"{self.manifest}, from the same {len(self.inputs.same)} inputs{tools}."
        said = []
        inp = self.inputs
        if not inp.identical:
            said.append(f"{len(inp.changed) + len(inp.missing) + len(inp.new)} input(s) differ "
                        f"({len(inp.changed)} changed, {len(inp.missing)} missing, {len(inp.new)} new)")
        if self.tools:
            said.append(f"{len(self.tools)} tool version(s) differ")
        if self.outputs is None:
            said.append("the rebuild failed")
        elif not self.outputs.identical:
            o = self.outputs
            said.append(f"{len(o.changed) + len(o.missing) + len(o.new)} of "
                        f"{len(set(o.same) | set(o.changed) | set(o.missing) | set(o.new))} outputs differ "
                        f"({len(o.changed)} changed, {len(o.missing)} missing, {len(o.new)} extra)")
        else:
            said.append(f"all {len(self.outputs.same)} outputs identical")
        return f"verify: NOT identical to {self.manifest}: " + "; ".join(said) + "."


def manifest_of(folder: Path) -> Path:
    """DIR's manifest.json; DIR may also be the manifest file itself."""
    if folder.is_file():
        return folder
    if not folder.is_dir():
        raise BriefbookError([Problem(folder, "is not a folder.", None, "give the folder of a build (build/) or of "
                                      "a published edition, which holds manifest.json.")])
    return folder / FILENAME


def find_root(start: Path, manifest: Manifest) -> Path:
    """The project root: from start upwards, the first folder with the manifest's sources folder and conf.py."""
    here = start.resolve()
    for folder in [here, *here.parents]:
        if (folder / manifest.sources_dir).is_dir() and (folder / manifest.docs_dir / "conf.py").is_file():
            return folder
    raise BriefbookError([Problem(start, f"is not inside a book's folder: no folder above it holds "
                                         f"{manifest.sources_dir}/ and {manifest.docs_dir}/conf.py.", None,
                                  "run verify on a build or edition folder inside the book's folder, or give the "
                                  "book's folder with --root.")])


def _copy_inputs(root: Path, manifest: Manifest, into: Path, skip: Path) -> tuple[Path, Path, dict[str, str]]:
    """Copy the project's current inputs (not the build folder skip) into a fresh folder; (sources, docs, digests)."""
    from .manifest import sha256_file

    sources, docs = root / manifest.sources_dir, root / manifest.docs_dir
    digests = {}
    for path in input_files(root, sources, docs, (skip,)):
        rel = Path(os.path.relpath(path.resolve(), root.resolve()))
        if rel.parts and rel.parts[0] == "..":
            raise BriefbookError([Problem(path, f"is outside the project folder {root}.", None,
                                          "keep the Sphinx project and the sources in the book's folder.")])
        target = into / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
        digests[rel.as_posix()] = sha256_file(target)
    (into / manifest.sources_dir).mkdir(parents=True, exist_ok=True)
    return into / manifest.sources_dir, into / manifest.docs_dir, digests


def build_format(formats: tuple[str, ...]) -> list[str]:
    """The `--format` values that make these formats: all of them is `all`, else one build each."""
    return ["all"] if set(formats) == set(FORMATS) else list(formats)


def verify(folder: Path, root: Path | None = None, jobs: str = "1") -> Report:
    """Compare the project's inputs and tools with DIR's manifest, rebuild it in a temporary folder, compare."""
    path = manifest_of(folder)
    manifest = read_manifest(path)
    root = root.resolve() if root is not None else find_root(path.parent, manifest)
    with tempfile.TemporaryDirectory(prefix="briefbook-verify-") as tmp:
        project = Path(tmp) / "project"
        sources, docs, now = _copy_inputs(root, manifest, project, path.parent)
        pdf = any(f != "html" for f in manifest.formats)
        current = tool_versions(tex=pdf)
        tools = {name: (then, current.get(name, "absent")) for name, then in manifest.tools.items()
                 if current.get(name) != then}
        out = Path(tmp) / "out"
        env = {**os.environ, "SOURCE_DATE_EPOCH": str(manifest.source_date_epoch)}
        status = 0
        print(f"briefbook: verify: rebuilding {', '.join(manifest.formats)} from a copy of {root}'s inputs "
              f"(SOURCE_DATE_EPOCH={manifest.source_date_epoch}) …", file=sys.stderr, flush=True)
        for fmt in build_format(manifest.formats):
            run = subprocess.run([sys.executable, "-m", "briefbook.cli", "build", "-q", "-j", jobs,
                                  "--sources", str(sources), "--docs", str(docs), "--out", str(out),
                                  "--format", fmt], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                 text=True, errors="replace")
            # The rebuild's messages name the project's files, not their copies.
            sys.stderr.write(run.stdout.replace(f"{project}{os.sep}", f"{root}{os.sep}").replace(str(project),
                                                                                                  str(root)))
            status = run.returncode
            if status:
                break
        outputs = None if status else Differences.of(manifest.outputs, output_digests(out, manifest.formats))
    return Report(path, root, Differences.of(manifest.inputs, now), tools, outputs, status)
