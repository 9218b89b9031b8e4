"""Validation: load -> schema -> clinical lint rules, for one file or a whole corpus.

Never raises for bad data: every stage adds problems, and the caller decides what to do.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from build_tools.load import Document, load_file
from build_tools.models import Monograph
from build_tools.problems import Problem
from build_tools.rules import RULES, FileContext
from build_tools.schema_check import check_schema


@dataclass
class Checked:
    """One file after validation: its document, its model (None if invalid), its problems."""

    doc: Document
    model: Monograph | None
    problems: list[Problem]


@dataclass
class Corpus:
    """All checked files plus corpus-wide problems."""

    files: list[Checked] = field(default_factory=list)
    corpus_problems: list[Problem] = field(default_factory=list)

    @property
    def problems(self) -> list[Problem]:
        """Every problem, sorted by file, line, column."""
        out = [p for f in self.files for p in f.problems] + self.corpus_problems
        return sorted(out)

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
    return Checked(doc, model, sorted(set(problems)))


def check_file(path: Path, display: str | None = None, today: dt.date | None = None) -> Checked:
    """Load and check one file."""
    return check_document(load_file(path, display), today)


def expand(paths: Iterable[Path]) -> list[Path]:
    """Monograph files named by the paths: files as given, folders as their *.yaml, sorted."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.glob("*.yaml") if p.is_file())
        else:
            files.append(path)
    return files


def check_corpus_rules(checked: Sequence[Checked]) -> list[Problem]:
    """Corpus-scope rules over the files that passed on their own."""
    items = [(c.doc, c.model) for c in checked if c.model is not None]
    problems: list[Problem] = []
    for r in RULES.values():
        if r.scope == "corpus":
            r.check(items, problems)
    return problems


def _corpus_paths(checked: Checked) -> list[tuple[str | int, ...]]:
    """The positions corpus-wide rules report at: the id and each brand name."""
    keep: list[tuple[str | int, ...]] = [("id",)]
    if checked.model is not None:
        keep += [("identity", "brands", i, "name") for i in range(len(checked.model.identity.brands))]
    return keep


def check_paths(paths: Iterable[Path], today: dt.date | None = None) -> Corpus:
    """Check every monograph under ``paths``, then the corpus-wide rules.

    Each document is slimmed after its own checks (text and position maps freed), so memory
    grows with the models, not with the YAML.
    """
    corpus = Corpus()
    for path in expand(paths):
        checked = check_file(path, today=today)
        checked.doc.slim(_corpus_paths(checked))
        corpus.files.append(checked)
    corpus.corpus_problems = check_corpus_rules(corpus.files)
    return corpus
