"""riskmap: a desktop geospatial risk map for city work-safety command centers."""

__version__ = "0.1.0"
