"""The site's full-text search index: Pagefind over small search documents.

Material's built-in search ships one JSON index of every page (about 12 KB a page: 126 MB at
10,000 monographs) that the browser must download and index before the first result. Pagefind
splits its index into chunks fetched by the words typed, so the first results cost a few
hundred kilobytes whatever the size of the corpus. It indexes one small document per monograph
(``build_tools.search_doc``) and each hand-written page's content, not the built pages.
"""

from __future__ import annotations

import html
import os
import shutil
import subprocess
import tempfile
from collections.abc import Mapping
from pathlib import Path

from build_tools.indexer_install import VERSION, indexer_path


class SearchIndexError(Exception):
    """The indexer failed; the message carries what it printed."""


def _page_document(title: str, content: str) -> str:
    """A hand-written page's content (our own docs, already HTML) as a search document."""
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>'
            f"{html.escape(title)}</title></head>\n<body><main data-pagefind-body>\n"
            f"{content}\n</main></body></html>\n")


def _place(source: Path, dest: Path) -> None:
    """Put a stored search document in the indexer's tree (a hard link: no copy of 10,000 files)."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, dest)
    except OSError:
        shutil.copyfile(source, dest)


def write_search_index(monographs: Mapping[str, Path], pages: Mapping[str, tuple[str, str]],
                       out_dir: Path) -> None:
    """Index the monographs (URL folder -> stored search document) and the hand-written pages
    (URL -> title and HTML content) into ``out_dir``, replacing what was there."""
    with tempfile.TemporaryDirectory(prefix="search-src-") as tmp:
        src = Path(tmp)
        for url, document in monographs.items():
            _place(document, src / url / "index.html")
        for url, (title, content) in pages.items():
            dest = src / url / "index.html" if not url.endswith(".html") else src / url
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_text(_page_document(title, content), encoding="utf-8")
        if out_dir.exists():
            shutil.rmtree(out_dir)
        indexer = indexer_path()
        if not indexer.is_file():
            raise SearchIndexError(f"the search indexer (Pagefind {VERSION}) is not installed at "
                                   f"{indexer}; `make site` installs it, or run "
                                   "`python -m build_tools.indexer_install`")
        cmd = [str(indexer), "--site", str(src), "--output-path", str(out_dir), "--silent"]
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, check=False)
        except OSError as exc:
            raise SearchIndexError(f"cannot run the indexer {indexer}: {exc}") from exc
        if done.returncode != 0 or not (out_dir / "pagefind.js").is_file():
            raise SearchIndexError(f"pagefind exited with {done.returncode}: "
                                   f"{(done.stderr or done.stdout).strip()[-2000:]}")
