"""Hypothesis strategies for every petcare domain value, for the project's and embedders' tests.

Every strategy builds values a storage must accept and the domain rules consider valid: ids
are positive, text holds no NUL, surrogates or control characters (PostgreSQL refuses NUL),
times are timezone-aware UTC with microseconds, dates lie in 1990-2090, and custom form values
are canonical for their field. Arguments fix the ids a record points at, so that
``owners(facility_id=FacilityId(1))`` fits an existing facility; references to other records
(locations, breeds, vets, staff) are ``None`` unless candidate ids are given.
"""

from __future__ import annotations

from petcare_core.testing.strategies.catalog import (
    breeds,
    immunization_records,
    immunization_types,
    species,
    temperaments,
    vets,
)
from petcare_core.testing.strategies.forms import (
    custom_field_value,
    custom_field_values,
    form_definitions,
    form_fields,
)
from petcare_core.testing.strategies.households import (
    Household,
    animals,
    communication_preferences,
    custom_icons,
    employee_notes,
    incident_reports,
    owner_households,
    owners,
)
from petcare_core.testing.strategies.portal import (
    lead_submissions,
    password_reset_tokens,
    staff_notifications,
)
from petcare_core.testing.strategies.reservations import (
    actors,
    cancellation_policies,
    cancellations,
    price_lists,
    rates,
    reservation_lines,
    reservations,
    stays,
)
from petcare_core.testing.strategies.tenants import (
    addresses,
    api_keys,
    facilities,
    facility_settings,
    locations,
    portal_accounts,
    staff_users,
)
from petcare_core.testing.strategies.values import (
    CURRENCIES,
    MAX_DATE,
    MAX_ID,
    MIN_DATE,
    TIMEZONES,
    aware_datetimes,
    currencies,
    dates,
    emails,
    ids,
    money,
    names,
    phones,
    slugs,
    text,
)

__all__ = [
    "CURRENCIES",
    "MAX_DATE",
    "MAX_ID",
    "MIN_DATE",
    "TIMEZONES",
    "Household",
    "actors",
    "addresses",
    "animals",
    "api_keys",
    "aware_datetimes",
    "breeds",
    "cancellation_policies",
    "cancellations",
    "communication_preferences",
    "currencies",
    "custom_field_value",
    "custom_field_values",
    "custom_icons",
    "dates",
    "emails",
    "employee_notes",
    "facilities",
    "facility_settings",
    "form_definitions",
    "form_fields",
    "ids",
    "immunization_records",
    "immunization_types",
    "incident_reports",
    "lead_submissions",
    "locations",
    "money",
    "names",
    "owner_households",
    "owners",
    "password_reset_tokens",
    "phones",
    "portal_accounts",
    "price_lists",
    "rates",
    "reservation_lines",
    "reservations",
    "slugs",
    "species",
    "staff_notifications",
    "staff_users",
    "stays",
    "temperaments",
    "text",
    "vets",
]
