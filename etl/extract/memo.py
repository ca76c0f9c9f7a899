"""Caches keyed by a sentence's text, bounded in entries and in the size of what they keep.

Extraction caches its per-sentence analyses (places, actors, figures, dates, cues) because
the same sentences come back: within a report (each of its incidents asks again) and across
reports (wire copy, boilerplate). An LRU cache bounds the number of entries; :func:`text_cache`
also leaves texts longer than :data:`MAX_CHARS` uncached, so that a feed of pathological
documents (a 200,000-character page without a full stop is one "sentence") cannot fill the
caches with huge strings: memory stays bounded whatever the feed.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])

#: Longer texts are analysed every time instead of being kept in a cache.
MAX_CHARS = 2000


def text_cache(maxsize: int) -> Callable[[F], F]:
    """Like ``functools.lru_cache(maxsize)`` for a function whose first argument is a text,
    except that texts longer than :data:`MAX_CHARS` are not cached."""

    def decorate(function: F) -> F:
        cached = functools.lru_cache(maxsize=maxsize)(function)
        limit = MAX_CHARS

        if _positional_count(function) == 1:  # no argument tuple to pack and unpack

            def wrapper(text: str) -> Any:
                if len(text) > limit:
                    return function(text)
                return cached(text)

        else:

            def wrapper(text: str, *args: Any) -> Any:
                if len(text) > limit:
                    return function(text, *args)
                return cached(text, *args)

        functools.update_wrapper(wrapper, function)

        wrapper.cache_clear = cached.cache_clear  # type: ignore[attr-defined]
        wrapper.cache_info = cached.cache_info  # type: ignore[attr-defined]
        wrapper.cache_parameters = cached.cache_parameters  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorate


def _positional_count(function: Callable[..., Any]) -> int:
    """How many parameters ``function`` takes (-1 when it has *args, **kwargs or keywords)."""
    parameters = inspect.signature(function).parameters.values()
    if any(p.kind is not inspect.Parameter.POSITIONAL_OR_KEYWORD for p in parameters):
        return -1
    return len(parameters)
