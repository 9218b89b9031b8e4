"""The mkdocs plugin: a thin adapter from validated monographs to generated site pages.

It checks every monograph once per build (on every core, skipping files unchanged since the
last build through the content-addressed store of ``build_tools.build.pipeline``), fails the build
with the full file:line:col problem list if any monograph is invalid, adds one generated page
per monograph (its edit link points at the YAML file) plus the browse pages, builds the search
index and the JSON export, and watches monographs/ under ``mkdocs serve``. The parent process
never holds the monographs themselves: their pages are read from the store as mkdocs needs them.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from pathlib import Path
from typing import Any

from jinja2 import Environment
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files

from build_tools.api.documents import ExportError
from build_tools.build.pipeline import BuildResult, StoreError, build_files
from build_tools.build.publish import write_export_stream
from build_tools.editors.history import history_markdown
from build_tools.editors.schema_doc import expand_markers, schema_reference_markdown
from build_tools.model.problems import format_problems, has_errors
from build_tools.plumbing.files import swap_in_folder
from build_tools.site.browse import render_indexes
from build_tools.site.search_index import BUNDLE_SIZE, SearchIndexError, bundle_folders, write_search_index

log = get_plugin_logger(__name__)


class MonographsConfig(Config):  # type: ignore[no-untyped-call]
    """Plugin options in mkdocs.yml."""

    monographs_dir = c.Type(str, default="monographs")
    export_dir = c.Type(str, default="api/v1")
    edit_prefix = c.Type(str, default="")
    cache_dir = c.Type(str, default=".cache/monographs")
    search_dir = c.Type(str, default="pagefind")
    search_bundle_size = c.Type(int, default=BUNDLE_SIZE)


class MonographsPlugin(BasePlugin[MonographsConfig]):  # type: ignore[no-untyped-call]
    """Adds monograph and index pages; writes the JSON export after the build."""

    def __init__(self) -> None:
        self.corpus: BuildResult | None = None
        self._pages: dict[str, tuple[str, str]] = {}
        self._command = ""
        self._final_site: Path | None = None
        self._staging: Path | None = None
        self._warnings = _WarningCounter()
        self._dirty = False
        self._published = False
        self._bundles: list[str] = []

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Remember whether this is a one-off build (staged and swapped in) or a live preview."""
        self._command = command
        self._dirty = dirty

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """For ``mkdocs build``, build into a staging folder so a failure never touches site/."""
        if self.config.search_bundle_size < 1:
            raise PluginError(f"search_bundle_size in mkdocs.yml must be 1 or more (monographs per "
                              f"search bundle), not {self.config.search_bundle_size}")
        if self._command in ("build", "gh-deploy"):
            self._final_site = Path(config.site_dir).resolve()
            self._final_site.parent.mkdir(parents=True, exist_ok=True)
            self._staging = Path(tempfile.mkdtemp(prefix=f".{self._final_site.name}.", suffix=".tmp",
                                                  dir=self._final_site.parent))
            config.site_dir = str(self._staging)
            logging.getLogger("mkdocs").addHandler(self._warnings)
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """Check every monograph (and render, index and export it) before anything is written."""
        root = self._root(config)
        try:
            corpus = build_files([root / self.config.monographs_dir],
                                 want=("page", "search", "export"),
                                 store=root / self.config.cache_dir, repo_root=root)
        except StoreError as exc:
            raise PluginError(f"{exc} (cache_dir in mkdocs.yml)") from exc
        problems = corpus.problems
        if has_errors(problems):
            raise PluginError(
                f"{sum(p.severity == 'error' for p in problems)} problem(s) in monographs; "
                f"fix them and rebuild:\n{format_problems(problems, 'text')}"
            )
        for p in problems:
            log.info(p.text())
        self.corpus = corpus
        self._pages = {}

    def _root(self, config: MkDocsConfig) -> Path:
        return Path(config.config_file_path).resolve().parent

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        """Add the generated pages of the monographs validated in on_pre_build."""
        corpus = self.corpus
        assert corpus is not None
        entries = []
        for result in corpus.valid:
            assert result.browse is not None
            ident = result.browse.id
            entries.append(result.browse)
            # mkdocs reads the page from the store when it gets to it: nothing is held here.
            page = File.generated(config, f"monographs/{ident}.md",
                                  abs_src_path=str(result.product("page")))
            page.edit_uri = f"{self.config.edit_prefix}{self.config.monographs_dir}/{ident}.yaml"
            files.append(page)
        for uri, content in render_indexes(entries).items():
            files.append(File.generated(config, uri, content=content))
        files.append(File.generated(config, "editors/schema.md", content=schema_reference_markdown()))
        history = history_markdown(self._root(config)) or (
            "# What changed\n\nThe repository history is not available in this build, so there is "
            "no change list. Each monograph's own change log is at the end of its page.\n")
        files.append(File.generated(config, "editors/changes.md", content=history))
        return files

    def on_env(self, env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment:
        """Give the templates the search bundles to merge (``monograph_search_bundles``, paths
        from the site root, first bundle first): the index is split so each indexer run stays small."""
        if not self._keeps_outputs():
            count = len(self._search_documents())
            self._bundles = [f"{self.config.search_dir}/{folder}"
                             for folder in bundle_folders(count, self.config.search_bundle_size)]
        env.globals["monograph_search_bundles"] = self._bundles
        return env

    def _search_documents(self) -> dict[str, Path]:
        """Each valid monograph's page URL and stored search document: what the index holds
        and, by its count, how many bundles the templates merge."""
        assert self.corpus is not None
        return {f"monographs/{f.browse.id}/": f.product("search") for f in self.corpus.valid if f.browse}

    def _keeps_outputs(self) -> bool:
        """A quick preview after a save: the search index and the export cover the whole corpus
        (a minute at 10,000 monographs), so they stay as the session's first build made them."""
        return self._command == "serve" and self._dirty and self._published

    def on_page_markdown(self, markdown: str, /, *, page: Any, config: MkDocsConfig, files: Files) -> str:
        """Fill generated sections (the rule reference) into hand-written pages."""
        return expand_markers(markdown)

    def on_page_content(self, html: str, /, *, page: Any, config: MkDocsConfig, files: Files) -> str:
        """Keep hand-written pages for the search index; drop each page's Markdown once it is
        HTML (mkdocs would hold every page's source until the end of the build)."""
        uri = page.file.src_uri
        if not uri.startswith(("monographs/", "browse/")):
            self._pages[page.url] = (page.title or "", html)
        page.markdown = None
        return html

    def on_post_page(self, output: str, /, *, page: Any, config: MkDocsConfig) -> str:
        """The page is written next: free its HTML (10,000 pages' HTML would otherwise stay
        in memory until the build ends; anchors were already collected when it was rendered)."""
        page.content = None
        return output

    def on_serve(self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        """Rebuild when a monograph file changes."""
        server.watch(str(self._root(config) / self.config.monographs_dir))
        return server

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Write the JSON export for apps into the built site (atomically; old export kept on failure)."""
        if self.corpus is None:
            return
        if self._keeps_outputs():
            log.info("preview: the search index and the JSON export are from this session's "
                     "first build; `make site` rebuilds both")
            return
        site = Path(config.site_dir)
        try:
            write_export_stream(self.corpus.export_parts(), site / self.config.export_dir)
        except (ExportError, OSError, ValueError) as exc:
            raise PluginError(f"the JSON export was not written: {exc}") from exc
        try:
            write_search_index(self._search_documents(), self._pages, site / self.config.search_dir,
                               bundle_size=self.config.search_bundle_size)
        except SearchIndexError as exc:
            raise PluginError(f"the search index was not built: {exc}") from exc
        self._published = True
        if self._staging is not None and self._final_site is not None:
            if config.strict and self._warnings.count:
                return  # mkdocs aborts a strict build with warnings next: keep the old site
            self._staging.chmod(0o755)
            swap_in_folder(self._staging, self._final_site)
            config.site_dir = str(self._final_site)

    def on_build_error(self, *, error: Exception) -> None:
        """A failed build leaves site/ as it was: drop the half-built staging folder."""
        self.on_shutdown()

    def on_shutdown(self) -> None:
        """Remove the staging folder (after a swap it holds the previous site)."""
        logging.getLogger("mkdocs").removeHandler(self._warnings)
        if self._staging is not None:
            shutil.rmtree(self._staging, ignore_errors=True)
            self._staging = None


class _WarningCounter(logging.Handler):
    """Counts warnings, so a strict build that will abort does not replace the site."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1
