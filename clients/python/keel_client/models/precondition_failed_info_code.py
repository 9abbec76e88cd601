from enum import StrEnum


class PreconditionFailedInfoCode(StrEnum):
    PRECONDITION_FAILED = "PRECONDITION_FAILED"

    def __str__(self) -> str:
        return str(self.value)
