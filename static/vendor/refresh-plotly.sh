#!/bin/sh
# Refresh the vendored plotly.js: the official "basic" build (trace types bar, pie and scatter),
# which holds every trace type the app draws (bar and scatter) at a quarter of the full bundle's
# weight. The version stays in step with the plotly.js that the Python plotly package builds
# figures for (plotly 6.9 → plotly.js 3.7).
#
#   static/vendor/refresh-plotly.sh           # the version written in plotly/VERSION
#   static/vendor/refresh-plotly.sh 3.7.1     # another version (then run the browser tests)
#
# plotly's own style rules come as a file, plotly.css, from the full plotly.js package of the same
# version (the basic package ships none): with it linked as id="plotly.js-style-global"
# class="no-inline-styles" plotly.js injects no <style> element, so the Content-Security-Policy
# needs no 'unsafe-inline' for styles. The basic bundle holds no trace type that compiles code at
# run time (those are the WebGL ones), so the policy needs no 'unsafe-eval' either.
#
# Needs npm; the package manager checks each tarball against its published integrity hash.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
package=plotly.js-basic-dist-min
version=${1:-$(sed -n 's/^version: //p' "$here/plotly/VERSION")}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cd "$work"
npm pack --silent --json "$package@$version" > pack.json
tarball=$(node -e 'console.log(require("./pack.json")[0].filename)')
integrity=$(node -e 'console.log(require("./pack.json")[0].integrity)')
tar xzf "$tarball"

cp package/plotly-basic.min.js "$here/plotly/plotly-basic.min.js"
cp package/LICENSE "$here/plotly/LICENSE"
rm -rf package

npm pack --silent --json "plotly.js@$version" > pack-css.json
css_tarball=$(node -e 'console.log(require("./pack-css.json")[0].filename)')
css_integrity=$(node -e 'console.log(require("./pack-css.json")[0].integrity)')
tar xzf "$css_tarball" package/dist/plotly.css
cp package/dist/plotly.css "$here/plotly/plotly.css"
cat > "$here/plotly/VERSION" <<INFO
package: $package
version: $version
integrity: $integrity
licence: MIT (see LICENSE), Copyright Plotly, Inc.
traces: bar, pie, scatter
css: plotly.css from plotly.js $version ($css_integrity)
refresh: static/vendor/refresh-plotly.sh [VERSION]
INFO
echo "plotly.js $version ($package) written to $here/plotly/"
