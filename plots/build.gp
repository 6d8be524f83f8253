# build.gp -- <name>_build: tree build time per build configuration (data:
# build.sql) as horizontal bars, one colour per configuration, grouped by
# workload size; median over the build samples of a configuration with IQR
# whiskers.

load plotdir.'/common.gp'

stats datafile using (column('row')) nooutput
nrows = int(STATS_max) + 1
array names[nrows]
stats datafile using (names[int(column('row')) + 1] = strcol('label'), 1) nooutput
stats datafile using (column('seconds_q3')) nooutput
xmax = STATS_max

W = 1100
H = 230 + nrows * 30
figtitle = 'tree build time'
load plotdir.'/frame.gp'

hh = 0.35
set yrange [nrows - 0.5 : -0.5]
set ytics scale 0
set ytics ()
do for [i = 1:nrows] { set ytics add (names[i] i - 1) }
set xrange [0 : xmax * 1.3]
set xlabel 'build time (s, lower is better)'
set format x '%g'
set bmargin 4
unset key
plot \
  datafile using (column('seconds')):(column('row')):(0):(column('seconds')):(column('row') - hh):(column('row') + hh):(colour_int(column('series'))) \
      with boxxyerrorbars fs solid 0.85 border lc rgb '#333333' fc rgb variable, \
  datafile using (column('seconds')):(column('row')):(column('seconds_q1')):(column('seconds_q3')) \
      with xerrorbars pt -1 lc rgb '#222222', \
  datafile using (column('seconds_q3')):(column('row')):(sprintf('%.3g s%s', column('seconds'), \
      column('samples') > 1 ? sprintf(' (%d samples)', column('samples')) : '')) \
      with labels left offset char 0.5, 0 font font_small textcolor rgb '#222222'
