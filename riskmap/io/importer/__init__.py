"""Importing what a city already has: vector files and spreadsheets into a risk layer.

The steps, each a plain function the CLI and the Import dialog call in turn (Qt-free):

1. `read_features(path, …)` → `FeatureSource`: the file's layers, columns, first rows, CRS,
   encoding and feature count (`list_layers` lists a file's layers first, if the user asks).
2. `detect_offset(source, store)` → `OffsetVerdict`: do the points look shifted like GCJ-02 or
   BD-09 coordinates? The dialog offers `source.with_datum(verdict.datum)`; the import itself
   refuses offset-looking lon/lat whose datum nobody said (`refuse_offset`).
3. `plan_import(source, catalog, layer_key, mapping)` → `ImportPlan`: columns matched to the
   layer's fields, the name column, the missing required fields.
4. `import_features(store, actor, source, plan, …)` → `ImportReport`: all features in one
   transaction or none, with the rejected and repaired ones by row; features far outside the
   city refused with their likely cause; a source imported again updated, not doubled (added,
   updated, unchanged, gone); `report.write(path)`.

`import_districts` loads official admin boundaries the same way, `import_basemap` the city's
roads, water and land use as its grey basemap. Modules: `source` (the
FeatureSource), `ogr` and `arrowcols` (GDAL files), `sheet` and `coords` (CSV/XLSX, 度分秒),
`plan` and `values` (columns to fields), `hygiene` (geometry checks, repair, reprojection),
`offset` (datum detection), `placement` (features outside the city), `locate` (townships),
`update` (re-import), `write`, `districts`, `report`.
"""

from riskmap.io.importer.basemap import import_basemap
from riskmap.io.importer.districts import import_districts
from riskmap.io.importer.offset import OffsetVerdict, detect_offset
from riskmap.io.importer.plan import ImportPlan, plan_import
from riskmap.io.importer.report import (
    ImportCancelled,
    ImportReport,
    Problem,
    SourceError,
)
from riskmap.io.importer.source import FeatureSource, LayerInfo, list_layers, read_features
from riskmap.io.importer.write import import_features

__all__ = [
    "FeatureSource",
    "ImportCancelled",
    "ImportPlan",
    "ImportReport",
    "LayerInfo",
    "OffsetVerdict",
    "Problem",
    "SourceError",
    "detect_offset",
    "import_basemap",
    "import_districts",
    "import_features",
    "list_layers",
    "plan_import",
    "read_features",
]
