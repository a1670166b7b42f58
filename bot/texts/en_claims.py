"""English: claims and their review, the two figures (issue 13)."""

MESSAGES: dict[str, str] = {
    # /asesmen: answers that differ from the official data
    "asm.stated": "Your statement: <b>{value}</b> (a claim; the official data is not changed).",
    "asm.skp_none_claimed": "no appraisal yet (on record: {recorded}, sent for review)",
    "asm.skp_later_counts": "{answer}; {counted} is scored, being more recent",
    "asm.skp_beside": " (on record: {recorded}; your answer is sent for verification)",
    # the two figures
    "result.verified_line": (
        "Verified: <b>{total}</b> — {category}. The index above follows your answers; the verified one counts "
        "only official records and approved claims."
    ),
    "result.pending_note": "{mark} = an indicator resting on a claim of yours not yet verified.",
    "result.if_verified": (
        "If your claims are approved, the verified index becomes <b>{total}</b> ({changes}); if rejected, it "
        "stays {verified}."
    ),
    "result.indicator_verified": "    ⏳ verified: {points}/{max}",
    "history.verified": " · verified {total}",
}
