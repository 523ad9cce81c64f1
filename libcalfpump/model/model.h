/* The network: compartments, connections, valves, global parameters. */
#ifndef CFP_MODEL_H
#define CFP_MODEL_H

#include "model/names.h"
#include "base/internal.h"

typedef struct cfp_comp {
    char name[CFP_NAME_MAX];
    int region, layer;
    double v0;          /* reference (unstressed) volume, mL */
    double k;           /* tube-law stiffness, mmHg */
    double m, n;        /* tube-law exponents (distension, collapse) */
    double compliance;  /* relative area compliance of the wall, 1/mmHg (0: Shapiro law) */
    double opening;     /* volume taken up at low pressure as the vein rounds, fraction of v0 */
    double length;      /* cm, for velocities */
    double z[CFP_POST_COUNT]; /* height above the right atrium per posture, cm */
    double gcap;        /* capillary conductance at rest, mL/s/mmHg */
    double hyperaemia;  /* conductance gain per unit filtered work rate (drive.h) */
    double p_tissue;    /* tissue pressure, mmHg */
    double squeeze[CFP_MUSCLE_COUNT]; /* pressure at full activation, mmHg */
    double transmission;/* fraction of external compression felt (0..1) */
    double kf;          /* capillary filtration coefficient into the region's tissue, mL/s/mmHg */
} cfp_comp;

#define CFP_RA (-1) /* connection endpoint index of the right atrium */

typedef struct cfp_conn {
    char name[CFP_NAME_MAX];
    int from, to;       /* compartment indices; to may be CFP_RA */
    double r0;          /* resistance at the reference area, mmHg s/mL */
    double r_max;       /* cap on the collapse factor (V0/V)^2 */
    double inertance;   /* mmHg s^2/mL; 0 = none (flow is algebraic) */
    double area;        /* reference cross-section for velocities, cm^2 */
    double obstruction; /* resistance multiplier (>= 1) */
    int has_valve;
    double competence;  /* 1 healthy .. 0 absent */
    double kvo, kvc;    /* valve opening/closing rates, 1/(mmHg s) */
    double cutoff;      /* clinical reflux-duration cut-off, s */
} cfp_conn;

typedef struct cfp_globals {
    double cvp;               /* right-atrial pressure, mmHg */
    double map;               /* mean arterial pressure at heart level, mmHg */
    double hyperaemia_tau;    /* s */
    double posture_transition;/* s */
    double reflux_velocity;   /* reverse velocity that counts as reflux, cm/s */
    double cap_smooth;        /* width of the one-way capillary smoothing, mmHg */
    double height;            /* subject height, cm; heights scale with height/175 */
    double calf_strength;     /* scale of calf muscle pressure (1 = normal) */
    double ankle_rom;         /* ankle range of motion, fraction of normal */
    double stasis_flow;       /* unused since 0.2 (kept so that 0.1 model files load) */
    double stasis_velocity;   /* mean velocity below which a compartment counts as stagnant, cm/s */
    double steady_tolerance;  /* periodic steady state: relative change per cycle */
    double settle_time;       /* longest settling before a run, s (0: hydrostatic start) */
    /* Tissue fluid (doc/model.md, "Filtration and lymph"). */
    double cap_fraction;      /* capillary pressure: venous + cap_fraction (arterial - venous) */
    double oncotic;           /* effective oncotic pressure difference sigma (pi_c - pi_i), mmHg */
    double lymph_gain;        /* lymph flow gain per unit filtered work rate */
    double tissue_compliance[CFP_REG_COUNT]; /* interstitial compliance per region, mL/mmHg
                                                (0: no tissue fluid in that region) */
    double lymph[CFP_REG_COUNT]; /* lymph conductance per region at rest, mL/s/mmHg */
} cfp_globals;

/* Names of the element parameters, in enumeration order: appended as
 * compartments and connections are added (text in pool, each name's start
 * in off).  Compartment names come before connection names. */
typedef struct cfp_pnamelist {
    char *pool;
    size_t len, cap;
    size_t *off;
    size_t n, capn;
} cfp_pnamelist;
typedef struct cfp_pnames {
    cfp_pnamelist comp, conn;
} cfp_pnames;

struct calfpump_model {
    cfp_comp *comp;
    size_t ncomp, capcomp;
    cfp_conn *conn;
    size_t nconn, capconn;
    cfp_names comp_idx, conn_idx; /* their names (model/names.h) */
    cfp_globals g;
    cfp_pnames pn;
    char *errmsg;       /* message slot (CFP_MSG_SIZE bytes, cfp_msg_new) */
};

#define CFP_PNAME_MAX (2 * CFP_NAME_MAX + 32)

/* Index of a compartment by name, "ra" -> CFP_RA, or -2 if unknown. */
int cfp_model_find_comp(const calfpump_model *m, const char *name);
int cfp_model_find_conn(const calfpump_model *m, const char *name);
/* Check that the network can be simulated; message into buf. */
int cfp_model_validate(const calfpump_model *m, char *buf);
/* The same, and *comp (if not NULL) the index of the compartment at fault,
 * or -1 if the fault is the network's as a whole (no compartments, no
 * outflow to the atrium, out of memory). */
int cfp_model_validate_at(const calfpump_model *m, char *buf, int *comp);
/* Tube law: transmural pressure of compartment c at volume v, and the
 * volume at a given transmural pressure. */
double cfp_tube_pressure(const cfp_comp *c, double v);
double cfp_tube_volume(const cfp_comp *c, double ptm);

#endif
