"""Many simulations from Python: designs, batches, fits and Sobol indices
compute the C library's numbers (the cohort equals `calfpump cohort`'s
table), do not depend on the thread count, and report bad input with the
library's messages."""

from __future__ import annotations

import math
import subprocess

import numpy as np
import pytest

import calfpump

DISTS = {"calf_strength": "uniform(0.5, 1)",
         "valve.popliteal.competence": "normal(0.8, 0.2) in [0, 1]"}


def test_design_samples_are_reproducible() -> None:
    with calfpump.Design(None, DISTS) as d:
        assert d.params == list(DISTS)
        assert d.dists == DISTS
        x = d.sample(100, seed=3)
        assert x.shape == (100, 2)
        assert np.array_equal(d.sample(10, seed=3, first=40), x[40:50])
        assert not np.array_equal(d.sample(10, seed=4, first=40), x[40:50])
        assert ((x[:, 0] >= 0.5) & (x[:, 0] <= 1)).all()
        assert ((x[:, 1] >= 0) & (x[:, 1] <= 1)).all()
        m = d.map([[0.5, 0.5], [0.25, 0.999]])
        assert m[0, 0] == pytest.approx(0.75) and m[1, 0] == pytest.approx(0.625)


def test_design_errors_carry_the_message(tmp_path) -> None:
    with calfpump.Design() as d:
        with pytest.raises(calfpump.NotFoundError, match='no model parameter "nope"'):
            d.add("nope", "uniform(0, 1)")
        with pytest.raises(calfpump.RangeError, match="outside the parameter's range"):
            d.add("valve.popliteal.competence", "normal(0.8, 0.2)")
        with pytest.raises(calfpump.InvalidError, match="expected ','"):
            d.add("calf_strength", "uniform(0.5 1)")
        f = tmp_path / "d.txt"
        f.write_text("calf_strength uniform(0.5, 1)\nheight normal(170, 10)\n")
        with pytest.raises(calfpump.RangeError, match=r"d\.txt:2: height"):
            d.load(f)
        assert d.params == []  # all or nothing
        with pytest.raises(calfpump.StateError):
            d.sample(3)


def test_batch_is_the_same_on_any_thread_count() -> None:
    with calfpump.Design(None, DISTS) as d:
        x = d.sample(6, seed=1)
    results = []
    for threads in (1, 2):
        with calfpump.Batch(None, "apg", params=list(DISTS), metrics=["apg.ef", "apg.vv"],
                            threads=threads) as b:
            assert b.params == list(DISTS) and b.metrics == ["apg.ef", "apg.vv"]
            results.append(b.run(x, chunk=4))
    (y1, s1), (y2, s2) = results
    assert y1.shape == (6, 2) and not s1.any() and not s2.any()
    assert np.array_equal(y1, y2)
    # A single run with the same values gives the same EF.
    leg = calfpump.Model()
    leg["calf_strength"], leg["valve.popliteal.competence"] = x[2]
    res = calfpump.simulate(leg, "apg")
    assert res.metrics["apg.ef"] == y1[2, 0]


def test_batch_equals_the_cli_cohort(cli: str) -> None:
    args = [cli, "cohort", "--protocol", "apg", "-n", "3", "--seed", "7", "--quiet",
            "--outputs", "apg.ef", "-o", "-"]
    for p, dist in DISTS.items():
        args += ["--vary", f"{p}={dist}"]
    out = subprocess.run(args, capture_output=True, text=True, timeout=300, check=True)
    rows = [line.split("\t") for line in out.stdout.splitlines() if line and line[0].isdigit()]
    assert len(rows) == 3, out.stdout
    with calfpump.Design(None, DISTS) as d, \
            calfpump.Batch(None, "apg", params=list(DISTS), metrics=["apg.ef"]) as b:
        x = d.sample(3, seed=7)
        y, _ = b.run(x)
    for i, row in enumerate(rows):
        assert [float(v) for v in row[1:3]] == list(x[i])
        assert float(row[3]) == y[i, 0]


def test_failed_runs_are_reported() -> None:
    with calfpump.Batch(None, "apg", params=["calf_strength"], metrics=["apg.ef"]) as b:
        y, status = b.run([[0.8], [5.0]])
        assert status[0] == 0 and status[1] != 0
        assert math.isnan(y[1, 0]) and not math.isnan(y[0, 0])
        assert "calf_strength" in b.errors()[1]
        with pytest.raises(calfpump.NotFoundError, match="nope"):
            b.metrics = ["nope"]
        with pytest.raises(ValueError, match="shape"):
            b.run([[0.8, 0.1]])


def test_fit_recovers_a_known_calf_strength() -> None:
    with calfpump.Batch(None, "apg", params=["calf_strength"],
                        metrics=["apg.ef", "apg.rvf"], threads=2) as b:
        y, _ = b.run([[0.7]])
        r = b.fit(y[0], [1.0, 1.0], [0.3], [1.5], start=[1.0])
    assert r.converged and r.identified.all()
    assert r.x[0] == pytest.approx(0.7, abs=0.01)
    assert 0 < r.sd[0] < 0.1 and r.cost < 1e-3
    with calfpump.Batch(None, "apg", params=["calf_strength", "height"],
                        metrics=["apg.ef"]) as b:
        with pytest.raises(calfpump.InvalidError, match="at least as many measurements"):
            b.fit([50.0], [1.0], [0.3, 150], [1.5, 200])


def test_sobol_indices_of_the_ishigami_function() -> None:
    k, n = 3, 4096
    u = calfpump.sobol_plan(k, n, seed=5)
    assert u.shape == ((k + 2) * n, k) and ((u > 0) & (u < 1)).all()
    x = np.pi * (2 * u - 1)
    y = np.sin(x[:, 0]) + 7 * np.sin(x[:, 1]) ** 2 + 0.1 * x[:, 2] ** 4 * np.sin(x[:, 0])
    ix, used = calfpump.sobol_indices(y, k, n, bootstrap=200, seed=6)
    assert used == n
    for got, s1, st in zip(ix, (0.3139, 0.4424, 0.0), (0.5576, 0.4424, 0.2437)):
        assert got.s1 == pytest.approx(s1, abs=0.05)
        assert got.st == pytest.approx(st, abs=0.05)
        assert got.st_lo < got.st < got.st_hi
    with pytest.raises(calfpump.RangeError, match="k = 0"):
        calfpump.sobol_plan(0, 10)
    with pytest.raises(ValueError, match="values"):
        calfpump.sobol_indices(y[:-1], k, n)
