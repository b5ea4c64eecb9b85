"""Ingest: read workbooks, normalize the vocabulary, validate, import."""

from .importer import ImportReport, check_workbook, import_workbook
from .problems import Problem
from .readers import RawWorkbook, read_workbook
from .validate import TableData, Validated, validate

__all__ = [
    "ImportReport", "Problem", "RawWorkbook", "TableData", "Validated", "check_workbook",
    "import_workbook", "read_workbook", "validate",
]
