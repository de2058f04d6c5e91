"""What the figure tests measure on a drawn figure: text sizes as drawn, and texts on texts or on the data.

Shared by tests/test_style.py (every figure function) and the tests of the labelled latent plots.
Boxes are measured in display pixels after a draw, the way the saved file shows them.
"""

import numpy as np
from matplotlib.collections import PathCollection
from matplotlib.text import Annotation, Text

from utils.lesson.style import MIN_FONT_SIZE, smallest_font_size


def drawn_texts(fig):
    """Every non-empty text a draw of the figure actually draws (tick labels only where a tick is drawn)."""
    drawn = {}
    draw = Text.draw

    def record(text, renderer):
        if text.get_visible() and text.get_text().strip():
            drawn[id(text)] = text
        return draw(text, renderer)

    record._supports_rasterization = True
    Text.draw = record
    try:
        fig.canvas.draw()
    finally:
        Text.draw = draw
    return list(drawn.values())


def too_small(fig):
    """{text: size in points of its smallest part} for every drawn text below the style's minimum."""
    sizes = {text.get_text(): smallest_font_size(text) for text in drawn_texts(fig)}
    return {text: round(size, 2) for text, size in sizes.items() if size < MIN_FONT_SIZE - 1e-9}


def text_box(text, renderer):
    """The box of a text's characters alone (an Annotation's leader line left out), in display pixels."""
    return Text.get_window_extent(text, renderer)


def intersect(a, b):
    """Whether two boxes share an area (touching edges do not count)."""
    return a.x0 < b.x1 and b.x0 < a.x1 and a.y0 < b.y1 and b.y0 < a.y1


def overlapping_texts(fig):
    """Pairs of drawn texts whose boxes intersect."""
    texts = drawn_texts(fig)
    renderer = fig.canvas.get_renderer()
    boxes = [text_box(text, renderer) for text in texts]
    return [
        (texts[i].get_text(), texts[j].get_text())
        for i in range(len(texts))
        for j in range(i + 1, len(texts))
        if intersect(boxes[i], boxes[j])
    ]


def _box_point_distance(box, points):
    dx = np.maximum(np.maximum(box.x0 - points[:, 0], points[:, 0] - box.x1), 0)
    dy = np.maximum(np.maximum(box.y0 - points[:, 1], points[:, 1] - box.y1), 0)
    return np.hypot(dx, dy)


def _segment_hits_box(a, b, box, steps=200):
    t = np.linspace(0, 1, steps)[:, None]
    points = a + t * (b - a)
    return bool(np.any(_box_point_distance(box, points) == 0))


def label_collisions(ax):
    """What the names on a labelled latent plot cover, as readable strings (empty when nothing).

    Names are the axes' Annotations. A name may not intersect another name, cover a marker of a
    scatter (its disk of `sqrt(size) / 2` points), a marker of a line (the path's points, the
    star) or a line's segments; a name without a leader must be nearer its own code than any other.
    """
    fig = ax.figure
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    px = renderer.points_to_pixels(1.0)
    labels = [text for text in ax.texts if isinstance(text, Annotation)]
    boxes = [text_box(label, renderer) for label in labels]
    found = []
    for i in range(len(labels)):
        for j in range(i + 1, len(labels)):
            if intersect(boxes[i], boxes[j]):
                found.append(f"{labels[i].get_text()!r} on {labels[j].get_text()!r}")
    disks = []
    for collection in ax.collections:
        if isinstance(collection, PathCollection) and len(collection.get_offsets()):
            centres = ax.transData.transform(collection.get_offsets())
            sizes = np.broadcast_to(collection.get_sizes(), len(centres))
            disks += list(zip(centres, np.sqrt(sizes) / 2 * px, strict=True))
    segments = []
    for line in ax.get_lines():
        points = ax.transData.transform(line.get_xydata())
        if line.get_marker() not in ("None", "", " ", None):
            disks += [(point, line.get_markersize() / 2 * px) for point in points]
        if line.get_linestyle() not in ("None", ""):
            segments += list(zip(points[:-1], points[1:], strict=True))
    codes = np.array([ax.transData.transform(label.xy) for label in labels]).reshape(-1, 2)
    for i, (label, box) in enumerate(zip(labels, boxes, strict=True)):
        if len(codes) > 1 and not label.arrow_patch.get_visible():  # beside its code: nearer it than any other
            middle = np.array([(box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2])
            distances = np.hypot(*(codes - middle).T)
            if np.argmin(distances) != i:
                found.append(f"{label.get_text()!r} nearer another code than its own")
        for centre, radius in disks:
            if _box_point_distance(box, centre[None])[0] < radius:
                found.append(f"{label.get_text()!r} on a marker at {np.round(centre)}")
        for a, b in segments:
            if _segment_hits_box(a, b, box):
                found.append(f"{label.get_text()!r} on a line")
    return found


# Codes like those of notebook 1's final model: the 32 characters spread over about 80 x 130 units,
# a dozen of them crowded within a few units of the origin, 'l' and '|' side by side.
FONT_LIKE_CODES = {
    "`": (14.7, -1.1), "a": (-3.8, 3.7), "b": (-2.0, 30.0), "c": (-1.0, 6.4), "d": (-0.8, 0.6), "e": (59.5, 62.0),
    "f": (7.0, -27.0), "g": (1.3, -3.0), "h": (-22.5, 51.0), "i": (35.0, -23.5), "j": (24.5, 5.5), "k": (-12.0, 66.5),
    "l": (50.5, -19.0), "m": (13.5, 91.0), "n": (4.0, 96.5), "o": (41.0, 70.0), "p": (-9.5, 23.5), "q": (0.3, -0.5),
    "r": (-0.5, 82.5), "s": (55.5, 34.0), "t": (8.0, -10.5), "u": (18.0, 29.0), "v": (7.3, 14.0), "w": (18.5, 52.0),
    "x": (5.7, 6.2), "y": (0.6, 3.3), "z": (22.5, 13.5), "{": (19.5, -33.0), "|": (52.0, -13.0), "}": (7.1, 1.1),
    "~": (6.8, -3.4), "DEL": (-7.1, -5.8),
}  # fmt: skip


def crowded_codes(seed=0, crowd=12, radius=4.0, total=32, spread=60.0):
    """`total` random codes over +-`spread`, `crowd` of them within `radius` of the origin, named like the font."""
    rng = np.random.default_rng(seed)
    angle, r = rng.uniform(0, 2 * np.pi, crowd), radius * np.sqrt(rng.uniform(0, 1, crowd))
    near = np.stack([r * np.cos(angle), r * np.sin(angle)], axis=1)
    far = rng.uniform(-spread, spread, (total - crowd, 2))
    return np.concatenate([near, far]), list(FONT_LIKE_CODES)[:total]
