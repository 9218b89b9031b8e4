"""Validation: load -> schema -> clinical lint rules, for one file or a whole corpus.

Never raises for bad data: every stage adds problems, and the caller decides what to do.
"""

from __future__ import annotations

import datetime as dt
import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from build_tools.check.load import Document, load_file
from build_tools.check.rules import RULES, FileContext
from build_tools.check.rules.corpus import CorpusEntry, corpus_entry
from build_tools.check.schema_check import check_schema
from build_tools.model import Monograph
from build_tools.model.problems import Findings, Problem
from build_tools.plumbing.parallel import map_ordered


@dataclass
class Checked:
    """One file after validation: its document, its model (None if invalid), its problems, and
    (if valid) what the corpus-wide rules need of it."""

    doc: Document
    model: Monograph | None
    problems: list[Problem]
    entry: CorpusEntry | None = None


@dataclass
class Corpus(Findings[Checked]):
    """All checked files plus corpus-wide problems."""

    @property
    def monographs(self) -> list[Monograph]:
        """Valid monographs sorted by id."""
        return sorted((f.model for f in self.files if f.model is not None), key=lambda m: m.id)


def check_document(doc: Document, today: dt.date | None = None) -> Checked:
    """Schema and file-scope rules for one loaded document."""
    problems = list(doc.problems)
    for r in RULES.values():
        if r.scope == "text" and doc.text:
            r.check(doc, problems)
    model = None
    if doc.data is not None:
        model, schema_problems = check_schema(doc)
        problems += schema_problems
        if model is not None:
            ctx = FileContext(doc, model, today or dt.date.today())
            for r in RULES.values():
                if r.scope == "file":
                    r.check(ctx)
            problems += ctx.problems
    if any(p.severity == "error" for p in problems):
        model = None
    entry = corpus_entry(doc, model) if model is not None else None
    return Checked(doc, model, sorted(set(problems)), entry)


def check_file(path: Path, display: str | None = None, today: dt.date | None = None) -> Checked:
    """Load and check one file."""
    return check_document(load_file(path, display), today)


def expand(paths: Iterable[Path]) -> list[Path]:
    """Monograph files named by the paths: files as given, folders as their *.yaml that are
    regular files, sorted. Links, special files and files in sub-folders are left out unread;
    ``misplaced`` names them."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir() and path.is_symlink():
            continue  # a linked folder is never entered (misplaced names it)
        if path.is_dir():
            files += sorted(p for p in path.glob("*.yaml") if _regular(p))
        else:
            files.append(path)
    return files


def _regular(path: Path) -> bool:
    """A regular file, not a link to one (a link can point outside the repository)."""
    try:
        return stat.S_ISREG(path.lstat().st_mode)
    except OSError:
        return False


def misplaced(paths: Iterable[Path]) -> list[Problem]:
    """What the folders among ``paths`` hold that is never read: links, special files, and
    monographs in sub-folders (an id is its file's name directly in the folder). Named, not
    opened: a link's target is never read."""
    problems = []
    for folder in paths:
        if not folder.is_dir() or folder.is_symlink():
            if folder.is_dir():  # a linked folder; a linked file is refused by load_file
                problems.append(Problem(str(folder), 1, 1, "file-link",
                                        f"{folder} is a symbolic link; monographs are read only "
                                        "from the folder itself, never through a link"))
            continue
        for entry in sorted(folder.rglob("*")):
            rel = entry.relative_to(folder)
            if any(part.startswith(".") for part in rel.parts):
                continue
            if entry.is_symlink():
                problems.append(Problem(str(entry), 1, 1, "file-link",
                                        "this is a symbolic link; a monograph must be the file "
                                        "itself (a link can point outside the repository): "
                                        "replace it with the file, or remove it"))
            elif (entry.is_file() and not _regular(entry)) or (not entry.is_file() and not entry.is_dir()):
                problems.append(Problem(str(entry), 1, 1, "file-special",
                                        "this is not a regular file (a pipe, socket or device); "
                                        "remove it from the monographs folder"))
            elif entry.suffix == ".yaml" and len(rel.parts) > 1:
                problems.append(Problem(str(entry), 1, 1, "file-nested",
                                        f"monographs live directly in {folder}/, not in "
                                        f"sub-folders ({rel.parent}/); move it up, keeping "
                                        "its file name equal to its id"))
    return problems


def check_corpus_rules(entries: Sequence[CorpusEntry]) -> list[Problem]:
    """Corpus-scope rules over the files that passed on their own."""
    problems: list[Problem] = []
    for r in RULES.values():
        if r.scope == "corpus":
            r.check(entries, problems)
    return problems


def _check_slim(task: tuple[Path, dt.date | None]) -> Checked:
    """Check one file and free its text and position maps (runs in a worker process)."""
    checked = check_file(task[0], today=task[1])
    checked.doc.slim(())
    return checked


def check_paths(paths: Iterable[Path], today: dt.date | None = None, *,
                jobs: int | None = None) -> Corpus:
    """Check every monograph under ``paths`` (on every core for a big corpus), then the
    corpus-wide rules.

    Each document is slimmed after its own checks (text and position maps freed), so memory
    grows with the models, not with the YAML.
    """
    corpus = Corpus()
    paths = list(paths)
    day = today or dt.date.today()
    corpus.files = list(map_ordered(_check_slim, [(p, day) for p in expand(paths)], jobs))
    corpus.corpus_problems = check_corpus_rules([f.entry for f in corpus.files if f.entry])
    corpus.corpus_problems += misplaced(paths)
    return corpus
