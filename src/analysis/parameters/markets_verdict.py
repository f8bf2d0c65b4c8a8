"""Parameters of the markets' verdict chapter (notebooks/06_markets_verdict.ipynb)."""

from pydantic import BaseModel, Field, ValidationInfo, field_validator


class MarketsVerdictParameters(BaseModel):
    """The event study's windows and test choices; defaults in params/default.yaml."""

    estimation_start_day: int = Field(
        ge=-1000, le=-2,
        description="First trading day of the market model's estimation window, relative to the event's "
        "day 0 (a choice: about one trading year before the event).",
    )
    estimation_end_day: int = Field(
        ge=-999, le=-2,
        description="Last trading day of the estimation window, relative to day 0 (a choice: a gap of about "
        "six weeks keeps pre-event drift and leaks out of the model). Must come before every event window.",
    )
    event_windows: list[tuple[int, int]] = Field(
        min_length=1, max_length=6,
        description="Event windows as [first, last] trading days around day 0 over which abnormal returns "
        "are cumulated (choices).",
    )
    main_event_window: tuple[int, int] = Field(
        description="The event window charted by event; one of event_windows (a choice).",
    )
    min_estimation_days: int = Field(
        ge=30, le=1000,
        description="Fewest clean trading days a market model may be estimated on (assumption); fewer "
        "stops the run.",
    )
    prediction_error_correction: bool = Field(
        description="true: the CAR's standard error includes the uncertainty of the estimated alpha and beta "
        "(prediction-error variance); false: sigma times the square root of the window length.",
    )
    significance_t: float = Field(
        gt=0, le=5,
        description="|t| above which a CAR is marked significant (a choice: 1.96, the two-sided 5% critical "
        "value of the normal distribution).",
    )

    @field_validator("estimation_end_day")
    @classmethod
    def _estimation_runs_forward(cls, last: int, info: ValidationInfo) -> int:
        first = info.data.get("estimation_start_day")
        if first is not None and first >= last:
            raise ValueError(f"must come after estimation_start_day ({first})")
        return last

    @field_validator("event_windows")
    @classmethod
    def _windows_run_forward_after_estimation(cls, windows: list[tuple[int, int]], info: ValidationInfo):
        for first, last in windows:
            if first > last or not -30 <= first <= 60 or not -30 <= last <= 60:
                raise ValueError(f"window [{first}, {last}] must run forward within days -30..60")
        estimation_end = info.data.get("estimation_end_day")
        first_day = min(first for first, _ in windows)
        if estimation_end is not None and estimation_end >= first_day:
            raise ValueError(f"day {first_day} is not after estimation_end_day ({estimation_end})")
        return windows

    @field_validator("main_event_window")
    @classmethod
    def _main_window_is_an_event_window(cls, window: tuple[int, int], info: ValidationInfo):
        windows = info.data.get("event_windows")
        if windows is not None and tuple(window) not in [tuple(w) for w in windows]:
            raise ValueError(f"[{window[0]}, {window[1]}] is not one of event_windows")
        return window
