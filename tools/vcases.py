"""The validation cases V1-V14 (shared/validation/targets.md) computed on
the default leg through the public C API (tools/cfp.py).  Used by
tools/calibrate.py (least squares) and tools/figures.py; the C tests in
tests/validation/ check the same measures independently.
"""
import math

import cfp

DT = 0.02  # output interval of the named protocols, s

# Reading site of the ankle pressure and the calf region (doc/model.md).
ANKLE = "P.dorsal_foot"


def at(col, t):
    return col[int(round(t / DT))]


def mean(col, t0, t1):
    a, b = int(round(t0 / DT)), int(round(t1 / DT))
    return sum(col[a:b + 1]) / (b - a + 1)


def leg_volume(sim):
    return sim.column("V.total")


def tilt(params=None):
    s = cfp.run("tilt", params=params)
    p = s.column(ANKLE)
    v = leg_volume(s)
    return {"V1.supine": at(p, 59), "V1.standing": at(p, 209),
            "V8.leg_rise": at(v, 209) - at(v, 59)}


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


CALF = ("calf_sinuses", "deep_calf", "gsv_calf", "ssv")


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


def report(params=None):
    r = {}
    r.update(tilt(params))
    r.update({"V2." + k: v for k, v in avp(None, params).items()})
    r.update({"V3." + k: v for k, v in avp("gsv-reflux", params).items()})
    r.update({"V4." + k: v for k, v in apg(None, params).items()})
    r.update({"V5." + k: v for k, v in apg("gsv-reflux", params).items()})
    r.update(cycle(params))
    r.update({"V8." + k: v for k, v in posture_diameters(params).items()})
    return r


if __name__ == "__main__":
    for k, v in report().items():
        print("%-28s %10.4g" % (k, v))
