"""Incident resolution and reconciliation: the public API the ETL and the importers call.

* :func:`resolve` assigns mentions to incidents (existing or new), honouring analysts'
  merges and splits, and reconciles every incident it touched.
* :func:`reconcile` recomputes incidents' fields from their reports and applies overrides.

Both work inside the caller's session (one transaction); neither commits.
"""

from etl.resolve.reconcile import reconcile
from etl.resolve.resolver import ResolutionResult, resolve

__all__ = ["ResolutionResult", "reconcile", "resolve"]
