"""Fit the free parameters of the default leg to the validation cases.

    CALFPUMP_BUILD=BUILDDIR python3 tools/calibrate.py [--write] [--max-nfev N]

Bounded least squares (scipy.optimize.least_squares, trust-region
reflective: it honours the bounds, which are each parameter's published
range) over the measures of tools/vcases.py.  Each residual is
(computed - published) / half-width of the pass band for a measure with a
published value, and a one-sided penalty for a measure that only has a
limit ("at least 45 %").  No residual names a protocol's parameter: the
fitted values are properties of the leg (wall compliance, volumes,
conductances, tissue pressure) shared by every protocol.

Two stages: the blood side (wall, volumes, inflow, tissue pressure:
every case but the hours-long ones) and then the tissue fluid (filtration,
interstitial compliance, lymph: V10 alone).  Each starts from the values in
libcalfpump/model/leg_fitted.h; with --write the script rewrites that file,
which the library is then rebuilt with.
doc/parameters.md ("Fitted parameters") lists the parameters, their bounds
and the last fit's result.
"""
import argparse
import os
import re
import sys

import vcases

try:  # the fit needs them; the tables (tools/paramdoc.py) do not
    import numpy as np
    from scipy.optimize import least_squares
except ImportError:  # pragma: no cover
    np = least_squares = None

HEADER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "libcalfpump", "model",
                      "leg_fitted.h")

# name in leg_fitted.h, bounds (published range), model parameters it sets.
# A target of "scale" multiplies the default leg's value by x / x_shipped.
MUSCLE = ("plantar_plexus", "calf_sinuses", "tibial", "deep_calf", "thigh_muscle")
CALF_CAP = ("calf_sinuses", "tibial", "deep_calf", "gsv_lower", "gsv_calf", "ssv")
FREE = [
    # relative area compliance of the intramuscular sinuses, 1/mmHg: between the
    # deep-vein (0.0147) and the femoral (0.0312) values of VASA 2006, x0.5..x2
    ("SINUS_COMPLIANCE", 0.0074, 0.0624, [("comp.%s.compliance" % c, "set")
                                          for c in ("calf_sinuses", "thigh_muscle")]),
    # low-pressure volume as the cross-section rounds, fraction of V0
    ("OPENING", 0.02, 0.6, [("comp.%s.opening" % c, "set") for c in vcases.LEG_ALL]),
    # calf sinus and paired tibial/peroneal volumes at zero transmural
    # pressure, mL (gastrocnemius vein 3.2-5.8 mm, Jeanneret-Gris 2005)
    ("SINUS_V0", 15.0, 45.0, [("comp.calf_sinuses.v0", "set")]),
    ("DEEP_V0", 8.0, 25.0, [("comp.tibial.v0", "set"), ("comp.deep_calf.v0", "set")]),
    # superficial calf network (GSV, SSV and tributaries), per GSV segment, mL
    ("SUP_V0", 4.0, 25.0, [("comp.%s.v0" % c, "set") for c in ("gsv_lower", "gsv_calf")]),
    # thigh muscle and deep femoral veins, mL
    ("THIGH_V0", 30.0, 150.0, [("comp.thigh_muscle.v0", "set")]),
    # calf share of the arterial inflow, x the 4.2 mL/100 mL/min estimate
    ("CALF_GCAP", 0.5, 1.5, [("comp.%s.gcap" % c, "scale") for c in CALF_CAP]),
    # conductance gain per unit work rate
    ("HYPERAEMIA", 2.0, 15.0, [("comp.%s.hyperaemia" % c, "set") for c in MUSCLE]),
    # resting intramuscular pressure, mmHg
    ("P_MUSCLE", 2.0, 10.0, [("comp.%s.p_tissue" % c, "set") for c in MUSCLE]),
    # sinus outflow resistance, mmHg s/mL
    ("SINUS_R0", 0.3, 3.0, [("conn.sinus_outflow.r0", "set")]),
    # GSV axial resistance, x the Poiseuille estimate at 3.7 mm (2.4-4.6 mm,
    # Mendoza 2013: resistance ~ d^-4, so x0.4 .. x5.6)
    ("GSV_R", 0.4, 5.6, [("conn.%s.r0" % c, "scale")
                         for c in ("medial_marginal", "gsv_leg", "gsv_knee", "saphenofemoral")]),
    # collapse stiffness of veins inside muscle, mmHg
    ("MUSCLE_K", 0.3, 20.0, [("comp.%s.k" % c, "set") for c in MUSCLE]),
]

# The tissue-fluid parameters, fitted in a second stage to the hours of
# sitting (V10) alone: they change nothing measurable in the minutes-long
# cases of the first stage.
TISSUE = [
    # filtration coefficient per unit capillary conductance
    ("KF_PER_GCAP", 0.002, 0.1, [("comp.%s.kf" % c, "scale") for c in vcases.LEG_ALL]),
    # calf interstitial compliance, mL/mmHg (foot 0.3x, thigh 2x)
    ("TISSUE_C", 3.0, 60.0, [("tissue_compliance_calf", "scale"), ("tissue_compliance_foot", "scale"),
                             ("tissue_compliance_thigh", "scale")]),
    # calf lymph conductance at rest, mL/s/mmHg (foot 0.3x, thigh 2x)
    ("LYMPH", 1e-4, 1e-2, [("lymph_calf", "scale"), ("lymph_foot", "scale"), ("lymph_thigh", "scale")]),
]
SLOW = ("V10.", "V11.", "V13.")


def targets(stage):
    """The cases each stage fits: (key, value or None, band low, band high)."""
    for key, _, _, _, lo, hi, fit in vcases.CASES:
        slow = key.startswith(SLOW)
        if (stage == 2) == key.startswith("V10.") and (stage == 2 or not slow):
            yield key, fit, lo, hi


def read_header():
    vals = {}
    for line in open(HEADER):
        m = re.match(r"#define CFP_FIT_(\w+) (\S+)", line)
        if m:
            vals[m.group(1)] = float(m.group(2))
    return vals


def params_for(free, x, shipped, fixed=None):
    """Model parameter changes for the free values x (on top of fixed)."""
    base = vcases.cfp.Model()
    out = dict(fixed or {})
    for (name, _, _, targets), v in zip(free, x):
        for param, how in targets:
            out[param] = v if how == "set" else base.get(param) * v / shipped[name]
    return out


MARGIN = 0.01  # a one-sided limit is fitted to lie this fraction inside the band


def edge(v, limit):
    """A one-sided residual: 0 well inside, growing by 1 per 2 % of the
    limit past a point MARGIN inside it."""
    return (limit - v) / (0.02 * max(abs(limit), 1e-3))


def residuals(x, free, stage, shipped, fixed=None, verbose=False):
    cases = list(targets(stage))
    p = params_for(free, x, shipped, fixed)
    try:
        r = vcases.report(p, slow=False) if stage == 1 else \
            {"V10." + k: v for k, v in vcases.sitting(p).items()}
    except vcases.cfp.CfpError as e:
        print("failed:", e, file=sys.stderr)
        return np.full(len(cases), 10.0)
    if stage == 2:
        r["V10.later"] = r["V10.rise_10h"] - r["V10.rise_4h"]
        r["V10.moving"] = r["V10.moving_10h"] - r["V10.rise_10h"]
    res = []
    for key, fit, lo, hi in cases:
        v = vcases.value(r, key)
        if fit is not None:
            res.append((v - fit) / (0.5 * (hi - lo)) if hi - lo < 1e300 else (v - fit) / abs(fit))
        elif v < lo + MARGIN * abs(lo):
            res.append(edge(v, lo + MARGIN * abs(lo)))
        elif v > hi - MARGIN * abs(hi):
            res.append(-edge(v, hi - MARGIN * abs(hi)))
        else:
            res.append(0.0)
    if verbose:
        for (key, fit, lo, hi), e in zip(cases, res):
            print("  %-26s %10.4g  residual %+.3f" % (key, vcases.value(r, key), e))
    return np.array(res)


def write_header(free, x):
    text = open(HEADER).read()
    for (name, _, _, _), v in zip(free, x):
        text = re.sub(r"#define CFP_FIT_%s \S+" % name, "#define CFP_FIT_%s %.6g" % (name, v), text)
    open(HEADER, "w").write(text)


def fit(free, stage, shipped, max_nfev, fixed=None):
    """Bounded least squares of one stage; returns the fitted values."""
    x0 = np.array([min(max(shipped[n], lo), hi) for n, lo, hi, _ in free])
    print("stage %d, start:" % stage)
    r0 = residuals(x0, free, stage, shipped, fixed, verbose=True)
    res = least_squares(residuals, x0, args=(free, stage, shipped, fixed),
                        bounds=([f[1] for f in free], [f[2] for f in free]),
                        x_scale=np.array([f[2] - f[1] for f in free]), diff_step=0.02,
                        max_nfev=max_nfev, verbose=1)
    print("stage %d: cost %.4g -> %.4g (%s)" % (stage, 0.5 * r0 @ r0, res.cost, res.message))
    for (name, lo, hi, _), v in zip(free, res.x):
        print("  CFP_FIT_%-18s %10.5g   [%g, %g]" % (name, v, lo, hi))
    print("stage %d, result:" % stage)
    residuals(res.x, free, stage, shipped, fixed, verbose=True)
    return res.x


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--write", action="store_true", help="rewrite leg_fitted.h")
    ap.add_argument("--max-nfev", type=int, default=200, help="evaluations per stage")
    ap.add_argument("--stage", type=int, choices=(1, 2), help="fit one stage only")
    args = ap.parse_args()
    shipped = read_header()
    if args.stage != 2:
        x1 = fit(FREE, 1, shipped, args.max_nfev)
        if args.write:
            write_header(FREE, x1)
    if args.stage != 1:
        fixed = params_for(FREE, [shipped[n] for n, *_ in FREE], shipped)
        if args.stage is None:
            fixed = params_for(FREE, x1, shipped)
        x2 = fit(TISSUE, 2, shipped, args.max_nfev, fixed)
        if args.write:
            write_header(TISSUE, x2)
    if args.write:
        print("wrote", HEADER, "- rebuild, then run tools/regen-leg-file.sh and "
              "tools/vcases.py --write")


if __name__ == "__main__":
    main()
