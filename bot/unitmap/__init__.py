"""The unit map for HR (/rekap, `admin report`): the index per unit, lowest first; chart and XLSX."""
