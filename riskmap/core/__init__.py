"""Qt-free domain logic: catalog, coordinates, regions, spatial index, dossier."""
