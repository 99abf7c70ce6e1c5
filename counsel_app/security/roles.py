"""Roles and what each may do. Plain data: checked by ``AppContext.require``."""

from __future__ import annotations

from enum import StrEnum

from counsel_app.errors import UserError
from counsel_app.i18n import N_, _


class Role(StrEnum):
    COUNSELLOR = "counsellor"
    SUPERVISOR = "supervisor"
    ADMINISTRATOR = "administrator"
    CASEWORKER = "caseworker"  # post-arrival caseworker in the country of origin


ROLE_LABELS = {
    Role.COUNSELLOR: N_("Counsellor"),
    Role.SUPERVISOR: N_("Supervisor"),
    Role.ADMINISTRATOR: N_("Administrator"),
    Role.CASEWORKER: N_("Post-arrival caseworker"),
}


class Permission:
    """Names of the permissions (strings, so other areas can check them without imports)."""

    CASES_READ = "cases.read"
    CASES_WRITE = "cases.write"
    CASES_PRINT = "cases.print"
    CASES_EXPORT = "cases.export"
    CASES_IMPORT = "cases.import"
    CASES_ERASE = "cases.erase"
    #: waive an open item (a required next step, a checklist item) with a written reason
    WAIVE = "cases.waive"
    SUBJECT_ACCESS = "cases.subject_access"
    STATS_READ = "stats.read"
    AUDIT_READ = "audit.read"
    USERS_MANAGE = "users.manage"
    BACKUP = "backup.manage"
    RETENTION = "retention.manage"
    SETTINGS = "settings.manage"
    #: add to the station's reference library: country packs, opportunities, partners
    LIBRARY_IMPORT = "library.import"
    #: the trust store: publisher keys, office keys, removing or downgrading packs
    TRUST = "trust.manage"


#: What each permission lets a user do, for the refusal message.
PERMISSION_LABELS = {
    Permission.CASES_READ: N_("open cases"),
    Permission.CASES_WRITE: N_("change cases"),
    Permission.CASES_PRINT: N_("print case documents"),
    Permission.CASES_EXPORT: N_("export cases"),
    Permission.CASES_IMPORT: N_("import cases"),
    Permission.CASES_ERASE: N_("erase cases"),
    Permission.WAIVE: N_("waive a required step"),
    Permission.SUBJECT_ACCESS: N_("give a person a copy of their data"),
    Permission.STATS_READ: N_("see statistics"),
    Permission.AUDIT_READ: N_("read the audit trail"),
    Permission.USERS_MANAGE: N_("manage accounts"),
    Permission.BACKUP: N_("make or restore backups"),
    Permission.RETENTION: N_("apply retention rules"),
    Permission.SETTINGS: N_("change data-protection settings"),
    Permission.LIBRARY_IMPORT: N_("import country packs, opportunities or partners"),
    Permission.TRUST: N_("change which publishers and offices are trusted"),
}

_P = Permission
ROLE_PERMISSIONS: dict[Role, frozenset[str]] = {
    # the person asks the staff they see for a copy of their data: counsellors and
    # caseworkers can give it (a caseworker only for cases handed to them)
    Role.COUNSELLOR: frozenset({
        _P.CASES_READ, _P.CASES_WRITE, _P.CASES_PRINT, _P.CASES_EXPORT, _P.CASES_IMPORT,
        _P.SUBJECT_ACCESS, _P.LIBRARY_IMPORT,
    }),
    # a caseworker works only on the cases handed to them (see security.access)
    Role.CASEWORKER: frozenset({
        _P.CASES_READ, _P.CASES_WRITE, _P.CASES_PRINT, _P.CASES_EXPORT, _P.CASES_IMPORT,
        _P.SUBJECT_ACCESS, _P.LIBRARY_IMPORT,
    }),
    # a supervisor reads and exports figures, and signs waivers (a required step let pass,
    # with a written reason); nothing else they do changes what the station holds
    Role.SUPERVISOR: frozenset({_P.CASES_READ, _P.CASES_PRINT, _P.STATS_READ, _P.AUDIT_READ,
                                _P.WAIVE}),
    Role.ADMINISTRATOR: frozenset(PERMISSION_LABELS),
}


class PermissionDenied(UserError):
    """The signed-in user's role does not allow this."""


def role_label(role: str) -> str:
    try:
        return _(ROLE_LABELS[Role(role)])
    except ValueError:
        return role


def parse_role(text: str) -> Role:
    try:
        return Role(text.strip().lower())
    except ValueError:
        raise UserError(
            _("“{role}” is not a role; choose from {choices}.").format(
                role=text, choices=", ".join(r.value for r in Role)
            )
        ) from None


def allows(role: str, permission: str) -> bool:
    try:
        return permission in ROLE_PERMISSIONS[Role(role)]
    except ValueError:
        return False


def check(role: str, permission: str) -> None:
    if not allows(role, permission):
        what = PERMISSION_LABELS.get(permission, permission)
        raise PermissionDenied(
            _("Your role ({role}) does not allow you to {action}.").format(
                role=role_label(role), action=_(what)
            )
        )
