"""A made-up journey map of any size, for benchmarks and tests: seeded, so the same call gives the same map."""
from __future__ import annotations

import random

from workshop.domain.model import Category, Improvement, Stage, Stream, Theme, Workshop

WORDS = ('waiting', 'whānau', 'travel', 'cost', 'letters', 'phone calls', 'clinic', 'parking', 'fear', 'hope',
         'nurse', 'results', 'referral', 'forms', 'karakia', 'support', 'transport', 'information', 'time off work')


def synthetic_map(stages: int = 200, themes: int = 2000, streams: int = 4, seed: int = 1) -> Workshop:
    """`stages` stages (with a branch and merge every 20), `themes` themes spread over them, 1–2 stages each."""
    rng = random.Random(seed)
    stage_list = [Stage(id=f's{i}', title=f'Stage {i}: {rng.choice(WORDS)} and {rng.choice(WORDS)}')
                  for i in range(stages)]
    for i in range(0, stages - 3, 20):  # s_i branches to s_i+1 and s_i+2, which both rejoin at s_i+3
        stage_list[i].next = [f's{i + 1}', f's{i + 2}']
        stage_list[i + 1].next = [f's{i + 3}']
    stream_list = [Stream(id=f'g{i}', label=f'Group {i + 1}') for i in range(streams)]
    categories = list(Category)
    theme_list = []
    for i in range(themes):
        first = rng.randrange(stages)
        at = sorted({first, min(stages - 1, first + rng.randrange(2))})
        title = ' '.join(rng.choice(WORDS) for _ in range(rng.randint(2, 9))).capitalize()
        theme_list.append(Theme(id=f't{i}', title=title, category=categories[i % 3],
                                stages=[f's{j}' for j in at],
                                streams=sorted({f'g{rng.randrange(streams)}' for _ in range(rng.randint(1, 2))})))
    improvements = [Improvement(id=f'i{i}', title=f'Improvement {i}', stages=[f's{i * 10 % stages}'])
                    for i in range(min(20, stages))]
    return Workshop(title=f'Synthetic map: {stages} stages, {themes} themes', streams=stream_list,
                    stages=stage_list, themes=theme_list, improvements=improvements)
