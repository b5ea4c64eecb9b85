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
