"""Ingest: read workbooks, normalize the vocabulary, validate, import.

The names load on first use (PEP 562): the cell parsers (:mod:`.cells`), which the
store uses too, come without the readers' pandas and openpyxl.
"""

from .._lazy import lazy_attributes

_LAZY = {
    "ImportReport": "importer", "check_workbook": "importer", "import_workbook": "importer",
    "Problem": "problems", "RawWorkbook": "readers", "read_workbook": "readers",
    "TableData": "validate", "Validated": "validate", "validate": "validate",
}


__getattr__ = lazy_attributes(__name__, _LAZY)


__all__ = sorted(_LAZY)
