"""The session steps of the counselling itself: intake, screening, information, skills,
opportunities, decision. The manifest (:func:`counsel_app.areas.session_steps`) plugs them in."""
