"""Figures for revenue and funding, built on the server as plain JSON (see core.charts) and
drawn by static/js/charts.js."""

from django.utils.translation import gettext as _

from core.charts import REALIZATION_COLOUR, TARGET_COLOUR, as_float, bar, figure, scatter
from core.money import rupiah_short

# One colour per funding scheme, the same on every page; unknown schemes take the grey.
SCHEME_COLOURS = {
    "apbd": "#0d3b66",
    "apbn-dak": "#5b8fc7",
    "bankeu-provinsi": "#8fb8de",
    "kpbu": "#2a9d8f",
    "csr": "#e9c46a",
    "pinjaman-daerah": "#f4a261",
    "obligasi-daerah": "#b5838d",
}
OTHER_COLOUR = "#9e9e9e"
REVENUE_COLOUR = "#1a7f37"
GAP_COLOUR = "#c62828"


def _money_axis(title):
    return {"title": {"text": title}, "rangemode": "tozero", "tickprefix": "Rp "}


def revenue_accounts_chart(lines, link_for):
    """Target against realisation for sub-accounts; a click on a parent drills down."""
    labels = [f"{line.code} {line.name}" for line in lines]
    links = [link_for(line) if not line.is_leaf else "" for line in lines]
    traces = []
    for attribute, name, colour in (
        ("target", _("target"), TARGET_COLOUR),
        ("realization", _("realisation"), REALIZATION_COLOUR),
    ):
        amounts = [getattr(line, attribute) for line in lines]
        traces.append(
            bar(
                name=name,
                y=labels,
                x=[as_float(a) for a in amounts],
                orientation="h",
                marker={"color": colour},
                customdata=[
                    [link, rupiah_short(a)] for link, a in zip(links, amounts, strict=True)
                ],
                hovertemplate="%{y}<br>" + name + ": %{customdata[1]}<extra></extra>",
            )
        )
    return figure(
        traces,
        barmode="group",
        height=max(240, 60 * len(lines) + 90),
        yaxis={"autorange": "reversed", "automargin": True, "ticksuffix": " "},
        xaxis=_money_axis(_("rupiah")),
        legend={"orientation": "h", "y": 1.0, "yanchor": "bottom", "x": 0},
        margin={"l": 10, "r": 10, "t": 30, "b": 40},
    )


def revenue_years_chart(years):
    """One account's target (line) and realisation (bars) year by year."""
    labels = [str(y.year) for y in years]
    return figure(
        [
            bar(
                x=labels,
                y=[as_float(y.realization) for y in years],
                name=_("realisation"),
                marker={"color": REALIZATION_COLOUR},
                customdata=[rupiah_short(y.realization) for y in years],
                hovertemplate="%{x} " + _("realisation") + ": %{customdata}<extra></extra>",
            ),
            scatter(
                x=labels,
                y=[as_float(y.target) for y in years],
                name=_("target"),
                mode="lines+markers",
                line={"color": TARGET_COLOUR, "width": 3},
                marker={"size": 9, "symbol": "diamond"},
                customdata=[rupiah_short(y.target) for y in years],
                hovertemplate="%{x} " + _("target") + ": %{customdata}<extra></extra>",
            ),
        ],
        height=320,
        xaxis={"type": "category"},
        yaxis=_money_axis(_("rupiah")),
        legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0},
        margin={"l": 10, "r": 10, "t": 30, "b": 40},
    )


def _scheme_bars(balances):
    """Bars of each funding scheme's pagu per year (schemes with no pagu left out)."""
    labels = [str(b.year) for b in balances]
    traces = []
    if not balances:
        return labels, traces
    for index, scheme in enumerate(balances[0].schemes):
        amounts = [b.schemes[index].pagu for b in balances]
        if not any(amounts):
            continue
        traces.append(
            bar(
                x=labels,
                y=[as_float(a) for a in amounts],
                name=scheme.name,
                marker={"color": SCHEME_COLOURS.get(scheme.code, OTHER_COLOUR)},
                customdata=[rupiah_short(a) for a in amounts],
                hovertemplate="%{x} " + scheme.name + ": %{customdata}<extra></extra>",
            )
        )
    return labels, traces


def funding_mix_chart(balances):
    """Program needs (pagu) per year, stacked by funding scheme."""
    _labels, traces = _scheme_bars(balances)
    return figure(
        traces,
        barmode="stack",
        height=360,
        xaxis={"type": "category"},
        yaxis=_money_axis(_("pagu")),
        legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0},
        margin={"l": 10, "r": 10, "t": 50, "b": 40},
    )


def needs_chart(balances):
    """Needs stacked by scheme against projected and realised revenue, year by year."""
    labels, traces = _scheme_bars(balances)
    for attribute, name, dash in (
        ("revenue_target", _("revenue: target"), "solid"),
        ("revenue_realization", _("revenue: realisation"), "dot"),
    ):
        amounts = [getattr(b, attribute) for b in balances]
        traces.append(
            scatter(
                x=labels,
                y=[as_float(a) for a in amounts],
                name=name,
                mode="lines+markers",
                line={"color": REVENUE_COLOUR, "width": 3, "dash": dash},
                marker={"size": 9},
                customdata=[rupiah_short(a) for a in amounts],
                hovertemplate="%{x} " + name + ": %{customdata}<extra></extra>",
            )
        )
    return figure(
        traces,
        barmode="stack",
        height=380,
        xaxis={"type": "category"},
        yaxis=_money_axis(_("rupiah")),
        legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0},
        margin={"l": 10, "r": 10, "t": 70, "b": 40},
    )
