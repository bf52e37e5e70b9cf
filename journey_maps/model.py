"""The journey map as a graph of stages: validation and a stable display order.

Stages form a directed acyclic graph (linear by default, with branches and merges allowed), built with networkx.
Themes and improvements hang off stages and streams; every reference must point at something that exists.
"""
from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from workshop.domain.model import Workshop


@dataclass(kw_only=True, slots=True, frozen=True)
class Problem:
    """One thing wrong with a map: where it is (e.g. `themes[3].stages[1]`) and what is wrong."""
    where: str
    message: str

    def __str__(self) -> str:
        return f'{self.where}: {self.message}' if self.where else self.message


class JourneyMap:
    """A workshop's stages as a networkx DiGraph, in a stable order."""

    def __init__(self, workshop: Workshop) -> None:
        self.workshop = workshop
        self.graph = build_graph(workshop)

    def order(self) -> list[str]:
        """Topological order, ties broken by the order in which stages were declared."""
        return stage_order(self.workshop, self.graph)

    def successors(self, stage_id: str) -> list[str]:
        return list(self.graph.successors(stage_id))

    def predecessors(self, stage_id: str) -> list[str]:
        return list(self.graph.predecessors(stage_id))


def build_graph(workshop: Workshop) -> nx.DiGraph:
    graph = nx.DiGraph()
    for index, stage in enumerate(workshop.stages):
        graph.add_node(stage.id, index=index)
    for index, stage in enumerate(workshop.stages):
        for target in successors_of(workshop, index):
            if target in graph:
                graph.add_edge(stage.id, target)
    return graph


def successors_of(workshop: Workshop, index: int) -> list[str]:
    """A stage's `next`; when it has none declared, the stage declared after it (linear by default)."""
    stage = workshop.stages[index]
    if stage.next is not None:
        return list(stage.next)
    return [workshop.stages[index + 1].id] if index + 1 < len(workshop.stages) else []


def stage_order(workshop: Workshop, graph: nx.DiGraph | None = None) -> list[str]:
    graph = graph if graph is not None else build_graph(workshop)
    declared = {stage.id: i for i, stage in enumerate(workshop.stages)}
    try:
        return list(nx.lexicographical_topological_sort(graph, key=lambda node: declared[node]))
    except nx.NetworkXUnfeasible:  # a cycle: fall back to declared order so a broken map can still be shown
        return [stage.id for stage in workshop.stages]


def validate(workshop: Workshop) -> list[Problem]:
    """Everything wrong with the map, each naming the ids involved. An empty list means the map is sound."""
    problems: list[Problem] = []
    problems += _duplicates('streams', [s.id for s in workshop.streams], 'stream')
    problems += _duplicates('stages', [s.id for s in workshop.stages], 'stage')
    problems += _duplicates('themes', [t.id for t in workshop.themes], 'theme')
    problems += _duplicates('improvements', [i.id for i in workshop.improvements], 'improvement')
    stage_ids = {s.id for s in workshop.stages}
    stream_ids = {s.id for s in workshop.streams}
    theme_ids = {t.id for t in workshop.themes}
    for i, stream in enumerate(workshop.streams):
        if stream.invited is not None and stream.invited < 0:
            problems.append(Problem(where=f'streams[{i}].invited',
                                    message=f"stream '{stream.id}': invited must be 0 or more, found {stream.invited}"))
    for i, stage in enumerate(workshop.stages):
        for j, target in enumerate(stage.next or []):
            if target not in stage_ids:
                problems.append(Problem(where=f'stages[{i}].next[{j}]',
                                        message=f"stage '{stage.id}' leads to unknown stage '{target}'"))
    for i, theme in enumerate(workshop.themes):
        problems += _dangling(f'themes[{i}].stages', theme.stages, stage_ids, f"theme '{theme.id}'", 'stage')
        problems += _dangling(f'themes[{i}].streams', theme.streams, stream_ids, f"theme '{theme.id}'", 'stream')
        for j, quote in enumerate(theme.quotes):
            if quote.stream and quote.stream not in stream_ids:
                problems.append(Problem(where=f'themes[{i}].quotes[{j}].stream',
                                        message=f"quote of theme '{theme.id}' names unknown stream '{quote.stream}'"))
    for i, improvement in enumerate(workshop.improvements):
        label = f"improvement '{improvement.id}'"
        problems += _dangling(f'improvements[{i}].stages', improvement.stages, stage_ids, label, 'stage')
        problems += _dangling(f'improvements[{i}].themes', improvement.themes, theme_ids, label, 'theme')
    problems += _graph_problems(workshop)
    return problems


def _graph_problems(workshop: Workshop) -> list[Problem]:
    if not workshop.stages:
        return [Problem(where='stages', message='a journey map needs at least one stage')]
    graph = build_graph(workshop)
    try:
        cycle = nx.find_cycle(graph)
    except nx.NetworkXNoCycle:
        pass
    else:
        path = ' → '.join([edge[0] for edge in cycle] + [cycle[0][0]])
        return [Problem(where='stages', message=f'the stages go round in a circle: {path}')]
    start = workshop.stages[0].id
    reachable = nx.descendants(graph, start) | {start}
    return [Problem(where=f'stages[{i}]', message=f"stage '{stage.id}' cannot be reached from the first stage "
                                                  f"'{start}'")
            for i, stage in enumerate(workshop.stages) if stage.id not in reachable]


def _duplicates(where: str, ids: list[str], noun: str) -> list[Problem]:
    seen: set[str] = set()
    problems = []
    for i, item_id in enumerate(ids):
        if item_id in seen:
            problems.append(Problem(where=f'{where}[{i}].id', message=f"{noun} id '{item_id}' is used twice"))
        seen.add(item_id)
    return problems


def _dangling(where: str, refs: list[str], known: set[str], owner: str, noun: str) -> list[Problem]:
    return [Problem(where=f'{where}[{j}]', message=f"{owner} points at unknown {noun} '{ref}'")
            for j, ref in enumerate(refs) if ref not in known]
