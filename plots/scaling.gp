# scaling.gp -- <name>_scaling: how the variants scale with the workload
# size n (data: scaling.sql), one line per variant, n on a log axis with a
# tic at every size: queries per second (left, IQR whiskers) and distance
# evaluations per query (right), log-log.  The legend lists the variants
# fastest first on the largest workload.  Paper layout (style_paper): the
# two panels one above the other (side by side from 5 in), the legend below.

load plotdir.'/common.gp'

stats datafile using (column('nseries')) nooutput
nseries = int(STATS_max)
array names[nseries]
stats datafile using (names[int(column('series')) + 1] = strcol('label'), 1) nooutput
stats datafile using (column('n')) nooutput
nmin = STATS_min
nmax = STATS_max
nrecords = int(STATS_records)
array sizes[nrecords]
stats datafile using (sizes[int($0) + 1] = column('n'), 1) nooutput
stats datafile using (column('qps_q1')) nooutput
ymin = STATS_min
stats datafile using (column('qps_q3')) nooutput
ymax = STATS_max
stats datafile using (column('dist_evals')) nooutput
dmin = STATS_min
dmax = STATS_max

W = 1500
H = 640 > 220 + 22 * nseries ? 640 : 220 + 22 * nseries
if (style_paper) {
    # two panels of about 0.5 of the width each, with their tics and labels,
    # then the legend (one line per variant plus its title)
    # (stacked below 5 in; side by side, 0.38 of the width tall, from 5 in)
    W = paper_W
    wide = paper_w_in >= 5
    panel_h = W * (wide ? 0.38 : 0.5)
    key_h = (nseries + 1.5) * line_px
    H = paper_h_in > 0 ? paper_h_in * 96.0 : (wide ? 1 : 2) * panel_h + (wide ? 4.5 : 7) * line_px + key_h
    key_h = key_h < 0.6 * H ? key_h : 0.6 * H
    panel_h = (H - (wide ? 4.5 : 7) * line_px - key_h) / (wide ? 1 : 2)
}
figtitle = 'scaling with the workload size n'
load plotdir.'/frame.gp'

set logscale x
set xrange [nmin / 1.3 : nmax * 1.3]
set xtics ()
do for [i = 1:nrecords] { set xtics add (sprintf('%d', sizes[i]) sizes[i]) }
set xlabel 'workload size n (points, log scale)'
set format y '%g'
set grid xtics ytics lc rgb '#e4e4e4'
set bmargin 4
lw_line = style_paper ? 1.0 : 1.5
ps_line = style_paper ? 0.55 : 1.1

set multiplot
if (style_paper) {
    # screen fractions from the top: 0.5 line, panel 1, 2.5 lines of tics
    # and label, panel 2, 3 lines, the legend
    f(px) = px / H
    set tmargin at screen 1 - f(0.5 * line_px)
    set bmargin at screen 1 - f(0.5 * line_px + panel_h)
    if (wide) {
        set lmargin at screen 0.085
        set rmargin at screen 0.48
    } else {
        set lmargin 8
        set rmargin 1.5
        set xlabel ''
    }
} else {
    set lmargin at screen 0.06
    set rmargin at screen 0.34
}
set logscale y
set yrange [ymin / 1.25 : ymax * 1.25]
eval log_tics('y', ymin / 1.25, ymax * 1.25)
set ylabel 'queries / s (log scale)'
if (style_paper) {
    unset key
} else {
    set key at screen 0.71, screen 1 - 7.5 * 16 / H left top vertical Left reverse samplen 2.5 \
        spacing 1.15 noenhanced title 'variant (fastest first at the largest n)'
}
plot for [i = 0:nseries - 1] datafile \
      using (column('series') == i ? column('n') : NaN):(column('qps')):(column('qps_q1')):(column('qps_q3')) \
      with yerrorlines lw lw_line dt 1 + (i >= 8) + (i >= 16) pt point_type(i) ps ps_line \
      lc rgb colour(i) title names[i + 1]

eval untitle
if (style_paper) {
    if (wide) {
        set lmargin at screen 0.58
        set rmargin at screen 0.99
    } else {
        set tmargin at screen 1 - f(3 * line_px + panel_h)
        set bmargin at screen 1 - f(3 * line_px + 2 * panel_h)
    }
    set xlabel 'workload size n (points, log scale)'
    set key at screen 0.02, screen f(key_h) left top vertical maxcols 1 Left reverse samplen 2 \
        spacing 1.0 noenhanced title 'variant (fastest first at the largest n)'
} else {
    unset key
    set lmargin at screen 0.40
    set rmargin at screen 0.68
}
set yrange [dmin / 1.25 : dmax * 1.25]
eval log_tics('y', dmin / 1.25, dmax * 1.25)
set ylabel (style_paper ? 'distance evals / query (log)' : 'distance evaluations / query (log scale)')
plot for [i = 0:nseries - 1] datafile \
      using (column('series') == i ? column('n') : NaN):(column('dist_evals')) \
      with linespoints lw lw_line dt 1 + (i >= 8) + (i >= 16) pt point_type(i) ps ps_line \
      lc rgb colour(i) title (style_paper ? names[i + 1] : '')
unset multiplot
