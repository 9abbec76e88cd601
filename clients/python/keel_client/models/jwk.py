from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="Jwk")


@_attrs_define
class Jwk:
    """
    Attributes:
        kid (str):
        x (str):
        y (str):
        kty (Literal['EC'] | Unset):  Default: 'EC'.
        crv (Literal['P-256'] | Unset):  Default: 'P-256'.
        alg (Literal['ES256'] | Unset):  Default: 'ES256'.
        use (Literal['sig'] | Unset):  Default: 'sig'.
    """

    kid: str
    x: str
    y: str
    kty: Literal["EC"] | Unset = "EC"
    crv: Literal["P-256"] | Unset = "P-256"
    alg: Literal["ES256"] | Unset = "ES256"
    use: Literal["sig"] | Unset = "sig"
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        kid = self.kid

        x = self.x

        y = self.y

        kty = self.kty

        crv = self.crv

        alg = self.alg

        use = self.use

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "kid": kid,
                "x": x,
                "y": y,
            }
        )
        if kty is not UNSET:
            field_dict["kty"] = kty
        if crv is not UNSET:
            field_dict["crv"] = crv
        if alg is not UNSET:
            field_dict["alg"] = alg
        if use is not UNSET:
            field_dict["use"] = use

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        kid = d.pop("kid")

        x = d.pop("x")

        y = d.pop("y")

        kty = cast(Literal["EC"] | Unset, d.pop("kty", UNSET))
        if kty != "EC" and not isinstance(kty, Unset):
            raise ValueError(f"kty must match const 'EC', got '{kty}'")

        crv = cast(Literal["P-256"] | Unset, d.pop("crv", UNSET))
        if crv != "P-256" and not isinstance(crv, Unset):
            raise ValueError(f"crv must match const 'P-256', got '{crv}'")

        alg = cast(Literal["ES256"] | Unset, d.pop("alg", UNSET))
        if alg != "ES256" and not isinstance(alg, Unset):
            raise ValueError(f"alg must match const 'ES256', got '{alg}'")

        use = cast(Literal["sig"] | Unset, d.pop("use", UNSET))
        if use != "sig" and not isinstance(use, Unset):
            raise ValueError(f"use must match const 'sig', got '{use}'")

        jwk = cls(
            kid=kid,
            x=x,
            y=y,
            kty=kty,
            crv=crv,
            alg=alg,
            use=use,
        )

        jwk.additional_properties = d
        return jwk

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
