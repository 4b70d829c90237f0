"""Bar charts drawn server-side as PNG (Pillow, CJK font from fonts-noto-cjk), for both the Word and PDF report:
no browser, no JavaScript, no network."""

import io
import subprocess
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from .parameters import CHART_FONT_FILE, CHART_FONT_INDEX

PALETTE = ("#1f5fa8", "#2e8b57", "#c0392b", "#d4a017")  # new, closed, overdue


@lru_cache(maxsize=8)
def _font(size: int) -> ImageFont.FreeTypeFont:
    path, index = str(CHART_FONT_FILE.value()), int(CHART_FONT_INDEX.value())
    if not Path(path).exists():
        found = subprocess.run(["fc-match", "-f", "%{file}:%{index}", "Noto Sans CJK SC"], capture_output=True, text=True,
                               check=False).stdout
        path, _sep, idx = found.rpartition(":")
        index = int(idx or 0)
    return ImageFont.truetype(path, size, index=index)


def bar_chart(title: str, labels: list[str], series: list[tuple[str, list[int]]], *, width: int = 1600) -> bytes:
    """Horizontal grouped bars: one row per label, one bar per series; returns PNG bytes."""
    rows, groups = max(len(labels), 1), max(len(series), 1)
    bar, gap, left, top = 22, 18, 420, 110
    height = top + rows * (groups * bar + gap) + 60
    img = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(img)
    title_font, font = _font(40), _font(26)
    draw.text((30, 20), title, fill="#222222", font=title_font)
    x = left
    for i, (name, _values) in enumerate(series):  # legend
        draw.rectangle((x, 78, x + 24, 98), fill=PALETTE[i % len(PALETTE)])
        draw.text((x + 32, 72), name, fill="#333333", font=font)
        x += 60 + int(draw.textlength(name, font=font))
    peak = max([v for _n, values in series for v in values] + [1])
    span = width - left - 120
    for r, label in enumerate(labels):
        y = top + r * (groups * bar + gap)
        text = label if draw.textlength(label, font=font) < left - 40 else label[:12] + "…"
        draw.text((30, y + (groups * bar - 26) // 2), text, fill="#333333", font=font)
        for g, (_name, values) in enumerate(series):
            value = values[r] if r < len(values) else 0
            length = int(span * value / peak)
            y0 = y + g * bar
            draw.rectangle((left, y0, left + max(length, 1), y0 + bar - 4), fill=PALETTE[g % len(PALETTE)])
            draw.text((left + length + 8, y0 - 4), str(value), fill="#333333", font=_font(22))
    draw.line((left, top - 8, left, height - 50), fill="#999999", width=2)
    out = io.BytesIO()
    img.save(out, format="PNG", optimize=True)
    return out.getvalue()
