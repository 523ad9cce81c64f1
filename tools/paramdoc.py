"""The tables of doc/parameters.md, from the library itself.

    CALFPUMP_BUILD=BUILDDIR python3 tools/paramdoc.py --write   # rewrite the tables
    CALFPUMP_BUILD=BUILDDIR python3 tools/paramdoc.py --check   # exit 1 if stale

Each table sits between "<!-- NAME -->" and "<!-- /NAME -->" lines: the
compartments, the connections and valves, the global values and the fitted
parameters (leg_fitted.h with the bounds tools/calibrate.py fits them in).
The prose around the tables, with the sources, is written by hand.
"""
import argparse
import os
import re
import sys

import cfp
import calibrate

DOC = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "doc", "parameters.md")


def g(m, name):
    return "%.6g" % m.get(name)


def comp_table(m):
    rows = ["| compartment | layer, region | V0 mL | compliance 1/mmHg | opening | K mmHg | "
            "length cm | z sup/sit/stand cm | gcap mL/s/mmHg | kf mL/s/mmHg | hyperaemia | "
            "p_tissue mmHg | transmission | squeeze foot/calf/thigh mmHg |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for i in range(cfp.LIB.calfpump_model_compartment_count(m.h)):
        n = cfp.LIB.calfpump_model_compartment_name(m.h, i).decode()
        lay = cfp.LIB.calfpump_model_compartment_layer(m.h, i).decode()
        reg = cfp.LIB.calfpump_model_compartment_region(m.h, i).decode()
        c = "comp.%s." % n
        rows.append("| %s | %s, %s | %s | %s | %s | %s | %s | %s/%s/%s | %s | %s | %s | %s | %s | "
                    "%s/%s/%s |" % (
                        n, lay, reg, g(m, c + "v0"), g(m, c + "compliance"), g(m, c + "opening"),
                        g(m, c + "k"), g(m, c + "length"), g(m, c + "z_supine"),
                        g(m, c + "z_sitting"), g(m, c + "z_standing"), g(m, c + "gcap"),
                        g(m, c + "kf"), g(m, c + "hyperaemia"), g(m, c + "p_tissue"),
                        g(m, c + "transmission"), g(m, c + "squeeze_foot"),
                        g(m, c + "squeeze_calf"), g(m, c + "squeeze_thigh")))
    return rows


def conn_table(m):
    rows = ["| connection | from -> to | r0 mmHg s/mL | area cm² | valve: competence | kvo = kvc "
            "1/(mmHg s) | cut-off s |", "|---|---|---|---|---|---|---|"]
    for i in range(cfp.LIB.calfpump_model_connection_count(m.h)):
        n = cfp.LIB.calfpump_model_connection_name(m.h, i).decode()
        fr = cfp.LIB.calfpump_model_connection_from(m.h, i).decode()
        to = cfp.LIB.calfpump_model_connection_to(m.h, i).decode()
        c, v = "conn.%s." % n, "valve.%s." % n
        if cfp.LIB.calfpump_model_connection_has_valve(m.h, i):
            valve = (g(m, v + "competence"), g(m, v + "kvc"), g(m, v + "cutoff"))
        else:
            valve = ("no valve", "-", "-")
        rows.append("| %s | %s -> %s | %s | %s | %s | %s | %s |" %
                    ((n, fr, to, g(m, c + "r0"), g(m, c + "area")) + valve))
    return rows


GLOBALS = ("cvp", "map", "hyperaemia_tau", "posture_transition", "reflux_velocity", "cap_smooth",
           "height", "calf_strength", "ankle_rom", "stasis_velocity", "steady_tolerance",
           "settle_time", "cap_fraction", "oncotic", "lymph_gain", "tissue_compliance_foot",
           "tissue_compliance_calf", "tissue_compliance_thigh", "lymph_foot", "lymph_calf",
           "lymph_thigh")


def global_table(m):
    return ["| parameter | value |", "|---|---|"] + ["| `%s` | %s |" % (n, g(m, n)) for n in GLOBALS]


def fitted_table(m):
    vals = calibrate.read_header()
    rows = ["| fitted (leg_fitted.h) | value | bounds | sets |", "|---|---|---|---|"]
    for name, lo, hi, targets in calibrate.FREE + calibrate.TISSUE:
        names = [t for t, _ in targets]
        sets = ", ".join(names) if len(names) <= 3 else "%s of %d compartments" % (
            names[0].split(".")[-1], len(names))
        rows.append("| `CFP_FIT_%s` | %.6g | %g .. %g | %s |" % (name, vals[name], lo, hi, sets))
    return rows


TABLES = {"compartments": comp_table, "connections": conn_table, "globals": global_table,
          "fitted": fitted_table}


def render(text, m):
    for name, fn in TABLES.items():
        a = text.index("<!-- %s -->\n" % name) + len("<!-- %s -->\n" % name)
        b = text.index("<!-- /%s -->" % name)
        text = text[:a] + "\n".join(fn(m)) + "\n" + text[b:]
    return text


def main():
    ap = argparse.ArgumentParser(description="the tables of doc/parameters.md")
    ap.add_argument("--write", action="store_true")
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args()
    for f, res in (("calfpump_model_compartment_layer", cfp.ctypes.c_char_p),
                   ("calfpump_model_compartment_region", cfp.ctypes.c_char_p),
                   ("calfpump_model_compartment_name", cfp.ctypes.c_char_p),
                   ("calfpump_model_connection_from", cfp.ctypes.c_char_p),
                   ("calfpump_model_connection_to", cfp.ctypes.c_char_p)):
        getattr(cfp.LIB, f).argtypes = [cfp._p, cfp.ctypes.c_size_t]
        getattr(cfp.LIB, f).restype = res
    cfp.LIB.calfpump_model_compartment_count.argtypes = [cfp._p]
    cfp.LIB.calfpump_model_compartment_count.restype = cfp.ctypes.c_size_t
    text = open(DOC).read()
    new = render(text, cfp.Model())
    if args.write:
        open(DOC, "w").write(new)
    elif args.check:
        if new != text:
            print("FAIL: doc/parameters.md's tables do not show the default leg; run "
                  "tools/paramdoc.py --write")
            return 1
        print("doc/parameters.md: tables current")
    else:
        print(new)
    return 0


if __name__ == "__main__":
    sys.exit(main())
