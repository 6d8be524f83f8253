# qps.gp -- <name>_qps: queries per second of every variant as horizontal
# bars (data: qps.sql), one bar per thread count, fastest at the top; the
# whisker is the IQR of the repetitions.  Approximate variants are hatched
# and named "(approx, recall r)"; variants that failed verification get no
# bar, only an INVALID note.  Paper layout (style_paper): the variant name
# is a line of text above its bars (a name column would take most of a
# 3.3 in width), the legend below.  Variables: see common.gp.

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
if (style_paper) {
    # a row: the name line, then one bar of 0.9 lines per thread count
    W = paper_W
    rowh = line_px * (1.1 + 0.9 * nseries)
    H = paper_h_in > 0 ? paper_h_in * 96.0 : nrows * rowh + line_px * 7.5
}
figtitle = 'queries per second'
load plotdir.'/frame.gp'

if (style_paper) {
    # the share of a row the name line takes; bars fill the rest
    nf = 1.1 * line_px / rowh
    bh = (1 - nf - 0.1) / nseries
    ypos(row, s) = row - 0.5 + nf + bh * (s + 0.5)
} else {
    nf = 0
    bh = 0.8 / nseries
    ypos(row, s) = row - 0.4 + bh * (s + 0.5)
}
thr_title(i) = sprintf('%d thread%s', thr[i + 1], thr[i + 1] == 1 ? '' : 's')

set xlabel (nseries > 1 ? sprintf('queries / s (higher is better; sorted by q/s at %d threads)', main_threads) \
                        : 'queries / s (higher is better)')
xhi = xmax > 0 ? xmax * (style_paper ? 1.22 : 1.18) : 1
set xrange [0 : xhi]
eval lin_tics('x', 0, xhi, style_paper ? 4 : 8)
set yrange [nrows - 0.5 : -0.5]
set ytics scale 0
set ytics ()
if (style_paper) {
    # two lines only in a narrow column (the automatic bottom margin counts
    # one line of the label less when the legend is below it)
    xlabel_lines = 1
    if (nseries > 1 && paper_w_in < 5) {
        set xlabel sprintf("queries / s (higher is better;\nsorted by q/s at %d threads)", main_threads)
        xlabel_lines = 2
    }
    unset ytics
    set lmargin 1
    set rmargin 3
    # room for the tics, the label and a legend of up to two rows below it
    # (gnuplot's automatic margin let the legend overlap a one-line label)
    set bmargin 2 + xlabel_lines + 2.5
    set key at screen 0.5, screen 0.005 center bottom horizontal reverse Left samplen 1.5 \
        spacing 1.0 width 0.5 maxrows 2
} else {
    do for [i = 1:nrows] { set ytics add (names[i] i - 1) }
    set key below center horizontal reverse Left samplen 2 spacing 1.2 width 1 maxcols 4
    set bmargin 6
}

plot \
  for [i = 0:nseries - 1] datafile \
      using (column('series') == i && column('kind') == 0 ? column('qps') : NaN):(ypos(column('row'), i)):(0):(column('qps')):(ypos(column('row'), i) - bh / 2):(ypos(column('row'), i) + bh / 2) \
      with boxxyerrorbars fs solid 0.85 border lc rgb '#333333' fc rgb colour(i) title thr_title(i), \
  for [i = 0:nseries - 1] datafile \
      using (column('series') == i && column('kind') == 1 ? column('qps') : NaN):(ypos(column('row'), i)):(0):(column('qps')):(ypos(column('row'), i) - bh / 2):(ypos(column('row'), i) + bh / 2) \
      with boxxyerrorbars fs pattern 4 border lc rgb colour(i) fc rgb colour(i) notitle, \
  keyentry with boxes fs pattern 4 border lc rgb '#555555' fc rgb '#555555' \
      title (n_approx > 0 ? 'approximate (hatched)' : ''), \
  datafile using (column('qps_q1')):(ypos(column('row'), column('series'))):(column('qps_q3') - column('qps_q1')):(0) \
      with vectors heads size screen whisker_cap, 90 lc rgb '#222222' lw lw_whisker notitle, \
  datafile using (column('qps_q3')):(ypos(column('row'), column('series'))):(si(column('qps'))) \
      with labels left offset char 0.6, 0 font font_small textcolor rgb '#222222' notitle, \
  datafile using (0):(style_paper && column('series') == 0 ? column('row') - 0.5 + nf / 2 : NaN):(strcol('label')) \
      with labels left offset char 0.2, 0 font font_row_name textcolor rgb '#111111' notitle, \
  datafile using (0):(column('kind') == 2 && column('series') == 0 ? (style_paper ? ypos(column('row'), 0) : column('row')) : NaN):('INVALID: failed verification, no timing shown') \
      with labels left offset char 0.8, 0 textcolor rgb invalid_colour notitle
