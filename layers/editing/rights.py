"""What a writer may do with a layer before it sends anything: create features at all, change one given feature.
The answers of ``OPTIONS`` (``Allow``) come from here, and the create service refuses by the same rule."""
from __future__ import annotations

from layers.access import LayerView

from .inputs import model_fields


def unsettable_required(view: LayerView) -> list[str]:
    """The columns a new feature needs (no default, not nullable, not derived) that the writer may not set: a
    scoped writer never sets the keeper fields (codes), so it creates nothing."""
    missing = []
    for column, field in model_fields(view.layer).items():
        required = not (field.has_default() or field.null or (field.blank and field.empty_strings_allowed))
        if required and column not in view.layer.derived and column not in view.writable:
            missing.append(column)
    return missing


def may_create(view: LayerView) -> bool:
    return view.may_write and not unsettable_required(view)


def may_change(view: LayerView, feature_id: int) -> bool:
    """Whether the writer may change (or delete) feature ``feature_id`` as it is now: a feature of its grids or
    department for a scoped writer; False for a feature that does not exist."""
    if not view.may_write:
        return False
    rows, scope = view.model.objects.filter(pk=feature_id), view.write_scope
    if scope is None:
        return rows.exists()
    attnames = {f.column: f.attname for f in view.model._meta.concrete_fields}
    row = rows.values(*(attnames[column] for column in scope.columns)).first()
    return row is not None and scope.holds({column: row[attnames[column]] for column in scope.columns})
