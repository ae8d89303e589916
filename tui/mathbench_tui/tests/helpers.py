"""Driving the app in tests: wait until its workers and the messages they post are done."""

from __future__ import annotations

from textual.pilot import Pilot


async def settle(pilot: Pilot[None]) -> None:
    """Let every worker finish and the screens handle what the workers posted (twice: a handled
    message may start another worker, as a new page of rows does)."""
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
