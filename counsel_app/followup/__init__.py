"""Post-arrival work: arrival, plan refinement, follow-up visits with the RSS, closure."""
