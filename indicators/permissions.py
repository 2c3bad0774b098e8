"""Object permissions (django-rules): who may read and change which realisation, in the admin.

A role (a group) grants a model permission, ``indicators.change_realization``; these rules
narrow it to objects: a planner every realisation, an official reads every one, an operator
reads and changes only those of its own perangkat daerah. The rules answer only about an object:
the model-level question stays with the role (Django's ``ModelBackend``, as
:mod:`core.auth_backend` reads it).

``ClosedToOperatorsAdmin`` keeps every other admin page closed to operators, even staff ones.
"""

import rules

from core.auth_backend import ModelBackend

from . import roles

_role_permissions = ModelBackend()


def _realization_rule(action):
    permission = f"indicators.{action}_realization"

    @rules.predicate(name=f"may_{action}_this_realization")
    def may(user, realization):
        if realization is None or not _role_permissions.has_perm(user, permission):
            return False
        if roles.is_planner(user):
            return True
        if roles.is_operator_only(user):
            own = realization.indicator.perangkat_daerah_id in roles.operated_unit_ids(user)
            return action in ("view", "change") and own
        return action == "view"  # an official reads every unit's values

    return may


for _action in ("view", "change", "delete"):
    rules.add_perm(f"indicators.{_action}_realization", _realization_rule(_action))


class ClosedToOperatorsAdmin:
    """An admin (mixin) that operators never see, whatever their staff status and group rights:
    they work on their realisations only."""

    def _open_to(self, request):
        return not roles.is_operator_only(request.user)

    def has_module_permission(self, request):
        return self._open_to(request) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return self._open_to(request) and super().has_view_permission(request, obj)

    def has_add_permission(self, request, *args):
        return self._open_to(request) and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return self._open_to(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._open_to(request) and super().has_delete_permission(request, obj)
