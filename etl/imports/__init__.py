"""Importers for the datasets analysts already hold: GTD, UCDP GED and ACLED.

Each dataset row becomes one ``dataset_record`` document (natural key: the dataset's source
and the row's id) with one primary mention, its casualty reports and its attributions, so
every value traces back to (dataset, dataset id) and the raw row. Public API::

    from etl.imports import DATASETS, ImportOptions, import_file
    summary = import_file(engine, DATASETS["gtd"], "globalterrorismdb_0718dist.xlsx")

See ``docs/imports.md`` for the layouts, the crosswalks and the design rules.
"""

from __future__ import annotations

from etl.imports.acled import DATASET as ACLED
from etl.imports.common import ImportOptions, ImportSummary, import_file, importer_version
from etl.imports.gtd import DATASET as GTD
from etl.imports.layout import Dataset
from etl.imports.ucdp import DATASET as UCDP

#: The importable datasets by their command name.
DATASETS: dict[str, Dataset] = {d.key: d for d in (GTD, UCDP, ACLED)}

__all__ = ["ACLED", "DATASETS", "GTD", "UCDP", "Dataset", "ImportOptions", "ImportSummary", "import_file",
           "importer_version"]
