# scaling.gp -- <name>_scaling: how the variants scale with the workload
# size n (data: scaling.sql), one line per variant, n on a log axis with a
# tic at every size: queries per second (left, IQR whiskers) and distance
# evaluations per query (right), log-log.  The legend lists the variants fastest first on the
# largest workload.

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

set multiplot
set lmargin at screen 0.06
set rmargin at screen 0.34
set logscale y
set yrange [ymin / 1.25 : ymax * 1.25]
eval log_tics('y', ymin / 1.25, ymax * 1.25)
set ylabel 'queries / s (log scale)'
set key at screen 0.71, screen 1 - 7.5 * 16 / H left top vertical Left reverse samplen 2.5 \
    spacing 1.15 noenhanced title 'variant (fastest first at the largest n)'
plot for [i = 0:nseries - 1] datafile \
      using (column('series') == i ? column('n') : NaN):(column('qps')):(column('qps_q1')):(column('qps_q3')) \
      with yerrorlines lw 1.5 dt 1 + (i >= 8) + (i >= 16) pt point_type(i) ps 1.1 \
      lc rgb colour(i) title names[i + 1]

eval untitle
unset key
set lmargin at screen 0.40
set rmargin at screen 0.68
set yrange [dmin / 1.25 : dmax * 1.25]
eval log_tics('y', dmin / 1.25, dmax * 1.25)
set ylabel 'distance evaluations / query (log scale)'
plot for [i = 0:nseries - 1] datafile \
      using (column('series') == i ? column('n') : NaN):(column('dist_evals')) \
      with linespoints lw 1.5 dt 1 + (i >= 8) + (i >= 16) pt point_type(i) ps 1.1 \
      lc rgb colour(i) notitle
unset multiplot
