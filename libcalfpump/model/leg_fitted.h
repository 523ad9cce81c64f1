/* Fitted parameters of the default leg.  Written by tools/calibrate.py
 * (least squares over the validation cases, each parameter within its
 * published range; doc/parameters.md, "Fitted parameters").  Do not edit
 * by hand: change the bounds or the cases and rerun the script. */
#ifndef CFP_LEG_FITTED_H
#define CFP_LEG_FITTED_H
#define CFP_FIT_SINUS_COMPLIANCE 0.027872
#define CFP_FIT_OPENING 0.099967
#define CFP_FIT_SINUS_V0 19.544
#define CFP_FIT_DEEP_V0 10.733
#define CFP_FIT_SUP_V0 6.966
#define CFP_FIT_THIGH_V0 149.99
#define CFP_FIT_CALF_GCAP 0.60251
#define CFP_FIT_HYPERAEMIA 8.1656
#define CFP_FIT_P_MUSCLE 9.1779
#define CFP_FIT_SINUS_R0 0.32682
#define CFP_FIT_GSV_R 3.5244
#define CFP_FIT_MUSCLE_K 6.5106
#define CFP_FIT_KF_PER_GCAP 0.018828
#define CFP_FIT_TISSUE_C 13.855
#define CFP_FIT_LYMPH 0.0010543
#endif
