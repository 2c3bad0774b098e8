"""What every chart shares: the layout (Indonesian number separators, fonts, margins), the
colours of targets and realisations, and figures as plain JSON in the shape plotly.js reads.

Figures are plain dicts, ready for ``json_script``: building them through plotly's validating
object model cost most of a dashboard request. They look exactly as those did, because they
carry the same template: the part of plotly's default template ("plotly") that the app's bar and
line charts use (the parts for maps, polar and 3-D charts drew nothing here).
"""

import json

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

TARGET_COLOUR = "#0d3b66"
REALIZATION_COLOUR = "#5b8fc7"

_AXIS = {
    "gridcolor": "white",
    "linecolor": "white",
    "ticks": "",
    "title": {"standoff": 15},
    "zerolinecolor": "white",
    "automargin": True,
    "zerolinewidth": 2,
}
_PATTERN = {"fillmode": "overlay", "size": 10, "solidity": 0.2}
TEMPLATE = {
    "data": {
        "bar": [
            {
                "error_x": {"color": "#2a3f5f"},
                "error_y": {"color": "#2a3f5f"},
                "marker": {"line": {"color": "#E5ECF6", "width": 0.5}, "pattern": _PATTERN},
                "type": "bar",
            }
        ],
        "scatter": [{"fillpattern": _PATTERN, "type": "scatter"}],
    },
    "layout": {
        "annotationdefaults": {"arrowcolor": "#2a3f5f", "arrowhead": 0, "arrowwidth": 1},
        "autotypenumbers": "strict",
        "colorway": [
            "#636efa",
            "#EF553B",
            "#00cc96",
            "#ab63fa",
            "#FFA15A",
            "#19d3f3",
            "#FF6692",
            "#B6E880",
            "#FF97FF",
            "#FECB52",
        ],
        "font": {"color": "#2a3f5f"},
        "hoverlabel": {"align": "left"},
        "hovermode": "closest",
        "paper_bgcolor": "white",
        "plot_bgcolor": "#E5ECF6",
        "shapedefaults": {"line": {"color": "#2a3f5f"}},
        "title": {"x": 0.05},
        "xaxis": _AXIS,
        "yaxis": _AXIS,
    },
}


def layout(**extra):
    """A plotly layout in the house style; ``extra`` overrides any key."""
    # Indonesian numbers: decimal comma, thousands point.
    separators = ",." if get_language() == "id" else ".,"
    base = {
        "template": TEMPLATE,
        "separators": separators,
        "margin": {"l": 10, "r": 10, "t": 10, "b": 40},
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
        "font": {"family": "system-ui, sans-serif", "size": 13},
        "legend": {"orientation": "h", "y": -0.08, "x": 0},
        "hoverlabel": {"font": {"size": 14}},
    }
    base.update(extra)
    return base


def figure(traces, **layout_options):
    """A figure as plotly.js reads it: ``{"data": traces, "layout": …}``."""
    return {"data": list(traces), "layout": layout(**layout_options)}


def bar(**attributes):
    return {"type": "bar", **attributes}


def scatter(**attributes):
    return {"type": "scatter", **attributes}


def as_float(value):
    """A number for the browser (JSON has no decimals); ``None`` stays a gap."""
    return None if value is None else float(value)


def as_script(figure, element_id):
    """The figure as ``<script id=… type="application/json">``, safe inside HTML as Django's
    ``json_script`` makes it (``<``, ``>`` and ``&`` as ``\\u`` escapes), in three replaces
    rather than a character-by-character translation of a long string."""
    data = (
        json.dumps(figure, separators=(",", ":"))
        .replace("&", "\\u0026")
        .replace("<", "\\u003C")
        .replace(">", "\\u003E")
    )
    return mark_safe(  # noqa: S308  (the JSON has no <, > or & left; the id is escaped)
        f'<script id="{escape(element_id)}" type="application/json">{data}</script>'
    )
