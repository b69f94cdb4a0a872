// Figures for the charts screen (issue 7). Filled in by the charts module.
export const chartsMethods = {};
