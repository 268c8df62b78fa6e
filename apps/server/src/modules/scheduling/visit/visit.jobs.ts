// The visit jobs (defineJob at the top level) are being built.
export {};
