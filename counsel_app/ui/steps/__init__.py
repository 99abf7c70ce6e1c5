"""The session steps this area ships; importing the package registers them."""

from counsel_app.i18n import N_
from counsel_app.ui.session_steps import StepSpec, register_step


def _intake(services):
    from counsel_app.ui.steps.intake import IntakeStep

    return IntakeStep(services)


def _screening(services):
    from counsel_app.ui.steps.screening import ScreeningStep

    return ScreeningStep(services)


def _information(services):
    from counsel_app.ui.steps.information import InformationStep

    return InformationStep(services)


def _assessment(services):
    from counsel_app.ui.steps.assessment import AssessmentStep

    return AssessmentStep(services)


def _opportunities(services):
    from counsel_app.ui.steps.opportunities import OpportunitiesStep

    return OpportunitiesStep(services)


def _decision(services):
    from counsel_app.ui.steps.decision import DecisionStep

    return DecisionStep(services)


register_step(StepSpec("intake", 10, N_("Intake"), _intake))
register_step(StepSpec("screening", 20, N_("Vulnerability screening"), _screening))
register_step(StepSpec("information", 30, N_("Information"), _information))
register_step(StepSpec("assessment", 40, N_("Skills and needs"), _assessment))
register_step(StepSpec("opportunities", 50, N_("Opportunities"), _opportunities))
register_step(StepSpec("decision", 60, N_("Voluntariness and decision"), _decision))
