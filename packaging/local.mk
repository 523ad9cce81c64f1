## packaging/local.mk -- the Debian recipe for packagers (included by the top
## Makefile.am): distributed, so a packager finds it in the tarball.
## packaging/build-deb.sh builds and lints it (tools/test-all.sh).
EXTRA_DIST += \
	packaging/README \
	packaging/build-deb.sh \
	packaging/debian/calfpump.install \
	packaging/debian/calfpump.lintian-overrides \
	packaging/debian/changelog \
	packaging/debian/clean \
	packaging/debian/control \
	packaging/debian/copyright \
	packaging/debian/gen-symbols \
	packaging/debian/libcalfpump-cvode0.install \
	packaging/debian/libcalfpump-cvode0.lintian-overrides \
	packaging/debian/libcalfpump-data.install \
	packaging/debian/libcalfpump-data.lintian-overrides \
	packaging/debian/libcalfpump-dev.docs \
	packaging/debian/libcalfpump-dev.examples \
	packaging/debian/libcalfpump-dev.install \
	packaging/debian/libcalfpump-dev.lintian-overrides \
	packaging/debian/libcalfpump-doc.doc-base \
	packaging/debian/libcalfpump-doc.install \
	packaging/debian/libcalfpump-doc.lintian-overrides \
	packaging/debian/libcalfpump0.install \
	packaging/debian/libcalfpump0.lintian-overrides \
	packaging/debian/not-installed \
	packaging/debian/python3-calfpump.lintian-overrides \
	packaging/debian/r-other-calfpump.lintian-overrides \
	packaging/debian/rules \
	packaging/debian/source/format
