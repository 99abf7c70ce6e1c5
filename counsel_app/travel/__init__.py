"""The travel phase: travel documents, fitness to travel and escort, itinerary, reception
on arrival, the pre-departure checklist and the person's travel sheet (see docs/travel.md)."""
