"""Protocol: named protocols, segments with keyword parameters, custom
activations, run settings, and protocols in model files."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

import calfpump
from calfpump import Model, Protocol


def test_named_protocols() -> None:
    assert {"avp", "apg", "cycle", "tilt", "valve"} <= set(calfpump.protocols())
    with Protocol.named("avp") as avp:
        assert len(avp) == 3 and avp.duration == 210
        walk = avp[1]
        assert (walk.posture, walk.activity, walk.duration) == ("standing", "walk", 60)
        assert walk.params["speed"] == 3 and walk.description == "3 km/h"
        assert [s.activity for s in avp] == ["still", "walk", "still"]
        assert avp[-1] == avp.segments[2]
    with pytest.raises(calfpump.NotFoundError, match=r"unknown protocol 'zzz' \(avp, apg"):
        Protocol.named("zzz")
    with pytest.raises(TypeError):
        Protocol.named(3)  # type: ignore[arg-type]


def test_segments_with_keyword_parameters() -> None:
    with Protocol() as p:
        assert len(p) == 0 and p.duration == 0
        assert p.add_segment("standing", "still", 60) == 0
        assert p.add_segment("standing", "walk", 60, speed=4, stocking=2) == 1
        assert p.get(1, "speed") == 4 and p[1].params["stocking"] == 2
        p.set(1, "speed", 5.5)
        assert p.get(1, "speed") == 5.5
        assert "5.5 km/h" in p[1].description


def test_a_rejected_segment_leaves_the_protocol_unchanged() -> None:
    with Protocol() as p:
        p.add_segment("standing", "still", 10)
        with pytest.raises(calfpump.RangeError, match="speed = 100 is outside"):
            p.add_segment("standing", "walk", 10, speed=100)
        with pytest.raises(calfpump.NotFoundError, match="unknown segment parameter 'bogus'"):
            p.add_segment("standing", "walk", 10, bogus=1)
        with pytest.raises(calfpump.RangeError, match="duration nan"):
            p.add_segment("standing", "walk", math.nan)
        with pytest.raises(calfpump.InvalidError, match="unknown posture 'lying'"):
            p.add_segment("lying", "walk", 10)
        with pytest.raises(calfpump.InvalidError, match="unknown activity"):
            p.add_segment("standing", "dance", 10)
        with pytest.raises(TypeError, match="speed must be a real number"):
            p.add_segment("standing", "walk", 10, speed="fast")
        assert len(p) == 1 and p.duration == 10


def test_segment_index_checks() -> None:
    with Protocol.named("avp") as p:
        with pytest.raises(IndexError, match="has 3 segments"):
            p.get(3, "speed")
        with pytest.raises(IndexError):
            p.set(-1, "speed", 3)
        with pytest.raises(TypeError):
            p.get("1", "speed")  # type: ignore[arg-type]
        with pytest.raises(calfpump.NotFoundError):
            p.get(1, "nope")


def test_introspection_of_segments() -> None:
    params = calfpump.segment_params()
    assert params["speed"].unit == "km/h" and params["speed"].lower < params["speed"].upper
    acts = calfpump.activities()
    assert "speed" in acts["walk"].params and "speed" not in acts["still"].params
    assert acts["walk"].postures == "standing" and acts["walk"].description
    assert set(calfpump.postures()) == {"supine", "sitting", "standing", "tilt", "leg_raised"}
    opts = calfpump.run_options()
    assert opts["output_interval"].unit == "s" and opts["rtol"].default > 0
    assert calfpump.metric_info("avp.fall").unit == "mmHg"
    with pytest.raises(calfpump.NotFoundError, match="no metric named 'zz'"):
        calfpump.metric_info("zz")


def test_run_settings() -> None:
    with Protocol.named("avp") as p:
        assert p.run_options == {} and p.integrator is None
        p.set_run_option("output_interval", 0.05)
        p.set_run_option("rtol", 1e-8)
        p.integrator = "rodas"
        assert p.run_options == {"output_interval": 0.05, "rtol": 1e-8}
        assert p.run_option("atol") is None and p.integrator == "rodas"
        p.unset_run_option("rtol")
        p.unset_run_option("rtol")
        assert p.run_options == {"output_interval": 0.05}
        p.integrator = None
        assert p.integrator is None
        with pytest.raises(calfpump.RangeError, match="'rtol' = -1 is outside"):
            p.set_run_option("rtol", -1)
        with pytest.raises(calfpump.NotFoundError, match="unknown run option 'bogus'"):
            p.set_run_option("bogus", 1)
        with pytest.raises(calfpump.InvalidError, match="'bogus' is not a run setting"):
            p.run_option("bogus")


def test_protocol_and_run_settings_round_trip_through_a_file(tmp_path: Path) -> None:
    path = tmp_path / "exp.cfp"
    with Model() as leg, Protocol() as p:
        p.add_segment("sitting", "cycle", 30, rpm=60, toe_pointed=0)
        p.add_segment("standing", "custom", 5)
        p.set_waveform(1, "calf", [0, 0.5, 1], [0, 1 / 3, 0], periodic=True)
        p.set_run_option("output_interval", 0.1)
        p.integrator = "rk4"
        leg.save(path, p)
        m2, p2 = calfpump.load(path)
    with m2, p2:
        assert p2 is not None
        assert [(s.posture, s.activity, s.duration) for s in p2] == [
            ("sitting", "cycle", 30), ("standing", "custom", 5)]
        assert p2.get(0, "rpm") == 60 and p2.get(0, "toe_pointed") == 0
        assert p2.run_options == {"output_interval": 0.1} and p2.integrator == "rk4"
    with calfpump.Model.load(path) as m3:  # the protocol is dropped
        assert m3["cvp"] == Model()["cvp"]


def test_waveform_checks() -> None:
    with Protocol() as p:
        p.add_segment("standing", "custom", 2)
        with pytest.raises(ValueError, match="same length"):
            p.set_waveform(0, "calf", [0, 1, 2], [0, 1])
        with pytest.raises(calfpump.RangeError, match="must increase"):
            p.set_waveform(0, "calf", [0, 2, 1], [0, 1, 0])
        with pytest.raises(calfpump.InvalidError, match="unknown muscle group 'knee'"):
            p.set_waveform(0, "knee", np.arange(3.0), np.zeros(3))


def test_a_python_activation_cannot_be_saved(tmp_path: Path) -> None:
    with Model() as leg, Protocol() as p:
        p.add_segment("standing", "custom", 2)
        p.set_activation(0, lambda t: (0.0, 0.5, 0.0))
        with pytest.raises(calfpump.StateError, match="driven by a C callback"):
            leg.save(tmp_path / "x.cfp", p)
        p.set_activation(0, None)
        leg.save(tmp_path / "x.cfp", p)


def test_protocol_from_segments() -> None:
    with calfpump.protocol_from_segments([
            ("standing", "still", 10),
            ("standing", "walk", 20, {"speed": 4}),
            {"posture": "standing", "activity": "tiptoe", "duration": 5, "count": 5}]) as p:
        assert [s.activity for s in p] == ["still", "walk", "tiptoe"]
        assert p.get(1, "speed") == 4 and p.get(2, "count") == 5
    with pytest.raises(ValueError, match="lacks 'duration'"):
        calfpump.protocol_from_segments([{"posture": "standing", "activity": "still"}])
    with pytest.raises(TypeError, match="a segment is a"):
        calfpump.protocol_from_segments(["standing"])  # type: ignore[list-item]
