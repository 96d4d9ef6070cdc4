"""The app's JSON text, written by orjson: the API's answers (the gap report is 170 KiB at
10,000 items) took a tenth of the load mix's time in the standard library's encoder.

The same values as Flask's own provider writes, keys sorted, compact, with dates,
dataclasses, decimals and anything with `__html__` handed to Flask's own conversions. The
text differs in three ways: non-ASCII characters are written as UTF-8 rather than escaped;
floats in their shortest form (1e-7, not 1e-07); NaN and infinities as null (the standard
library writes NaN, which no JSON parser need accept). What orjson refuses (an integer
beyond 64 bits, say) goes to the standard library, which writes it or refuses it as before.
"""
from __future__ import annotations

from typing import Any

import orjson
from flask.json.provider import DefaultJSONProvider

_OPTIONS = (orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS | orjson.OPT_PASSTHROUGH_DATETIME
            | orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_PASSTHROUGH_SUBCLASS)
_COMPACT = {"separators": (",", ":")}  # what `jsonify` asks for outside debug mode


class JsonText(DefaultJSONProvider):
    """Flask's provider, writing with orjson when called as `jsonify` and `respond` call it
    (compact); the debug server's indented answers go to the standard library.

    >>> import datetime as dt
    >>> from flask import Flask
    >>> JsonText(Flask("doc")).dumps({"b": [1.5, None], "a": "Cité", "d": dt.date(2024, 5, 1)})
    '{"a":"Cité","b":[1.5,null],"d":"Wed, 01 May 2024 00:00:00 GMT"}'
    """

    def dumps(self, obj: Any, **kwargs: Any) -> str:
        if kwargs and kwargs != _COMPACT:  # an indent: the debug server's pretty printing
            return super().dumps(obj, **kwargs)
        try:
            return orjson.dumps(obj, default=self.default, option=_OPTIONS).decode()
        except orjson.JSONEncodeError:  # the same text, as far as the library can write it
            return super().dumps(obj, separators=(",", ":"), ensure_ascii=False)


def init_app(app) -> None:
    app.json = JsonText(app)
