# history.gp -- history_<series>: one unit's metric over commits (data written
# by ctbench plot history, report/history_plot.c; one row per kind):
#   kind 0  a sample: one run's value at commit position `pos`
#   kind 1  a commit: the mean of its runs, label = its short hash
#   kind 2  a change point between two commits (pos = p - 0.5): the segment
#           means before/after, label = step and p-value (or "exact")
#   kind 3  an annotation at its commit, label = its text
# Samples as small dots, the means joined, change points as red vertical
# lines labelled at the top, annotations as dotted grey lines with text.
# Set by ctbench besides common.gp's: metric, exact (1 = deterministic).

load plotdir.'/common.gp'

stats datafile using (column('kind') == 1 ? column('pos') : NaN) nooutput
npos = int(STATS_max) + 1
stats datafile using (column('kind') <= 1 ? column('value') : NaN) nooutput
ylo = STATS_min
yhi = STATS_max
stats datafile using ((column('kind') == 2) ? 1 : 0) nooutput
nchanges = int(STATS_sum)
array commits[npos]
stats datafile using (column('kind') == 1 ? (commits[int(column('pos')) + 1] = strcol('label'), 1) : 0) nooutput

span = (yhi > ylo) ? yhi - ylo : (abs(yhi) > 0 ? abs(yhi) * 0.1 : 1)
ybot = ylo - 0.10 * span
ytop = yhi + 0.30 * span

W = 260 + 70 * (npos < 6 ? 6 : npos)
H = 520
figtitle = (metric eq 'time') ? 'time over commits' : metric.' over commits'
estimator = (metric eq 'time') ? \
    'median of each run''s timed samples (ms); dots: runs, line: mean per commit; red: change points (E-divisive, permutation test)' : \
    'per query, one value per run (deterministic); red: changes exactly at a commit'
load plotdir.'/frame.gp'

set xrange [-0.5 : npos - 0.5]
set yrange [ybot : ytop]
set xtics () rotate by -35 font font_small
do for [i = 1:npos] { set xtics add (commits[i] i - 1) }
set xlabel 'commit (oldest left; ordered by commit time)'
set ylabel (metric eq 'time') ? 'ms per query batch (lower is faster)' : metric
set format y '%g'
set bmargin 8
set lmargin 12
set key below horizontal font font_small

plot \
  datafile using (column('kind') == 0 ? column('pos') : NaN):(column('value')) \
      with points pt 7 ps 0.6 lc rgb colour(4) title 'run', \
  datafile using (column('kind') == 1 ? column('pos') : NaN):(column('value')) \
      with linespoints pt 7 ps 1.1 lw 2 lc rgb colour(0) title 'mean per commit', \
  datafile using (column('kind') == 2 ? column('pos') : NaN):(ybot):(0):(ytop - ybot) \
      with vectors nohead lw 2 dt 2 lc rgb colour(5) title (nchanges > 0 ? 'change point' : ''), \
  datafile using (column('kind') == 2 ? column('pos') : NaN):(ytop - 0.04 * span):(strcol('label')) \
      with labels center offset 0, 0 font font_small textcolor rgb colour(5) notitle, \
  datafile using (column('kind') == 3 ? column('pos') : NaN):(ybot):(0):(ytop - ybot) \
      with vectors nohead lw 1 dt 3 lc rgb '#777777' notitle, \
  datafile using (column('kind') == 3 ? column('pos') : NaN):(ytop - 0.13 * span):(strcol('label')) \
      with labels left offset char 0.4, 0 font font_small textcolor rgb '#555555' notitle
