"""What every chart shares: the layout (Indonesian number separators, fonts, margins), the
colours of targets and realisations, and the figure as plain JSON for ``json_script``."""

import json

from django.utils.translation import get_language

TARGET_COLOUR = "#0d3b66"
REALIZATION_COLOUR = "#5b8fc7"


def layout(**extra):
    """A plotly layout in the house style; ``extra`` overrides any key."""
    # Indonesian numbers: decimal comma, thousands point.
    separators = ",." if get_language() == "id" else ".,"
    base = {
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


def as_json(figure):
    """A figure (a plotly object or already a dict) as plain JSON data, ready for ``json_script``."""
    if isinstance(figure, dict):
        return figure
    return json.loads(figure.to_json())
