"""Lay out a structure snapshot as a layered diagram: each body sits one row below the
highest body it reports to, so reporting lines run upwards. Presentation only."""

from dataclasses import dataclass

from .models import Body, ReportingLine

NODE_W, NODE_H = 200, 62
GAP_X, GAP_Y = 24, 70
MARGIN = 20

KIND_FILL = {
    Body.Kind.POLITICAL_ARENA: "#dbeafe",
    Body.Kind.OFFICIALS_ARENA: "#dcfce7",
    Body.Kind.WORKING_GROUP: "#fef9c3",
    Body.Kind.COUNCIL: "#f3e8ff",
    Body.Kind.JOINT_COMMITTEE: "#ffe4e6",
    Body.Kind.PARTY_COMMITTEE: "#e5e7eb",
}


@dataclass
class Node:
    body: Body
    x: int
    y: int
    fill: str
    w: int = NODE_W
    h: int = NODE_H

    @property
    def cx(self) -> int:
        return self.x + self.w // 2

    @property
    def text_x(self) -> int:
        return self.x + 10


@dataclass
class Edge:
    line: ReportingLine
    path: str


@dataclass
class Diagram:
    width: int
    height: int
    nodes: list[Node]
    edges: list[Edge]


def _ranks(bodies: list[Body], lines: list[ReportingLine]) -> dict[int, int]:
    targets: dict[int, list[int]] = {b.pk: [] for b in bodies}
    for line in lines:
        targets[line.from_body_id].append(line.to_body_id)
    rank: dict[int, int] = {}

    def visit(pk: int, trail: frozenset[int]) -> int:
        if pk in rank:
            return rank[pk]
        ups = [t for t in targets.get(pk, []) if t not in trail and t in targets]
        value = 1 + max((visit(t, trail | {pk}) for t in ups), default=-1)
        rank[pk] = value
        return value

    for b in bodies:
        visit(b.pk, frozenset())
    return rank


def diagram_layout(bodies: list[Body], lines: list[ReportingLine]) -> Diagram:
    if not bodies:
        return Diagram(width=2 * MARGIN + NODE_W, height=2 * MARGIN, nodes=[], edges=[])
    rank = _ranks(bodies, lines)
    connected = {line.from_body_id for line in lines} | {line.to_body_id for line in lines}
    rows: dict[int, list[Body]] = {}
    bottom = max(rank.values()) + 1
    for b in bodies:
        # Bodies with no line at all go in a row of their own at the bottom.
        rows.setdefault(rank[b.pk] if b.pk in connected else bottom, []).append(b)
    targets_of: dict[int, list[int]] = {}
    for line in lines:
        targets_of.setdefault(line.from_body_id, []).append(line.to_body_id)
    x_of: dict[int, float] = {}
    for r in sorted(rows):
        row = rows[r]

        def weight(b: Body) -> tuple[float, int]:
            ups = [x_of[t] for t in targets_of.get(b.pk, ()) if t in x_of]
            return (sum(ups) / len(ups) if ups else float("inf"), b.sort_order)

        row.sort(key=weight)
        for i, b in enumerate(row):
            x_of[b.pk] = i
    widest = max(len(row) for row in rows.values())
    width = 2 * MARGIN + widest * NODE_W + (widest - 1) * GAP_X
    nodes: dict[int, Node] = {}
    for row_index, r in enumerate(sorted(rows)):
        row = rows[r]
        row_w = len(row) * NODE_W + (len(row) - 1) * GAP_X
        left = (width - row_w) // 2
        for i, b in enumerate(row):
            nodes[b.pk] = Node(
                body=b,
                x=left + i * (NODE_W + GAP_X),
                y=MARGIN + row_index * (NODE_H + GAP_Y),
                fill=KIND_FILL.get(b.kind, "#ffffff"),  # type: ignore[call-overload]
            )
    edges = []
    for line in lines:
        src, dst = nodes[line.from_body_id], nodes[line.to_body_id]
        if src.y > dst.y:
            x1, y1, x2, y2 = src.cx, src.y, dst.cx, dst.y + dst.h
            mid = (y1 + y2) / 2
            path = f"M{x1},{y1} C{x1},{mid} {x2},{mid} {x2},{y2 + 8}"
        else:
            # Same row (or a line downwards): arc below the boxes.
            x1, y1, x2, y2 = src.cx, src.y + src.h, dst.cx, dst.y + dst.h
            dip = max(y1, y2) + GAP_Y // 2
            path = f"M{x1},{y1} C{x1},{dip} {x2},{dip} {x2},{y2 + 8}"
        edges.append(Edge(line=line, path=path))
    height = 2 * MARGIN + len(rows) * NODE_H + (len(rows) - 1) * GAP_Y + GAP_Y // 2
    return Diagram(width=width, height=height, nodes=list(nodes.values()), edges=edges)
