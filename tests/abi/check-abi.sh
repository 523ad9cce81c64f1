#!/bin/sh
# check-abi.sh -- the ABI of libcalfpump.so.0 against the baseline of the
# last release (tests/abi/abicompare.sh; skipped without abigail-tools).
exec sh "${top_srcdir:-.}/tests/abi/abicompare.sh" libcalfpump
