#!/bin/sh
# check-abi-cvode.sh -- the ABI of the CVODE plug-in libcalfpump_cvode.so.0
# against the baseline of the last release (tests/abi/abicompare.sh).
exec sh "${top_srcdir:-.}/tests/abi/abicompare.sh" libcalfpump_cvode
