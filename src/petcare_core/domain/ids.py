"""Typed identifiers.

Every identifier is a positive integer allocated by the storage adapter (``UnitOfWork.new_id``).
Integers, not UUIDs, because Gingr integrations read ids as small numeric strings (``"382"``)
and some parse them as numbers.
"""

from typing import NewType

FacilityId = NewType("FacilityId", int)
LocationId = NewType("LocationId", int)
StaffUserId = NewType("StaffUserId", int)
ApiKeyId = NewType("ApiKeyId", int)
OwnerId = NewType("OwnerId", int)
PortalAccountId = NewType("PortalAccountId", int)
AnimalId = NewType("AnimalId", int)
SpeciesId = NewType("SpeciesId", int)
BreedId = NewType("BreedId", int)
VetId = NewType("VetId", int)
TemperamentId = NewType("TemperamentId", int)
ImmunizationTypeId = NewType("ImmunizationTypeId", int)
ImmunizationRecordId = NewType("ImmunizationRecordId", int)
FormFieldId = NewType("FormFieldId", int)
LeadSubmissionId = NewType("LeadSubmissionId", int)
StaffNotificationId = NewType("StaffNotificationId", int)
PasswordResetTokenId = NewType("PasswordResetTokenId", int)
ReservationId = NewType("ReservationId", int)
ReservationTypeId = NewType("ReservationTypeId", int)
AdditionalServiceId = NewType("AdditionalServiceId", int)
LodgingId = NewType("LodgingId", int)
CapacityPoolId = NewType("CapacityPoolId", int)
AgreementId = NewType("AgreementId", int)
AgreementSignatureId = NewType("AgreementSignatureId", int)
EvaluationId = NewType("EvaluationId", int)
BookingOverrideId = NewType("BookingOverrideId", int)
