"""The guided self-assessment (/asesmen), the result (/nilai) and its history (/riwayat)."""
