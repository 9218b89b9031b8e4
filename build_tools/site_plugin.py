"""The mkdocs plugin: a thin adapter from validated monographs to generated site pages.

It loads and validates every monograph once per build, fails the build with the full
file:line:col problem list if any monograph is invalid, adds one generated page per monograph
(its edit link points at the YAML file) plus the browse pages, and watches monographs/ under
``mkdocs serve``. Rendering lives in ``build_tools.render`` so another generator could reuse it.
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
from mkdocs.structure.files import File, Files

from build_tools.atomic import swap_in_folder
from build_tools.clinical_diff import history_markdown
from build_tools.export import ExportError, write_export
from build_tools.models import Monograph
from build_tools.problems import format_problems, has_errors
from build_tools.render import render_indexes, render_monograph
from build_tools.schema_doc import expand_markers, schema_reference_markdown
from build_tools.validate import Corpus, check_paths

log = get_plugin_logger(__name__)


class MonographsConfig(Config):  # type: ignore[no-untyped-call]
    """Plugin options in mkdocs.yml."""

    monographs_dir = c.Type(str, default="monographs")
    export_dir = c.Type(str, default="api/v1")
    edit_prefix = c.Type(str, default="")


class MonographsPlugin(BasePlugin[MonographsConfig]):  # type: ignore[no-untyped-call]
    """Adds monograph and index pages; writes the JSON export after the build."""

    def __init__(self) -> None:
        self.monographs: list[Monograph] = []
        self.corpus: Corpus | None = None
        self._render_cache: dict[str, tuple[str, str]] = {}
        self._command = ""
        self._final_site: Path | None = None
        self._staging: Path | None = None
        self._warnings = _WarningCounter()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Remember whether this is a one-off build (staged and swapped in) or a live preview."""
        self._command = command

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """For ``mkdocs build``, build into a staging folder so a failure never touches site/."""
        if self._command in ("build", "gh-deploy"):
            self._final_site = Path(config.site_dir).resolve()
            self._final_site.parent.mkdir(parents=True, exist_ok=True)
            self._staging = Path(tempfile.mkdtemp(prefix=f".{self._final_site.name}.", suffix=".tmp",
                                                  dir=self._final_site.parent))
            config.site_dir = str(self._staging)
            logging.getLogger("mkdocs").addHandler(self._warnings)
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """Load and validate every monograph once, before anything is written."""
        folder = self._root(config) / self.config.monographs_dir
        corpus = check_paths([folder])
        problems = corpus.problems
        if has_errors(problems):
            raise PluginError(
                f"{sum(p.severity == 'error' for p in problems)} problem(s) in monographs; "
                f"fix them and rebuild:\n{format_problems(problems, 'text')}"
            )
        for p in problems:
            log.info(p.text())
        self.corpus = corpus
        self.monographs = corpus.monographs

    def _root(self, config: MkDocsConfig) -> Path:
        return Path(config.config_file_path).resolve().parent

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        """Add the generated pages of the monographs validated in on_pre_build."""
        corpus = self.corpus
        assert corpus is not None
        for checked in corpus.files:
            assert checked.model is not None
            m = checked.model
            digest = checked.doc.sha256
            cached = self._render_cache.get(m.id)
            if cached is None or cached[0] != digest:  # re-render only what changed (serve)
                cached = (digest, render_monograph(m))
                self._render_cache[m.id] = cached
            page = File.generated(config, f"monographs/{m.id}.md", content=cached[1])
            page.edit_uri = f"{self.config.edit_prefix}{self.config.monographs_dir}/{m.id}.yaml"
            files.append(page)
        for uri, content in render_indexes(self.monographs).items():
            files.append(File.generated(config, uri, content=content))
        files.append(File.generated(config, "editors/schema.md", content=schema_reference_markdown()))
        history = history_markdown(self._root(config)) or (
            "# What changed\n\nThe repository history is not available in this build, so there is "
            "no change list. Each monograph's own change log is at the end of its page.\n")
        files.append(File.generated(config, "editors/changes.md", content=history))
        return files

    def on_page_markdown(self, markdown: str, /, *, page: Any, config: MkDocsConfig, files: Files) -> str:
        """Fill generated sections (the rule reference) into hand-written pages."""
        return expand_markers(markdown)

    def on_serve(self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        """Rebuild when a monograph file changes."""
        server.watch(str(self._root(config) / self.config.monographs_dir))
        return server

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Write the JSON export for apps into the built site (atomically; old export kept on failure)."""
        if self.corpus is None:
            return
        out = Path(config.site_dir) / self.config.export_dir
        try:
            write_export(self.corpus, out, repo_root=self._root(config))
        except (ExportError, OSError, ValueError) as exc:
            raise PluginError(f"the JSON export was not written: {exc}") from exc
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
