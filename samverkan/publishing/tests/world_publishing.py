"""Public subscriptions in the access tests' world: a pending subscription to RSR's
notices and minutes, whose confirmation and unsubscribe links the matrix fetches."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from samverkan.publishing import services
from samverkan.publishing.models import Subscription


@dataclass
class PublishingWorld:
    subscription: Subscription
    confirm_token: str
    unsubscribe_token: str


def publishing_build(world: Any) -> PublishingWorld:
    requested = services.subscription_request(
        collaboration=world.rsr.collaboration,
        email="prenumerant@exempel.invalid",
        kind=Subscription.Kind.BODY,
        body=world.rsr,
    )
    assert requested is not None
    return PublishingWorld(
        requested.subscription, requested.confirm_token, requested.unsubscribe_token
    )
