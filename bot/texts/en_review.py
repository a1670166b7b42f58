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
    "review.approved": "✅ Approved — {name}: {claimed}",
    "review.rejected": "❌ Rejected — {name}: {claimed}\nReason: {reason}",
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
    "review.xlsx.what": "Claim review",
    "review.xlsx.sheet.claims": "Claims",
    "review.xlsx.sheet.siasn": "Update in SIASN",
    "review.xlsx.sheet.howto": "How to",
    "review.xlsx.kind.training": "Training",
    "review.xlsx.kind.skp": "Appraisal",
    "review.xlsx.kind.penalty": "Disciplinary penalty",
    "review.xlsx.kind.education": "Education",
    "review.xlsx.kind.position": "Position type",
    "review.xlsx.kind.no_skp": "No appraisal",
    "review.xlsx.kind.dispute": "Official record disputed",
    "review.xlsx.certificate_number": "Certificate no. {number}",
    "review.xlsx.file_in_telegram": "photo/PDF in Telegram (see /verifikasi)",
    "review.xlsx.howto.decision": "Decision column: approve, or reject; empty or skip = not decided (row skipped).",
    "review.xlsx.howto.reason": "Reason column: required to reject, at most {max} characters.",
    "review.xlsx.howto.all": (
        "Import: python -m bot admin review import FILE.xlsx. All or nothing: one row with a problem and nothing "
        "is written. Do not change the Claim ID and Version columns."
    ),
    "review.xlsx.howto.siasn": (
        "Sheet 'Update in SIASN': claims approved but not yet in the official data. Once SIASN is updated and "
        "imported again, they are closed and leave the list."
    ),
    "review.xlsx.summary": "approved {approved}, rejected {rejected}, skipped {skipped}",
    "review.xlsx.nothing_written": "Nothing written: fix the rows above and import again.",
    "review.xlsx.unknown_claim": "unknown claim id {id}",
    "review.xlsx.twice": "claim {id} is already on row {row}",
    "review.xlsx.bad_decision": "unknown decision {value!r} (approve, reject, or empty)",
    "review.xlsx.not_pending": "claim {id} is already {status}; it cannot be decided again",
    "review.xlsx.changed": "claim {id} changed since the export (another Version); export again",
    "review.xlsx.inactive": "claim {id}: the employee is no longer active",
    "review.xlsx.refused.decided": "claim {id} was decided by someone else while importing",
    "review.xlsx.refused.gone": "claim {id} changed while importing",
    "review.xlsx.refused.reason_missing": "claim {id}: no reason",
    "review.xlsx.refused.reason_too_long": "claim {id}: the reason is too long",
    "review.xlsx.exported": "{path}: {pending} claims waiting, {to_update} to update in SIASN",
    "cli.admin.review.help": "review claims in a spreadsheet (export, fill in the Decision column, import)",
    "cli.admin.review_export.help": "write the pending claims and the 'update in SIASN' list (.xlsx)",
    "cli.admin.review_import.help": "apply the Decision column of an exported workbook (all or nothing)",
    "cli.admin.review_unit.help": "only employees of this unit and below (code or name)",
}
