"""HR broadcasts (/siaran): compose, audience, preview, confirm; an outbox sent by a paced worker."""
