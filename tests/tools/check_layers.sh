#!/usr/bin/env bash
# check_layers.sh -- prove that no two translation units of the given static
# libraries call each other in a cycle (the one-way link order already makes
# a call from a lower layer to a higher one a link error; this checks the
# files inside each library).  From `nm` of the archives: a file depends on
# the file that defines a symbol it uses; files are peeled off while some
# file depends on no remaining file, then while no remaining file depends on
# some file (Kahn's algorithm both ways); whatever remains lies on a cycle
# and is printed with the symbols that tie it.
#   usage: check_layers.sh LIB.a [LIB.a ...]      exit 0: no cycle, 1: cycle
set -euo pipefail
(($#)) || { echo "usage: check_layers.sh LIB.a ..." >&2; exit 2; }
for lib in "$@"; do nm -A "$lib"; done | awk '
    {
        split($1, part, ":"); obj = part[2]
        if (obj == "") next
        objs[obj] = 1
        if ($2 ~ /^[TDBRGSCV]$/) def[$3] = obj
        else if ($2 == "U") { n_use++; use_obj[n_use] = obj; use_sym[n_use] = $3 }
    }
    END {
        for (i = 1; i <= n_use; i++) {
            to = def[use_sym[i]]
            if (to == "" || to == use_obj[i]) continue
            key = use_obj[i] SUBSEP to
            if (!(key in edge)) { edge[key] = use_sym[i]; out[use_obj[i]]++ }
        }
        do {
            removed = 0
            for (o in objs) if (!(o in gone) && out[o] + 0 == 0) {
                gone[o] = 1; removed = 1
                for (k in edge) { split(k, e, SUBSEP); if (e[2] == o && !(e[1] in gone)) out[e[1]]-- }
            }
        } while (removed)
        # then drop what only leads into a cycle: files no remaining file depends on
        for (k in edge) { split(k, e, SUBSEP); if (!(e[1] in gone) && !(e[2] in gone)) in_[e[2]]++ }
        do {
            removed = 0
            for (o in objs) if (!(o in gone) && in_[o] + 0 == 0) {
                gone[o] = 1; removed = 1
                for (k in edge) { split(k, e, SUBSEP); if (e[1] == o && !(e[2] in gone)) in_[e[2]]-- }
            }
        } while (removed)
        bad = 0
        for (k in edge) {
            split(k, e, SUBSEP)
            if (!(e[1] in gone) && !(e[2] in gone)) { print "cycle: " e[1] " -> " e[2] " (" edge[k] ")"; bad = 1 }
        }
        n = 0; for (o in objs) n++
        if (!bad) print "no call cycle between the " n " translation units"
        exit bad
    }'
