# overlay.gp -- <name>-runA-vs-runB_overlay (`ctbench plot --overlay A B`):
# queries per second of run A (before) and run B (after) as two horizontal
# bars per variant (data: overlay.sql), IQR whiskers, the ratio B/A printed
# at the right of each variant both runs have.  A unit that failed
# verification gets no bar, only an INVALID note; a variant one run lacks
# gets a "not in run X" note in that bar's place.  Variables: see common.gp,
# and run_a, run_b (the run ids).  With style_paper the figure takes its
# printed width (paper_w_in) and the legend goes below.

load plotdir.'/common.gp'
if (!exists("run_a")) run_a = 0
if (!exists("run_b")) run_b = 0
stats datafile using (column('nrows')) nooutput
nrows = int(STATS_max)
stats datafile using (column('xmax')) nooutput
xmax = STATS_max
stats datafile using (column('threads_a')) nooutput
thr_a = int(STATS_max)
stats datafile using (column('threads_b')) nooutput
thr_b = int(STATS_max)
stats datafile using (column('kind_a') == 1 || column('kind_b') == 1 ? 1 : 0) nooutput
n_approx = int(STATS_sum)
array names[nrows]
stats datafile using (names[int(column('row')) + 1] = strcol('label'), 1) nooutput

W = 1100
H = 275 + nrows * 40
if (style_paper) {
    # printed size: per variant its name on a line of its own above its two
    # bars (the names are too long for a y axis 3.3 in wide), the legend below
    W = paper_w_in * 96.0
    H = paper_h_in > 0 ? paper_h_in * 96.0 : nrows * 3.6 * font_pt + 12 * font_pt
}
figtitle = sprintf('run %d vs run %d: queries per second', run_a, run_b)
load plotdir.'/frame.gp'

# screen: two bars per variant row, its name a y tic; paper: the name on the
# top line of the row (yname), the two bars below it
bh = style_paper ? 0.28 : 0.38
ypos(row, s) = style_paper ? row - 0.15 + bh * (s + 0.5) + (s ? 0.02 : 0) \
                           : row - 0.4 + bh * (s + 0.5) + (s ? 0.02 : 0)
yname(row) = row - 0.34
thr_text = (thr_a == thr_b) ? sprintf('%d thread%s', thr_a, thr_a == 1 ? '' : 's') \
                            : sprintf('%d / %d threads', thr_a, thr_b)

set yrange [nrows - 0.5 : -0.5]
set format x '%g'
if (style_paper) {
    set xlabel sprintf("queries / s at %s (higher is better)\nright: ratio run %d / run %d", \
                       thr_text, run_b, run_a)
    set xrange [0 : (xmax > 0 ? xmax * 1.3 : 1)]
    unset ytics
    set key below center vertical maxcols 1 reverse Left samplen 2 spacing 1.0
    set lmargin 1.5
    set rmargin 1.5
} else {
    set xlabel sprintf('queries / s at %s (higher is better); right: ratio run %d / run %d', \
                       thr_text, run_b, run_a)
    set xrange [0 : (xmax > 0 ? xmax * 1.45 : 1)]
    set ytics scale 0
    set ytics ()
    do for [i = 1:nrows] { set ytics add (names[i] i - 1) }
    set key below center horizontal reverse Left samplen 2 spacing 1.2 width 1 maxcols 3
    set bmargin 6
}
# where the ratio goes: right of the longest bar (paper: the right end of the
# name line)
xratio = style_paper ? (xmax > 0 ? xmax * 1.3 : 1) : (xmax > 0 ? xmax * 1.2 : 0.8)
yratio(row) = style_paper ? yname(row) : row
ratio_align = style_paper ? 'right' : 'left'

plot \
  datafile using (column('kind_a') == 0 ? column('qps_a') : NaN):(ypos(column('row'), 0)):(0):(column('qps_a')):(ypos(column('row'), 0) - bh / 2):(ypos(column('row'), 0) + bh / 2) \
      with boxxyerrorbars fs solid 0.85 border lc rgb '#333333' fc rgb colour(4) \
      title sprintf('run %d (before)', run_a), \
  datafile using (column('kind_b') == 0 ? column('qps_b') : NaN):(ypos(column('row'), 1)):(0):(column('qps_b')):(ypos(column('row'), 1) - bh / 2):(ypos(column('row'), 1) + bh / 2) \
      with boxxyerrorbars fs solid 0.85 border lc rgb '#333333' fc rgb colour(0) \
      title sprintf('run %d (after)', run_b), \
  datafile using (column('kind_a') == 1 ? column('qps_a') : NaN):(ypos(column('row'), 0)):(0):(column('qps_a')):(ypos(column('row'), 0) - bh / 2):(ypos(column('row'), 0) + bh / 2) \
      with boxxyerrorbars fs pattern 4 border lc rgb colour(4) fc rgb colour(4) notitle, \
  datafile using (column('kind_b') == 1 ? column('qps_b') : NaN):(ypos(column('row'), 1)):(0):(column('qps_b')):(ypos(column('row'), 1) - bh / 2):(ypos(column('row'), 1) + bh / 2) \
      with boxxyerrorbars fs pattern 4 border lc rgb colour(0) fc rgb colour(0) notitle, \
  keyentry with boxes fs pattern 4 border lc rgb '#555555' fc rgb '#555555' \
      title (n_approx > 0 ? 'approximate (hatched)' : ''), \
  datafile using (column('qps_a')):(ypos(column('row'), 0)):(column('qps_a_q1')):(column('qps_a_q3')) \
      with xerrorbars pt -1 lc rgb '#222222' lw 1.2 notitle, \
  datafile using (column('qps_b')):(ypos(column('row'), 1)):(column('qps_b_q1')):(column('qps_b_q3')) \
      with xerrorbars pt -1 lc rgb '#222222' lw 1.2 notitle, \
  datafile using (column('qps_a_q3')):(ypos(column('row'), 0)):(si(column('qps_a'))) \
      with labels left offset char 0.6, 0 font font_small textcolor rgb '#222222' notitle, \
  datafile using (column('qps_b_q3')):(ypos(column('row'), 1)):(si(column('qps_b'))) \
      with labels left offset char 0.6, 0 font font_small textcolor rgb '#222222' notitle, \
  datafile using (xratio):(column('ratio') == column('ratio') ? yratio(column('row')) : NaN):(sprintf('%.2fx', column('ratio'))) \
      with labels @ratio_align textcolor rgb '#000000' notitle, \
  datafile using (0):(style_paper ? yname(column('row')) : NaN):(strcol('label')) \
      with labels left textcolor rgb '#222222' notitle, \
  datafile using (0):(column('kind_a') == 2 ? ypos(column('row'), 0) : NaN):('INVALID: failed verification, no timing shown') \
      with labels left offset char 0.8, 0 font font_small textcolor rgb invalid_colour notitle, \
  datafile using (0):(column('kind_b') == 2 ? ypos(column('row'), 1) : NaN):('INVALID: failed verification, no timing shown') \
      with labels left offset char 0.8, 0 font font_small textcolor rgb invalid_colour notitle, \
  datafile using (0):(column('kind_a') == -1 ? ypos(column('row'), 0) : NaN):(sprintf('not in run %d', run_a)) \
      with labels left offset char 0.8, 0 font font_small textcolor rgb '#666666' notitle, \
  datafile using (0):(column('kind_b') == -1 ? ypos(column('row'), 1) : NaN):(sprintf('not in run %d', run_b)) \
      with labels left offset char 0.8, 0 font font_small textcolor rgb '#666666' notitle
