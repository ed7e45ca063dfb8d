"""PyInstaller hook for pyogrio, which has none of its own (pyogrio 0.13, hooks-contrib 2026.9).

Its Cython modules import each other from C (`_io` needs `_geometry`, `_err`, `_ogr`, `_vsi`), out
of modulegraph's sight; its GDAL reads the data files shipped in the package, and links its own
PROJ, newer than pyproj's, that needs its own proj.db (pyogrio prefers that copy to $PROJ_DATA).
"""

from PyInstaller.utils.hooks import collect_data_files, collect_submodules

hiddenimports = collect_submodules("pyogrio", filter=lambda name: ".tests" not in name)
datas = collect_data_files("pyogrio", includes=["gdal_data/**", "proj_data/**"])
