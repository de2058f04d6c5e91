"""Figures of notebook 1 (the character autoencoder): training curves and the 2-D latent space.

Every function returns a matplotlib Figure and leaves saving to `utils.report.saving`;
glyphs are drawn by `utils.lesson.glyphs`, fonts and colours come from `utils.lesson.style`.
"""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib import patheffects
from matplotlib.artist import Artist
from matplotlib.lines import Line2D
from matplotlib.text import Text

from utils.lesson.glyphs import GLYPH_SHAPE, draw_glyph
from utils.lesson.style import (
    GLYPH_CMAP,
    LABEL_COLOR,
    SQUARE,
    latent_axis_labels,
    plain_log_yscale,
)

BCE_LABEL = "binary cross-entropy per pixel"
SQUARED_ERROR_LABEL = "squared error per character"
HALO = [patheffects.withStroke(linewidth=3, foreground="white")]  # keeps a label readable over black pixels
KNOWN_FRAME = "tab:blue"
MARKERS = "os^vDP"
MARKS_PER_LINE = 8
CODE_SIZE = 20  # points², the marker of a character's code on the labelled plots
LABEL_ZORDER = 4
MOSAIC = 5.5  # inches: the square latent mosaic (no legend; no title on the slide) as high as the content area
# Where a character's name may go around its code: 32 directions, each tried at distances growing
# by RING_STEP name heights. Next to the code the preferred order is right, above-right, above, ...
_ANGLES = np.deg2rad(np.concatenate([np.arange(0, 360, 45), np.arange(22.5, 360, 45), np.arange(11.25, 360, 22.5)]))
DIRECTIONS = np.stack([np.cos(_ANGLES), np.sin(_ANGLES)], axis=1)
DIRECTIONS /= np.abs(DIRECTIONS).max(axis=1, keepdims=True)  # on a square: the box's corner or side faces the code
RINGS = 20
RING_STEP = 0.5
CROWD = 3  # codes closer than this many name heights are neighbours: their names fan out from each other
LEADER_FROM = 1  # a name moved out of the first ring gets a leader line to its code
GAP = 1.5  # points between a name and the edge of its code's marker
PAD = 1.5  # points around a name (its white halo) kept clear of other names and of the data
CLEARANCE = 1.5  # points between a leader line and any marker it passes
HARD = 1000  # the cost of a name on a name, a marker, a line or a leader, or out of the axes: never taken if avoidable
SOFT = {"leader on a name": 20, "leaders crossing": 5, "ambiguous": 4, "leader on a marker": 1}
RING_COST = 0.25  # the cost of each ring further out: a near place with a small fault can beat a far free one
# A dotted leader: a solid one would read as the character '|'.
LEADER = {"arrowstyle": "-", "color": "0.35", "lw": 1.0, "linestyle": (0, (1, 1.5)), "shrinkA": 1}


def format_learning_rate(learning_rate):
    """A learning rate as '1e-3', '3e-3' or '9.85e-4': the one format of every label, legend and table."""
    return np.format_float_scientific(learning_rate, trim="-", exp_digits=1)


def training_curves(logs, title=None, loss_label=BCE_LABEL, target=1):
    """Loss and worst-character wrong pixels vs epoch, side by side, one line per run.

    `logs` maps a label (structure, learning rate, ...) to a `utils.lesson.training.TrainingLog`;
    `loss_label` names the loss the runs were trained with. A run keeps its colour, line style
    and marker in both panels; the markers sit at different epochs for each run, so runs whose
    curves coincide stay apart. One legend below names them, and the dotted line the runs aim at:
    `target` wrong pixels (the assignment's 1, or 0).
    """
    fig, (ax_loss, ax_wrong) = plt.subplots(1, 2, figsize=(12, 4.6 + 0.3 * len(logs) / 3))
    for i, (label, log) in enumerate(logs.items()):
        every = max(len(log.epochs) // MARKS_PER_LINE, 1)
        marks = {"marker": MARKERS[i % len(MARKERS)], "markevery": (i * every // len(logs), every), "ms": 7}
        ax_loss.plot(log.epochs, log.loss, label=label, **marks)
        ax_wrong.plot(log.epochs, log.max_wrong_pixels, **marks)
    ax_loss.set(xlabel="epoch", ylabel=loss_label, title="Loss")
    plain_log_yscale(ax_loss)
    ax_wrong.set(xlabel="epoch", ylabel="wrong pixels", title="Wrong pixels of the worst character")
    target_line = ax_wrong.axhline(
        target, color="0.3", ls=":", lw=1.2, label=f"target: {target} wrong pixel{'s' * (target != 1)}"
    )
    ax_wrong.set_ylim(bottom=-0.6)  # 0 wrong pixels drawn above the axis line, where it can be seen
    handles = [*ax_loss.get_lines(), target_line]
    fig.legend(handles=handles, loc="outside lower center", ncols=min(len(handles), 3))
    if title:
        fig.suptitle(title)
    return fig


def _code_points(ax, z, color=LABEL_COLOR):
    """Scatter the latent codes `z` as small points; return them."""
    return ax.scatter(z[:, 0], z[:, 1], s=CODE_SIZE, color=color, edgecolors="white", linewidths=0.5, zorder=3)


def _polyline_samples(points, step):
    """Points every `step` (or closer) along the polyline through `points`, its vertices included."""
    samples = [points[:1]]
    for a, b in zip(points[:-1], points[1:], strict=True):
        count = max(int(np.ceil(np.hypot(*(b - a)) / step)), 1)
        samples.append(a + (b - a) * np.linspace(0, 1, count + 1)[1:, None])
    return np.concatenate(samples)


def _overlaps(boxes, others):
    """(c, o): does each box (c, 4: x0, y0, x1, y1) share an area with each of `others` (o, 4)?"""
    wide = np.minimum(boxes[:, None, 2], others[None, :, 2]) - np.maximum(boxes[:, None, 0], others[None, :, 0])
    high = np.minimum(boxes[:, None, 3], others[None, :, 3]) - np.maximum(boxes[:, None, 1], others[None, :, 1])
    return (wide > 0) & (high > 0)


def _box_distance(boxes, points):
    """(c, p) distances from each box (c, 4) to each point (p, 2); 0 for a point inside the box."""
    dx = np.maximum(np.maximum(boxes[:, None, 0] - points[None, :, 0], points[None, :, 0] - boxes[:, None, 2]), 0)
    dy = np.maximum(np.maximum(boxes[:, None, 1] - points[None, :, 1], points[None, :, 1] - boxes[:, None, 3]), 0)
    return np.hypot(dx, dy)


def _segment_distance(starts, ends, points):
    """(c, p) distances from each segment (starts, ends: (c, 2)) to each point (p, 2)."""
    along = ends - starts
    length = np.maximum(np.sum(along**2, axis=1), 1e-12)[:, None]
    t = np.clip(np.einsum("cpk,ck->cp", points[None] - starts[:, None], along) / length, 0, 1)
    return np.hypot(*(points[None] - starts[:, None] - t[..., None] * along[:, None]).transpose(2, 0, 1))


def _segments_cross(starts, ends, others):
    """(c,) whether each segment (starts, ends: (c, 2)) crosses any of `others` (o, 2, 2)."""
    if not len(others):
        return np.zeros(len(starts), bool)

    def side(a, b, p):  # the sign of the turn a -> b -> p, broadcast
        return np.sign(
            (b[..., 0] - a[..., 0]) * (p[..., 1] - a[..., 1]) - (b[..., 1] - a[..., 1]) * (p[..., 0] - a[..., 0])
        )

    a, b = starts[:, None], ends[:, None]
    c, d = others[None, :, 0], others[None, :, 1]
    return np.any((side(a, b, c) * side(a, b, d) < 0) & (side(c, d, a) * side(c, d, b) < 0), axis=1)


def _segment_hits_boxes(starts, ends, boxes):
    """(c, b): does each segment (starts, ends: (c, 2)) pass through each of `boxes` (b, 4)? Liang-Barsky clipping."""
    d = (ends - starts)[:, None]  # (c, 1, 2)
    low, high = np.zeros((len(starts), len(boxes))), np.ones((len(starts), len(boxes)))
    for axis in (0, 1):
        p0 = starts[:, None, axis]
        with np.errstate(divide="ignore", invalid="ignore"):
            t0 = (boxes[None, :, axis] - p0) / d[..., axis]
            t1 = (boxes[None, :, axis + 2] - p0) / d[..., axis]
        parallel = d[..., axis] == 0
        outside = parallel & ((p0 < boxes[None, :, axis]) | (p0 > boxes[None, :, axis + 2]))
        t0, t1 = np.where(parallel, -np.inf, np.minimum(t0, t1)), np.where(parallel, np.inf, np.maximum(t0, t1))
        low, high = np.maximum(low, t0), np.where(outside, -1, np.minimum(high, t1))
    return low < high


def _preferred(away):
    """`DIRECTIONS` in the order to try them for a leader: away from the code's crowd first (`away`, a vector).

    Names of a crowd then fan out from it and their leaders do not cross. Without a crowd (None)
    the order stays the default one: right of the code first.
    """
    if away is None or np.hypot(*away) < 1e-9:
        return DIRECTIONS
    turn = np.arctan2(DIRECTIONS[:, 1], DIRECTIONS[:, 0]) - np.arctan2(away[1], away[0])
    return DIRECTIONS[np.argsort(np.abs(np.angle(np.exp(1j * turn))), kind="stable")]


class _Scene:
    """One draw's geometry, in pixels: the axes, the codes and what their names must keep clear of."""

    def __init__(self, ax, renderer, labels, anchors, markers, lines):
        self.px = px = renderer.points_to_pixels(1.0)
        self.at = ax.transData.transform(anchors)
        circles = [(ax.transData.transform(np.reshape(xy, (-1, 2))), radius * px) for xy, radius in markers]
        for xy, half in lines:
            path = _polyline_samples(ax.transData.transform(np.reshape(xy, (-1, 2))), max(half * px, 1.0))
            circles.append((path, half * px))
        self.centres = np.concatenate([c for c, _ in circles] or [np.zeros((0, 2))])
        self.radii = np.concatenate([np.full(len(c), r) for c, r in circles] or [np.zeros(0)])
        self.own = (markers[0][1] if markers else 0) * px  # the radius of a code's marker
        self.frame = np.asarray(ax.get_window_extent(renderer).extents)
        self.sizes = np.array([Text.get_window_extent(label, renderer).size for label in labels]).reshape(-1, 2)

    def key(self):
        """Equal for two draws that place the names the same way."""
        return hash((self.px, self.frame.round(2).tobytes(), self.at.round(2).tobytes(), self.sizes.round(2).tobytes()))

    def candidates(self, i, ring, directions):
        """The centres and padded boxes (x0, y0, x1, y1) of name i in `directions` at distance ring `ring`."""
        half = self.sizes[i] / 2
        distance = self.own + (GAP + PAD) * self.px + ring * RING_STEP * self.sizes[i, 1]
        centres = self.at[i] + directions * (half + distance)
        padded = half + PAD * self.px
        return centres, np.concatenate([centres - padded, centres + padded], axis=1)

    def leaders(self, i, centres, boxes):
        """The leader from code i to each candidate box: (starts, ends), from its marker to the box edge."""
        at, padded = self.at[i], (boxes[:, 2:] - boxes[:, :2]) / 2
        towards = centres - at
        length = np.maximum(np.hypot(*towards.T), 1e-9)[:, None]
        with np.errstate(divide="ignore"):
            inside = np.min(padded / np.abs(towards), axis=1, keepdims=True)  # share of the way spent in the box
        return at + towards / length * self.own, centres - towards * np.minimum(inside, 1)

    def cost(self, i, ring, centres, boxes, taken):
        """How badly each candidate of name i breaks the rules, given the names and leaders `taken`; 0: none.

        A name on another name, on a marker or line, on a leader or out of the axes costs `HARD`
        each; a leader over a name, across another leader or over another code's marker, and a
        name that could be read as another code's, cost less (`SOFT`).
        """
        placed, leaders = taken
        below, above = np.maximum(self.frame[:2] - boxes[:, :2], 0), np.maximum(boxes[:, 2:] - self.frame[2:], 0)
        outside = np.sum(below + above, axis=1)  # pixels out of the axes
        cost = HARD * (outside > 0) + outside
        if len(placed):
            cost += HARD * np.sum(_overlaps(boxes, placed), axis=1)
        cost += HARD * np.sum(_box_distance(boxes, self.centres) < self.radii, axis=1)
        if len(leaders):
            cost += HARD * _segment_hits_boxes(leaders[:, 0], leaders[:, 1], boxes).sum(axis=0)
        rivals = np.delete(self.at, i, axis=0)
        nearest_rival = _box_distance(boxes, rivals).min(axis=1, initial=np.inf)
        h = self.sizes[i, 1]
        if ring < LEADER_FROM:  # no leader: the name is nearer its own code than any other, by half its height,
            # both from its box's edge and from its centre (where the eye puts it, between two codes)
            own_edge = _box_distance(boxes, self.at[i : i + 1])[:, 0]
            own_centre = np.hypot(*(centres - self.at[i]).T)
            rival_centre = np.hypot(*(centres[:, None] - rivals[None]).transpose(2, 0, 1)).min(axis=1, initial=np.inf)
            ambiguous = (nearest_rival < own_edge + h / 2) | (rival_centre < own_centre + h / 2)
            return cost + SOFT["ambiguous"] * ambiguous
        # with a leader: the name keeps its height away from every other code; the leader crosses no name,
        # no other leader and passes no other marker
        cost += SOFT["ambiguous"] * (nearest_rival < h)
        starts, ends = self.leaders(i, centres, boxes)
        others = np.hypot(*(self.centres - self.at[i]).T) > 0.5
        clear = _segment_distance(starts, ends, self.centres[others]) - self.radii[others] - CLEARANCE * self.px
        cost += SOFT["leader on a marker"] * np.sum(clear < 0, axis=1)
        cost += SOFT["leader on a name"] * _segment_hits_boxes(starts, ends, placed).sum(axis=1)
        return cost + SOFT["leaders crossing"] * _segments_cross(starts, ends, leaders)

    def place_all(self, order, directions):
        """Place the names one by one in `order`; return their places and the badness (rules broken, distance)."""
        placed, leaders = np.zeros((0, 4)), np.zeros((0, 2, 2))
        places, badness = {}, 0.0
        for i in order:
            best = (np.inf,)
            for ring in range(RINGS):
                centres, boxes = self.candidates(i, ring, DIRECTIONS if ring < LEADER_FROM else directions[i])
                total = self.cost(i, ring, centres, boxes, (placed, leaders)) + RING_COST * ring
                k = int(np.argmin(total))
                if total[k] < best[0]:
                    best = (total[k], ring, centres[k], boxes[k])
                if best[0] <= RING_COST * (ring + 1):  # no place further out can do better
                    break
            total, ring, centre, box = best
            places[i] = (centre - self.at[i], ring >= LEADER_FROM)
            badness += total
            placed = np.vstack([placed, box])
            if ring >= LEADER_FROM:  # later names and leaders keep off this leader
                start, end = self.leaders(i, centre[None], box[None])
                leaders = np.concatenate([leaders, np.stack([start, end], axis=1)])
        return places, badness


def place_labels(ax, renderer, labels, anchors, markers=(), lines=(), cache=None):
    """Move each label (an offset-points Annotation) around its anchor until it covers nothing.

    A name goes to the nearest free place, trying `DIRECTIONS` at distances growing ring by ring:
    its box (with `PAD` points of halo) inside the axes, overlapping no name placed before it and
    no leader, clear of every marker (`markers`: pairs of data points (m, 2) and a radius in
    points, the first pair the anchors' own markers) and every line (`lines`: pairs of a
    polyline's data points and its half width in points). Next to its code a name is nearer to it
    than to any other code by half its height, from its box's edge and from its centre, so it names
    one code only. A name moved further
    gets a leader line to its code; it then keeps its height away from every other code, and its
    leader crosses no name and no other leader and passes no other marker. A crowd's names
    (codes within `CROWD` name heights of each other) try the directions away from the crowd
    first, so they fan out. The names are placed in three orders (most neighbours first, fewest
    first, as given) and the placement with the fewest broken rules, then the shortest leaders,
    wins; where no place is free, the least bad one is taken. `_LabelPlacer` runs this at every
    draw, so the names stay clear at whatever size the figure is shown or saved; `cache` (a dict)
    keeps the answer for draws of the same geometry.
    """
    scene = _Scene(ax, renderer, labels, anchors, markers, lines)
    key = scene.key()
    cache = {} if cache is None else cache
    if key not in cache:
        at, reach = scene.at, CROWD * scene.sizes[:, 1].max(initial=1)
        near = (np.hypot(*(at[:, None] - at[None]).transpose(2, 0, 1)) < reach) & ~np.eye(len(at), dtype=bool)
        directions = [_preferred(at[i] - at[near[i]].mean(axis=0) if near[i].any() else None) for i in range(len(at))]
        count = near.sum(axis=1)
        orders = [np.argsort(-count, kind="stable"), np.argsort(count, kind="stable"), np.arange(len(at))]
        cache[key] = min((scene.place_all(order, directions) for order in orders), key=lambda answer: answer[1])[0]
    for i, (offset, leader) in cache[key].items():
        labels[i].xyann = tuple(offset / scene.px)
        labels[i].arrow_patch.set_visible(leader)


class _LabelPlacer(Artist):
    """An invisible artist drawn just before the names of the codes: it places them (`place_labels`) for this draw."""

    def __init__(self, labels, anchors, markers, lines):
        super().__init__()
        self.labels, self.anchors, self.markers, self.lines = labels, anchors, markers, lines
        self.cache = {}
        self.set_zorder(LABEL_ZORDER - 0.5)
        self.set_in_layout(False)

    def draw(self, renderer):
        if self.get_visible() and self.labels:
            place_labels(self.axes, renderer, self.labels, self.anchors, self.markers, self.lines, self.cache)


def _label_points(ax, z, names, color=LABEL_COLOR, markers=(), lines=(), highlight=()):
    """Scatter the latent codes `z` and write each character's name near its point, on a white halo; return the points.

    The names cover no other name, no code and none of the extra `markers` (pairs of data
    points and a radius in points) and `lines` (pairs of a polyline's points and its half width
    in points); see `place_labels`. Names in `highlight` are drawn in black and bold.
    """
    z = np.asarray(z, dtype=float)
    points = _code_points(ax, z, color)
    labels = []
    for (x, y), name in zip(z, names, strict=True):
        label = ax.annotate(
            name,
            (x, y),
            xytext=(0, 0),
            textcoords="offset points",
            ha="center",
            va="center",
            color="black" if name in highlight else color,
            fontweight="bold" if name in highlight else "normal",
            zorder=LABEL_ZORDER,
            path_effects=HALO,
            arrowprops=LEADER | {"shrinkB": np.sqrt(CODE_SIZE) / 2 + 0.5},
        )
        label.set_in_layout(False)  # kept inside the axes by `place_labels`
        labels.append(label)
    ax.add_artist(_LabelPlacer(labels, z, [(z, np.sqrt(CODE_SIZE) / 2), *markers], list(lines)))
    ax.margins(0.05)
    return points


def latent_scatter(z, names, title="Latent space"):
    """The encoded characters as labelled points in the 2-D latent space, a square figure.

    Every name sits beside its code without covering another name or code; where the codes crowd,
    a name moved away is joined to its code by a thin leader line.
    """
    fig, ax = plt.subplots(figsize=(SQUARE, SQUARE))
    _label_points(ax, np.asarray(z), names)
    latent_axis_labels(ax)
    fig.suptitle(title)
    return fig


def latent_path_figure(z, names, path_z, path_images, start, end, title=None):
    """A straight latent path between two characters: where it runs, and what it decodes to.

    Left, the path's points among the characters' codes (the two characters' names in bold); right,
    the glyphs decoded at them in a grid, numbered from 0 at `start` to the last at `end`. No name
    covers the path. `title` defaults to naming the two characters.
    """
    z, path_z = np.asarray(z, dtype=float), np.asarray(path_z, dtype=float)
    n = len(path_images)
    cols = int(np.ceil(np.sqrt(n)))
    rows = -(-n // cols)
    fig = plt.figure(figsize=(10.5, SQUARE))
    grid = fig.add_gridspec(rows, cols + 1, width_ratios=[4.4, *[1] * cols] if cols else [1])
    ax = fig.add_subplot(grid[:, 0])
    path_style = {"color": "C0", "ms": 6, "lw": 2}
    _label_points(
        ax,
        z,
        names,
        color="0.4",
        markers=[(path_z, path_style["ms"] / 2 + 0.5)],
        lines=[(path_z, path_style["lw"] / 2 + 0.5)],
        highlight=(start, end),
    )
    (path,) = ax.plot(path_z[:, 0], path_z[:, 1], "-o", zorder=5, **path_style)
    path.set_label(f"the path: {n} points from '{start}' (0) to '{end}' ({n - 1}), decoded at right")
    codes = Line2D([], [], ls="", marker="o", ms=np.sqrt(CODE_SIZE), color="0.4", label="a character's code")
    ax.legend(handles=[path, codes], loc="lower left", bbox_to_anchor=(0, 1.01), borderaxespad=0, ncols=1)
    latent_axis_labels(ax)
    fig.suptitle(title or f"Straight path from '{start}' to '{end}' in the latent space")
    last = n - 1
    for i, image in enumerate(path_images):
        name = {0: f" = '{start}'", last: f" = '{end}'"}.get(i, "")
        draw_glyph(fig.add_subplot(grid[i // cols, 1 + i % cols]), image, f"{i}{name}")
    return fig


def latent_mosaic(images, z1, z2, z, is_known, title=None):
    """Decoded glyphs on a regular latent grid, drawn where they live, with the characters' codes on top.

    `images` is (len(z2), len(z1), 35), row i decoded at z2[i]; `is_known` marks the cells whose
    binarized glyph is one of the font's characters. Those are the fewer, so they are the ones
    framed; every unframed cell is a new glyph. The characters' codes are drawn as small red dots
    with a white edge, visible on black and on white pixels and covering about one glyph pixel
    each, unnamed: the glyphs around them show which character each is, and names would cover the
    glyphs where the codes crowd (`latent_scatter` names them). A square figure with square cells,
    each glyph with square pixels, all the height given to the cells: no legend, the default title
    counts the framed cells (the notebook's takeaway says what the dots are).
    """
    n2, n1 = len(z2), len(z1)
    dz1, dz2 = (z1[1] - z1[0]), (z2[1] - z2[0])
    fig, ax = plt.subplots(figsize=(MOSAIC, MOSAIC))
    high = 0.45 * dz2  # half the height of a glyph; its width keeps the pixels square in a square cell
    wide = high * dz1 / dz2 * GLYPH_SHAPE[1] / GLYPH_SHAPE[0]
    frame_style = {"fill": False, "ec": KNOWN_FRAME, "lw": 1.8}
    for i in range(n2):
        for j in range(n1):
            cx, cy = z1[j], z2[i]
            box = [cx - wide, cx + wide, cy - high, cy + high]
            ax.imshow(images[i, j].reshape(GLYPH_SHAPE), cmap=GLYPH_CMAP, vmin=0, vmax=1, extent=box, zorder=1)
            if is_known[i, j]:
                corner = (cx - wide - 0.12 * dz1, cy - 0.485 * dz2)
                ax.add_patch(plt.Rectangle(corner, 2 * wide + 0.24 * dz1, 0.97 * dz2, zorder=2, **frame_style))
    z = np.asarray(z)
    # small dots: each covers about one glyph pixel; the white edge shows them on black pixels
    ax.scatter(z[:, 0], z[:, 1], s=14, color=LABEL_COLOR, edgecolors="white", linewidths=0.8, zorder=3)
    ax.set(xlim=(z1[0] - dz1 / 2, z1[-1] + dz1 / 2), ylim=(z2[0] - dz2 / 2, z2[-1] + dz2 / 2))
    latent_axis_labels(ax)
    ax.set_aspect(dz1 / dz2)  # square cells
    ax.grid(False)
    known = int(np.sum(is_known))
    fig.suptitle(title or f"Decoded latent grid: {known} of {n1 * n2} cells (framed) are font characters")
    return fig


def explorer_view(z, glyph, codes, names, known_name=None):
    """Notebook 1's latent explorer: the characters' codes with a star at `z`, and the glyph decoded there.

    `glyph` is the decoder's 35 pixels at `z`; `codes` (n, 2) and `names` (n) are the characters'
    latent codes and names, placed so that no name covers another name, a code or the star.
    `known_name` is the character whose binarized pixels the glyph matches, or None when the
    binarized glyph is in no character of the font: the title says which, so a reader sees at
    once whether this z generates a new letter.
    """
    z = np.asarray(z, dtype=float)
    codes = np.asarray(codes, dtype=float)
    glyph = np.asarray(glyph)
    if z.shape != (2,):
        raise ValueError(f"z must be one latent point (z1, z2), got shape {z.shape}")
    if codes.ndim != 2 or codes.shape[1] != 2 or len(codes) != len(names):
        raise ValueError(f"codes must be (n, 2) with one name each, got shape {codes.shape} and {len(names)} names")
    if glyph.size != GLYPH_SHAPE[0] * GLYPH_SHAPE[1]:
        raise ValueError(f"glyph must hold {GLYPH_SHAPE[0]}x{GLYPH_SHAPE[1]} pixels, got shape {glyph.shape}")
    if known_name is not None and known_name not in names:
        raise ValueError(f"known_name {known_name!r} is not one of the characters' names")
    fig, (ax_map, ax_glyph) = plt.subplots(1, 2, figsize=(10.5, SQUARE), gridspec_kw={"width_ratios": [1.8, 1]})
    star = 20
    _label_points(ax_map, codes, names, color="0.4", markers=[(z, star / 2 + 1)])
    ax_map.plot(*z, marker="*", markersize=star, color="C3", mec="white", mew=1, zorder=5)
    latent_axis_labels(ax_map)
    ax_map.set_title(f"Codes of the {len(codes)} characters; star: z")
    draw_glyph(ax_glyph, glyph)
    ax_glyph.set_title("Decoded glyph")
    verdict = f"the font's '{known_name}'" if known_name is not None else "a new glyph, not in the font"
    fig.suptitle(f"z = ({z[0]:.2f}, {z[1]:.2f}) decodes to {verdict}")
    return fig
