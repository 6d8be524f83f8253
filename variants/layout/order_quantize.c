/* order_quantize.c -- coordinates to curve grid cells for the hilbert/morton orders.
 *
 * Each axis is scaled independently from the dataset's [min, max] onto the
 * integer grid [0, 2^bits - 1] (rounded to nearest), so the curves see the
 * whole bounding box whatever the units; a constant axis maps to 0.
 */
#include <math.h>
#include <stdint.h>

#include "ct/order.h"

int ct_curve_bits(int dim)
{
    if (dim < 1 || dim > CT_MAX_DIM) return 0;
    int bits = (CT_CURVE_KEY_WORDS * 64) / dim;
    return bits > CT_CURVE_MAX_BITS ? CT_CURVE_MAX_BITS : bits;
}

int ct_order_quantize(const ct_dataset *ds, int bits, uint32_t *q, ct_error *err)
{
    if (!ds || (ds->n > 0 && (!ds->x || !q)))
        return ct_error_set(err, CT_EINVAL, "quantize: missing dataset, coordinates or output");
    if (ds->dim < 1 || ds->dim > CT_MAX_DIM)
        return ct_error_set(err, CT_EINVAL, "quantize: dimension %d outside 1..%d", ds->dim,
                            CT_MAX_DIM);
    if (bits < 1 || bits > CT_CURVE_MAX_BITS)
        return ct_error_set(err, CT_EINVAL, "quantize: %d bits per axis outside 1..%d", bits,
                            CT_CURVE_MAX_BITS);
    const int dim = ds->dim;
    const int64_t n = ds->n;
    const double top = ldexp(1.0, bits) - 1.0; /* 2^bits - 1, exact in a double */

    for (int a = 0; a < dim; a++) {
        double lo = INFINITY, hi = -INFINITY;
        for (int64_t i = 0; i < n; i++) {
            double v = ds->x[i * dim + a];
            if (!isfinite(v))
                return ct_error_set(err, CT_ENAN,
                                    "quantize: coordinate %d of point %lld is not finite", a,
                                    (long long)i);
            if (v < lo) lo = v;
            if (v > hi) hi = v;
        }
        double range = hi - lo;
        double scale = range > 0.0 ? top / range : 0.0;
        if (!isfinite(scale)) scale = 0.0; /* range underflowed to a subnormal: treat as constant */
        for (int64_t i = 0; i < n; i++) {
            double c = nearbyint((ds->x[i * dim + a] - lo) * scale);
            if (!(c >= 0.0)) c = 0.0;
            if (c > top) c = top;
            q[i * dim + a] = (uint32_t)c;
        }
    }
    return CT_OK;
}
