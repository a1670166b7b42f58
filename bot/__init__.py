"""ipasn-bot: the Telegram application around the IP ASN scoring engine."""
