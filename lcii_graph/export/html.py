"""Self-contained HTML pages: the network map and the steering-committee report.

One file each, working offline from an e-mail attachment: the vis-network
engine pyvis ships is inlined, the data travels in a
``<script type="application/json">`` element, and a Content-Security-Policy
forbids every network fetch. The page comes from our own Jinja2 templates
(autoescape on); text from the data reaches the page only through
``textContent``, never as HTML.
"""

from __future__ import annotations

import json
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path

import jinja2

from .. import __version__
from ..analysis.funding import money
from .tables import readable

CSP = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
       "img-src data:; font-src data:; connect-src 'none'; media-src 'none'; "
       "object-src 'none'; frame-src 'none'; worker-src 'none'; base-uri 'none'; "
       "form-action 'none'")

_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028",
                 "\u2029": "\\u2029"}


def script_json(data) -> str:
    """JSON safe inside ``<script type="application/json">``: no ``</script>``, no
    HTML-significant characters, no line separators JavaScript would trip on."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return "".join(_JSON_ESCAPES.get(char, char) for char in text)


@cache
def vis_network_js() -> str:
    """The vis-network engine as pyvis ships it (inlined into every page)."""
    import pyvis

    path = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2" / "vis-network.min.js"
    return path.read_text(encoding="utf-8")


@cache
def _environment() -> jinja2.Environment:
    templates = resources.files(__package__).joinpath("templates")
    env = jinja2.Environment(
        loader=jinja2.FunctionLoader(
            lambda name: templates.joinpath(name).read_text(encoding="utf-8")),
        autoescape=True, trim_blocks=True, lstrip_blocks=True,
        undefined=jinja2.StrictUndefined)
    env.filters["script_json"] = lambda data: jinja2.utils.markupsafe.Markup(script_json(data))
    env.filters["evidence"] = readable
    env.filters["evidence_key"] = lambda key: _KEYS.get(key, key.replace("_", " "))
    env.filters["money"] = money
    env.globals["two"] = lambda x: "-" if x is None else f"{x:.2f}"
    env.globals["pct"] = lambda x: "-" if x is None else f"{x:.0%}"
    return env


#: Evidence keys whose plain spelling would read wrong.
_KEYS = {"ei_index": "E-I index", "hhi": "HHI", "ei_index_sector": "E-I index by sector"}


def _asset(name: str) -> jinja2.utils.markupsafe.Markup:
    """A script or style file to inline; one that could end its element early is refused."""
    text = resources.files(__package__).joinpath("templates", name).read_text(encoding="utf-8")
    return _inline(text, name)


def _inline(text: str, name: str) -> jinja2.utils.markupsafe.Markup:
    lowered = text.lower()
    if "</script" in lowered or "</style" in lowered or "<!--" in lowered:
        raise ValueError(f"{name} cannot be inlined: it holds a closing tag or <!--")
    return jinja2.utils.markupsafe.Markup(text)


def render(template: str, **context) -> str:
    return _environment().get_template(template).render(
        csp=CSP, version=__version__, generated=date.today().isoformat(),
        vis_js=_inline(vis_network_js(), "vis-network.min.js"), map_js=_asset("map.js"),
        map_css=_asset("map.css"), **context)


def write_page(path: str | Path, html: str, *, force: bool = False) -> Path:
    """Write a page through :mod:`..outputs` (in place only when complete; never onto the
    store or a file that is not an earlier lcii-graph page, unless ``force``)."""
    from ..outputs import PAGE, write_text

    return write_text(path, PAGE, html, force=force)


def write_map(source, path: str | Path, *, profile: str = "partner", names: bool = False,
              size_by: str = "degree", partnership: str | None = None,
              as_of: str | None = None, seed: int | None = 0,
              title: str | None = None, force: bool = False) -> Path:
    """Write the self-contained map of a store or network to ``path``."""
    from ..network.model import network_of
    from .mapdata import map_data

    network = network_of(source, as_of=as_of)
    data = map_data(network, profile=profile, names=names, size_by=size_by,
                    partnership=partnership, seed=seed, title=title)
    return write_page(path, render("map.html.j2", data=data), force=force)
