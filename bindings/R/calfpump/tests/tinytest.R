if (requireNamespace("tinytest", quietly = TRUE)) {
    tinytest::test_package("calfpump", verbose = 0)
}
