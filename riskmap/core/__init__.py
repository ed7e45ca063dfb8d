"""Qt-free domain logic: catalog, coordinates, regions, spatial index, dossier."""

# Every Site written through an ORM session gets its style class (sites.style_class) from the
# one rule there: importing it registers the mapper hooks before any session writes a site.
from riskmap.core.style import site_class as _site_class  # noqa: F401
