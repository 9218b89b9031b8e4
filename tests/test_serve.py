"""``mkdocs serve --dirty`` for real: an edited monograph's page is re-rendered on save, and the
corpus-wide outputs (search index, JSON export) are kept from the session's first build."""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

from tests.site_build import MKDOCS, MKDOCS_ENV, copy_site_sources


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, OSError):
        return None


def _wait(check: Callable[[], bool], what: str, server: subprocess.Popen[str], seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        assert server.poll() is None, f"mkdocs serve exited while waiting for {what}"
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def test_serve_dirty_rerenders_the_edited_monograph(tmp_path: Path) -> None:
    copy_site_sources(tmp_path)
    port = _free_port()
    log = tmp_path / "serve.log"
    with open(log, "w", encoding="utf-8") as out:
        server = subprocess.Popen(
            [str(MKDOCS), "serve", "--dirty", "--no-strict", "-a", f"127.0.0.1:{port}",
             "-f", str(tmp_path / "mkdocs.yml")],
            stdout=out, stderr=subprocess.STDOUT, text=True, env=MKDOCS_ENV, cwd=tmp_path)
    base = f"http://127.0.0.1:{port}"
    page = f"{base}/monographs/nusinersen/"
    try:
        _wait(lambda: "nusinersen sodium" in (_fetch(page) or ""), "the first build", server)
        meta = _fetch(f"{base}/api/v2/meta.json")
        assert meta and '"monographs": ' in meta
        source = tmp_path / "monographs" / "nusinersen.yaml"
        source.write_text(source.read_text("utf-8").replace(
            "synonyms: [nusinersen sodium]", "synonyms: [nusinersen sodium, edited synonym]"), "utf-8")
        _wait(lambda: "edited synonym" in (_fetch(page) or ""), "the edited page", server, 60)
        assert _fetch(f"{base}/api/v2/meta.json") == meta  # kept, as the log says
        assert "edited synonym" not in (_fetch(f"{base}/api/v2/monographs/nusinersen.json") or "")
    finally:
        server.terminate()
        server.wait(timeout=30)
    text = log.read_text("utf-8")
    assert "the search index and the JSON export are from this session's first build" in text
    assert "Traceback" not in text


def test_serve_with_a_broken_monograph_answers_with_the_problems_and_recovers(tmp_path: Path) -> None:
    copy_site_sources(tmp_path)
    broken = tmp_path / "monographs" / "nusinersen.yaml"
    good = broken.read_text("utf-8")
    broken.write_text(good.replace("synonyms: [nusinersen sodium]", "synonyms: [nusinersen sodium]\n  colour: <b>red</b>"),
                      "utf-8")
    port = _free_port()
    log = tmp_path / "serve.log"
    with open(log, "w", encoding="utf-8") as out:
        server = subprocess.Popen(
            [str(MKDOCS), "serve", "-a", f"127.0.0.1:{port}", "-f", str(tmp_path / "mkdocs.yml")],
            stdout=out, stderr=subprocess.STDOUT, text=True, env=MKDOCS_ENV, cwd=tmp_path)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait(lambda: _fetch(f"{base}/") is not None, "the first build", server)
        for url in (f"{base}/", f"{base}/monographs/apixaban/", f"{base}/monographs/nusinersen/"):
            started = time.monotonic()
            page = _fetch(url) or _fetch_error(url)
            assert time.monotonic() - started < 2, f"{url} took too long"
            assert 'class="preview-problems"' in page, url
            assert "monographs/nusinersen.yaml:" in page and "unknown key" in page
            assert "<b>red</b>" not in page and str(tmp_path) not in page
        broken.write_text(good, "utf-8")
        _wait(lambda: "preview-problems" not in (_fetch(f"{base}/monographs/nusinersen/") or "preview-problems"),
              "the recovered page", server, 60)
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert "Traceback" not in log.read_text("utf-8")


def _fetch_error(url: str) -> str:
    """The body of an error response (a missing page is a 404 with the theme's page)."""
    try:
        urllib.request.urlopen(url, timeout=5)
    except urllib.error.HTTPError as exc:
        return str(exc.read().decode("utf-8"))
    return ""
