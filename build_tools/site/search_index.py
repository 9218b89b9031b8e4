"""The site's full-text search index: Pagefind over small search documents.

Material's built-in search ships one JSON index of every page (about 12 KB a page: 126 MB at
10,000 monographs) that the browser must download and index before the first result. Pagefind
splits its index into chunks fetched by the words typed, so the first results cost a few
hundred kilobytes whatever the size of the corpus. It indexes one small document per monograph
(``build_tools.site.search_doc``) and each hand-written page's content, not the built pages.
"""

from __future__ import annotations

import html
import os
import shutil
import subprocess
import tempfile
from collections.abc import Mapping
from pathlib import Path

from build_tools.plumbing.files import link_or_copy
from build_tools.site.indexer_install import VERSION, indexer_path


class SearchIndexError(Exception):
    """The indexer failed; the message carries what it printed."""


def _page_document(title: str, content: str) -> str:
    """A hand-written page's content (our own docs, already HTML) as a search document; the
    headings' permalink marks are left out of the index (results read "Editor guide", not
    "Editor guide¶")."""
    content = content.replace('class="headerlink"', 'class="headerlink" data-pagefind-ignore')
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>'
            f"{html.escape(title)}</title></head>\n<body><main data-pagefind-body>\n"
            f"{content}\n</main></body></html>\n")


#: Monographs per search bundle. Pagefind's indexer holds about 165 KB per search document
#: (1.6 GB for 10,000 in one run), so the site indexes bundles of at most this many monographs,
#: which the browser merges at search time: an indexer run's memory stays flat at any corpus size
#: (about 420 MB), and each extra bundle costs the first search about 150 KB.
BUNDLE_SIZE = 2_500


def bundle_folders(monographs: int, size: int = BUNDLE_SIZE) -> list[str]:
    """Each bundle's folder relative to the search folder, first to last (the first bundle is
    the search folder itself and also holds the hand-written pages)."""
    count = max(1, -(-monographs // size))
    return [""] + [f"{n}/" for n in range(2, count + 1)]


def _run_indexer(src: Path, out: Path) -> None:
    indexer = indexer_path()
    if not indexer.is_file():
        raise SearchIndexError(f"the search indexer (Pagefind {VERSION}) is not installed at "
                               f"{indexer}; `make site` installs it, or run "
                               "`python -m build_tools.site.indexer_install`")
    cmd = [str(indexer), "--site", str(src), "--output-path", str(out), "--silent"]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    except OSError as exc:
        raise SearchIndexError(f"cannot run the indexer {indexer}: {exc}") from exc
    if done.returncode != 0 or not (out / "pagefind.js").is_file():
        raise SearchIndexError(f"pagefind exited with {done.returncode}: "
                               f"{(done.stderr or done.stdout).strip()[-2000:]}")


def write_search_index(monographs: Mapping[str, Path], pages: Mapping[str, tuple[str, str]],
                       out_dir: Path, *, bundle_size: int = BUNDLE_SIZE) -> None:
    """Index the monographs (URL folder -> stored search document) and the hand-written pages
    (URL -> title and HTML content) into ``out_dir``, replacing what was there: monographs in URL
    order, ``bundle_size`` to a bundle (folders from ``bundle_folders``), one indexer run at a
    time (two side by side saved about 6 s at 10,000 monographs but added a run's 420 MB to a
    build that holds about 800 MB by then, over the 1.5 GB target)."""
    urls = sorted(monographs)
    folders = bundle_folders(len(urls), bundle_size)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    # staged beside the output (inside the site being built), never in the system temp folder
    with tempfile.TemporaryDirectory(prefix=f".{out_dir.name}-src.", dir=out_dir.parent) as tmp:
        sources = [Path(tmp) / str(n) for n in range(len(folders))]
        for n, src in enumerate(sources):
            src.mkdir()
            for url in urls[n * bundle_size:(n + 1) * bundle_size]:
                (src / url).mkdir(parents=True)
                link_or_copy(monographs[url], src / url / "index.html")
        for url, (title, content) in pages.items():
            dest = sources[0] / url / "index.html" if not url.endswith(".html") else sources[0] / url
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_text(_page_document(title, content), encoding="utf-8")
        # The later bundles are indexed beside ``out_dir`` and moved in once every run is done,
        # so no run writes inside another's output.
        outputs = [out_dir] + [out_dir.with_name(f".{out_dir.name}-{n + 1}.tmp") for n in range(1, len(folders))]
        for out in outputs:
            if out.exists():
                shutil.rmtree(out)
        try:
            for src, out in zip(sources, outputs, strict=True):
                _run_indexer(src, out)
            for out, folder in zip(outputs[1:], folders[1:], strict=True):
                os.replace(out, out_dir / folder)
        finally:
            for out in outputs[1:]:
                shutil.rmtree(out, ignore_errors=True)
