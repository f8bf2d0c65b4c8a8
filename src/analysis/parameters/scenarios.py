"""Parameters of the scenario model (notebooks/07_scenarios.ipynb) and the claims check."""

from pydantic import BaseModel, Field, field_validator, model_validator

from analysis.distributions import DistributionSpec
from analysis.scenarios import INPUTS, METRICS, OPTIONS


class ScenarioParameters(BaseModel):
    seed: int = Field(ge=0, description="Seed of the Monte Carlo's random generator (same seed and inputs, same numbers).")
    n_draws: int = Field(ge=1_000, le=5_000_000, description="Number of Monte Carlo draws.")
    scenario_first_year: int = Field(ge=2025, le=2035, description="First calendar year of the scenarios.")
    scenario_last_year: int = Field(ge=2025, le=2040, description="Last calendar year of the scenarios.")
    tornado_option: str = Field(description=f"Option whose spread the tornado chart explains ({', '.join(OPTIONS)}).")
    tornado_metric: str = Field(description=f"Metric (summed over the years) the tornado explains ({', '.join(METRICS)}).")
    scenario_inputs: dict[str, DistributionSpec] = Field(
        description="The model's uncertain inputs: one distribution each, with unit, description and source."
    )
    claims_tolerance_pct: float = Field(
        ge=0, le=50, description="Claims check: how far (in %) evidence may sit from a claim and still support it."
    )

    @field_validator("scenario_inputs")
    @classmethod
    def _every_input_once(cls, value: dict) -> dict:
        unknown, missing = sorted(set(value) - set(INPUTS)), sorted(set(INPUTS) - set(value))
        problems = [f"unknown input {name!r}" for name in unknown] + [f"missing input {name!r}" for name in missing]
        if problems:
            raise ValueError("; ".join(problems) + f" (the model's inputs: {', '.join(INPUTS)})")
        return value

    @field_validator("tornado_option", "tornado_metric")
    @classmethod
    def _one_of_the_models_names(cls, value: str, info) -> str:
        allowed = OPTIONS if info.field_name == "tornado_option" else METRICS
        if value not in allowed:
            raise ValueError(f"must be one of {', '.join(allowed)}")
        return value

    @model_validator(mode="after")
    def _years_in_order(self):
        if self.scenario_last_year < self.scenario_first_year:
            raise ValueError("scenario_last_year is before scenario_first_year")
        return self
