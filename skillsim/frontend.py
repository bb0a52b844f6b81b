"""The dashboard's front-end files (Solara's Vue/Vuetify bundle, require.js, Font
Awesome, mermaid), installed offline-safely from the npm registry.

Solara's page loads these from cdn.jsdelivr.net unless its asset proxy finds them in a
local folder; machines without general internet access (the project's) need the local
copy, or the page stays blank. `python -m skillsim.frontend` (run by setup.sh) puts them
in SKILLSIM_SOLARA_ASSETS (default ~/.cache/skillsim/solara-cdn), which
`skillsim dashboard` serves:

- it reads which exact versions the installed Solara asks for from Solara's page
  template (solara/server/templates/solara.html.j2);
- each is an npm package pinned below with npm's sha512 `integrity`
  (`npm view NAME@VERSION dist.integrity`); `npm pack` fetches the tarball (npm checks
  it against the registry's metadata) and the sha512 is checked again here against the
  pin, so a changed or tampered tarball is refused;
- only the files the page can request are unpacked, under the CDN's paths
  (NAME@VERSION/...); the folder is replaced as a whole, never left half-written.

A Solara upgrade that asks for a version not pinned here stops with a message naming it
(add its integrity to PINNED). Offline, the command fails with one line saying what to
do, and setup.sh goes on without the dashboard's files.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.metadata
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

DEFAULT_DIR = Path.home() / ".cache" / "skillsim" / "solara-cdn"

# npm package@version -> (sha512 integrity from `npm view ... dist.integrity`, files kept
# from the tarball's package/ folder: a prefix keeps everything under it; source maps
# (*.map) are never kept).
PINNED: dict[str, tuple[str, tuple[str, ...]]] = {
    "@widgetti/solara-vuetify3-app@5.2.0": (
        "sha512-9UMyjf9KASR9PucZ7848upx1gqOqlUnG5Hh5or5CTaN/Um+AxAHQGwv8x4fFJzco/OaccsWdtsqb3bmYAnBo+Q==",
        ("dist/",)),
    "requirejs@2.3.6": (
        "sha512-ipEzlWQe6RK3jkzikgCupiTbTvm4S0/CAU5GlgptkN5SO6F3u0UD0K18wy6ErDqiCyP4J4YYe1HuAShvsxePLg==",
        ("require.js",)),
    "font-awesome@4.5.0": (
        "sha512-XGGY8CN/NT8e5fKOC/K7CESNQ3+2oYOfZqwZcKgEMtcmTiHtFIH+XZWRoU0HtcdwhtSkpWXLfTIUlTdJ4PhX8A==",
        ("css/", "fonts/")),
    "mermaid@10.8.0": (
        "sha512-9CzfSreRjdDJxX796+jW4zjEq0DVw5xVF0nWsqff8OTbrt+ml0TZ5PyYUjjUZJa2NYxYJZZXewEquxGiM8qZEA==",
        ("dist/mermaid.min.js",)),
}
# The file whose presence says the page's bundle is there (checked by `skillsim dashboard`).
BUNDLE_FILE = "dist/solara-vuetify-app8.min.js"
# Asked for by Solara's Markdown component only when a text has a diagram (not the template).
MARKDOWN_EXTRAS = ("mermaid@10.8.0",)
NPM_TIMEOUT_S = 120


class FrontendError(Exception):
    """The files could not be installed; the message says why and what to do."""


def assets_folder() -> Path:
    return Path(os.environ.get("SKILLSIM_SOLARA_ASSETS") or DEFAULT_DIR)


def requested_packages() -> list[str]:
    """The npm packages (name@version) the installed Solara's page loads: read from its
    template; of the Vue 2 and Vue 3 bundles, the one matching the installed ipyvue."""
    spec = importlib.util.find_spec("solara")
    if spec is None or spec.origin is None:
        raise FrontendError("solara is not installed in this Python; run ./setup.sh first")
    template = Path(spec.origin).parent / "server" / "templates" / "solara.html.j2"
    text = template.read_text(encoding="utf-8")
    found = sorted(set(re.findall(r"\{\{cdn\}\}/((?:@[\w.-]+/)?[\w.-]+@\d+\.\d+\.\d+)/", text)))
    vue3 = importlib.metadata.version("ipyvue").startswith("3")
    bundle = "@widgetti/solara-vuetify3-app@" if vue3 else "@widgetti/solara-vuetify-app@"
    packages = [p for p in found if not p.startswith("@widgetti/") or p.startswith(bundle)]
    # font-awesome's path is a setting (its default in solara/server/settings.py), not in the template
    settings = (template.parent.parent / "settings.py").read_text(encoding="utf-8")
    packages += re.findall(r'fontawesome_path: str = "/((?:@[\w.-]+/)?[\w.-]+@\d+\.\d+\.\d+)/', settings)
    return sorted(set(packages) | set(MARKDOWN_EXTRAS))


def bundle_path() -> str:
    """The CDN path of the page's main script, e.g. @widgetti/solara-vuetify3-app@5.2.0/dist/..."""
    bundle = next(p for p in requested_packages() if p.startswith("@widgetti/"))
    return f"{bundle}/{BUNDLE_FILE}"


def missing(folder: Path, packages: list[str]) -> list[str]:
    return [p for p in packages if not (folder / p / ".npm-integrity").is_file()]


def sha512_integrity(path: Path) -> str:
    digest = hashlib.sha512()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return "sha512-" + base64.b64encode(digest.digest()).decode("ascii")


def npm_pack(packages: list[str], into: Path) -> list[Path]:
    """Fetch the tarballs with npm (the registry's own client); one path per package."""
    npm = shutil.which("npm")
    if npm is None:
        raise FrontendError("npm is not installed (Debian: apt-get install npm); it fetches the dashboard's "
                            "front-end files from the npm registry")
    try:
        done = subprocess.run([npm, "pack", "--loglevel=error", "--fetch-retries=1", "--fetch-timeout=30000", *packages],
                              cwd=into, capture_output=True, text=True, timeout=NPM_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        raise FrontendError(f"npm pack did not finish in {NPM_TIMEOUT_S} s (no access to registry.npmjs.org?)") from None
    if done.returncode != 0:
        lines = [line for line in done.stderr.splitlines() if line.strip()]
        first = next((line for line in lines if " code " in line or "ERR" in line), lines[0] if lines else "(no message)")
        raise FrontendError(f"npm pack failed (no access to the npm registry?): {first.strip()}")
    names = done.stdout.split()
    if len(names) != len(packages):
        raise FrontendError(f"npm pack printed {names}, expected one tarball for each of {packages}")
    return [into / name for name in names]


def unpack(tarball: Path, keep: tuple[str, ...], dest: Path) -> int:
    """Copy the kept files of an npm tarball (under package/) into dest; returns how many."""
    count = 0
    with tarfile.open(tarball, "r:gz") as tar:
        for member in tar.getmembers():
            if not member.isfile() or not member.name.startswith("package/"):
                continue
            relative = member.name[len("package/"):]
            if ".." in Path(relative).parts or relative.endswith(".map") or not any(
                    relative == k or (k.endswith("/") and relative.startswith(k)) for k in keep):
                continue
            target = dest / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            with tar.extractfile(member) as src, open(target, "wb") as out:
                shutil.copyfileobj(src, out)
            count += 1
    return count


def install(folder: Path) -> list[str]:
    """Install what is missing into `folder`; returns the packages installed."""
    packages = requested_packages()
    unpinned = [p for p in packages if p not in PINNED]
    if unpinned:
        raise FrontendError(f"the installed Solara asks for {', '.join(unpinned)}, which skillsim/frontend.py does not "
                            "pin; add each with its `npm view NAME@VERSION dist.integrity` to PINNED")
    todo = missing(folder, packages)
    if not todo:
        return []
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=folder, prefix=".download-") as tmp:
        tarballs = npm_pack(todo, Path(tmp))
        for package, tarball in zip(todo, tarballs):
            want, keep = PINNED[package]
            got = sha512_integrity(tarball)
            if got != want:
                raise FrontendError(f"{package}: the tarball's {got[:30]}... is not the pinned {want[:30]}...; refused")
            stage = Path(tmp) / "stage" / package
            if unpack(tarball, keep, stage) == 0:
                raise FrontendError(f"{package}: none of {keep} in the tarball")
            (stage / ".npm-integrity").write_text(want + "\n", encoding="utf-8")
            target = folder / package
            target.parent.mkdir(parents=True, exist_ok=True)
            if target.exists():
                shutil.rmtree(target)
            os.replace(stage, target)  # whole package folder at once
    return todo


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args and args[0] in ("-h", "--help"):
        print(__doc__)
        return 0
    folder = Path(args[0]) if args else assets_folder()
    start = time.monotonic()
    try:
        installed = install(folder)
    except FrontendError as exc:
        sys.stderr.write(f"skillsim.frontend: {exc}\n")
        return 1
    if installed:
        print(f"skillsim.frontend: installed {', '.join(installed)} in {folder} "
              f"({time.monotonic() - start:.1f} s, sha512 checked)")
    else:
        print(f"skillsim.frontend: the dashboard's front-end files are already in {folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
