/* Public introspection of the drive registries: activities and segment
 * parameters, and segment descriptions. */
#include "base/util.h"
#include "drive/protocol.h"

size_t calfpump_activity_count(void) { return cfp_activity_count(); }

const char *calfpump_activity_name(size_t i)
{
    const cfp_activity *a = cfp_activity_at(i);
    return a ? a->name : NULL;
}

const char *calfpump_activity_description(size_t i)
{
    const cfp_activity *a = cfp_activity_at(i);
    return a ? a->description : NULL;
}

const char *calfpump_activity_postures(size_t i)
{
    const cfp_activity *a = cfp_activity_at(i);
    return a ? cfp_postures_text(a->postures) : NULL;
}

int calfpump_activity_uses_param(size_t i, const char *param)
{
    const cfp_activity *a = cfp_activity_at(i);
    if (!a)
        return CALFPUMP_E_RANGE;
    if (!param)
        return CALFPUMP_E_NULL;
    if (!cfp_segparam_find(param))
        return CALFPUMP_E_NOTFOUND;
    return cfp_activity_reads(a, param);
}

int calfpump_protocol_param_info(const char *name, double *lower, double *upper, double *value,
                                 const char **unit, const char **description)
{
    const cfp_segparam *d;
    if (!name)
        return CALFPUMP_E_NULL;
    if (!(d = cfp_segparam_find(name)))
        return CALFPUMP_E_NOTFOUND;
    cfp_put_info(d->lo, d->hi, d->value, d->unit, d->description, lower, upper, value, unit,
                 description);
    return CALFPUMP_OK;
}

int calfpump_protocol_segment_describe(const calfpump_protocol *p, size_t index, char *buf,
                                       size_t len)
{
    if (!p || !buf)
        return CALFPUMP_E_NULL;
    if (index >= p->nseg)
        return CALFPUMP_E_RANGE;
    if (len)
        cfp_segment_describe(&p->seg[index], buf, len);
    return CALFPUMP_OK;
}
