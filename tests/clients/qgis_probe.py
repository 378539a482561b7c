"""Open layers with QGIS, headless, and print what QGIS read as one JSON document on stdout.

Run by Debian's ``/usr/bin/python3`` (QGIS's Python bindings, ``python3-qgis``), not the project's virtualenv,
with ``QT_QPA_PLATFORM=offscreen`` and a throwaway ``HOME`` (``run_qgis`` in ``tests/clients/conftest.py`` does
both). One start-up of QGIS serves many checks: the job on stdin is ``{"layers": [...]}``, each entry::

    {"name": "components", "provider": "OAPIF", "uri": "url='http://host/ogc' typename='components'",
     "features": true,                    # read every feature (attributes only, geometry left out)
     "rect": [xmin, ymin, xmax, ymax],    # also read the features in this rectangle ...
     "rect_crs": "EPSG:4547",             # ... given in this CRS (QGIS transforms it to the layer's CRS),
     "rect_uri": "... restrictToRequestBBOX='1'"}  # on a second layer opened with this source (default: uri)

and the answer has, per layer: ``valid``, ``error``, ``crs`` (authid), ``extent`` (in the layer's CRS: for OAPIF,
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
    if entry.get("features"):
        answer["features"] = read(layer, QgsFeatureRequest())
    return answer


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
