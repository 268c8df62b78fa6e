// The midnight census job is defined here (see platform/jobs.ts).
export {};
