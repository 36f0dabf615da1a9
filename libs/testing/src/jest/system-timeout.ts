// System tests start several processes and inject faults; a hang still fails well inside CI's budget.
jest.setTimeout(120_000);
