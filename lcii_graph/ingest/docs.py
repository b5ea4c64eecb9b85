"""The workbook format as Markdown, written from the schema (the README embeds it)."""

from __future__ import annotations

from ..model.schema import SHEETS_BY_NAME, WORKBOOK_ORDER
from .template import describe_type


def workbook_markdown() -> str:
    """One table per sheet: column, required, type, description."""
    out = []
    for name in WORKBOOK_ORDER:
        sheet = SHEETS_BY_NAME[name]
        out.append(f"**{name}** — {sheet.doc}\n")
        out.append("| column | required | type | description |")
        out.append("|---|---|---|---|")
        for field in sheet.fields:
            description = field.doc.replace("|", "\\|")
            kind = describe_type(field.type).replace("|", "\\|")
            out.append(f"| `{field.name}` | {'yes' if field.required else ''} | {kind} | "
                       f"{description} |")
        out.append("")
    return "\n".join(out)
