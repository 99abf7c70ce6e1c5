"""Demo step: a sample plan for the demo case, printed in French and Arabic, plus the
easy-read page (``counsel_app.demo.DEMO_STEPS``)."""

from __future__ import annotations

from pathlib import Path

from counsel_app.domain.enums import CaseStatus
from counsel_app.plan.samples import sample_plan
from counsel_app.plan.service import PlanService, PrintOptions

DEMO_ORGANISATION = "Sample reception centre (demo)"


def write_sample_plan(ctx, case, out_dir: Path) -> list[Path]:
    service = PlanService(ctx, PrintOptions(organisation=DEMO_ORGANISATION))
    existing = service.get(case.reference)
    plan = sample_plan(case.reference, "fr")
    plan.version = existing.version
    service.save(plan, typed_in=plan.text_language)  # the sample's words are in it
    case = ctx.cases.get_by_reference(case.reference)
    if case.status is CaseStatus.CONSENTED and not service.ready_blockers(case.reference, case):
        case = service.mark_ready(case.reference)  # the guarded status change
    files = []
    for name, kwargs in (
        (f"{case.reference}-plan-fr.pdf", {"lang": "fr"}),
        (f"{case.reference}-plan-ar-fr.pdf", {"lang": "ar", "bilingual": "fr"}),
        (f"{case.reference}-easy-read-fr.pdf", {"lang": "fr", "easy_read": True}),
    ):
        path = out_dir / name
        service.render_pdf(case.reference, out=path, **kwargs)
        files.append(path)
    return files

