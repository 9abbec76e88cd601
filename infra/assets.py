"""Build the Lambda assets (deps layer, shared layer, function code) without Docker and without AWS.

The deps layer installs the locked runtime requirements (``uv export``, minus boto3/botocore which the Lambda
runtime provides) as arm64 manylinux wheels for the runtime's Python version. Each asset is compiled to
``.pyc`` by an interpreter of the runtime's version when one is found (``uv python find``), with
``unchecked-hash`` invalidation because asset zips reset file times (a timestamp-checked ``.pyc`` would be
rejected at import). Without that interpreter the asset still builds, a warning says how to get ``.pyc``,
and ``keel-<asset>.json`` at the asset root records ``"pyc": false``.

Built assets are cached under ``.build/`` keyed by their inputs, so repeated synths are fast.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILD_DIR = ROOT / ".build"
PLATFORM = "aarch64-manylinux_2_34"  # Lambda's Python 3.12+ runtimes run Amazon Linux 2023 (glibc 2.34)
PROVIDED_BY_RUNTIME = ("boto3", "botocore")
FORMAT = "1"  # bump to invalidate every cached build
_IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc", ".mypy_cache", ".pytest_cache")


def _uv() -> str:
    local = ROOT / ".tools" / "bin" / "uv"
    found = str(local) if local.exists() else shutil.which("uv")
    if not found:
        raise RuntimeError("uv not found: run `make install`")
    return found


def _run(*args: str) -> str:
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "CLICOLOR_FORCE")}
    env |= {"NO_COLOR": "1", "UV_PYTHON_DOWNLOADS": os.environ.get("UV_PYTHON_DOWNLOADS", "never")}
    done = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise RuntimeError(f"{args[0]} {args[1]} failed: {done.stderr.strip()[-2000:]}")
    return done.stdout


def runtime_requirements() -> str:
    """The locked runtime requirements, without what the Lambda runtime already has."""
    prune = [arg for pkg in PROVIDED_BY_RUNTIME for arg in ("--prune", pkg)]
    out = _run(_uv(), "export", "--frozen", "--no-dev", "--no-hashes", "--no-emit-project", "--quiet", *prune)
    return "".join(line + "\n" for line in out.splitlines() if line.strip() and not line.lstrip().startswith("#"))


@cache
def find_interpreter(version: str) -> str | None:
    """A Python ``version`` interpreter: ``KEEL_RUNTIME_PYTHON`` or ``uv python find``; None if there is none."""
    explicit = os.environ.get("KEEL_RUNTIME_PYTHON")
    candidates = [explicit] if explicit else []
    with contextlib.suppress(RuntimeError):
        candidates.append(_run(_uv(), "python", "find", "--no-project", version).strip())
    for exe in candidates:
        with contextlib.suppress(RuntimeError, OSError):  # a stale path or a broken shim is no interpreter
            if _run(exe, "-c", "import sys; print('%d.%d' % sys.version_info[:2])").strip() == version:
                return exe
    return None


@cache
def runtime_interpreter(version: str) -> str | None:
    """``find_interpreter``, warning once (per version) when there is none: the assets ship without .pyc."""
    if found := find_interpreter(version):
        return found
    print(
        f"WARNING: no Python {version} interpreter found, so the Lambda assets ship WITHOUT .pyc "
        f"(slower cold starts). Install one with `.tools/bin/uv python install {version}` "
        "(or point KEEL_RUNTIME_PYTHON at it) and synthesize again.",
        file=sys.stderr,
    )
    return None


def _compile(tree: Path, interpreter: str | None) -> bool:
    if interpreter is None:
        return False
    args = ("-m", "compileall", "-q", "-j", "0", "--invalidation-mode", "unchecked-hash", str(tree))
    done = subprocess.run((interpreter, *args), capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:  # a package may ship files that are not valid Python (templates): keep going
        print(f"WARNING: some files in {tree.name} did not compile: {done.stdout.strip()[-500:]}", file=sys.stderr)
    return True


def _tree_digest(src: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in src.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(str(path.relative_to(src)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _cached(name: str, key: str, build: Callable[[Path], None]) -> Path:
    """``.build/<name>-<key>``, built by ``build(tmp_dir)`` into a temp dir and renamed (atomic) on success."""
    target = BUILD_DIR / f"{name}-{key[:16]}"
    if target.exists():
        return target
    BUILD_DIR.mkdir(exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{name}-", dir=BUILD_DIR))
    try:
        build(tmp)
        try:
            tmp.rename(target)
        except OSError:  # another process built it meanwhile
            shutil.rmtree(tmp, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    _prune(name, keep=target)
    return target


def _prune(name: str, keep: Path, count: int = 3) -> None:
    """Keep the ``count`` newest builds of ``name`` (older lockfiles or sources), remove the rest."""
    builds = sorted(BUILD_DIR.glob(f"{name}-*"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in [b for b in builds if b != keep][count - 1 :]:
        shutil.rmtree(old, ignore_errors=True)


def _record(root: Path, asset: str, version: str, pyc: bool, **extra: object) -> None:
    info = {"asset": asset, "python": version, "pyc": pyc, **extra}
    if not pyc:
        info["note"] = f"built without a Python {version} interpreter: no .pyc, modules compile at cold start"
    (root / f"keel-{asset}.json").write_text(json.dumps(info, indent=2, sort_keys=True) + "\n")


def deps_layer(version: str) -> Path:
    """The third-party layer for Python ``version`` on arm64 (its root holds ``python/``)."""
    requirements = runtime_requirements()
    interpreter = runtime_interpreter(version)
    key = hashlib.sha256(f"{FORMAT}|{version}|{PLATFORM}|{interpreter is not None}|{requirements}".encode())

    def build(tmp: Path) -> None:
        req = tmp / "requirements.txt"
        req.write_text(requirements)
        target = tmp / "python"
        _run(
            _uv(), "pip", "install", "--quiet", "--no-deps", "--only-binary", ":all:", "--no-compile",
            "--link-mode", "copy",  # never hard links into uv's cache: the build must not alter it
            "--python-platform", PLATFORM, "--python-version", version, "--target", str(target), "-r", str(req),
        )  # fmt: skip
        req.unlink()
        shutil.rmtree(target / "bin", ignore_errors=True)  # console scripts: useless in a layer
        pyc = _compile(target, interpreter)
        _record(tmp, "deps-layer", version, pyc, platform=PLATFORM, requirements=requirements.splitlines())

    return _cached("deps", key.hexdigest(), build)


def source_asset(src: Path, asset: str, version: str, *, prefix: str = "", only: tuple[str, ...] = ()) -> Path:
    """A copy of first-party code ``src`` (under ``prefix`` inside the asset), compiled when possible.

    With ``only``, just those subdirectories of ``src`` (each under its own name): one function's asset holds
    one function, so a change to another handler leaves its hash, and its published version, alone.
    """
    interpreter = runtime_interpreter(version)
    digest = "|".join(f"{name}:{_tree_digest(src / name)}" for name in only) if only else _tree_digest(src)
    key = hashlib.sha256(f"{FORMAT}|{version}|{prefix}|{interpreter is not None}|{digest}".encode())

    def build(tmp: Path) -> None:
        if only:
            for name in only:
                shutil.copytree(src / name, tmp / name, ignore=_IGNORED)
        else:
            dest = tmp / prefix if prefix else tmp / "code"
            shutil.copytree(src, dest, ignore=_IGNORED)
            if not prefix:  # the code is the asset root
                for child in dest.iterdir():
                    child.rename(tmp / child.name)
                dest.rmdir()
        pyc = _compile(tmp, interpreter)
        _record(tmp, asset, version, pyc)

    return _cached(asset, key.hexdigest(), build)
