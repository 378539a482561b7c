"""A ``wfs:Transaction`` read to its actions (Insert, Update, Replace, Delete), in the order sent.

Values stay as sent (text, ``None`` for ``xsi:nil`` or an absent ``wfs:Value``, a GML geometry) until the action is
run against the writer's view of its type (``transaction``), which types and checks them.
"""
from __future__ import annotations

from dataclasses import dataclass
from xml.etree.ElementTree import Element

from .exceptions import WfsError, invalid, missing
from .fes import Node, parse_filter
from .gmlgeometry import Geometry, children, parse_geometry
from .names import GML_NS, XSI_NS, local_name

Value = str | None | Geometry
_GML_PROPERTIES = frozenset({"boundedBy", "name", "description", "identifier", "descriptionReference"})


@dataclass(frozen=True)
class Feature:
    """A feature as sent: its type's name and its property values by name."""

    type_name: str
    values: dict[str, Value]


@dataclass(frozen=True)
class Insert:
    features: tuple[Feature, ...]
    handle: str | None = None


@dataclass(frozen=True)
class Update:
    type_name: str
    values: dict[str, Value]
    filter: Node
    handle: str | None = None


@dataclass(frozen=True)
class Replace:
    feature: Feature
    filter: Node
    handle: str | None = None


@dataclass(frozen=True)
class Delete:
    type_name: str
    filter: Node
    handle: str | None = None


Action = Insert | Update | Replace | Delete


@dataclass(frozen=True)
class Transaction:
    """The actions, and the WFS version the request was written in: QGIS 3.22 writes a WFS 1.0.0 Transaction (in
    the WFS 1.x namespace) whatever the version it reads with, and reads the answer as WFS 1.0.0's."""

    actions: tuple[Action, ...]
    version: str = "2.0.0"


VERSIONS = ("1.0.0", "1.1.0", "2.0.0", "2.0.2")


def _value(element: Element) -> Value:
    if element.get(f"{{{XSI_NS}}}nil", "").strip().lower() == "true":
        return None
    geometries = [child for child in element if child.tag.startswith(f"{{{GML_NS}}}") or
                  child.tag.startswith("{http://www.opengis.net/gml}")]
    if geometries:
        return parse_geometry(geometries[0])
    if len(element):
        raise invalid(local_name(element.tag), f"Property {local_name(element.tag)[:40]} holds elements, not a value.")
    return element.text or ""


def feature(element: Element) -> Feature:
    values: dict[str, Value] = {}
    for child in element:
        name = local_name(child.tag)
        if child.tag.startswith(f"{{{GML_NS}}}") and name in _GML_PROPERTIES:
            continue
        if name in values:
            raise invalid(name, f"Property {name[:40]} is given twice.")
        values[name] = _value(child)
    return Feature(type_name=local_name(element.tag), values=values)


def _filter(element: Element, action: str) -> Node:
    filters = children(element, "Filter")
    if len(filters) != 1:
        raise missing("filter", f"wfs:{action} needs one fes:Filter (which features to change).")
    return parse_filter(filters[0])


def _type_name(element: Element, action: str) -> str:
    name = element.get("typeName") or element.get("typeNames")
    if not name:
        raise missing("typeName", f"wfs:{action} needs a typeName attribute.")
    return name


def _update(element: Element) -> Update:
    values: dict[str, Value] = {}
    for prop in children(element, "Property"):
        names = children(prop, "ValueReference") + children(prop, "Name")
        if len(names) != 1 or not (names[0].text or "").strip():
            raise invalid("Property", "wfs:Property needs one wfs:ValueReference naming the property.")
        name = local_name(names[0].text.strip())
        found = children(prop, "Value")
        values[name] = _value(found[0]) if found else None
    if not values:
        raise missing("Property", "wfs:Update needs at least one wfs:Property.")
    return Update(type_name=_type_name(element, "Update"), values=values, filter=_filter(element, "Update"),
                  handle=element.get("handle"))


def _action(element: Element) -> Action:
    kind = local_name(element.tag)
    handle = element.get("handle")
    if kind == "Insert":
        features = tuple(feature(child) for child in element)
        if not features:
            raise missing("Insert", "wfs:Insert needs at least one feature.")
        return Insert(features=features, handle=handle)
    if kind == "Update":
        return _update(element)
    if kind == "Replace":
        features = [child for child in element if local_name(child.tag) != "Filter"]
        if len(features) != 1:
            raise invalid("Replace", "wfs:Replace needs one feature and one fes:Filter.")
        return Replace(feature=feature(features[0]), filter=_filter(element, "Replace"), handle=handle)
    if kind == "Delete":
        return Delete(type_name=_type_name(element, "Delete"), filter=_filter(element, "Delete"), handle=handle)
    if kind == "Native":
        raise WfsError("OperationNotSupported", "wfs:Native is not offered.", locator="Native")
    raise invalid("Transaction", f"Unknown action {kind[:40]!r}; use Insert, Update, Replace or Delete.")


def parse_transaction(root: Element) -> Transaction:
    version = (root.get("version") or "2.0.0").strip()
    if version not in VERSIONS:
        raise invalid("version", f"A Transaction is read in WFS {', '.join(VERSIONS)}, not {version[:20]!r}.")
    if root.get("lockId"):
        raise WfsError("OperationNotSupported", "Locking is not offered; send the Transaction without lockId.",
                       locator="lockId")
    actions = tuple(_action(child) for child in root)
    if not actions:
        raise missing("Transaction", "wfs:Transaction needs at least one action.")
    return Transaction(actions=actions, version=version)
