"""The figures of doc/validation.md: ankle pressure over the AVP protocol
and calf volume over the APG protocol, for the healthy leg and the main
condition presets, beside the pass bands of the validation targets.

    CALFPUMP_BUILD=BUILDDIR python3 tools/figures.py [OUTDIR]

Needs matplotlib (Debian: python3-matplotlib); `make figures` runs it when
configure found it.  Writes OUTDIR/avp.png and OUTDIR/apg.png (default
doc/figures).
"""
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

import cfp  # noqa: E402
import vcases  # noqa: E402

CONDITIONS = ("healthy", "gsv-reflux", "deep-reflux", "post-thrombotic")


def times(n):
    return [i * vcases.DT for i in range(n)]


def avp_figure(path):
    fig, ax = plt.subplots(figsize=(8, 4.5))
    for cond in CONDITIONS:
        s = cfp.run("avp", None if cond == "healthy" else cond)
        p = s.column(vcases.ANKLE)
        ax.plot(times(len(p)), p, lw=0.8, label=cond)
    ax.axhspan(15, 35, xmin=60 / 210, xmax=120 / 210, color="tab:green", alpha=0.15,
               label="V2 walking pressure, healthy: 15-35 mmHg")
    ax.axhspan(70, 95, xmax=60 / 210, color="tab:blue", alpha=0.1,
               label="V1 standing: 70-95 mmHg")
    ax.axvspan(60, 120, color="0.9", zorder=0)
    ax.set_xlim(0, 210)
    ax.set_xlabel("time (s): standing 60 s, walking 3 km/h 60 s, standing 90 s")
    ax.set_ylabel("ankle (dorsal foot) venous pressure (mmHg)")
    ax.set_title("Ambulatory venous pressure (protocol avp)")
    ax.legend(fontsize=7, loc="lower right")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def apg_figure(path):
    fig, ax = plt.subplots(figsize=(8, 4.5))
    for cond in CONDITIONS:
        s = cfp.run("apg", None if cond == "healthy" else cond)
        v = [sum(x) for x in zip(*(s.column("V." + c) for c in vcases.CALF))]
        base = vcases.mean(v, 58, 60)
        ax.plot(times(len(v)), [x - base for x in v], lw=0.8, label=cond)
    ax.axhspan(70, 170, xmin=150 / 292, xmax=210 / 292, color="tab:green", alpha=0.15,
               label="V4 VV, healthy: 70-170 mL")
    ax.set_xlim(0, 292)
    ax.set_xlabel("time (s): leg raised 60 s, standing 150 s, 1 tiptoe, 40 s, 10 tiptoes, 30 s")
    ax.set_ylabel("calf venous volume above the raised-leg baseline (mL)")
    ax.set_title("Air plethysmography (protocol apg)")
    ax.legend(fontsize=7, loc="upper left")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "doc", "figures")
    os.makedirs(out, exist_ok=True)
    avp_figure(os.path.join(out, "avp.png"))
    apg_figure(os.path.join(out, "apg.png"))
    print("wrote", os.path.join(out, "avp.png"), os.path.join(out, "apg.png"))


if __name__ == "__main__":
    main()
