"""Readers and writers: vector files through pyogrio/GDAL, CSV, XLSX; datum detection; repair."""
