"""The mkdocs plugin: an adapter that wraps mkdocs in the site build's two steps.

Before mkdocs reads any page, ``build_tools.build.site_source.write_site_source`` checks every
monograph and writes every page into the generated pages folder, which becomes mkdocs' docs_dir;
after mkdocs has built the site, ``publish_outputs`` adds the JSON export and the search index.
The plugin also keeps what only mkdocs needs: a one-off build is staged and swapped in whole
(a failure leaves site/ as it was), ``mkdocs serve`` reloads when a monograph or a hand-written
page changes, and pages' text is dropped once written (10,000 pages would stay in memory).
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from pathlib import Path
from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, get_plugin_logger

from build_tools.build.site_source import (
    OPTION_DEFAULTS,
    SiteBuildError,
    SiteOptions,
    SiteSource,
    options_from_config,
    publish_outputs,
    write_site_source,
)
from build_tools.plumbing.files import swap_in_folder

log = get_plugin_logger(__name__)


class MonographsConfig(Config):  # type: ignore[no-untyped-call]
    """Plugin options in mkdocs.yml (``build_tools.zensical`` reads the same ones)."""

    monographs_dir = c.Type(str, default=OPTION_DEFAULTS["monographs_dir"])
    export_dir = c.Type(str, default=OPTION_DEFAULTS["export_dir"])
    edit_prefix = c.Type(str, default=OPTION_DEFAULTS["edit_prefix"])
    cache_dir = c.Type(str, default=OPTION_DEFAULTS["cache_dir"])
    pages_dir = c.Type(str, default=OPTION_DEFAULTS["pages_dir"])
    search_dir = c.Type(str, default=OPTION_DEFAULTS["search_dir"])
    search_bundle_size = c.Type(int, default=OPTION_DEFAULTS["search_bundle_size"])


class MonographsPlugin(BasePlugin[MonographsConfig]):  # type: ignore[no-untyped-call]
    """Runs the site build's first step before mkdocs reads pages and its second after it writes them."""

    def __init__(self) -> None:
        self.source: SiteSource | None = None
        self._options: SiteOptions | None = None
        self._command = ""
        self._final_site: Path | None = None
        self._staging: Path | None = None
        self._warnings = _WarningCounter()
        self._dirty = False
        self._published = False
        self._handwritten: Path | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Remember whether this is a one-off build (staged and swapped in) or a live preview."""
        self._command = command
        self._dirty = dirty

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Point mkdocs at the generated pages; for ``mkdocs build``, build into a staging folder
        so a failure never touches site/."""
        root = Path(config.config_file_path).resolve().parent
        if self._handwritten is None:  # a live preview's rebuilds reuse the config it started with
            self._handwritten = Path(config.docs_dir).resolve()
        try:
            self._options = options_from_config(root, self._handwritten, dict(self.config), config.repo_url,
                                         config.edit_uri)
        except SiteBuildError as exc:
            raise PluginError(str(exc)) from exc
        config.docs_dir = str(self._options.pages_dir)
        if self._command in ("build", "gh-deploy"):
            self._final_site = Path(config.site_dir).resolve()
            self._final_site.parent.mkdir(parents=True, exist_ok=True)
            self._staging = Path(tempfile.mkdtemp(prefix=f".{self._final_site.name}.", suffix=".tmp",
                                                  dir=self._final_site.parent))
            config.site_dir = str(self._staging)
            logging.getLogger("mkdocs").addHandler(self._warnings)
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """Check every monograph and write every page before mkdocs reads the docs folder."""
        assert self._options is not None
        try:
            # A live preview never stops at a problem (mkdocs would hold every request until
            # the next good save): it builds the valid monographs and shows the problems.
            source = write_site_source(self._options, keep_going=self._command == "serve")
        except SiteBuildError as exc:
            raise PluginError(str(exc)) from exc
        for p in source.problems:  # info: a preview's errors must not abort a strict mkdocs
            log.info(("problem (left out of this preview): " if p.severity == "error" else "") + p.text())
        config.extra["preview_problems"] = [
            {"where": f"{p.file}:{p.line}:{p.col}", "rule": p.rule, "message": p.message}
            for p in source.errors]
        if self._keeps_outputs() and self.source is not None:
            source.bundles = self.source.bundles  # the index the preview keeps has those bundles
        config.extra["monograph_search_bundles"] = source.bundles
        self.source = source

    def _keeps_outputs(self) -> bool:
        """A quick preview after a save: the search index and the export cover the whole corpus
        (a minute at 10,000 monographs), so they stay as the session's first build made them."""
        return self._command == "serve" and self._dirty and self._published

    def on_page_content(self, html: str, /, *, page: Any, config: MkDocsConfig, files: Any) -> str:
        """Drop each page's Markdown once it is HTML (mkdocs would hold every page's source
        until the end of the build)."""
        page.markdown = None
        return html

    def on_post_page(self, output: str, /, *, page: Any, config: MkDocsConfig) -> str:
        """The page is written next: free its HTML (anchors were collected when it was rendered)."""
        page.content = None
        return output

    def on_serve(self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        """Rebuild when a monograph or a hand-written page changes; the generated pages are
        this plugin's own output, so writing them must not trigger another build."""
        assert self._options is not None
        server.unwatch(str(self._options.pages_dir))
        server.watch(str(self._options.docs_dir))
        server.watch(str(self._options.root / self._options.monographs_dir))
        return server

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Add the JSON export and the search index to the built site, then swap it in."""
        if self.source is None or self._options is None:
            return
        if self._keeps_outputs():
            log.info("preview: the search index and the JSON export are from this session's "
                     "first build; `make site` rebuilds both")
            return
        try:
            publish_outputs(Path(config.site_dir), self.source, self._options, site_name=config.site_name)
        except SiteBuildError as exc:
            raise PluginError(str(exc)) from exc
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
