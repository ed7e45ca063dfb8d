"""PyInstaller runtime hook: point PROJ and GDAL at the data bundled beside them.

Runs before any of the application's imports. A PROJ_DATA or GDAL_DATA left in the machine's
environment by another GIS install would point at files of another PROJ or GDAL version
(proj.db refuses to open across layout versions), so inside the bundle the bundled data wins.
"""

import os
import sys

_root = getattr(sys, "_MEIPASS", os.path.dirname(sys.executable))
_proj = os.path.join(_root, "pyproj", "proj_dir", "share", "proj")
_gdal = os.path.join(_root, "pyogrio", "gdal_data")
if os.path.isfile(os.path.join(_proj, "proj.db")):
    # PROJ >= 9.1 reads PROJ_DATA; PROJ_LIB is the older name some builds still look at.
    os.environ["PROJ_DATA"] = _proj
    os.environ["PROJ_LIB"] = _proj
if os.path.isdir(_gdal):
    os.environ["GDAL_DATA"] = _gdal
