# work.gp -- <name>_work: the work of one query per variant (data: work.sql)
# as horizontal bars: distance evaluations, and in a second panel the V data
# read (the bytes of V rows, in KiB, or MiB when that is over 1024 KiB), the
# working set the layout and precision change.  Value labels are all in the
# si() format of common.gp (65.1k, 131k).  Same variant order as the qps
# figure; approximate variants hatched, variants that failed verification
# only marked INVALID.  Paper layout (style_paper): each variant's name is a
# line of text above its bars, spanning both panels.

load plotdir.'/common.gp'

stats datafile using (column('row')) nooutput
nrows = int(STATS_max) + 1
stats datafile using (column('label_chars')) nooutput
lchars = STATS_max
array names[nrows]
stats datafile using (names[int(column('row')) + 1] = strcol('label'), 1) nooutput
stats datafile using (column('dist_evals') == column('dist_evals') ? column('dist_evals') : 0) nooutput
dmax = STATS_max
stats datafile using (column('v_kib') == column('v_kib') && column('v_kib') > 0 ? column('v_kib') : 0) nooutput
vmax = STATS_max
npanels = vmax > 0 ? 2 : 1
# the unit of the second panel: KiB, or MiB when the largest value is over 1024 KiB
vdiv = vmax > 1024 ? 1024.0 : 1.0
vunit = vdiv > 1 ? 'MiB' : 'KiB'

W = npanels == 2 ? 1300 : 1000
H = 205 + nrows * 26
if (style_paper) {
    W = paper_W
    rowh = line_px * 2.1
    H = paper_h_in > 0 ? paper_h_in * 96.0 : nrows * rowh + line_px * 6
}
figtitle = 'work per query'
load plotdir.'/frame.gp'

if (style_paper) {
    lm = 0.02
    gap = 0.06
    right = 0.96
    nf = 1.1 * line_px / rowh
    hh = (1 - nf - 0.12) / 2
    ybar(r) = r - 0.5 + nf + hh
    xpad = 1.35
} else {
    lm = label_margin(lchars)
    gap = 0.035
    right = 0.97
    nf = 0
    hh = 0.35
    ybar(r) = r
    xpad = 1.2
}
pw = (right - lm - gap * (npanels - 1)) / npanels

set yrange [nrows - 0.5 : -0.5]
set ytics scale 0
set ytics ()
if (style_paper) {
    unset ytics
    set bmargin 4.5
} else {
    do for [i = 1:nrows] { set ytics add (names[i] i - 1) }
    set bmargin 4
}
unset key
set multiplot

set lmargin at screen lm
set rmargin at screen lm + pw
dhi = dmax > 0 ? dmax * xpad : 1
set xrange [0 : dhi]
eval lin_tics('x', 0, dhi, style_paper ? 3 : 5)
set xlabel (style_paper ? "distance evaluations\n/ query (lower: less work)" \
                        : 'distance evaluations / query (lower is less work)')
plot \
  datafile using (column('kind') == 0 ? column('dist_evals') : NaN):(ybar(column('row'))):(0):(column('dist_evals')):(ybar(column('row')) - hh):(ybar(column('row')) + hh) \
      with boxxyerrorbars fs solid 0.85 border lc rgb '#333333' fc rgb colour(0), \
  datafile using (column('kind') == 1 ? column('dist_evals') : NaN):(ybar(column('row'))):(0):(column('dist_evals')):(ybar(column('row')) - hh):(ybar(column('row')) + hh) \
      with boxxyerrorbars fs pattern 4 border lc rgb colour(0) fc rgb colour(0), \
  datafile using (column('dist_evals')):(ybar(column('row'))):(si(column('dist_evals'))) \
      with labels left offset char 0.5, 0 font font_small textcolor rgb '#222222', \
  datafile using (0):(style_paper ? column('row') - 0.5 + nf / 2 : NaN):(strcol('label')) \
      with labels left offset char 0.2, 0 font font_row_name textcolor rgb '#111111', \
  datafile using (0):(column('kind') == 2 ? ybar(column('row')) : NaN):('INVALID: failed verification') \
      with labels left offset char 0.8, 0 textcolor rgb invalid_colour

if (npanels == 2) {
    eval untitle
    set lmargin at screen lm + pw + gap
    set rmargin at screen right
    vhi = vmax * xpad / vdiv
    set xrange [0 : vhi]
    eval lin_tics('x', 0, vhi, style_paper ? 3 : 5)
    set xlabel sprintf(style_paper ? "V data read\n/ query (%s)" : 'V data read / query (%s)', vunit)
    if (!style_paper) {
        set ytics ()
        do for [i = 1:nrows] { set ytics add ('' i - 1) }
    } else {
        # no left axis line through the name lines that cross this panel
        set border 1 lc rgb '#444444'
    }
    plot \
      datafile using (column('kind') == 0 ? column('v_kib') / vdiv : NaN):(ybar(column('row'))):(0):(column('v_kib') / vdiv):(ybar(column('row')) - hh):(ybar(column('row')) + hh) \
          with boxxyerrorbars fs solid 0.85 border lc rgb '#333333' fc rgb colour(1), \
      datafile using (column('kind') == 1 ? column('v_kib') / vdiv : NaN):(ybar(column('row'))):(0):(column('v_kib') / vdiv):(ybar(column('row')) - hh):(ybar(column('row')) + hh) \
          with boxxyerrorbars fs pattern 4 border lc rgb colour(1) fc rgb colour(1), \
      datafile using (column('v_kib') / vdiv):(ybar(column('row'))):(si(column('v_kib') / vdiv)) \
          with labels left offset char 0.5, 0 font font_small textcolor rgb '#222222'
}
unset multiplot
