"""The dashboard's front-end files (skillsim/frontend.py): every file the installed
Solara's page asks for is pinned; a tarball whose sha512 is not the pinned one is
refused and leaves nothing behind; only the listed files are unpacked."""

from __future__ import annotations

import io
import tarfile

import pytest

from skillsim import frontend


def test_every_package_the_installed_solara_asks_for_is_pinned():
    packages = frontend.requested_packages()
    assert any(p.startswith("@widgetti/solara-vuetify") for p in packages)
    assert any(p.startswith("requirejs@") for p in packages) and any(p.startswith("font-awesome@") for p in packages)
    assert [p for p in packages if p not in frontend.PINNED] == []
    assert frontend.bundle_path().endswith(frontend.BUNDLE_FILE)


def npm_tarball(path, files: dict[str, bytes]) -> None:
    with tarfile.open(path, "w:gz") as tar:
        for name, data in files.items():
            info = tarfile.TarInfo(f"package/{name}")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))


def test_only_the_listed_files_are_unpacked(tmp_path):
    tarball = tmp_path / "x.tgz"
    npm_tarball(tarball, {"dist/app.js": b"a", "dist/app.js.map": b"m", "src/app.ts": b"s", "../evil": b"e",
                          "require.js": b"r"})
    assert frontend.unpack(tarball, ("dist/", "require.js"), tmp_path / "out") == 2
    assert sorted(p.relative_to(tmp_path / "out").as_posix() for p in (tmp_path / "out").rglob("*") if p.is_file()) \
        == ["dist/app.js", "require.js"]
    assert not (tmp_path / "evil").exists()


@pytest.fixture()
def one_package(tmp_path, monkeypatch):
    """A pretend Solara that asks for one package, fetched from a local tarball."""
    tarball = tmp_path / "pkg.tgz"
    npm_tarball(tarball, {"dist/solara-vuetify-app8.min.js": b"bundle"})
    monkeypatch.setattr(frontend, "requested_packages", lambda: ["@widgetti/solara-vuetify3-app@9.9.9"])

    def fake_npm_pack(packages, into):
        copy = into / "pkg.tgz"
        copy.write_bytes(tarball.read_bytes())
        return [copy]

    monkeypatch.setattr(frontend, "npm_pack", fake_npm_pack)
    return tarball


def test_a_tarball_with_another_sha512_is_refused(one_package, tmp_path, monkeypatch):
    monkeypatch.setitem(frontend.PINNED, "@widgetti/solara-vuetify3-app@9.9.9", ("sha512-AAAA", ("dist/",)))
    with pytest.raises(frontend.FrontendError, match="refused"):
        frontend.install(tmp_path / "assets")
    assert not (tmp_path / "assets" / "@widgetti").exists()


def test_the_pinned_tarball_is_installed_once(one_package, tmp_path, monkeypatch, capsys):
    monkeypatch.setitem(frontend.PINNED, "@widgetti/solara-vuetify3-app@9.9.9",
                        (frontend.sha512_integrity(one_package), ("dist/",)))
    folder = tmp_path / "assets"
    assert frontend.main([str(folder)]) == 0
    assert (folder / "@widgetti/solara-vuetify3-app@9.9.9" / frontend.BUNDLE_FILE).read_bytes() == b"bundle"
    assert frontend.install(folder) == []  # present: nothing fetched again
    assert "installed @widgetti/solara-vuetify3-app@9.9.9" in capsys.readouterr().out


def test_an_unpinned_version_stops_with_its_name(monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(frontend, "requested_packages", lambda: ["requirejs@9.0.0"])
    assert frontend.main([str(tmp_path)]) == 1
    assert "requirejs@9.0.0" in capsys.readouterr().err
