"""English: what the map and the team view rest on, the verified and the declared index (issue 13)."""

MESSAGES: dict[str, str] = {
    "basis.name.verified": "verified",
    "basis.name.declared": "as declared by employees",
    "basis.mean": "Mean index ({basis}): <b>{mean}</b> · {other}: {other_mean}",
    "basis.share": "Fully verified: {n} of {measured} results ({percent})",
    "basis.explain": (
        "<i>Verified = HR's official records and approved claims; as declared = including claims not yet "
        "reviewed. Fully verified = no indicator rests on a claim not yet reviewed.</i>"
    ),
    "basis.row_tail": "\n    {other} {other_mean} · fully verified {share}",
    "xlsx.col.mean_other": "Mean index ({other})",
    "xlsx.col.fully_verified": "Fully verified results",
    "xlsx.col.verified_share": "Share fully verified",
    "xlsx.col.total_other": "Score ({other})",
    "xlsx.col.member_fully_verified": "Fully verified",
    "xlsx.note.basis": "Index basis",
    "xlsx.note.rule_basis": (
        "Verified: official records and employees' approved claims. As declared: including claims not yet "
        "reviewed (rejected ones not). The main score and mean columns follow the index basis (setting "
        "INDEX_BASIS); the other has its own column."
    ),
}
