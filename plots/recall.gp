# recall.gp -- <name>_recall: queries per second (log scale) against
# recall@k (data: recall.sql).  The named points -- every approximate
# variant, the fastest exact variant and the baseline -- each get a marker
# and a legend entry (no text on the plot area, so nothing overlaps); the
# other exact variants are small grey points at recall 1.  Whiskers: IQR.

load plotdir.'/common.gp'

stats datafile using (column('nnamed')) nooutput
nnamed = int(STATS_max)
array names[nnamed > 0 ? nnamed : 1]
stats datafile using (column('series') >= 0 ? (names[int(column('series')) + 1] = strcol('label'), 1) : 0) nooutput
stats datafile using (column('series') < 0 ? 1 : 0) nooutput
nother = int(STATS_sum)
stats datafile using (column('recall')) nooutput
rmin = STATS_min
rmax = STATS_max
stats datafile using (column('qps_q1')) nooutput
ymin = STATS_min
stats datafile using (column('qps_q3')) nooutput
ymax = STATS_max

W = 1100
H = 620 + 22 * (nnamed + (nother > 0 ? 1 : 0))
figtitle = 'speed against recall'
load plotdir.'/frame.gp'

pad = (rmax - rmin) * 0.08
pad = pad < 0.002 ? 0.002 : pad
set xrange [rmin - pad : rmax + pad]
# tics stop at the largest recall (no "1.002" on a recall axis)
xstep = nice_step(rmax + pad - (rmin - pad), 6)
set xtics ceil((rmin - pad) / xstep) * xstep, xstep, rmax
set xlabel sprintf('recall@k (fraction of the float64 oracle''s k neighbours found)')
set logscale y
set ylabel 'queries / s (log scale)'
set yrange [ymin / 1.25 : ymax * 1.25]
eval log_tics('y', ymin / 1.25, ymax * 1.25)
set format y '%g'
set format x '%.3f'
set grid xtics ytics lc rgb '#e4e4e4'
set key below left vertical Left reverse samplen 1.5 spacing 1.25 maxrows (nnamed + 1)
set bmargin 5 + nnamed + 1

plot \
  datafile using (column('recall')):(column('qps')):(column('qps_q1')):(column('qps_q3')) \
      with yerrorbars pt -1 lc rgb '#888888' notitle, \
  datafile using (column('series') < 0 ? column('recall') : NaN):(column('qps')) \
      with points pt 7 ps 0.9 lc rgb '#9a9a9a' \
      title (nother > 0 ? sprintf('other exact variants (%d), unnamed', nother) : ''), \
  for [i = 0:nnamed - 1] datafile using (column('series') == i ? column('recall') : NaN):(column('qps')) \
      with points pt point_type(i) ps 1.8 lw 1.5 lc rgb colour(i) title names[i + 1]
