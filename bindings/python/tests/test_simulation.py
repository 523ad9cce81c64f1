"""Simulation and results: running, the trace, metrics, the summary,
integrators, custom activations, threads."""

from __future__ import annotations

import math
import os
import threading
from pathlib import Path
from typing import List, Tuple

import numpy as np
import pytest

import calfpump
from calfpump import Model, Protocol, Simulation

SHORT = [("standing", "still", 5), ("standing", "walk", 10, {"speed": 4}),
         ("standing", "still", 10)]


def short_protocol() -> Protocol:
    p = calfpump.protocol_from_segments(SHORT)
    p.set_run_option("output_interval", 0.05)
    return p


@pytest.fixture(scope="module")
def short_results() -> calfpump.Results:
    with short_protocol() as p:
        return calfpump.simulate(protocol=p, condition="gsv-reflux")


def test_trace_columns_are_numpy_arrays_with_units(short_results: calfpump.Results) -> None:
    tr = short_results.trace
    assert tr.rows == 501 and len(tr) > 20
    assert tr.t[0] == 0 and tr.t[-1] == pytest.approx(25) and np.all(np.diff(tr.t) > 0)
    p = tr["P.dorsal_foot"]
    assert p.dtype == np.float64 and p.shape == (501,) and np.all(np.isfinite(p))
    assert tr.units["t"] == "s" and tr.units["P.dorsal_foot"] == "mmHg"
    assert tr.units["V.calf_sinuses"] == "mL"
    assert set(tr.select("Q.")) and all(k.startswith("Q.") for k in tr.select("Q."))
    with pytest.raises(ValueError):
        p[0] = 1.0  # read-only
    with pytest.raises(KeyError, match="no trace column 'nope'"):
        tr["nope"]


def test_metrics_and_why_some_are_missing(short_results: calfpump.Results) -> None:
    m = short_results.metrics
    assert m["avp.fall"] > 0 and m["solver.steps"] > 0
    assert abs(m["conservation.error"]) < 1e-9
    assert "apg.vv" in short_results.unavailable
    assert "APG needs" in short_results.unavailable["apg.vv"]
    with pytest.raises(KeyError, match="APG needs"):
        short_results.metric("apg.vv")
    assert short_results.metric("apg.vv", default=None) is None
    assert short_results.metric("avp.fall") == m["avp.fall"]


def test_flagged_valves_and_key_metrics(short_results: calfpump.Results) -> None:
    flags = {k.split(".")[1] for k, v in short_results.metrics.items()
             if k.startswith("reflux.") and k.endswith(".flag") and v == 1}
    assert flags and set(short_results.flagged_valves or []) == flags
    keys = calfpump.key_metrics()
    assert "avp.fall" in [k.name for k in keys]
    for k in keys:
        assert k.label and k.decimals >= 0 and calfpump.metric_info(k.name).description
    with Simulation(protocol="tilt") as sim:
        with pytest.raises(calfpump.StateError):
            sim.flagged_valves()
        assert sim.results().flagged_valves is None
        sim.advance(5)
        assert sim.flagged_valves() == []


def test_summary_rows_and_their_rendering(short_results: calfpump.Results) -> None:
    s = short_results.summary()
    assert len(s) > 5 and s.sections[0].startswith("Ambulatory venous pressure")
    assert s.sections[-1] == "Solver"
    fall = [r for r in s.section("Ambulatory") if r.label == "fall"][0]
    assert fall.unit == "mmHg" and fall.value == pytest.approx(
        short_results.metrics["avp.fall"], abs=0.05)
    text = str(s)
    lines = text.splitlines()
    assert lines[0] == s.sections[0]
    for heading in s.sections[1:]:  # a blank line before every other heading
        assert lines[lines.index(heading) - 1] == ""
    assert any(ln.startswith("  fall ") and ln.rstrip().endswith(f"{fall.text} mmHg")
               for ln in lines)
    for note in (r for r in s if r.is_note):
        assert f"  {note.note}" in text or note.note.split()[0] in text
    assert str(short_results) == text


def test_to_pandas(short_results: calfpump.Results) -> None:
    pytest.importorskip("pandas")
    df = short_results.to_pandas()
    assert list(df.columns) == list(short_results.trace) and len(df) == 501
    assert df.attrs["units"]["P.dorsal_foot"] == "mmHg"
    rows = short_results.summary().to_pandas()
    assert list(rows.columns) == ["section", "label", "value", "text", "unit", "note"]
    assert len(rows) == len(short_results.summary())


def test_chunked_run_with_progress_gives_the_same_numbers() -> None:
    seen: List[Tuple[float, float]] = []
    with short_protocol() as p, Simulation(protocol=p) as a, Simulation(protocol=p) as b:
        ra = a.run()
        rb = b.run(progress=lambda t, end: seen.append((t, end)), chunk=4)
    assert [t for t, _ in seen] == [4, 8, 12, 16, 20, 24, 25]
    assert all(end == 25 for _, end in seen)
    assert ra.metrics == rb.metrics
    assert all(np.array_equal(ra.trace[k], rb.trace[k]) for k in ra.trace)


def test_options_integrators_and_state_rules() -> None:
    with short_protocol() as p, Simulation(protocol=p, integrator="rk4", h=0.002) as sim:
        assert sim.integrator == "rk4" and sim.get_option("h") == 0.002
        assert sim.options["output_interval"] == 0.05  # the protocol's run setting
        assert sim.columns == [] and sim.time == 0 and sim.end_time == 25
        with pytest.raises(calfpump.StateError, match="before the run starts"):
            sim.unit("t")
        sim.advance(1.0)
        assert sim.time == pytest.approx(1.0) and sim.unit("P.dorsal_foot") == "mmHg"
        assert sim.column("t")[-1] == pytest.approx(1.0)
        with pytest.raises(calfpump.StateError, match="before the run starts"):
            sim.set_option("h", 0.001)
        with pytest.raises(calfpump.StateError, match="APG needs"):
            sim.metric("apg.vv")
        with pytest.raises(calfpump.NotFoundError, match="unknown metric 'zzz'"):
            sim.metric("zzz")
        sim.reset()
        sim.set_integrator("rodas")
        res = sim.run()
        assert res.integrator == "rodas" and res.metrics["solver.jac_evals"] > 0
    with pytest.raises(calfpump.NotFoundError, match="unknown integrator 'euler'"):
        Simulation(integrator="euler")
    with pytest.raises(calfpump.RangeError, match="rtol"):
        Simulation(rtol=-1)
    with pytest.raises(calfpump.NotFoundError, match="unknown option 'bogus'|bogus"):
        Simulation(bogus=1)


def test_cvode_plug_in() -> None:
    # Optional; but if the plug-in is named, it must load.
    if os.environ.get("CALFPUMP_CVODE_LIBRARY"):
        calfpump._lib.cvode()  # raises, saying why it does not load
    elif "cvode" not in calfpump.integrators():
        pytest.skip("the CVODE plug-in library is not installed")
    assert calfpump.cvode_version()
    with short_protocol() as p:
        res = calfpump.simulate(protocol=p, integrator="cvode")
    assert res.integrator == "cvode" and res.metrics["avp.fall"] > 0


def test_python_activation_drives_a_custom_segment() -> None:
    calls = []

    def calf(t: float) -> Tuple[float, float, float]:
        calls.append(t)
        return 0.0, 0.5 * (1 - math.cos(2 * math.pi * t)), 0.0

    with Protocol() as p:
        p.add_segment("standing", "still", 2)
        p.add_segment("standing", "custom", 3)
        p.set_activation(1, calf)
        sim = Simulation(protocol=p, output_interval=0.05)
    # The protocol is closed: the simulation keeps the callback alive.
    with sim:
        res = sim.run()
    assert calls and max(res.trace["a.calf"]) == pytest.approx(1.0, abs=0.01)
    assert res.trace["a.calf"][res.trace.t < 2].max() == 0


def test_an_exception_in_an_activation_stops_the_run() -> None:
    def broken(t: float) -> Tuple[float, float, float]:
        if t > 0.5:
            raise ZeroDivisionError("broken activation")
        return 0.0, 0.0, 0.0

    with Protocol() as p:
        p.add_segment("standing", "custom", 2)
        p.set_activation(0, broken)
        with Simulation(protocol=p) as sim:
            with pytest.raises(ZeroDivisionError, match="broken activation") as e:
                sim.run()
            assert isinstance(e.value.__cause__, calfpump.CallbackError)
            assert sim.time < 2
        p.set_activation(0, lambda t: (0.0, 0.0))  # two values, not three
        with Simulation(protocol=p) as sim, pytest.raises(ValueError):
            sim.run()


def test_simulations_in_threads_give_the_serial_numbers() -> None:
    conds = ["healthy", "gsv-reflux", "deep-reflux"]
    with short_protocol() as p:
        serial = [calfpump.simulate(protocol=p, condition=c).metrics for c in conds]
        parallel: List[dict] = [{}] * len(conds)

        def work(i: int) -> None:
            parallel[i] = calfpump.simulate(protocol=p, condition=conds[i]).metrics

        threads = [threading.Thread(target=work, args=(i,)) for i in range(len(conds))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert parallel == serial


def test_simulate_one_call_variants(tmp_path: Path) -> None:
    res = calfpump.simulate(segments=SHORT, params={"valve.popliteal.competence": 0.3},
                            integrator="rodas", output_interval=0.1, rtol=1e-5)
    assert res.integrator == "rodas" and res.options["rtol"] == 1e-5
    assert res.trace.rows == 251 and res.end_time == 25
    with Model() as leg, short_protocol() as p:
        p.integrator = "rk4"
        leg.save(tmp_path / "exp.cfp", p)
        leg_before = dict(leg)
        res2 = calfpump.simulate(leg, p, condition=["gsv-reflux", "weak-calf"])
        assert dict(leg) == leg_before and not p.closed  # caller's objects untouched
    assert res2.integrator == "rk4"
    res3 = calfpump.simulate(tmp_path / "exp.cfp")  # the file's protocol and [run]
    assert res3.integrator == "rk4" and res3.trace.rows == 501
    with pytest.raises(TypeError, match="either protocol or segments"):
        calfpump.simulate(protocol="avp", segments=SHORT)
    with pytest.raises(TypeError, match="model must be"):
        calfpump.simulate(model=3)  # type: ignore[arg-type]
    with pytest.raises(calfpump.NotFoundError, match="unknown parameter"):
        calfpump.simulate(params={"nope": 1})
    with pytest.raises(calfpump.FileError, match="cannot open"):
        calfpump.simulate(tmp_path / "missing.cfp")


def test_write_csv(tmp_path: Path, short_results: calfpump.Results) -> None:
    with short_protocol() as p, Simulation(protocol=p) as sim:
        sim.run()
        sim.write_csv(tmp_path / "trace.csv")
        with pytest.raises(calfpump.FileError):
            sim.write_csv(tmp_path / "no" / "trace.csv")
        header = (tmp_path / "trace.csv").read_text().splitlines()[0]
        assert header.split(",") == sim.columns


# ------------------------------------------------------------ streaming
def test_stream_rows_equal_the_stored_trace_and_metrics() -> None:
    stored = calfpump.Simulation(protocol="avp")
    a = stored.run()
    rows = []
    streamed = calfpump.Simulation(protocol="avp")
    b = streamed.run(stream=lambda t, v: rows.append((t, v)),
                     columns=["t", "P.dorsal_foot"], every=5, store=False)
    assert len(streamed.column("t")) == 0
    p = stored.column("P.dorsal_foot")
    t = stored.column("t")
    assert len(rows) == (len(t) + 4) // 5
    for k, (tk, v) in enumerate(rows):
        assert tk == t[5 * k] and v[0] == t[5 * k] and v[1] == p[5 * k]
    assert a.metrics == b.metrics  # the same values, bit for bit
    stored.close()
    streamed.close()


def test_stream_csv_to_a_path(tmp_path) -> None:
    path = tmp_path / "trace.csv"
    s = calfpump.Simulation(protocol="avp")
    s.run(csv=path, columns=["t", "V.calf_sinuses"], store=False)
    lines = path.read_text().splitlines()
    assert lines[0] == "t,V.calf_sinuses"
    assert len(lines) == 1 + 210 * 50 + 1
    assert len(s.column("t")) == 0
    s.close()


def test_stream_callable_exception_is_raised() -> None:
    def boom(t, v):
        if t > 1:
            raise ZeroDivisionError("row")
    s = calfpump.Simulation(protocol="avp")
    with pytest.raises(ZeroDivisionError):
        s.run(stream=boom)
    s.close()


def test_stream_bad_column_is_not_found() -> None:
    s = calfpump.Simulation(protocol="avp")
    with pytest.raises(calfpump.NotFoundError):
        s.run(columns=["t", "P.nowhere"])
    s.close()
