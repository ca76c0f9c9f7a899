"""Right-to-left text (Urdu, Arabic, Pashto, Persian) for renderers that cannot shape it.

Neither reportlab (without optional C extensions) nor matplotlib joins Arabic-script letters
or orders right-to-left runs: "پولیس لائنز" would come out as isolated letters, left to
right. :func:`visual` fixes that the classic way: ``arabic-reshaper`` replaces each letter
by its contextual presentation form (initial, medial, final, isolated) and ``python-bidi``
reorders the line into visual order (Unicode bidirectional algorithm, base direction
left-to-right since reports are in English).

Limits, honestly: presentation forms give Naskh-style shapes, not Nastaliq (the usual Urdu
style); the reordering is done per cell before line wrapping, so a long mixed-direction text
that wraps onto several lines may have its lines in the wrong order; text copied out of the
PDF is in visual order and in presentation forms (searching the PDF for the original spelling
may fail). Names are short, so in practice single place or person names render correctly.
"""

from __future__ import annotations

import functools
import logging
import re

log = logging.getLogger(__name__)

#: Arabic, Arabic Supplement, Arabic Extended-A, presentation forms A and B; Hebrew.
RTL_RE = re.compile(r"[\u0590-\u05FF\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]")
ARABIC_RE = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]")


def has_rtl(text: str) -> bool:
    return bool(RTL_RE.search(text))


@functools.cache
def _shapers():  # noqa: ANN202
    try:
        import arabic_reshaper
        from bidi import get_display
    except ImportError:  # pragma: no cover - both are dependencies; degrade rather than crash
        log.warning("arabic-reshaper or python-bidi is not installed: right-to-left names are drawn unshaped")
        return None
    reshaper = arabic_reshaper.ArabicReshaper(configuration={"delete_harakat": False, "support_ligatures": True})
    return reshaper, get_display


def visual(text: str) -> str:
    """``text`` ready to draw left to right: shaped and reordered when it has RTL characters."""
    if not text or not has_rtl(text):
        return text
    tools = _shapers()
    if tools is None:
        return text
    reshaper, get_display = tools
    return "\n".join(get_display(reshaper.reshape(line), base_dir="L") for line in text.split("\n"))
