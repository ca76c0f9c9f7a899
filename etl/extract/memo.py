"""Caches keyed by a sentence's text, bounded in entries and in the size of what they keep.

Extraction caches its per-sentence analyses (places, actors, figures, dates, cues) because
the same sentences come back: within a report (each of its incidents asks again) and across
reports (wire copy, boilerplate). :func:`text_cache` keeps at most ``maxsize`` entries and
leaves texts longer than :data:`MAX_CHARS` uncached, so that a feed of pathological documents
(a 200,000-character page without a full stop is one "sentence") cannot fill the caches with
huge strings: memory stays bounded whatever the feed.

The cache is a plain dictionary looked up from the wrapper itself: about a thousand look-ups
per report made ``functools.lru_cache`` behind a Python wrapper (a second call, and the
bookkeeping of recency on every hit) a visible share of extraction time. When a cache is full,
its oldest quarter is dropped (first in, first out): a report's repeated sentences were all
inserted recently, and a sentence that keeps coming back across reports is simply analysed
again once in a while. The cached functions are pure, so which entries are kept changes only
the time taken, never a result.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from itertools import islice
from typing import Any, NamedTuple, TypeVar

F = TypeVar("F", bound=Callable[..., Any])

#: Longer texts are analysed every time instead of being kept in a cache.
MAX_CHARS = 2000


class CacheInfo(NamedTuple):
    """The size of a text cache (as ``functools.lru_cache``'s, without hit counts)."""

    maxsize: int
    currsize: int


def text_cache(maxsize: int) -> Callable[[F], F]:
    """Like ``functools.lru_cache(maxsize)`` for a function whose first argument is a text,
    except that texts longer than :data:`MAX_CHARS` are not cached and that a full cache
    drops its oldest entries rather than its least recently used ones."""

    def decorate(function: F) -> F:
        cache: dict[Any, Any] = {}
        limit = MAX_CHARS

        def make_room() -> None:
            """Drop the oldest quarter of the entries (insertion order)."""
            for old in list(islice(cache, max(1, maxsize // 4))):
                del cache[old]

        if _positional_count(function) == 1:  # the text itself is the key

            def wrapper(text: str) -> Any:
                if text in cache:  # a string keeps its hash: the second look-up is cheap
                    return cache[text]
                value = function(text)
                if len(text) <= limit:
                    if len(cache) >= maxsize:
                        make_room()
                    cache[text] = value
                return value

        else:
            missing = object()

            def wrapper(text: str, *args: Any) -> Any:
                key = (text, *args)
                value = cache.get(key, missing)
                if value is missing:
                    value = function(text, *args)
                    if len(text) <= limit:
                        if len(cache) >= maxsize:
                            make_room()
                        cache[key] = value
                return value

        functools.update_wrapper(wrapper, function)
        wrapper.cache_clear = cache.clear  # type: ignore[attr-defined]
        wrapper.cache_info = lambda: CacheInfo(maxsize, len(cache))  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorate


def _positional_count(function: Callable[..., Any]) -> int:
    """How many parameters ``function`` takes (-1 when it has *args, **kwargs or keywords)."""
    parameters = inspect.signature(function).parameters.values()
    if any(p.kind is not inspect.Parameter.POSITIONAL_OR_KEYWORD for p in parameters):
        return -1
    return len(parameters)
