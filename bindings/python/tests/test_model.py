"""Model: parameters by name, presets, the network, model files."""

from __future__ import annotations

import copy
import math
from pathlib import Path

import pytest

import calfpump
from calfpump import Model


def test_default_leg_parameters_by_name() -> None:
    with Model() as leg:
        assert len(leg) == len(list(leg)) > 100
        assert "valve.popliteal.competence" in leg and "nope" not in leg and 3 not in leg
        leg["valve.popliteal.competence"] = 0.3
        assert leg["valve.popliteal.competence"] == 0.3
        assert leg.get("nope", 7.0) == 7.0
        info = leg.param_info("cvp")
        assert info.unit == "mmHg" and info.lower <= leg["cvp"] <= info.upper
        assert dict(leg)["cvp"] == leg["cvp"]


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf, 1e9])
def test_non_finite_or_out_of_bounds_values_are_rejected(value: float) -> None:
    with Model() as leg:
        before = leg["cvp"]
        with pytest.raises(calfpump.RangeError, match=r"parameter 'cvp': value .* is outside"):
            leg["cvp"] = value
        assert leg["cvp"] == before


def test_unknown_names_raise_not_found_with_the_library_message() -> None:
    with Model() as leg:
        with pytest.raises(calfpump.NotFoundError, match="unknown parameter 'nope'") as e:
            leg["nope"]
        assert e.value.status_name == "CALFPUMP_E_NOTFOUND" and e.value.status == -5
        with pytest.raises(KeyError):
            leg["nope"] = 1
        with pytest.raises(calfpump.NotFoundError, match="unknown condition 'zzz'"):
            leg.apply_condition("zzz")


def test_wrong_types_raise_type_error() -> None:
    with Model() as leg:
        with pytest.raises(TypeError, match="must be a real number, not str"):
            leg["cvp"] = "3"  # type: ignore[assignment]
        with pytest.raises(TypeError, match="must be a str, not int"):
            leg[3]  # type: ignore[index]
        with pytest.raises(TypeError):
            leg.apply_condition(None)  # type: ignore[arg-type]
        with pytest.raises(ValueError, match="NUL"):
            leg["cvp\0x"]
        with pytest.raises(TypeError, match="cannot be deleted"):
            del leg["cvp"]


def test_conditions_are_parameter_changes() -> None:
    names = calfpump.conditions()
    assert {"healthy", "gsv-reflux"} <= set(names) and all(names.values())
    with Model() as healthy, Model() as reflux:
        assert reflux.apply_condition("gsv-reflux") is reflux
        changed = [k for k in healthy if healthy[k] != reflux[k]]
        assert changed and all(k.startswith("valve.") for k in changed)


def test_copies_are_independent() -> None:
    with Model() as a:
        b = copy.copy(a)
        c = copy.deepcopy(a)
        a["cvp"] = 9.5
        assert b["cvp"] != 9.5 and c["cvp"] != 9.5
        a.close()
        assert b["cvp"] == c["cvp"]
        b.close(), c.close()


def test_network_of_the_default_leg() -> None:
    with Model() as leg:
        comps = leg.compartments
        conns = leg.connections
    names = {c.name for c in comps}
    assert {"calf_sinuses", "dorsal_foot"} <= names
    assert all(c.region in ("foot", "calf", "knee", "thigh", "other") for c in comps)
    assert all(c.source in names and (c.target in names or c.target == "ra") for c in conns)
    assert any(c.target == "ra" for c in conns) and any(c.has_valve for c in conns)


def test_building_a_network() -> None:
    with Model(empty=True) as m:
        assert m.compartments == [] and m.connections == []
        m.add_compartment("vein", "calf", "deep")
        with pytest.raises(calfpump.ExistsError, match="'vein' already exists"):
            m.add_compartment("vein", "calf", "deep")
        with pytest.raises(calfpump.InvalidError, match="unknown region 'elbow'"):
            m.add_compartment("x", "elbow", "deep")
        with pytest.raises(calfpump.NotFoundError, match="no compartment named 'zz'"):
            m.add_connection("out", "vein", "zz")
        with pytest.raises(calfpump.ModelError, match="right atrium"):
            calfpump.Simulation(m, "avp")
        m.add_connection("out", "vein", "ra", valve=True)
        assert m.connections == [calfpump.Connection("out", "vein", "ra", True)]
        assert "valve.out.competence" in m


def test_save_and_load_round_trip_bit_for_bit(tmp_path: Path) -> None:
    path = tmp_path / "leg.cfp"
    with Model() as leg:
        leg.apply_condition("deep-reflux")
        leg["cvp"] = 1.0 / 3.0
        leg.save(path)
        with Model.load(path) as back:
            assert list(back) == list(leg)
            assert all(back[k] == leg[k] for k in leg)  # exact, not approximate
        with Model.from_string(path.read_text(), "again") as again:
            assert again["cvp"] == 1.0 / 3.0


def test_the_shipped_default_leg_file_is_the_default_leg(default_leg_file: Path) -> None:
    with Model.load(default_leg_file) as from_file, Model() as built_in:
        assert dict(from_file) == dict(built_in)


def test_a_file_that_does_not_exist(tmp_path: Path) -> None:
    missing = tmp_path / "missing.cfp"
    with pytest.raises(calfpump.FileError, match="missing.cfp: cannot open") as e:
        calfpump.load(missing)
    assert isinstance(e.value, OSError) and e.value.status_name == "CALFPUMP_E_IO"
    with Model() as leg, pytest.raises(calfpump.FileError, match="for writing"):
        leg.save(tmp_path / "no" / "such" / "dir.cfp")
    with pytest.raises(TypeError, match="path must be"):
        calfpump.load(3)  # type: ignore[arg-type]


def test_a_bad_model_file_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.cfp"
    bad.write_text("calfpump-model 1\n[global]\nbogus = 3\n")
    with pytest.raises(calfpump.InvalidError, match=r"bad.cfp:3: unknown key 'bogus'"):
        calfpump.load(bad)
    with pytest.raises(calfpump.InvalidError, match=r"^mine:1: expected the header"):
        calfpump.loads("hello", "mine")
