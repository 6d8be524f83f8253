# common.gp -- loaded first by every figure script: how to read the data file
# ctbench wrote (tab-separated, a header line of column names, NaN for SQL
# NULL), the colours and small helpers.  After measuring its data a script
# sets W, H (pixels), figtitle and estimator and loads frame.gp.
#
# Set by ctbench (gnuplot -e): datafile, output, fmt ('svg', 'pdf' or 'png'),
# plotdir, name (the experiment), context (workload, k, threads), machine
# (run, commit, host, date), reps (timed repetitions).

set datafile separator "\t"
set datafile columnheaders
set datafile missing 'NaN'
if (!exists("fmt")) fmt = 'svg'
if (!exists("reps")) reps = 0

font_name = exists("font_name_req") ? font_name_req : 'DejaVu Sans'
font_pt = 13            # text size in SVG pixels (frame.gp converts for PDF and PNG)
# set by ctbench plot --font NAME,PT and --no-provenance: provenance 0 drops
# the context, machine and estimator lines (the .json sidecar keeps them)
if (!exists("provenance")) provenance = 1
# --style paper: a script with a paper layout sizes itself to paper_w_in x
# paper_h_in inches (0: as tall as it needs); frame.gp drops the title block
if (!exists("style_paper")) style_paper = 0
if (!exists("paper_w_in")) paper_w_in = 3.3
if (!exists("paper_h_in")) paper_h_in = 0
if (exists("font_pt_req")) font_pt = font_pt_req * 96.0 / 72.0

# Okabe-Ito colours (distinguishable with colour-vision deficiencies)
array palette[8] = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', \
                    '#000000', '#999933']
colour(i) = palette[(int(i) % 8) + 1]
# the same as a number, for `lc rgb variable`
colour_int(i) = int('0x' . colour(i)[2:7])
invalid_colour = '#C00000'

# (count the rows for which a condition holds with stats using (cond ? 1 : 0)
# and STATS_sum: stats on a column with no valid point is an error)

# a number with 3 significant digits and an SI prefix: 870, 24.4k, 16.0k, 1.30M
si_exp(x) = (x == 0 || x != x) ? 0 : floor(log10(abs(x)) / 3 + 1e-9)
si_e(x) = si_exp(x) < 0 ? 0 : (si_exp(x) > 4 ? 4 : si_exp(x))
si_m(x) = x / 1000.0 ** si_e(x)
si_dec(m) = abs(m) >= 99.95 ? 0 : (abs(m) >= 9.995 ? 1 : 2)
si(x) = (x != x) ? '' : sprintf(sprintf('%%.%df%%s', si_e(x) == 0 && abs(x) >= 1 ? 0 : si_dec(si_m(x))), \
                                si_m(x), si_e(x) == 0 ? '' : substr('kMGT', si_e(x), si_e(x)))
# a count as a plain number below 100000 (1297, 2000), else with an SI prefix
count(x) = (x != x) ? '' : (abs(x) < 100000 ? sprintf(abs(x) < 10 ? '%.2f' : '%.0f', x) : si(x))

# a 1-2-5 tic step that puts at most about `n` tics on [0, hi]
nice_base(x) = 10.0 ** floor(log10(x))
nice_step(hi, n) = hi <= 0 ? 1 : (hi / n <= nice_base(hi / n) ? nice_base(hi / n) : \
                   (hi / n <= 2 * nice_base(hi / n) ? 2 * nice_base(hi / n) : \
                   (hi / n <= 5 * nice_base(hi / n) ? 5 * nice_base(hi / n) : 10 * nice_base(hi / n))))
# a tic label: 500, 1.5k, 20k, 1M
tic(x) = sprintf('%g%s', si_m(x), si_e(x) == 0 ? '' : substr('kMGT', si_e(x), si_e(x)))
# `eval log_tics('y', lo, hi)` labels a log axis at 1-2-5 steps (finer over a
# short range): gnuplot labels only powers of ten, none inside one decade
log_mantissas(lo, hi) = hi / lo > 1e4 ? '1' : (hi / lo > 30 ? '1 2 5' : \
                        (hi / lo > 4 ? '1 1.5 2 3 5 7' : '1 1.2 1.5 2 2.5 3 4 5 6 7 8 9'))
log_tics(ax, lo, hi) = sprintf("set %stics (); do for [e = %d:%d] { do for [m in '%s'] { v = real(m) * 10.0 ** e; if (v >= %.15g && v <= %.15g) { set %stics add (tic(v) v) } } }", \
                               ax, floor(log10(lo)), ceil(log10(hi)), log_mantissas(lo, hi), lo, hi, ax)

# left margin (screen fraction) for y labels of `chars` characters on a W-wide canvas
label_margin(chars) = (chars * font_pt * 0.60 + 30.0) / W
# a horizontal bar of half-height hh: use with boxxyerrorbars as
#   using (x):(y):(0):(x):(y - hh):(y + hh)

# marker of the i-th line (0-based); colours repeat every 8, so lines 8.. are
# also dashed (dt 1 + (i >= 8) + (i >= 16): gnuplot takes no function call there)
array point_types[6] = [7, 5, 9, 11, 13, 15]
point_type(i) = point_types[(int(i) % 6) + 1]

# `eval lin_tics('x', lo, hi, n)` labels a linear axis at 1-2-5 steps (about n
# tics on [lo, hi]) in the tic() format, so the tics read like the si() value
# labels (25k, 1.5M) instead of raw numbers (25000, 1500000)
# (with n >= 3: half the 1-2-5 step when that step would leave fewer than two
# tics; n = 2 is for a narrow axis, where one tic can be all that fits)
lin_ntics(lo, hi, s) = floor(hi / s + 1e-9) - ceil(lo / s - 1e-9) + 1
lin_step(lo, hi, n) = n >= 3 && lin_ntics(lo, hi, nice_step(hi - lo, n)) < 2 ? nice_step(hi - lo, n) / 2 : nice_step(hi - lo, n)
lin_tics(ax, lo, hi, n) = sprintf("set %stics (); do for [i = %d:%d] { set %stics add (tic(i * %.15g) i * %.15g) }", \
                                  ax, ceil(lo / lin_step(lo, hi, n) - 1e-9), floor(hi / lin_step(lo, hi, n) + 1e-9), \
                                  ax, lin_step(lo, hi, n), lin_step(lo, hi, n))

# --style paper: one line of text in pixels (the height gnuplot gives a line
# of the terminal font, taken as 1.25 em) and the printed width
line_px = font_pt * 1.25
paper_W = paper_w_in * 96.0

# IQR whiskers are drawn as `with vectors heads size screen whisker_cap, 90`
# (x, y, dx, dy): gnuplot's x/yerrorbars blank the area of their point, which
# hides the marker or bar end under them
whisker_cap = style_paper ? 0.008 : 0.005
lw_whisker = style_paper ? 0.8 : 1.2
