"""The example script runs and draws its figure (or says why not)."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import calfpump

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "avp_figure.py"


def test_avp_figure(tmp_path: Path) -> None:
    out = tmp_path / "avp.png"
    env = dict(os.environ, PYTHONPATH=str(Path(calfpump.__file__).parents[1]),
               MPLCONFIGDIR=str(tmp_path))
    run = subprocess.run([sys.executable, str(EXAMPLE), str(out)], env=env,
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[0].startswith("healthy ") and lines[1].startswith("GSV reflux ")
    if importlib.util.find_spec("matplotlib") is None:
        assert "matplotlib is not installed" in run.stdout and not out.exists()
    else:
        assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert lines[-1] == f"figure written to {out}"
