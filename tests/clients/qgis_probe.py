"""Open layers with QGIS, headless, and print what QGIS read as one JSON document on stdout.

Run by Debian's ``/usr/bin/python3`` (QGIS's Python bindings, ``python3-qgis``), not the project's virtualenv,
with ``QT_QPA_PLATFORM=offscreen`` and a throwaway ``HOME`` (``run_qgis`` in ``tests/clients/conftest.py`` does
both). One start-up of QGIS serves many checks: the job on stdin is ``{"layers": [...]}``, each entry::

    {"name": "components", "provider": "OAPIF", "uri": "url='http://host/ogc' typename='components'",
     "features": true,                    # read every feature (attributes only, geometry left out)
     "rect": [xmin, ymin, xmax, ymax],    # also read the features in this rectangle ...
     "rect_crs": "EPSG:4547",             # ... given in this CRS (QGIS transforms it to the layer's CRS),
     "rect_uri": "... restrictToRequestBBOX='1'"}  # on a second layer opened with this source (default: uri)

A job may also carry ``"auth"``: ``{"username": ..., "password": ...}``, stored as a QGIS authentication
configuration of the Basic method (in the throwaway profile, under a master password) and named in every layer's
source (``authcfg=``), as a GIS user saves credentials in QGIS; ``"headers"`` (added to every request QGIS sends);
and a layer
``"edits"``: steps applied in order, each in its own edit session ended by a commit (``startEditing``, the change,
``commitChanges``)::

    {"add": {"attributes": {"code": "..."}, "wkt": "POINT(x y)"}}   # geometry in the layer's CRS, x/y order
    {"move": {"code": "...", "wkt": "POINT(x y)"}}
    {"change": {"code": "...", "field": "name", "value": "..."}}
    {"delete": {"code": "..."}}

each answered, in ``edited``, with ``ok`` (the commit succeeded) and ``errors`` (QGIS's commit errors, the server's
reason among them).

The answer has, per layer: ``valid``, ``error``, ``crs`` (authid), ``extent`` (in the layer's CRS: for OAPIF,
CRS84 lon/lat degrees), ``feature_count``, ``fields`` (name and QGIS type name), ``features`` (attribute maps) and
``rect_features``; plus ``requests``: every URL QGIS asked for, in order, with the HTTP status and the redirect
target it got, and ``messages``: QGIS's log. An invalid layer has ``error`` (what QGIS logged) instead of the
rest. Attribute values are JSON values (dates and times as ISO 8601 strings, NULL as null).
"""
from __future__ import annotations

import json
import sys
import time

from qgis.core import (
    Qgis,
    QgsAuthMethodConfig,
    QgsFeature,
    QgsGeometry,
    QgsApplication,
    QgsCoordinateReferenceSystem,
    QgsFeatureRequest,
    QgsNetworkAccessManager,
    QgsNetworkReplyContent,
    QgsProject,
    QgsRectangle,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QDate, QDateTime, Qt, QTime, QVariant
from qgis.PyQt.QtNetwork import QNetworkRequest

REQUESTS: list[dict] = []
MESSAGES: list[str] = []
KEPT: list = []


def json_value(value):
    """A QGIS attribute value as a JSON value."""
    if value is None or (isinstance(value, QVariant) and value.isNull()):
        return None
    if isinstance(value, QDateTime):
        return value.toString(Qt.ISODateWithMs) if value.isValid() else None
    if isinstance(value, (QDate, QTime)):
        return value.toString(Qt.ISODate) if value.isValid() else None
    if isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def record_replies() -> None:
    """Note every reply QGIS's network manager receives: URL, status and ``Location`` (redirects included)."""

    def finished(reply_content) -> None:
        location = reply_content.rawHeader(b"Location")
        REQUESTS.append({
            "url": reply_content.request().url().toString(),
            "status": reply_content.attribute(QNetworkRequest.HttpStatusCodeAttribute),
            "location": bytes(location).decode() if location else None,
            "error": reply_content.errorString() if reply_content.error() else None,
        })

    # The provider downloads in worker threads; the main thread's manager relays every thread's replies (queued:
    # they arrive when the main thread processes events, see main()).
    QgsNetworkAccessManager.instance().finished[QgsNetworkReplyContent].connect(finished)


def record_messages() -> None:
    """Keep QGIS's log messages (why a layer is invalid is said there)."""
    QgsApplication.messageLog().messageReceived.connect(
        lambda message, tag, level: MESSAGES.append(f"{tag}: {message}")
    )


def attributes(feature, names: list[str]) -> dict:
    return {name: json_value(feature[name]) for name in names}


def read(layer: QgsVectorLayer, request: QgsFeatureRequest) -> list[dict]:
    names = layer.fields().names()
    request.setFlags(QgsFeatureRequest.NoGeometry if request.filterRect().isNull() else QgsFeatureRequest.NoFlags)
    return [attributes(feature, names) for feature in layer.getFeatures(request)]


def probe(entry: dict) -> dict:
    """What QGIS reads of one layer (see the module docstring)."""
    logged = len(MESSAGES)
    layer = QgsVectorLayer(entry["uri"], entry["name"], entry.get("provider", "OAPIF"))
    answer: dict = {"name": entry["name"], "valid": layer.isValid()}
    if not layer.isValid():
        # What QGIS logged while opening it (QGIS 3.22 crashes reading an OAPIF layer's error() when it failed,
        # and deleting that layer: it is kept until the end).
        QgsApplication.processEvents()  # messages from the provider's threads are queued
        answer["error"] = "; ".join(MESSAGES[logged:]) or "invalid layer"
        KEPT.append(layer)
        return answer
    extent = layer.extent()
    answer.update(
        crs=layer.crs().authid(),
        extent=[extent.xMinimum(), extent.yMinimum(), extent.xMaximum(), extent.yMaximum()],
        feature_count=layer.featureCount(),
        fields=[{"name": f.name(), "type": f.typeName()} for f in layer.fields()],
    )
    if entry.get("rect"):
        # A layer of its own: one that has read every feature answers a rectangle from its cache, asking nothing.
        fresh = QgsVectorLayer(entry.get("rect_uri", entry["uri"]), entry["name"], entry.get("provider", "OAPIF"))
        request = QgsFeatureRequest().setFilterRect(QgsRectangle(*entry["rect"]))
        # With a destination CRS, QGIS takes the rectangle in that CRS and transforms it to the layer's.
        request.setDestinationCrs(QgsCoordinateReferenceSystem(entry["rect_crs"]),
                                  QgsProject.instance().transformContext())
        answer["rect_features"] = read(fresh, request)
    if entry.get("edits"):
        answer["edited"] = edit(layer, entry["edits"])
    if entry.get("features"):
        answer["features"] = read(layer, QgsFeatureRequest())
    return answer


AUTH_ID = "pdbasic"


def add_auth(auth: dict) -> str:
    """A Basic authentication configuration holding ``auth``'s username and password; its id."""
    manager = QgsApplication.authManager()
    manager.setMasterPassword("probe-master-password", True)
    config = QgsAuthMethodConfig("Basic")
    config.setId(AUTH_ID)
    config.setName("pingding")
    config.setConfig("username", auth["username"])
    config.setConfig("password", auth["password"])
    stored = manager.storeAuthenticationConfig(config)
    if not (stored[0] if isinstance(stored, tuple) else stored):
        raise RuntimeError("QGIS did not store the authentication configuration")
    return AUTH_ID


def add_headers(headers: dict) -> None:
    """Send ``headers`` with every request (QGIS 3.22 has no authentication method that sends a header of ours)."""
    def preprocess(request) -> None:
        for name, value in headers.items():
            request.setRawHeader(name.encode(), value.encode())

    QgsNetworkAccessManager.setRequestPreprocessor(preprocess)


def _by_code(layer: QgsVectorLayer, code: str):
    found = list(layer.getFeatures(QgsFeatureRequest().setFilterExpression(f"\"code\" = '{code}'")))
    return found[0] if found else None


def _apply(layer: QgsVectorLayer, step: dict) -> str | None:
    """One edit of ``step`` on the layer in editing mode; a reason when it could not even be made."""
    kind, args = next(iter(step.items()))
    if kind == "add":
        feature = QgsFeature(layer.fields())
        for name, value in args["attributes"].items():
            feature[name] = value
        feature.setGeometry(QgsGeometry.fromWkt(args["wkt"]))
        return None if layer.addFeature(feature) else "addFeature refused"
    feature = _by_code(layer, args["code"])
    if feature is None:
        return f"no feature {args['code']}"
    if kind == "move":
        return None if layer.changeGeometry(feature.id(), QgsGeometry.fromWkt(args["wkt"])) else "changeGeometry refused"
    if kind == "change":
        index = layer.fields().indexOf(args["field"])
        return None if layer.changeAttributeValue(feature.id(), index, args["value"]) else "change refused"
    return None if layer.deleteFeature(feature.id()) else "deleteFeature refused"


def edit(layer: QgsVectorLayer, steps: list[dict]) -> list[dict]:
    results = []
    for step in steps:
        layer.startEditing()
        reason = _apply(layer, step)
        ok = reason is None and layer.commitChanges()
        errors = [reason] if reason else list(layer.commitErrors())
        if not ok:
            layer.rollBack()
        results.append({"step": next(iter(step)), "ok": ok, "errors": errors})
    return results


def drain_events(app: QgsApplication, rounds: int = 3) -> None:
    """Deliver the queued replies and messages of the provider's threads: until a few rounds bring nothing new."""
    quiet, seen = 0, -1
    while quiet < rounds:
        app.processEvents()
        quiet, seen = (quiet + 1, seen) if len(REQUESTS) + len(MESSAGES) == seen else (0, len(REQUESTS) + len(MESSAGES))
        time.sleep(0.01)


def main() -> int:
    job = json.load(sys.stdin)
    app = QgsApplication([], False)
    app.initQgis()
    record_replies()
    record_messages()
    if job.get("headers"):
        add_headers(job["headers"])
    if job.get("auth"):
        authcfg = add_auth(job["auth"])
        for entry in job["layers"]:
            entry["uri"] += f" authcfg='{authcfg}'"
    try:
        layers = [probe(entry) for entry in job["layers"]]
        drain_events(app)
        answer = {"qgis_version": Qgis.version(), "layers": layers, "requests": REQUESTS, "messages": MESSAGES}
        print(json.dumps(answer, ensure_ascii=False), flush=True)
    finally:
        app.exitQgis()
    return 0


if __name__ == "__main__":
    sys.exit(main())
