"""Horizontal bar charts drawn on the server as inline SVG: no chart
library, no script, nothing fetched. Each chart is an image with a title
and a description for assistive technology, followed by a visually hidden
table of the same data, so a screen reader can read the exact figures.

Labels sit above their bars, so long kecamatan names fit on a phone."""

from itertools import count

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

WIDTH = 320
ROW = 38
BAR = 14
PAD = 8
# Roughly how wide one character of a value is at the chart's 13px font.
VALUE_CHAR_WIDTH = 8
_ids = count(1)


def bar_chart(title, rows, *, description="", unit="", column=""):
    """``rows`` is a list of (label, Figure or int). A suppressed figure draws
    no bar and the label "<5"; 0 draws no bar and "0"."""
    n = next(_ids)
    chart_id = f"grafik-{n}"
    values = []
    for label, fig in rows:
        value = getattr(fig, "chart_value", fig)
        values.append((str(label), value, str(fig)))
    top = max([v for _l, v, _t in values if v] or [1])
    height = PAD * 2 + ROW * len(values)
    label_width = WIDTH - 60
    parts = []
    for i, (label, value, text) in enumerate(values):
        y = PAD + i * ROW
        bar_w = 0 if not value else max(2, round(label_width * value / top))
        parts.append(
            format_html(
                '<text x="0" y="{}" class="chart-label">{}</text>',
                y + 12,
                label,
            )
        )
        if bar_w:
            parts.append(
                format_html(
                    '<rect x="0" y="{}" width="{}" height="{}" class="chart-bar"></rect>',
                    y + 17,
                    bar_w,
                    BAR,
                )
            )
        else:
            parts.append(
                format_html(
                    '<rect x="0" y="{}" width="{}" height="{}" class="chart-empty"></rect>',
                    y + 17,
                    label_width,
                    BAR,
                )
            )
        # A value that would run past the chart's right edge is written
        # inside the end of its bar instead (light on green).
        inside = bar_w + 4 + (len(text) + len(unit)) * VALUE_CHAR_WIDTH > WIDTH
        parts.append(
            format_html(
                '<text x="{}" y="{}" class="{}"{}>{}{}</text>',
                bar_w - 4 if inside else bar_w + 4,
                y + 28,
                "chart-value chart-value--inside" if inside else "chart-value",
                mark_safe(' text-anchor="end"') if inside else "",  # noqa: S308
                text,
                unit,
            )
        )
    summary = description or "; ".join(
        f"{label}: {text}{unit}" for label, _v, text in values
    )
    svg = format_html(
        '<svg class="chart" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" '
        'aria-labelledby="{id}-t {id}-d" xmlns="http://www.w3.org/2000/svg">'
        '<title id="{id}-t">{title}</title><desc id="{id}-d">{desc}</desc>{body}</svg>',
        w=WIDTH,
        h=height,
        id=chart_id,
        title=title,
        desc=summary,
        body=mark_safe("".join(parts)),  # noqa: S308 - every part is format_html output
    )
    table = format_html(
        '<div class="visually-hidden"><table><caption>{}</caption><thead><tr>'
        '<th scope="col">{}</th><th scope="col">{}</th></tr></thead><tbody>{}</tbody>'
        "</table></div>",
        title,
        column or _("Kategori"),
        _("Jumlah"),
        format_html_join(
            "",
            '<tr><th scope="row">{}</th><td>{}{}</td></tr>',
            ((label, text, unit) for label, _v, text in values),
        ),
    )
    return format_html(
        '<figure class="chart-figure"><figcaption>{}</figcaption>{}{}</figure>',
        title,
        svg,
        table,
    )
