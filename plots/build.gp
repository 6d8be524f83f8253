# build.gp -- <name>_build: tree build time per build configuration (data:
# build.sql) as horizontal bars grouped by workload size; median over the
# build samples of a configuration with IQR whiskers.  A bar is named by
# what sets its configuration apart (the words all configurations share are
# written once, under the axis).  The colour says the workload size, with a
# legend, when the run has several; else every bar has the same colour.
# Paper layout (style_paper): the name is a line of text above its bar.

load plotdir.'/common.gp'

stats datafile using (column('row')) nooutput
nrows = int(STATS_max) + 1
array names[nrows]
stats datafile using (names[int(column('row')) + 1] = strcol('label'), 1) nooutput
stats datafile using (column('seconds_q3')) nooutput
xmax = STATS_max
stats datafile using (column('nsizes')) nooutput
nsizes = int(STATS_max)
array size_n[nsizes]
common = ''
stats datafile using (size_n[int(column('size')) + 1] = column('n'), common = strcol('common'), 1) nooutput
common = common eq '-' ? '' : common

W = 1100
H = 230 + nrows * 30
if (style_paper) {
    W = paper_W
    rowh = line_px * 2.1
    H = paper_h_in > 0 ? paper_h_in * 96.0 : nrows * rowh + line_px * (6 + (nsizes > 1 ? 1.5 : 0))
}
figtitle = 'tree build time'
load plotdir.'/frame.gp'

if (style_paper) {
    nf = 1.1 * line_px / rowh
    hh = (1 - nf - 0.12) / 2
    ybar(r) = r - 0.5 + nf + hh
} else {
    nf = 0
    hh = 0.35
    ybar(r) = r
}
bar_colour(s) = nsizes > 1 ? colour_int(s) : colour_int(0)
set yrange [nrows - 0.5 : -0.5]
set ytics scale 0
set ytics ()
xhi = xmax * (style_paper ? 1.45 : 1.3)
set xrange [0 : xhi]
eval lin_tics('x', 0, xhi, style_paper ? 4 : 8)
set xlabel sprintf('build time (s, lower is better)%s', \
                   common eq '' ? '' : sprintf("\nevery build: %s", common))
if (style_paper) {
    unset ytics
    set lmargin 1
    set rmargin 2
    set bmargin 3.5 + (common eq '' ? 0 : 1) + (nsizes > 1 ? 1.5 : 0)
} else {
    do for [i = 1:nrows] { set ytics add (names[i] i - 1) }
    set bmargin 4 + (common eq '' ? 0 : 1) + (nsizes > 1 ? 1.5 : 0)
}
if (nsizes > 1) {
    set key below center horizontal Left reverse samplen 1.5 spacing 1.0 width 0.5
} else {
    unset key
}
plot \
  datafile using (column('seconds')):(ybar(column('row'))):(0):(column('seconds')):(ybar(column('row')) - hh):(ybar(column('row')) + hh):(bar_colour(column('size'))) \
      with boxxyerrorbars fs solid 0.85 border lc rgb '#333333' fc rgb variable notitle, \
  for [s = 1:(nsizes > 1 ? nsizes : 0)] keyentry with boxes fs solid 0.85 border lc rgb '#333333' \
      fc rgb colour(s - 1) title sprintf('n = %d', size_n[s]), \
  datafile using (column('seconds_q1')):(ybar(column('row'))):(column('seconds_q3') - column('seconds_q1')):(0) \
      with vectors heads size screen whisker_cap, 90 lw lw_whisker lc rgb '#222222' notitle, \
  datafile using (column('seconds_q3')):(ybar(column('row'))):(sprintf('%.3g s%s', column('seconds'), \
      column('samples') > 1 ? sprintf(' (%d samples)', column('samples')) : '')) \
      with labels left offset char 0.5, 0 font font_small textcolor rgb '#222222' notitle, \
  datafile using (0):(style_paper ? column('row') - 0.5 + nf / 2 : NaN):(strcol('label')) \
      with labels left offset char 0.2, 0 font font_row_name textcolor rgb '#111111' notitle
