# work.gp -- <name>_work: the work of one query per variant (data: work.sql)
# as horizontal bars: distance evaluations, and in a second panel the bytes
# of V rows read (KiB), the working set the layout and precision change.
# Same variant order as the qps figure; approximate variants hatched,
# variants that failed verification only marked INVALID.

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

W = npanels == 2 ? 1300 : 1000
H = 205 + nrows * 26
figtitle = 'work per query'
load plotdir.'/frame.gp'

lm = label_margin(lchars)
gap = 0.035
right = 0.97
pw = (right - lm - gap * (npanels - 1)) / npanels
hh = 0.35

set yrange [nrows - 0.5 : -0.5]
set ytics scale 0
set ytics ()
do for [i = 1:nrows] { set ytics add (names[i] i - 1) }
set format x '%g'
set bmargin 4
unset key
set multiplot

set lmargin at screen lm
set rmargin at screen lm + pw
set xrange [0 : (dmax > 0 ? dmax * 1.2 : 1)]
set xtics nice_step(dmax * 1.2, 5)
set xlabel 'distance evaluations / query (lower is less work)'
plot \
  datafile using (column('kind') == 0 ? column('dist_evals') : NaN):(column('row')):(0):(column('dist_evals')):(column('row') - hh):(column('row') + hh) \
      with boxxyerrorbars fs solid 0.85 border lc rgb '#333333' fc rgb colour(0), \
  datafile using (column('kind') == 1 ? column('dist_evals') : NaN):(column('row')):(0):(column('dist_evals')):(column('row') - hh):(column('row') + hh) \
      with boxxyerrorbars fs pattern 4 border lc rgb colour(0) fc rgb colour(0), \
  datafile using (column('dist_evals')):(column('row')):(count(column('dist_evals'))) \
      with labels left offset char 0.5, 0 font font_small textcolor rgb '#222222', \
  datafile using (0):(column('kind') == 2 ? column('row') : NaN):('INVALID: failed verification') \
      with labels left offset char 0.8, 0 textcolor rgb invalid_colour

if (npanels == 2) {
    eval untitle
    set lmargin at screen lm + pw + gap
    set rmargin at screen right
    set xrange [0 : vmax * 1.2]
    set xtics nice_step(vmax * 1.2, 5)
    set xlabel 'V bytes read / query (KiB)'
    set ytics ()
    do for [i = 1:nrows] { set ytics add ('' i - 1) }
    plot \
      datafile using (column('kind') == 0 ? column('v_kib') : NaN):(column('row')):(0):(column('v_kib')):(column('row') - hh):(column('row') + hh) \
          with boxxyerrorbars fs solid 0.85 border lc rgb '#333333' fc rgb colour(1), \
      datafile using (column('kind') == 1 ? column('v_kib') : NaN):(column('row')):(0):(column('v_kib')):(column('row') - hh):(column('row') + hh) \
          with boxxyerrorbars fs pattern 4 border lc rgb colour(1) fc rgb colour(1), \
      datafile using (column('v_kib')):(column('row')):(count(column('v_kib'))) \
          with labels left offset char 0.5, 0 font font_small textcolor rgb '#222222'
}
unset multiplot
