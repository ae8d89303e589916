"""Driving the app in tests: wait until its workers and the messages they post are done."""

from __future__ import annotations

from contextlib import suppress

from textual.pilot import Pilot
from textual.worker import WorkerCancelled


async def settle(pilot: Pilot[None]) -> None:
    """Let every worker finish and the screens handle what the workers posted (twice: a handled
    message may start another worker, as a new page of rows does). A worker that a newer one
    replaced counts as finished."""
    for _ in range(3):
        with suppress(WorkerCancelled):
            await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def searched(pilot: Pilot[None]) -> None:
    """Settle, then wait for the rest of a search (its fuzzy hits and responses come once typing
    pauses, after the texts that contain the query)."""
    await settle(pilot)
    for _ in range(200):
        summary = pilot.app.screen.query("#summary").first()
        if "searching further" not in str(summary.render()):
            break
        await pilot.pause(0.02)
    await settle(pilot)
