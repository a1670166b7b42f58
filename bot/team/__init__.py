"""A supervisor's team summary (/tim): index, coverage, distribution, JP shortfall; chart and XLSX."""
