"""Figures of the dashboard, the drill-down and the indicator page, built on the server as plain
JSON (see core.charts); the browser only draws them (static/js/charts.js).

The same colours everywhere for the same meaning, always with the word beside the colour.
"""

from decimal import Decimal

from django.utils.translation import gettext as _

from core.charts import TARGET_COLOUR, as_float, bar, figure, scatter

from .achievement import Band, Status

STATUS_COLOURS = {
    Status.ACHIEVED: "#1a7f37",
    Status.NOT_ACHIEVED: "#c62828",
    Status.NO_DATA: "#9e9e9e",
}
BAND_COLOURS = {
    Band.SANGAT_TINGGI: "#1b5e20",
    Band.TINGGI: "#43a047",
    Band.SEDANG: "#f9a825",
    Band.RENDAH: "#ef6c00",
    Band.SANGAT_RENDAH: "#c62828",
}


def status_labels():
    return {
        Status.ACHIEVED: _("achieved"),
        Status.NOT_ACHIEVED: _("not achieved"),
        Status.NO_DATA: _("no data"),
    }


def lagging_first(units):
    """Perangkat daerah sorted so those that lag most come first: lowest share achieved."""
    return sorted(units, key=lambda u: (u.share_achieved or Decimal(0), -u.not_achieved, u.code))


def perangkat_daerah_chart(units, link_for):
    """Stacked horizontal bars per perangkat daerah, the most lagging on top; a click drills down."""
    units = lagging_first(units)
    labels = [u.label for u in units]
    customdata = [[link_for(u), u.name] for u in units]
    return figure(
        (
            bar(
                name=label,
                y=labels,
                x=[getattr(u, status.value) for u in units],
                orientation="h",
                marker={"color": STATUS_COLOURS[status]},
                customdata=customdata,
                hovertemplate="%{customdata[1]}<br>" + label + ": %{x}<extra></extra>",
            )
            for status, label in status_labels().items()
        ),
        barmode="stack",
        height=max(260, 26 * len(units) + 90),
        yaxis={"autorange": "reversed", "automargin": True, "ticksuffix": " "},
        xaxis={"title": {"text": _("number of indicators")}, "rangemode": "tozero"},
        legend={"orientation": "h", "y": 1.0, "yanchor": "bottom", "x": 0},
        margin={"l": 10, "r": 10, "t": 30, "b": 40},
    )


def band_chart(bands):
    """How many indicators fall in each rating band, Sangat Tinggi to Sangat Rendah."""
    order = list(Band)
    counts = [bands.get(band, 0) for band in order]
    return figure(
        [
            bar(
                x=[band.value for band in order],
                y=counts,
                text=[str(count) for count in counts],
                textposition="outside",
                marker={"color": [BAND_COLOURS[band] for band in order]},
                hovertemplate="%{x}: %{y}<extra></extra>",
                cliponaxis=False,
            )
        ],
        height=300,
        showlegend=False,
        yaxis={"title": {"text": _("number of indicators")}, "rangemode": "tozero"},
        margin={"l": 10, "r": 10, "t": 24, "b": 40},
    )


BASELINE_COLOUR = "#5c7c99"


def indicator_chart(years, unit, baseline=None, baseline_year=None):
    """An indicator's realisations as bars against its targets drawn as a line (or a band).

    The plan's first year is its baseline (tahun 0): without a realisation of its own, its bar is
    the baseline (kondisi awal), in its own colour and named so, rather than a gap."""
    year_labels = [str(y.year) for y in years]
    is_range = any(y.target is not None and y.target.value is None for y in years)
    if is_range:
        traces = [
            scatter(
                x=year_labels,
                y=[as_float(y.target.low) if y.target else None for y in years],
                name=_("target: low"),
                mode="lines+markers",
                line={"color": TARGET_COLOUR, "dash": "dot"},
            ),
            scatter(
                x=year_labels,
                y=[as_float(y.target.high) if y.target else None for y in years],
                name=_("target: high"),
                mode="lines+markers",
                line={"color": TARGET_COLOUR, "dash": "dot"},
                fill="tonexty",
                fillcolor="rgba(13,59,102,0.12)",
            ),
        ]
    else:
        traces = [
            scatter(
                x=year_labels,
                y=[as_float(y.target.value) if y.target else None for y in years],
                name=_("target"),
                mode="lines+markers",
                line={"color": TARGET_COLOUR, "width": 3},
                marker={"size": 9, "symbol": "diamond"},
            )
        ]
    traces.append(
        bar(
            x=year_labels,
            y=[as_float(y.realization) for y in years],
            name=_("realisation"),
            marker={"color": [STATUS_COLOURS[y.result.status] for y in years]},
            text=[status_labels()[y.result.status] for y in years],
            textposition="inside",
            insidetextanchor="end",
        )
    )
    baseline_shown = baseline is not None and any(
        y.year == baseline_year and y.realization is None for y in years
    )
    if baseline_shown:
        traces.append(
            bar(
                x=[str(baseline_year)],
                y=[as_float(baseline)],
                name=_("baseline (kondisi awal)"),
                marker={"color": BASELINE_COLOUR},
                text=[_("baseline (kondisi awal)")],
                textposition="inside",
                insidetextanchor="end",
            )
        )
    return figure(
        traces,
        barmode="overlay",  # one bar a year: the realisation, or the baseline's
        height=340,
        yaxis={"title": {"text": unit}, "rangemode": "tozero"},
        xaxis={"type": "category"},
        legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0},
        margin={"l": 10, "r": 10, "t": 30, "b": 40},
    )
