# total.gp -- <name>_total: the end-to-end time against the workload size n
# (data: total.sql), one colour per variant: the total (factor + tree build +
# layout lowering + the query batch's median) as a solid line with markers,
# the queries alone as a thin dashed line of the same colour, so the gap
# between the two is the setup; the factor, the same for every variant, as a
# grey dotted line.  y on a log scale; n on a log2 axis when the sizes span
# 4x or more (linear otherwise), a tic at every size.  The legend lists the
# variants fastest first on the largest n with the setup's share there; a
# unit that failed verification is a red cross on the bottom edge at its n
# (no time drawn) and its variant's legend entry says INVALID.  Paper layout
# (style_paper): the legend below the plot.

load plotdir.'/common.gp'

stats datafile using (column('nseries')) nooutput
nseries = int(STATS_max)
array names[nseries]
# a narrow paper figure names the variants only (the setup share would not fit)
narrow = style_paper && paper_w_in < 5
stats datafile using (names[int(column('series')) + 1] = strcol(narrow ? 'legend_short' : 'legend'), 1) nooutput
stats datafile using (column('n')) nooutput
nmin = STATS_min
nmax = STATS_max
nrecords = int(STATS_records)
array sizes[nrecords]
stats datafile using (sizes[int($0) + 1] = column('n'), 1) nooutput
stats datafile using (column('ylo')) nooutput
ymin = STATS_min
stats datafile using (column('yhi')) nooutput
ymax = STATS_max
stats datafile using (column('valid') != 0 ? 0 : 1) nooutput
ninvalid = int(STATS_sum)
nkeys = nseries + 2 + (ninvalid > 0)

W = 1250
H = 640 > 260 + 22 * nkeys ? 640 : 260 + 22 * nkeys
if (style_paper) {
    # printed size: the plot about 0.7 of the width tall, the legend below it
    # (one entry per line at 1.25 lines of the font each)
    W = paper_W
    H = paper_h_in > 0 ? paper_h_in * 96.0 : W * 0.72 + (nkeys + 3) * line_px + 4 * font_pt
}
figtitle = 'end-to-end time against the workload size n'
load plotdir.'/frame.gp'

if (style_paper) {
    set lmargin 9
    set rmargin 1.5
} else {
    set lmargin at screen 0.08
    set rmargin at screen 0.56
    set bmargin 4
}
if (nmax / nmin >= 4) {
    set logscale x 2
    set xrange [nmin / 1.25 : nmax * 1.25]
    set xlabel 'workload size n (points, log2 scale)'
} else {
    pad = (nmax - nmin) * 0.08
    set xrange [nmin - pad : nmax + pad]
    set xlabel 'workload size n (points)'
}
set xtics ()
do for [i = 1:nrecords] { set xtics add (sprintf('%d', sizes[i]) sizes[i]) }
ylo = ymin / 1.4
yhi = ymax * 1.25
set logscale y
set yrange [ylo : yhi]
eval log_tics('y', ylo, yhi)
set ylabel (style_paper ? 'seconds (log scale)' : 'end-to-end seconds (log scale)')
set format y '%g'
set grid xtics ytics lc rgb '#e4e4e4'
if (style_paper) {
    set key outside below center vertical maxcols 1 Left reverse samplen 2 spacing 1.0 \
        noenhanced title (narrow ? "\nvariant (fastest total first at the largest n)" : \
                          "\nvariant: setup share of the total at the largest n (fastest total first)")
    key_queries = 'dashed: the queries alone'
    key_factor = 'dotted: the factor (every variant)'
    key_invalid = 'failed verification (INVALID, no time)'
} else {
    set key at screen 0.58, screen 1 - 7.5 * 16 / H left top vertical Left reverse samplen 2.5 \
        spacing 1.15 noenhanced \
        title "variant: setup share of the total at the largest n\n(fastest total first)"
    key_queries = 'dashed, same colour: the queries alone (the gap above is the setup)'
    key_factor = 'dotted: the factor (the same for every variant)'
    key_invalid = 'failed verification at this n (INVALID: no time drawn)'
}
lw_total = style_paper ? 1.0 : 1.5
lw_query = style_paper ? 0.6 : 0.9
ps_line = style_paper ? 0.55 : 1.1
# the red crosses of failed units sit just above the bottom edge
y_invalid = ylo * (yhi / ylo) ** 0.03

# the data without titles, then the legend as key entries (a variant whose
# every unit failed has no point, and gnuplot would drop its title)
plot for [i = 0:nseries - 1] datafile \
      using (column('series') == i && column('valid') != 0 ? column('n') : NaN):(column('total_s')) \
      with linespoints lw lw_total dt 1 pt point_type(i) ps ps_line lc rgb colour(i) notitle, \
     for [i = 0:nseries - 1] datafile \
      using (column('series') == i && column('valid') != 0 ? column('n') : NaN):(column('query_s')) \
      with lines lw lw_query dt 2 lc rgb colour(i) notitle, \
     datafile using (column('first_at_n') != 0 && column('factor_s') > 0 ? column('n') : NaN):(column('factor_s')) \
      with linespoints lw lw_query dt 3 pt 6 ps ps_line * 0.8 lc rgb '#666666' notitle, \
     datafile using (column('valid') != 0 ? NaN : column('n')):(y_invalid) \
      with points pt 2 ps ps_line * 1.2 lw 1.5 lc rgb invalid_colour notitle, \
     for [i = 0:nseries - 1] keyentry with linespoints lw lw_total dt 1 pt point_type(i) \
      ps ps_line lc rgb colour(i) title names[i + 1], \
     keyentry with lines lw lw_query dt 2 lc rgb '#444444' title key_queries, \
     keyentry with linespoints lw lw_query dt 3 pt 6 ps ps_line * 0.8 lc rgb '#666666' \
      title key_factor, \
     for [j = 1:(ninvalid > 0 ? 1 : 0)] keyentry with points pt 2 ps ps_line * 1.2 lw 1.5 \
      lc rgb invalid_colour title key_invalid
