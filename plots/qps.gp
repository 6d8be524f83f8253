# qps.gp -- <name>_qps: queries per second of every variant as horizontal
# bars (data: qps.sql), one bar per thread count, fastest at the top; the
# whisker is the IQR of the repetitions.  Approximate variants are hatched
# and named "(approx, recall r)"; variants that failed verification get no
# bar, only an INVALID note.  Variables: see common.gp.

load plotdir.'/common.gp'
stats datafile using (column('row')) nooutput
nrows = int(STATS_max) + 1
stats datafile using (column('nseries')) nooutput
nseries = int(STATS_max)
stats datafile using (column('qps_q3')) nooutput
xmax = STATS_max
array thr[nseries]
do for [i = 0:nseries - 1] {
    stats datafile using (column('series') == i ? column('threads') : NaN) nooutput
    thr[i + 1] = int(STATS_max)
}
stats datafile using (column('kind') == 1 ? 1 : 0) nooutput
n_approx = int(STATS_sum)
array names[nrows]
stats datafile using (names[int(column('row')) + 1] = strcol('label'), 1) nooutput

rowh = (nseries > 1 ? 15 * nseries + 10 : 24)
W = 1100
H = 275 + nrows * rowh
figtitle = 'queries per second'
load plotdir.'/frame.gp'

bh = 0.8 / nseries
ypos(row, s) = row - 0.4 + bh * (s + 0.5)
thr_title(i) = sprintf('%d thread%s', thr[i + 1], thr[i + 1] == 1 ? '' : 's')

set xlabel (nseries > 1 ? sprintf('queries / s (higher is better; sorted by q/s at %d threads)', main_threads) \
                        : 'queries / s (higher is better)')
set xrange [0 : (xmax > 0 ? xmax * 1.18 : 1)]
set yrange [nrows - 0.5 : -0.5]
set ytics scale 0
set ytics ()
do for [i = 1:nrows] { set ytics add (names[i] i - 1) }
set format x '%g'
set key below center horizontal reverse Left samplen 2 spacing 1.2 width 1 maxcols 4
set bmargin 6

plot \
  for [i = 0:nseries - 1] datafile \
      using (column('series') == i && column('kind') == 0 ? column('qps') : NaN):(ypos(column('row'), i)):(0):(column('qps')):(ypos(column('row'), i) - bh / 2):(ypos(column('row'), i) + bh / 2) \
      with boxxyerrorbars fs solid 0.85 border lc rgb '#333333' fc rgb colour(i) title thr_title(i), \
  for [i = 0:nseries - 1] datafile \
      using (column('series') == i && column('kind') == 1 ? column('qps') : NaN):(ypos(column('row'), i)):(0):(column('qps')):(ypos(column('row'), i) - bh / 2):(ypos(column('row'), i) + bh / 2) \
      with boxxyerrorbars fs pattern 4 border lc rgb colour(i) fc rgb colour(i) notitle, \
  keyentry with boxes fs pattern 4 border lc rgb '#555555' fc rgb '#555555' \
      title (n_approx > 0 ? 'approximate (hatched)' : ''), \
  datafile using (column('qps')):(ypos(column('row'), column('series'))):(column('qps_q1')):(column('qps_q3')) \
      with xerrorbars pt -1 lc rgb '#222222' lw 1.2 notitle, \
  datafile using (column('qps_q3')):(ypos(column('row'), column('series'))):(si(column('qps'))) \
      with labels left offset char 0.6, 0 font font_small textcolor rgb '#222222' notitle, \
  datafile using (0):(column('kind') == 2 && column('series') == 0 ? column('row') : NaN):('INVALID: failed verification, no timing shown') \
      with labels left offset char 0.8, 0 textcolor rgb invalid_colour notitle
