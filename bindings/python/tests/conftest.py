"""Fixtures of the calfpump binding's tests.

Environment (tools/test-all.sh sets all of them to the build tree):
  CALFPUMP_LIBRARY    the libcalfpump.so.0 to test (else the installed one)
  CALFPUMP_DATA_DIR   the directory holding default-leg.cfp
  CALFPUMP_CLI        the calfpump program whose numbers the binding must
                      reproduce (else `calfpump` on PATH; the comparison is
                      skipped if there is none)
  CALFPUMP_SOURCE_DIR the source tree (headers, symbol map); default: three
                      directories above this one
  CALFPUMP_TEST_STRICT=1  what a test needs from the list above must be
                      there: a test fails instead of being skipped
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from typing import NoReturn, Optional

import pytest

HERE = Path(__file__).resolve().parent
# The package under test is the one next to the tests, not an installed one.
sys.path.insert(0, str(HERE.parent))


def unavailable(why: str) -> NoReturn:
    """Skip the test, or fail it in strict mode (CI)."""
    if os.environ.get("CALFPUMP_TEST_STRICT") == "1":
        pytest.fail(why + " (CALFPUMP_TEST_STRICT=1)")
    pytest.skip(why)


def source_dir() -> Optional[Path]:
    env = os.environ.get("CALFPUMP_SOURCE_DIR")
    root = Path(env) if env else HERE.parents[2]
    return root if (root / "include" / "calfpump.h").is_file() else None


@pytest.fixture(scope="session")
def srcdir() -> Path:
    root = source_dir()
    if root is None:
        unavailable("the libcalfpump source tree is not available "
                    "(set CALFPUMP_SOURCE_DIR)")
    return root


@pytest.fixture(scope="session")
def cli() -> str:
    path = os.environ.get("CALFPUMP_CLI") or shutil.which("calfpump")
    if not path:
        unavailable("no calfpump program (set CALFPUMP_CLI)")
    return path


@pytest.fixture(scope="session")
def default_leg_file() -> Path:
    import calfpump
    path = Path(calfpump.default_model_path())
    if not path.is_file():
        unavailable(f"{path} does not exist (set CALFPUMP_DATA_DIR)")
    return path
