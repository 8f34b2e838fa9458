"""Releases on the web server: build and check, copy into a new folder, switch one symlink.

    DIR/
      releases/20261202T101500Z-8639191/   one complete site per publish
      releases/20261202T113000Z-a3cc301/
      current -> releases/20261202T113000Z-a3cc301      nginx serves DIR/current

Steps, each printed (``publish --to DIR``):

1. build: ``check`` and ``build`` as ``make build`` does; a source with errors, or a build
   that fails, stops here and ``current`` is left alone;
2. verify: the built ``site/`` is complete (``REQUIRED`` files, every page of every
   language, the search index of each language); an incomplete build stops here;
3. copy into ``releases/<timestamp>-<commit>.partial``, then rename it to its final name
   (a reader never sees a half-copied release: nothing points at it yet);
4. switch: a new symlink ``current.new`` -> the release, renamed over ``current`` in one
   atomic ``rename(2)``: a request is served by the old release or the new one, never a mix
   of missing files;
5. prune: keep the newest ``--keep`` releases (default 5), the current one always.

``publish --to DIR --rollback`` switches ``current`` to the release before it (step 4 only).
Run again after a failure, it starts over: a ``.partial`` folder left by an interrupted run
is removed first.

Remote (``--to user@host:DIR``): the same steps, with rsync over ssh for step 3 (hard links to
the previous release for unchanged files) and ssh for steps 4 and 5. The ssh command comes
from ``PUBLISH_SSH`` (default ``ssh``; CI sets ``ssh -i <key file> -o ...``): the key and the
host are CI variables, never in the repository.
"""
from __future__ import annotations

import datetime as dt
import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

RELEASES = "releases"
CURRENT = "current"
PARTIAL = ".partial"
# Files every complete build has (the home page of each language, the 404 pages, the open
# data, the search index of each language).
REQUIRED = ("index.html", "en/index.html", "404.html", "en/404.html", "sitemap.xml",
            "data/plans.json", "data/tasks.json", "data/agencies.json", "data/tasks.csv",
            "search-index/vi/manifest.json", "search-index/en/manifest.json")
NAME = re.compile(r"^\d{8}T\d{6}Z-[0-9a-z]{4,48}$")


class PublishError(Exception):
    """A step that failed; the message says which and what is left as it was."""


def say(msg: str) -> None:
    print(f"publish: {msg}", flush=True)


def commit_of(root: Path) -> str:
    try:
        out = subprocess.run(["git", "rev-parse", "--short=7", "HEAD"], cwd=root, capture_output=True,
                             text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=root,
                               capture_output=True, text=True).stdout.strip()
        return out + ("0dirty" if dirty else "") if re.fullmatch(r"[0-9a-f]+", out) else "0000000"
    except (OSError, subprocess.CalledProcessError):
        return "0000000"


def release_name(root: Path, now: dt.datetime | None = None) -> str:
    now = now or dt.datetime.now(dt.timezone.utc)
    return f"{now:%Y%m%dT%H%M%SZ}-{commit_of(root)}"


def verify_site(site: Path) -> list[str]:
    """What is missing from a built site; empty when it is complete."""
    missing = [f for f in REQUIRED if not (site / f).is_file()]
    vi = {p.relative_to(site) for p in site.rglob("index.html") if p.relative_to(site).parts[0] != "en"}
    en = {p.relative_to(site / "en") for p in (site / "en").rglob("index.html")} if (site / "en").is_dir() else set()
    vi = {p for p in vi if p.parts[0] not in ("data", "assets", "search-index", "source_texts")}
    missing += [f"en/{p}" for p in sorted(vi - en)] + [str(p) for p in sorted(en - vi)]
    for p in (site / "plans").glob("*/index.html") if (site / "plans").is_dir() else []:
        if p.stat().st_size < 1000:
            missing.append(f"{p.relative_to(site)} (empty)")
    return missing


# --- where the releases are -----------------------------------------------------------------

@dataclass
class Target:
    """A release folder, on this machine or ``user@host:DIR``."""
    spec: str

    @property
    def remote(self) -> bool:
        return re.match(r"^[^/:]+:", self.spec) is not None and not Path(self.spec).exists()

    @property
    def host(self) -> str:
        return self.spec.split(":", 1)[0]

    @property
    def dir(self) -> str:
        return self.spec.split(":", 1)[1] if self.remote else self.spec

    def ssh(self) -> list[str]:
        return shlex.split(os.environ.get("PUBLISH_SSH", "ssh"))

    def sh(self, script: str) -> str:
        """Run a POSIX shell script where the releases are; return its output."""
        cmd = self.ssh() + [self.host, script] if self.remote else ["sh", "-c", script]
        proc = subprocess.run(cmd, capture_output=True, text=True)
        if proc.returncode != 0:
            raise PublishError(f"command failed on {self.host if self.remote else 'this machine'}: "
                               f"{script}\n{proc.stderr.strip()}")
        return proc.stdout

    def releases(self) -> list[str]:
        out = self.sh(f"mkdir -p {q(self.dir)}/{RELEASES} && ls -1 {q(self.dir)}/{RELEASES}")
        return sorted(n for n in out.split() if NAME.match(n))

    def current(self) -> str | None:
        out = self.sh(f"readlink {q(self.dir)}/{CURRENT} || true").strip()
        return out.rsplit("/", 1)[-1] if out else None


def q(s: str) -> str:
    return shlex.quote(s)


def copy_release(site: Path, target: Target, name: str, previous: str | None) -> None:
    d = target.dir
    partial = f"{d}/{RELEASES}/{name}{PARTIAL}"
    target.sh(f"rm -rf {q(d)}/{RELEASES}/*{PARTIAL} && mkdir -p {q(partial)}")
    if target.remote or shutil.which("rsync"):
        cmd = ["rsync", "-a", "--delete"]
        if previous:
            cmd.append(f"--link-dest=../{previous}")        # relative to the destination folder
        if target.remote:
            cmd += ["-e", " ".join(q(a) for a in target.ssh()), f"{site}/", f"{target.host}:{partial}/"]
        else:
            cmd += [f"{site}/", f"{partial}/"]
        proc = subprocess.run(cmd, capture_output=True, text=True)
        if proc.returncode != 0:
            raise PublishError(f"copying the site failed (rsync exit {proc.returncode}): {proc.stderr.strip()}")
    else:
        shutil.rmtree(partial)
        shutil.copytree(site, partial, symlinks=False)
    target.sh(f"sync; mv {q(partial)} {q(d)}/{RELEASES}/{q(name)}")


def switch(target: Target, name: str) -> None:
    """``current`` -> releases/<name>, in one rename: ``mv -T`` renames a symlink over a symlink."""
    d = q(target.dir)
    target.sh(f"test -d {d}/{RELEASES}/{q(name)} && ln -sfn {RELEASES}/{q(name)} {d}/{CURRENT}.new "
              f"&& mv -Tf {d}/{CURRENT}.new {d}/{CURRENT}")


def prune(target: Target, keep: int) -> list[str]:
    names = target.releases()
    cur = target.current()
    old = [n for n in names[:-keep] if n != cur] if keep > 0 else []
    if old:
        target.sh("cd " + q(target.dir) + "/" + RELEASES + " && rm -rf " + " ".join(q(n) for n in old))
    return old


# --- the commands --------------------------------------------------------------------------------

def publish(root: Path, to: str, keep: int = 5, build=None) -> int:
    """Build, check, copy, switch, prune. ``build(root) -> bool`` builds ``root/site``."""
    target = Target(to)
    where = f"{target.host}:{target.dir}" if target.remote else target.dir
    say(f"1/5 build and check the sources in {root}")
    if build is None or not build(root):
        say(f"REFUSED: the sources failed the check or the build failed; {where}/{CURRENT} was not changed")
        return 1
    site = root / "site"
    say(f"2/5 verify the built site {site}")
    missing = verify_site(site)
    if missing:
        say(f"REFUSED: the build is incomplete, missing {len(missing)}: {', '.join(missing[:10])}; "
            f"{where}/{CURRENT} was not changed")
        return 1
    try:
        names = target.releases()
        previous = target.current()
        name = release_name(root)
        if name in names:
            name += "x"                       # two publishes in one second: still a new folder
        say(f"3/5 copy into {where}/{RELEASES}/{name}" + (f" (unchanged files linked to {previous})" if previous else ""))
        copy_release(site, target, name, previous)
        say(f"4/5 switch {where}/{CURRENT}: {previous or '(none)'} -> {name}")
        switch(target, name)
        removed = prune(target, keep)
        say(f"5/5 keep the newest {keep} releases" + (f"; removed {', '.join(removed)}" if removed else "; none removed"))
    except PublishError as e:
        say(f"FAILED: {e}; {where}/{CURRENT} points where it did before this step")
        return 1
    say(f"done: {where}/{CURRENT} -> {RELEASES}/{name}")
    return 0


def rollback(to: str) -> int:
    target = Target(to)
    where = f"{target.host}:{target.dir}" if target.remote else target.dir
    try:
        names = target.releases()
        cur = target.current()
        if cur not in names or names.index(cur) == 0:
            say(f"REFUSED: no release before {cur or '(none)'} in {where}/{RELEASES}; {CURRENT} was not changed")
            return 1
        prev = names[names.index(cur) - 1]
        say(f"switch {where}/{CURRENT}: {cur} -> {prev}")
        switch(target, prev)
    except PublishError as e:
        say(f"FAILED: {e}")
        return 1
    say(f"done: {where}/{CURRENT} -> {RELEASES}/{prev}")
    return 0


if __name__ == "__main__":
    sys.exit("use: python -m build_scripts publish --to DIR [--rollback] [--keep 5]")
