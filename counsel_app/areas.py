"""The map of the app: every area and what it plugs in, with plain imports.

An *area* is a folder of ``counsel_app/`` that owns one part of the work (consent, plan,
handover...). It plugs into the app in up to eight ways, each listed here once, area by
area, in the order the app uses them:

=====================  ===================================  ==========================
what                   listed in                            read by
=====================  ===================================  ==========================
tables                 :func:`model_modules`                migrations, backup, tests
status guards          :func:`guard_modules`                ``services.status``
privacy hooks          :func:`privacy_modules`              subject access, retention
listeners              :func:`load` (consent withdrawals)   ``consent.service``
demo steps             :func:`demo_steps`                   ``counsel-app demo``
commands               :func:`command_modules`              ``counsel-app`` (cli)
self-checks            :func:`checks`                       ``counsel-app --self-check``
session steps, menus   :func:`session_steps`, :func:`menu_actions`   the desktop app
=====================  ===================================  ==========================

Adding an area touches this file and the area's folder only. The imports sit inside
functions: importing this module costs nothing, and nothing here is loaded before an entry
point asks (the desktop's first window needs none of the database layer).

This module is the top of the layers (see ``docs/architecture.md``): it imports the areas,
and only the program's entry points import it — ``cli.main``, the migrations'
``env.py``, ``ui.screenshots`` and ``ui.office.screenshots``, the tests' ``conftest.py``,
the benchmarks. An area module never does, so no import circle can pass through it. The
registries the areas fill refuse to be read before :func:`load` (or :func:`load_screens`)
ran (:mod:`counsel_app.plugins`).
"""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType

from counsel_app import plugins


# -- Qt-free ------------------------------------------------------------------------------

def model_modules() -> tuple[ModuleType, ...]:
    """The modules that define tables on ``storage.models.Base`` (one Alembic branch each,
    see ``docs/architecture.md``)."""
    from counsel_app.consent import models as consent
    from counsel_app.followup import models as followup
    from counsel_app.handover import models as handover
    from counsel_app.opportunities import tables as opportunities
    from counsel_app.partners import tables as partners
    from counsel_app.plan import store as plan
    from counsel_app.questions import tables as questions
    from counsel_app.security import models as security
    from counsel_app.session import store as session
    from counsel_app.storage import models as foundation
    from counsel_app.travel import store as travel
    from counsel_app.waivers import models as waivers

    return (foundation, security, session, consent, opportunities, plan, handover, followup,
            waivers, travel, partners, questions)


def guard_modules() -> tuple[ModuleType, ...]:
    """The modules that register status guards (``services.status.register_guard``) when
    imported: *decision taken* and the still-voluntary check after it (session),
    *plan ready* and *handed over* need the screening's next steps done or waived (session),
    *consented* (consent), *plan ready* (plan), *handed over* (handover), *departed*
    (travel: the pre-departure checklist; it also registers the screening steps the travel
    record answers, ``services.step_facts``, and its waivable items)."""
    from counsel_app.consent import service as consent
    from counsel_app.handover import records as handover
    from counsel_app.plan import service as plan
    from counsel_app.session import decision as session
    from counsel_app.session import next_steps
    from counsel_app.travel import checklist as travel

    return (session, next_steps, consent, plan, handover, travel)


def privacy_modules() -> tuple[ModuleType, ...]:
    """Each area's ``privacy.py``: registers its subject-access sections (each provider
    names the part of the copy they belong in; the copy prints its parts in the order of
    the counselling session, ``security.subject_access.PARTS``, not in the order these
    modules load) and, where plain deletion is not right, its retention handler."""
    from counsel_app.consent import privacy as consent
    from counsel_app.followup import privacy as followup
    from counsel_app.handover import privacy as handover
    from counsel_app.opportunities import privacy as opportunities
    from counsel_app.partners import privacy as partners
    from counsel_app.plan import privacy as plan
    from counsel_app.session import privacy as session
    from counsel_app.travel import privacy as travel
    from counsel_app.waivers import privacy as waivers

    return (session, waivers, consent, opportunities, plan, partners, travel, handover,
            followup)


def demo_steps() -> tuple[Callable, ...]:
    """``step(ctx, case, out_dir) -> [files written]`` of the headless demo, in order."""
    from counsel_app.consent.demo import record_sample_consent
    from counsel_app.handover.demo import handover_sample_case
    from counsel_app.plan.demo import write_sample_plan
    from counsel_app.session.demo import counsel_sample_session
    from counsel_app.travel.demo import prepare_sample_travel

    return (counsel_sample_session, record_sample_consent, write_sample_plan,
            prepare_sample_travel, handover_sample_case)


def load() -> None:
    """Plug every area's Qt-free part in: tables, status guards, privacy hooks, listeners,
    demo steps. Loads the database layer; safe to call again (and from a worker thread)."""
    from counsel_app import demo
    from counsel_app.consent.service import on_withdrawal
    from counsel_app.handover.package import flag_packages_on_withdrawal
    from counsel_app.partners.packs import on_pack_imported as pack_partners
    from counsel_app.services.country_packs import on_pack_imported

    model_modules()
    guard_modules()
    privacy_modules()
    # handover: a consent withdrawal flags the packages already sent under that consent
    on_withdrawal(flag_packages_on_withdrawal)
    # partners: a country pack's partners go into the directory when it is imported
    on_pack_imported(pack_partners)
    demo.DEMO_STEPS[:] = demo_steps()
    plugins.mark_loaded(plugins.CORE)


def load_models() -> None:
    """Only the tables (the migrations' ``env.py``)."""
    model_modules()


def command_modules() -> tuple[ModuleType, ...]:
    """The ``counsel-app`` sub-commands: modules with ``register(subparsers)``, in the order
    of ``counsel-app --help``."""
    from counsel_app.commands import (
        case,
        consent,
        core,
        handover,
        opportunities,
        packs,
        partners,
        plan,
        projects,
        security,
        settings,
        travel,
    )

    return (core, security, settings, consent, packs, opportunities, partners, handover, plan,
            case,
            travel, projects)


def checks() -> tuple[Callable[[], str], ...]:
    """``counsel-app --self-check``: each returns one line of what it verified, or raises."""
    from country_info.selfcheck import check_country_packs

    from counsel_app.selfcheck import (
        check_catalogs,
        check_database,
        check_fonts,
        check_libraries,
        check_locale_data,
        check_plan_pdf,
    )
    from counsel_app.travel.selfcheck import check_places

    return (check_areas, check_catalogs, check_locale_data, check_fonts, check_database,
            check_country_packs, check_plan_pdf, check_places, check_libraries,
            check_main_window)


def check_areas() -> str:
    """Every area's modules load (a built app that lacks one fails here, by name)."""
    load()
    return (f"areas plug in: {len(model_modules())} table modules, {len(guard_modules())} "
            f"status guard modules, {len(privacy_modules())} privacy sections, "
            f"{len(demo_steps())} demo steps, {len(command_modules())} command modules")


def check_main_window() -> str:
    """The desktop window opens with every area's steps (:mod:`counsel_app.ui.selfcheck_qt`)."""
    from counsel_app.ui.selfcheck_qt import check_main_window as check

    load()
    load_screens()
    return check()


# -- the desktop (Qt) -----------------------------------------------------------------------
# A step or an action names a function here that imports its widget module when first
# used: the step modules load printing, country information and the like, which the first
# window must not wait for.

def session_steps() -> list:
    """The session's steps (``ui.session_steps.StepSpec``), in the order they are shown."""
    from counsel_app.i18n import N_
    from counsel_app.ui.session_steps import StepSpec

    return [
        StepSpec("intake", 10, N_("Intake"), _intake_step),
        StepSpec("screening", 20, N_("Vulnerability screening"), _screening_step),
        StepSpec("information", 30, N_("Information"), _information_step),
        StepSpec("assessment", 40, N_("Skills and needs"), _assessment_step),
        StepSpec("opportunities", 50, N_("Opportunities"), _opportunities_step),
        StepSpec("decision", 60, N_("Voluntariness and decision"), _decision_step),
        StepSpec("consent", 70, N_("Consent"), _consent_step),
        StepSpec("plan", 80, N_("Plan"), _plan_step),
        StepSpec("departure", 85, N_("Departure"), _departure_step),
        StepSpec("handover", 90, N_("Handover"), _handover_step),
    ]


def menu_actions() -> list:
    """The areas' menu actions (``ui.actions.ActionSpec``); the app's own (new case, quit,
    audit trail, accounts...) are declared in ``ui/actions.py``."""
    from counsel_app.i18n import N_
    from counsel_app.ui.actions import ActionSpec

    return [
        # handover: follow-up after arrival, and importing a package from an office
        ActionSpec("case.followup", N_("&Follow-up after arrival…"), "case",
                   handler=_open_followup, order=60, needs_case=True),
        ActionSpec("file.import_package", N_("&Import a handover package…"), "file",
                   handler=_import_package, order=50),
        # office: the workspace of the office after arrival (received cases)
        ActionSpec("file.office", N_("Office &workspace"), "file",
                   handler=_open_office, order=45),
        # waivers: a supervisor lets a required step pass, with a written reason
        ActionSpec("case.waivers", N_("Required steps and &waivers…"), "case",
                   handler=_open_waivers, order=55, needs_case=True),
        # documents: the person's own copy of their data, in the language they read
        ActionSpec("case.subject_access", N_("&Copy of the person's data…"), "case",
                   handler=_subject_access, order=70, needs_case=True,
                   permission="cases.subject_access"),
        # travel: what is overdue across the cases being prepared for departure
        ActionSpec("case.travel_reminders", N_("&Travel reminders…"), "case",
                   handler=_travel_reminders, order=65),
        # opportunities and partners: importing the lists, and the partner directory
        ActionSpec("tools.import_opportunities", N_("Import &opportunities…"), "tools",
                   handler=_import_opportunities, order=20, permission="library.import"),
        ActionSpec("tools.import_partners", N_("Import &partners…"), "tools",
                   handler=_import_partners, order=21, permission="library.import"),
        ActionSpec("tools.partners", N_("Partner &directory…"), "tools",
                   handler=_partner_directory, order=22),
        # the feasibility grid after arrival (opportunities area)
        ActionSpec("case.feasibility", N_("Feasibility &grid…"), "case",
                   handler=_feasibility_grid, order=61, needs_case=True),
        # country information: import packs, trust publishers (administrators)
        ActionSpec("tools.country_packs", N_("Country &information packs…"), "tools",
                   handler=_country_packs, order=55, permission="trust.manage"),
        # follow-up in the field: the form for phones out, their answers in
        ActionSpec("file.field_followup", N_("Follow-up in the &field (phones)…"), "file",
                   handler=_field_followup, order=55, permission="cases.write"),
        # programme learning: cohort figures on screen, as CSV and as a printed report
        ActionSpec("tools.programme_figures", N_("Programme &figures…"), "tools",
                   handler=_programme_figures, order=30, permission="stats.read"),
        ActionSpec("tools.projects", N_("Community &projects…"), "tools",
                   handler=_projects, order=31, permission="cases.read"),
    ]


def load_screens() -> None:
    """Register the session steps and the areas' menu actions. Imports Qt, not the steps'
    widget modules (each is imported when its step is first shown)."""
    from counsel_app.ui.actions import register_action
    from counsel_app.ui.session_steps import register_step

    for step in session_steps():
        register_step(step)
    for action in menu_actions():
        register_action(action)
    plugins.mark_loaded(plugins.SCREENS)


def _intake_step(services):
    from counsel_app.ui.steps.intake import IntakeStep

    return IntakeStep(services)


def _screening_step(services):
    from counsel_app.ui.steps.screening import ScreeningStep

    return ScreeningStep(services)


def _information_step(services):
    from counsel_app.ui.steps.information import InformationStep

    return InformationStep(services)


def _assessment_step(services):
    from counsel_app.ui.steps.assessment import AssessmentStep

    return AssessmentStep(services)


def _opportunities_step(services):
    from counsel_app.ui.steps.opportunities import OpportunitiesStep

    return OpportunitiesStep(services)


def _decision_step(services):
    from counsel_app.ui.steps.decision import DecisionStep

    return DecisionStep(services)


def _consent_step(services):
    from counsel_app.ui.consent_step import ConsentStep

    return ConsentStep(services)


def _plan_step(services):
    from counsel_app.ui.plan_step import PlanStep

    return PlanStep(services)


def _departure_step(services):
    from counsel_app.ui.departure_step import DepartureStep

    return DepartureStep(services)


def _handover_step(services):
    from counsel_app.ui.handover_step import HandoverStep

    return HandoverStep(services)


def _open_followup(host) -> None:
    # a case received from a host station: its work after arrival is the office workspace
    from counsel_app.followup.office import is_office_case

    case_id = host.current_case_id()
    show = getattr(host, "show_office", None)
    if case_id is not None and show is not None and is_office_case(host.ctx, case_id):
        show(host.ctx.cases.get(case_id).reference)
        return
    from counsel_app.ui.handover_followup import open_followup_from_host

    open_followup_from_host(host)


def _open_office(host) -> None:
    show = getattr(host, "show_office", None)
    if show is not None:
        show()


def _open_waivers(host) -> None:
    from counsel_app.ui.waivers_dialog import open_waivers_from_host

    open_waivers_from_host(host)


def _subject_access(host) -> None:
    from counsel_app.ui.subject_access_dialog import open_subject_access

    open_subject_access(host)


def _travel_reminders(host) -> None:
    from counsel_app.ui.travel_reminders import open_reminders

    open_reminders(host)


def _import_opportunities(host) -> None:
    from counsel_app.ui.import_lists import open_import

    open_import(host, "opportunities")


def _import_partners(host) -> None:
    from counsel_app.ui.import_lists import open_import

    open_import(host, "partners")


def _feasibility_grid(host) -> None:
    from counsel_app.ui.feasibility_grid import open_feasibility_from_host

    open_feasibility_from_host(host)


def _partner_directory(host) -> None:
    from counsel_app.ui.partner_search import open_directory

    open_directory(host)


def _projects(host) -> None:
    from counsel_app.ui.projects_dialog import open_projects

    open_projects(host)


def _programme_figures(host) -> None:
    from counsel_app.ui.programme_figures import open_programme_figures

    open_programme_figures(host)


def _field_followup(host) -> None:
    from counsel_app.ui.field_followup import open_field_followup

    open_field_followup(host)


def _country_packs(host) -> None:
    from counsel_app.ui import messages
    from counsel_app.ui.country_packs_dialog import open_country_packs_dialog

    try:
        open_country_packs_dialog(host.ctx, host.parent_widget)
    except Exception as exc:  # noqa: BLE001 - a refusal (role) is a UserError sentence
        messages.show_exception(host.parent_widget, exc)


def _import_package(host) -> None:
    from counsel_app.ui.handover_followup import import_package_dialog

    import_package_dialog(host.parent_widget, host.ctx)
