"""The pinned search indexer: set-up installs exactly the pinned build, refuses a tampered archive,
and the site build says how to install it when it is missing."""

from __future__ import annotations

import base64
import hashlib
import io
import subprocess
import tarfile
from pathlib import Path
from typing import Any

import pytest

from build_tools.site import indexer_install
from build_tools.site.indexer_install import (
    VERSION,
    IndexerInstallError,
    check_integrity,
    extract_binary,
    indexer_path,
    install,
)
from build_tools.site.search_index import SearchIndexError, write_search_index


def _archive(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w:gz") as tar:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return out.getvalue()


def _integrity(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode("ascii")


def test_installed_indexer_is_the_pinned_version() -> None:
    done = subprocess.run([str(indexer_path()), "--version"], capture_output=True, text=True, check=True)
    assert done.stdout.split()[-1] == VERSION


def test_integrity_check_accepts_the_archive_and_refuses_one_changed_byte() -> None:
    archive = _archive({"package/bin/pagefind_extended": b"\x7fELF binary"})
    check_integrity(archive, _integrity(archive))
    tampered = archive[:-1] + bytes([archive[-1] ^ 1])
    with pytest.raises(IndexerInstallError, match="does not match its pinned hash"):
        check_integrity(tampered, _integrity(archive))
    with pytest.raises(IndexerInstallError, match="unsupported integrity algorithm"):
        check_integrity(archive, "sha1-" + base64.b64encode(hashlib.sha1(archive).digest()).decode())


def test_extract_takes_the_extended_binary_only() -> None:
    archive = _archive({"package/README.md": b"readme", "package/bin/pagefind_extended": b"binary"})
    assert extract_binary(archive) == b"binary"
    with pytest.raises(IndexerInstallError, match="no pagefind_extended"):
        extract_binary(_archive({"package/bin/pagefind": b"other"}))


class _Response(io.BytesIO):
    def __enter__(self) -> _Response:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


def test_install_writes_a_checked_executable_and_refuses_a_tampered_download(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    good = _archive({"package/bin/pagefind_extended": b"#!/bin/sh\necho pagefind\n"})
    key = next(iter(indexer_install.RELEASES))
    monkeypatch.setattr(indexer_install.platform, "system", lambda: key[0])
    monkeypatch.setattr(indexer_install.platform, "machine", lambda: key[1])
    monkeypatch.setitem(indexer_install.RELEASES, key, ("@pagefind/test", _integrity(good)))
    served: list[str] = []

    def fake_urlopen(url: str, timeout: float) -> _Response:
        served.append(url)
        return _Response(payload)

    monkeypatch.setattr(indexer_install.urllib.request, "urlopen", fake_urlopen)
    payload = good[:-1] + bytes([good[-1] ^ 1])
    dest = tmp_path / "bin" / "indexer"
    with pytest.raises(IndexerInstallError, match="pinned hash"):
        install(dest)
    assert not dest.parent.exists(), "a refused archive leaves nothing behind"

    payload = good
    assert install(dest) == dest
    assert dest.read_bytes() == b"#!/bin/sh\necho pagefind\n"
    assert dest.stat().st_mode & 0o111
    assert served[-1] == f"{indexer_install.REGISTRY}/@pagefind/test/-/test-{VERSION}.tgz"
    install(dest)
    assert len(served) == 2, "an installed indexer is not fetched again"


def test_unknown_platform_names_the_override(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(indexer_install.platform, "system", lambda: "Plan9")
    with pytest.raises(IndexerInstallError, match=indexer_install.ENV_OVERRIDE):
        install(Path("/nonexistent/never-written"))


def test_site_build_without_the_indexer_says_how_to_install_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(indexer_install.ENV_OVERRIDE, str(tmp_path / "missing-pagefind"))
    with pytest.raises(SearchIndexError, match="make site"):
        write_search_index({}, {"index.html": ("Home", "<p>x</p>")}, tmp_path / "out")
