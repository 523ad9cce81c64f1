/* A counter-based random stream: uniform number j of draw i of stream
 * seed depends on (seed, i, j) alone, so any part of a sample can be
 * redrawn on any thread or rank and comes out the same.  Each of the three
 * is folded in by the SplitMix64 finaliser (Steele, Lea and Flood 2014,
 * "Fast splittable pseudorandom number generators", OOPSLA), a bijection
 * of 64-bit words. */
#ifndef CFP_RNG_H
#define CFP_RNG_H

#include <stdint.h>

static inline uint64_t cfp_rng_mix(uint64_t z)
{
    z += UINT64_C(0x9e3779b97f4a7c15);
    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

/* A number in (0, 1), never 0 or 1: the top 53 bits, centred. */
static inline double cfp_rng_u(uint64_t seed, uint64_t i, uint64_t j)
{
    uint64_t h = cfp_rng_mix(cfp_rng_mix(cfp_rng_mix(seed) ^ i) ^ j);
    return ((double)(h >> 11) + 0.5) * (1.0 / 9007199254740992.0);
}

#endif
