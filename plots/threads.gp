# threads.gp -- <name>_threads: queries per second (log scale) against the
# thread count, one line per variant (data: threads.sql), IQR whiskers.  The
# legend lists the variants fastest first (at the main thread count).  The
# grey dotted line is ideal (linear) scaling of the fastest variant from its
# q/s at the fewest threads.

load plotdir.'/common.gp'

stats datafile using (column('nseries')) nooutput
nseries = int(STATS_max)
array names[nseries]
stats datafile using (names[int(column('series')) + 1] = strcol('label'), 1) nooutput
stats datafile using (column('threads')) nooutput
tmin = STATS_min
tmax = STATS_max
nrecords = int(STATS_records)
array counts[nrecords]
stats datafile using (counts[int($0) + 1] = column('threads'), 1) nooutput
stats datafile using (column('qps_q1')) nooutput
ymin = STATS_min
stats datafile using (column('qps_q3')) nooutput
ymax = STATS_max
# the fastest variant's q/s at the fewest threads: where ideal scaling starts
stats datafile using ((column('series') == 0 && column('threads') == tmin) ? column('qps') : NaN) nooutput
ideal_base = STATS_max
if (ideal_base == ideal_base && ideal_base * tmax / tmin > ymax) ymax = ideal_base * tmax / tmin

W = 1250
H = 640 > 220 + 22 * nseries ? 640 : 220 + 22 * nseries
if (style_paper) {
    # printed size: the plot about 0.7 of the width tall, the legend below it
    # (one entry per line at 1.25 lines of the font each)
    W = paper_w_in * 96.0
    H = paper_h_in > 0 ? paper_h_in * 96.0 : W * 0.72 + (nseries + 2) * font_pt * 1.25 + 4 * font_pt
}
figtitle = 'queries per second against threads'
load plotdir.'/frame.gp'

if (style_paper) {
    set lmargin 9
    set rmargin 1.5
} else {
    set lmargin at screen 0.08
    set rmargin at screen 0.58
    set bmargin 4
}
if (tmax / tmin >= 4) {
    set logscale x 2
    set xrange [tmin / 1.2 : tmax * 1.2]
} else {
    set xrange [tmin - 0.3 : tmax + 0.3]
}
set xtics ()
do for [i = 1:nrecords] { set xtics add (sprintf('%d', counts[i]) counts[i]) }
set xlabel 'threads'
set logscale y
set ylabel 'queries / s (log scale)'
set yrange [ymin / 1.25 : ymax * 1.25]
eval log_tics('y', ymin / 1.25, ymax * 1.25)
set format y '%g'
set grid xtics ytics lc rgb '#e4e4e4'
if (style_paper) {
    set key outside below center vertical maxcols 1 Left reverse samplen 2 spacing 1.0 \
        noenhanced title "\nvariant (fastest first)"
} else {
    set key at screen 0.60, screen 1 - 7.5 * 16 / H left top vertical Left reverse samplen 2.5 \
        spacing 1.15 noenhanced title 'variant (fastest first)'
}

plot for [i = 0:nseries - 1] datafile \
      using (column('series') == i ? column('threads') : NaN):(column('qps')):(column('qps_q1')):(column('qps_q3')) \
      with yerrorlines lw (style_paper ? 1 : 1.5) dt 1 + (i >= 8) + (i >= 16) pt point_type(i) \
      ps (style_paper ? 0.55 : 1.1) \
      lc rgb colour(i) title names[i + 1], \
     (x >= tmin && x <= tmax ? ideal_base * x / tmin : NaN) with lines lw 1.2 dt 3 lc rgb '#777777' \
      title sprintf('ideal scaling of %s', names[1])
