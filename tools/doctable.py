#!/usr/bin/env python3
"""Recompute the **computed** column of doc/validation.md's table from the
library (the same keys tests/validation/check_validation.c checks) and
rewrite the file.  Usage: CALFPUMP_BUILD=BUILD python3 tools/doctable.py"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cfp  # noqa: E402

DOC = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "doc", "validation.md")
ROW = re.compile(r"`([\w-]+)/([\w-]+):([^`]+)`(.*?)\*\*([-0-9.]+)\*\*")


def value(proto, cond, met, cache):
    key = (proto, cond)
    if key not in cache:
        if proto == "cycle-flat":
            p = cfp.Protocol("cycle")
            p.set(1, "toe_pointed", 0.0)
            cache[key] = cfp.Sim(cfp.Model(), p)
        else:
            cache[key] = cfp.run(proto, None if cond == "healthy" else cond)
    s = cache[key]
    if met.startswith("P@"):
        return s.column("P.dorsal_foot")[int(round(float(met[2:]) / 0.02))]
    return s.metric(met)


def main():
    cache = {}
    out = []
    for line in open(DOC):
        m = ROW.search(line)
        if line.startswith("|") and m:
            v = value(m.group(1), m.group(2), m.group(3), cache)
            line = line[:m.start(5)] + "%.2f" % v + line[m.end(5):]
        out.append(line)
    open(DOC, "w").write("".join(out))


if __name__ == "__main__":
    main()
