"""The pinned Pagefind indexer: where it lives, and how set-up fetches and checks it.

PyPI's newest Pagefind (1.5.2) scores every matching word before grouping by page, so a term
that all 10,000 monographs list takes its engine about 650 ms. Pagefind 1.6.0 groups first and
answers the same search in about 150 ms, but is published only to the npm registry, as one
static binary per platform. Set-up (``make``) downloads the archive for this platform, checks it
against the integrity hash pinned here (the registry's own ``dist.integrity``), and installs the
binary into the virtual environment under a versioned name; the build never fetches anything.
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import platform
import sys
import tarfile
import urllib.request
from pathlib import Path

from build_tools.plumbing.files import write_file_atomic

VERSION = "1.6.0"

#: (system, machine) -> (npm package, its archive's sha512 integrity as the registry states it).
RELEASES: dict[tuple[str, str], tuple[str, str]] = {
    ("Linux", "x86_64"): (
        "@pagefind/linux-x64",
        "sha512-IbMSx/+Vr/Xk0TTBlLkjgK+rvnbOXGmmb2/MKxQu99AR5DsqQoV3NKEA9PQz2tAhuCZjeD5xJBp4w5N5DHIC7Q=="),
    ("Linux", "aarch64"): (
        "@pagefind/linux-arm64",
        "sha512-SLB2I+XqCZma8NvIGIH8nyKblgKIxw5PmqsVtofWOKxNHhEtOEsddbqU+hsrNcT3EV0faM6UmKDHVIxcPYq29w=="),
}

REGISTRY = "https://registry.npmjs.org"

#: Set to an indexer binary to use it instead of the installed one (another platform, a packager).
ENV_OVERRIDE = "MONOGRAPHS_PAGEFIND"


class IndexerInstallError(Exception):
    """The indexer could not be fetched or failed its integrity check; the message says why."""


def indexer_path() -> Path:
    """The indexer binary the site build runs."""
    override = os.environ.get(ENV_OVERRIDE)
    if override:
        return Path(override)
    return Path(sys.prefix) / "bin" / f"pagefind_extended-{VERSION}"


def _release() -> tuple[str, str]:
    key = (platform.system(), platform.machine())
    try:
        return RELEASES[key]
    except KeyError:
        raise IndexerInstallError(
            f"no pinned Pagefind {VERSION} build for {key[0]} {key[1]}; install Pagefind {VERSION} "
            f"yourself and set {ENV_OVERRIDE} to its binary") from None


def check_integrity(archive: bytes, integrity: str) -> None:
    """Refuse an archive whose sha512 differs from the pinned integrity string."""
    algorithm, _, expected = integrity.partition("-")
    if algorithm != "sha512":
        raise IndexerInstallError(f"unsupported integrity algorithm {algorithm!r}")
    actual = base64.b64encode(hashlib.sha512(archive).digest()).decode("ascii")
    if actual != expected:
        raise IndexerInstallError(
            f"the downloaded Pagefind archive does not match its pinned hash (expected sha512-"
            f"{expected}, got sha512-{actual}); not installed")


def extract_binary(archive: bytes) -> bytes:
    """The ``pagefind_extended`` executable inside an npm platform archive."""
    with tarfile.open(fileobj=io.BytesIO(archive), mode="r:gz") as tar:
        for member in tar.getmembers():
            if member.isfile() and Path(member.name).name == "pagefind_extended":
                handle = tar.extractfile(member)
                if handle is not None:
                    return handle.read()
    raise IndexerInstallError("the Pagefind archive holds no pagefind_extended binary")


def install(dest: Path | None = None) -> Path:
    """Fetch, check and install the pinned indexer unless it is already there; return its path."""
    target = dest or indexer_path()
    if target.is_file() and os.access(target, os.X_OK):
        return target
    package, integrity = _release()
    url = f"{REGISTRY}/{package}/-/{package.split('/')[1]}-{VERSION}.tgz"
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            archive: bytes = response.read()
    except OSError as exc:
        raise IndexerInstallError(f"cannot download {url}: {exc}") from exc
    check_integrity(archive, integrity)
    binary = extract_binary(archive)
    target.parent.mkdir(parents=True, exist_ok=True)
    write_file_atomic(target, binary, mode=0o755)
    return target


def main() -> int:
    """``python -m build_tools.site.indexer_install``: what ``make`` runs during set-up."""
    try:
        path = install()
    except IndexerInstallError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:  # the environment's bin folder cannot be written
        print(f"error: cannot install Pagefind {VERSION} at {indexer_path()}: {exc.strerror}; "
              f"set {ENV_OVERRIDE} to a Pagefind {VERSION} binary instead", file=sys.stderr)
        return 1
    print(f"Pagefind {VERSION}: {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
