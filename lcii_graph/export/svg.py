"""Small inline SVG charts for the report: no script, no fetch, text escaped."""

from __future__ import annotations

from datetime import date

from markupsafe import Markup, escape

from ..analysis.funding import money

STACK_COLORS = {
    "grant": "#4e79a7", "pri": "#f28e2b", "loan": "#e15759", "guarantee": "#76b7b2",
    "equity": "#59a14f", "public_funds": "#edc948", "in_kind": "#b07aa1",
}


def _short(name: str, limit: int = 42) -> str:
    return name if len(name) <= limit else name[: limit - 1].rstrip() + "\u2026"


def capital_chart(stacks: list[dict], width: int = 720) -> Markup:
    """One stacked horizontal bar per table, by commitment type, with a legend."""
    rows = [s for s in stacks if s["capital"] or s["in_kind"]]
    if not rows:
        return Markup('<p class="hint">No capital commitments recorded.</p>')
    names = [_short(s["name"] or s["partnership"]) for s in rows]
    # Room for the longest name (about 7 px a character at 12 px), within reason.
    label_width = min(320, max(120, 7 * max(len(n) for n in names) + 16))
    bar_width, row_height = width - label_width - 90, 26
    top = max(sum(s["by_type"].values()) for s in rows)
    height = 30 + row_height * len(rows)
    parts = [f'<svg class="chart" role="img" width="{width}" height="{height + 24}" '
             f'viewBox="0 0 {width} {height + 24}" xmlns="http://www.w3.org/2000/svg">',
             f"<title>{escape('Capital stack per table')}</title>"]
    for i, s in enumerate(rows):
        y = 10 + i * row_height
        parts.append(f'<text x="{label_width - 8}" y="{y + 15}" text-anchor="end" '
                     f'font-size="12"><title>{escape(s["name"] or s["partnership"])}</title>'
                     f'{escape(names[i])}</text>')
        x = float(label_width)
        for kind, amount in s["by_type"].items():
            if not amount:
                continue
            w = bar_width * amount / top
            parts.append(f'<rect x="{x:.1f}" y="{y}" width="{max(w, 0.5):.1f}" height="18" '
                         f'fill="{STACK_COLORS[kind]}"><title>{escape(kind)}: '
                         f'{escape(money(amount, s.get("currency"), short=True))}</title></rect>')
            x += w
        parts.append(f'<text x="{x + 6:.1f}" y="{y + 14}" font-size="12">'
                     f'{escape(money(sum(s["by_type"].values()), s.get("currency"), short=True))}'
                     "</text>")
    x = 10.0
    for kind, color in STACK_COLORS.items():
        parts.append(f'<rect x="{x:.0f}" y="{height + 6}" width="12" height="12" '
                     f'fill="{color}"/><text x="{x + 16:.0f}" y="{height + 16}" '
                     f'font-size="11">{escape(kind.replace("_", " "))}</text>')
        x += 16 + 7 * len(kind) + 18
    parts.append("</svg>")
    return Markup("".join(parts))


def trend_chart(metric: dict, series: list[dict], width: int = 300,
                height: int = 110) -> Markup:
    """Measurements over time with the baseline and the target (dashed)."""
    points = [(m["date"], m["value"]) for m in series]
    if metric.get("baseline") is not None and metric.get("baseline_date"):
        points.insert(0, (metric["baseline_date"], metric["baseline"]))
    target = None
    if metric.get("target") is not None and metric.get("target_date"):
        target = (metric["target_date"], metric["target"])
    everything = points + ([target] if target else [])
    if not everything:
        return Markup('<p class="hint">No measurements.</p>')
    days = [date.fromisoformat(d).toordinal() for d, _ in everything]
    values = [v for _, v in everything]
    d0, d1 = min(days), max(days) or 1
    v0, v1 = min(values), max(values)
    if v0 == v1:
        v0, v1 = v0 - 1, v1 + 1
    pad = 28

    def xy(when: str, value: float) -> tuple[float, float]:
        x = pad + (width - 2 * pad) * ((date.fromisoformat(when).toordinal() - d0) /
                                      ((d1 - d0) or 1))
        y = height - pad + 8 - (height - pad - 4) * ((value - v0) / (v1 - v0))
        return x, y

    parts = [f'<svg class="trend" role="img" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">',
             f"<title>{escape(metric['name'])}</title>"]
    if points:
        line = " ".join(f"{x:.1f},{y:.1f}" for x, y in (xy(d, v) for d, v in points))
        parts.append(f'<polyline points="{line}" fill="none" stroke="#1f77b4" '
                     'stroke-width="2"/>')
        for d, v in points:
            x, y = xy(d, v)
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" fill="#1f77b4">'
                         f"<title>{escape(d)}: {escape(f'{v:,.4g}')}</title></circle>")
    if target and points:
        (x0, y0), (x1, y1) = xy(*points[-1]), xy(*target)
        parts.append(f'<line x1="{x0:.1f}" y1="{y0:.1f}" x2="{x1:.1f}" y2="{y1:.1f}" '
                     'stroke="#2ca02c" stroke-dasharray="4 3"/>')
        parts.append(f'<circle cx="{x1:.1f}" cy="{y1:.1f}" r="4" fill="none" stroke="#2ca02c">'
                     f"<title>target {escape(target[0])}: {escape(f'{target[1]:,.4g}')}"
                     "</title></circle>")
    parts.append(f'<text x="{pad}" y="{height - 4}" font-size="10">{escape(everything[0][0][:4])}'
                 f'</text><text x="{width - pad}" y="{height - 4}" font-size="10" '
                 f'text-anchor="end">{escape(max(everything)[0][:4])}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


#: The power–interest grid: a cell per score pair, dots placed within their cell.
GRID_CELL = 100


def power_interest_grid(rows: list[dict], colors: dict[str, str], *, high: int = 3,
                        title: str = "Power and interest") -> Markup:
    """Mendelow's grid: interest across, power up, 1 to 4 each, the quadrants named and
    split at ``high``; each stakeholder of ``rows`` (the register's) a dot at its scores,
    coloured by sector, hollow when it is not at the table it was judged about, named
    beside it where its cell holds four or fewer (past 16 a cell, the register lists the
    rest). Rows without both scores are left out (the register lists them)."""
    placed = [r for r in rows if r["power"] is not None and r["interest"] is not None]
    cell, left, top = GRID_CELL, 46, 12
    size = 4 * cell
    width, height = left + size + 40, top + size + 44  # room for a name in the last column
    parts = [f'<svg class="chart grid" role="img" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">',
             f"<title>{escape(title)}</title>"]
    split_x = left + (high - 1) * cell
    split_y = top + (4 - high + 1) * cell
    for name, (x, y, anchor) in {
            "keep satisfied": (left + 6, top + 16, "start"),
            "manage closely": (left + size - 6, top + 16, "end"),
            "monitor": (left + 6, top + size - 8, "start"),
            "keep informed": (left + size - 6, top + size - 8, "end")}.items():
        parts.append(f'<text x="{x}" y="{y}" font-size="12" fill="#666" '
                     f'text-anchor="{anchor}">{escape(name)}</text>')
    parts.append(f'<rect x="{left}" y="{top}" width="{size}" height="{size}" fill="none" '
                 'stroke="#999"/>')
    parts.append(f'<line x1="{split_x}" y1="{top}" x2="{split_x}" y2="{top + size}" '
                 'stroke="#999" stroke-dasharray="4 3"/>')
    parts.append(f'<line x1="{left}" y1="{split_y}" x2="{left + size}" y2="{split_y}" '
                 'stroke="#999" stroke-dasharray="4 3"/>')
    for score in range(1, 5):
        parts.append(f'<text x="{left + (score - 0.5) * cell:.0f}" y="{top + size + 16}" '
                     f'font-size="11" text-anchor="middle">{score}</text>')
        parts.append(f'<text x="{left - 8}" y="{top + (4 - score + 0.5) * cell + 4:.0f}" '
                     f'font-size="11" text-anchor="end">{score}</text>')
    parts.append(f'<text x="{left + size / 2:.0f}" y="{top + size + 34}" font-size="12" '
                 'text-anchor="middle">interest</text>')
    parts.append(f'<text x="12" y="{top + size / 2:.0f}" font-size="12" text-anchor="middle" '
                 f'transform="rotate(-90 12 {top + size / 2:.0f})">power</text>')
    cells: dict[tuple[int, int], list[dict]] = {}
    for r in placed:
        cells.setdefault((r["interest"], r["power"]), []).append(r)
    for (interest, power), members in cells.items():
        # A cell's dots in rows of two, centred in it; named beside them while they fit
        # (four a cell), else by their tooltips alone.
        named = len(members) <= 4
        across = 1 if named else 4
        rows_ = -(-len(members) // across)
        for k, r in enumerate(members[:16]):
            col, line = k % across, k // across
            x = left + (interest - 0.5) * cell + (col - (across - 1) / 2) * 20 - (
                cell * 0.3 if named else 0)
            y = top + (4 - power + 0.5) * cell + (line - (rows_ - 1) / 2) * (
                20 if named else 18)
            color = colors.get(r["sector"], "#555555")
            fill = color if r["at_table"] else "#ffffff"
            where = "at the table" if r["at_table"] else "not at the table"
            label = (f"{r['name'] or r['subject']}: power {r['power']}, interest "
                     f"{r['interest']}, {r['stance'] or 'stance not judged'}, {where}")
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="6" fill="{fill}" '
                         f'stroke="{color}" stroke-width="2.5"><title>{escape(label)}</title>'
                         "</circle>")
            if named:
                parts.append(f'<text x="{x + 10:.1f}" y="{y + 4:.1f}" font-size="10">'
                             f"{escape(_short(r['name'] or r['subject'], 14))}</text>")
    parts.append("</svg>")
    return Markup("".join(parts))


def trust_heatmap(matrix: list[dict], *, title: str = "Trust between sectors") -> Markup:
    """The survey's sector-to-sector matrix: a cell per pair (rows: the sector rating,
    columns: the sector rated), shaded by the mean trust of its ratings (1 pale to 4 dark;
    blank where no tie), holding the number of ties."""
    sectors = sorted({c["from"] for c in matrix if c["from"]})
    if not sectors:
        return Markup('<p class="hint">No survey ratings.</p>')
    cell, left, top = 84, 110, 40
    width, height = left + cell * len(sectors) + 10, top + cell * len(sectors) + 10
    parts = [f'<svg class="chart heatmap" role="img" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">',
             f"<title>{escape(title)}</title>"]
    for j, s in enumerate(sectors):
        parts.append(f'<text x="{left + (j + 0.5) * cell:.0f}" y="{top - 10}" font-size="11" '
                     f'text-anchor="middle">{escape(s)}</text>')
    found = {(c["from"], c["to"]): c for c in matrix}
    for i, s in enumerate(sectors):
        parts.append(f'<text x="{left - 8}" y="{top + (i + 0.5) * cell + 4:.0f}" '
                     f'font-size="11" text-anchor="end">{escape(s)}</text>')
        for j, t in enumerate(sectors):
            c = found.get((s, t), {"ties": 0, "trust": None, "density": None})
            trust = c["trust"]
            shade = "#f4f4f4" if trust is None else \
                f"rgb({int(230 - 50 * (trust - 1))},{int(238 - 45 * (trust - 1))},255)"
            label = (f"{s} to {t}: {c['ties']} ties" + (f", mean trust {trust:.2f}"
                                                        if trust is not None else ""))
            x, y = left + j * cell, top + i * cell
            parts.append(f'<rect x="{x}" y="{y}" width="{cell - 2}" height="{cell - 2}" '
                         f'fill="{shade}"><title>{escape(label)}</title></rect>')
            parts.append(f'<text x="{x + cell / 2 - 1:.0f}" y="{y + cell / 2 + 4:.0f}" '
                         f'font-size="12" text-anchor="middle">{c["ties"]}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
