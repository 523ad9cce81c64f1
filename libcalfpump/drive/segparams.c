/* The one table of segment parameters: name, member, bounds, default,
 * unit, scope and meaning.  Scope ACTIVITY: a segment uses the parameter
 * if its activity reads it (lists it, act_*.c); SEGMENT: every segment
 * uses it (compression); TILT: segments in the tilt posture use it. */
#include <string.h>
#include "drive/segment.h"

#define P_(name, member, lo, hi, value, unit, scope, desc) \
    {name, offsetof(cfp_actparams, member), lo, hi, value, unit, desc, 0, CFP_SCOPE_##scope},
#define W_(name, member, lo, hi, value, unit, scope, desc) \
    {name, offsetof(cfp_actparams, member), lo, hi, value, unit, desc, 1, CFP_SCOPE_##scope},
static const cfp_segparam table[] = {
    P_("speed", speed, 0.5, 25.0, 3.0, "km/h", ACTIVITY, "walking or running speed")
    P_("cadence", cadence, 0.0, 300.0, 0.0, "1/min", ACTIVITY,
       "steps per minute (0: from the speed)")
    P_("rpm", rpm, 5.0, 200.0, 50.0, "1/min", ACTIVITY, "pedalling rate")
    P_("load", load, 0.0, 400.0, 60.0, "W", ACTIVITY, "cycling: pedalling load")
    P_("toe_pointed", toe_pointed, 0.0, 1.0, 1.0, "0/1", ACTIVITY, "pedal with the toes pointed")
    W_("count", count, 1.0, 1e6, 1.0, "1", ACTIVITY, "number of tiptoe raises")
    P_("rate", rate, 0.05, 5.0, 1.0, "1/s", ACTIVITY,
       "rate of tiptoes, steps, kicks, raises, taps, pumps")
    P_("strength", strength, 0.0, 1.0, 1.0, "1", ACTIVITY, "scale of every activation (0..1)")
    P_("weight_bearing", weight_bearing, 0.0, 1.0, 1.0, "0/1", ACTIVITY,
       "the foot carries the body weight")
    P_("pressure", pressure, 0.0, 300.0, 100.0, "mmHg", ACTIVITY, "manual squeeze pressure")
    P_("angle", angle, 0.0, 90.0, 70.0, "deg", TILT, "head-up tilt angle (posture tilt) or leg elevation (leg_raised)")
    P_("depth", depth, 0.0, 300.0, 30.0, "cm", ACTIVITY, "immersion depth (swim)")
    P_("strain", strain, 0.0, 150.0, 40.0, "mmHg", ACTIVITY,
       "Valsalva: rise of the abdominal venous pressure")
    P_("hold", hold, 0.0, 60.0, 10.0, "s", ACTIVITY,
       "Valsalva or cuff test: how long the strain or the cuff is held")
    W_("cuff_site", cuff_site, 0.0, 2.0, 2.0, "0/1/2", ACTIVITY,
       "cuff test: cuff on the foot (0), calf (1) or thigh (2)")
    W_("stocking", stocking, 0.0, 4.0, 0.0, "class", SEGMENT, "compression stocking class 0-4")
    P_("compression_ankle", comp_ankle, 0.0, 120.0, 0.0, "mmHg", SEGMENT,
       "graduated compression, pressure at the ankle")
    P_("compression_foot", comp_foot, 0.0, 120.0, 0.0, "mmHg", SEGMENT,
       "custom compression profile: foot")
    P_("compression_calf", comp_calf, 0.0, 120.0, 0.0, "mmHg", SEGMENT,
       "custom compression profile: calf")
    P_("compression_knee", comp_knee, 0.0, 120.0, 0.0, "mmHg", SEGMENT,
       "custom compression profile: knee")
    P_("compression_thigh", comp_thigh, 0.0, 120.0, 0.0, "mmHg", SEGMENT,
       "custom compression profile: thigh")
    P_("bandage", bandage, 0.0, 5.0, 0.0, "1", SEGMENT,
       "inelastic bandage: pressure rise at full calf activation")
    P_("ipc_pressure", ipc_pressure, 0.0, 250.0, 0.0, "mmHg", SEGMENT,
       "intermittent pneumatic compression, 0 off")
    P_("ipc_period", ipc_period, 1.0, 3600.0, 60.0, "s", SEGMENT, "IPC cycle period")
    P_("ipc_inflate", ipc_inflate, 0.01, 600.0, 0.5, "s", SEGMENT, "IPC inflation time")
    P_("ipc_hold", ipc_hold, 0.0, 3600.0, 5.0, "s", SEGMENT, "IPC hold time")
    P_("ipc_deflate", ipc_deflate, 0.01, 600.0, 0.5, "s", SEGMENT, "IPC deflation time")
    P_("ipc_foot", ipc_foot, 0.0, 1.0, 0.0, "0/1", SEGMENT, "IPC cuff on the foot")
    P_("ipc_calf", ipc_calf, 0.0, 1.0, 1.0, "0/1", SEGMENT, "IPC cuff on the calf")
    P_("ipc_thigh", ipc_thigh, 0.0, 1.0, 0.0, "0/1", SEGMENT, "IPC cuff on the thigh")
    P_("ipc_delay", ipc_delay, 0.0, 600.0, 0.0, "s", SEGMENT,
       "delay between sequential IPC chambers")
};
#undef P_
#undef W_
#define NPAR (sizeof table / sizeof table[0])

size_t cfp_segparam_count(void) { return NPAR; }

const cfp_segparam *cfp_segparam_at(size_t i) { return i < NPAR ? &table[i] : NULL; }

const cfp_segparam *cfp_segparam_find(const char *name)
{
    for (size_t i = 0; name && i < NPAR; i++)
        if (strcmp(table[i].name, name) == 0)
            return &table[i];
    return NULL;
}

double *cfp_segparam_ref(cfp_actparams *p, const cfp_segparam *d)
{
    return (double *)((char *)p + d->offset);
}

double cfp_segparam_get(const cfp_actparams *p, const cfp_segparam *d)
{
    return *(const double *)((const char *)p + d->offset);
}

double cfp_segparam_value(const cfp_actparams *p, const char *name)
{
    return cfp_segparam_get(p, cfp_segparam_find(name));
}

void cfp_actparams_default(cfp_actparams *p)
{
    memset(p, 0, sizeof *p);
    for (size_t i = 0; i < NPAR; i++)
        *cfp_segparam_ref(p, &table[i]) = table[i].value;
}
