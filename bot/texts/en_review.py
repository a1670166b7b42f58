"""English: reviewing claims (/verifikasi, the employee's notice, reviewer reminders; issue 13)."""

MESSAGES: dict[str, str] = {
    "cmd.verifikasi": "Review your staff's claims",
    "flow.review_reason": "the reason for a rejection",
    "review.not_reviewer": (
        "/verifikasi is for supervisors (with staff) and HR admins. You have no claims to review."
    ),
    "review.none": "No claims are waiting for your review. 👍",
    "review.end": (
        "No more claims after this one. Still waiting: {waiting} (including those you skipped). "
        "Send /verifikasi to start again from the oldest."
    ),
    "review.card": (
        "<b>Claim review</b> · waiting: {waiting}\n"
        "Employee: <b>{name}</b> (NIP {nip}) · {relation}\n"
        "Made: {date}\n\n"
        "Claim: <b>{claimed}</b>\n"
        "Official record: {official}{note}\n"
        "Evidence: {evidence}"
    ),
    "review.relation.direct": "direct report",
    "review.relation.below": "in your scope",
    "review.note": "\nEmployee's note: {note}",
    "review.evidence.attached": "attached above",
    "review.evidence.none": "none",
    "review.evidence_caption": "Evidence of {name}'s claim: {claimed}",
    "review.official.none": "nothing on record",
    "review.official.roster": "per the HR roster: {value}",
    "review.button.approve": "✅ Approve",
    "review.button.reject": "❌ Reject",
    "review.button.skip": "⏭ Skip",
    "review.button.write": "✍️ Write a reason",
    "review.button.back": "↩️ Back to the claim",
    "review.ask_reason": "Why is this claim rejected? Choose a reason, or write your own.\n\n<b>{claimed}</b> — {name}",
    "review.reason.evidence": "No evidence, or it cannot be read",
    "review.reason.mismatch": "Does not match the evidence or the records",
    "review.reason.duplicate": "Already on record (a duplicate)",
    "review.type_reason": "Write the reason for the rejection (at most {max} characters).\n\n<b>{claimed}</b> — {name}",
    "review.approved": "✅ Approved: {claimed} — {name}.",
    "review.rejected": "❌ Rejected: {claimed} — {name}. Reason: {reason}",
    "review.figure_changed": "{name}'s verified index: {before} → <b>{after}</b>.",
    "review.figure_same": "{name}'s verified index stays {after}.",
    "review.figure_none": "{name} has never assessed themselves; the index is computed at their next assessment.",
    "review.receipt": "Already saved: {decision}",
    "review.decided_by": "This claim was already decided by {who}: {status}. Nothing changed.",
    "review.withdrawn": "The employee has withdrawn this claim. Nothing changed.",
    "review.someone": "another reviewer",
    "review.status.verified": "approved",
    "review.status.rejected": "rejected",
    "review.status.withdrawn": "withdrawn",
    "review.refused.reason_missing": "No reason yet. Write the reason, or send /batal.",
    "review.refused.reason_too_long": "The reason is too long (at most {max} characters).",
    "claim.what.training": "{kind} «{title}», {jp} JP, ended {date}",
    "claim.what.skp": "appraisal {year}: {value}",
    "claim.what.penalty": "{level} disciplinary penalty from {date}",
    "claim.what.education": "education {value}",
    "claim.what.position": "position type {value}",
    "claim.what.no_skp": "no appraisal",
    "claim.what.dispute": "this record is wrong: {target}",
    "claim.what.gone": "(the record it refers to no longer exists)",
    "review.notice.verified": "✅ Your claim was approved by {who}: {claimed}.",
    "review.notice.rejected": (
        "❌ Your claim was rejected by {who}: {claimed}.\nReason: {reason}\n"
        "You may correct or withdraw this claim."
    ),
    "review.notice.figure": "\nYour verified index is now <b>{total}</b> — {category}.",
    "review.notice.reviewer": "your supervisor/HR",
    "review.reminder": (
        "⏳ <b>{count}</b> claim(s) of your staff have waited for your review for more than {days} days. "
        "Send /verifikasi to review them."
    ),
    "review.reminder.button": "Review now",
}
