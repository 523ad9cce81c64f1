"""The binding computes the C library's numbers: every metric equals the
command-line program's `run --metrics` output exactly (as printed, %.9g),
and the one-liner of the README prints the clinical summary as `calfpump
run` does."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Dict, List

import pytest

import calfpump

CASES = [
    ("avp", [], None),
    ("avp", ["gsv-reflux"], None),
    ("apg", [], None),
    ("cycle", ["deep-reflux"], None),
    ("valve", ["post-thrombotic"], "rodas"),
]


def cli_metrics(cli: str, protocol: str, conditions: List[str],
                integrator: str | None) -> Dict[str, str]:
    args = [cli, "run", "--protocol", protocol, "--metrics", "--quiet"]
    for c in conditions:
        args += ["--condition", c]
    if integrator:
        args += ["--integrator", integrator]
    out = subprocess.run(args, capture_output=True, text=True, timeout=300, check=True)
    pairs = [line.split(" = ") for line in out.stdout.splitlines()]
    assert pairs and all(len(p) == 2 for p in pairs), out.stdout
    return dict((k, v) for k, v in pairs)


@pytest.mark.parametrize("protocol,conditions,integrator", CASES)
def test_metrics_equal_the_cli(cli: str, protocol: str, conditions: List[str],
                               integrator: str | None) -> None:
    expected = cli_metrics(cli, protocol, conditions, integrator)
    res = calfpump.simulate(protocol=protocol, condition=conditions, integrator=integrator)
    got = {k: "%.9g" % v for k, v in res.metrics.items()}
    assert list(got) == list(expected)  # the same metrics, in the same order
    assert got == expected


def test_the_readme_one_liner_prints_the_cli_summary(cli: str) -> None:
    code = ("import calfpump; "
            "print(calfpump.simulate(condition='gsv-reflux').summary())")
    env = dict(os.environ, PYTHONPATH=str(Path(calfpump.__file__).parents[1]))
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                         text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0] == "Ambulatory venous pressure (at dorsal_foot)"
    for heading in ("Venous return (to the right atrium)", "Calf muscle pump", "Solver"):
        assert heading in lines
    assert "RT90 < 20 s suggests venous reflux." in out.stdout
    # The same rows, rendered the same way as by "calfpump run" (after its
    # configuration block).
    run = subprocess.run([cli, "run", "--condition", "gsv-reflux", "--quiet"],
                         capture_output=True, text=True, timeout=300, check=True)
    cli_lines = run.stdout.splitlines()
    assert cli_lines[cli_lines.index(lines[0]):] == lines
