"""The default consent texts, in plain English, for each purpose.

Marked ``D_`` so that they go to the *documents* catalog: they are printed and read in the
person's language. An organisation writes its own versions in the app (see
:mod:`counsel_app.consent.texts`); these are only the starting point.

Rules the texts follow: short sentences, "you" and "we", one idea per sentence, say what
happens if the person says no, say that they can change their mind at any time and that
saying no or changing their mind never takes away help they are entitled to (GCM 21(b):
prior, free and informed consent). ``{recipient}`` is filled with the recipient's name.
"""

from __future__ import annotations

from dataclasses import dataclass

from counsel_app.consent.purposes import Purpose
from counsel_app.i18n import D_


@dataclass(frozen=True)
class DefaultText:
    title: str
    body: str


#: Said once on every consent form, before the items.
FORM_INTRODUCTION = D_(
    "This form asks for your agreement to several separate things. You can say yes to "
    "some and no to others. Nobody may pressure you or promise you anything to make you "
    "agree. Saying no, or changing your mind later, will never be held against you and "
    "will not take away help you are entitled to. To change your mind, tell any member of "
    "our staff, at any time."
)

DEFAULT_TEXTS: dict[Purpose, DefaultText] = {
    Purpose.RETURN_DECISION: DefaultText(
        D_("My decision to return"),
        D_(
            "I have decided myself to return to my country. Nobody forced me or threatened "
            "me. I received information about the return, about the help I can get and "
            "about the situation where I will live, and I understood it. I know I can change "
            "my mind at any time before I travel. If I change my mind, this will not be held "
            "against me."
        ),
    ),
    Purpose.DATA_PROCESSING: DefaultText(
        D_("Using my personal information"),
        D_(
            "I agree that the organisation writes down and keeps information about me, so "
            "that it can help me return and plan my life after return. The information is "
            "kept locked and only staff who work on my case can see it. I can ask to see "
            "it and to correct it. I can stop this agreement at any time; the organisation "
            "will then use my information only where the law requires it."
        ),
    ),
    Purpose.SHARE_WITH_RECIPIENT: DefaultText(
        D_("Sharing my information with {recipient}"),
        D_(
            "I agree that my case and my reintegration plan are sent to {recipient} in my "
            "country, so that they can receive me and help me after I arrive. Only what is "
            "needed for this help is sent. Information about my asylum claim is never sent "
            "to the authorities of my country. If I say no, I can still return; the help "
            "after arrival may then be harder to arrange. I can stop this agreement at any "
            "time: nothing more will be sent."
        ),
    ),
    Purpose.SHARE_HEALTH_DATA: DefaultText(
        D_("Sharing information about my health"),
        D_(
            "I agree that information about my health is sent to the people who help me "
            "after return, only those I agreed to above, so that my treatment or care can "
            "continue. My health information is never sent without this separate "
            "agreement. I can say no and still get the other help. I can stop this "
            "agreement at any time."
        ),
    ),
    Purpose.FOLLOW_UP_CONTACT: DefaultText(
        D_("Being contacted after my return"),
        D_(
            "I agree that staff may contact me after I return, by phone or in person, to "
            "ask how I am and how the plan is going. I can say no and still get help. I can "
            "ask them to stop contacting me at any time."
        ),
    ),
    Purpose.KEEP_ID_DOCUMENTS: DefaultText(
        D_("Keeping copies of my documents and photo"),
        D_(
            "I agree that the organisation keeps copies of my identity documents and a "
            "photo of me, to arrange my travel and my help. The copies are kept locked and "
            "are deleted when they are no longer needed. I can say no; the organisation will "
            "then look at my documents without keeping copies. I can stop this agreement at "
            "any time."
        ),
    ),
    Purpose.SHARE_CONFIDENTIAL: DefaultText(
        D_("Telling {recipient} about what I told in confidence"),
        D_(
            "Some of what I told the counsellor is kept strictly confidential, for my "
            "safety. I agree that {recipient} is told about it, so that they can protect me "
            "and help me after I arrive. It is never sent to anyone else without my "
            "agreement for them. If I say no, {recipient} is not told, and I still get the "
            "other help. I can stop this agreement at any time: nothing more will be sent."
        ),
    ),
}
