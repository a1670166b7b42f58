"""What the bot holds about a person (/dataku) and deleting what they entered (/hapusdata), per UU 27/2022."""
