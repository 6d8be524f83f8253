# recall.gp -- <name>_recall: queries per second (log scale) against
# recall@k (data: recall.sql).  The Pareto front (the fastest variant at
# recall >= r, a step line) is drawn first; every point on it and the
# baseline get a marker and a legend entry (no text on the plot area, so
# nothing overlaps); the points off the front are small and grey, counted in
# the legend.  IQR whiskers are drawn last, over the markers.  Paper layout
# (style_paper): sized from paper_w_in, thinner lines, smaller points.

load plotdir.'/common.gp'

stats datafile using (column('nnamed')) nooutput
nnamed = int(STATS_max)
array names[nnamed > 0 ? nnamed : 1]
# a legend entry too long for the paper width breaks after the variant name
long_label(s) = style_paper && strlen(s) * font_pt * 0.56 > paper_W - 5 * font_pt
entry(s, v, n) = long_label(s) ? v . "\n(" . n . ")" : s
stats datafile using (column('series') >= 0 ? (names[int(column('series')) + 1] = \
                      entry(strcol('label'), strcol('variant'), strcol('note')), 1) : 0) nooutput
stats datafile using (column('series') >= 0 && long_label(strcol('label')) ? 1 : 0) nooutput
nlong = int(STATS_sum)
stats datafile using (column('series') < 0 ? 1 : 0) nooutput
nother = int(STATS_sum)
stats datafile using (column('nfront')) nooutput
nfront = int(STATS_max)
# the front in recall order (the rows come sorted by recall)
array front_r[nfront]
array front_q[nfront]
fi = 0
stats datafile using (column('on_front') == 1 ? (fi = fi + 1, front_r[fi] = column('recall'), \
                                                  front_q[fi] = column('qps'), 1) : 0) nooutput
stats datafile using (column('recall')) nooutput
rmin = STATS_min
rmax = STATS_max
stats datafile using (column('qps_q1')) nooutput
ymin = STATS_min
stats datafile using (column('qps_q3')) nooutput
ymax = STATS_max
nkey = nnamed + 1 + (nother > 0 ? 1 : 0)
# lines of the legend
nkey_lines = nlong > 0 ? 2 * nkey : nkey

W = 1100
H = 620 + 22 * nkey
if (style_paper) {
    W = paper_W
    H = paper_h_in > 0 ? paper_h_in * 96.0 : W * (paper_w_in >= 5 ? 0.45 : 0.68) + (nkey_lines + 4) * line_px
}
figtitle = 'speed against recall'
load plotdir.'/frame.gp'

pad = (rmax - rmin) * 0.08
pad = pad < 0.002 ? 0.002 : pad
set xrange [rmin - pad : rmax + pad]
# tics stop at the largest recall (no "1.002" on a recall axis)
xstep = nice_step(rmax + pad - (rmin - pad), style_paper && paper_w_in < 5 ? 4 : 6)
set xtics ceil((rmin - pad) / xstep) * xstep, xstep, rmax
set xlabel (style_paper ? 'recall@k (against the float64 oracle)' \
                        : 'recall@k (fraction of the float64 oracle''s k neighbours found)')
set logscale y
set ylabel 'queries / s (log scale)'
set yrange [ymin / 1.25 : ymax * 1.25]
eval log_tics('y', ymin / 1.25, ymax * 1.25)
set format y '%g'
set format x '%.3f'
set grid xtics ytics lc rgb '#e4e4e4'
if (style_paper) {
    set lmargin 8
    set rmargin 1.5
    # the automatic bottom margin puts the legend right under the label
    set xlabel offset 0, 0.4
    # gnuplot gives a two-line entry one line: all entries get two when one has
    set key outside below left vertical maxcols 1 Left reverse samplen 1.5 \
        spacing (nlong > 0 ? 2.0 : 1.0) noenhanced
} else {
    set key below left vertical Left reverse samplen 1.5 spacing 1.25 maxrows nkey
    set bmargin 5 + nkey
}
lw_front = style_paper ? 1.0 : 1.6
ps_named = style_paper ? 0.8 : 1.6
ps_other = style_paper ? 0.45 : 0.7

# the front from the arrays: `columnheaders` makes gnuplot skip the first
# sample as a header line, hence j from 0
plot \
  sample [j = 0:nfront:1] '+' using (j >= 1 ? front_r[int(j)] : NaN):(j >= 1 ? front_q[int(j)] : NaN) \
      with fsteps lw lw_front lc rgb '#555555' dt 1 title 'Pareto front (fastest at recall ≥ r)', \
  datafile using (column('series') < 0 ? column('recall') : NaN):(column('qps')) \
      with points pt 7 ps ps_other lc rgb '#aaaaaa' \
      title (nother > 0 ? sprintf('off the front (%d variant%s)', nother, nother == 1 ? '' : 's') : ''), \
  for [i = 0:nnamed - 1] datafile using (column('series') == i ? column('recall') : NaN):(column('qps')) \
      with points pt point_type(i) ps ps_named lw (style_paper ? 1 : 1.5) lc rgb colour(i) title names[i + 1], \
  datafile using (column('series') < 0 ? column('recall') : NaN):(column('qps_q1')):(0):(column('qps_q3') - column('qps_q1')) \
      with vectors heads size screen whisker_cap, 90 lw lw_whisker lc rgb '#8a8a8a' notitle, \
  datafile using (column('series') >= 0 ? column('recall') : NaN):(column('qps_q1')):(0):(column('qps_q3') - column('qps_q1')) \
      with vectors heads size screen whisker_cap, 90 lw lw_whisker lc rgb '#222222' notitle
