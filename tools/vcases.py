"""The validation cases V1-V14 (shared/validation/targets.md) computed on
the default leg through the public C API (tools/cfp.py).

    CALFPUMP_BUILD=BUILDDIR python3 tools/vcases.py           # print every measure
    CALFPUMP_BUILD=BUILDDIR python3 tools/vcases.py --check   # bands and doc table
    CALFPUMP_BUILD=BUILDDIR python3 tools/vcases.py --write   # rewrite the doc table

CASES is the one list of measures with their published values and pass
bands: tools/calibrate.py fits to it; --check fails when a row of
doc/validation.md no longer shows what the code computes, or says "pass"
for a measure outside its band or "fail" for one inside (run by make check
as tests/validation/check-vcases.sh; the failing cases stay visible in the
docs, and a case that stops passing fails the test); --write updates the
rows.  tests/validation/check_validation.c checks V1-V7 from C.
"""
import argparse
import math
import os
import re
import sys

import cfp

DT = 0.02  # output interval of the named protocols, s

# Reading site of the ankle pressure and the calf region (doc/model.md).
ANKLE = "P.dorsal_foot"


def at(col, t):
    return col[int(round(t / DT))]


def mean(col, t0, t1):
    a, b = int(round(t0 / DT)), int(round(t1 / DT))
    return sum(col[a:b + 1]) / (b - a + 1)


def leg_volume(sim, t):
    """Blood and tissue fluid in the leg (foot to thigh) at t."""
    i = int(round(t / DT))
    return (sum(sim.column("V." + c)[i] for c in LEG_ALL) +
            sum(sim.column("Vt." + r)[i] for r in ("foot", "calf", "thigh")))


def tilt(params=None):
    s = cfp.run("tilt", params=params)
    p = s.column(ANKLE)
    return {"V1.supine": at(p, 59), "V1.standing": at(p, 209),
            "V8.leg_rise": leg_volume(s, 209) - leg_volume(s, 59)}


def avp(condition=None, params=None):
    s = cfp.run("avp", condition, params)
    out = {k: s.metric("avp." + k) for k in ("rest", "exercise", "fall", "rt90")}
    p = s.column(ANKLE)
    # V12: per-stride swing over the last 10 s of walking (stride 1.22 s)
    T = 120.0 / 98.0
    swings = []
    t = 110.0
    while t + T <= 120.0:
        seg = p[int(round(t / DT)):int(round((t + T) / DT)) + 1]
        swings.append(max(seg) - min(seg))
        t += T
    out["swing"] = sum(swings) / len(swings)
    # V12: fraction of the fall recovered at half of RT90
    half = at(p, 120.0 + 0.5 * out["rt90"])
    out["recovered_half"] = (half - out["exercise"]) / out["fall"]
    pop = s.column("P.popliteal")
    out["popliteal_ratio"] = mean(pop, 110, 120) / mean(pop, 55, 60)
    out["gradient"] = mean(pop, 110, 120) - out["exercise"]
    return out


def apg(condition=None, params=None):
    s = cfp.run("apg", condition, params)
    out = {k: s.metric("apg." + k) for k in ("vv", "vfi", "ef", "rvf")}
    # V12: fraction of VV reached at half the time to 90 % of VV
    vcalf = [sum(x) for x in zip(*(s.column("V." + c) for c in CALF))]
    base = mean(vcalf, 58, 60)
    t90 = 0.9 * out["vv"] / out["vfi"]
    out["fill_half"] = (at(vcalf, 60 + 0.5 * t90) - base) / out["vv"]
    return out


CALF = ("calf_sinuses", "tibial", "deep_calf", "gsv_lower", "gsv_calf", "ssv")


def cycle(params=None):
    s = cfp.run("cycle", params=params)
    f = cfp.Protocol("cycle")
    f.set(1, "toe_pointed", 0.0)
    sf = cfp.Sim(cfp.Model(None, params), f)
    return {"V7.exercise": s.metric("avp.exercise"), "V7.fall": s.metric("avp.fall"),
            "V7.flat_fall": sf.metric("avp.fall")}


def posture_diameters(params=None):
    """V8: popliteal and femoral diameters (sqrt(V/length)) supine, sitting,
    standing, and the area compliance of the measured veins."""
    pr = cfp.Protocol(segments=[("supine", "still", 60, None), ("sitting", "still", 120, None),
                                ("standing", "still", 180, None)])
    s = cfp.Sim(cfp.Model(None, params), pr)
    out = {}
    for c in ("popliteal", "femoral"):
        v = s.column("V." + c)
        d = [math.sqrt(at(v, t)) for t in (59, 179, 359)]
        out[c + ".sup_sit"] = d[1] / d[0] - 1
        out[c + ".sit_stand"] = d[2] / d[1] - 1
    for c in ("deep_calf", "gsv_calf", "femoral"):
        v, p = s.column("V." + c), s.column("P." + c)
        a0, a1 = at(v, 59), at(v, 359)
        out[c + ".compliance"] = (a1 - a0) / (a0 * (at(p, 359) - at(p, 59)))
    return out


LEG_ALL = ("plantar_plexus", "dorsal_foot", "calf_sinuses", "tibial", "deep_calf", "gsv_lower",
           "gsv_calf", "ssv", "popliteal", "sfv", "thigh_muscle", "femoral", "gsv_thigh")


def inflow(sim, comps, t0, t1):
    """Mean capillary inflow into comps over [t0, t1], mL/min."""
    return 60.0 * sum(mean(sim.column("Qin." + c), t0, t1) for c in comps)


def arterial(params=None):
    """V9: leg inflow supine, calf inflow sitting / supine, exercise
    hyperaemia walking, running and cycling at two loads (means over the
    last 60 s of 3 min of exercise)."""
    m = cfp.Model(None, params)
    pr = cfp.Protocol(segments=[("supine", "still", 120, None), ("sitting", "still", 180, None)])
    s = cfp.Sim(m, pr)
    out = {"supine_leg": inflow(s, LEG_ALL, 100, 120),
           "calf_sit_sup": inflow(s, CALF, 280, 300) / inflow(s, CALF, 100, 120)}
    for name, seg in (("walk", ("standing", "walk", 180, {"speed": 3})),
                      ("run", ("standing", "run", 180, {"speed": 10})),
                      ("cycle60", ("sitting", "cycle", 180, {"load": 60})),
                      ("cycle180", ("sitting", "cycle", 180, {"load": 180}))):
        s = cfp.Sim(cfp.Model(None, params), cfp.Protocol(segments=[seg]))
        out[name] = inflow(s, LEG_ALL, 120, 180)
    out["walk_sup"] = out["walk"] / out["supine_leg"]
    out["run_walk"] = out["run"] / out["walk"]
    return out


def lower_leg_volume(sim, t, dt):
    """Foot and calf volume at t: blood plus tissue fluid (mL)."""
    i = int(round(t / dt))
    v = sum(sim.column("V." + c)[i] for c in FOOT + CALF)
    for r in ("foot", "calf"):
        v += sim.column("Vt." + r)[i]
    return v


FOOT = ("plantar_plexus", "dorsal_foot")


def sitting(params=None):
    """V10: 10 h of sitting still, and the same with a 5-min walk every
    hour; lower-leg volume rise from 10 min."""
    dt = 10.0
    still = cfp.Sim(cfp.Model(None, params),
                    cfp.Protocol(segments=[("sitting", "still", 36000, None)]), "rodas",
                    options={"output_interval": dt})
    segs = []
    for _ in range(10):
        segs += [("sitting", "still", 3300, None), ("standing", "walk", 300, {"speed": 3})]
    segs[-1] = ("sitting", "still", 300, None)
    moving = cfp.Sim(cfp.Model(None, params), cfp.Protocol(segments=segs), "rodas",
                     options={"output_interval": dt})
    base = lower_leg_volume(still, 600, dt)
    return {"rise_4h": lower_leg_volume(still, 4 * 3600, dt) - base,
            "rise_10h": lower_leg_volume(still, 36000, dt) - base,
            "moving_10h": lower_leg_volume(moving, 36000 - 10, dt) - lower_leg_volume(moving, 600, dt)}


def compressed(name, settings):
    p = cfp.Protocol(name)
    for k, v in settings.items():
        p.set_all(k, v)
    return p


STOCKING = {"stocking": 2}
BANDAGE = {"compression_ankle": 40, "bandage": 0.5}  # 40 mmHg resting, 60 working


def compression(params=None):
    """V11: a class II stocking narrows the standing calf sinuses; on the
    gsv-reflux leg it lowers VV, raises EF, lengthens RT90, lowers GSV
    reflux; an inelastic bandage raises EF more."""
    stand = [("standing", "still", 180, None)]
    d = []
    for extra in ({}, STOCKING):
        pr = cfp.Protocol(segments=[(a, b, c, dict(extra)) for a, b, c, _ in stand])
        d.append(math.sqrt(cfp.Sim(cfp.Model(None, params), pr).column("V.calf_sinuses")[-1]))
    out = {"sinus_diameter": d[1] / d[0] - 1}
    for tag, comp in (("none", {}), ("stocking", STOCKING), ("bandage", BANDAGE)):
        a = cfp.Sim(cfp.Model("gsv-reflux", params), compressed("apg", comp))
        out["vv." + tag] = a.metric("apg.vv")
        out["ef." + tag] = a.metric("apg.ef")
        if tag == "bandage":
            continue
        w = cfp.Sim(cfp.Model("gsv-reflux", params), compressed("avp", comp))
        out["exercise." + tag] = w.metric("avp.exercise")
        out["rt90." + tag] = w.metric("avp.rt90")
        out["gsv_reflux." + tag] = w.metric("reflux.gsv_knee.volume")
    return out


# The standard tests of V13: distal calf squeeze, Valsalva, release of a
# proximal thigh cuff.
TESTS = ("valve", "valsalva", "thigh_cuff")


def valves(params=None):
    """V13: every valve present alone at competence 0.3 against its cut-off
    in the standard tests, and the healthy leg's longest reverse flow."""
    m = cfp.Model(None, params)
    names = [n for n in m.valve_names() if m.get("valve.%s.competence" % n) > 0]
    out = {}
    for n in names:
        cut = m.get("valve.%s.cutoff" % n)
        healthy = max(cfp.run(t, params=params).metric("reflux.%s.duration" % n) for t in TESTS)
        p = dict(params or {})
        p["valve.%s.competence" % n] = 0.3
        leaky = max(cfp.run(t, params=p).metric("reflux.%s.duration" % n) for t in TESTS)
        out[n + ".healthy"] = healthy / cut
        out[n + ".leaky"] = leaky / cut
    return out


def supine_open(params=None):
    """V8: the smallest V / V0 of any leg vein at supine rest (> 1: every
    transmural pressure positive)."""
    m = cfp.Model(None, params)
    s = cfp.Sim(m, cfp.Protocol(segments=[("supine", "still", 30, None)]))
    return {"V8.supine_open": min(s.column("V." + c)[-1] / m.get("comp.%s.v0" % c)
                                  for c in LEG_ALL)}


def report(params=None, slow=True):
    """Every measure of CASES; slow=False leaves out the hours of sitting
    (V10), compression (V11) and the valve-by-valve tests (V13)."""
    r = {}
    r.update(tilt(params))
    r.update({"V2." + k: v for k, v in avp(None, params).items()})
    r.update({"V3." + k: v for k, v in avp("gsv-reflux", params).items()})
    r.update({"V4." + k: v for k, v in apg(None, params).items()})
    r.update({"V5." + k: v for k, v in apg("gsv-reflux", params).items()})
    r.update(cycle(params))
    r.update({"V8." + k: v for k, v in posture_diameters(params).items()})
    r.update(supine_open(params))
    r.update({"V9." + k: v for k, v in arterial(params).items()})
    r["V9.cycle_load"] = r["V9.cycle180"] / r["V9.cycle60"]
    if not slow:
        return r
    r.update({"V10." + k: v for k, v in sitting(params).items()})
    r["V10.later"] = r["V10.rise_10h"] - r["V10.rise_4h"]
    r["V10.moving"] = r["V10.moving_10h"] - r["V10.rise_10h"]
    c = compression(params)
    r["V11.sinus_diameter"] = 100 * c["sinus_diameter"]
    r["V11.vv"] = c["vv.stocking"] - c["vv.none"]
    r["V11.ef"] = c["ef.stocking"] - c["ef.none"]
    r["V11.exercise"] = c["exercise.stocking"] - c["exercise.none"]
    r["V11.rt90"] = c["rt90.stocking"] - c["rt90.none"]
    r["V11.reflux"] = c["gsv_reflux.stocking"] - c["gsv_reflux.none"]
    r["V11.bandage"] = c["ef.bandage"] - c["ef.stocking"]
    v = valves(params)
    r["V13.unseen"] = sum(1 for k, x in v.items() if k.endswith(".leaky") and x <= 1)
    r["V13.healthy_over"] = sum(1 for k, x in v.items() if k.endswith(".healthy") and x >= 1)
    r["V13.valves"] = v
    return r


INF = float("inf")
# key, case, what, published, band low, band high, value to fit (None: the
# band's edge is a one-sided limit, fitted only when crossed)
CASES = [
    ("V1.supine", "V1", "supine ankle pressure (mmHg)", "7", 4, 10, 7),
    ("V1.standing", "V1", "ankle pressure standing still (mmHg)", "76-84", 70, 95, 80),
    ("V2.fall", "V2", "fall walking 3 km/h (mmHg)", "64 (54-71)", 50, 75, 64),
    ("V2.exercise", "V2", "ankle pressure walking (mmHg)", "23.5", 15, 35, 23.5),
    ("V2.rt90", "V2", "RT90 after walking (s)", "31 (8-57)", 10, 60, 31),
    ("V3.fall", "V3", "fall with GSV incompetence (mmHg)", "37 (30-47)", 25, 50, 37),
    ("V3.rt90", "V3", "RT90 with GSV incompetence (s)", "2.8 (1.2-5.5)", 0, 10, None),
    ("V4.vv", "V4", "VV (mL)", "107", 70, 170, 107),
    ("V4.vfi", "V4", "VFI (mL/s)", "1.2-1.4", 0, 2.0, 1.3),
    ("V4.ef", "V4", "EF (%)", "52-65", 45, 75, 58),
    ("V4.rvf", "V4", "RVF (%)", "21.4", 10, 35, 21.4),
    ("V5.vfi", "V5", "VFI with GSV reflux (mL/s)", "4.0 +/- 2.5", 2.0, INF, None),
    ("V5.ef", "V5", "EF with GSV reflux (%)", "comparable", 45, 75, None),
    ("V7.exercise", "V7", "ankle pressure cycling 50 rpm (mmHg)", "26 (SEM 3)", 15, 40, 26),
    ("V8.leg_rise", "V8", "leg volume rise supine to standing (mL)", "236.5", 150, 350, 236.5),
    ("V8.popliteal.sup_sit", "V8", "popliteal diameter supine to sitting", "+21 %", 0.10, 0.35, 0.21),
    ("V8.popliteal.sit_stand", "V8", "popliteal diameter sitting to standing", "+14 %", 0.05, 0.25, 0.14),
    ("V8.femoral.sup_sit", "V8", "femoral diameter supine to sitting", "+50 %", 0.20, INF, None),
    ("V8.deep_calf.compliance", "V8", "tibial/peroneal area compliance (1/mmHg)", "0.0147",
     0.00735, 0.0294, None),
    ("V8.gsv_calf.compliance", "V8", "GSV area compliance (1/mmHg)", "0.0118", 0.0059, 0.0236, None),
    ("V8.femoral.compliance", "V8", "femoral area compliance (1/mmHg)", "0.0312", 0.0156, 0.0624, None),
    ("V8.supine_open", "V8", "smallest V/V0 of a leg vein supine", "> 1 (open)", 1.0, INF, None),
    ("V9.supine_leg", "V9", "leg inflow supine (mL/min)", "350 +/- 141", 200, 500, 350),
    ("V9.calf_sit_sup", "V9", "calf inflow sitting / supine", "1.05", 0.8, 1.25, 1.0),
    ("V9.walk_sup", "V9", "leg inflow walking / supine", ">= 2", 2.0, INF, None),
    ("V9.run_walk", "V9", "leg inflow running 10 km/h / walking", ">= 1.5", 1.5, INF, None),
    ("V9.cycle_load", "V9", "leg inflow cycling 180 W / 60 W", "rising", 1.0, INF, None),
    ("V10.rise_4h", "V10", "lower-leg volume rise, 10 min to 4 h sitting (mL)", "109",
     60, 160, 109),
    ("V10.later", "V10", "further rise, 4 h to 10 h (mL)", "36 (145 at 10 h)", 0, INF, 36),
    ("V10.moving", "V10", "10 h rise with hourly walks minus sitting still (mL)", "< 0",
     -INF, 0, None),
    ("V11.sinus_diameter", "V11", "standing calf sinus diameter, class II stocking (%)",
     "-11", -25, -5, None),
    ("V11.vv", "V11", "GSV reflux: VV with stocking minus without (mL)", "< 0", -INF, 0, None),
    ("V11.ef", "V11", "GSV reflux: EF with stocking minus without (%)", "> 0", 0, INF, None),
    ("V11.exercise", "V11", "GSV reflux: walking pressure, stocking minus without (mmHg)",
     "<= 0", -INF, 0, None),
    ("V11.rt90", "V11", "GSV reflux: RT90, stocking minus without (s)", "> 0", 0, INF, None),
    ("V11.reflux", "V11", "GSV reflux: GSV reflux volume, stocking minus without (mL)", "< 0",
     -INF, 0, None),
    ("V11.bandage", "V11", "GSV reflux: EF, inelastic bandage minus stocking (%)", "> 0",
     0, INF, None),
    ("V12.swing", "V12", "ankle pressure swing per stride, walking (mmHg)", ">= 3", 3, INF, None),
    ("V12.recovered_half", "V12", "fall recovered at half RT90", ">= 45 %", 0.45, INF, None),
    ("V12.fill_half", "V12", "VV reached at half the 90 % fill time", ">= 45 %", 0.45, INF, None),
    ("V13.unseen", "V13", "valves whose failure no standard test shows", "0", 0, 0, None),
    ("V13.healthy_over", "V13", "healthy valves over their cut-off in a test", "0", 0, 0, None),
    ("V14.popliteal_ratio", "V14", "popliteal pressure walking / standing", ">= 0.75", 0.75, INF, None),
    ("V14.gradient", "V14", "popliteal minus ankle pressure walking (mmHg)", "37.4 +/- 6.4",
     20, 55, 37.4),
]
ALIAS = {"V12.swing": "V2.swing", "V12.recovered_half": "V2.recovered_half",
         "V12.fill_half": "V4.fill_half", "V14.popliteal_ratio": "V2.popliteal_ratio",
         "V14.gradient": "V2.gradient"}


def value(r, key):
    return r[ALIAS.get(key, key)]


def passes(v, lo, hi):
    return lo <= v <= hi


DOC = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "doc", "validation.md")
ROW = re.compile(r"^\| (V\d+) \|.*`vcase:([\w.]+)` \| \*\*([-0-9.e+]+)\*\* \| (\w+) \|$")


def fmt(v):
    return "%.4g" % v


def doc_rows(r):
    out = []
    for key, case, what, pub, lo, hi, _ in CASES:
        v = value(r, key)
        band = "%s .. %s" % (fmt(lo), fmt(hi))
        out.append("| %s | %s | %s | %s | `vcase:%s` | **%s** | %s |" %
                   (case, what, pub, band, key, fmt(v), "pass" if passes(v, lo, hi) else "fail"))
    return out


def main():
    ap = argparse.ArgumentParser(description="the validation cases V1-V14")
    ap.add_argument("--check", action="store_true",
                    help="exit 1 if doc/validation.md no longer shows a measure's value or "
                         "whether it passes its band")
    ap.add_argument("--write", action="store_true", help="rewrite the rows of doc/validation.md")
    args = ap.parse_args()
    r = report()
    rows = doc_rows(r)
    if args.write:
        text = open(DOC).read()
        a, b = text.index("<!-- vcases -->\n"), text.index("<!-- /vcases -->")
        head = "| case | measure | published | pass band | key | computed | |\n|---|---|---|---|---|---|---|\n"
        text = text[:a] + "<!-- vcases -->\n" + head + "\n".join(rows) + "\n" + text[b:]
        open(DOC, "w").write(text)
        return 0
    for row in rows:
        print(row)
    if not args.check:
        for k, v in sorted(r["V13.valves"].items()):
            print("  V13 %-32s %.3g x cut-off" % (k, v))
        return 0
    bad = 0
    shown = {}
    for line in open(DOC):
        m = ROW.match(line.rstrip("\n"))
        if m:
            shown[m.group(2)] = (float(m.group(3)), m.group(4))
    for key, case, what, pub, lo, hi, _ in CASES:
        v = value(r, key)
        if key not in shown:
            print("FAIL: doc/validation.md has no row for vcase:%s" % key)
            bad += 1
        elif abs(shown[key][0] - float(fmt(v))) > 1e-9 * max(1.0, abs(v)) + 0.6 * 10 ** (
                math.floor(math.log10(abs(v))) - 3 if v else -12):
            print("FAIL: doc/validation.md shows %s for %s, the code computes %s" %
                  (shown[key][0], key, fmt(v)))
            bad += 1
        elif shown[key][1] != ("pass" if passes(v, lo, hi) else "fail"):
            print("FAIL: doc/validation.md says %s for %s = %s, band %s .. %s" %
                  (shown[key][1], key, fmt(v), fmt(lo), fmt(hi)))
            bad += 1
    print("%d doc rows checked, %d stale or missing" % (len(CASES), bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
