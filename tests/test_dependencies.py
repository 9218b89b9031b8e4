"""What the project installs: hashed locks that agree with each other and with pyproject.toml,
no GPL format checker, and libyaml's C parser in use."""

from __future__ import annotations

import re
import tomllib
from importlib import metadata

from build_tools.check import load
from tests.conftest import ROOT

_PIN = re.compile(r"^([A-Za-z0-9._-]+)==([^ \\]+)", re.M)


def _name(name: str) -> str:
    """A distribution name as the package index compares them (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def _pins(name: str) -> dict[str, str]:
    text = (ROOT / "requirements" / name).read_text(encoding="utf-8")
    return {_name(n): v for n, v in _PIN.findall(text)}


def _normal(requirement: str) -> str:
    return _name(re.split(r"[\[<>=!~; ]", requirement, maxsplit=1)[0])


def test_the_c_parser_is_in_use() -> None:
    assert load.C_PARSER, "PyYAML was installed without libyaml: reinstall it from a wheel"


def test_every_pin_is_hashed() -> None:
    for name in ("runtime.lock", "dev.lock"):
        text = (ROOT / "requirements" / name).read_text(encoding="utf-8")
        blocks = re.split(r"\n(?=[A-Za-z0-9])", text.split("\n", 1)[1] if text.startswith("#") else text)
        for block in blocks:
            if _PIN.match(block):
                assert "--hash=sha256:" in block, f"{name}: {block.splitlines()[0]} has no hash"


def test_locks_agree_with_each_other_and_pyproject() -> None:
    runtime, dev = _pins("runtime.lock"), _pins("dev.lock")
    assert {k: dev.get(k) for k in runtime} == runtime, "dev.lock must pin the runtime set identically"
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    for requirement in project["dependencies"]:
        assert _normal(requirement) in runtime, f"{requirement} is not in requirements/runtime.lock"
    for requirement in project["optional-dependencies"]["dev"]:
        assert _normal(requirement) in dev, f"{requirement} is not in requirements/dev.lock"
    for tool in ("pytest", "mypy", "ruff", "playwright", "zensical"):
        assert tool not in runtime, f"{tool} is a development tool: keep it out of runtime.lock"


def test_no_gpl_format_checker() -> None:
    assert "rfc3987" not in _pins("dev.lock")
    installed = {_name(d.metadata["Name"]) for d in metadata.distributions()}
    assert "rfc3987" not in installed
    assert "rfc3986-validator" in installed  # jsonschema checks uri formats with it


def test_format_checker_checks_every_format_our_schemas_use() -> None:
    """Without the format-nongpl extra (whose rfc3987-syntax grammar cost 0.8 s per import), the
    checker still knows every format the published schemas name, and rejects bad values."""
    import re

    from jsonschema import FormatChecker  # type: ignore[import-untyped]
    used = {m for p in (ROOT / "schema").glob("*.json")
            for m in re.findall(r'"format":\s*"([a-z-]+)"', p.read_text(encoding="utf-8"))}
    checker = FormatChecker()
    assert used <= set(checker.checkers), used - set(checker.checkers)
    assert not checker.conforms("not a uri", "uri")
    assert not checker.conforms("a b c %zz", "uri-reference")
    assert not checker.conforms("no-leading-slash", "json-pointer")
    assert not checker.conforms("2026-02-30", "date")
