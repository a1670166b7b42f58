"""The admin command line: roster and history imports, roles, invitations (link codes) and export."""
