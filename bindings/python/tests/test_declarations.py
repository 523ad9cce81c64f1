"""The binding's C declarations against the headers and the symbol map: the
declarations cannot drift from include/calfpump.h, and a public function is
either wrapped or listed in _decls.UNWRAPPED with the reason."""

from __future__ import annotations

import ctypes
import re
from pathlib import Path
from typing import Dict, List, Set

import pytest

import calfpump
from calfpump import _decls, _lib, errors

PACKAGE = Path(calfpump.__file__).resolve().parent


def header_prototypes(path: Path, api_macro: str) -> Dict[str, _decls.Prototype]:
    """Every function a header exports with ``api_macro``, by name."""
    text = re.sub(r"/\*.*?\*/", " ", path.read_text(), flags=re.S)
    text = "\n".join(line for line in text.splitlines()
                     if not line.lstrip().startswith("#"))
    protos = {}
    for m in re.finditer(rf"\b{api_macro}\b([^;]*;)", text):
        line = " ".join(m.group(1).split())
        proto = _decls.parse_prototype(line)
        protos[proto.name] = proto
    return protos


def map_symbols(path: Path) -> Dict[str, str]:
    """symbol -> node of the version script."""
    text = re.sub(r"/\*.*?\*/", " ", path.read_text(), flags=re.S)
    out = {}
    for node, body in re.findall(r"(CALFPUMP_[\d.]+)\s*\{(.*?)\}", text, flags=re.S):
        for sym in re.findall(r"\b(calfpump_\w+)\s*;", body):
            out[sym] = node
    return out


def used_names() -> Set[str]:
    """The calfpump_* names the package's modules (other than _decls) call."""
    used: Set[str] = set()
    for f in PACKAGE.glob("*.py"):
        if f.name != "_decls.py":
            used |= set(re.findall(r"\b(calfpump_\w+)\b", f.read_text()))
    return used


@pytest.fixture(scope="module")
def public(srcdir: Path) -> Dict[str, _decls.Prototype]:
    protos = header_prototypes(srcdir / "include" / "calfpump.h", "CALFPUMP_API")
    for sub in (("sys", "integrator.h"), ("study.h",)):
        protos.update(header_prototypes(srcdir / "include" / "calfpump" / Path(*sub),
                                        "CALFPUMP_API"))
    return protos


def test_header_parser_sees_the_whole_api(public: Dict[str, _decls.Prototype]) -> None:
    # A parser that silently finds nothing would make the next tests pass.
    assert len(public) > 100
    assert public["calfpump_sim_summary_row"].argtypes == (
        "const calfpump_sim *", "size_t", "const char **", "const char **", "double *",
        "const char **", "const char **", "const char **")
    assert public["calfpump_version"] == _decls.Prototype("unsigned", "calfpump_version", ())


def test_declarations_match_the_header(public: Dict[str, _decls.Prototype]) -> None:
    declared = _decls.prototypes(_decls.DECLARATIONS)
    assert len(declared) == len({p.name for p in declared}), "a function declared twice"
    for proto in declared:
        assert proto.name in public, f"{proto.name} is not in the headers"
        assert proto == public[proto.name], f"{proto.name} differs from the header"


def test_cvode_declarations_match_the_header(srcdir: Path) -> None:
    header = header_prototypes(srcdir / "include" / "calfpump" / "cvode.h",
                               "CALFPUMP_CVODE_API")
    declared = _decls.prototypes(_decls.CVODE_DECLARATIONS)
    assert {p.name for p in declared} == set(header)
    for proto in declared:
        assert proto == header[proto.name]


def test_every_public_function_is_wrapped_or_listed(srcdir: Path,
                                                    public: Dict[str, _decls.Prototype]
                                                    ) -> None:
    symbols = map_symbols(srcdir / "libcalfpump" / "libcalfpump.map")
    assert {"CALFPUMP_0.1", "CALFPUMP_0.2"} <= set(symbols.values())
    declared = {p.name for p in _decls.prototypes(_decls.DECLARATIONS)}
    unwrapped = set(_decls.UNWRAPPED)
    missing = sorted(set(symbols) - declared - unwrapped)
    assert not missing, ("public functions neither wrapped nor listed in "
                         f"_decls.UNWRAPPED: {missing}")
    assert not declared & unwrapped, "wrapped and listed as unwrapped"
    assert not unwrapped - set(symbols), "UNWRAPPED lists a function the library lacks"
    assert not declared - set(symbols), "a declaration the symbol map does not export"
    assert set(symbols) == set(public), "the map and the headers disagree"
    assert all(len(reason) > 20 for reason in _decls.UNWRAPPED.values())


def test_every_declared_function_is_called() -> None:
    declared = {p.name for p in _decls.prototypes(_decls.DECLARATIONS + _decls.CVODE_DECLARATIONS)}
    unused = sorted(declared - used_names())
    assert not unused, f"declared but never called by the package: {unused}"


def test_signatures_are_set_from_the_declarations() -> None:
    f = _lib.L.calfpump_model_param_info
    assert f.restype is ctypes.c_int
    assert f.argtypes == [_lib.ModelPtr, ctypes.c_char_p, ctypes.POINTER(ctypes.c_double),
                          ctypes.POINTER(ctypes.c_double), ctypes.POINTER(ctypes.c_char_p)]
    assert _lib.L.calfpump_version_string.restype is ctypes.c_char_p
    assert _lib.L.calfpump_sim_free.restype is None


def test_the_declarations_are_a_cffi_cdef() -> None:
    cffi = pytest.importorskip("cffi")
    ffi = cffi.FFI()
    ffi.cdef(_decls.DECLARATIONS)
    lib = ffi.dlopen(_lib.LIBRARY_PATH)  # ABI mode: no compiler
    assert lib.calfpump_abi_version() == _lib.ABI_VERSION
    assert ffi.string(lib.calfpump_status_name(-4)) == b"CALFPUMP_E_RANGE"


def test_every_status_code_has_an_exception_class(srcdir: Path) -> None:
    text = (srcdir / "include" / "calfpump.h").read_text()
    codes: List[tuple] = re.findall(r"X\((CALFPUMP_\w+),\s*(-?\d+),", text)
    assert len(codes) >= 15
    for name, value in codes:
        assert calfpump.status_name(int(value)) == name
        if int(value) == 0:
            continue
        exc = errors.error_for(int(value), name, "m")
        assert type(exc) is not errors.CalfpumpError, f"{name} has no class of its own"
        assert exc.status == int(value) and exc.status_name == name and str(exc) == "m"


def test_the_gil_is_released_during_calls() -> None:
    # ctypes.CDLL functions release the GIL; PyDLL ones (FUNCFLAG_PYTHONAPI)
    # would not.
    flags = _lib.L.calfpump_sim_run._flags_
    assert not flags & ctypes._FUNCFLAG_PYTHONAPI  # type: ignore[attr-defined]
