# frame.gp -- loaded by every figure script once it knows its size: the
# terminal for the requested format at W x H pixels, the title block (figure
# title, context, machine, estimator) and the common look.  Text is never
# "enhanced": variant names hold '_' and '^'.  PDF and PNG use the SVG's
# proportions (96 px to the inch, fonts scaled alike).

# font sizes: SVG sizes are pixels, cairo sizes points (72 to the inch)
font_base = (fmt eq 'svg') ? font_pt : font_pt * 72.0 / 96.0
font_small = sprintf(',%.1f', font_base * 0.9)
font_title = sprintf(',%.1f', font_base * 1.3)
if (fmt eq 'svg') {
    set terminal svg size W, H dynamic noenhanced font sprintf('%s,%.1f', font_name, font_base) \
        background '#ffffff'
} else {
    if (fmt eq 'pdf') {
        # pdfcairo draws a font of N points 4/3 too large (measured with
        # pdftotext -bbox); fontscale 0.75 makes the PDF match the SVG
        set terminal pdfcairo size (W / 96.0), (H / 96.0) noenhanced fontscale 0.75 \
            font sprintf('%s,%.1f', font_name, font_base)
    } else {
        set terminal pngcairo size W, H noenhanced background '#ffffff' \
            font sprintf('%s,%.1f', font_name, font_base)
    }
}
set output output
set encoding utf8

if (!style_paper) {
set label 901 sprintf('%s: %s', name, figtitle) at screen 0.5, screen 1 offset 0, -1.2 \
    center font font_title
}
# a subtitle line in the small font, smaller still if it would not fit the width
# (DejaVu Sans averages about 0.56 em per character)
sub_font(text) = sprintf(',%.1f', (strlen(text) * font_pt * 0.95 * 0.56 > 0.96 * W) ? \
                         font_base * 0.96 * W / (strlen(text) * font_pt * 0.56) : font_base * 0.95)
if (provenance && !style_paper) {
set label 902 context at screen 0.5, screen 1 offset 0, -2.7 center \
    font sub_font(context) textcolor rgb '#333333'
set label 903 machine at screen 0.5, screen 1 offset 0, -3.8 \
    center font sub_font(machine) textcolor rgb '#333333'
set label 904 estimator at screen 0.5, screen 1 offset 0, -4.9 \
    center font sub_font(estimator) textcolor rgb '#333333'
set tmargin 7.5
} else {
    set tmargin (style_paper ? 1 : 3)
}
# drop the title block after the first panel of a multiplot
untitle = 'unset label 901; unset label 902; unset label 903; unset label 904'

set border 3 lc rgb '#444444'
set tics nomirror out
set grid xtics lc rgb '#dddddd' lw 1 dt 1
set style fill solid 0.85 border lc rgb '#333333'
# --style paper: the variant name printed above its bars (qps, work,
# counters, build), in the small font so that long names fit 3.3 in
font_row_name = style_paper ? font_small : sprintf(',%.1f', font_base)
