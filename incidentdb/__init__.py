"""incidentdb: a terror-incident event database with ETL.

The importable packages are ``models`` (schema), ``etl`` (sources, extraction, resolution,
load), ``reports`` (report builders and renderers) and ``migrations`` (Alembic). This
package holds what ties them together: configuration, database access and the command line.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("incidentdb")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0+local"
