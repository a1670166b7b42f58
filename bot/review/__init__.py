"""/verifikasi: supervisors and HR review employees' claims in the chat (issue 13, item 4).

`render` writes the cards and reads their buttons, `handlers` talks to Telegram, `delivery` composes the
employee's notice of a decision and the reviewers' weekly reminder (kinds of the delivery engine). Who may
decide what, in which order and exactly once is `bot.claims.review`; the spreadsheet review for HR is
`bot.admin.review`.
"""
