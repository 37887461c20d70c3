#!/usr/bin/env bash
# Copy front-end packages installed by npm (package-lock.json) into static/vendor, with their
# source maps. static/vendor is gitignored: no third-party file is committed.
set -euo pipefail
cd "$(dirname "$0")/.."
src=node_modules
dst=static/vendor
rm -rf "$dst"
mkdir -p "$dst/bootstrap/css" "$dst/bootstrap/js" "$dst/htmx" "$dst/chartjs" "$dst/bootstrap-icons/font"
cp "$src"/bootstrap/dist/css/bootstrap.min.css* "$dst/bootstrap/css/"
cp "$src"/bootstrap/dist/js/bootstrap.bundle.min.js* "$dst/bootstrap/js/"
cp "$src"/htmx.org/dist/htmx.min.js "$dst/htmx/"
cp "$src"/htmx.org/dist/htmx.js "$dst/htmx/"
cp "$src"/chart.js/dist/chart.umd.min.js* "$dst/chartjs/" 2>/dev/null || cp "$src"/chart.js/dist/chart.umd.js* "$dst/chartjs/"
cp "$src"/bootstrap-icons/font/bootstrap-icons.min.css "$dst/bootstrap-icons/font/"
cp -r "$src"/bootstrap-icons/font/fonts "$dst/bootstrap-icons/font/"
echo "vendored: $(find "$dst" -type f | wc -l) files"
