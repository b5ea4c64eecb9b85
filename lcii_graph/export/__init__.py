"""Outputs: tables, JSON and CSV now; maps, reports and interchange formats later."""

from .tables import formula_safe, to_csv, to_json, to_table

__all__ = ["formula_safe", "to_csv", "to_json", "to_table"]
