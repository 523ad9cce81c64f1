"""Finding and checking the shared library."""

from __future__ import annotations

import ctypes.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

import calfpump
from calfpump import _lib


def test_the_library_under_test_is_the_one_asked_for() -> None:
    wanted = os.environ.get("CALFPUMP_LIBRARY")
    if wanted:
        assert calfpump.library_path() == wanted
    assert calfpump.abi_version() == _lib.ABI_VERSION
    major, minor, patch = calfpump.version_info()
    assert calfpump.version() == f"{major}.{minor}.{patch}"


def test_a_wrong_abi_version_is_a_clear_error() -> None:
    with pytest.raises(calfpump.LibraryError,
                       match=r"has ABI version 0, but this calfpump package was written "
                             r"for ABI version 7 \(libcalfpump.so.7\)"):
        _lib.open_library([_lib.LIBRARY_PATH], abi=7)


def test_a_library_that_is_not_libcalfpump() -> None:
    libm = ctypes.util.find_library("m")
    if not libm:
        pytest.skip("no libm to load")
    with pytest.raises(calfpump.LibraryError, match="is not libcalfpump"):
        _lib.open_library([libm])


def test_a_library_without_a_declared_function() -> None:
    cdll = ctypes.CDLL(_lib.LIBRARY_PATH)
    with pytest.raises(calfpump.LibraryError, match="does not export calfpump_no_such"):
        _lib.bind(cdll, "int calfpump_no_such(void);", _lib.LIBRARY_PATH)


def test_import_fails_clearly_without_the_library(tmp_path: Path) -> None:
    env = dict(os.environ, PYTHONPATH=str(Path(calfpump.__file__).parents[1]),
               CALFPUMP_LIBRARY=str(tmp_path / "libcalfpump.so.0"))
    out = subprocess.run([sys.executable, "-c", "import calfpump"], env=env,
                         capture_output=True, text=True, timeout=60)
    assert out.returncode != 0
    assert "calfpump.errors.LibraryError: cannot load libcalfpump" in out.stderr
    assert "set CALFPUMP_LIBRARY" in out.stderr


def test_data_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("CALFPUMP_DATA_DIR", raising=False)
    installed = calfpump.data_dir()
    assert installed and calfpump.default_model_path() == installed + "/default-leg.cfp"
    monkeypatch.setenv("CALFPUMP_DATA_DIR", str(tmp_path))
    assert calfpump.data_dir() == str(tmp_path)
    assert calfpump.default_model_path() == str(tmp_path / "default-leg.cfp")


def test_status_names_and_descriptions() -> None:
    assert calfpump.status_name(-4) == "CALFPUMP_E_RANGE"
    assert calfpump.status_name(-999) is None
    assert calfpump.strerror(-13) == "file input/output error"
