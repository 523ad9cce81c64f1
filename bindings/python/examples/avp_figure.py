#!/usr/bin/env python3
"""Ambulatory venous pressure of a healthy leg and a leg with great saphenous
reflux: the AVP protocol (stand 60 s, walk at 3 km/h for 60 s, stand 90 s),
foot vein pressure against time, saved as a figure.

    python3 avp_figure.py [OUTPUT.png]

Needs matplotlib (Debian: python3-matplotlib); without it the numbers are
printed and no figure is drawn.
"""

from __future__ import annotations

import sys

import calfpump

SITE = "P.dorsal_foot"


def main(argv: list) -> int:
    out = argv[1] if len(argv) > 1 else "avp.png"
    legs = {"healthy": calfpump.simulate(condition="healthy"),
            "GSV reflux": calfpump.simulate(condition="gsv-reflux")}
    for name, res in legs.items():
        m = res.metrics
        print(f"{name:11s} rest {m['avp.rest']:5.1f} mmHg, walking {m['avp.exercise']:5.1f}"
              f" mmHg, fall {m['avp.fall']:5.1f} mmHg, RT90 {m.get('avp.rt90', float('nan')):5.1f} s")
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("matplotlib is not installed (python3-matplotlib): no figure drawn")
        return 0
    fig, ax = plt.subplots(figsize=(7, 4))
    for name, res in legs.items():
        ax.plot(res.trace.t, res.trace[SITE], label=name)
    with calfpump.Protocol.named("avp") as avp:
        start = 0.0
        for seg in avp:
            if seg.activity != "still":
                ax.axvspan(start, start + seg.duration, color="0.9", zorder=0,
                           label=f"{seg.activity} ({seg.description})")
            start += seg.duration
    ax.set_xlabel(f"time ({legs['healthy'].trace.units['t']})")
    ax.set_ylabel(f"dorsal foot vein pressure ({legs['healthy'].trace.units[SITE]})")
    ax.set_title("Ambulatory venous pressure")
    ax.legend(loc="lower right")
    fig.tight_layout()
    fig.savefig(out, dpi=100)
    print(f"figure written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
