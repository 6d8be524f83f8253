/* changepoint_energy.c -- the energy divergence Q of Matteson & James
 * (2014) with alpha = 1 and the best (tau, kappa) split of one segment in
 * O(L^2) time and O(L) memory (changepoint.h, docs/STATISTICS.md §3.1).
 *
 * With d(i, j) = |z_i - z_j| and, for the left side X = [0, tau):
 *   F[j] = sum_{i<j} d(i, j)             (fixed: the whole segment)
 *   C[j] = sum_{i<tau} d(i, j), j >= tau  (grows as tau moves right)
 * the three sums of Q for X and Y = [tau, kappa) are
 *   within X = sum_{j<tau} F[j]
 *   cross    = sum_{tau<=j<kappa} C[j]
 *   within Y = sum_{tau<=j<kappa} (F[j] - C[j])
 * so a sweep of kappa for each tau is O(L), and moving tau over one sample
 * i adds d(i, j) to C[j] for the j right of the new tau: O(L^2) in all.
 */
#include <math.h>

#include "changepoint.h"

static double q_of(double cross, double within_x, double within_y, double nx, double ny)
{
    double e = 2.0 * cross / (nx * ny) - within_x / (0.5 * nx * (nx - 1.0)) -
               within_y / (0.5 * ny * (ny - 1.0));
    return nx * ny / (nx + ny) * e;
}

double bench_energy_q(const double *z, int nx, int ny)
{
    double cross = 0.0, wx = 0.0, wy = 0.0;
    int n = nx + ny;
    for (int i = 0; i < n; i++)
        for (int j = i + 1; j < n; j++) {
            double d = fabs(z[i] - z[j]);
            if (j < nx) {
                wx += d;
            } else if (i >= nx) {
                wy += d;
            } else {
                cross += d;
            }
        }
    return q_of(cross, wx, wy, nx, ny);
}

void bench_energy_best_split(const double *z, int len, const int *bnd, int npos, int min_size,
                             double *F, double *C, bench_energy_split *out)
{
    double within_x = 0.0;
    out->found = 0;
    out->t = out->k = 0;
    out->q = -INFINITY;
    if (npos < 2 * min_size || len < 4) return;
    for (int j = 0; j < len; j++) {
        double s = 0.0;
        for (int i = 0; i < j; i++) s += fabs(z[i] - z[j]);
        F[j] = s;
        C[j] = 0.0;
    }
    for (int t = 1; t + min_size <= npos; t++) {
        int tau = bnd[t];
        /* move the samples of position t - 1 into X */
        for (int i = bnd[t - 1]; i < tau; i++) {
            within_x += F[i];
            for (int j = tau; j < len; j++) C[j] += fabs(z[i] - z[j]);
        }
        if (t < min_size || tau < 2) continue;
        {
            double cross = 0.0, within_y = 0.0;
            int k = t + 1;
            for (int j = tau; j < len; j++) {
                cross += C[j];
                within_y += F[j] - C[j];
                if (j + 1 != bnd[k]) continue;
                if (k - t >= min_size && j + 1 - tau >= 2) {
                    double q = q_of(cross, within_x, within_y, tau, j + 1 - tau);
                    if (q > out->q) {
                        out->found = 1;
                        out->t = t;
                        out->k = k;
                        out->q = q;
                    }
                }
                k++;
            }
        }
    }
}
