# counters.gp -- <name>_counters: cache counters per query per variant
# (data: counters.sql), one panel per event, one dot per variant (hollow:
# approximate) in the qps figure's order.  Each panel's axis spans its data
# (min..max with padding), not 0..max, so differences of a few per cent are
# visible; the axis label says when it does not start at 0 (it does when the
# smallest value is under 30 % of the largest).  Hardware counters (PAPI)
# carry IQR whiskers over the repetitions; simulated ones (callgrind's cache
# model, `source` is 'simulated') are one deterministic sample.  The title
# says which.  Paper layout (style_paper): each variant's name is a line of
# text above its dots, spanning the panels.

load plotdir.'/common.gp'

stats datafile using (column('row')) nooutput
nrows = int(STATS_max) + 1
stats datafile using (column('npanels')) nooutput
npanels = int(STATS_max)
stats datafile using (column('label_chars')) nooutput
lchars = STATS_max
array ptitle[npanels]
array pevent[npanels]
array pmin[npanels]
array pmax[npanels]
array names[nrows]
stats datafile using (names[int(column('row')) + 1] = strcol('label'), \
                      ptitle[int(column('panel')) + 1] = strcol('panel_title'), \
                      pevent[int(column('panel')) + 1] = strcol('panel_event'), 1) nooutput
# the extent of a row: its whisker, or its value when it has none
row_lo(c) = column('value_q1') == column('value_q1') ? column('value_q1') : column('value')
row_hi(c) = column('value_q3') == column('value_q3') ? column('value_q3') : column('value')
do for [p = 0:npanels - 1] {
    stats datafile using (column('panel') == p && column('value') == column('value') ? row_hi(0) : 0) nooutput
    pmax[p + 1] = STATS_max
    stats datafile using (column('panel') == p && column('value') == column('value') ? row_lo(0) : 1e300) nooutput
    pmin[p + 1] = STATS_min < 1e300 ? STATS_min : 0
}

hardware = (source ne 'simulated')
W = npanels > 1 ? (npanels > 2 ? (npanels > 3 ? 1650 : 1500) : 1300) : 1000
H = 220 + nrows * 26
if (style_paper) {
    W = paper_W
    rowh = line_px * 2.0
    H = paper_h_in > 0 ? paper_h_in * 96.0 : nrows * rowh + line_px * 6.5
}
figtitle = hardware ? 'hardware cache counters per query (PAPI)' \
                    : 'simulated cache counters per query (callgrind cache model, not hardware)'
load plotdir.'/frame.gp'

if (style_paper) {
    lm = 0.02
    gap = 0.05
    right = 0.97
    nf = 1.1 * line_px / rowh
    ydot(r) = r - 0.5 + nf + (1 - nf) / 2
    ps_dot = 0.6
} else {
    lm = label_margin(lchars)
    gap = 0.03
    right = 0.975
    nf = 0
    ydot(r) = r
    ps_dot = 1.1
}
pw = (right - lm - gap * (npanels - 1)) / npanels
# " / query" on a line of its own in a narrow panel
short_title(t) = strstrt(t, ' / ') > 0 ? t[1:strstrt(t, ' / ') - 1] . "\n" . t[strstrt(t, ' / ') + 1:] : t

set yrange [nrows - 0.5 : -0.5]
set ytics scale 0
if (style_paper) { set bmargin 5.5 } else { set bmargin 5 }
unset key
set multiplot
do for [p = 0:npanels - 1] {
    if (p > 0) { eval untitle }
    lo = pmin[p + 1]
    hi = pmax[p + 1]
    from_zero = (lo <= 0.3 * hi)
    pad = (hi - lo) > 0 ? (hi - lo) * 0.12 : (hi > 0 ? hi * 0.05 : 1)
    xlo = from_zero ? 0 : lo - pad
    xhi = hi + pad
    mid = (xlo + xhi) / 2
    set lmargin at screen lm + p * (pw + gap)
    set rmargin at screen lm + p * (pw + gap) + pw
    set xrange [xlo : xhi]
    # a narrow paper panel gets few tics (every dot is labelled with its value)
    eval lin_tics('x', xlo, xhi, style_paper ? (pw * W < 150 ? 2 : 3) : 4)
    if (style_paper) { set xtics font font_small }
    if (style_paper) {
        set xlabel sprintf("%s%s", short_title(ptitle[p + 1]), from_zero ? '' : "\n(axis not from 0)") \
            font font_small
        unset ytics
        if (p > 0) { set border 1 lc rgb '#444444' }
    } else {
        set xlabel sprintf("%s%s\n(%s)", ptitle[p + 1], from_zero ? '' : ' (axis does not start at 0)', \
                           pevent[p + 1])
        set ytics ()
        if (p == 0) {
            do for [i = 1:nrows] { set ytics add (names[i] i - 1) }
        } else {
            do for [i = 1:nrows] { set ytics add ('' i - 1) }
        }
    }
    plot \
      datafile using (column('panel') == p && column('kind') == 0 ? column('value') : NaN):(ydot(column('row'))) \
          with points pt 7 ps ps_dot lc rgb colour(p + 2), \
      datafile using (column('panel') == p && column('kind') == 1 ? column('value') : NaN):(ydot(column('row'))) \
          with points pt 6 ps ps_dot lw 1.2 lc rgb colour(p + 2), \
      datafile using (column('panel') == p && column('value_q1') == column('value_q1') ? column('value_q1') : NaN):(ydot(column('row'))):(column('value_q3') - column('value_q1')):(0) \
          with vectors heads size screen whisker_cap, 90 lw lw_whisker lc rgb '#222222', \
      datafile using (column('panel') == p && column('value') <= mid ? row_hi(0) : NaN):(ydot(column('row'))):(si(column('value'))) \
          with labels left offset char 0.5, 0 font font_small textcolor rgb '#222222', \
      datafile using (column('panel') == p && column('value') > mid ? row_lo(0) : NaN):(ydot(column('row'))):(si(column('value'))) \
          with labels right offset char -0.5, 0 font font_small textcolor rgb '#222222', \
      datafile using (xlo):(style_paper && p == 0 && column('panel') == 0 ? column('row') - 0.5 + nf / 2 : NaN):(strcol('label')) \
          with labels left offset char 0.2, 0 font font_row_name textcolor rgb '#111111', \
      datafile using (xlo):(column('panel') == p && column('kind') == 2 ? ydot(column('row')) : NaN):(p == 0 ? 'INVALID: failed verification' : 'INVALID') \
          with labels left offset char 0.8, 0 textcolor rgb invalid_colour, \
      datafile using (xlo):(column('panel') == p && column('kind') != 2 && column('value') != column('value') ? ydot(column('row')) : NaN):('n/a') \
          with labels left offset char 0.8, 0 textcolor rgb '#666666'
}
unset multiplot
