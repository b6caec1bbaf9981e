"""Safe HTML fragments inside loops: Django's `format_html` contract at a cost a 50-row table can afford.

`django.utils.html.format_html` escapes each argument with `conditional_escape`, whose lazy-string check
(`keep_lazy`) costs several times the escaping itself. Over the 500 cells of a list page, or the few hundred
options of a filter, that overhead alone outweighs the page's SQL. The helpers here keep the same
contract, and nothing else: the format string is markup the programmer wrote; every argument is escaped
unless it is already safe (has `__html__`). `template_text` is what `{{ value }}` prints.
"""

import html
from collections.abc import Iterable

from django.conf import settings
from django.utils.formats import localize
from django.utils.functional import Promise
from django.utils.safestring import SafeString
from django.utils.timezone import template_localtime


def _escape_text(text: str) -> str:
    # html.escape, skipped for the many cells with nothing to escape (numbers, names, labels)
    if "&" in text or "<" in text or ">" in text or '"' in text or "'" in text:
        return html.escape(text)
    return text


def escape(value) -> str:
    """`conditional_escape`: safe strings as they are, anything else as escaped text."""
    if type(value) is str:
        return _escape_text(value)
    if isinstance(value, Promise):
        value = str(value)
    if hasattr(value, "__html__"):
        return value.__html__()
    return _escape_text(str(value))


def format_html_fast(format_string: str, *args) -> SafeString:
    """`format_html(format_string, *args)`: every argument escaped, the result safe."""
    return SafeString(format_string.format(*map(escape, args)))


def format_html_join_fast(sep: str, format_string: str, args_generator: Iterable[Iterable]) -> SafeString:
    """`format_html_join(sep, format_string, args_generator)` with positional arguments."""
    return SafeString(escape(sep).join(format_string.format(*map(escape, args)) for args in args_generator))


def attributes(attrs: dict) -> SafeString:
    """`django.forms.utils.flatatt(attrs)`: ` name="value"` pairs, then bare names of the True ones."""
    pairs = sorted((k, v) for k, v in attrs.items() if not isinstance(v, bool) and v is not None)
    names = sorted(k for k, v in attrs.items() if v is True)
    return format_html_join_fast("", ' {}="{}"', pairs) + format_html_join_fast("", " {}", ((k,) for k in names))


def template_text(value) -> str:
    """The HTML `{{ value }}` prints with autoescaping on (Django's `render_value_in_context`): local time,
    localised numbers and dates, escaped unless safe. Mark it safe only as part of the markup it goes into."""
    if type(value) is str:
        return _escape_text(value)
    if type(value) is SafeString:
        return value
    if type(value) is int and not settings.USE_THOUSAND_SEPARATOR:
        return str(value)  # what localize() makes of it, without its per-call format lookups
    return escape(localize(template_localtime(value)))
