"""Fanning out map markers that would overlap (several members in one town)."""

import math

_MAX_CLUSTER = 12  # markers fanned out around one point at most


def spread(points: list[tuple[float, float]], radius: float) -> list[tuple[float, float]]:
    """Fan out markers that would overlap (same or neighbouring commune) on a small ring.

    Several organisations of one town share the commune's centre: without this only
    the top marker could be seen or hovered. Overlapping rings are merged, up to
    ``_MAX_CLUSTER`` markers, beyond which a ring would move markers too far.
    """
    clusters = [[i] for i in range(len(points))]
    centres = list(points)
    changed = True
    while changed:  # a merged ring is larger and may now touch another one
        changed = False
        for a in range(len(clusters)):
            b = a + 1
            while a < len(clusters) and b < len(clusters):
                count = len(clusters[a]) + len(clusters[b])
                (xa, ya), (xb, yb) = centres[a], centres[b]
                reach = _ring(len(clusters[a]), radius) + _ring(len(clusters[b]), radius)
                if count <= _MAX_CLUSTER and math.hypot(xa - xb, ya - yb) < reach + 1.8 * radius:
                    clusters[a] += clusters.pop(b)
                    del centres[b]
                    centres[a] = _centre(points, clusters[a])
                    changed = True
                else:
                    b += 1
    result = list(points)
    for cluster, (cx, cy) in zip(clusters, centres, strict=True):
        if len(cluster) > 1:
            ring = _ring(len(cluster), radius)
            for k, index in enumerate(cluster):
                angle = 2 * math.pi * k / len(cluster) - math.pi / 2
                result[index] = (cx + ring * math.cos(angle), cy + ring * math.sin(angle))
    return result


def _centre(points: list[tuple[float, float]], indices: list[int]) -> tuple[float, float]:
    xs, ys = zip(*(points[i] for i in indices), strict=True)
    return sum(xs) / len(xs), sum(ys) / len(ys)


def _ring(count: int, radius: float) -> float:
    # Radius of the ring for ``count`` markers: neighbours about 2.5 radii apart.
    return 0.0 if count == 1 else radius * max(1.2, 0.42 * count)
