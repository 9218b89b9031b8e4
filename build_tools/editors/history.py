"""The site's change list ("What changed"): the clinical changes of the latest commits that touched
the monographs, in clinicians' words.
"""

from __future__ import annotations

from pathlib import Path

from build_tools.editors.clinical_diff import Change, diff_versions, grouped, md_escape
from build_tools.editors.versions import (
    MONOGRAPH_DIR,
    ZERO_SHA,
    GitError,
    Version,
    parse_monograph,
    read_blobs,
    run_git,
)


def _commit_changes(repo: Path, commit: str, parent: str | None, subdir: str) -> list[Change]:
    """Clinical changes a commit made to the monographs (compared with its first parent)."""
    spec = [parent, commit] if parent else ["--root", commit]
    raw = run_git(repo, "diff-tree", "-r", "-z", "--no-commit-id", "--no-renames", *spec, "--", f"{subdir}/")
    fields = raw.split(b"\0")
    pairs: list[tuple[str, str, str]] = []
    i = 0
    while i + 1 < len(fields):
        meta, path = fields[i].decode(), fields[i + 1].decode("utf-8", "replace")
        i += 2
        parts = meta.lstrip(":").split()
        if len(parts) < 5 or not path.endswith(".yaml") or "/" in path[len(subdir) + 1:]:
            continue
        pairs.append((path.rsplit("/", 1)[-1][: -len(".yaml")], parts[2], parts[3]))
    shas = sorted({s for _, a, b in pairs for s in (a, b) if not ZERO_SHA.match(s)})
    blobs = read_blobs(repo, shas)
    old: dict[str, Version] = {}
    new: dict[str, Version] = {}
    for stem, before, after in pairs:
        if not ZERO_SHA.match(before):
            old[stem] = parse_monograph(blobs.get(before, b""), f"{stem}.yaml")
        if not ZERO_SHA.match(after):
            new[stem] = parse_monograph(blobs.get(after, b""), f"{stem}.yaml")
    return diff_versions(old, new)


def history_markdown(repo_root: Path, limit: int = 20, subdir: str = MONOGRAPH_DIR) -> str | None:
    """A "What changed" Markdown page from recent commits to the monographs; None without history."""
    # Commits that changed only formatting, citations or the change log are left out.
    try:
        log = run_git(repo_root, "log", f"-n{limit}", "--format=%H%x1f%P%x1f%ad%x1f%s%x1e",
                   "--date=short", "--", f"{subdir}/")
    except GitError:
        return None
    records = [r.strip() for r in log.decode("utf-8", "replace").split("\x1e") if r.strip()]
    if not records:
        return None
    lines = ["# What changed", "",
             "Clinical changes to the monographs, newest first, from the repository history. "
             "Changes to formatting, citations or the change log only are not listed.", ""]
    shown = 0
    for record in records:
        sha, parents, date, subject = [*record.split("\x1f"), "", "", ""][:4]
        parent = parents.split()[0] if parents.split() else None
        if parent is not None:
            try:
                run_git(repo_root, "cat-file", "-e", f"{parent}^{{commit}}")
            except GitError:
                break  # shallow clone: the parent is not here, so the comparison would be wrong
        try:
            changes = _commit_changes(repo_root, sha, parent, subdir)
        except GitError:
            continue
        if not changes:
            continue
        shown += 1
        lines += [f"## {md_escape(date)}: {md_escape(subject)}", "",
                  f"Commit `{sha[:10]}`", ""]
        for monograph, items in grouped(changes).items():
            lines.append(f"- **{md_escape(monograph)}**")
            lines += [f"    - {md_escape(c.text)}" for c in items]
        lines.append("")
    if not shown:
        lines += ["No clinical changes in the recent history.", ""]
    return "\n".join(lines)
