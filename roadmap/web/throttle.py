"""One sign-in limit for the whole service, whichever worker or host a request reaches.

Tries are counted by the `limits` package in a store every worker and host shares: the
database by default (limit_store.py), Redis when `ROADMAP_REDIS_URL` is set. Two limits
apply at once, with different sizes:
- per account, small (`ROADMAP_SIGN_IN_LIMIT_ACCOUNT`, 5 per 15 minutes), so that no
  account can be guessed, from one address or from many. Every try counts before its
  password is checked, so that tries arriving together cannot slip past the limit; the
  right password clears the count.
- per address, larger (`ROADMAP_SIGN_IN_LIMIT_ADDRESS`, 30 per 15 minutes), so that one
  address cannot try every account, yet the people behind a shared address (an office, a
  delegation) do not lock each other out by a few typos: only failures count here.
A try over either limit is answered 429 with Retry-After, its password unread.

Why `limits` and not Flask-Limiter's decorators over it: Flask-Limiter checks a view's
own limits inside the view, after the write boundary has begun the request as a writer
(on SQLite the write lock, which the store's own count would then wait for), has no public
call to check them earlier, and cannot take back one try when the password proves right.
The Flask side of it is this module's few hooks.
"""
from __future__ import annotations

import hashlib
import hmac
import ipaddress
import math
import time
from typing import Callable

from flask import Flask, current_app, g, make_response, request
from limits import RateLimitItem, parse
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

from .. import limit_store  # registers the database store with `limits`

DEFAULTS = {"account": "5 per 15 minutes", "address": "30 per 15 minutes"}
WORDS = {"account": "for this account", "address": "from this address"}


class SignInLimits:
    """The app's two limits, their shared store, and the views they guard."""

    def __init__(self, app: Flask):
        config = app.config
        self.items: dict[str, RateLimitItem] = {
            scope: parse(config.get(f"SIGN_IN_LIMIT_{scope.upper()}") or default)
            for scope, default in DEFAULTS.items()}
        if config.get("REDIS_URL"):
            # several roadmaps may share one Redis: each keeps to its own prefix
            storage = storage_from_string(config["REDIS_URL"])
            self.prefix = config.get("REDIS_KEY_PREFIX") or "roadmap"
        else:
            storage = storage_from_string(f"{limit_store.SCHEME}://",
                                          engine=app.extensions["roadmap.engine"])
            self.prefix = "roadmap"
        self.counter = MovingWindowRateLimiter(storage)
        self.secret = str(config["SECRET_KEY"]).encode()
        self.views: dict[str, tuple[Callable[[], str], Callable[[str], str]]] = {}

    def ids(self, scope: str, key: str) -> tuple[str, ...]:
        return self.prefix, "sign-in", scope, self.digest(key)

    def digest(self, value: str) -> str:
        # keys stay short whatever was typed, and the counts keep no address or e-mail that
        # could be found again by trying candidates without the app's secret
        return hmac.new(self.secret, value.encode(), hashlib.sha256).hexdigest()[:32]


def init_app(app: Flask) -> None:
    """Count sign-ins for the views `guard` names. Register it after the CSRF check and
    before the write boundary: the counts are written on the store's own connection, which
    on SQLite must not wait for the write lock the request is about to take."""
    app.extensions["roadmap.sign_in_limits"] = SignInLimits(app)
    app.before_request(_check)


def guard(app: Flask, endpoint: str, *, account: Callable[[], str],
          refusal: Callable[[str], str]) -> None:
    """Hold POSTs to `endpoint` to both limits. `account()` names the account tried, without
    reading through the request's own session; over a limit the answer is
    `refusal(message)`, the page with the message, sent with 429 and Retry-After."""
    app.extensions["roadmap.sign_in_limits"].views[endpoint] = (account, refusal)


def password_wrong() -> None:
    """Count this request's failure against its address. Call it once the request's own
    write is committed or rolled back: the store writes beside it."""
    limits, address = _limits(), _address()
    limits.counter.hit(limits.items["address"], *limits.ids("address", address))


def password_right() -> None:
    """The password was right: the account's tries start again from none."""
    limits = _limits()
    if g.get("sign_in_account"):
        limits.counter.clear(limits.items["account"], *limits.ids("account", g.sign_in_account))


def _check():
    limits = _limits()
    if request.method != "POST" or request.endpoint not in limits.views:
        return None
    account, refusal = limits.views[request.endpoint]
    g.sign_in_account = account().strip().lower()
    if not g.sign_in_account:
        return None  # no account named: no password is checked (an empty form, a signed-out page)
    address, item = limits.ids("address", _address()), limits.items["address"]
    if not limits.counter.test(item, *address):
        return _refuse(limits, item, address, refusal, "address")
    item, tried = limits.items["account"], limits.ids("account", g.sign_in_account)
    if not limits.counter.hit(item, *tried):
        return _refuse(limits, item, tried, refusal, "account")
    return None


def _refuse(limits: SignInLimits, item: RateLimitItem, ids: tuple[str, ...],
            refusal: Callable[[str], str], scope: str):
    seconds = max(1, math.ceil(limits.counter.get_window_stats(item, *ids).reset_time
                               - time.time()))
    minutes = math.ceil(seconds / 60)
    response = make_response(refusal(
        f"Too many failed sign-ins {WORDS[scope]}; try again in {minutes} "
        f"minute{'s' if minutes > 1 else ''}."), 429)
    response.headers["Retry-After"] = str(seconds)
    return response


def _limits() -> SignInLimits:
    return current_app.extensions["roadmap.sign_in_limits"]


def _address() -> str:
    """The client's address; an IPv6 one by its /64, the block one client usually holds."""
    address = request.remote_addr or ""
    if ":" in address:
        try:
            return str(ipaddress.ip_network(f"{address}/64", strict=False))
        except ValueError:
            return address
    return address
