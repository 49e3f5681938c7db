"""Helpers for the Taliban engagement tracker: load the sourced dataset, count, detect firsts,
evaluate published claims, draw figures and build citable reports.

Notebooks stay thin and call these functions; every number in a report is computed here from
``data/`` at build time.
"""

__version__ = "0.1.0"
