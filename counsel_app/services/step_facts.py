"""Screening steps answered by a fact another area records (Qt-free).

Some of the steps the vulnerability screening requires are not a tick of their own but a
decision recorded elsewhere: "decision on a medical escort taken" *is* the escort decision
of the Departure step; "fitness to travel assessed" *is* its medical clearance;
"accompaniment throughout the journey arranged" *is* the child's accompanying adult on
every leg. Keeping a second tick beside them would let the two disagree, so the area that
owns the fact registers it here and everyone who asks whether a step is done asks
:func:`step_fact` first::

    from counsel_app.services.step_facts import StepFact, register_step_fact

    def _escort(ctx, case) -> StepFact:
        record = load(ctx, case)
        return StepFact(done=record.escort.kind != "", where="departure",
                        text=_("Escort: {kind}").format(...))

    register_step_fact("medical_escort", _escort)

A step with a registered fact is done exactly when the fact says so; the screening screen
shows it read-only with the fact's text and where it is recorded. Steps without a fact
keep their tick in the screening record.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from counsel_app.domain.case import Case


@dataclass(frozen=True)
class StepFact:
    done: bool
    #: translated, one line: what was recorded ("Medical escort: Dr Diallo, 12 Dec 2026")
    text: str = ""
    #: the session step key where it is recorded (e.g. "departure")
    where: str = ""


#: ``fact(ctx, case) -> StepFact`` for one screening step key
Fact = Callable[[Any, Case], StepFact]

_FACTS: dict[str, Fact] = {}


def register_step_fact(step_key: str, fact: Fact) -> Fact:
    """Make ``fact`` the answer to the screening step ``step_key`` (one owner per step)."""
    current = _FACTS.get(step_key)
    if current is not None and current is not fact:
        raise ValueError(f"screening step {step_key!r} already answered by {current!r}")
    _FACTS[step_key] = fact
    return fact


def has_fact(step_key: str) -> bool:
    _load()
    return step_key in _FACTS


def fact_keys() -> frozenset[str]:
    _load()
    return frozenset(_FACTS)


def step_fact(ctx, case: Case, step_key: str) -> StepFact | None:
    """The recorded fact that answers ``step_key`` for ``case``, or None when the step has
    no such fact (then its tick in the screening record decides)."""
    _load()
    fact = _FACTS.get(step_key)
    return fact(ctx, case) if fact is not None else None


def step_done(ctx, case: Case, step_key: str, screening) -> bool:
    """Whether a required step is done: its fact if it has one, else its tick in
    ``screening`` (a :class:`counsel_app.session.record.Screening`)."""
    answer = step_fact(ctx, case, step_key)
    if answer is not None:
        return answer.done
    state = screening.steps.get(step_key)
    return bool(state and state.done)


def _load() -> None:
    """The facts are registered by the areas' modules the manifest loads (the travel area's
    with its status guard, :func:`counsel_app.areas.guard_modules`)."""
    from counsel_app import plugins

    plugins.require_loaded(plugins.CORE, "screening step facts")
