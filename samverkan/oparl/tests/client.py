"""An OParl client for the tests: fetches the System, walks every list of every Body to
its end, and checks every object against the OParl 1.1 schemas (copied into
samverkan/testdata/oparl-1.1) and the rules the spec text adds to them."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jsonschema

SCHEMAS = Path(__file__).resolve().parents[2] / "testdata" / "oparl-1.1"
DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$")
BODY_LISTS = (
    "organization",
    "person",
    "meeting",
    "paper",
    "agendaItem",
    "consultation",
    "file",
    "membership",
    "locationList",
    "legislativeTermList",
)
DATE_TIME_FIELDS = ("created", "modified", "start", "end")


def schema(type_name: str) -> dict[str, Any]:
    return json.loads((SCHEMAS / f"{type_name}.json").read_text())


def _embedded_schemas(s: dict[str, Any]) -> dict[str, str]:
    """property -> schema file of the objects embedded there (the files' `schema` key)."""
    out = {}
    for name, prop in s["properties"].items():
        ref = prop.get("schema") or (prop.get("items") or {}).get("schema")
        if ref and (
            prop.get("type") == "object" or (prop.get("items") or {}).get("type") == "object"
        ):
            out[name] = ref.removesuffix(".json")
    return out


def check_object(data: dict[str, Any], embedded: bool = False) -> int:
    """Validate one object and each object it embeds; return how many were checked."""
    type_name = data["type"].rsplit("/", 1)[-1]
    assert data["type"] == f"https://schema.oparl.org/1.1/{type_name}"
    for name in ("created", "modified"):
        assert name in data, f"{type_name} {data['id']} lacks {name}"
    for name in DATE_TIME_FIELDS:
        if name in data:
            assert DATE_TIME.match(data[name]), f"{type_name}.{name} = {data[name]!r}"
    if data.get("deleted"):
        assert set(data) == {"id", "type", "created", "modified", "deleted"}, data
        return 1
    s = schema(type_name)
    jsonschema.validate(data, s)
    if type_name == "Body":
        for name in BODY_LISTS:
            assert isinstance(data.get(name), str), f"Body lacks {name}"
    count = 1
    for name, ref in _embedded_schemas(s).items():
        value = data.get(name)
        if isinstance(value, dict):
            assert value["type"].endswith("/" + ref)
            count += check_object(value, embedded=True)
        elif isinstance(value, list):
            for item in value:
                if isinstance(item, dict):
                    assert item["type"].endswith("/" + ref)
                    count += check_object(item, embedded=True)
    return count


class Walker:
    def __init__(self, client: Any) -> None:
        self.client = client
        self.seen: dict[str, dict[str, Any]] = {}
        self.pages = 0

    def get(self, url: str) -> tuple[Any, dict[str, Any]]:
        parts = urlsplit(url)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        response = self.client.get(path)
        assert response.status_code == 200, (url, response.status_code)
        assert response["Access-Control-Allow-Origin"] == "*"
        assert response["Content-Type"] == "application/json; charset=utf-8"
        return response, json.loads(response.content)

    def walk_list(self, url: str) -> list[dict[str, Any]]:
        """Every object of a list, following `next` to the last page."""
        objects: list[dict[str, Any]] = []
        while url:
            _, page = self.get(url)
            self.pages += 1
            assert set(page) >= {"data", "pagination", "links"}
            assert page["pagination"]["elementsPerPage"] >= len(page["data"])
            objects.extend(page["data"])
            url = page["links"].get("next", "")
            if url:
                assert page["data"], "a page with a next link is never empty"
        ids = [o["id"] for o in objects]
        assert len(ids) == len(set(ids)), "a walk repeats an object"
        return objects

    def walk(self, start: str = "/oparl/v1.1/", query: str = "") -> dict[str, list[dict]]:
        """The System, its Bodies and every list of each; returns objects per list."""
        _, system = self.get(start)
        check_object(system)
        result: dict[str, list[dict]] = {}
        bodies = self.walk_list(system["body"] + query)
        for body in bodies:
            check_object(body)
            _, fetched = self.get(body["id"])
            check_object(fetched)
            for name in BODY_LISTS:
                objects = self.walk_list(body[name] + query)
                for o in objects:
                    check_object(o)
                    self.seen[o["id"]] = o
                result.setdefault(name, []).extend(objects)
        return result
