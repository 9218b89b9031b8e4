"""Versions of the monographs to compare: a folder of files, or a git revision's tree, read
without a work tree (``git cat-file --batch``), each file parsed strictly into its model.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from build_tools import model as m
from build_tools.check.load import load_bytes
from build_tools.check.schema_check import check_schema

MONOGRAPH_DIR = "monographs"
_GIT_TIMEOUT = 60
ZERO_SHA = re.compile(r"0+\Z")


@dataclass
class Version:
    """One file of one version: its model, or why there is none."""

    name: str
    model: m.Monograph | None
    problems: int = 0


def parse_monograph(raw: bytes, name: str) -> Version:
    """Load and schema-check a monograph's bytes (lint rules are not needed to compare)."""
    doc = load_bytes(raw, name)
    if doc.data is None:
        return Version(name, None, len(doc.problems))
    model, problems = check_schema(doc)
    return Version(name, model, len(problems))


def read_folder(folder: Path) -> dict[str, Version]:
    """Every monograph in a folder, by file stem."""
    out: dict[str, Version] = {}
    for path in sorted(folder.glob("*.yaml")):
        try:
            raw = path.read_bytes()
        except OSError:
            out[path.stem] = Version(path.name, None, 1)
            continue
        out[path.stem] = parse_monograph(raw, path.name)
    return out


class GitError(Exception):
    """git is missing, the folder is not a repository, or a revision does not exist."""


def run_git(repo: Path, *args: str, data: bytes | None = None) -> bytes:
    """Run git in ``repo``; its output, or GitError with git's last message."""
    try:
        done = subprocess.run(["git", "-C", str(repo), *args], input=data, capture_output=True,
                              timeout=_GIT_TIMEOUT, check=False)
    except (OSError, subprocess.SubprocessError) as exc:
        raise GitError(f"cannot run git: {exc}") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(message[-1] if message else f"git {' '.join(args)} failed")
    return done.stdout


def read_blobs(repo: Path, shas: list[str]) -> dict[str, bytes]:
    """Contents of blobs, read in one ``git cat-file --batch`` call."""
    if not shas:
        return {}
    out = run_git(repo, "cat-file", "--batch", data="".join(f"{s}\n" for s in shas).encode())
    blobs: dict[str, bytes] = {}
    pos = 0
    while pos < len(out):
        end = out.index(b"\n", pos)
        header = out[pos:end].decode().split()
        pos = end + 1
        if len(header) < 3 or header[1] == "missing":
            continue
        size = int(header[2])
        blobs[header[0]] = out[pos:pos + size]
        pos += size + 1
    return blobs


def _tree(repo: Path, rev: str, subdir: str) -> dict[str, str]:
    """File stem -> blob sha of the *.yaml files directly in ``subdir`` at ``rev``."""
    listing = run_git(repo, "ls-tree", "-z", f"{rev}^{{commit}}", "--", f"{subdir}/")
    files: dict[str, str] = {}
    for record in listing.split(b"\0"):
        if not record:
            continue
        meta, _, path = record.decode("utf-8", "replace").partition("\t")
        mode_type_sha = meta.split()
        name = path.rsplit("/", 1)[-1]
        if len(mode_type_sha) == 3 and mode_type_sha[1] == "blob" and name.endswith(".yaml"):
            files[name[: -len(".yaml")]] = mode_type_sha[2]
    return files


def read_revision(repo: Path, rev: str, subdir: str = MONOGRAPH_DIR) -> dict[str, Version]:
    """Every monograph in ``subdir`` at a git revision, read from git's objects (no checkout)."""
    run_git(repo, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
    files = _tree(repo, rev, subdir)
    blobs = read_blobs(repo, sorted(set(files.values())))
    return {stem: parse_monograph(blobs.get(sha, b""), f"{stem}.yaml") for stem, sha in files.items()}
