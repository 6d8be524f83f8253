/* refdot.h -- the reference dot product's fixed summation order (internal to core).
 *
 * Eight interleaved partial sums: element t is added to s[t % 8] (tail elements
 * included), then ((s0+s1)+(s2+s3))+((s4+s5)+(s6+s7)).  Products and sums are
 * separate IEEE operations: core is built in ISO C mode without -march, where
 * GCC does not contract a*b+c into an FMA (-ffp-contract=off is the ISO default).
 * Shared by the metric (V_i.V_j) and the factor (|V_i|^2) so both use one order.
 */
#ifndef CT_CORE_REFDOT_H
#define CT_CORE_REFDOT_H

static inline double refdot(const double *a, const double *b, int m)
{
    double s[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    int t = 0;
    for (; t + 8 <= m; t += 8)
        for (int u = 0; u < 8; u++) s[u] += a[t + u] * b[t + u];
    for (; t < m; t++) s[t % 8] += a[t] * b[t];
    return ((s[0] + s[1]) + (s[2] + s[3])) + ((s[4] + s[5]) + (s[6] + s[7]));
}

#endif
