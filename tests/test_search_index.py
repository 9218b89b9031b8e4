"""The search index is split into bundles of a fixed number of monographs (each indexer run's
memory stays flat), every monograph in exactly one bundle, hand-written pages in the first."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from build_tools.site.search_index import bundle_folders, write_search_index


@pytest.mark.parametrize(("monographs", "size", "expected"), [
    (0, 3, [""]), (1, 3, [""]), (3, 3, [""]), (4, 3, ["", "2/"]), (7, 3, ["", "2/", "3/"]),
    (10_000, 2_500, ["", "2/", "3/", "4/"]), (10_001, 2_500, ["", "2/", "3/", "4/", "5/"]),
])
def test_bundle_folders(monographs: int, size: int, expected: list[str]) -> None:
    assert bundle_folders(monographs, size) == expected


def _document(name: str) -> str:
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{name}</title></head>'
            f"<body><main data-pagefind-body><h1>{name}</h1><p>shared term {name}word</p></main></body></html>")


def test_monographs_are_split_into_bundles_in_url_order(tmp_path: Path) -> None:
    names = [f"drug{n:02d}" for n in range(7)]
    docs = {}
    for name in reversed(names):  # the order given does not matter
        path = tmp_path / "docs" / f"{name}.html"
        path.parent.mkdir(exist_ok=True)
        path.write_text(_document(name), encoding="utf-8")
        docs[f"monographs/{name}/"] = path
    out = tmp_path / "site" / "pagefind"
    out.mkdir(parents=True)
    (out / "stale.txt").write_text("from an earlier build", encoding="utf-8")
    write_search_index(docs, {"index.html": ("Home", "<p>home page</p>")}, out, bundle_size=3)

    assert not (out / "stale.txt").exists()
    assert sorted(p.name for p in out.parent.iterdir()) == ["pagefind"], "no temporary folder is left"
    bundles = []
    for folder in bundle_folders(len(names), 3):
        entry = json.loads((out / folder / "pagefind-entry.json").read_text(encoding="utf-8"))
        urls = sorted(_fragment_url(p) for p in (out / folder / "fragment").iterdir())
        assert entry["languages"]["en"]["page_count"] == len(urls)
        bundles.append(urls)
    assert bundles == [
        ["/", "/monographs/drug00/", "/monographs/drug01/", "/monographs/drug02/"],  # + the home page
        ["/monographs/drug03/", "/monographs/drug04/", "/monographs/drug05/"],
        ["/monographs/drug06/"],
    ]


def _fragment_url(path: Path) -> str:
    """The page URL a Pagefind fragment file describes (gzip, then a signature, then JSON)."""
    data = gzip.decompress(path.read_bytes())
    assert data.startswith(b"pagefind_dcd")
    url: str = json.loads(data[len(b"pagefind_dcd"):])["url"]
    return url
