# cfp_checks.m4 -- compiler and linker probes for libcalfpump  -*- Autoconf -*-
# serial 1
#
# CFP_CFLAGS_ADD(FLAG, VARIABLE)
#   Append FLAG to the shell VARIABLE if the C compiler accepts it with
#   -Werror.  A "-Wno-foo" flag is probed through its positive form
#   "-Wfoo", because GCC silently accepts any unknown -Wno-* option.
#
# CFP_CHECK_VISIBILITY
#   Probe -fvisibility=hidden together with
#   __attribute__((visibility("default"))).  Sets and AC_SUBSTs
#   CFLAG_VISIBILITY (empty when unsupported).
#
# CFP_CHECK_VSCRIPT
#   Probe whether the linker accepts -Wl,--version-script=FILE (GNU ld,
#   gold, lld): a valid script must link and a broken one must be
#   rejected, so a linker that silently ignores the option is not
#   mistaken for one that applies it.  Sets have_vscript=yes|no and the
#   automake conditional HAVE_VSCRIPT (have_vscript is AC_SUBSTed too).
#   --disable-version-script turns it off.

AC_DEFUN([CFP_CFLAGS_ADD],
[AS_VAR_PUSHDEF([cfp_cv], [cfp_cv_cflag_$1])dnl
AC_CACHE_CHECK([whether $CC accepts $1], [cfp_cv],
  [cfp_probe_flag='m4_bpatsubst([$1], [^-Wno-], [-W])'
   cfp_save_CFLAGS=$CFLAGS
   CFLAGS="$CFLAGS -Werror $cfp_probe_flag"
   AC_COMPILE_IFELSE([AC_LANG_PROGRAM([[]], [[]])],
     [AS_VAR_SET([cfp_cv], [yes])], [AS_VAR_SET([cfp_cv], [no])])
   CFLAGS=$cfp_save_CFLAGS])
AS_VAR_IF([cfp_cv], [yes], [$2="${$2:+$$2 }$1"])
AS_VAR_POPDEF([cfp_cv])dnl
])

AC_DEFUN([CFP_CHECK_VISIBILITY],
[AC_REQUIRE([AC_PROG_CC])dnl
CFLAG_VISIBILITY=
AC_CACHE_CHECK([whether $CC supports -fvisibility=hidden],
  [cfp_cv_cc_visibility],
  [cfp_save_CFLAGS=$CFLAGS
   CFLAGS="$CFLAGS -Werror -fvisibility=hidden"
   AC_COMPILE_IFELSE([AC_LANG_PROGRAM(
[[extern __attribute__((visibility("hidden"))) int cfp_hidden_var;
extern __attribute__((visibility("default"))) int cfp_default_var;
__attribute__((visibility("default"))) int cfp_default_func(void);
int cfp_default_func(void) { return 0; }]],
[[return cfp_default_func();]])],
     [cfp_cv_cc_visibility=yes], [cfp_cv_cc_visibility=no])
   CFLAGS=$cfp_save_CFLAGS])
AS_IF([test "x$cfp_cv_cc_visibility" = xyes],
      [CFLAG_VISIBILITY=-fvisibility=hidden])
AC_SUBST([CFLAG_VISIBILITY])
])

AC_DEFUN([CFP_CHECK_VSCRIPT],
[AC_REQUIRE([AC_PROG_CC])dnl
AC_ARG_ENABLE([version-script],
  [AS_HELP_STRING([--disable-version-script],
    [do not apply the linker version script (symbol versioning)])],
  [], [enable_version_script=yes])
have_vscript=no
AS_IF([test "x$enable_version_script" != xno],
[AC_CACHE_CHECK([whether the linker accepts -Wl,--version-script],
  [cfp_cv_ld_vscript],
  [cfp_cv_ld_vscript=no
   cfp_save_LDFLAGS=$LDFLAGS
   cat > conftest.map <<_CFP_EOF
CFP_PROBE_1.0 { global: cfp_probe_exported; local: *; };
_CFP_EOF
   LDFLAGS="$LDFLAGS -Wl,--version-script=conftest.map"
   AC_LINK_IFELSE([AC_LANG_PROGRAM(
[[int cfp_probe_exported(void);
int cfp_probe_exported(void) { return 0; }]],
[[return cfp_probe_exported();]])],
     [cat > conftest.map <<_CFP_EOF
this is { not a valid version script
_CFP_EOF
      AC_LINK_IFELSE([AC_LANG_PROGRAM([[]], [[]])],
        [cfp_cv_ld_vscript=no], [cfp_cv_ld_vscript=yes])])
   rm -f conftest.map
   LDFLAGS=$cfp_save_LDFLAGS])
 have_vscript=$cfp_cv_ld_vscript])
AM_CONDITIONAL([HAVE_VSCRIPT], [test "x$have_vscript" = xyes])
AC_SUBST([have_vscript])
])
