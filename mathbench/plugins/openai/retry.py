"""When to ask a server again, and how long to wait first.

Kept apart from the HTTP code so that the policy can be read and tested on its own. Retried:
rate limits (429), server errors (5xx), request time-outs (408), conflicts (409), and requests
that never got an answer (time-outs, refused or broken connections). Anything else is the
request's own fault (400: too long for the context, ...) and asking again would not change it.
"""

from __future__ import annotations

import random
import time
from collections.abc import Mapping
from dataclasses import dataclass
from email.utils import parsedate_to_datetime

#: No single wait is longer than this, whatever the server asks: a run should fail visibly
#: rather than sleep for an hour on one request.
MAX_DELAY_S = 60.0


def retryable_status(status: int) -> bool:
    return status in (408, 409, 429) or status >= 500


def parse_retry_after(headers: Mapping[str, str], now: float | None = None) -> float | None:
    """Seconds the server asked us to wait: ``retry-after-ms`` (OpenAI's own), then
    ``Retry-After`` as seconds or as an HTTP date; None when absent or unreadable."""
    milliseconds = headers.get("retry-after-ms")
    if milliseconds is not None:
        try:
            return max(0.0, float(milliseconds) / 1000)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


@dataclass(frozen=True)
class RetryPolicy:
    """``max_retries`` retries after the first attempt, waiting ``first_delay`` seconds before
    the first and twice as long before each next one, with jitter so that many requests that
    failed together do not all come back together."""

    max_retries: int
    first_delay: float

    def delay(
        self, retry: int, retry_after: float | None = None, rng: random.Random | None = None
    ) -> float:
        """Seconds to wait before retry number ``retry`` (0 for the first retry): a random
        point in the upper half of the exponential step ("equal jitter"), and never less than
        the server's Retry-After, all capped at ``MAX_DELAY_S``."""
        step = min(MAX_DELAY_S, self.first_delay * 2.0**retry)
        draw = rng.random() if rng else random.random()
        jittered = step * (0.5 + draw / 2)
        if retry_after is not None:
            jittered = max(jittered, retry_after)
        return min(MAX_DELAY_S, jittered)
