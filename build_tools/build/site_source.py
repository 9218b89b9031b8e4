"""The site build without a site generator: the two steps any generator is wrapped in.

``write_site_source`` runs before the generator. It checks every monograph (on every core,
through the store of ``build_tools.build.pipeline``) and writes every page the generator reads
into one folder: the hand-written pages with their generated sections filled in, one page per
monograph, the browse pages, the schema reference and the change list. Each generated page
says in its front matter where its edit link goes (``edit_url``; empty for no link), which the
theme's ``partials/actions.html`` honours under mkdocs and Zensical alike.

``publish_outputs`` runs after the generator, over its output: the JSON export (from the stored
parts) and the search index (the monographs' search documents and the hand-written pages as the
generator built them). Nothing here imports a generator.
"""

from __future__ import annotations

import dataclasses
import html
import json
import os
import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from build_tools.api.documents import ExportError
from build_tools.build.pipeline import BuildResult, StoreError, build_files
from build_tools.build.publish import write_export_stream
from build_tools.editors.audit import VERIFICATION_DIR, audit_page, read_logs
from build_tools.editors.history import history_markdown
from build_tools.editors.schema_doc import expand_markers, schema_reference_markdown
from build_tools.model.problems import Problem, format_problems, has_errors
from build_tools.plumbing.files import link_or_copy, write_file_atomic
from build_tools.site.browse import render_indexes
from build_tools.site.search_index import BUNDLE_SIZE, SearchIndexError, bundle_folders, write_search_index

#: Written into the pages folder: only a folder holding it is ever emptied of stale pages.
MARKER = ".monographs-site-source"
#: Page folders that hold generated pages only (a hand-written page there would be overwritten).
GENERATED_FOLDERS = ("monographs/", "browse/")
_NO_HISTORY = ("# What changed\n\nThe repository history is not available in this build, so there is "
               "no change list. Each monograph's own change log is at the end of its page.\n")


class SiteBuildError(Exception):
    """The site cannot be built; the message says why (for monographs: every problem found)."""


@dataclass(frozen=True)
class SiteOptions:
    """Where the site's inputs and outputs are, as the generator's configuration names them."""

    root: Path
    """The repository root (monograph paths in the export are relative to it)."""
    docs_dir: Path
    """The hand-written pages."""
    pages_dir: Path
    """Where every page the generator reads is written (emptied of stale pages each build)."""
    monographs_dir: str = "monographs"
    store: Path | None = None
    edit_base: str | None = None
    """URL that a repository path is appended to for an edit link, or None for no edit links."""
    export_dir: str = "api/v2"
    search_dir: str = "pagefind"
    search_bundle_size: int = BUNDLE_SIZE


@dataclass
class SiteSource:
    """What the first step made, for the second: the checked corpus, the hand-written pages
    (URL -> page source) and the search bundles the pages' search box merges."""

    corpus: BuildResult
    handwritten: dict[str, str] = field(default_factory=dict)
    bundles: list[str] = field(default_factory=list)
    root: Path | None = None

    @property
    def problems(self) -> list[Problem]:
        """Every problem found in the monographs, files named relative to the project (warnings
        only, except in a preview, which is built around the invalid files)."""
        return [relative_problem(p, self.root) for p in self.corpus.problems]

    @property
    def errors(self) -> list[Problem]:
        """The problems that would stop a real build (a preview shows them on every page)."""
        return [p for p in self.problems if p.severity == "error"]

    def search_documents(self) -> dict[str, Path]:
        """Each valid monograph's page URL and its stored search document."""
        return {f"monographs/{f.browse.id}/": f.product("search") for f in self.corpus.published if f.browse}


#: The site build's options as mkdocs.yml names them (under the monographs plugin), with defaults.
OPTION_DEFAULTS: dict[str, Any] = {
    "monographs_dir": "monographs", "export_dir": "api/v2", "edit_prefix": "",
    "cache_dir": ".cache/monographs", "pages_dir": ".generated-docs", "search_dir": "pagefind",
    "search_bundle_size": BUNDLE_SIZE,
}


def options_from_config(root: Path, docs_dir: Path, options: dict[str, Any], repo_url: str | None,
                        edit_uri: str | None) -> SiteOptions:
    """The site build's options from a generator's configuration (mkdocs.yml's keys): edit links
    join repo_url, edit_uri and edit_prefix as mkdocs joins them."""
    unknown = sorted(set(options) - set(OPTION_DEFAULTS))
    if unknown:
        raise SiteBuildError(f"unknown option(s) of the monographs plugin in mkdocs.yml: {', '.join(unknown)}; "
                             f"the options are {', '.join(OPTION_DEFAULTS)}")
    o = {**OPTION_DEFAULTS, **options}
    size = o["search_bundle_size"]
    if not isinstance(size, int) or isinstance(size, bool) or size < 1:
        raise SiteBuildError(f"search_bundle_size in mkdocs.yml must be 1 or more (monographs per "
                             f"search bundle), not {size}")
    edit_base = None
    if repo_url and edit_uri:
        edit_base = urljoin(repo_url.rstrip("/") + "/", edit_uri + o["edit_prefix"])
    return SiteOptions(root=root, docs_dir=docs_dir, pages_dir=root / o["pages_dir"],
                       monographs_dir=o["monographs_dir"], store=root / o["cache_dir"],
                       edit_base=edit_base, export_dir=o["export_dir"], search_dir=o["search_dir"],
                       search_bundle_size=size)


def search_bundles(monographs: int, options: SiteOptions) -> list[str]:
    """The search bundles' folders from the site root, first bundle first."""
    return [f"{options.search_dir}/{folder}"
            for folder in bundle_folders(monographs, options.search_bundle_size)]


def page_url(src: str) -> str:
    """The URL of a page source under directory URLs: ``a/b.md`` -> ``a/b/``, ``a/index.md`` -> ``a/``."""
    stem = src[: -len(".md")]
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def with_edit_url(page: str, url: str) -> str:
    """A generated page with ``edit_url`` set in its front matter ("" for no edit link)."""
    if page.startswith("---\n{"):
        end = page.index("\n---\n", 4)
        meta = json.loads(page[4:end])
        meta["edit_url"] = url
        return "---\n" + json.dumps(meta, sort_keys=True, ensure_ascii=False) + page[end:]
    if page.startswith("---\n"):
        return "---\n" + f"edit_url: {json.dumps(url)}\n" + page[4:]
    return "---\n" + f"edit_url: {json.dumps(url)}\n---\n\n" + page


class _Writer:
    """Writes pages into the pages folder, leaving a file alone when it already holds those
    bytes (a live preview then sees only what changed), and remembers what it wrote."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.written: set[str] = set()

    def text(self, rel: str, content: str) -> None:
        self.bytes(rel, content.encode("utf-8"))

    def bytes(self, rel: str, data: bytes) -> None:
        self.written.add(rel)
        dest = self.out / rel
        try:
            if dest.read_bytes() == data:
                return
        except OSError:
            dest.parent.mkdir(parents=True, exist_ok=True)
        write_file_atomic(dest, data)

    def link(self, rel: str, source: Path) -> None:
        self.written.add(rel)
        dest = self.out / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        if dest.exists():
            if os.path.samefile(dest, source):
                return
            dest.unlink()
        link_or_copy(source, dest)

    def remove_stale(self) -> None:
        """Delete every file under the folder this build did not write (a deleted monograph's
        page, a renamed hand-written page)."""
        for dirpath, _, filenames in os.walk(self.out, topdown=False):
            here = Path(dirpath)
            for name in filenames:
                rel = (here / name).relative_to(self.out).as_posix()
                if rel not in self.written and rel != MARKER:
                    (here / name).unlink()
            if here != self.out and not any(here.iterdir()):
                here.rmdir()


def _prepare_folder(out: Path, docs_dir: Path) -> None:
    """Make the pages folder, refusing one that is not ours (its stale files get deleted)."""
    if out.resolve() == docs_dir.resolve() or docs_dir.resolve() in out.resolve().parents:
        raise SiteBuildError(f"the generated pages folder {out} must not be inside the hand-written "
                             f"pages ({docs_dir})")
    if out.exists() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise SiteBuildError(f"{out} already holds files this build did not write; choose an empty "
                             "or new folder for the generated pages")
    out.mkdir(parents=True, exist_ok=True)
    (out / MARKER).write_text("Generated by the monographs site build: every file here is "
                              "rewritten or deleted on each build. Edit docs/ and monographs/.\n",
                              encoding="utf-8")


def _handwritten(docs_dir: Path) -> Iterable[tuple[str, Path]]:
    """The hand-written files (pages and anything they include), relative paths in sorted order;
    hidden files and folders are left out, as the generators leave them out."""
    for dirpath, dirnames, filenames in os.walk(docs_dir):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        here = Path(dirpath)
        for name in dirnames + sorted(filenames):
            if name.startswith("."):
                continue
            path = here / name
            rel = path.relative_to(docs_dir).as_posix()
            if path.is_symlink() or not (path.is_dir() or stat.S_ISREG(path.lstat().st_mode)):
                what = "a symbolic link" if path.is_symlink() else "not a regular file"
                raise SiteBuildError(f"{docs_dir.name}/{rel}: {what}; the site is built only from "
                                     "files in the docs folder itself (a link can point outside the "
                                     "repository): replace it with the file, or remove it")
            if name in filenames:
                yield rel, path


def relative_problem(p: Problem, root: Path | None) -> Problem:
    """The problem with its file named relative to the project root when it lies inside it."""
    if root is None:
        return p
    try:
        return dataclasses.replace(p, file=Path(p.file).resolve().relative_to(root.resolve()).as_posix())
    except (ValueError, OSError):
        return p


def write_site_source(options: SiteOptions, *, jobs: int | None = None,
                      keep_going: bool = False) -> SiteSource:
    """Check every monograph and write every page of the site into ``options.pages_dir``;
    raises SiteBuildError (with every problem, as file:line:col lines) when one is invalid,
    unless ``keep_going`` (a live preview): then the valid monographs are written and the
    problems are left in ``errors`` for the pages to show."""
    root = options.root
    try:
        corpus = build_files([root / options.monographs_dir], want=("page", "search", "export", "audit"),
                             store=options.store, repo_root=root, jobs=jobs)
    except StoreError as exc:
        raise SiteBuildError(str(exc)) from exc
    source = SiteSource(corpus, root=root)
    if has_errors(corpus.problems) and not keep_going:
        count = len(source.errors)
        raise SiteBuildError(f"{count} problem(s) in monographs; fix them and rebuild:\n"
                             f"{format_problems(source.problems, 'text')}")
    out = options.pages_dir
    _prepare_folder(out, options.docs_dir)
    writer = _Writer(out)
    for rel, path in _handwritten(options.docs_dir):
        if rel.startswith(GENERATED_FOLDERS):
            raise SiteBuildError(f"{path}: {rel.split('/')[0]}/ holds generated pages only; move "
                                 "this page elsewhere in the docs folder")
        if rel.endswith(".md"):
            writer.text(rel, expand_markers(path.read_text(encoding="utf-8")))
            source.handwritten[page_url(rel)] = rel
        else:
            writer.link(rel, path)
    entries = []
    for result in corpus.published:
        assert result.browse is not None
        ident = result.browse.id
        entries.append(result.browse)
        page = result.product("page")
        if options.edit_base is None:
            writer.link(f"monographs/{ident}.md", page)
        else:
            edit = f"{options.edit_base}{options.monographs_dir}/{ident}.yaml"
            writer.text(f"monographs/{ident}.md", with_edit_url(page.read_text(encoding="utf-8"), edit))
    generated = dict(render_indexes(entries))
    generated["editors/schema.md"] = schema_reference_markdown()
    generated["editors/changes.md"] = history_markdown(root) or _NO_HISTORY
    audits = [(r.browse.id, json.loads(r.product("audit").read_bytes()))
              for r in corpus.valid if r.browse is not None]
    logs = read_logs(options.docs_dir / VERIFICATION_DIR.relative_to("docs"), [i for i, _ in audits])
    generated["editors/audit.md"] = audit_page(audits, logs)
    for rel, content in generated.items():
        writer.text(rel, with_edit_url(content, "") if options.edit_base is not None else content)
        if not rel.startswith(GENERATED_FOLDERS):
            source.handwritten[page_url(rel)] = rel  # indexed for search like a hand-written page
    writer.remove_stale()
    source.bundles = search_bundles(len(source.search_documents()), options)
    return source


_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.S)
_TITLE = re.compile(r"<title>(.*?)</title>", re.S)


def built_page(page: str, site_name: str) -> tuple[str, str] | None:
    """A built page's title and content (the article from its first heading on), as the search
    index takes them; None when the page has no content area."""
    found = _ARTICLE.search(page)
    if found is None:
        return None
    article = found.group(1)
    start = article.find("<h1")
    content = (article[start:] if start >= 0 else article).strip()
    title_match = _TITLE.search(page)
    title = html.unescape(title_match.group(1).strip()) if title_match else ""
    suffix = f" - {site_name}"
    return (title[: -len(suffix)] if title.endswith(suffix) else title), content


def publish_outputs(site_dir: Path, source: SiteSource, options: SiteOptions, *, site_name: str,
                    search: bool = True) -> None:
    """Write the JSON export and the search index into a site the generator has just built;
    raises SiteBuildError, leaving the rest of ``site_dir`` as the generator made it."""
    try:
        write_export_stream(source.corpus.export_parts(), site_dir / options.export_dir)
    except (ExportError, OSError, ValueError) as exc:
        raise SiteBuildError(f"the JSON export was not written: {exc}") from exc
    if not search:
        return
    pages: dict[str, tuple[str, str]] = {}
    for url in sorted(source.handwritten):
        built = site_dir / url / "index.html"
        try:
            found = built_page(built.read_text(encoding="utf-8"), site_name)
        except OSError as exc:
            raise SiteBuildError(f"the generator did not build {source.handwritten[url]} "
                                 f"({built}: {exc.strerror})") from exc
        if found is not None:
            pages[url] = found
    try:
        write_search_index(source.search_documents(), pages, site_dir / options.search_dir,
                           bundle_size=options.search_bundle_size)
    except SearchIndexError as exc:
        raise SiteBuildError(f"the search index was not built: {exc}") from exc

