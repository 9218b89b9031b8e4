"""Nothing outside the content folder is read: links, special files and sub-folders are named,
never opened, and none of them is published."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from build_tools.check.validate import check_paths
from build_tools.export_command import export_paths
from tests.conftest import FIXTURES, TODAY

BASE = FIXTURES / "valid" / "base.yaml"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository whose monographs/ holds one valid file and every kind of misplaced entry."""
    outside = tmp_path / "outside"
    outside.mkdir()
    secret = outside / "secret.yaml"  # a valid monograph outside the checkout
    secret.write_text(BASE.read_text(encoding="utf-8").replace("id: base", "id: secret")
                      .replace("Examplo", "Secreto"), encoding="utf-8")
    (outside / "hostname").write_text("do-not-read-me\n", encoding="utf-8")
    folder = tmp_path / "repo" / "monographs"
    (folder / "sub").mkdir(parents=True)
    shutil.copyfile(BASE, folder / "base.yaml")
    shutil.copyfile(BASE, folder / "sub" / "nested.yaml")
    (folder / "secret.yaml").symlink_to(secret)
    (folder / "host.yaml").symlink_to(outside / "hostname")
    os.mkfifo(folder / "pipe.yaml")
    return tmp_path / "repo"


def test_misplaced_entries_are_named_and_never_read(repo: Path) -> None:
    corpus = check_paths([repo / "monographs"], today=TODAY)
    assert [m.id for m in corpus.monographs] == ["base"]
    found = {(Path(p.file).name, p.rule) for p in corpus.problems}
    assert {("secret.yaml", "file-link"), ("host.yaml", "file-link"), ("pipe.yaml", "file-special"),
            ("nested.yaml", "file-nested")} <= found
    text = "\n".join(p.text() for p in corpus.problems)
    assert "do-not-read-me" not in text and "Secreto" not in text  # no target's content
    assert str(repo.parent / "outside") not in text  # nor where a link points


def test_a_linked_monograph_is_not_published(repo: Path, tmp_path: Path) -> None:
    problems = export_paths([repo / "monographs"], tmp_path / "out", repo_root=repo, today=TODAY)
    assert any(p.rule == "file-link" for p in problems)
    assert not (tmp_path / "out" / "monographs" / "secret.json").exists()
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").rglob("secret*"))


def test_a_linked_file_named_on_the_command_line_is_refused(repo: Path) -> None:
    corpus = check_paths([repo / "monographs" / "secret.yaml"], today=TODAY)
    assert corpus.monographs == []
    assert [p.rule for p in corpus.problems] == ["file-link"]


def test_a_link_in_the_docs_folder_stops_the_site_build_by_name(tmp_path: Path) -> None:
    from build_tools.build.site_source import SiteBuildError, _handwritten

    docs = tmp_path / "docs"
    (docs / "editors").mkdir(parents=True)
    (docs / "index.md").write_text("# Home\n", encoding="utf-8")
    (tmp_path / "passwd").write_text("root:x:0:0\n", encoding="utf-8")
    (docs / "editors" / "notes.md").symlink_to(tmp_path / "passwd")
    with pytest.raises(SiteBuildError) as err:
        list(_handwritten(docs))
    assert "docs/editors/notes.md: a symbolic link" in str(err.value)
    assert "root:x" not in str(err.value) and str(tmp_path / "passwd") not in str(err.value)
    (docs / "editors" / "notes.md").unlink()
    assert [rel for rel, _ in _handwritten(docs)] == ["index.md"]


@pytest.fixture
def no_system_temp(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Any use of the system temp folder fails: tempfile's default folder does not exist."""
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "no-system-temp-here"))


def test_the_export_and_the_search_index_stage_beside_their_output(
        no_system_temp: None, tmp_path: Path) -> None:
    from build_tools.site.search_index import write_search_index

    repo = tmp_path / "repo"
    (repo / "monographs").mkdir(parents=True)
    shutil.copyfile(BASE, repo / "monographs" / "base.yaml")
    out = tmp_path / "site" / "api"
    assert [p for p in export_paths([repo / "monographs"], out, repo_root=repo, today=TODAY, jobs=1)
            if p.severity == "error"] == []
    assert (out / "index.json").is_file()
    assert sorted(p.name for p in out.parent.iterdir()) == ["api"], "nothing is left beside it"
    page = tmp_path / "page.html"
    page.write_text('<html lang="en"><head><title>x</title></head><body><main data-pagefind-body>'
                    "<h1>x</h1></main></body></html>", encoding="utf-8")
    write_search_index({"monographs/x/": page}, {}, tmp_path / "site" / "pagefind")
    assert sorted(p.name for p in (tmp_path / "site").iterdir()) == ["api", "pagefind"]
