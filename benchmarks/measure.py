"""How the benchmark measures: medians of alternated runs after a warm-up, SQL statement
counts through the suite's SQL spy, peak Python memory through tracemalloc."""

from __future__ import annotations

import statistics
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass, field

# One sample: run the measured work once (its own set-up is not timed) and return
# (seconds, SQL statements sent) of the measured part.
Sample = Callable[[], tuple[float, list[str]]]


@dataclass
class Side:
	label: str
	times: list[float] = field(default_factory=list)
	statements: list[str] = field(default_factory=list)
	peak: int = 0

	@property
	def median(self) -> float:
		return statistics.median(self.times)

	@property
	def count(self) -> int:
		return len(self.statements)


def timed(work: Callable[[], object]) -> tuple[float, list[str]]:
	"""Time `work()` while recording its SQL statements."""
	from tests.integration.sql_spy import recorded_statements

	with recorded_statements() as statements:
		started = time.perf_counter()
		work()
		elapsed = time.perf_counter() - started
	return elapsed, list(statements)


def peak_memory(work: Callable[[], object]) -> int:
	tracemalloc.start()
	try:
		work()
		return tracemalloc.get_traced_memory()[1]
	finally:
		tracemalloc.stop()


def compare(a: tuple[str, Sample], b: tuple[str, Sample], runs: int) -> tuple[Side, Side]:
	"""Warm up each side once, then `runs` samples of each, alternating a, b, b, a, … so that
	drift on a noisy machine hits both sides alike. A side's statements are those of its
	last sample (warm caches, as in the timed runs)."""
	sides = (Side(a[0]), Side(b[0]))
	samples = (a[1], b[1])
	for sample in samples:
		sample()
	for n in range(runs):
		order = (0, 1) if n % 2 == 0 else (1, 0)
		for i in order:
			elapsed, sides[i].statements = samples[i]()
			sides[i].times.append(elapsed)
	return sides


def ratio(numerator: Side, denominator: Side) -> float:
	return numerator.median / denominator.median if denominator.median else float("inf")
