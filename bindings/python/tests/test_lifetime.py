"""Lifetimes: handles are freed exactly once (close, with, garbage
collection); a closed object raises instead of reaching the library."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import weakref
from pathlib import Path
from typing import Any, Callable, List

import pytest

import calfpump
from calfpump import ClosedError, Model, Protocol, Simulation


def closed_model() -> Model:
    m = Model()
    m.close()
    return m


def closed_protocol() -> Protocol:
    p = Protocol.named("avp")
    p.close()
    return p


def closed_sim() -> Simulation:
    s = Simulation(protocol="tilt")
    s.close()
    return s


USES: List[Callable[[], Any]] = [
    lambda: closed_model()["cvp"],
    lambda: closed_model().__setitem__("cvp", 3),
    lambda: len(closed_model()),
    lambda: closed_model().copy(),
    lambda: closed_model().apply_condition("healthy"),
    lambda: closed_model().compartments,
    lambda: closed_model().save("/tmp/never-written.cfp"),
    lambda: Model().save("/tmp/never-written.cfp", closed_protocol()),
    lambda: Simulation(closed_model(), "avp"),
    lambda: Simulation(Model(), closed_protocol()),
    lambda: closed_protocol().add_segment("standing", "still", 1),
    lambda: closed_protocol()[0],
    lambda: closed_protocol().duration,
    lambda: closed_protocol().integrator,
    lambda: closed_sim().run(),
    lambda: closed_sim().metric("avp.fall"),
    lambda: closed_sim().summary(),
    lambda: closed_sim().time,
    lambda: closed_sim().columns,
    lambda: closed_sim().integrator,
    lambda: closed_sim().__enter__(),
]


@pytest.mark.parametrize("use", USES)
def test_a_closed_object_raises_closed_error(use: Callable[[], Any]) -> None:
    with pytest.raises(ClosedError, match="is closed"):
        use()


def test_close_is_idempotent_and_with_closes() -> None:
    with Model() as m:
        assert not m.closed
    assert m.closed
    m.close()
    assert "closed" in repr(m)
    assert isinstance(ClosedError("x"), calfpump.StateError)


@pytest.mark.parametrize("make", [Model, lambda: Protocol.named("avp"),
                                  lambda: Simulation(protocol="tilt")])
def test_garbage_collection_frees_the_handle(make: Callable[[], Any]) -> None:
    obj = make()
    finalizer = obj._finalizer
    ref = weakref.ref(obj)
    assert finalizer.alive
    del obj
    gc.collect()
    assert ref() is None and not finalizer.alive


def test_close_frees_now_and_only_once() -> None:
    m = Model()
    finalizer = m._finalizer
    m.close()
    assert not finalizer.alive
    m.close()
    del m
    gc.collect()


def test_simulation_outlives_its_model_and_protocol() -> None:
    m, p = Model(), Protocol()
    p.add_segment("standing", "still", 2)
    sim = Simulation(m, p, output_interval=0.1)
    m["cvp"] = 20
    m.close(), p.close()
    del m, p
    gc.collect()
    res = sim.run()
    sim.close()
    assert res.trace.rows == 21 and res.metrics["solver.steps"] > 0  # results outlive it


def test_unclosed_objects_at_interpreter_exit(tmp_path: Path) -> None:
    code = ("import calfpump\n"
            "m = calfpump.Model(); p = calfpump.Protocol.named('tilt')\n"
            "s = calfpump.Simulation(m, p); s.advance(1)\n"
            "cycle = [m, p, s]; cycle.append(cycle)\n"
            "print('ok')\n")
    env = dict(os.environ, PYTHONPATH=str(Path(calfpump.__file__).parents[1]))
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                         text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout == "ok\n" and out.stderr == ""
