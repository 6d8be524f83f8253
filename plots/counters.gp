# counters.gp -- <name>_counters: cache counters per query per variant
# (data: counters.sql), one panel per event, horizontal bars in the qps
# figure's order.  Hardware counters (PAPI) carry IQR whiskers over the
# repetitions; simulated ones (callgrind's cache model, `source` is
# 'simulated') are one deterministic sample.  The title says which.

load plotdir.'/common.gp'

stats datafile using (column('row')) nooutput
nrows = int(STATS_max) + 1
stats datafile using (column('npanels')) nooutput
npanels = int(STATS_max)
stats datafile using (column('label_chars')) nooutput
lchars = STATS_max
array ptitle[npanels]
array pevent[npanels]
array pmax[npanels]
array names[nrows]
stats datafile using (names[int(column('row')) + 1] = strcol('label'), \
                      ptitle[int(column('panel')) + 1] = strcol('panel_title'), \
                      pevent[int(column('panel')) + 1] = strcol('panel_event'), 1) nooutput
do for [p = 0:npanels - 1] {
    stats datafile using (column('panel') == p && column('value') == column('value') ? \
                          (column('value_q3') == column('value_q3') ? column('value_q3') : column('value')) : 0) nooutput
    pmax[p + 1] = STATS_max
}

hardware = (source ne 'simulated')
W = npanels > 1 ? (npanels > 2 ? (npanels > 3 ? 1650 : 1500) : 1300) : 1000
H = 220 + nrows * 26
figtitle = hardware ? 'hardware cache counters per query (PAPI)' \
                    : 'simulated cache counters per query (callgrind cache model, not hardware)'
load plotdir.'/frame.gp'

lm = label_margin(lchars)
gap = 0.03
right = 0.975
pw = (right - lm - gap * (npanels - 1)) / npanels
hh = 0.35

set yrange [nrows - 0.5 : -0.5]
set ytics scale 0
set format x '%g'
set bmargin 5
unset key
set multiplot
do for [p = 0:npanels - 1] {
    if (p > 0) { eval untitle }
    # large counts are drawn in thousands or millions (the bar labels stay exact)
    div = pmax[p + 1] >= 2e6 ? 1e6 : (pmax[p + 1] >= 2e4 ? 1e3 : 1)
    set lmargin at screen lm + p * (pw + gap)
    set rmargin at screen lm + p * (pw + gap) + pw
    set xrange [0 : (pmax[p + 1] > 0 ? pmax[p + 1] * 1.28 / div : 1)]
    set xtics nice_step(pmax[p + 1] * 1.28 / div, 4)
    set xlabel sprintf("%s%s\n(%s)", ptitle[p + 1], \
                       div == 1e6 ? ', millions' : (div == 1e3 ? ', thousands' : ''), pevent[p + 1])
    set ytics ()
    if (p == 0) {
        do for [i = 1:nrows] { set ytics add (names[i] i - 1) }
    } else {
        do for [i = 1:nrows] { set ytics add ('' i - 1) }
    }
    plot \
      datafile using (column('panel') == p && column('kind') == 0 ? column('value') / div : NaN):(column('row')):(0):(column('value') / div):(column('row') - hh):(column('row') + hh) \
          with boxxyerrorbars fs solid 0.85 border lc rgb '#333333' fc rgb colour(p + 2), \
      datafile using (column('panel') == p && column('kind') == 1 ? column('value') / div : NaN):(column('row')):(0):(column('value') / div):(column('row') - hh):(column('row') + hh) \
          with boxxyerrorbars fs pattern 4 border lc rgb colour(p + 2) fc rgb colour(p + 2), \
      datafile using (column('panel') == p ? column('value') / div : NaN):(column('row')):(column('value_q1') / div):(column('value_q3') / div) \
          with xerrorbars pt -1 lc rgb '#222222', \
      datafile using (column('panel') == p ? (column('value_q3') == column('value_q3') ? column('value_q3') : column('value')) / div : NaN):(column('row')):(count(column('value'))) \
          with labels left offset char 0.5, 0 font font_small textcolor rgb '#222222', \
      datafile using (0):(column('panel') == p && column('kind') == 2 ? column('row') : NaN):(p == 0 ? 'INVALID: failed verification' : 'INVALID') \
          with labels left offset char 0.8, 0 textcolor rgb invalid_colour, \
      datafile using (0):(column('panel') == p && column('kind') != 2 && column('value') != column('value') ? column('row') : NaN):('n/a') \
          with labels left offset char 0.8, 0 textcolor rgb '#666666'
}
unset multiplot
